//! `log-bucket-acls-disabled`: A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.

use crate::check::deliveries::Reached;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::fixes::map;
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-acls-disabled",
    summary: "A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled (ObjectOwnership BucketOwnerEnforced, S3's default): CloudFront writes through ACLs, and the stack fails.",
    description: "A CloudFront distribution writes standard (legacy) logs into a bucket of the template whose ACLs are disabled: its `ObjectOwnership` is `BucketOwnerEnforced`, which S3 has applied by default to new buckets since April 2023 when no `OwnershipControls` are given. CloudFront writes standard logs through the bucket's ACL (granting the awslogsdelivery account), so the distribution fails to create (\"The S3 bucket that you specified for CloudFront logs does not enable ACL access\"). Give the bucket `OwnershipControls` with `ObjectOwnership: BucketOwnerPreferred`⟦ (`AccessLogBucket::new(days).for_cloudfront()`)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::TemplateText,
};

/// A bucket CloudFront writes standard logs into, through its ACL: ACLs must be enabled.
pub(crate) fn check(bucket: &Reached<'_>, findings: &mut Findings<'_>) {
    let bucket_id = bucket.id;
    let ownership = bucket.decl.properties.get("OwnershipControls").and_then(Node::as_map).and_then(|o| {
        crate::check::deliveries::items(o.get("Rules")).into_iter().find_map(|rule| rule.as_map()?.get("ObjectOwnership")?.as_str())
    });
    if !matches!(ownership, Some("ObjectWriter" | "BucketOwnerPreferred")) {
        let why = match ownership {
            Some(setting) => format!("its `ObjectOwnership` is `{setting}`, which disables ACLs"),
            None => "it sets no `OwnershipControls`, so it has S3's default since April 2023, `BucketOwnerEnforced`, which disables ACLs".to_owned(),
        };
        findings.error_at(
            Rule::LogBucketAclsDisabled,
            bucket.source_id,
            bucket.refs.clone(),
            format!("this distribution writes standard logs to bucket `{bucket_id}`, but {why}: CloudFront writes those logs through the bucket's ACL and the stack fails (\"The S3 bucket that you specified for CloudFront logs does not enable ACL access\"). Give the bucket `OwnershipControls` with `ObjectOwnership: BucketOwnerPreferred`⟦ (`AccessLogBucket::new(days).for_cloudfront()`)⟧"),
        );
        findings.with_fix(TemplateFix::Property {
            resource: bucket_id.to_owned(),
            path: vec!["OwnershipControls".to_owned()],
            value: map([("Rules", Node::List(vec![map([("ObjectOwnership", Node::string("BucketOwnerPreferred"))])]))]),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn distribution(ownership: &str) -> String {
        let bucket = "!GetAtt Logs.RegionalDomainName";
        format!("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n{ownership}  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Logging: {{Bucket: {bucket}}}\n")
    }

    #[test]
    fn a_log_bucket_with_s3s_default_ownership_refuses_cloudfront() {
        let found = findings_of(&distribution(""), Rule::LogBucketAclsDisabled);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Site");
        assert!(found[0].message.contains("it sets no `OwnershipControls`, so it has S3's default since April 2023, `BucketOwnerEnforced`"), "{}", found[0].message);
        assert_eq!(findings_after_fixes(&distribution(""), Rule::LogBucketAclsDisabled), []);
        let enforced = "    Properties:\n      OwnershipControls: {Rules: [{ObjectOwnership: BucketOwnerEnforced}]}\n";
        assert_eq!(findings_after_fixes(&distribution(enforced), Rule::LogBucketAclsDisabled), []);
    }

    #[test]
    fn bucket_owner_preferred_passes() {
        let ownership = "    Properties:\n      OwnershipControls: {Rules: [{ObjectOwnership: BucketOwnerPreferred}]}\n";
        assert_eq!(findings_of(&distribution(ownership), Rule::LogBucketAclsDisabled), []);
    }
}
