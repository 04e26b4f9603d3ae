//! `delivery-role-refused`: A Firehose delivery stream's role may not write into its destination bucket or use the bucket's key.
//!
//! Its logic: `check/key_users.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-role-refused",
    summary: "A Firehose delivery stream's role may not write into its destination bucket (s3:PutObject) or ask the bucket's key for data keys: Firehose retries for a day, then drops the records.",
    description: "A Firehose delivery stream's role may not write into its destination bucket or use the bucket's key.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::InMessage,
};
