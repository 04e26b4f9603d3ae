//! The CloudFormation template model of typed-cfn, below its resource types.
//!
//! Users depend on `typed-cfn` (or `cfn-model`), which re-exports this crate whole; the
//! generated resource types and the secure constructs are there. This crate holds what they
//! build on, and is compiled while they are type-checked.
//!
//! - [`Template`] holds the sections; adding a part gives back a handle ([`Handle`],
//!   [`ParameterHandle`], [`ConditionHandle`], [`MappingHandle`]) through which it is referenced.
//! - [`Value<T>`] is a property value: a literal `T` or an intrinsic that resolves to one.
//!   [`fns`] holds the intrinsic functions, [`pseudo`] the pseudo parameters and [`dynamic`]
//!   the `{{resolve:…}}` references.
//! - `resources` (in `cfn-model`) holds one generated module per AWS service, each behind a
//!   cargo feature of the service's name (`kms`, `logs`, `ec2`, …).
//! - [`Format`] picks JSON or YAML; [`Template::emit`] validates before it writes and returns
//!   every problem as a typed [`TemplateError`].
//! - `files` (the crate `cfn-files`, re-exported by `cfn-model`) writes the output: a file whole
//!   or not at all, a set of files swapped in together, standard output with its errors as values.
#![deny(missing_docs)]

#[cfg(feature = "app")]
pub mod app;
pub mod check;
// Facts about AWS as tables (ELB log delivery accounts, engine limits, tag shapes): read by
// `cfn-model`'s constructs; users see `Tagging`.
#[doc(hidden)]
pub mod data;
pub mod emit;
pub mod format;
pub mod handle;
pub mod identity;
pub mod intrinsics;
pub mod node;
pub mod policy;
// What generated setters accept: public for `cfn-model`'s generated code and secure
// constructs, which name these paths; users reach them through `secure`.
#[doc(hidden)]
pub mod proof;
pub mod raw;
pub mod reference;
pub mod refs;
pub mod rule_id;
// Compliance-scoped stacks: users reach them through `secure` (cfn-model).
#[doc(hidden)]
pub mod stack;
pub mod template;
pub mod validate;
pub mod value;

pub use data::Tagging;
pub use emit::Emitted;
#[cfg(feature = "yaml")]
pub use format::YamlError;
pub use format::{Format, JsonError, ParseError};
pub use intrinsics::{ConditionExpr, dynamic, pseudo};
pub use node::{Function, Node, NodeMap};
pub use raw::RawResource;
pub use template::attributes::{Attributes, CreationPolicy, DeletionPolicy, RollingUpdate, UpdatePolicy};
pub use template::handle::{ConditionHandle, DependencyTarget, Handle, MappingHandle, ParameterHandle};
pub use template::mapping::Mapping;
pub use template::output::Output;
pub use template::parameter::{AddParameter, AwsType, Parameter, ParameterType, Parameters, ToParameter};
#[doc(hidden)]
pub use template::resource::Unguarded;
pub use template::resource::{Properties, Resource};
pub use template::{ResourceDecl, Section, Template};
pub use validate::{Problem, TemplateError, Warning};
pub use value::{Json, Literal, Map, StringEnum, Value};

/// What the macros of `cfn-macros` expand to, and what `cfn-model`'s generated types and secure
/// constructs need of this crate. Not part of the API: the macros check their input at compile
/// time and these take it as checked, and a program that implements the seals here or forges a
/// proof with them gives up the compile-time guarantees (the final-template check still judges
/// what it emits).
#[doc(hidden)]
pub mod __private {
    pub use crate::intrinsics::sub_checked;
    pub use crate::proof::rds_exports::sealed::Sealed as RdsExportsSeal;
    pub use crate::template::resource::sealed::Sealed as ResourceSeal;

    /// A handle to `logical_id`, which the caller added to the template as an `R`.
    pub fn handle<R: crate::handle::HasAttributes>(logical_id: &str) -> crate::Handle<R> {
        crate::Handle::new(logical_id)
    }

    /// `Fn::GetAtt` of a handle's `attribute`, for a construct generic over the handle's type.
    pub fn get_att<R: crate::handle::HasAttributes, T>(handle: &crate::Handle<R>, attribute: &str) -> crate::Value<T> {
        handle.get_att(attribute)
    }

    /// Adds a resource from its parts (a construct whose parts are not `Resource`s of their own).
    pub fn add_parts<R: crate::handle::HasAttributes>(
        template: &mut crate::Template,
        logical_id: &str,
        resource_type: &'static str,
        tagging: crate::Tagging,
        properties: crate::Properties,
        attributes: crate::Attributes,
    ) -> crate::Handle<R> {
        template.add_parts(logical_id, resource_type, tagging, properties, attributes)
    }

    /// The ARN of a role the caller built with the trust policy of `S`.
    pub fn role_arn<S>(node: crate::Node) -> crate::proof::role::RoleArn<S> {
        crate::proof::role::RoleArn::from_node(node)
    }

    /// A password the caller resolved from a Secrets Manager secret.
    pub fn secret_password(node: crate::Node) -> crate::proof::database::SecretPassword {
        crate::proof::database::SecretPassword(node)
    }

    /// An action `actions!` checked against AWS's action list.
    pub const fn action(action: &'static str) -> crate::policy::Action {
        crate::policy::Action::checked(action)
    }

    /// A service principal `service_principal!` checked (never CloudWatch Logs').
    pub fn service_principal(host: &'static str) -> crate::policy::ServicePrincipal {
        crate::policy::ServicePrincipal::checked(host)
    }
}

/// The intrinsic functions: `fns::sub`, `fns::join`, `fns::select`, `fns::condition_if`, …
pub mod fns {
    pub use crate::intrinsics::{
        StackOutput, and, base64, cidr, condition_if, equals, find_in_map, get_azs, get_stack_output, import_value,
        join, length, not, or, select, split, sub, sub_with, to_json_string, transform,
    };
}
