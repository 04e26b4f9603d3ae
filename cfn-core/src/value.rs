//! [`Value<T>`]: a property value that is either a literal `T` or an intrinsic function that
//! CloudFormation resolves to a `T`.
//!
//! Every generated property setter takes `impl Into<Value<T>>`, so a literal, a `Ref`, an
//! `Fn::GetAtt`, an `Fn::If` or an `Fn::Sub` all fit wherever CloudFormation accepts them,
//! integer and boolean properties included.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use crate::node::{Node, NodeMap};

/// A value CloudFormation resolves to a `T`: a literal or an intrinsic function.
///
/// `T` is a marker of what the value means (`String`, `i64`, `bool`, `f64`, `Vec<U>`,
/// [`Map<U>`], [`Json`], a generated property type or enum); the value itself is a [`Node`].
pub struct Value<T> {
    node: Node,
    kind: PhantomData<fn() -> T>,
}

impl<T> Value<T> {
    /// Wraps a node. Crate-internal: users reach values through literals and intrinsics.
    #[doc(hidden)]
    pub fn from_node(node: Node) -> Self {
        Value { node, kind: PhantomData }
    }

    /// The node this value lowers to.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Consumes the value, giving its node.
    pub fn into_node(self) -> Node {
        self.node
    }

    /// Reinterprets the value as another type. Crate-internal (used where CloudFormation
    /// itself converts, e.g. a `Number` parameter used as a string).
    pub(crate) fn cast<U>(self) -> Value<U> {
        Value::from_node(self.node)
    }
}

impl<T> Clone for Value<T> {
    fn clone(&self) -> Self {
        Value::from_node(self.node.clone())
    }
}

impl<T> fmt::Debug for Value<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.node.fmt(f)
    }
}

impl<T> PartialEq for Value<T> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

/// A type whose values can be written into a template as literals.
///
/// Implemented for the scalar types and for every generated property type and enum; the
/// blanket `From<T> for Value<T>` rests on it.
pub trait Literal {
    /// The node this literal lowers to.
    fn to_node(&self) -> Node;
}

impl<T: Literal> From<T> for Value<T> {
    fn from(literal: T) -> Self {
        Value::from_node(literal.to_node())
    }
}

impl Literal for String {
    fn to_node(&self) -> Node {
        Node::String(self.clone())
    }
}

impl Literal for bool {
    fn to_node(&self) -> Node {
        Node::Bool(*self)
    }
}

impl Literal for i64 {
    fn to_node(&self) -> Node {
        Node::Int(*self)
    }
}

impl Literal for f64 {
    fn to_node(&self) -> Node {
        if self.fract() == 0.0 && self.abs() < 9.0e15 { Node::Int(*self as i64) } else { Node::Float(*self) }
    }
}

impl From<&str> for Value<String> {
    fn from(s: &str) -> Self {
        Value::from_node(Node::String(s.to_owned()))
    }
}

impl From<&String> for Value<String> {
    fn from(s: &String) -> Self {
        Value::from_node(Node::String(s.clone()))
    }
}

macro_rules! integer_literals {
    ($($int:ty),*) => {$(
        impl From<$int> for Value<i64> {
            fn from(i: $int) -> Self {
                Value::from_node(Node::Int(i64::from(i)))
            }
        }
        impl From<$int> for Value<f64> {
            fn from(i: $int) -> Self {
                Value::from_node(Node::Int(i64::from(i)))
            }
        }
    )*};
}
integer_literals!(i32, u32, i16, u16, i8, u8);

impl From<f32> for Value<f64> {
    fn from(f: f32) -> Self {
        f64::from(f).into()
    }
}

impl<T> Value<T> {
    /// The value as free-form JSON, for a [`Json`] property. Any value fits one.
    pub fn into_json(self) -> Value<Json> {
        self.cast()
    }
}

impl Value<i64> {
    /// The whole number as a `Number` (`f64`) property value.
    pub fn into_number(self) -> Value<f64> {
        self.cast()
    }
}

impl Value<String> {
    /// A string-valued intrinsic (a parameter's `Ref`, an `Fn::FindInMap`) used where a
    /// generated enum is expected; CloudFormation checks the value when it deploys.
    pub fn into_enum<E: StringEnum>(self) -> Value<E> {
        self.cast()
    }
}

