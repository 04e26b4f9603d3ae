//! `consumer-cannot-decrypt`: A Lambda function or a Firehose delivery stream reads an encrypted queue or stream, and the key or its role's policies refuse it `kms:Decrypt`.

use crate::check::key_users::{encrypted_source, key_policy, key_use_fix, named, role_may_use_key, through_service};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::{Node, NodeMap};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "consumer-cannot-decrypt",
    summary: "A Lambda function or a Firehose delivery stream reads an encrypted SQS queue or Kinesis stream, and the key or the reader's role refuses kms:Decrypt: nothing is read.",
    description: "A Lambda event source mapping reads an SQS queue or a Kinesis stream encrypted with a KMS key of the template, or a Firehose delivery stream reads such a Kinesis stream, and the reader's role may not `kms:Decrypt` with the key: the key policy refuses it, or leaves it to IAM (the account root statement) and no policy of the role allows it. SQS and Kinesis decrypt records with the reader's credentials (with the queue's or stream's ARN as encryption context), so Lambda cannot read a record and the mapping retries until the records expire, and Firehose reads nothing. Allow `kms:Decrypt` on the key in the role's policy, or name the role in the key policy.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/lambda/latest/dg/services-sqs-configure.html", "https://docs.aws.amazon.com/streams/latest/dev/permissions-user-key-KMS.html"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        match decl.resource_type.as_str() {
            "AWS::Lambda::EventSourceMapping" => queue_consumer(template, env, id, decl.properties.as_map(), findings),
            "AWS::KinesisFirehose::DeliveryStream" => stream_source(template, env, id, decl.properties.as_map(), findings),
            _ => {}
        }
    }
}

/// An event source mapping from an encrypted queue or stream: the function's role decrypts the
/// records.
fn queue_consumer<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let Some((source_id, key_id, service, context_key, source_arn)) =
        props.get("EventSourceArn").and_then(|n| encrypted_source(template, env, n))
    else {
        return;
    };
    let Some(function_id) = props.get("FunctionName").and_then(|n| named(env, n, "AWS::Lambda::Function")) else {
        return;
    };
    let Some(role_id) =
        template.resources[function_id].properties.get("Role").and_then(|r| named(env, r, "AWS::IAM::Role"))
    else {
        return;
    };
    let Some(policy) = key_policy(template, env, key_id) else { return };
    let request = through_service(env, role_id, "kms:Decrypt", key_id, service).with(context_key, &source_arn);
    let what = if service == "sqs" { "queue" } else { "stream" };
    if let Err(why) = role_may_use_key(template, env, role_id, &policy, &request) {
        findings.error(
            Rule::ConsumerCannotDecrypt,
            id,
            format!(
                "function `{function_id}` reads {what} `{source_id}`, encrypted with key `{key_id}`, but its role `{role_id}` may not `kms:Decrypt` with it: {why}. Lambda cannot read a record, and the mapping retries until they expire. Allow `kms:Decrypt` on `{key_id}` in the role's policy⟦ (`Statement::allow(actions![\"kms:Decrypt\"]).resource(key.arn())`)⟧, or name the role in the key policy"
            ),
        );
        if let Some(fix) = key_use_fix(template, env, role_id, key_id, &request, &[]) {
            findings.with_fix(fix);
        }
    }
}

