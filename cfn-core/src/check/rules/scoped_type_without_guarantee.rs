//! `scoped-type-without-guarantee`: In a compliance-scoped stack, a resource of a scoped type without its guarantee (a log group without a key, a plain database, …).

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::scope::{Check, Need, SSE_ALGORITHM, failures, is_access_log_target, lookup};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "scoped-type-without-guarantee",
    summary: "In a compliance-scoped stack, a log group, bucket, database, secret or key lacks what its secure counterpart guarantees.",
    description: "In a compliance-scoped stack (PCI DSS or HIPAA), a resource of a type the regime holds to a secure form (a log group, a bucket, a database, a secret, a KMS key⟦: typed code admits it only as its secure counterpart⟧) does not hold what that form requires: a log group without a customer managed key, a bucket without SSE-KMS (SSE-S3 only for the target of server access logs, load balancer access logs or CloudFront standard logs, which accept nothing else), a database without storage encryption under a customer key, a secret under the AWS managed key, a key without rotation. A raw, parsed or late-added resource is held to the same rule as a typed one, so the stack's regime holds whatever way its resources came in. AWS deploys it; the audit does not pass it. ⟦Use the secure counterpart the message names‖Give the resource what the message names⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-pci-dss.html", "https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-hipaa_security.html"],
    page: "docs/guarded/compliance-stacks.md",
    fix: FixShown::InMessage,
};

/// The guarantee each scoped type's secure counterpart writes: (type, checks, skip when this
/// property is set, the counterpart). A DB instance in an Aurora cluster takes its encryption
/// from the cluster.
pub(crate) const GUARANTEES: &[(&str, &[Check], Option<&str>)] = &[
    ("AWS::Logs::LogGroup", &[(&["KmsKeyId"], Need::CustomerKey)], None),
    (
        "AWS::S3::Bucket",
        &[
            (SSE_ALGORITHM, Need::OneOf(&["aws:kms", "aws:kms:dsse"])),
            (
                &[
                    "BucketEncryption",
                    "ServerSideEncryptionConfiguration",
                    "0",
                    "ServerSideEncryptionByDefault",
                    "KMSMasterKeyID",
                ],
                Need::CustomerKey,
            ),
        ],
        None,
    ),
    (
        "AWS::RDS::DBCluster",
        &[
            (&["StorageEncrypted"], Need::True),
            (&["KmsKeyId"], Need::CustomerKey),
            (&["MasterUserPassword"], Need::NotLiteral),
        ],
        Some("ManageMasterUserPassword"),
    ),
    (
        "AWS::RDS::DBInstance",
        &[
            (&["StorageEncrypted"], Need::True),
            (&["KmsKeyId"], Need::CustomerKey),
            (&["MasterUserPassword"], Need::NotLiteral),
        ],
        Some("DBClusterIdentifier"),
    ),
    ("AWS::SecretsManager::Secret", &[(&["KmsKeyId"], Need::CustomerKey)], None),
    ("AWS::KMS::Key", &[(&["EnableKeyRotation"], Need::True)], None),
];

pub(crate) fn check(
    template: &Template,
    env: &Env<'_>,
    scope_of: &dyn Fn(&str) -> Option<&'static str>,
    findings: &mut Findings<'_>,
) {
    for (id, decl) in &template.resources {
        let Some(regime) = scope_of(id) else { continue };
        let resource_type = decl.resource_type.as_str();
        if let Some(counterpart) = cfn_guards::scoped_counterpart(resource_type) {
            let guarantee = GUARANTEES.iter().find(|(t, _, _)| *t == resource_type);
            let failed = match guarantee {
                None => vec![format!("{resource_type} has no secure counterpart yet")],
                Some((_, _, Some(skip))) if decl.properties.get(skip).is_some() => Vec::new(),
                Some((_, checks, _))
                    if resource_type == "AWS::S3::Bucket" && is_access_log_target(template, env, id) =>
                {
                    // Server access logs and load balancer logs accept only SSE-S3: `AccessLogBucket`'s form.
                    let sse_s3: &[Check] = &[(checks[0].0, Need::OneOf(&["AES256"]))];
                    failures(&decl.properties, sse_s3)
                }
                Some((_, checks, _)) => failures(&decl.properties, checks),
            };
            if !failed.is_empty() {
                let sse_s3 = lookup(&decl.properties, SSE_ALGORITHM) == Some(&Node::string("AES256"));
                let note = if resource_type == "AWS::S3::Bucket" && sse_s3 {
                    " An SSE-S3 bucket (an `AccessLogBucket`) is admitted only as the target of server access logs (`SecureBucket::access_logs_to`), load balancer access logs or CloudFront standard logs."
                } else {
                    ""
                };
                findings.error(
                    Rule::ScopedTypeWithoutGuarantee,
                    id,
                    format!(
                        "in a {regime}-scoped stack {resource_type} must be what its secure counterpart builds: {}. ⟦Use {counterpart}.{note}‖Give it what the list names.⟧",
                        failed.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{errors_in_scope, findings_of};

    const KEY: &str = "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n";

    #[test]
    fn a_plain_log_group_is_refused_in_a_scoped_stack_only() {
        let yaml = format!("Resources:\n{KEY}  Group:\n    Type: AWS::Logs::LogGroup\n");
        let found = errors_in_scope(&yaml, "hipaa", Rule::ScopedTypeWithoutGuarantee);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Group");
        assert!(
            found[0].message.starts_with("in a hipaa-scoped stack AWS::Logs::LogGroup must be what its secure counterpart builds: "),
            "{}",
            found[0].message
        );
        assert_eq!(findings_of(&yaml, Rule::ScopedTypeWithoutGuarantee), []);
    }

    #[test]
    fn a_log_group_with_a_customer_key_and_a_rotated_key_pass() {
        let yaml = format!("Resources:\n{KEY}  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      KmsKeyId: !GetAtt Key.Arn\n");
        assert_eq!(errors_in_scope(&yaml, "pci", Rule::ScopedTypeWithoutGuarantee), []);
    }
}
