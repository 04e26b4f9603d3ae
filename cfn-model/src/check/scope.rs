//! Compliance-scoped stacks, in the final template: whatever way a resource came in (typed,
//! raw, parsed, or added after `Stack::into_template`), a scoped stack's template holds only
//! resources that meet the regime.
//!
//! - The guard table's scoped types (log groups, buckets, databases, secrets, keys) enter a
//!   `Stack<C>` at compile time only as their secure counterparts; here, the guarantee those
//!   counterparts write is what is checked ([`GUARANTEES`]), so a raw or parsed one is held to
//!   the same rule.
//! - The data stores without a secure counterpart ([`STORES`]) are admitted as their generated
//!   types, because their encryption is one or two properties: those properties are checked.
//!
//! An intrinsic (a `Ref`, an `Fn::ImportValue`) is given the benefit of the doubt: only a literal
//! that breaks the rule, or a missing property, is reported. An `Fn::If` is judged branch by
//! branch (`views`).

use crate::check::resolve::Env;
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::template::Template;
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
    /// Anything but a literal (a dynamic reference or an intrinsic).
    NotLiteral,
}

/// One property (a path into nested property types) and what it must hold.
type Check = (&'static [&'static str], Need);

/// Where a bucket's default encryption names its algorithm.
const SSE_ALGORITHM: &[&str] =
    &["BucketEncryption", "ServerSideEncryptionConfiguration", "0", "ServerSideEncryptionByDefault", "SSEAlgorithm"];

/// The guarantee each scoped type's secure counterpart writes: (type, checks, skip when this
/// property is set, the counterpart). A DB instance in an Aurora cluster takes its encryption
/// from the cluster.
const GUARANTEES: &[(&str, &[Check], Option<&str>)] = &[
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

/// The data stores without a secure counterpart: (resource type, checks, the setter that fixes it).
const STORES: &[(&str, &[Check], &str)] = &[
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

pub(super) fn check(
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
                        "in a {regime}-scoped stack {resource_type} must be what its secure counterpart builds: {}. Use {counterpart}.{note}",
                        failed.join(", ")
                    ),
                );
            }
        }
        if let Some((_, checks, fix)) = STORES.iter().find(|(t, _, _)| *t == resource_type) {
            let failed = failures(&decl.properties, checks);
            if !failed.is_empty() {
                findings.error(
                    Rule::ScopedStoreWithoutCustomerKey,
                    id,
                    format!(
                        "in a {regime}-scoped stack {resource_type} must be encrypted at rest with a customer managed key: {}. Set {fix} with a `KmsKey` of the stack",
                        failed.join(", ")
                    ),
                );
            }
        }
    }
}

/// Whether another bucket of the template sends its server access logs to bucket `id`.
fn is_access_log_target(template: &Template, env: &Env<'_>, id: &str) -> bool {
    let names_bucket = |node: Option<&Node>| {
        node.and_then(|node| crate::check::resolve::referenced(env, node, "AWS::S3::Bucket"))
            .is_some_and(|(bucket, _)| bucket == id)
    };
    template.resources.values().any(|decl| {
        let properties = &decl.properties;
        match decl.resource_type.as_str() {
            "AWS::S3::Bucket" => names_bucket(lookup(properties, &["LoggingConfiguration", "DestinationBucketName"])),
            // CloudFront standard logs, by the bucket's domain name (`Fn::GetAtt B.RegionalDomainName`).
            "AWS::CloudFront::Distribution" => {
                names_bucket(lookup(properties, &["DistributionConfig", "Logging", "Bucket"]))
            }
            // Application Load Balancer access logs (`access_logs.s3.bucket`).
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => match properties.get("LoadBalancerAttributes") {
                Some(Node::List(attributes)) => attributes.iter().filter_map(Node::as_map).any(|attribute| {
                    attribute.get("Key").and_then(Node::as_str) == Some("access_logs.s3.bucket")
                        && names_bucket(attribute.get("Value"))
                }),
                _ => false,
            },
            _ => false,
        }
    })
}

/// What `checks` find wrong in `properties`, in words.
fn failures(properties: &Properties, checks: &[Check]) -> Vec<String> {
    checks
        .iter()
        .filter(|(path, need)| !holds(lookup(properties, path), *need))
        .map(|(path, need)| {
            let what = match need {
                Need::True => "`true`".to_owned(),
                Need::OneOf(texts) => texts.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or "),
                Need::CustomerKey => "a customer managed key (not `alias/aws/…`)".to_owned(),
                Need::NotLiteral => "resolved from Secrets Manager, never literal text".to_owned(),
            };
            format!("`{}` must be {what}", path.join("."))
        })
        .collect()
}

fn lookup<'a>(properties: &'a Properties, path: &[&str]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let mut node = properties.get(first)?;
    for name in rest {
        node = match node {
            Node::Map(map) => map.get(*name)?,
            Node::List(items) => items.get(name.parse::<usize>().ok()?)?,
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
        (Some(Node::String(s)), Need::CustomerKey) => !s.starts_with("alias/aws/") && !s.contains(":alias/aws/"),
        (Some(Node::String(s)), Need::NotLiteral) => s.starts_with("{{resolve:"),
        (Some(_), _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::node::Function;

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
    fn list_elements_are_looked_up_by_index() {
        let by_default = Node::Map([("SSEAlgorithm".to_owned(), Node::string("AES256"))].into_iter().collect());
        let rule = Node::Map([("ServerSideEncryptionByDefault".to_owned(), by_default)].into_iter().collect());
        let encryption =
            Node::Map([("ServerSideEncryptionConfiguration".to_owned(), Node::List(vec![rule]))].into_iter().collect());
        let p = props(&[("BucketEncryption", encryption)]);
        let path: &[&str] = &[
            "BucketEncryption",
            "ServerSideEncryptionConfiguration",
            "0",
            "ServerSideEncryptionByDefault",
            "SSEAlgorithm",
        ];
        assert_eq!(lookup(&p, path), Some(&Node::string("AES256")));
    }
}
