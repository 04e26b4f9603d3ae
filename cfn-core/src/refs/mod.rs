//! Typed references: values that name another resource, typed by what they name.
//!
//! A handle's accessors give an [`Attr<T, K>`]: the value of kind `K` (an ARN, an ID, a name, a
//! URL, …) of a resource of type `T` (a marker in [`target`]): `queue.arn()` is an
//! `Attr<target::sqs::Queue, kind::Arn>`, `queue.queue_url()` an
//! `Attr<target::sqs::Queue, kind::QueueUrl>`. Wherever a plain string goes (`Fn::Sub`, tags,
//! outputs, a property that names nothing) an `Attr` goes too: it converts into `Value<String>`.
//!
//! A generated setter of a property that names another resource takes only the kinds AWS's
//! service specification lists for it ([`Takes`]): an SNS topic's `KmsMasterKeyId` takes a key's
//! ARN or ID, or an alias's name; a Lambda function's `Role` takes a role's ARN. Anything else
//! does not compile, and the message lists what the property takes. A value from outside the
//! template (an ARN written out, a parameter) says what it is: [`Attr::external`].
//!
//! Which properties are typed, and why the others are not: `docs/typed-references-coverage.md`.

use std::fmt;
use std::marker::PhantomData;

use crate::node::Node;
use crate::value::Value;

#[rustfmt::skip]
mod targets;

pub use targets::kind;
/// Markers of the resource types other resources name, by service (`target::kms::Key`).
pub use targets::target;

/// The value of kind `K` of a resource of type `T`: `Attr<target::kms::Key, kind::Arn>` is a
/// key's ARN. It converts into a plain `Value<String>` wherever one is taken.
pub struct Attr<T, K> {
    node: Node,
    kind: PhantomData<fn() -> (T, K)>,
}

impl<T, K> Attr<T, K> {
    #[doc(hidden)]
    pub fn from_node(node: Node) -> Self {
        Attr { node, kind: PhantomData }
    }

    /// A value from outside the template that says what it is: an ARN written out, a
    /// parameter's `Ref`, an `Fn::ImportValue`. Nothing checks that the string is what it claims:
    /// the typing is a statement of intent the reader can see.
    ///
    /// ```
    /// # #[cfg(feature = "sns")] {
    /// use cfn_model::refs::{Attr, kind, target};
    /// use cfn_model::resources::sns::Topic;
    ///
    /// let key = Attr::<target::kms::Key, kind::Arn>::external("arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab");
    /// let _topic = Topic::new().kms_master_key_id(key);
    /// # }
    /// ```
    pub fn external(value: impl Into<Value<String>>) -> Self {
        Attr::from_node(value.into().into_node())
    }

    /// The node this value lowers to.
    pub fn node(&self) -> &Node {
        &self.node
    }

    /// Consumes the value, giving its node.
    pub fn into_node(self) -> Node {
        self.node
    }

    /// The value as JSON, for a policy document or a custom resource.
    pub fn into_json(self) -> Value<crate::value::Json> {
        Value::from_node(self.node)
    }

    /// The same value as a plain string value.
    pub fn into_value(self) -> Value<String> {
        Value::from_node(self.node)
    }
}

impl<T, K> From<Attr<T, K>> for Value<String> {
    fn from(attr: Attr<T, K>) -> Self {
        attr.into_value()
    }
}

impl<T, K> From<&Attr<T, K>> for Value<String> {
    fn from(attr: &Attr<T, K>) -> Self {
        Value::from_node(attr.node.clone())
    }
}

impl<T, K> From<Attr<T, K>> for Value<crate::value::Json> {
    fn from(attr: Attr<T, K>) -> Self {
        Value::from_node(attr.node)
    }
}

impl<T, K> Clone for Attr<T, K> {
    fn clone(&self) -> Self {
        Attr::from_node(self.node.clone())
    }
}

impl<T, K> PartialEq for Attr<T, K> {
    fn eq(&self, other: &Self) -> bool {
        self.node == other.node
    }
}

impl<T, K> fmt::Debug for Attr<T, K> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Attr<{}, {}>({:?})", short::<T>(), short::<K>(), self.node)
    }
}

fn short<X>() -> &'static str {
    let name = std::any::type_name::<X>();
    name.rsplit("::").next().unwrap_or(name)
}