impl<T, V: Into<Value<T>>> From<Vec<V>> for Value<Vec<T>> {
    fn from(items: Vec<V>) -> Self {
        Value::from_node(Node::List(items.into_iter().map(|v| v.into().node).collect()))
    }
}

impl<T, V: Into<Value<T>>, const N: usize> From<[V; N]> for Value<Vec<T>> {
    fn from(items: [V; N]) -> Self {
        Value::from_node(Node::List(items.into_iter().map(|v| v.into().node).collect()))
    }
}

/// Marker for a string-keyed map property (`patternProperties` in the schema). Build one from a
/// `BTreeMap`, a `HashMap` (keys are sorted, so output stays deterministic) or an array of pairs.
pub struct Map<T>(PhantomData<fn() -> T>);

fn map_node<K: Into<String>, T, V: Into<Value<T>>>(pairs: impl IntoIterator<Item = (K, V)>) -> Node {
    Node::Map(pairs.into_iter().map(|(k, v)| (k.into(), v.into().node)).collect())
}

impl<K: Into<String>, T, V: Into<Value<T>>> From<BTreeMap<K, V>> for Value<Map<T>> {
    fn from(map: BTreeMap<K, V>) -> Self {
        Value::from_node(map_node(map))
    }
}

impl<K: Into<String> + Ord, T, V: Into<Value<T>>> From<HashMap<K, V>> for Value<Map<T>> {
    fn from(map: HashMap<K, V>) -> Self {
        let sorted: BTreeMap<K, V> = map.into_iter().collect();
        Value::from_node(map_node(sorted))
    }
}

impl<K: Into<String>, T, V: Into<Value<T>>, const N: usize> From<[(K, V); N]> for Value<Map<T>> {
    fn from(pairs: [(K, V); N]) -> Self {
        Value::from_node(map_node(pairs))
    }
}

impl<K: Into<String>, T, V: Into<Value<T>>> From<Vec<(K, V)>> for Value<Map<T>> {
    fn from(pairs: Vec<(K, V)>) -> Self {
        Value::from_node(map_node(pairs))
    }
}

/// Marker for a free-form JSON property (`"format": "json"` or an object/string union in the
/// schema). Build one from a string, a [`Node`], or a `serde_json::Value` (`serde_json::json!`;
/// feature `serde_json`, on by default in typed-cfn).
pub struct Json(PhantomData<()>);

#[cfg(feature = "serde_json")]
impl From<serde_json::Value> for Value<Json> {
    fn from(json: serde_json::Value) -> Self {
        Value::from_node(crate::format::node_from_json(json))
    }
}

impl From<Node> for Value<Json> {
    fn from(node: Node) -> Self {
        Value::from_node(node)
    }
}

impl From<NodeMap> for Value<Json> {
    fn from(map: NodeMap) -> Self {
        Value::from_node(Node::Map(map))
    }
}

impl From<&str> for Value<Json> {
    fn from(s: &str) -> Self {
        Value::from_node(Node::String(s.to_owned()))
    }
}

impl From<String> for Value<Json> {
    fn from(s: String) -> Self {
        Value::from_node(Node::String(s))
    }
}

impl From<bool> for Value<Json> {
    fn from(b: bool) -> Self {
        Value::from_node(Node::Bool(b))
    }
}

impl From<f64> for Value<Json> {
    fn from(f: f64) -> Self {
        Value::from_node(f.to_node())
    }
}

macro_rules! json_integer_literals {
    ($($int:ty),*) => {$(
        impl From<$int> for Value<Json> {
            fn from(i: $int) -> Self {
                Value::from_node(Node::Int(i64::from(i)))
            }
        }
    )*};
}
json_integer_literals!(i64, i32, u32, i16, u16, i8, u8);

/// A string enum generated from a schema's `enum` list. A string-valued intrinsic (a `Ref` of
/// a parameter, an `Fn::FindInMap`) fits where the enum is through [`Value::into_enum`].
pub trait StringEnum: Literal {
    /// The value CloudFormation expects.
    fn as_str(&self) -> &'static str;
}

// Conversions between different `Value<T>` types are methods, never `From` impls: with only
// the reflexive `From<Value<T>> for Value<T>`, the `T` of a generic intrinsic
// (`fns::condition_if`, `fns::select`) is inferred from the property it is passed to.
