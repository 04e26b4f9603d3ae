"""The reference reading of the corpus test (tests/corpus.rs): each file as cfn-lint 1.58.0
reads it (`cfnlint.decode.decode`: YAML 1.1 through PyYAML, short-form tags as `Fn::` maps,
JSON otherwise), printed as one JSON line per file: {"path", "value"} or {"path", "error"}.

With --yaml11, each file is instead read by plain PyYAML (YAML 1.1) with the short-form tags
turned into their long forms, as CloudFormation reads typed-cfn's YAML output."""

import datetime
import json
import sys

import yaml


def long_form(loader, tag_suffix, node):
    name = tag_suffix
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if name == "Ref" or name == "Condition":
        return {name: value}
    if name == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {"Fn::" + name: value}


class Yaml11(yaml.SafeLoader):
    pass


Yaml11.add_multi_constructor("!", long_form)


def read_yaml11(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Yaml11)


def read_cfn_lint(path):
    from cfnlint.decode import decode

    value, matches = decode(path)
    if matches:
        raise ValueError("; ".join(str(m) for m in matches))
    return value


def iso_date(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return repr(value)


def main():
    args = sys.argv[1:]
    reader = read_cfn_lint
    if args and args[0] == "--yaml11":
        reader = read_yaml11
        args = args[1:]
    # cfn-lint reads an unquoted `2010-09-09` as a date (YAML 1.1); CloudFormation takes the
    # template's format version and a policy's `Version` as that text: the date's ISO form.
    # In --yaml11 mode a date is a mistake of the writer and stays visible (`repr`).
    default = repr if reader is read_yaml11 else iso_date
    for path in args:
        try:
            line = json.dumps({"path": path, "value": reader(path)}, default=default)
        except Exception as e:  # noqa: BLE001 - every failure is reported for its file
            line = json.dumps({"path": path, "error": f"{type(e).__name__}: {e}"})
        print(line)


main()