/// What a `Ref` gives: a typed [`Attr`] or a plain `Value<String>`.
pub trait RefValue {
    /// The value of a `Ref` node.
    fn from_ref(node: Node) -> Self;
}

impl RefValue for Value<String> {
    fn from_ref(node: Node) -> Self {
        Value::from_node(node)
    }
}

impl<T, K> RefValue for Attr<T, K> {
    fn from_ref(node: Node) -> Self {
        Attr::from_node(node)
    }
}

/// What `Ref` returns for a resource type: [`Handle::reference`](crate::Handle::reference)'s
/// type. Generated for every type; `Attr<target, kind>` where other resources name the type by
/// what its `Ref` returns.
pub trait Referable {
    /// `Attr<target, kind>`, or `Value<String>`.
    type Ref: RefValue;
}

/// A list of values of kind `K` of resources of type `T` from outside the template: a
/// `List<AWS::EC2::Subnet::Id>` parameter's `Ref`, an `Fn::Split` of an import.
pub struct AttrList<T, K> {
    node: Node,
    kind: PhantomData<fn() -> (T, K)>,
}

impl<T, K> AttrList<T, K> {
    /// A list from outside the template that says what its items are.
    pub fn external(value: impl Into<Value<Vec<String>>>) -> Self {
        AttrList { node: value.into().into_node(), kind: PhantomData }
    }
}

/// What is, or stands for, an [`Attr<T, K>`]: the attribute itself, and the typed values of the
/// secure constructs (a `KeyArn` is a key's ARN).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an `Attr<{T}, {K}>`",
    label = "this property takes `Attr<{T}, {K}>`",
    note = "`Attr<{T}, {K}>` comes from the `{K}` accessor (in snake case) of a handle to a `{T}`, or from `Attr::<{T}, {K}>::external(…)` for a value from outside the template"
)]
pub trait IsAttr<T, K> {
    /// The value as the attribute it is.
    fn into_attr(self) -> Attr<T, K>;
}

impl<T, K> IsAttr<T, K> for Attr<T, K> {
    fn into_attr(self) -> Attr<T, K> {
        self
    }
}

impl<T, K> IsAttr<T, K> for &Attr<T, K> {
    fn into_attr(self) -> Attr<T, K> {
        self.clone()
    }
}

/// What a typed property takes: `Accepts` is the tuple of the kinds it lists
/// (`(Attr<target::kms::Key, kind::Arn>, Attr<target::kms::Key, kind::KeyId>)`), `I` the
/// position of the one given (inferred). Implemented once, for everything [`IsAttr`] of a kind
/// in the tuple.
#[diagnostic::on_unimplemented(
    message = "this property takes one of {Accepts}, not `{Self}`",
    label = "not a kind this property takes",
    note = "`Attr<T, Kind>` comes from the `Kind` accessor (in snake case) of a handle to a `T`: `Attr<Queue, Arn>` is `queue.arn()`, `Attr<Queue, QueueUrl>` is `queue.queue_url()`, `Attr<Key, KeyId>` is `key.key_id()`; a value from outside the template says what it is: `Attr::<T, Kind>::external(…)`"
)]
pub trait Takes<Accepts, I> {
    /// The node the property is set to.
    fn into_node(self) -> Node;
}

/// What a typed list property takes: a `Vec` or array of values it [`Takes`], or an
/// [`AttrList`] of one of its kinds.
#[diagnostic::on_unimplemented(
    message = "this property takes a list of one of {Accepts}, not `{Self}`",
    label = "not a list of a kind this property takes",
    note = "give a `Vec` or an array of handle accessors (`vec![subnet.subnet_id()]`), or `AttrList::<T, Kind>::external(…)` for a list from outside the template"
)]
pub trait TakesList<Accepts, I> {
    /// The list node the property is set to.
    fn into_list_node(self) -> Node;
}

impl<X: Takes<A, I>, A, I> TakesList<A, I> for Vec<X> {
    fn into_list_node(self) -> Node {
        Node::List(self.into_iter().map(Takes::into_node).collect())
    }
}

impl<X: Takes<A, I>, A, I, const N: usize> TakesList<A, I> for [X; N] {
    fn into_list_node(self) -> Node {
        Node::List(self.into_iter().map(Takes::into_node).collect())
    }
}

