//! `log-bucket-not-sse-s3`: A load balancer or a bucket sends access logs to a bucket whose default encryption is SSE-KMS: those logs are delivered only to SSE-S3 buckets.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::template::ResourceDecl;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-not-sse-s3",
    summary: "Load balancer or S3 server access logs go to a bucket whose default encryption is SSE-KMS: they are delivered only to SSE-S3 buckets, so none arrive.",
    description: "A load balancer or a bucket sends access logs to a bucket whose default encryption is SSE-KMS: those logs are delivered only to SSE-S3 buckets.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::InMessage,
};

/// Who writes access logs into a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Writer {
    /// An Application Load Balancer's access logs (Elastic Load Balancing).
    LoadBalancer,
    /// A bucket's server access logs (S3's logging service).
    ServerAccessLogs,
}

/// Access logs written into a bucket whose default encryption is SSE-KMS: none arrive.
pub(crate) fn check(source_id: &str, bucket_id: &str, bucket: &ResourceDecl, writer: Writer, findings: &mut Findings<'_>) {
    if crate::check::deliveries::default_kms_key(&bucket.properties).is_none() {
        return;
    }
    let message = match writer {
        Writer::LoadBalancer => format!("this load balancer writes access logs to bucket `{bucket_id}`, whose default encryption is SSE-KMS: Application Load Balancer access logs are delivered only to buckets encrypted with S3-managed keys (SSE-S3), so none arrive. Use SSE-S3 for the log bucket (`AccessLogBucket`)"),
        Writer::ServerAccessLogs => format!("this bucket sends server access logs to bucket `{bucket_id}`, whose default encryption is SSE-KMS: S3 delivers server access logs only to buckets encrypted with SSE-S3, so none arrive. Use SSE-S3 for the log bucket (`AccessLogBucket`)"),
    };
    findings.error(Rule::LogBucketNotSseS3, source_id, message);
}
