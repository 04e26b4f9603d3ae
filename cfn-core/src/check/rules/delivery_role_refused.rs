//! `delivery-role-refused`: A Firehose delivery stream's role may not write into its destination bucket or use the bucket's key.

use crate::check::fixes::{get_att, map, sub};
use crate::check::key_users::{
    key_policy, key_use_fix, named, role_allows, role_caller, role_may_use_key, role_policy_fix, through_service,
};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::{Node, NodeMap};
use crate::policy::eval::Request;
use crate::reference::ResourceRef;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-role-refused",
    summary: "A Firehose delivery stream's role may not write into its destination bucket (s3:PutObject) or ask the bucket's key for data keys: Firehose retries for a day, then drops the records.",
    description: "A Firehose delivery stream writes into an S3 bucket of the template with a role whose policies do not allow `s3:PutObject` on the bucket's objects, or, when the bucket (or the destination's `KMSEncryptionConfig`) encrypts with a KMS key of the template, the role may not `kms:GenerateDataKey` with that key through S3 (encryption context: the object's ARN, or the bucket's with an S3 Bucket Key). Firehose retries a refused delivery for up to a day and then drops the records. Allow `s3:PutObject` and the other S3 actions AWS documents on the bucket and its objects, and `kms:GenerateDataKey` and `kms:Decrypt` on the key under `kms:ViaService` `s3.<region>.amazonaws.com`.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html#using-iam-s3"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type == "AWS::KinesisFirehose::DeliveryStream" {
            destinations(template, env, id, decl.properties.as_map(), findings);
        }
    }
}

