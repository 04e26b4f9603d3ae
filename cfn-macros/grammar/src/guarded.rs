//! Properties whose value carries a guarantee: only typed paths may set them. The untyped
//! escape hatch refuses them: `raw_resource!` at compile time, `RawResource::property` when the
//! template is emitted. `cargo xtask codegen` checks that this list and the generator's override
//! table (the properties whose generated setters take a typed value) name the same properties.

/// (resource type, property, the typed way to set it).
pub const GUARDED_PROPERTIES: [(&str, &str, &str); 19] = [
    ("AWS::Logs::LogGroup", "KmsKeyId", "`LogGroup::kms_key_id(key.arn())` with a key whose policy has `grant_logs`"),
    ("AWS::KMS::Key", "KeyPolicy", "`KmsKey::new(KeyPolicy::account_root()…)`"),
    ("AWS::KMS::ReplicaKey", "KeyPolicy", "`ReplicaKey::new(KeyPolicy::account_root()…, primary_key_arn)`"),
    ("AWS::RDS::DBCluster", "MasterUserPassword", "a Secrets Manager secret through the typed DBCluster setter"),
    ("AWS::RDS::DBInstance", "MasterUserPassword", "a Secrets Manager secret through the typed DBInstance setter"),
    ("AWS::RDS::DBCluster", "EnableCloudwatchLogsExports", "the typed RDS log exports, which create encrypted log groups first"),
    ("AWS::RDS::DBInstance", "EnableCloudwatchLogsExports", "the typed RDS log exports, which create encrypted log groups first"),
    ("AWS::DocDB::DBCluster", "MasterUserPassword", "a Secrets Manager secret"),
    ("AWS::Redshift::Cluster", "MasterUserPassword", "a Secrets Manager secret"),
    ("AWS::IAM::Role", "AssumeRolePolicyDocument", "`Role::new(TrustPolicy::new([…]))`, whose actions are checked"),
    ("AWS::IAM::ManagedPolicy", "PolicyDocument", "`ManagedPolicy::new(IdentityPolicy::new([…]))`, whose actions are checked"),
    ("AWS::IAM::RolePolicy", "PolicyDocument", "`RolePolicy::new(…).policy_document(IdentityPolicy::new([…]))`"),
    ("AWS::IAM::Policy", "PolicyDocument", "`Policy::new(IdentityPolicy::new([…]), name)`, whose actions are checked"),
    ("AWS::IAM::UserPolicy", "PolicyDocument", "`UserPolicy::new(…).policy_document(IdentityPolicy::new([…]))`"),
    ("AWS::IAM::GroupPolicy", "PolicyDocument", "`GroupPolicy::new(…).policy_document(IdentityPolicy::new([…]))`"),
    ("AWS::SQS::QueuePolicy", "PolicyDocument", "`QueuePolicy::new(ResourcePolicy::new([…]), queues)`"),
    ("AWS::SNS::TopicPolicy", "PolicyDocument", "`TopicPolicy::new(ResourcePolicy::new([…]), topics)`"),
    ("AWS::SecretsManager::ResourcePolicy", "ResourcePolicy", "`ResourcePolicy::new(ResourcePolicy::new([…]), secret)` from `resources::secretsmanager`"),
    ("AWS::S3::BucketPolicy", "PolicyDocument", "`BucketPolicy::new(bucket, policy::BucketPolicy::new([…]))`"),
];

/// The typed way to set `property` of `resource_type`, if it is guarded.
pub fn guarded_fix(resource_type: &str, property: &str) -> Option<&'static str> {
    GUARDED_PROPERTIES.iter().find(|(t, p, _)| *t == resource_type && *p == property).map(|(_, _, fix)| *fix)
}
