//! The override table: the one place where a generated property gets a hand-written type
//! instead of the one the schema implies, and where the schemas need a correction.
//!
//! Every entry names the type and property it touches; `cargo xtask codegen` fails if an entry
//! matches nothing, so the table cannot rot silently when the schemas move.

/// A setter whose parameter is a hand-written type from `cfn_model::secure` or
/// `cfn_model::policy`.
pub struct PropertyOverride {
    pub type_name: &'static str,
    pub property: &'static str,
    /// The parameter type, as written in the signature.
    pub param: &'static str,
    /// The statement that stores the value: `{props}` is the property bag, `{value}` the
    /// parameter.
    pub store: &'static str,
    /// What the setter's docs say instead of the schema's description.
    pub doc: &'static str,
}

const LOG_GROUP_KEY: &str = "The ARN of a KMS key whose policy grants CloudWatch Logs: `key.arn()` of a [`crate::secure::KmsKey`] built with `grant_logs`, or [`crate::secure::ExternalKey::from_arn`]`(…).asserting_logs_grant()` for a key outside the template. The key ID (`key.key_id()`, a `Ref`) does not fit: CloudWatch Logs needs the ARN.";
const DB_PASSWORD: &str = "The master password, from a Secrets Manager secret only: a [`crate::secure::DatabaseCredentials`] gives `{{resolve:secretsmanager:…:SecretString:password}}`. A literal or a plain parameter does not compile.";
const RDS_EXPORTS: &str = "The logs to export, with the encrypted log groups RDS writes them to (see [`crate::secure::ExportedLogs`]). Also sets the identifier and the engine the groups are named for, and makes this resource depend on the groups.";

