//! Handles: what adding something to a template gives back, and the only way to `Ref` or
//! `Fn::GetAtt` it. A handle names a logical ID that the template holds, never a free string.

use std::fmt;
use std::marker::PhantomData;

use crate::node::{Function, Node};
use crate::value::Value;

/// A resource of type `R` in a template. Typed `Fn::GetAtt` accessors (`key.arn()`) are
/// generated on `Handle<R>` from the schema's read-only properties.
pub struct Handle<R> {
    logical_id: String,
    resource: PhantomData<fn() -> R>,
}

impl<R> Handle<R> {
    pub(crate) fn new(logical_id: &str) -> Self {
        Handle { logical_id: logical_id.to_owned(), resource: PhantomData }
    }

    /// The logical ID.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }

    /// `Fn::GetAtt` of a named attribute. Crate-internal: generated accessors call it with the
    /// names the schema lists.
    pub(crate) fn get_att<T>(&self, attribute: &str) -> Value<T> {
        Value::from_node(get_att_node(&self.logical_id, attribute))
    }
}

impl<R: crate::refs::Referable> Handle<R> {
    /// `Ref` to the resource: what it returns depends on the type, and is typed when other
    /// resources name it by that value (a key's ID, a bucket's name, a queue's URL:
    /// [`Attr`](crate::refs::Attr)); a plain `Value<String>` otherwise.
    pub fn reference(&self) -> R::Ref {
        crate::refs::RefValue::from_ref(ref_node(&self.logical_id))
    }
}

impl<R> Clone for Handle<R> {
    fn clone(&self) -> Self {
        Handle::new(&self.logical_id)
    }
}

impl<R> PartialEq for Handle<R> {
    fn eq(&self, other: &Self) -> bool {
        self.logical_id == other.logical_id
    }
}

impl<R> Eq for Handle<R> {}

impl<R> fmt::Debug for Handle<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.logical_id)
    }
}

/// A parameter of value type `T` in a template.
pub struct ParameterHandle<T> {
    logical_id: String,
    kind: PhantomData<fn() -> T>,
}

impl<T> ParameterHandle<T> {
    pub(crate) fn new(logical_id: &str) -> Self {
        ParameterHandle { logical_id: logical_id.to_owned(), kind: PhantomData }
    }

    /// The logical ID.
    pub fn logical_id(&self) -> &str {
        &self.logical_id
    }

    /// `Ref` to the parameter: its value.
    pub fn reference(&self) -> Value<T> {
        Value::from_node(ref_node(&self.logical_id))
    }
}

impl<T> Clone for ParameterHandle<T> {
    fn clone(&self) -> Self {
        ParameterHandle::new(&self.logical_id)
    }
}

impl<T> fmt::Debug for ParameterHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ParameterHandle({})", self.logical_id)
    }
}

/// A named condition in a template's `Conditions` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionHandle {
    name: String,
}

impl ConditionHandle {
    pub(crate) fn new(name: &str) -> Self {
        ConditionHandle { name: name.to_owned() }
    }

    /// The condition's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// A named mapping in a template's `Mappings` section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MappingHandle {
    name: String,
}

impl MappingHandle {
    pub(crate) fn new(name: &str) -> Self {
        MappingHandle { name: name.to_owned() }
    }

    /// The mapping's name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// Anything `DependsOn` can name: a resource handle of any type.
pub trait DependencyTarget {
    /// The logical ID depended on.
    fn dependency_id(&self) -> &str;
}

impl<R> DependencyTarget for Handle<R> {
    fn dependency_id(&self) -> &str {
        &self.logical_id
    }
}

pub(crate) fn ref_node(logical_id: &str) -> Node {
    Node::call(Function::Ref, Node::string(logical_id))
}

pub(crate) fn get_att_node(logical_id: &str, attribute: &str) -> Node {
    Node::call(Function::GetAtt, Node::List(vec![Node::string(logical_id), Node::string(attribute)]))
}
