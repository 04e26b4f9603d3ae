//! `scoped-store-without-customer-key`: In a compliance-scoped stack, a data store not encrypted with a customer managed key.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::scope::{Check, Need, failures};
use crate::check::{Findings, Rule};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "scoped-store-without-customer-key",
    summary: "In a compliance-scoped stack, a data store is not encrypted with a customer managed KMS key.",
    description: "In a compliance-scoped stack (PCI DSS or HIPAA), a data store without a secure counterpart (an SQS queue, an SNS topic, a DynamoDB table, an EBS volume, an EFS file system, a Kinesis stream, an ElastiCache replication group, an OpenSearch domain, an ECR repository, a Backup vault, a CloudTrail trail) is not encrypted at rest with a customer managed KMS key: the encryption is off, or it uses the AWS owned or AWS managed key (`alias/aws/…`), whose policy the account cannot control or audit. AWS deploys it; the regime's encryption-at-rest control does not pass it. Set the store's encryption properties to a `KmsKey` of the stack, as the message shows.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-pci-dss.html", "https://docs.aws.amazon.com/config/latest/developerguide/operational-best-practices-for-hipaa_security.html"],
    page: "docs/guarded/compliance-stacks.md",
    fix: FixShown::InMessage,
};

/// The data stores without a secure counterpart: (resource type, checks, the setter that fixes it).
pub(crate) const STORES: &[(&str, &[Check], &str)] = &[
    ("AWS::SQS::Queue", &[(&["KmsMasterKeyId"], Need::CustomerKey)], "`Queue::kms_master_key_id(key.arn())`"),
    ("AWS::SNS::Topic", &[(&["KmsMasterKeyId"], Need::CustomerKey)], "`Topic::kms_master_key_id(key.arn())`"),
    (
        "AWS::DynamoDB::Table",
        &[
            (&["SSESpecification", "SSEEnabled"], Need::True),
            (&["SSESpecification", "SSEType"], Need::OneOf(&["KMS"])),
            (&["SSESpecification", "KMSMasterKeyId"], Need::CustomerKey),
        ],
        "`Table::sse_specification(SSESpecification::new(true).sse_type(SSEType::Kms).kms_master_key_id(key.arn()))`",
    ),
    (
        "AWS::EC2::Volume",
        &[(&["Encrypted"], Need::True), (&["KmsKeyId"], Need::CustomerKey)],
        "`Volume::encrypted(true).kms_key_id(key.arn())`",
    ),
    (
        "AWS::EFS::FileSystem",
        &[(&["Encrypted"], Need::True), (&["KmsKeyId"], Need::CustomerKey)],
        "`FileSystem::encrypted(true).kms_key_id(key.arn())`",
    ),
    (
        "AWS::Kinesis::Stream",
        &[
            (&["StreamEncryption", "EncryptionType"], Need::OneOf(&["KMS"])),
            (&["StreamEncryption", "KeyId"], Need::CustomerKey),
        ],
        "`Stream::stream_encryption(StreamEncryption::new(EncryptionType::Kms, key.arn()))`",
    ),
    (
        "AWS::ElastiCache::ReplicationGroup",
        &[
            (&["AtRestEncryptionEnabled"], Need::True),
            (&["TransitEncryptionEnabled"], Need::True),
            (&["KmsKeyId"], Need::CustomerKey),
        ],
        "`ReplicationGroup::at_rest_encryption_enabled(true).transit_encryption_enabled(true).kms_key_id(key.arn())`",
    ),
    (
        "AWS::OpenSearchService::Domain",
        &[
            (&["EncryptionAtRestOptions", "Enabled"], Need::True),
            (&["EncryptionAtRestOptions", "KmsKeyId"], Need::CustomerKey),
            (&["NodeToNodeEncryptionOptions", "Enabled"], Need::True),
        ],
        "`Domain::encryption_at_rest_options(…)` with `enabled(true).kms_key_id(key.arn())` and `node_to_node_encryption_options(…enabled(true))`",
    ),
    (
        "AWS::ECR::Repository",
        &[
            (&["EncryptionConfiguration", "EncryptionType"], Need::OneOf(&["KMS", "KMS_DSSE"])),
            (&["EncryptionConfiguration", "KmsKey"], Need::CustomerKey),
        ],
        "`Repository::encryption_configuration(EncryptionConfiguration::new(EncryptionType::Kms).kms_key(key.arn()))`",
    ),
    (
        "AWS::Backup::BackupVault",
        &[(&["EncryptionKeyArn"], Need::CustomerKey)],
        "`BackupVault::encryption_key_arn(key.arn())`",
    ),
    ("AWS::CloudTrail::Trail", &[(&["KMSKeyId"], Need::CustomerKey)], "`Trail::kms_key_id(key.arn())`"),
];

pub(crate) fn check(
    template: &Template,
    scope_of: &dyn Fn(&str) -> Option<&'static str>,
    findings: &mut Findings<'_>,
) {
    for (id, decl) in &template.resources {
        let Some(regime) = scope_of(id) else { continue };
        let resource_type = decl.resource_type.as_str();
        if let Some((_, checks, fix)) = STORES.iter().find(|(t, _, _)| *t == resource_type) {
            let failed = failures(&decl.properties, checks);
            if !failed.is_empty() {
                findings.error(
                    Rule::ScopedStoreWithoutCustomerKey,
                    id,
                    format!(
                        "in a {regime}-scoped stack {resource_type} must be encrypted at rest with a customer managed key: {}. Set ⟦{fix} with a `KmsKey` of the stack‖those properties to the ARN of an `AWS::KMS::Key` of the stack (`Fn::GetAtt Key.Arn`)⟧",
                        failed.join(", ")
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::rules::tests::errors_in_scope;
    use crate::node::{Function, Node};
    use crate::template::resource::Properties;

    fn props(pairs: &[(&'static str, Node)]) -> Properties {
        let mut p = Properties::new();
        for (k, v) in pairs {
            p.set(k, v.clone());
        }
        p
    }

    fn queue_rule() -> &'static [Check] {
        STORES.iter().find(|(t, _, _)| *t == "AWS::SQS::Queue").unwrap().1
    }

    #[test]
    fn a_queue_needs_a_customer_key() {
        let missing = failures(&props(&[]), queue_rule());
        assert_eq!(missing, ["`KmsMasterKeyId` must be a customer managed key (not `alias/aws/…`)"]);
        let managed = props(&[("KmsMasterKeyId", Node::string("alias/aws/sqs"))]);
        assert_eq!(failures(&managed, queue_rule()).len(), 1);
        let arn = Node::call(Function::GetAtt, Node::List(vec![Node::string("Key"), Node::string("Arn")]));
        assert!(failures(&props(&[("KmsMasterKeyId", arn)]), queue_rule()).is_empty());
    }


    #[test]
    fn a_queue_under_the_aws_managed_key_is_refused_in_a_scoped_stack() {
        let yaml = "Resources:\n  Work:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: alias/aws/sqs\n";
        let found = errors_in_scope(yaml, "pci", Rule::ScopedStoreWithoutCustomerKey);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Work");
        assert!(
            found[0].message.starts_with("in a pci-scoped stack AWS::SQS::Queue must be encrypted at rest with a customer managed key"),
            "{}",
            found[0].message
        );
        let customer = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      EnableKeyRotation: true\n  Work:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: !GetAtt Key.Arn\n";
        assert_eq!(errors_in_scope(customer, "pci", Rule::ScopedStoreWithoutCustomerKey), []);
    }
}
