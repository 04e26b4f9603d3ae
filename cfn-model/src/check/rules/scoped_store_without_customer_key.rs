//! `scoped-store-without-customer-key`: In a compliance-scoped stack, a data store not encrypted with a customer managed key.
//!
//! Its logic: `check/scope.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "scoped-store-without-customer-key",
    summary: "In a compliance-scoped stack, a data store is not encrypted with a customer managed KMS key.",
    description: "In a compliance-scoped stack, a data store not encrypted with a customer managed key.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-pci-dss.html", "https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-hipaa_security.html"],
    page: "docs/guarded/compliance-stacks.md",
    fix: FixShown::InMessage,
};
