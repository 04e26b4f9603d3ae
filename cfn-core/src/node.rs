//! The untyped value tree every template is lowered to.
//!
//! Typed builders ([`crate::Value`], generated resources, the secure layer) produce [`Node`]s;
//! the JSON and YAML writers and readers in [`crate::format`] speak `Node` only. An intrinsic
//! function is a node of its own ([`Node::Fn`]) so that JSON (`{"Fn::Sub": …}`) and YAML
//! (`!Sub …`) are two spellings of one value.

use indexmap::IndexMap;

/// A mapping whose keys keep the order they were inserted in, so output is deterministic and
/// reads in the order the program wrote it.
pub type NodeMap = IndexMap<String, Node>;

/// One value in a template.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Node {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A whole number.
    Int(i64),
    /// A number with a fraction.
    Float(f64),
    /// A whole number past what `i64` holds (a 20-digit account of something, a 128-bit ID),
    /// kept as its decimal digits (with a leading `-` if negative) so that it is written back
    /// exactly as it was read.
    BigInt(String),
    /// A string.
    String(String),
    /// A list.
    List(Vec<Node>),
    /// A mapping.
    Map(NodeMap),
    /// An intrinsic function or condition reference, with its argument in the JSON long form
    /// (for `Fn::GetAtt` that is the two-element list `[resource, attribute]`).
    Fn(Function, Box<Node>),
}

impl Node {
    /// Builds an intrinsic node.
    pub fn call(function: Function, argument: Node) -> Node {
        Node::Fn(function, Box::new(argument))
    }

    /// A string node.
    pub fn string(s: impl Into<String>) -> Node {
        Node::String(s.into())
    }

    /// The string inside, if this is a string node.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// The mapping inside, if this is a mapping node.
    pub fn as_map(&self) -> Option<&NodeMap> {
        match self {
            Node::Map(m) => Some(m),
            _ => None,
        }
    }

    /// Visits this node and every node below it, parents first, in document order. Iterative:
    /// a value nested deeper than the stack allows is walked too.
    pub fn walk<'a>(&'a self, visit: &mut impl FnMut(&'a Node)) {
        let mut pending = vec![self];
        while let Some(node) = pending.pop() {
            visit(node);
            match node {
                Node::List(items) => pending.extend(items.iter().rev()),
                Node::Map(map) => pending.extend(map.values().rev()),
                Node::Fn(_, arg) => pending.push(arg),
                _ => {}
            }
        }
    }

    /// How many lists, mappings and intrinsics are nested in this node, itself included, as
    /// JSON writes it (an intrinsic is a mapping there): 0 for a scalar, 1 for `[1, 2]`, 2 for
    /// `{"Ref": …}` inside a list. Iterative, like [`Node::walk`].
    pub fn depth(&self) -> usize {
        let mut deepest = 0;
        let mut pending = vec![(self, 1)];
        while let Some((node, level)) = pending.pop() {
            match node {
                Node::List(items) => pending.extend(items.iter().map(|n| (n, level + 1))),
                Node::Map(map) => pending.extend(map.values().map(|n| (n, level + 1))),
                Node::Fn(_, arg) => pending.push((arg, level + 1)),
                _ => continue,
            }
            deepest = deepest.max(level);
        }
        deepest
    }
}

/// Frees a tree without recursion: the children of each node are moved onto a list on the heap
/// and dropped from there, so a value nested deeper than the thread's stack allows (one built in
/// a loop, or read by a reader without a depth limit) is freed without overflowing it.
///
/// Since `Node` implements `Drop`, its parts are taken out by value with [`Node::into_map`],
/// [`Node::into_list`], [`Node::into_string`] and [`Node::into_call`] (or `std::mem::take` on a
/// `&mut` match).
impl Drop for Node {
    fn drop(&mut self) {
        if !self.has_nested_children() {
            return;
        }
        let mut pending = Vec::new();
        self.move_children_to(&mut pending);
        while let Some(mut node) = pending.pop() {
            node.move_children_to(&mut pending);
        }
    }
}

impl Node {
    /// Whether a child of this node has children of its own (only then does dropping it recurse).
    fn has_nested_children(&self) -> bool {
        let nested = |n: &Node| matches!(n, Node::List(_) | Node::Map(_) | Node::Fn(..));
        match self {
            Node::List(items) => items.iter().any(nested),
            Node::Map(map) => map.values().any(nested),
            Node::Fn(_, arg) => nested(arg),
            _ => false,
        }
    }

    fn move_children_to(&mut self, pending: &mut Vec<Node>) {
        let containers = |n: &Node| matches!(n, Node::List(_) | Node::Map(_) | Node::Fn(..));
        match self {
            Node::List(items) => pending.extend(items.drain(..).filter(containers)),
            Node::Map(map) => pending.extend(map.drain(..).map(|(_, v)| v).filter(containers)),
            Node::Fn(_, arg) => pending.push(std::mem::take(&mut **arg)),
            _ => {}
        }
    }

    /// The mapping inside, or the node itself if it is not a mapping.
    pub fn into_map(mut self) -> Result<NodeMap, Node> {
        match &mut self {
            Node::Map(map) => Ok(std::mem::take(map)),
            _ => Err(self),
        }
    }

    /// The list inside, or the node itself if it is not a list.
    pub fn into_list(mut self) -> Result<Vec<Node>, Node> {
        match &mut self {
            Node::List(items) => Ok(std::mem::take(items)),
            _ => Err(self),
        }
    }

