//! Which resource a value names: the one reader of references.
//!
//! CloudFormation lets a template name one of its resources in several ways; this module reads
//! them all, in one place, for every part of the crate that needs to know (the final-template
//! check, the routing of references between an app's stacks, the reading back of a written app,
//! the `DependsOn` a template does not need to repeat) and for the CLI:
//!
//! - `Ref X` — the resource's `Ref` value (or a parameter, or a pseudo parameter);
//! - `Fn::GetAtt [X, Attr]` and its dotted string form `Fn::GetAtt: X.Attr`;
//! - `Fn::Sub "${X}"` / `"${X.Attr}"`, with or without a variable map (a variable of the map
//!   stands for its value, which is read in turn);
//! - `Fn::ImportValue` of an export whose value the caller knows (an app's stacks).
//!
//! See "Intrinsic function reference"
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html>):
//! `Ref`, `Fn::GetAtt`, `Fn::Sub` and `Fn::ImportValue`.
//!
//! The reader sits below `template`: it knows nodes, and asks the template (or an app) what it
//! declares through [`Declarations`]. Its answer, [`Target`], has room for more ways of naming a
//! resource (by its name, ARN, alias or URL) and for "outside the template": callers match on
//! the variants they use and treat the rest as not known.

use cfn_grammar::sub::parse_sub;

use crate::node::{Function, Node};

/// How deep a value is followed through variable maps and exports before the reader gives up
/// (an export whose value imports itself).
const MAX_DEPTH: usize = 8;

/// How a value names a logical ID, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Form {
    /// `Ref X`.
    Ref,
    /// `Fn::GetAtt [X, Attr]` or `Fn::GetAtt: X.Attr`.
    GetAtt,
    /// `${X}` or `${X.Attr}` inside an `Fn::Sub` string.
    Sub,
}

/// One name a value mentions, as written: the logical ID (of a resource or a parameter, or a
/// pseudo parameter), the attribute if one is named, and how.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Mention<'n> {
    /// `X` of `Ref X`, `Fn::GetAtt X.Attr`, `${X.Attr}`.
    pub name: &'n str,
    /// `Attr` of `Fn::GetAtt X.Attr` or `${X.Attr}`; `None` for `Ref X` and `${X}`.
    pub attribute: Option<&'n str>,
    /// How it is written.
    pub form: Form,
}

impl Mention<'_> {
    /// Whether it names a pseudo parameter (`AWS::Region`, …).
    pub fn is_pseudo(&self) -> bool {
        self.name.starts_with("AWS::")
    }
}

/// What one value is, read as a reference, before the template is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Written<'n> {
    /// The whole value is `Ref X`, `Fn::GetAtt X.Attr`, or an `Fn::Sub` that is exactly `${X}` /
    /// `${X.Attr}` (after its variable map, if it has one, is applied).
    Names(Mention<'n>),
    /// `Fn::ImportValue` of a literal export name.
    Import(&'n str),
}

/// The reference `node` is as a whole, if it is one (see [`Written`]). A value that only
/// contains references (`Fn::Sub "${X.Arn}/prefix"`, `Fn::Join`) is not one: see [`mentions`].
pub fn written(node: &Node) -> Option<Written<'_>> {
    written_at(node, 0)
}

