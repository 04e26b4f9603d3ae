//! `policy-duplicate-sid`: Two statements of one key policy share a Sid: KMS refuses the policy.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "policy-duplicate-sid",
    summary: "Two statements of one key policy share a Sid: KMS refuses the policy.",
    description: "Two statements of one KMS key policy have the same `Sid`. KMS requires statement IDs to be unique within a key policy and refuses the policy (`MalformedPolicyDocumentException`), so creating or updating the key fails. Give each statement its own `Sid`, or merge the two statements.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html", "https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html"],
    page: "docs/guarded/logs-key-grant.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check(template: &Template, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if crate::check::logs::is_key_type(&decl.resource_type)
            && let Some(policy) = decl.properties.get("KeyPolicy")
        {
            duplicate_sids(id, policy, findings);
        }
    }
}

/// Statements of one key policy that share a Sid: KMS refuses the policy. The fix renames the
/// later statement (`Root` → `Root2`, a Sid no statement has).
fn duplicate_sids(key_id: &str, policy: &Node, findings: &mut Findings<'_>) {
    let Some(Node::List(statements)) = policy.as_map().and_then(|p| p.get("Statement")) else { return };
    let sids: Vec<&str> = statements.iter().filter_map(sid_of).collect();
    let mut seen: Vec<&str> = Vec::new();
    for (index, statement) in statements.iter().enumerate() {
        let Some(sid) = sid_of(statement) else { continue };
        // Reported once, at the second statement with the Sid.
        if seen.iter().filter(|s| **s == sid).count() == 1 {
            findings.error(
                Rule::PolicyDuplicateSid,
                key_id,
                format!("two statements of the key policy have the Sid \"{sid}\"; KMS refuses the policy (MalformedPolicyDocument). Give each statement its own Sid, or merge them"),
            );
            let unique = (2..).map(|n| format!("{sid}{n}")).find(|new| !sids.contains(&new.as_str()));
            if let Some(unique) = unique {
                findings.with_fix(TemplateFix::Property {
                    resource: key_id.to_owned(),
                    path: vec!["KeyPolicy".to_owned(), "Statement".to_owned(), index.to_string(), "Sid".to_owned()],
                    value: Node::string(unique),
                });
            }
        }
        seen.push(sid);
    }
}

/// A statement's `Sid`, when it is text.
fn sid_of(statement: &Node) -> Option<&str> {
    statement.as_map()?.get("Sid")?.as_str()
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::logs::{key_and_group, policy_with_logs};
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    #[test]
    fn two_statements_with_one_sid_are_refused() {
        let policy = policy_with_logs("").replace("Sid: Logs", "Sid: Root");
        let found = findings_of(&key_and_group(&policy, "!GetAtt Key.Arn"), Rule::PolicyDuplicateSid);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Key");
        assert!(found[0].message.starts_with("two statements of the key policy have the Sid \"Root\""), "{}", found[0].message);
        assert_eq!(findings_after_fixes(&key_and_group(&policy, "!GetAtt Key.Arn"), Rule::PolicyDuplicateSid), []);
    }

    #[test]
    fn distinct_sids_pass() {
        assert_eq!(findings_of(&key_and_group(&policy_with_logs(""), "!GetAtt Key.Arn"), Rule::PolicyDuplicateSid), []);
    }
}