    /// The string inside, or the node itself if it is not a string.
    pub fn into_string(mut self) -> Result<String, Node> {
        match &mut self {
            Node::String(text) => Ok(std::mem::take(text)),
            _ => Err(self),
        }
    }

    /// The function and its argument, or the node itself if it is not an intrinsic.
    pub fn into_call(mut self) -> Result<(Function, Node), Node> {
        match &mut self {
            Node::Fn(function, arg) => Ok((*function, std::mem::take(&mut **arg))),
            _ => Err(self),
        }
    }
}

impl From<&str> for Node {
    fn from(s: &str) -> Node {
        Node::String(s.to_owned())
    }
}

impl From<String> for Node {
    fn from(s: String) -> Node {
        Node::String(s)
    }
}

impl From<bool> for Node {
    fn from(b: bool) -> Node {
        Node::Bool(b)
    }
}

impl From<i64> for Node {
    fn from(i: i64) -> Node {
        Node::Int(i)
    }
}

impl<T: Into<Node>> From<Vec<T>> for Node {
    fn from(items: Vec<T>) -> Node {
        Node::List(items.into_iter().map(Into::into).collect())
    }
}

/// The intrinsic functions and the condition reference, by their CloudFormation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Function {
    /// `Ref`
    Ref,
    /// `Fn::GetAtt`
    GetAtt,
    /// `Fn::Sub`
    Sub,
    /// `Fn::Join`
    Join,
    /// `Fn::Select`
    Select,
    /// `Fn::Split`
    Split,
    /// `Fn::If`
    If,
    /// `Fn::Equals`
    Equals,
    /// `Fn::And`
    And,
    /// `Fn::Or`
    Or,
    /// `Fn::Not`
    Not,
    /// `Fn::FindInMap`
    FindInMap,
    /// `Fn::ImportValue`
    ImportValue,
    /// `Fn::GetAZs`
    GetAZs,
    /// `Fn::Cidr`
    Cidr,
    /// `Fn::Base64`
    Base64,
    /// `Fn::Transform`
    Transform,
    /// `Fn::Length` (needs the `AWS::LanguageExtensions` transform)
    Length,
    /// `Fn::ToJsonString` (needs the `AWS::LanguageExtensions` transform)
    ToJsonString,
    /// `Condition`: a reference to a named condition inside another condition.
    Condition,
    /// `Fn::Contains` (in `Rules` only)
    Contains,
    /// `Fn::EachMemberEquals` (in `Rules` only)
    EachMemberEquals,
    /// `Fn::EachMemberIn` (in `Rules` only)
    EachMemberIn,
    /// `Fn::RefAll` (in `Rules` only)
    RefAll,
    /// `Fn::ValueOf` (in `Rules` only)
    ValueOf,
    /// `Fn::ValueOfAll` (in `Rules` only)
    ValueOfAll,
}

impl Function {
    /// Every function, for lookups.
    pub const ALL: [Function; 26] = [
        Function::Ref,
        Function::GetAtt,
        Function::Sub,
        Function::Join,
        Function::Select,
        Function::Split,
        Function::If,
        Function::Equals,
        Function::And,
        Function::Or,
        Function::Not,
        Function::FindInMap,
        Function::ImportValue,
        Function::GetAZs,
        Function::Cidr,
        Function::Base64,
        Function::Transform,
        Function::Length,
        Function::ToJsonString,
        Function::Condition,
        Function::Contains,
        Function::EachMemberEquals,
        Function::EachMemberIn,
        Function::RefAll,
        Function::ValueOf,
        Function::ValueOfAll,
    ];

    /// The key of the JSON long form: `Ref`, `Condition` or `Fn::…`.
    pub fn json_key(self) -> &'static str {
        match self {
            Function::Ref => "Ref",
            Function::GetAtt => "Fn::GetAtt",
            Function::Sub => "Fn::Sub",
            Function::Join => "Fn::Join",
            Function::Select => "Fn::Select",
            Function::Split => "Fn::Split",
            Function::If => "Fn::If",
            Function::Equals => "Fn::Equals",
            Function::And => "Fn::And",
            Function::Or => "Fn::Or",
            Function::Not => "Fn::Not",
            Function::FindInMap => "Fn::FindInMap",
            Function::ImportValue => "Fn::ImportValue",
            Function::GetAZs => "Fn::GetAZs",
            Function::Cidr => "Fn::Cidr",
            Function::Base64 => "Fn::Base64",
            Function::Transform => "Fn::Transform",
            Function::Length => "Fn::Length",
            Function::ToJsonString => "Fn::ToJsonString",
            Function::Condition => "Condition",
            Function::Contains => "Fn::Contains",
            Function::EachMemberEquals => "Fn::EachMemberEquals",
            Function::EachMemberIn => "Fn::EachMemberIn",
            Function::RefAll => "Fn::RefAll",
            Function::ValueOf => "Fn::ValueOf",
            Function::ValueOfAll => "Fn::ValueOfAll",
        }
    }

    /// The YAML short-form tag, without the `!`.
    pub fn yaml_tag(self) -> &'static str {
        let key = self.json_key();
        key.strip_prefix("Fn::").unwrap_or(key)
    }

    /// The function whose JSON key is `key`.
    pub fn from_json_key(key: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.json_key() == key)
    }

    /// The function whose YAML tag (without `!`) is `tag`.
    pub fn from_yaml_tag(tag: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.yaml_tag() == tag)
    }
}
