//! Encryption at rest for the data stores that have no secure counterpart: in a
//! compliance-scoped stack they must name a customer managed key, checked when the resource is
//! added and reported when the template is emitted.
//!
//! Log groups, buckets, RDS databases, secrets and keys are refused at compile time in a scoped
//! stack (their secure counterparts are the way in). The stores below are admitted as their
//! generated types, because their encryption is one or two properties; those properties are
//! what this table checks. An intrinsic (a `Ref`, an `Fn::If`) is given the benefit of the
//! doubt: only a literal that breaks the rule, or a missing property, is reported.

use crate::node::Node;
use crate::template::resource::Properties;

/// What a property must hold.
#[derive(Debug, Clone, Copy)]
enum Need {
    /// `true`.
    True,
    /// One of these literal texts.
    OneOf(&'static [&'static str]),
    /// A key that is not AWS managed: anything but an `alias/aws/…` literal.
    CustomerKey,
}

/// One property (a path into nested property types) and what it must hold.
type Check = (&'static [&'static str], Need);

/// (resource type, checks, the setter that fixes it).
const RULES: &[(&str, &[Check], &str)] = &[
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
        &[(&["StreamEncryption", "EncryptionType"], Need::OneOf(&["KMS"])), (&["StreamEncryption", "KeyId"], Need::CustomerKey)],
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
    ("AWS::Backup::BackupVault", &[(&["EncryptionKeyArn"], Need::CustomerKey)], "`BackupVault::encryption_key_arn(key.arn())`"),
    ("AWS::CloudTrail::Trail", &[(&["KMSKeyId"], Need::CustomerKey)], "`Trail::kms_key_id(key.arn())`"),
];

/// Why a resource of `resource_type` with `properties` breaks the scoped stack's rule on
/// encryption at rest, if it does.
pub(crate) fn problem(regime: &str, resource_type: &str, properties: &Properties) -> Option<String> {
    let (_, checks, fix) = RULES.iter().find(|(t, _, _)| *t == resource_type)?;
    let failed: Vec<String> = checks
        .iter()
        .filter(|(path, need)| !holds(lookup(properties, path), *need))
        .map(|(path, need)| {
            let what = match need {
                Need::True => "`true`".to_owned(),
                Need::OneOf(texts) => texts.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or "),
                Need::CustomerKey => "a customer managed key (not `alias/aws/…`)".to_owned(),
            };
            format!("`{}` must be {what}", path.join("."))
        })
        .collect();
    if failed.is_empty() {
        return None;
    }
    Some(format!(
        "in a {regime}-scoped stack {resource_type} must be encrypted at rest with a customer managed key: {}. Set {fix} with a `KmsKey` of the stack",
        failed.join(", ")
    ))
}

fn lookup<'a>(properties: &'a Properties, path: &[&str]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let mut node = properties.get(first)?;
    for name in rest {
        node = match node {
            Node::Map(map) => map.get(*name)?,
            // An intrinsic that yields the whole property type: not knowable here.
            Node::Fn(..) => return Some(node),
            _ => return None,
        };
    }
    Some(node)
}

fn holds(value: Option<&Node>, need: Need) -> bool {
    match (value, need) {
        (None, _) => false,
        (Some(Node::Fn(..)), _) => true,
        (Some(Node::Bool(b)), Need::True) => *b,
        (Some(Node::String(s)), Need::True) => s.eq_ignore_ascii_case("true"),
        (Some(Node::String(s)), Need::OneOf(texts)) => texts.contains(&s.as_str()),
        (Some(Node::String(s)), Need::CustomerKey) => !s.starts_with("alias/aws/"),
        (Some(_), _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&'static str, Node)]) -> Properties {
        let mut p = Properties::new();
        for (k, v) in pairs {
            p.set(k, v.clone());
        }
        p
    }

    #[test]
    fn a_queue_needs_a_customer_key() {
        let missing = problem("PCI DSS", "AWS::SQS::Queue", &props(&[]));
        assert!(missing.unwrap().contains("`KmsMasterKeyId` must be a customer managed key"));
        let managed = props(&[("KmsMasterKeyId", Node::string("alias/aws/sqs"))]);
        assert!(problem("PCI DSS", "AWS::SQS::Queue", &managed).is_some());
        let customer = props(&[("KmsMasterKeyId", Node::call(crate::node::Function::GetAtt, Node::List(vec![Node::string("Key"), Node::string("Arn")])))]);
        assert_eq!(problem("PCI DSS", "AWS::SQS::Queue", &customer), None);
    }

    #[test]
    fn types_without_a_rule_pass() {
        assert_eq!(problem("HIPAA", "AWS::EC2::VPC", &props(&[])), None);
    }
}
