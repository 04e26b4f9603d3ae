//! `log-bucket-not-sse-s3`: A load balancer or a bucket sends access logs to a bucket whose default encryption is SSE-KMS: those logs are delivered only to SSE-S3 buckets.
//!
//! Its logic: `check/deliveries/table.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-not-sse-s3",
    summary: "Load balancer or S3 server access logs go to a bucket whose default encryption is SSE-KMS: they are delivered only to SSE-S3 buckets, so none arrive.",
    description: "A load balancer or a bucket sends access logs to a bucket whose default encryption is SSE-KMS: those logs are delivered only to SSE-S3 buckets.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::InMessage,
};
