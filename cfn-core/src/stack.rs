//! Compliance-scoped stacks: `Stack<Pci>` and `Stack<Hipaa>` accept only resources that meet
//! the regime's encryption and exposure rules as built.

use std::marker::PhantomData;

use crate::emit::Emitted;
use crate::format::Format;
use crate::intrinsics::ConditionExpr;
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::handle::{ConditionHandle, Handle, MappingHandle, ParameterHandle};
use crate::template::mapping::Mapping;
use crate::template::output::Output;
use crate::template::parameter::Parameter;
use crate::template::resource::Resource;
use crate::validate::TemplateError;

mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a compliance regime typed-cfn knows: `Compliance` is sealed",
        note = "scope a stack with `Stack::<Pci>` or `Stack::<Hipaa>`"
    )]
    pub trait Sealed {}
}

/// A compliance regime a stack is scoped to.
pub trait Compliance: sealed::Sealed {
    /// The regime's name, for messages.
    const NAME: &'static str;
}

/// PCI DSS 3.2.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pci;

/// The HIPAA Security Rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hipaa;

impl sealed::Sealed for Pci {}
impl sealed::Sealed for Hipaa {}

impl Compliance for Pci {
    const NAME: &'static str = "PCI DSS";
}

impl Compliance for Hipaa {
    const NAME: &'static str = "HIPAA";
}

/// Holds when a resource of type `Self` may be added to a stack scoped to `C`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be added to a compliance-scoped stack as it is",
    label = "the plain type can be unencrypted or public",
    note = "use the secure counterpart, which is encrypted with a customer key by construction: `EncryptedLogGroup` for log groups, `SecureBucket` for buckets (`AccessLogBucket` for server access logs), `EncryptedDbCluster` or `EncryptedDbInstance` for databases, `DatabaseSecret` for secrets, `KmsKey` for keys"
)]
pub trait AllowedIn<C>: crate::template::resource::sealed::Sealed {}

// Not recommended in diagnostics: the message of `AllowedIn` is the one to show, not a list
// of every generated type.
#[diagnostic::do_not_recommend]
impl<R: crate::template::resource::Unguarded, C: Compliance> AllowedIn<C> for R {}
impl<G, C: Compliance> AllowedIn<C> for crate::proof::key::KmsKey<G> {}

impl<C: Compliance> crate::template::parameter::AddParameter for Stack<C> {
    fn add_parameter<T>(&mut self, logical_id: &str, parameter: Parameter<T>) -> ParameterHandle<T> {
        self.parameter(logical_id, parameter)
    }
}

/// A template scoped to a compliance regime: [`Stack::add`] accepts only resources that are
/// [`AllowedIn<C>`]. Everything else a template has (parameters, conditions, mappings,
/// outputs) works as on [`Template`].
#[derive(Debug, Clone, PartialEq)]
pub struct Stack<C> {
    template: Template,
    regime: PhantomData<C>,
}

impl<C: Compliance> Default for Stack<C> {
    fn default() -> Self {
        Stack::new()
    }
}

impl<C: Compliance> Stack<C> {
    /// An empty scoped stack.
    pub fn new() -> Self {
        Stack::from_template(Template::new())
    }

    /// A template made elsewhere — read from a file, built as a plain `Template` — scoped to this
    /// regime: the final-template check holds every resource in it to the regime when it is
    /// emitted.
    pub fn from_template(mut template: Template) -> Self {
        template.scope = Some(C::NAME);
        Stack { template, regime: PhantomData }
    }

    /// Sets `Description`.
    pub fn set_description(&mut self, text: impl Into<String>) -> &mut Self {
        self.template.set_description(text);
        self
    }

    /// Adds a `Transform` (see [`Template::add_transform`]).
    pub fn add_transform(&mut self, name: impl Into<String>) -> &mut Self {
        self.template.add_transform(name);
        self
    }

    /// Adds a resource that is allowed in this regime.
    ///
    /// Data stores without a secure counterpart (queues, topics, DynamoDB tables, EBS volumes,
    /// EFS file systems, …) are admitted as their generated types, but must name a customer
    /// managed key: one that does not is reported when the template is emitted (the
    /// final-template check, [`crate::check`], holds every resource of a scoped template to
    /// the regime, however it was added).
    pub fn add<R: Resource + AllowedIn<C>>(&mut self, logical_id: &str, resource: R) -> Handle<R> {
        self.add_with(logical_id, resource, Attributes::new())
    }

    /// Adds a resource that is allowed in this regime, with attributes (see [`Stack::add`]).
    pub fn add_with<R: Resource + AllowedIn<C>>(
        &mut self,
        logical_id: &str,
        resource: R,
        attributes: Attributes,
    ) -> Handle<R> {
        self.template.add_with(logical_id, resource, attributes)
    }

    /// Adds an untyped resource (see [`Template::add_raw`]): guarded properties are refused, and
    /// the final-template check holds it to the regime like any other resource.
    pub fn add_raw(&mut self, logical_id: &str, resource: crate::RawResource) -> Handle<crate::RawResource> {
        self.template.add_raw(logical_id, resource)
    }

    /// Adds a construct that is allowed in this regime (a secure bucket, an Aurora cluster with
    /// its log groups).
    pub fn build<K: crate::template::construct::Construct + AllowedIn<C>>(
        &mut self,
        logical_id: &str,
        construct: K,
    ) -> K::Output {
        construct.add_to(&mut self.template, logical_id)
    }

    /// Tags every taggable resource added so far (see [`Template::tag_all`]).
    pub fn tag_all<K: AsRef<str>, V: Into<crate::Value<String>>>(
        &mut self,
        tags: impl IntoIterator<Item = (K, V)>,
    ) -> &mut Self {
        self.template.tag_all(tags);
        self
    }

    /// Adds a parameter.
    pub fn parameter<T>(&mut self, logical_id: &str, parameter: Parameter<T>) -> ParameterHandle<T> {
        self.template.parameter(logical_id, parameter)
    }

    /// Adds a named condition.
    pub fn condition(&mut self, name: &str, condition: ConditionExpr) -> ConditionHandle {
        self.template.condition(name, condition)
    }

    /// Adds a named mapping.
    pub fn mapping(&mut self, name: &str, mapping: Mapping) -> MappingHandle {
        self.template.mapping(name, mapping)
    }

    /// Adds an output.
    pub fn output(&mut self, logical_id: &str, output: Output) {
        self.template.output(logical_id, output)
    }

    /// The template, to read.
    pub fn template(&self) -> &Template {
        &self.template
    }

    /// The template. It stays scoped: whatever is added to it afterwards is held to the regime
    /// when it is emitted.
    pub fn into_template(self) -> Template {
        self.template
    }

    /// Validates and writes the template (see [`Template::emit`]).
    pub fn emit(&self, format: Format) -> Result<Emitted, TemplateError> {
        self.template.emit(format)
    }

    /// The regime's name.
    pub fn regime(&self) -> &'static str {
        C::NAME
    }
}

impl<C: Compliance> From<Stack<C>> for Template {
    /// The template, still scoped (see [`Stack::into_template`]): what an app's stacks are made of.
    fn from(stack: Stack<C>) -> Template {
        stack.into_template()
    }
}
