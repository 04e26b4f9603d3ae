//! `log-bucket-not-sse-s3`: A load balancer or a bucket sends access logs to a bucket whose default encryption is SSE-KMS: those logs are delivered only to SSE-S3 buckets.

use crate::check::deliveries::Reached;
use crate::check::fixes::map;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-not-sse-s3",
    summary: "Load balancer or S3 server access logs go to a bucket whose default encryption is SSE-KMS: they are delivered only to SSE-S3 buckets, so none arrive.",
    description: "An Application Load Balancer sends its access logs, or an S3 bucket its server access logs, to a bucket of the template whose default encryption is SSE-KMS. Elastic Load Balancing and S3's logging service deliver these logs only to buckets encrypted with S3 managed keys (SSE-S3): with SSE-KMS no log arrives and nothing reports an error. Encrypt the log bucket with SSE-S3⟦ (`AccessLogBucket`, which a compliance-scoped stack admits only as such a log target)‖ (`SSEAlgorithm: AES256` in its `BucketEncryption`)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::TemplateText,
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
pub(crate) fn check(bucket: &Reached<'_>, writer: Writer, findings: &mut Findings<'_>) {
    let bucket_id = bucket.id;
    // With any key: the AWS managed key `aws/s3` (no `KMSMasterKeyID`) is refused too.
    if !crate::check::deliveries::default_sse_kms(&bucket.decl.properties) {
        return;
    }
    let message = match writer {
        Writer::LoadBalancer => format!("this load balancer writes access logs to bucket `{bucket_id}`, whose default encryption is SSE-KMS: Application Load Balancer access logs are delivered only to buckets encrypted with S3-managed keys (SSE-S3), so none arrive. Use SSE-S3 for the log bucket⟦ (`AccessLogBucket`)‖ (`SSEAlgorithm: AES256` in its `BucketEncryption`)⟧"),
        Writer::ServerAccessLogs => format!("this bucket sends server access logs to bucket `{bucket_id}`, whose default encryption is SSE-KMS: S3 delivers server access logs only to buckets encrypted with SSE-S3, so none arrive. Use SSE-S3 for the log bucket⟦ (`AccessLogBucket`)‖ (`SSEAlgorithm: AES256` in its `BucketEncryption`)⟧"),
    };
    findings.error_at(Rule::LogBucketNotSseS3, bucket.source_id, bucket.refs.clone(), message);
    // The log bucket's default encryption, SSE-S3 (`AES256`): the bucket's whole
    // `BucketEncryption`, since a key or `BucketKeyEnabled` has no meaning under SSE-S3.
    // (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-serversideencryptionbydefault.html>)
    let sse_s3 = map([("ServerSideEncryptionByDefault", map([("SSEAlgorithm", Node::string("AES256"))]))]);
    findings.with_fix(TemplateFix::Property {
        resource: bucket_id.to_owned(),
        path: vec!["BucketEncryption".to_owned()],
        value: map([("ServerSideEncryptionConfiguration", Node::List(vec![sse_s3]))]),
    });
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};
    use crate::reference::{By, ResourceRef};

    fn logged(encryption: &str) -> String {
        format!("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {encryption}\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      LoggingConfiguration: {{DestinationBucketName: !Ref Logs}}\n")
    }

    #[test]
    fn server_access_logs_into_an_sse_kms_bucket_never_arrive() {
        let found = findings_of(&logged("{SSEAlgorithm: 'aws:kms'}"), Rule::LogBucketNotSseS3);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Data");
        assert!(found[0].message.starts_with("this bucket sends server access logs to bucket `Logs`, whose default encryption is SSE-KMS"), "{}", found[0].message);
        assert_eq!(findings_after_fixes(&logged("{SSEAlgorithm: 'aws:kms'}"), Rule::LogBucketNotSseS3), []);
    }

    #[test]
    fn an_sse_kms_bucket_under_its_own_key_is_refused_too() {
        let with_key = "{SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn:aws:kms:us-east-1:123456789012:key/0000-1111}";
        assert_eq!(findings_of(&logged(with_key), Rule::LogBucketNotSseS3).len(), 1);
    }

    #[test]
    fn load_balancer_logs_into_an_sse_kms_bucket_never_arrive_whatever_their_prefix() {
        // The prefix is an import the check cannot read: the bucket's encryption refuses the logs
        // all the same (the check used to say nothing when it could not read the prefix).
        let balancer = "  Balancer:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    Properties:\n      Subnets: [subnet-1, subnet-2]\n      LoadBalancerAttributes:\n        - {Key: access_logs.s3.enabled, Value: 'true'}\n        - {Key: access_logs.s3.bucket, Value: !Ref Logs}\n        - {Key: access_logs.s3.prefix, Value: !ImportValue shared-prefix}\n";
        let yaml = format!("{}{balancer}", logged("{SSEAlgorithm: 'aws:kms'}"));
        let found: Vec<_> =
            findings_of(&yaml, Rule::LogBucketNotSseS3).into_iter().filter(|f| f.logical_id == "Balancer").collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("this load balancer writes access logs to bucket `Logs`"), "{}", found[0].message);
        assert_eq!(found[0].targets, [ResourceRef { logical_id: "Logs".to_owned(), attribute: None, by: By::Ref }]);
        assert_eq!(findings_after_fixes(&yaml, Rule::LogBucketNotSseS3), []);
    }

    #[test]
    fn an_sse_s3_log_bucket_passes() {
        assert_eq!(findings_of(&logged("{SSEAlgorithm: AES256}"), Rule::LogBucketNotSseS3), []);
    }
}
