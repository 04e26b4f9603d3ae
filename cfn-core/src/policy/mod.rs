//! IAM policy documents: statements, principals, actions and conditions, typed.
//!
//! Each kind of document is its own type ([`IdentityPolicy`], [`BucketPolicy`],
//! [`TrustPolicy`], [`ResourcePolicy`]; key policies are built by `secure::KmsKey`),
//! and a [`Statement`] records in its type whether it names a principal.

mod action;
mod condition;
mod document;
pub mod eval;
mod principal;
mod statement;

pub use action::Action;
pub use condition::{Conditions, Operator, Qualified};
pub(crate) use document::document;
pub use document::{BucketPolicy, IdentityPolicy, POLICY_VERSION, ResourcePolicy, TrustPolicy};
pub use principal::{Principal, ServicePrincipal};
pub use statement::{Effect, NoPrincipal, Statement, WithPrincipal};