/// A Firehose delivery stream: its role reads the source stream (decrypting with the stream's
/// key) and writes into the destination bucket (asking the bucket's key, or the one the
/// destination names, for data keys). Firehose retries a refused write for up to a day, then
/// drops the records.
fn destinations<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let d = &env.deployment;
    for property in ["ExtendedS3DestinationConfiguration", "S3DestinationConfiguration"] {
        let Some(destination) = props.get(property).and_then(Node::as_map) else { continue };
        let (Some(role), Some(bucket)) = (destination.get("RoleARN"), destination.get("BucketARN")) else { continue };
        let Some(role_id) = named(env, role, "AWS::IAM::Role") else { continue };
        let Some(bucket_id) = named(env, bucket, "AWS::S3::Bucket") else { continue };
        // The role first: the fix goes in its policies.
        let targets = |others: Vec<ResourceRef>| {
            let mut targets = env.ref_to(role, role_id, "AWS::IAM::Role");
            targets.extend(others);
            targets
        };
        let bucket_ref = env.ref_to(bucket, bucket_id, "AWS::S3::Bucket");
        let bucket = &template.resources[bucket_id];
        let name = env.named(bucket_id, "BucketName", 0);
        let bucket_arn = format!("arn:{}:s3:::{name}", d.partition);
        let put = Request::new(role_caller(env, role_id), "s3:PutObject", format!("{bucket_arn}/«record»"));
        // The key the destination names, or else the bucket's default key, and what the role asks it.
        let named_key = destination
            .get("EncryptionConfiguration")
            .and_then(Node::as_map)
            .and_then(|e| e.get("KMSEncryptionConfig"))
            .and_then(Node::as_map)
            .and_then(|k| k.get("AWSKMSKeyARN"));
        let key = named_key.or_else(|| crate::check::deliveries::default_kms_key(&bucket.properties));
        let key = key.and_then(|k| Some((k, named(env, k, "AWS::KMS::Key")?))).and_then(|(key, key_id)| {
            let policy = key_policy(template, env, key_id)?;
            // With an S3 Bucket Key the encryption context is the bucket's ARN, not the object's.
            let context = if bucket_key_enabled(&bucket.properties) {
                bucket_arn.clone()
            } else {
                format!("{bucket_arn}/«record»")
            };
            let request = through_service(env, role_id, "kms:GenerateDataKey", key_id, "s3")
                .with("kms:EncryptionContext:aws:s3:arn", context);
            let refused = role_may_use_key(template, env, role_id, &policy, &request).err();
            Some((key, key_id, request, refused))
        });
        if role_allows(template, env, role_id, &put) == Some(false) {
            findings.error_at(
                Rule::DeliveryRoleRefused,
                id,
                targets(bucket_ref),
                format!(
                    "this delivery stream writes into bucket `{bucket_id}`, but no policy of its role `{role_id}` allows `s3:PutObject` on the bucket's objects: Firehose retries for a day, then drops the records. Allow `s3:PutObject` (and `s3:AbortMultipartUpload`, `s3:GetBucketLocation`, `s3:ListBucket`, `s3:ListBucketMultipartUploads`) on the bucket and `${{Bucket.Arn}}/*`"
                ),
            );
            // AWS's S3 statement for Firehose's role, and its key statement where the key leaves
            // that to IAM (else the next finding is the key's).
            let mut statements = vec![map([
                ("Effect", Node::string("Allow")),
                ("Action", crate::check::fixes::one_or_list(&S3_ACTIONS.map(str::to_owned))),
                ("Resource", Node::List(vec![get_att(bucket_id, "Arn"), sub(&format!("${{{bucket_id}.Arn}}/*"))])),
            ])];
            let mut requests = vec![put];
            if let Some((_, key_id, request, Some(_))) = key
                && let Some(TemplateFix::Resource { .. }) =
                    key_use_fix(template, env, role_id, key_id, &request, &["kms:Decrypt"])
            {
                statements.push(key_statement(key_id));
                requests.push(request);
            }
            if let Some(fix) = role_policy_fix(env, role_id, "DeliversToBucket", statements, &requests) {
                findings.with_fix(fix);
            }
            continue;
        }
        let Some((key, key_id, request, Some(why))) = key else { continue };
        findings.error_at(
            Rule::DeliveryRoleRefused,
            id,
            targets(env.ref_to(key, key_id, "AWS::KMS::Key").into_iter().chain(bucket_ref).collect()),
            format!(
                "this delivery stream writes into bucket `{bucket_id}`, encrypted with key `{key_id}`, but its role `{role_id}` may not `kms:GenerateDataKey` with it: {why}. Firehose retries for a day, then drops the records. Allow `kms:GenerateDataKey` and `kms:Decrypt` on `{key_id}` in the role's policy, under `kms:ViaService` `s3.${{AWS::Region}}.amazonaws.com`"
            ),
        );
        match key_use_fix(template, env, role_id, key_id, &request, &["kms:Decrypt"]) {
            // The role's policy: AWS's statement, scoped to S3's use of the key.
            Some(TemplateFix::Resource { .. }) => {
                if let Some(fix) =
                    role_policy_fix(env, role_id, &format!("Uses{key_id}"), vec![key_statement(key_id)], &[request])
                {
                    findings.with_fix(fix);
                }
            }
            Some(fix) => findings.with_fix(fix),
            None => {}
        }
    }
}

/// The S3 actions AWS documents for a Firehose role writing into a bucket.
const S3_ACTIONS: [&str; 6] = [
    "s3:AbortMultipartUpload",
    "s3:GetBucketLocation",
    "s3:GetObject",
    "s3:ListBucket",
    "s3:ListBucketMultipartUploads",
    "s3:PutObject",
];

/// AWS's key statement for a Firehose role writing into a bucket under key `key_id`: data keys
/// and decryption, through S3 in this Region.
fn key_statement(key_id: &str) -> Node {
    map([
        ("Effect", Node::string("Allow")),
        ("Action", Node::List(vec![Node::string("kms:GenerateDataKey"), Node::string("kms:Decrypt")])),
        ("Resource", get_att(key_id, "Arn")),
        ("Condition", map([("StringEquals", map([("kms:ViaService", sub("s3.${AWS::Region}.amazonaws.com"))]))])),
    ])
}