impl<T, K, A, I> TakesList<A, I> for AttrList<T, K>
where
    Attr<T, K>: Takes<A, I>,
{
    fn into_list_node(self) -> Node {
        self.node
    }
}

/// Position 0 of a property's accepted kinds (inferred; never written by hand).
pub enum At0 {}
/// Position 1 of a property's accepted kinds (inferred; never written by hand).
pub enum At1 {}
/// Position 2 of a property's accepted kinds (inferred; never written by hand).
pub enum At2 {}
/// Position 3 of a property's accepted kinds (inferred; never written by hand).
pub enum At3 {}
/// Position 4 of a property's accepted kinds (inferred; never written by hand).
pub enum At4 {}
/// Position 5 of a property's accepted kinds (inferred; never written by hand).
pub enum At5 {}
/// Position 6 of a property's accepted kinds (inferred; never written by hand).
pub enum At6 {}
/// Position 7 of a property's accepted kinds (inferred; never written by hand).
pub enum At7 {}
/// Position 8 of a property's accepted kinds (inferred; never written by hand).
pub enum At8 {}
/// Position 9 of a property's accepted kinds (inferred; never written by hand).
pub enum At9 {}
/// Position 10 of a property's accepted kinds (inferred; never written by hand).
pub enum At10 {}
/// Position 11 of a property's accepted kinds (inferred; never written by hand).
pub enum At11 {}
/// Position 12 of a property's accepted kinds (inferred; never written by hand).
pub enum At12 {}

