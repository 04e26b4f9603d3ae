//! `log-group-key-not-arn`: A log group's `KmsKeyId` is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it.
//!
//! A log group's `KmsKeyId` is read by the reader of references and the identity model: a key
//! of the template named by its ID (`Ref`, or an ID built as text) or by an alias, or a literal
//! that is not a key ARN, is refused.

use std::collections::HashMap;

use crate::check::logs::{GroupKey, KeyTarget, group_keys, is_key_arn};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::fixes::{self, get_att};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-group-key-not-arn",
    summary: "A log group's KmsKeyId is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it and the deployment fails.",
    description: "A log group's `KmsKeyId` names its key by the key's ID (`Ref Key`, or an ID built as text), by an alias (`alias/<name>` or the alias's ARN), or is literal text that is not a key ARN. CloudWatch Logs accepts only the full ARN of a symmetric KMS key in `AssociateKmsKey` and `CreateLogGroup`, so CloudFormation fails to create the log group and the stack rolls back. Pass the key's ARN: `Fn::GetAtt Key.Arn`⟦ (`key.arn()` in typed code, whose setter takes nothing else)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html"],
    page: "docs/guarded/log-group-key.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, policies: &HashMap<&'t str, Node>, findings: &mut Findings<'_>) {
    for GroupKey { group: id, key, target, key_id } in group_keys(template, env, policies) {
        match (target, key_id) {
            (KeyTarget::IdOf(named), Some(key_id)) => {
                findings.error_at(
                    Rule::LogGroupKeyNotArn,
                    id,
                    vec![named],
                    format!(
                        "`KmsKeyId` is `Ref {key_id}`, the key's ID; CloudWatch Logs takes only a key ARN and fails the deployment. Pass ⟦`key.arn()` (`Fn::GetAtt {key_id}.Arn`)‖the key's ARN, `Fn::GetAtt {key_id}.Arn`⟧"
                    ),
                );
                key_arn_fix(env, id, key, key_id, findings);
            }
            (KeyTarget::NotArnOf(named, form), Some(key_id)) => {
                let written = env.text(key).unwrap_or_default();
                findings.error_at(
                    Rule::LogGroupKeyNotArn,
                    id,
                    vec![named],
                    format!(
                        "`KmsKeyId` names key `{key_id}` by {} (`{written}`), not by its ARN; CloudWatch Logs takes only a key ARN, not a key ID or an alias, and fails the deployment. Use the key's ARN: `Fn::GetAtt {key_id}.Arn`⟦ (`key.arn()`)⟧",
                        form.what()
                    ),
                );
                key_arn_fix(env, id, key, key_id, findings);
            }
            (KeyTarget::Text(text), _) if !is_key_arn(text) => findings.error(
                Rule::LogGroupKeyNotArn,
                id,
                format!(
                    "`KmsKeyId` is `{text}`, which is not a key ARN (`arn:…:kms:<region>:<account>:key/<id>`); CloudWatch Logs takes only a key ARN, not a key ID or an alias, and fails the deployment"
                ),
            ),
            _ => {}
        }
    }
}

/// The fix of the finding reported last: the key's ARN where the group names it otherwise.
fn key_arn_fix(env: &Env<'_>, group: &str, key: &Node, key_id: &str, findings: &mut Findings<'_>) {
    if let Some(path) = fixes::path_of(env, group, key) {
        findings.with_fix(TemplateFix::Property { resource: group.to_owned(), path, value: get_att(key_id, "Arn") });
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::logs::{key_and_group, policy_with_logs};
    use crate::check::rules::tests::{findings_after_fixes, findings_of};
    use crate::reference::{By, ResourceRef};

    const CONTEXT: &str = "{ArnLike: {'kms:EncryptionContext:aws:logs:arn': !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'}}";

    #[test]
    fn a_key_id_is_refused_and_the_finding_names_the_key() {
        let found = findings_of(&key_and_group(&policy_with_logs(CONTEXT), "!Ref Key"), Rule::LogGroupKeyNotArn);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Group");
        assert!(found[0].message.starts_with("`KmsKeyId` is `Ref Key`, the key's ID"), "{}", found[0].message);
        assert_eq!(found[0].targets, [ResourceRef { logical_id: "Key".to_owned(), attribute: None, by: By::Ref }]);
    }

    #[test]
    fn an_alias_text_is_refused_and_a_key_arn_passes() {
        let alias = findings_of(&key_and_group("", "alias/orders"), Rule::LogGroupKeyNotArn);
        assert_eq!(alias.len(), 1, "{alias:?}");
        assert!(alias[0].message.contains("`alias/orders`, which is not a key ARN"), "{}", alias[0].message);
        assert_eq!(findings_of(&key_and_group(&policy_with_logs(CONTEXT), "!GetAtt Key.Arn"), Rule::LogGroupKeyNotArn), []);
    }

    #[test]
    fn the_value_shown_is_the_key_arn() {
        let yaml = key_and_group(&policy_with_logs(CONTEXT), "!Ref Key");
        let found = findings_of(&yaml, Rule::LogGroupKeyNotArn);
        let Some(crate::check::TemplateFix::Property { resource, path, value }) = found[0].fix.as_deref() else {
            panic!("a property to set: {:?}", found[0].fix)
        };
        assert_eq!((resource.as_str(), path.as_slice()), ("Group", &["KmsKeyId".to_owned()][..]));
        assert_eq!(crate::emit::write_node(value, crate::format::Format::Yaml).unwrap(), "!GetAtt Key.Arn\n");
        assert_eq!(findings_after_fixes(&yaml, Rule::LogGroupKeyNotArn), []);
    }
}
