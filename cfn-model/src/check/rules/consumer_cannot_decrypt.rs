//! `consumer-cannot-decrypt`: A Lambda function or a Firehose delivery stream reads an encrypted queue or stream, and the key or its role's policies refuse it `kms:Decrypt`.
//!
//! Its logic: `check/key_users.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "consumer-cannot-decrypt",
    summary: "A Lambda function or a Firehose delivery stream reads an encrypted SQS queue or Kinesis stream, and the key or the reader's role refuses kms:Decrypt: nothing is read.",
    description: "A Lambda function or a Firehose delivery stream reads an encrypted queue or stream, and the key or its role's policies refuse it `kms:Decrypt`.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html", "https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::InMessage,
};