impl<X: IsAttr<T, K>, T, K> Takes<(Attr<T, K>,), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1> Takes<(Attr<T, K>, A1), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0> Takes<(A0, Attr<T, K>), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2> Takes<(Attr<T, K>, A1, A2), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2> Takes<(A0, Attr<T, K>, A2), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1> Takes<(A0, A1, Attr<T, K>), At2> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3> Takes<(Attr<T, K>, A1, A2, A3), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3> Takes<(A0, Attr<T, K>, A2, A3), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3> Takes<(A0, A1, Attr<T, K>, A3), At2> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2> Takes<(A0, A1, A2, Attr<T, K>), At3> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4> Takes<(Attr<T, K>, A1, A2, A3, A4), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4> Takes<(A0, Attr<T, K>, A2, A3, A4), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4> Takes<(A0, A1, Attr<T, K>, A3, A4), At2> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4> Takes<(A0, A1, A2, Attr<T, K>, A4), At3> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3> Takes<(A0, A1, A2, A3, Attr<T, K>), At4> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5> Takes<(Attr<T, K>, A1, A2, A3, A4, A5), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5> Takes<(A0, Attr<T, K>, A2, A3, A4, A5), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5> Takes<(A0, A1, Attr<T, K>, A3, A4, A5), At2> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5> Takes<(A0, A1, A2, Attr<T, K>, A4, A5), At3> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5> Takes<(A0, A1, A2, A3, Attr<T, K>, A5), At4> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4> Takes<(A0, A1, A2, A3, A4, Attr<T, K>), At5> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6> Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6> Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6> Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6), At2> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6> Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6), At3> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6> Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6), At4> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6> Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6), At5> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5> Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>), At6> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6, A7> Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6, A7), At0> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6, A7> Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6, A7), At1> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6, A7> Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6, A7), At2> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6, A7> Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6, A7), At3> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6, A7> Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6, A7), At4> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6, A7> Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6, A7), At5> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A7> Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>, A7), At6> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6> Takes<(A0, A1, A2, A3, A4, A5, A6, Attr<T, K>), At7> for X {
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6, A7, A8> Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6, A7, A8), At0>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6, A7, A8> Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6, A7, A8), At1>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6, A7, A8> Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6, A7, A8), At2>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6, A7, A8> Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6, A7, A8), At3>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6, A7, A8> Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6, A7, A8), At4>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6, A7, A8> Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6, A7, A8), At5>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A7, A8> Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>, A7, A8), At6>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A8> Takes<(A0, A1, A2, A3, A4, A5, A6, Attr<T, K>, A8), At7>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7> Takes<(A0, A1, A2, A3, A4, A5, A6, A7, Attr<T, K>), At8>
    for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6, A7, A8, A9>
    Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6, A7, A8, A9), At0> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6, A7, A8, A9>
    Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6, A7, A8, A9), At1> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6, A7, A8, A9>
    Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6, A7, A8, A9), At2> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6, A7, A8, A9>
    Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6, A7, A8, A9), At3> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6, A7, A8, A9>
    Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6, A7, A8, A9), At4> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6, A7, A8, A9>
    Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6, A7, A8, A9), At5> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A7, A8, A9>
    Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>, A7, A8, A9), At6> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A8, A9>
    Takes<(A0, A1, A2, A3, A4, A5, A6, Attr<T, K>, A8, A9), At7> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A9>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, Attr<T, K>, A9), At8> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, Attr<T, K>), At9> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10>
    Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10), At0> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6, A7, A8, A9, A10>
    Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6, A7, A8, A9, A10), At1> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6, A7, A8, A9, A10>
    Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6, A7, A8, A9, A10), At2> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6, A7, A8, A9, A10>
    Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6, A7, A8, A9, A10), At3> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6, A7, A8, A9, A10>
    Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6, A7, A8, A9, A10), At4> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6, A7, A8, A9, A10>
    Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6, A7, A8, A9, A10), At5> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A7, A8, A9, A10>
    Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>, A7, A8, A9, A10), At6> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A8, A9, A10>
    Takes<(A0, A1, A2, A3, A4, A5, A6, Attr<T, K>, A8, A9, A10), At7> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A9, A10>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, Attr<T, K>, A9, A10), At8> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A10>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, Attr<T, K>, A10), At9> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A9>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, Attr<T, K>), At10> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11>
    Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11), At0> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11>
    Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11), At1> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6, A7, A8, A9, A10, A11>
    Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6, A7, A8, A9, A10, A11), At2> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6, A7, A8, A9, A10, A11>
    Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6, A7, A8, A9, A10, A11), At3> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6, A7, A8, A9, A10, A11>
    Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6, A7, A8, A9, A10, A11), At4> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6, A7, A8, A9, A10, A11>
    Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6, A7, A8, A9, A10, A11), At5> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A7, A8, A9, A10, A11>
    Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>, A7, A8, A9, A10, A11), At6> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A8, A9, A10, A11>
    Takes<(A0, A1, A2, A3, A4, A5, A6, Attr<T, K>, A8, A9, A10, A11), At7> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A9, A10, A11>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, Attr<T, K>, A9, A10, A11), At8> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A10, A11>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, Attr<T, K>, A10, A11), At9> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A11>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, Attr<T, K>, A11), At10> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, Attr<T, K>), At11> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12>
    Takes<(Attr<T, K>, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12), At0> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12>
    Takes<(A0, Attr<T, K>, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12), At1> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12>
    Takes<(A0, A1, Attr<T, K>, A3, A4, A5, A6, A7, A8, A9, A10, A11, A12), At2> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A4, A5, A6, A7, A8, A9, A10, A11, A12>
    Takes<(A0, A1, A2, Attr<T, K>, A4, A5, A6, A7, A8, A9, A10, A11, A12), At3> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A5, A6, A7, A8, A9, A10, A11, A12>
    Takes<(A0, A1, A2, A3, Attr<T, K>, A5, A6, A7, A8, A9, A10, A11, A12), At4> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A6, A7, A8, A9, A10, A11, A12>
    Takes<(A0, A1, A2, A3, A4, Attr<T, K>, A6, A7, A8, A9, A10, A11, A12), At5> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A7, A8, A9, A10, A11, A12>
    Takes<(A0, A1, A2, A3, A4, A5, Attr<T, K>, A7, A8, A9, A10, A11, A12), At6> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A8, A9, A10, A11, A12>
    Takes<(A0, A1, A2, A3, A4, A5, A6, Attr<T, K>, A8, A9, A10, A11, A12), At7> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A9, A10, A11, A12>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, Attr<T, K>, A9, A10, A11, A12), At8> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A10, A11, A12>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, Attr<T, K>, A10, A11, A12), At9> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A11, A12>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, Attr<T, K>, A11, A12), At10> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A12>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, Attr<T, K>, A12), At11> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}

impl<X: IsAttr<T, K>, T, K, A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11>
    Takes<(A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, A10, A11, Attr<T, K>), At12> for X
{
    fn into_node(self) -> Node {
        self.into_attr().into_node()
    }
}