fn written_at(node: &Node, depth: usize) -> Option<Written<'_>> {
    if depth > MAX_DEPTH {
        return None;
    }
    match node {
        Node::Fn(Function::Ref, arg) => {
            Some(Written::Names(Mention { name: arg.as_str()?, attribute: None, form: Form::Ref }))
        }
        Node::Fn(Function::GetAtt, arg) => {
            let (name, attribute) = get_att(arg)?;
            Some(Written::Names(Mention { name, attribute: Some(attribute), form: Form::GetAtt }))
        }
        Node::Fn(Function::Sub, arg) => {
            let (text, variables) = match arg.as_ref() {
                Node::String(text) => (text.as_str(), None),
                Node::List(parts) => match parts.as_slice() {
                    [Node::String(text), Node::Map(variables)] => (text.as_str(), Some(variables)),
                    _ => return None,
                },
                _ => return None,
            };
            let inner = text.strip_prefix("${")?.strip_suffix('}')?;
            if inner.contains(['{', '}', '$']) || inner.starts_with('!') {
                return None;
            }
            let inner = inner.trim();
            if let Some(value) = variables.and_then(|v| v.get(inner)) {
                return written_at(value, depth + 1);
            }
            let (name, attribute) = match inner.split_once('.') {
                Some((name, attribute)) => (name, Some(attribute)),
                None => (inner, None),
            };
            Some(Written::Names(Mention { name, attribute, form: Form::Sub }))
        }
        Node::Fn(Function::ImportValue, arg) => Some(Written::Import(arg.as_str()?)),
        _ => None,
    }
}

/// `(X, Attr)` of `Fn::GetAtt`'s argument: `[X, Attr]` or `X.Attr`.
fn get_att(arg: &Node) -> Option<(&str, &str)> {
    match arg {
        Node::List(parts) => match parts.as_slice() {
            [Node::String(name), Node::String(attribute)] => Some((name, attribute)),
            _ => None,
        },
        Node::String(dotted) => dotted.split_once('.'),
        _ => None,
    }
}

/// Every name `node` mentions, anywhere in it, in order: each `Ref`, each `Fn::GetAtt`, and each
/// variable of an `Fn::Sub` string that its variable map does not define (the map's values are
/// read in turn). `${!Literal}` is text, not a variable.
pub fn mentions(node: &Node) -> Vec<Mention<'_>> {
    let mut found = Vec::new();
    collect(node, &mut found);
    found
}

fn collect<'n>(node: &'n Node, found: &mut Vec<Mention<'n>>) {
    match node {
        Node::Fn(Function::Ref, arg) => match arg.as_str() {
            Some(name) => found.push(Mention { name, attribute: None, form: Form::Ref }),
            None => collect(arg, found),
        },
        Node::Fn(Function::GetAtt, arg) => match get_att(arg) {
            Some((name, attribute)) => found.push(Mention { name, attribute: Some(attribute), form: Form::GetAtt }),
            // `Fn::GetAtt [X, !Ref AttributeName]`: the parts after the name may hold references.
            None => match arg.as_ref() {
                Node::List(parts) => parts.iter().skip(1).for_each(|part| collect(part, found)),
                other => collect(other, found),
            },
        },
        Node::Fn(Function::Sub, arg) => {
            let (text, variables) = match arg.as_ref() {
                Node::String(text) => (Some(text.as_str()), None),
                Node::List(parts) => match parts.as_slice() {
                    [Node::String(text), Node::Map(variables)] => (Some(text.as_str()), Some(variables)),
                    _ => {
                        parts.iter().for_each(|part| collect(part, found));
                        (None, None)
                    }
                },
                other => {
                    collect(other, found);
                    (None, None)
                }
            };
            if let Some(variables) = variables {
                variables.values().for_each(|value| collect(value, found));
            }
            if let Some(Ok(parsed)) = text.map(parse_sub) {
                for variable in parsed {
                    if variables.is_some_and(|map| map.contains_key(variable.name)) {
                        continue;
                    }
                    let (name, attribute) = match variable.name.split_once('.') {
                        Some((name, attribute)) => (name, Some(attribute)),
                        None => (variable.name, None),
                    };
                    found.push(Mention { name, attribute, form: Form::Sub });
                }
            }
        }
        Node::Fn(_, arg) => collect(arg, found),
        Node::List(items) => items.iter().for_each(|item| collect(item, found)),
        Node::Map(map) => map.values().for_each(|value| collect(value, found)),
        _ => {}
    }
}