/// A Firehose delivery stream: its role reads the source stream (decrypting with the stream's
/// key) and writes into the destination bucket (asking the bucket's key, or the one the
/// destination names, for data keys). Firehose retries a refused write for up to a day, then
/// drops the records.
fn stream_source<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    if let Some(source) = props.get("KinesisStreamSourceConfiguration").and_then(Node::as_map)
        && let Some(role_id) = source.get("RoleARN").and_then(|r| named(env, r, "AWS::IAM::Role"))
        && let Some((stream_id, key_id, service, context_key, stream_arn)) =
            source.get("KinesisStreamARN").and_then(|s| encrypted_source(template, env, s))
        && let Some(policy) = key_policy(template, env, key_id)
    {
        let request = through_service(env, role_id, "kms:Decrypt", key_id, service).with(context_key, &stream_arn);
        if let Err(why) = role_may_use_key(template, env, role_id, &policy, &request) {
            findings.error(
                Rule::ConsumerCannotDecrypt,
                id,
                format!(
                    "this delivery stream reads stream `{stream_id}`, encrypted with key `{key_id}`, but its source role `{role_id}` may not `kms:Decrypt` with it: {why}. Firehose reads nothing. Allow `kms:Decrypt` on `{key_id}` in the role's policy, or name the role in the key policy"
                ),
            );
            if let Some(fix) = key_use_fix(template, env, role_id, key_id, &request, &[]) {
                findings.with_fix(fix);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::key_users::fixtures::{DEFAULT_KEY, ROOT_KEY, role};
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn consumer(actions: &str) -> String {
        consumer_with(ROOT_KEY, actions)
    }

    fn consumer_with(key: &str, actions: &str) -> String {
        format!(
            "Resources:\n{key}  Work:\n    Type: AWS::SQS::Queue\n    Properties:\n      KmsMasterKeyId: !GetAtt Key.Arn\n{}  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n      Handler: index.handler\n      Role: !GetAtt Role.Arn\n      Code: {{ZipFile: 'def handler(e, c): pass'}}\n  Mapping:\n    Type: AWS::Lambda::EventSourceMapping\n    Properties:\n      EventSourceArn: !GetAtt Work.Arn\n      FunctionName: !Ref Fn\n",
            role("lambda.amazonaws.com", actions)
        )
    }

    #[test]
    fn a_role_without_kms_decrypt_cannot_read_an_encrypted_queue() {
        let found = findings_of(&consumer("[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]"), Rule::ConsumerCannotDecrypt);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Mapping");
        assert!(
            found[0].message.starts_with("function `Fn` reads queue `Work`, encrypted with key `Key`, but its role `Role` may not `kms:Decrypt` with it"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_key_without_a_policy_delegates_to_iam_as_the_default_policy_does() {
        let without = consumer_with(DEFAULT_KEY, "[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]");
        let found = findings_of(&without, Rule::ConsumerCannotDecrypt);
        assert_eq!(found.len(), 1, "{found:?}");
        let with = consumer_with(DEFAULT_KEY, "[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes, kms:Decrypt]");
        assert_eq!(findings_of(&with, Rule::ConsumerCannotDecrypt), []);
    }

    #[test]
    fn a_role_allowed_kms_decrypt_passes() {
        let actions = "[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes, kms:Decrypt]";
        assert_eq!(findings_of(&consumer(actions), Rule::ConsumerCannotDecrypt), []);
    }

    #[test]
    fn the_policy_shown_lets_the_role_decrypt() {
        let yaml = consumer("[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes]");
        let found = findings_of(&yaml, Rule::ConsumerCannotDecrypt);
        let Some(crate::check::TemplateFix::Resource { logical_id, resource }) = found[0].fix.as_deref() else {
            panic!("a role policy to add: {:?}", found[0].fix)
        };
        assert_eq!(logical_id, "RoleDecryptKey");
        assert_eq!(
            crate::emit::write_node(resource, crate::format::Format::Yaml).unwrap(),
            "Type: AWS::IAM::Policy\nProperties:\n  PolicyName: RoleDecryptKey\n  Roles:\n  - !Ref Role\n  PolicyDocument:\n    Version: \"2012-10-17\"\n    Statement:\n    - Effect: Allow\n      Action: kms:Decrypt\n      Resource: !GetAtt Key.Arn\n"
        );
        assert_eq!(findings_after_fixes(&yaml, Rule::ConsumerCannotDecrypt), []);
    }

    #[test]
    fn a_key_that_names_principals_gets_the_role_in_its_policy() {
        // A key policy without the account root statement: only a statement naming the role lets it in.
        let key = "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Sid: Admin\n            Effect: Allow\n            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/admin'}\n            Action: kms:*\n            Resource: '*'\n";
        let yaml = consumer_with(key, "[sqs:ReceiveMessage, sqs:DeleteMessage, sqs:GetQueueAttributes, kms:Decrypt]");
        let found = findings_of(&yaml, Rule::ConsumerCannotDecrypt);
        assert_eq!(found.len(), 1, "{found:?}");
        let Some(crate::check::TemplateFix::Statement { policy_of, property, .. }) = found[0].fix.as_deref() else {
            panic!("a key statement to add: {:?}", found[0].fix)
        };
        assert_eq!((policy_of.as_str(), property.as_str()), ("Key", "KeyPolicy"));
        assert_eq!(findings_after_fixes(&yaml, Rule::ConsumerCannotDecrypt), []);
    }
}
