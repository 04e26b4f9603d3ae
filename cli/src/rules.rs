//! What each rule is about, for the SARIF report's rule list: read from the rules' descriptors
//! (`cfn_model::check::Descriptor`), so the CLI never says something the check does not.

use cfn_model::check::Rule;

use crate::audit::{INVALID_SUPPRESSION, INVALID_TEMPLATE};

/// Where the guide pages are, in the repository.
const GUIDE: &str = "docs/guarded/";

/// One rule as the reports describe it.
pub struct RuleInfo {
    pub id: &'static str,
    /// One line: what AWS does.
    pub summary: &'static str,
    /// The guide page in `docs/guarded/`, if the rule has one.
    pub page: Option<&'static str>,
    /// The level of its findings outside a scoped stack.
    pub level: &'static str,
}

/// Every rule the audit can report: the check's rules, in their order, then
/// [`INVALID_SUPPRESSION`] and [`INVALID_TEMPLATE`].
pub fn all() -> Vec<RuleInfo> {
    let mut rules: Vec<RuleInfo> = Rule::ALL.iter().map(|&rule| info(rule)).collect();
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

/// A rule of the check as its descriptor describes it.
fn info(rule: Rule) -> RuleInfo {
    let descriptor = rule.descriptor();
    RuleInfo {
        id: descriptor.id,
        summary: descriptor.summary,
        page: descriptor.page.strip_prefix(GUIDE),
        // The check decides per finding (every finding is an error in a scoped stack); this is
        // the default SARIF asks for.
        level: descriptor.level.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_of_the_check_is_listed_from_its_descriptor() {
        let all = all();
        let ids: Vec<&str> = all.iter().map(|r| r.id).collect();
        let mut expected: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
        expected.extend([INVALID_SUPPRESSION, INVALID_TEMPLATE]);
        assert_eq!(ids, expected);
        for (info, rule) in all.iter().zip(Rule::ALL) {
            assert_eq!(info.summary, rule.summary(), "{rule}");
            assert_eq!(info.level, rule.level().as_str(), "{rule}");
            // Every rule has a guide page, named as SARIF's help text expects (`docs/guarded/<page>`).
            let page = info.page.unwrap_or_else(|| panic!("{rule}'s page `{}` is not under {GUIDE}", rule.page()));
            assert_eq!(format!("{GUIDE}{page}"), rule.page());
        }
    }

    #[test]
    fn the_default_levels_are_the_check_s() {
        // Outside a scoped stack these two are warnings (the template deploys); the rest are errors.
        let warnings: Vec<&str> = all().iter().filter(|r| r.level == "warning").map(|r| r.id).collect();
        assert_eq!(warnings, ["logs-grant-without-context", "service-log-group-missing"]);
    }
}
