//! Handles: what adding something to a template gives back, and the only way to `Ref` or
//! `Fn::GetAtt` it. A handle names a logical ID that the template holds, never a free string.

use std::fmt;
use std::marker::PhantomData;

use crate::node::{Function, Node};
use crate::value::Value;

/// A resource of type `R` in a template.
///
/// Its typed `Fn::GetAtt` accessors (`key.arn()`, `queue.queue_url()`) are methods of
/// `R::Attributes` (generated from the schema's read-only properties: [`HasAttributes`]),
/// which a handle dereferences to.
pub struct Handle<R: HasAttributes> {
    attributes: R::Attributes,
}

impl<R: HasAttributes> Handle<R> {
    /// A handle to `logical_id`: a template gives handles to what it holds (`Template::add`), and
    /// the constructs of `cfn-model` to the parts they add (`__private::handle`).
    pub(crate) fn new(logical_id: &str) -> Self {
        Handle { attributes: R::Attributes::at(LogicalId(logical_id.to_owned())) }
    }

    /// The logical ID.
    pub fn logical_id(&self) -> &str {
        self.attributes.logical_id().as_str()
    }

    /// `Fn::GetAtt` of a named attribute: the constructs call it (`__private::get_att`) with the
    /// names the schemas list; typed code reads the attributes' accessors.
    pub(crate) fn get_att<T>(&self, attribute: &str) -> Value<T> {
        self.attributes.logical_id().get_att(attribute)
    }
}

impl<R: HasAttributes + crate::refs::Referable> Handle<R> {
    /// `Ref` to the resource: what it returns depends on the type, and is typed when other
    /// resources name it by that value (a key's ID, a bucket's name, a queue's URL:
    /// [`Attr`](crate::refs::Attr)); a plain `Value<String>` otherwise.
    pub fn reference(&self) -> R::Ref {
        crate::refs::RefValue::from_ref(ref_node(self.logical_id()))
    }
}

impl<R: HasAttributes> std::ops::Deref for Handle<R> {
    type Target = R::Attributes;

    /// The attributes of `R`: `key.arn()` is `KeyAttributes::arn`.
    fn deref(&self) -> &R::Attributes {
        &self.attributes
    }
}

impl<R: HasAttributes> Clone for Handle<R> {
    fn clone(&self) -> Self {
        Handle::new(self.logical_id())
    }
}

impl<R: HasAttributes> PartialEq for Handle<R> {
    fn eq(&self, other: &Self) -> bool {
        self.logical_id() == other.logical_id()
    }
}

impl<R: HasAttributes> Eq for Handle<R> {}

impl<R: HasAttributes> fmt::Debug for Handle<R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Handle({})", self.logical_id())
    }
}

/// A type a template holds by a [`Handle`], and what that handle offers besides its logical ID:
/// every resource type implements it (generated types with `<Type>Attributes`, whose methods
/// are the type's `Fn::GetAtt` attributes; a type without attributes with [`NoAttributes`]).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a resource type a template holds by a handle",
    label = "not a resource type",
    note = "handles are to generated types from `typed_cfn::resources::<service>`, the secure constructs, and `RawResource` (added with `template.add_raw(…)`)"
)]
pub trait HasAttributes {
    /// The type a `Handle<Self>` dereferences to.
    type Attributes: AttributeSet;
}

/// The attributes of a handle's type: built on the logical ID the handle holds. Implemented by
/// the generated `<Type>Attributes` types and [`NoAttributes`].
pub trait AttributeSet {
    /// The attributes of the resource `logical_id`.
    #[doc(hidden)]
    fn at(logical_id: LogicalId) -> Self;

    /// The logical ID they read.
    #[doc(hidden)]
    fn logical_id(&self) -> &LogicalId;
}

/// The logical ID a handle holds, from which its attributes are read. Not part of the API, and
/// neither built nor cloned outside this crate: a program cannot make the attributes of a type
/// (`RoleArn<S>` from a role's) for a resource it did not add as that type.
#[doc(hidden)]
#[derive(Debug, PartialEq, Eq)]
pub struct LogicalId(String);

impl LogicalId {
    /// The ID.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `Fn::GetAtt` of `attribute`, as a value.
    pub fn get_att<T>(&self, attribute: &str) -> Value<T> {
        Value::from_node(get_att_node(&self.0, attribute))
    }

    /// `Fn::GetAtt` of `attribute`, as a node.
    pub fn get_att_node(&self, attribute: &str) -> Node {
        get_att_node(&self.0, attribute)
    }

    /// `Ref`, as a node.
    pub fn ref_node(&self) -> Node {
        ref_node(&self.0)
    }
}

/// What a handle to a type without `Fn::GetAtt` attributes dereferences to: nothing besides the
/// handle's own methods (`logical_id`, `reference`).
#[derive(Debug, PartialEq, Eq)]
pub struct NoAttributes(LogicalId);

impl AttributeSet for NoAttributes {
    fn at(logical_id: LogicalId) -> Self {
        NoAttributes(logical_id)
    }

    fn logical_id(&self) -> &LogicalId {
        &self.0
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

impl<R: HasAttributes> DependencyTarget for Handle<R> {
    fn dependency_id(&self) -> &str {
        self.logical_id()
    }
}

/// `Ref` of `logical_id`. Not part of the API.
#[doc(hidden)]
pub fn ref_node(logical_id: &str) -> Node {
    Node::call(Function::Ref, Node::string(logical_id))
}

/// `Fn::GetAtt` of `logical_id`'s `attribute`.
fn get_att_node(logical_id: &str, attribute: &str) -> Node {
    Node::call(Function::GetAtt, Node::List(vec![Node::string(logical_id), Node::string(attribute)]))
}
