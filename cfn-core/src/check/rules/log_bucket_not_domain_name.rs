//! `log-bucket-not-domain-name`: A CloudFront distribution names its log bucket by name or ARN, not by domain name.

use crate::check::deliveries::Reached;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix, fixes};
use crate::identity::As;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-bucket-not-domain-name",
    summary: "A CloudFront distribution names its log bucket by name or ARN instead of its domain name (<name>.s3.amazonaws.com): CloudFront refuses it.",
    description: "A CloudFront distribution's `Logging.Bucket` names a bucket of the template by its name (`Ref`) or ARN. CloudFront takes only the bucket's domain name (`<name>.s3.amazonaws.com`) and refuses anything else (\"The parameter Logging Bucket does not refer to a valid S3 bucket\"), so the distribution fails to create. Use `Fn::GetAtt Bucket.RegionalDomainName` (or `DomainName`).",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html"],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::TemplateText,
};

/// A distribution's `Logging.Bucket` that names a bucket of the template, by its domain name or not.
pub(crate) fn check(bucket: &Reached<'_>, findings: &mut Findings<'_>) {
    let by_domain_name = matches!(bucket.form, Some(As::DomainName | As::RegionalDomainName | As::DualStackDomainName));
    let bucket_id = bucket.id;
    if !by_domain_name {
        findings.error_at(Rule::LogBucketNotDomainName, bucket.source_id, bucket.refs.clone(), format!("this distribution's `Logging.Bucket` names bucket `{bucket_id}` by its name or ARN, but CloudFront takes the bucket's domain name (`<name>.s3.amazonaws.com`) and refuses anything else (\"The parameter Logging Bucket does not refer to a valid S3 bucket\"). Use `Fn::GetAtt {bucket_id}.RegionalDomainName`⟦ (`cloudfront_logging()` of an `AccessLogBucket` built `for_cloudfront()`)⟧"));
        // The property CloudFront reads, where the distribution's `Logging` is.
        findings.with_fix(TemplateFix::Property {
            resource: bucket.source_id.to_owned(),
            path: ["DistributionConfig", "Logging", "Bucket"].map(str::to_owned).to_vec(),
            value: fixes::get_att(bucket_id, "RegionalDomainName"),
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn distribution(bucket: &str) -> String {
        let ownership = "    Properties:\n      OwnershipControls: {Rules: [{ObjectOwnership: BucketOwnerPreferred}]}\n";
        format!("Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n{ownership}  Site:\n    Type: AWS::CloudFront::Distribution\n    Properties:\n      DistributionConfig:\n        Enabled: true\n        Logging: {{Bucket: {bucket}}}\n")
    }

    #[test]
    fn a_log_bucket_named_by_its_name_is_refused() {
        let found = findings_of(&distribution("!Ref Logs"), Rule::LogBucketNotDomainName);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Site");
        assert!(found[0].message.starts_with("this distribution's `Logging.Bucket` names bucket `Logs` by its name or ARN"), "{}", found[0].message);
        assert_eq!(findings_after_fixes(&distribution("!Ref Logs"), Rule::LogBucketNotDomainName), []);
        assert_eq!(findings_after_fixes(&distribution("!GetAtt Logs.Arn"), Rule::LogBucketNotDomainName), []);
    }

    #[test]
    fn the_regional_domain_name_passes() {
        assert_eq!(findings_of(&distribution("!GetAtt Logs.RegionalDomainName"), Rule::LogBucketNotDomainName), []);
    }
}
