//! `log-group-key-denies-logs`: A log group's key, in the template, has a policy that does not let CloudWatch Logs use it for this group.
//!
//! The key of the template a log group names by its ARN is asked, by its policy evaluated as KMS
//! evaluates it, each request CloudWatch Logs makes for the group ([`crate::check::logs`]).

use std::collections::HashMap;

use crate::check::logs::{CONTEXT_KEY, GRANT_FIX, GroupKey, KeyTarget, group_keys, refused};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::policy::eval::Decision;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "log-group-key-denies-logs",
    summary: "A log group's KMS key, in the template, has a policy that does not let CloudWatch Logs (logs.<region>.amazonaws.com) use it for this group: the deployment fails.",
    description: "A log group is encrypted with a KMS key of the same template whose key policy, evaluated as KMS evaluates it, does not let CloudWatch Logs (the regional principal `logs.<region>.amazonaws.com`) make the requests it makes for this group (`kms:Encrypt`, `kms:Decrypt`, `kms:ReEncrypt*`, `kms:GenerateDataKey*`, with the group's ARN as `kms:EncryptionContext:aws:logs:arn`). CloudWatch Logs checks the key when the group is created, so the deployment fails (\"The specified KMS key does not exist or is not allowed to be used with Arn …\"). Give the key AWS's documented statement for CloudWatch Logs, with an `ArnLike` condition on the encryption context that matches this group⟦ (`KeyPolicy::grant_logs`)⟧, or narrow a Deny that catches the service.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html"],
    page: "docs/guarded/log-group-key.md",
    fix: FixShown::LogsKeyStatement,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, policies: &HashMap<&'t str, Node>, findings: &mut Findings<'_>) {
    for GroupKey { group: id, target, key_id, .. } in group_keys(template, env, policies) {
        let (KeyTarget::ArnOf(named), Some(key_id)) = (target, key_id) else { continue };
        let group_arn = env.deployment.log_group_arn(&env.log_group_name(id, 0));
        if let Some((action, decision)) = refused(env, key_id, &policies[key_id], &group_arn) {
            let fix = match &decision {
                Decision::Denied { .. } => "narrow the Deny so that it does not apply to AWS services (e.g. `\"BoolIfExists\": {\"aws:PrincipalIsAWSService\": \"false\"}`), or use another key".to_owned(),
                Decision::NotAllowed { misses } if misses.iter().any(|m| m.reason.contains(CONTEXT_KEY)) => {
                    "name this log group in the key's grant⟦ (`LogsGrant::for_log_groups`), or grant every group of the account (`LogsGrant::account_wide()`)‖ (the `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn`), or grant every group of the account⟧".to_owned()
                }
                _ => GRANT_FIX.to_owned(),
            };
            let name = group_arn.rsplit_once(":log-group:").map_or(group_arn.as_str(), |(_, name)| name);
            findings.error_at(
                Rule::LogGroupKeyDeniesLogs,
                id,
                vec![named],
                format!(
                    "CloudWatch Logs cannot use key `{key_id}` for log group `{name}`, so the deployment fails (\"The specified KMS key does not exist or is not allowed to be used with Arn …\"). KMS answers its `{action}` request: {decision}. To fix it, {fix}"
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::logs::{key_and_group, policy_with_logs};
    use crate::check::rules::tests::findings_of;

    const CONTEXT: &str = "{ArnLike: {'kms:EncryptionContext:aws:logs:arn': !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'}}";

    #[test]
    fn the_default_key_policy_refuses_cloudwatch_logs() {
        let found = findings_of(&key_and_group("", "!GetAtt Key.Arn"), Rule::LogGroupKeyDeniesLogs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Group");
        assert!(found[0].message.starts_with("CloudWatch Logs cannot use key `Key` for log group `orders`"), "{}", found[0].message);
        assert_eq!(found[0].targets.iter().map(|t| t.logical_id.as_str()).collect::<Vec<_>>(), ["Key"]);
    }

    #[test]
    fn the_documented_statement_lets_cloudwatch_logs_in() {
        assert_eq!(findings_of(&key_and_group(&policy_with_logs(CONTEXT), "!GetAtt Key.Arn"), Rule::LogGroupKeyDeniesLogs), []);
    }
}
