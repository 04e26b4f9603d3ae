//! `logs-grant-without-context`: A key policy lets CloudWatch Logs use the key for any account's log groups (no encryption-context condition).

use std::collections::HashMap;

use crate::check::logs::{OTHER_ACCOUNT, is_key_type, logs_request};
use crate::check::resolve::{Deployment, Env};
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::policy::eval::{self, Decision};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "logs-grant-without-context",
    summary: "A key policy lets CloudWatch Logs use the key for any account's log groups (no kms:EncryptionContext:aws:logs:arn condition).",
    description: "A key policy allows CloudWatch Logs (`logs.<region>.amazonaws.com`) to use the key with no condition on `kms:EncryptionContext:aws:logs:arn`: any account's log groups in the Region can then be encrypted with this key, which is the confused-deputy case AWS's documented statement prevents with an `ArnLike` condition on the encryption context naming the account's log groups. AWS deploys it, so it is a warning, and an error in a compliance-scoped stack. ⟦Use `KeyPolicy::grant_logs(LogsGrant::account_wide())` or `LogsGrant::for_log_groups` with at least one name‖Add the `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn` naming the account's log groups (`arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*`), as the finding's statement shows⟧.",
    level: Level::Warning,
    aws_docs: &["https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html", "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html"],
    page: "docs/guarded/logs-key-grant.md",
    fix: FixShown::LogsKeyStatement,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, policies: &HashMap<&str, Node>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if is_key_type(&decl.resource_type) && decl.properties.get("KeyPolicy").is_some() {
            open_to_every_account(env, id, &policies[id.as_str()], findings);
        }
    }
}

/// A key whose policy lets CloudWatch Logs use it for a log group of another account: the
/// statement lacks the encryption-context condition (the PCI stack's generic statement for S3,
/// Lambda and CloudWatch Logs once its principal is made regional, or `LogsGrant::for_log_groups`
/// given no names).
fn open_to_every_account(env: &Env<'_>, key_id: &str, policy: &Node, findings: &mut Findings<'_>) {
    let Deployment { partition, region, .. } = &env.deployment;
    let foreign = format!("arn:{partition}:logs:{region}:{OTHER_ACCOUNT}:log-group:«another account's group»");
    let resolve = |node: &Node| env.text(node);
    let decision =
        eval::evaluate(policy, &logs_request(&env.deployment, "kms:GenerateDataKey", key_id, &foreign), &resolve);
    if let Decision::Allowed { statement } = decision {
        // AWS deploys it: a refusal in a scoped stack, a warning elsewhere (typed code cannot
        // write it: `KmsKey` refuses a grant that names no log group).
        findings.error_in_scope(
            Rule::LogsGrantWithoutContext,
            key_id,
            format!(
                "the key policy's {statement} lets CloudWatch Logs use the key for any account's log groups: it has no `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn` (a confused-deputy risk, and not the statement AWS documents). ⟦Use `KeyPolicy::grant_logs(LogsGrant::account_wide())`, or `LogsGrant::for_log_groups` with at least one name‖Give the statement an `ArnLike` condition on `kms:EncryptionContext:aws:logs:arn` naming the log groups' ARNs⟧"
            ),
        );
    }
}


#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::logs::{key_and_group, policy_with_logs};
    use crate::check::rules::tests::findings_of;

    const CONTEXT: &str = "{ArnLike: {'kms:EncryptionContext:aws:logs:arn': !Sub 'arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*'}}";

    #[test]
    fn a_statement_without_the_encryption_context_is_open_to_every_account() {
        let found = findings_of(&key_and_group(&policy_with_logs(""), "!GetAtt Key.Arn"), Rule::LogsGrantWithoutContext);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Key");
        assert!(found[0].message.contains("lets CloudWatch Logs use the key for any account's log groups"), "{}", found[0].message);
    }

    #[test]
    fn a_statement_scoped_to_the_accounts_groups_passes() {
        assert_eq!(findings_of(&key_and_group(&policy_with_logs(CONTEXT), "!GetAtt Key.Arn"), Rule::LogsGrantWithoutContext), []);
    }
}