/// What the reader asks of the template (or app) a value stands in.
pub trait Declarations {
    /// The type of resource `logical_id` (`AWS::SNS::Topic`), if it is declared.
    fn resource_type(&self, logical_id: &str) -> Option<&str>;

    /// Whether `name` is a declared parameter.
    fn has_parameter(&self, name: &str) -> bool;

    /// The value carried by the export named `name`, when the exporting stack is known (the
    /// stacks of an app). A lone template knows none.
    fn export(&self, _name: &str) -> Option<&Node> {
        None
    }
}

/// What a value is, of the resource it names: the identity model ([`crate::identity`]) says it
/// for a value written any way AWS accepts (a built ARN, a literal name, an alias, a URL).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum As {
    /// Its ARN.
    Arn,
    /// Its name (the name property's value, or the one CloudFormation generates).
    Name,
    /// Its `Ref` value when that is neither its name, ARN nor URL (a key's ID, a generated ID).
    Id,
    /// A queue's URL.
    Url,
    /// A key's alias, `alias/<name>` (an `AWS::KMS::Alias` of the template targets the key).
    AliasName,
    /// A key's alias ARN, `arn:…:kms:<region>:<account>:alias/<name>`.
    AliasArn,
    /// A bucket's global domain name, `<name>.s3.amazonaws.com`.
    DomainName,
    /// A bucket's regional domain name, `<name>.s3.<region>.amazonaws.com`.
    RegionalDomainName,
    /// A bucket's dual-stack domain name, `<name>.s3.dualstack.<region>.amazonaws.com`.
    DualStackDomainName,
    /// Another attribute (`Fn::GetAtt <id>.<attribute>`).
    Attribute(String),
}

impl As {
    /// How a person says it: "its ARN", "its URL".
    pub fn what(&self) -> String {
        match self {
            As::Arn => "its ARN".to_owned(),
            As::Name => "its name".to_owned(),
            As::Id => "its ID".to_owned(),
            As::Url => "its URL".to_owned(),
            As::AliasName => "an alias name".to_owned(),
            As::AliasArn => "an alias ARN".to_owned(),
            As::DomainName => "its domain name".to_owned(),
            As::RegionalDomainName => "its regional domain name".to_owned(),
            As::DualStackDomainName => "its dual-stack domain name".to_owned(),
            As::Attribute(attribute) => format!("its attribute `{attribute}`"),
        }
    }
}

/// How a value names a resource.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum By {
    /// `Ref X` (its `Ref` value: a topic's ARN, a queue's URL, a bucket's name, a key's ID).
    Ref,
    /// `Fn::GetAtt X.Attr`, either form.
    GetAtt,
    /// `${X}` or `${X.Attr}` of an `Fn::Sub`.
    Sub,
    /// `Fn::ImportValue` of the export named `export`, whose value names the resource.
    Import {
        /// The export's name.
        export: String,
    },
    /// Its value, however written (an ARN built with `Fn::Sub` or `Fn::Join` from its name, a
    /// literal name, a parameter's default, an alias): what the identity model found it is.
    Value(As),
}

/// A resource a value names, and which of its values.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ResourceRef {
    /// The resource's logical ID.
    pub logical_id: String,
    /// The attribute named (`Arn`); `None` for the resource's `Ref` value.
    pub attribute: Option<String>,
    /// How the value names it.
    pub by: By,
}

impl ResourceRef {
    /// Whether it names the attribute `attribute` (`Some("Arn")`) or the `Ref` value (`None`).
    pub fn is(&self, attribute: Option<&str>) -> bool {
        self.attribute.as_deref() == attribute
    }
}

/// What a value names, with the template asked.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// A resource of the template.
    Resource(ResourceRef),
    /// A parameter of the template.
    Parameter(String),
    /// A pseudo parameter (`AWS::Region`).
    Pseudo(String),
    /// `Fn::ImportValue` of an export no known stack makes.
    Import(String),
    /// No resource of the template: the value's text is known and none has it (another
    /// account's ARN, a name the template does not create).
    Outside,
    /// The reader cannot tell: literal text, a name the template does not declare, a value
    /// computed by another function (`Fn::If`, `Fn::Join`, `Fn::Select`).
    Unknown,
}

