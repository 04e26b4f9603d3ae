//! `key-denies-service-linked-role`: A service acting through its service-linked role (Auto Scaling launching encrypted volumes) is not named in the key policy.
//!
//! Its logic: `check/key_users.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "key-denies-service-linked-role",
    summary: "An Auto Scaling group launches instances with volumes encrypted by a customer key that does not name Auto Scaling's service-linked role: instances fail to launch.",
    description: "A service acting through its service-linked role (Auto Scaling launching encrypted volumes) is not named in the key policy.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::InMessage,
};