pub const PROPERTIES: &[PropertyOverride] = &[
    PropertyOverride {
        type_name: "AWS::Logs::LogGroup",
        property: "KmsKeyId",
        param: "impl crate::secure::LogGroupKey",
        store: "{props}.set(\"KmsKeyId\", crate::secure::LogGroupKey::into_key_node({value}));",
        doc: LOG_GROUP_KEY,
    },
    PropertyOverride {
        type_name: "AWS::KMS::Key",
        property: "KeyPolicy",
        param: "crate::secure::KeyPolicy<impl ::core::marker::Sized>",
        store: "{props}.set(\"KeyPolicy\", {value}.to_node());",
        doc: "The key policy, typed: [`crate::secure::KeyPolicy`]. Prefer [`crate::secure::KmsKey`], whose type records the policy's grants so that log groups and databases can require them.",
    },
    PropertyOverride {
        type_name: "AWS::KMS::ReplicaKey",
        property: "KeyPolicy",
        param: "crate::secure::KeyPolicy<impl ::core::marker::Sized>",
        store: "{props}.set(\"KeyPolicy\", {value}.to_node());",
        doc: "The replica's key policy, typed: [`crate::secure::KeyPolicy`] (a replica has a policy of its own).",
    },
    PropertyOverride {
        type_name: "AWS::RDS::DBCluster",
        property: "MasterUserPassword",
        param: "impl crate::secure::DatabasePassword",
        store: "{props}.set(\"MasterUserPassword\", crate::secure::DatabasePassword::into_password_node({value}));",
        doc: DB_PASSWORD,
    },
    PropertyOverride {
        type_name: "AWS::RDS::DBInstance",
        property: "MasterUserPassword",
        param: "impl crate::secure::DatabasePassword",
        store: "{props}.set(\"MasterUserPassword\", crate::secure::DatabasePassword::into_password_node({value}));",
        doc: DB_PASSWORD,
    },
    PropertyOverride {
        type_name: "AWS::DocDB::DBCluster",
        property: "MasterUserPassword",
        param: "impl crate::secure::DatabasePassword",
        store: "{props}.set(\"MasterUserPassword\", crate::secure::DatabasePassword::into_password_node({value}));",
        doc: DB_PASSWORD,
    },
    PropertyOverride {
        type_name: "AWS::Redshift::Cluster",
        property: "MasterUserPassword",
        param: "impl crate::secure::DatabasePassword",
        store: "{props}.set(\"MasterUserPassword\", crate::secure::DatabasePassword::into_password_node({value}));",
        doc: DB_PASSWORD,
    },
    PropertyOverride {
        type_name: "AWS::RDS::DBCluster",
        property: "EnableCloudwatchLogsExports",
        param: "impl crate::secure::RdsLogExports<crate::secure::ClusterLogs>",
        store: "crate::secure::RdsLogExports::store_exports({value}, &mut {props});",
        doc: RDS_EXPORTS,
    },
    PropertyOverride {
        type_name: "AWS::RDS::DBInstance",
        property: "EnableCloudwatchLogsExports",
        param: "impl crate::secure::RdsLogExports<crate::secure::InstanceLogs>",
        store: "crate::secure::RdsLogExports::store_exports({value}, &mut {props});",
        doc: RDS_EXPORTS,
    },
    PropertyOverride {
        type_name: "AWS::IAM::Role",
        property: "AssumeRolePolicyDocument",
        param: "crate::policy::TrustPolicy",
        store: "{props}.set(\"AssumeRolePolicyDocument\", {value}.to_node());",
        doc: "The trust policy: who may assume the role. Typed: [`crate::policy::TrustPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::IAM::ManagedPolicy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The policy document. Typed: [`crate::policy::IdentityPolicy`]; action literals are checked against AWS's action list.",
    },
    PropertyOverride {
        type_name: "AWS::IAM::RolePolicy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The policy document. Typed: [`crate::policy::IdentityPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::IAM::Policy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The policy document. Typed: [`crate::policy::IdentityPolicy`]; action literals are checked against AWS's action list.",
    },
    PropertyOverride {
        type_name: "AWS::IAM::UserPolicy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The policy document. Typed: [`crate::policy::IdentityPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::IAM::GroupPolicy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The policy document. Typed: [`crate::policy::IdentityPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::IAM::Role.Policy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "An inline policy's document. Typed: [`crate::policy::IdentityPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::IAM::User.Policy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "An inline policy's document. Typed: [`crate::policy::IdentityPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::IAM::Group.Policy",
        property: "PolicyDocument",
        param: "crate::policy::IdentityPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "An inline policy's document. Typed: [`crate::policy::IdentityPolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::SQS::QueuePolicy",
        property: "PolicyDocument",
        param: "crate::policy::ResourcePolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The queue policy. Typed: [`crate::policy::ResourcePolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::SNS::TopicPolicy",
        property: "PolicyDocument",
        param: "crate::policy::ResourcePolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The topic policy. Typed: [`crate::policy::ResourcePolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::SecretsManager::ResourcePolicy",
        property: "ResourcePolicy",
        param: "crate::policy::ResourcePolicy",
        store: "{props}.set(\"ResourcePolicy\", {value}.to_node());",
        doc: "The secret's resource policy. Typed: [`crate::policy::ResourcePolicy`].",
    },
    PropertyOverride {
        type_name: "AWS::S3::BucketPolicy",
        property: "PolicyDocument",
        param: "crate::policy::BucketPolicy",
        store: "{props}.set(\"PolicyDocument\", {value}.to_node());",
        doc: "The bucket policy. Typed: [`crate::policy::BucketPolicy`].",
    },
];

/// `Fn::GetAtt` attributes the registry schemas do not list as read-only but CloudFormation
/// accepts (older types whose plain properties are also attributes).
pub struct ExtraAttribute {
    pub type_name: &'static str,
    pub attribute: &'static str,
    pub doc: &'static str,
}

pub const ATTRIBUTES: &[ExtraAttribute] = &[
    ExtraAttribute { type_name: "AWS::SNS::Topic", attribute: "TopicName", doc: "The topic's name." },
    ExtraAttribute { type_name: "AWS::EC2::VPC", attribute: "CidrBlock", doc: "The VPC's primary IPv4 CIDR block." },
];

/// Types whose plain (generated) form may break a compliance regime: they get no
/// `Unguarded` impl, so a `Stack<Pci>` or `Stack<Hipaa>` takes only their secure counterparts.
pub const COMPLIANCE_GUARDED: &[&str] = &[
    "AWS::Logs::LogGroup",
    "AWS::S3::Bucket",
    "AWS::RDS::DBCluster",
    "AWS::RDS::DBInstance",
    "AWS::DocDB::DBCluster",
    "AWS::Neptune::DBCluster",
    "AWS::Redshift::Cluster",
    "AWS::SecretsManager::Secret",
    "AWS::KMS::Key",
];

pub fn property(type_name: &str, property: &str) -> Option<&'static PropertyOverride> {
    PROPERTIES.iter().find(|o| o.type_name == type_name && o.property == property)
}

/// Features that need others: the hand-written types an override puts in a service's setters
/// live behind the features of the services they build on.
pub const FEATURE_REQUIRES: &[(&str, &[&str])] = &[
    // ExportedLogs creates encrypted log groups; DatabasePassword comes from a secret.
    ("rds", &["logs", "secretsmanager"]),
    ("docdb", &["secretsmanager"]),
    ("redshift", &["secretsmanager"]),
];