impl Target {
    /// The resource it names, if any.
    pub fn resource(&self) -> Option<&ResourceRef> {
        match self {
            Target::Resource(resource) => Some(resource),
            _ => None,
        }
    }
}

/// What `node` names in `declared`: a resource (with its attribute), a parameter, a pseudo
/// parameter, an unresolved import, or [`Target::Unknown`].
pub fn target(declared: &(impl Declarations + ?Sized), node: &Node) -> Target {
    target_at(declared, node, None, 0)
}

fn target_at(declared: &(impl Declarations + ?Sized), node: &Node, import: Option<&str>, depth: usize) -> Target {
    if depth > MAX_DEPTH {
        return Target::Unknown;
    }
    match written(node) {
        Some(Written::Names(mention)) => {
            if declared.resource_type(mention.name).is_some() {
                let by = match (import, mention.form) {
                    (Some(export), _) => By::Import { export: export.to_owned() },
                    (None, Form::Ref) => By::Ref,
                    (None, Form::GetAtt) => By::GetAtt,
                    (None, Form::Sub) => By::Sub,
                };
                Target::Resource(ResourceRef {
                    logical_id: mention.name.to_owned(),
                    attribute: mention.attribute.map(str::to_owned),
                    by,
                })
            } else if mention.attribute.is_none() && declared.has_parameter(mention.name) {
                Target::Parameter(mention.name.to_owned())
            } else if mention.attribute.is_none() && mention.is_pseudo() {
                Target::Pseudo(mention.name.to_owned())
            } else {
                Target::Unknown
            }
        }
        Some(Written::Import(export)) => match declared.export(export) {
            Some(value) => target_at(declared, value, Some(import.unwrap_or(export)), depth + 1),
            None => Target::Import(export.to_owned()),
        },
        None => Target::Unknown,
    }
}

