"""Builds cfn-macros/data/iam-actions.txt: every IAM action AWS lists, with its canonical case
where AWS's API models give one.

Inputs (pinned, from PyPI):
  - cfn-lint 1.58.0 wheel: cfnlint/data/AdditionalSpecs/Policies.json (MIT-0): the action list,
    lower-cased, per service prefix.
  - botocore 1.44.5 wheel: botocore/data/<service>/<version>/service-2.json(.gz) (Apache-2.0):
    operation names, whose case is the canonical case of the action of the same name.

Output: one `prefix:Action` per line, sorted; an action no API model names (a permission-only
action such as `kms:ReEncryptFrom`) is written lower-cased and marked `~`, meaning its case is
not checked.

Usage: python3 make_iam_actions.py <unpacked cfn-lint wheel> <unpacked botocore wheel> > iam-actions.txt
"""
import glob
import gzip
import json
import os
import sys

cfnlint, botocore = sys.argv[1], sys.argv[2]
policies = json.load(open(os.path.join(cfnlint, "cfnlint/data/AdditionalSpecs/Policies.json")))

canonical = {}
for path in sorted(glob.glob(os.path.join(botocore, "botocore/data/*/*/service-2.json*"))):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt") as f:
        model = json.load(f)
    for name in model.get("operations", {}):
        canonical.setdefault(name.lower(), name)
# Permission-only actions whose case AWS documents (key policies use them).
for name in ["ReEncryptFrom", "ReEncryptTo", "GenerateDataKeyPairWithoutPlaintext"]:
    canonical.setdefault(name.lower(), name)

lines = []
for prefix, service in policies.items():
    for action in service.get("Actions", []):
        name = canonical.get(action.lower())
        lines.append(f"{prefix}:{name}" if name else f"~{prefix}:{action}")
print("\n".join(sorted(set(lines), key=lambda l: l.lstrip("~").lower())))
