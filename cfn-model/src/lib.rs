//! The resource types of typed-cfn: one generated module per AWS service ([`resources`]) and the
//! secure constructs built on them ([`secure`]), over the template model of `cfn-core`, which
//! this crate re-exports whole: `cfn_model::Template` is `cfn_core::Template`.
//!
//! - [`Template`] holds the sections; adding a part gives back a handle ([`Handle`],
//!   [`ParameterHandle`], [`ConditionHandle`], [`MappingHandle`]) through which it is referenced.
//! - [`Value<T>`] is a property value: a literal `T` or an intrinsic that resolves to one.
//!   [`fns`] holds the intrinsic functions, [`pseudo`] the pseudo parameters and [`dynamic`]
//!   the `{{resolve:…}}` references.
//! - [`resources`] holds one generated module per AWS service, each behind a cargo feature of
//!   the service's name (`kms`, `logs`, `ec2`, …).
//! - [`Format`] picks JSON or YAML; [`Template::emit`] validates before it writes and returns
//!   every problem as a typed [`TemplateError`].
//! - [`files`] writes the output: a file whole or not at all, a set of files swapped in
//!   together, standard output with its errors as values.
//!
//! Three crates, one API (`cfn-core` for the model, `cfn-files` for writing files, this crate
//! for the resource types): cargo type-checks the generated modules while it generates
//! `cfn-core`'s code, so a cold build keeps two cores busy where one crate left one idle
//! (BENCHMARKS.md, "Build cost: the services in a crate of their own").
#![deny(missing_docs)]

pub use cfn_core::*;
pub use cfn_files as files;

pub mod resources;
pub mod secure;
