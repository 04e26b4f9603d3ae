//! `scoped-type-without-guarantee`: In a compliance-scoped stack, a resource of a scoped type without its guarantee (a log group without a key, a plain database, …).
//!
//! Its logic: `check/scope.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "scoped-type-without-guarantee",
    summary: "In a compliance-scoped stack, a log group, bucket, database, secret or key lacks what its secure counterpart guarantees.",
    description: "In a compliance-scoped stack, a resource of a scoped type without its guarantee (a log group without a key, a plain database, …).",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-pci-dss.html", "https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-hipaa_security.html"],
    page: "docs/guarded/compliance-stacks.md",
    fix: FixShown::InMessage,
};
