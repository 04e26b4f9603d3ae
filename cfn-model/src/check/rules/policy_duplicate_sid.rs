//! `policy-duplicate-sid`: Two statements of one key policy share a Sid: KMS refuses the policy.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "policy-duplicate-sid",
    summary: "Two statements of one key policy share a Sid: KMS refuses the policy.",
    description: "Two statements of one key policy share a Sid: KMS refuses the policy.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html", "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"],
    page: "docs/guarded/logs-key-grant.md",
    fix: FixShown::InMessage,
};