/// The resource of type `resource_type` that `node` names, if it names one.
pub fn resource_of_type(
    declared: &(impl Declarations + ?Sized),
    node: &Node,
    resource_type: &str,
) -> Option<ResourceRef> {
    match target(declared, node) {
        Target::Resource(resource) if declared.resource_type(&resource.logical_id) == Some(resource_type) => {
            Some(resource)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::NodeMap;

    struct Stack {
        resources: Vec<(&'static str, &'static str)>,
        parameters: Vec<&'static str>,
        exports: Vec<(&'static str, Node)>,
    }

    impl Declarations for Stack {
        fn resource_type(&self, logical_id: &str) -> Option<&str> {
            self.resources.iter().find(|(id, _)| *id == logical_id).map(|(_, t)| *t)
        }
        fn has_parameter(&self, name: &str) -> bool {
            self.parameters.contains(&name)
        }
        fn export(&self, name: &str) -> Option<&Node> {
            self.exports.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
        }
    }

    fn stack() -> Stack {
        Stack {
            resources: vec![("Topic", "AWS::SNS::Topic"), ("Queue", "AWS::SQS::Queue")],
            parameters: vec!["Env"],
            exports: vec![
                ("shared-queue-arn", get_att(&["Queue", "Arn"])),
                ("loop", Node::call(Function::ImportValue, Node::string("loop"))),
            ],
        }
    }

    fn r(name: &str) -> Node {
        Node::call(Function::Ref, Node::string(name))
    }

    fn get_att(parts: &[&str]) -> Node {
        Node::call(Function::GetAtt, Node::List(parts.iter().map(|p| Node::string(*p)).collect()))
    }

    fn sub(text: &str) -> Node {
        Node::call(Function::Sub, Node::string(text))
    }

    fn sub_with(text: &str, variables: &[(&str, Node)]) -> Node {
        let map: NodeMap = variables.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect();
        Node::call(Function::Sub, Node::List(vec![Node::string(text), Node::Map(map)]))
    }

    fn resource(id: &str, attribute: Option<&str>, by: By) -> Target {
        Target::Resource(ResourceRef { logical_id: id.to_owned(), attribute: attribute.map(str::to_owned), by })
    }

    #[test]
    fn every_form_names_the_same_resource() {
        let s = stack();
        assert_eq!(target(&s, &r("Topic")), resource("Topic", None, By::Ref));
        assert_eq!(target(&s, &get_att(&["Queue", "Arn"])), resource("Queue", Some("Arn"), By::GetAtt));
        let dotted = Node::call(Function::GetAtt, Node::string("Queue.Arn"));
        assert_eq!(target(&s, &dotted), resource("Queue", Some("Arn"), By::GetAtt));
        assert_eq!(target(&s, &sub("${Topic}")), resource("Topic", None, By::Sub));
        assert_eq!(target(&s, &sub("${Queue.Arn}")), resource("Queue", Some("Arn"), By::Sub));
        // A variable of the map stands for its value.
        assert_eq!(
            target(&s, &sub_with("${Q}", &[("Q", get_att(&["Queue", "Arn"]))])),
            resource("Queue", Some("Arn"), By::GetAtt)
        );
        // A map that does not define the variable leaves it a logical ID.
        assert_eq!(target(&s, &sub_with("${Topic}", &[("Other", r("Env"))])), resource("Topic", None, By::Sub));
        // An app's export, read through its value.
        let import = Node::call(Function::ImportValue, Node::string("shared-queue-arn"));
        assert_eq!(
            target(&s, &import),
            resource("Queue", Some("Arn"), By::Import { export: "shared-queue-arn".to_owned() })
        );
    }

    #[test]
    fn what_is_not_a_resource_of_the_template() {
        let s = stack();
        assert_eq!(target(&s, &r("Env")), Target::Parameter("Env".to_owned()));
        assert_eq!(target(&s, &r("AWS::Region")), Target::Pseudo("AWS::Region".to_owned()));
        assert_eq!(target(&s, &r("Elsewhere")), Target::Unknown);
        assert_eq!(target(&s, &Node::string("arn:aws:sns:us-east-1:123456789012:t")), Target::Unknown);
        // A reference inside longer text is not the value.
        assert_eq!(target(&s, &sub("${Queue.Arn}/x")), Target::Unknown);
        assert_eq!(target(&s, &sub("${!Topic}")), Target::Unknown);
        let unknown = Node::call(Function::ImportValue, Node::string("not-exported"));
        assert_eq!(target(&s, &unknown), Target::Import("not-exported".to_owned()));
        // An export that imports itself ends.
        assert_eq!(target(&s, &Node::call(Function::ImportValue, Node::string("loop"))), Target::Unknown);
        assert_eq!(resource_of_type(&s, &r("Topic"), "AWS::SQS::Queue"), None);
        assert!(resource_of_type(&s, &r("Topic"), "AWS::SNS::Topic").is_some());
    }

    #[test]
    fn mentions_are_every_name_in_a_value() {
        let value = Node::List(vec![
            r("Topic"),
            sub_with("${Queue.Arn}/${Prefix}/${AWS::Region}/${!Literal}", &[("Prefix", r("Env"))]),
            Node::call(Function::GetAtt, Node::List(vec![Node::string("Queue"), r("AttributeName")])),
        ]);
        let found: Vec<(&str, Option<&str>, Form)> =
            mentions(&value).iter().map(|m| (m.name, m.attribute, m.form)).collect();
        assert_eq!(
            found,
            [
                ("Topic", None, Form::Ref),
                ("Env", None, Form::Ref),
                ("Queue", Some("Arn"), Form::Sub),
                ("AWS::Region", None, Form::Sub),
                ("AttributeName", None, Form::Ref),
            ]
        );
    }
}
