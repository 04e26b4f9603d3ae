//! `role-trust-denies-service`: A property hands a role to a service whose trust policy does not let that service assume it.
//!
//! Its logic: `check/roles.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "role-trust-denies-service",
    summary: "A property hands a role to a service whose trust policy does not let that service assume it: the resource fails or delivers nothing.",
    description: "A property hands a role to a service whose trust policy does not let that service assume it.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html"],
    page: "docs/guarded/role-trust.md",
    fix: FixShown::InMessage,
};
