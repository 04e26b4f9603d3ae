//! What each rule is about, for the SARIF report's rule list: read from the rules' descriptors
//! (`cfn_model::check::Descriptor`), so the CLI never says something the check does not.

use cfn_model::check::Rule;

/// The rule ID given to a suppression the check cannot take (an unknown rule, no reason): the
/// template is refused when typed code emits it, so it is an error here too.
pub const INVALID_SUPPRESSION: &str = "invalid-suppression";

/// The rule of a structural problem (a reference to nothing, a cycle, a bad parameter): what
/// CloudFormation refuses before it creates anything.
pub const INVALID_TEMPLATE: &str = "invalid-template";

/// Where a file of the repository is read on the web: the repository URL of the package
/// metadata (`repository` in the workspace's `Cargo.toml`, the one setting to change), then the
/// branch. A rule's `helpUri` is this and its page.
pub const DOCS_BASE: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/");

/// One rule as the reports describe it.
pub struct RuleInfo {
    pub id: &'static str,
    /// One line: what AWS does.
    pub summary: &'static str,
    /// What the rule looks at, in a few more words, in the template's terms.
    pub description: String,
    /// The AWS documentation the rule rests on.
    pub aws_docs: &'static [&'static str],
    /// The page explaining the rule, as a path in the repository.
    pub doc_path: &'static str,
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
        description: "A resource's `Metadata: typed-cfn: suppress: [{rule, reason}]` silences one rule for that resource. A suppression must name a rule of the check and give a reason; one that does not is an error, so that a typo never silences nothing (or everything) unnoticed. Fix the rule's name, or write the reason.".to_owned(),
        aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html"],
        doc_path: "cli/README.md",
        level: "error",
    });
    rules.push(RuleInfo {
        id: INVALID_TEMPLATE,
        summary: "CloudFormation refuses the template before creating anything: a reference to nothing, a circle of dependencies, a parameter no value satisfies, a value it cannot read.",
        description: "What CloudFormation checks when a stack is created or updated, before any resource: every `Ref`, `Fn::GetAtt` and `Fn::Sub` names something declared; resources do not depend on each other in a circle; parameters' defaults satisfy their constraints; sections have their documented shapes and stay within CloudFormation's quotas. The message names the section and the fix.".to_owned(),
        aws_docs: &[
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html",
            "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html",
        ],
        doc_path: "cli/README.md",
        level: "error",
    });
    rules
}

impl RuleInfo {
    /// The web page explaining the rule (`helpUri`).
    pub fn help_uri(&self) -> String {
        format!("{DOCS_BASE}{}", self.doc_path)
    }
}

/// A rule of the check as its descriptor describes it.
fn info(rule: Rule) -> RuleInfo {
    let descriptor = rule.descriptor();
    RuleInfo {
        id: descriptor.id,
        summary: descriptor.summary,
        description: rule.description(),
        aws_docs: descriptor.aws_docs,
        doc_path: descriptor.page,
        // The check decides per finding (every finding is an error in a scoped stack); this is
        // the default SARIF asks for.
        level: descriptor.level.as_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the guide pages are, in the repository.
    const GUIDE: &str = "docs/guarded/";

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
            // Every rule of the check has a guide page under `docs/guarded/`.
            assert!(info.doc_path.starts_with(GUIDE), "{rule}'s page `{}` is not under {GUIDE}", rule.page());
            assert_eq!(info.doc_path, rule.page());
        }
    }

    #[test]
    fn every_rule_has_a_full_description_aws_pages_and_a_help_page() {
        for rule in all() {
            assert!(rule.description.trim().len() > 20, "{}: {}", rule.id, rule.description);
            assert!(!rule.aws_docs.is_empty(), "{} rests on no AWS page", rule.id);
            assert!(rule.aws_docs.iter().all(|url| url.starts_with("https://docs.aws.amazon.com/")), "{}", rule.id);
            assert!(rule.help_uri().starts_with(env!("CARGO_PKG_REPOSITORY")), "{}", rule.help_uri());
            let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(rule.doc_path);
            assert!(file.is_file(), "{}: {} is no file of the repository", rule.id, rule.doc_path);
        }
    }

    #[test]
    fn the_default_levels_are_the_check_s() {
        // Outside a scoped stack these are warnings (the template deploys); the rest are errors.
        let warnings: Vec<&str> = all().iter().filter(|r| r.level == "warning").map(|r| r.id).collect();
        assert_eq!(
            warnings,
            ["logs-grant-without-context", "service-log-group-missing", "service-grant-without-source"]
        );
    }
}