/// Whether a bucket's default encryption uses an S3 Bucket Key (`BucketKeyEnabled: true`): then S3
/// asks KMS with the bucket's ARN as encryption context, not the object's.
fn bucket_key_enabled(properties: &crate::template::resource::Properties) -> bool {
    let rules = properties
        .get("BucketEncryption")
        .and_then(Node::as_map)
        .and_then(|e| e.get("ServerSideEncryptionConfiguration"));
    let Some(Node::List(rules)) = rules else { return false };
    rules.iter().filter_map(Node::as_map).any(|rule| {
        rule.get("BucketKeyEnabled").is_some_and(|on| matches!(on, Node::Bool(true)) || on.as_str() == Some("true"))
    })
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::key_users::fixtures::{ROOT_KEY, role};
    use crate::check::rules::tests::{findings_after_fixes, findings_of};
    use crate::reference::ResourceRef;

    fn ids(targets: &[ResourceRef]) -> Vec<&str> {
        targets.iter().map(|t| t.logical_id.as_str()).collect()
    }

    fn stream(actions: &str) -> String {
        format!(
            "Resources:\n{ROOT_KEY}  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketEncryption:\n        ServerSideEncryptionConfiguration:\n          - ServerSideEncryptionByDefault: {{SSEAlgorithm: 'aws:kms', KMSMasterKeyID: !GetAtt Key.Arn}}\n{}  Stream:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt Role.Arn\n",
            role("firehose.amazonaws.com", actions)
        )
    }

    #[test]
    fn a_role_that_may_not_write_the_bucket_is_refused() {
        let found = findings_of(&stream("[s3:GetBucketLocation]"), Rule::DeliveryRoleRefused);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Stream");
        assert!(
            found[0].message.starts_with("this delivery stream writes into bucket `Bucket`, but no policy of its role `Role` allows `s3:PutObject`"),
            "{}",
            found[0].message
        );
        assert_eq!(ids(&found[0].targets), ["Role", "Bucket"]);
    }

    #[test]
    fn a_role_that_may_write_but_not_use_the_key_is_refused() {
        let found = findings_of(&stream("[s3:PutObject]"), Rule::DeliveryRoleRefused);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("encrypted with key `Key`, but its role `Role` may not `kms:GenerateDataKey`"), "{}", found[0].message);
        assert_eq!(ids(&found[0].targets), ["Role", "Key", "Bucket"]);
    }

    #[test]
    fn a_role_that_may_write_and_use_the_key_passes() {
        assert_eq!(findings_of(&stream("[s3:PutObject, kms:GenerateDataKey, kms:Decrypt]"), Rule::DeliveryRoleRefused), []);
    }

    #[test]
    fn the_policy_shown_lets_the_role_write_and_use_the_key() {
        // Neither: one policy with AWS's S3 statement and the key statement.
        let found = findings_of(&stream("[s3:GetBucketLocation]"), Rule::DeliveryRoleRefused);
        let Some(crate::check::TemplateFix::Resource { logical_id, resource }) = found[0].fix.as_deref() else {
            panic!("a role policy to add: {:?}", found[0].fix)
        };
        assert_eq!(logical_id, "RoleDeliversToBucket");
        let text = crate::emit::write_node(resource, crate::format::Format::Yaml).unwrap();
        assert!(text.contains("Resource:\n      - !GetAtt Bucket.Arn\n      - !Sub ${Bucket.Arn}/*\n"), "{text}");
        assert!(text.contains("kms:ViaService: !Sub s3.${AWS::Region}.amazonaws.com"), "{text}");
        assert_eq!(findings_after_fixes(&stream("[s3:GetBucketLocation]"), Rule::DeliveryRoleRefused), []);
        // The key alone.
        assert_eq!(findings_after_fixes(&stream("[s3:PutObject]"), Rule::DeliveryRoleRefused), []);
    }
}
