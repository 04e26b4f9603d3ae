//! What each rule is about, for the SARIF report's rule list, and the guide page that explains
//! it (from the guard table, `cfn_guards::INTEGRATIONS`).

use cfn_model::check::Rule;

use crate::audit::{INVALID_SUPPRESSION, INVALID_TEMPLATE};

/// One rule as the reports describe it.
pub struct RuleInfo {
    pub id: &'static str,
    /// One line: what AWS does.
    pub summary: &'static str,
    /// The guide page in the repository (`docs/guarded/…`), if the guard table names one.
    pub page: Option<&'static str>,
    /// The level of its findings outside a scoped stack.
    pub level: &'static str,
}

/// Every rule the audit can report: the check's rules, in their order, then
/// [`INVALID_SUPPRESSION`] and [`INVALID_TEMPLATE`].
pub fn all() -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = Rule::ALL
        .iter()
        .map(|&rule| RuleInfo { id: rule.id(), summary: summary(rule), page: page(rule.id()), level: level(rule) })
        .collect();
    rules.push(RuleInfo {
        id: INVALID_SUPPRESSION,
        summary: "A suppression in a resource's Metadata names a rule that does not exist, or gives no reason: typed-cfn refuses the template.",
        page: None,
        level: "error",
    });
    rules.push(RuleInfo {
        id: INVALID_TEMPLATE,
        summary: "CloudFormation refuses the template before creating anything: a reference to nothing, a circle of dependencies, a parameter no value satisfies, a value it cannot read.",
        page: None,
        level: "error",
    });
    rules
}

fn summary(rule: Rule) -> &'static str {
    rule.summary()
}

/// The level of a rule's findings outside a scoped stack (the check decides per finding; these
/// are the defaults SARIF asks for).
fn level(rule: Rule) -> &'static str {
    match rule {
        Rule::ServiceLogGroupMissing | Rule::LogsGrantWithoutContext => "warning",
        _ => "error",
    }
}

fn page(id: &str) -> Option<&'static str> {
    cfn_guards::INTEGRATIONS.iter().find(|i| i.rules.contains(&id)).map(|i| i.page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_described_and_has_a_page() {
        for rule in Rule::ALL {
            assert_ne!(summary(rule), "A finding of typed-cfn's final-template check.", "{rule} has no summary");
            assert!(page(rule.id()).is_some(), "{rule} is in no row of the guard table");
        }
        let ids: Vec<_> = all().iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), Rule::ALL.len() + 2);
    }
}
