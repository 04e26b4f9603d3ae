//! What a rule of the final-template check is, apart from its logic: its descriptor.
//!
//! Each rule is one file of `check/rules/` holding its [`Descriptor`] (and, where the rule is
//! its own mechanism, its logic and tests); `check/rules/mod.rs` lists the rules once and builds
//! [`Rule`] from them. The CLI's levels, SARIF's rule table, the docs index and the validation of
//! suppressions all read the descriptors.

use std::fmt;

pub use super::rules::Rule;
use crate::rule_id::RuleId;

/// Everything the reports and the docs say about a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Descriptor {
    /// The rule's ID, as suppressions, the guard table and SARIF name it (`delivery-managed-key`).
    pub id: &'static str,
    /// What the rule finds, in one line: what AWS does.
    pub summary: &'static str,
    /// What the rule looks at, in a few more words. Words that name the typed API are marked
    /// `⟦typed‖template⟧`, as in findings' messages: read it through [`Rule::description`] (the
    /// template's terms) or [`Rule::typed_description`].
    pub description: &'static str,
    /// The level of its findings outside a compliance-scoped stack (in a scoped stack every
    /// finding is an error).
    pub level: Level,
    /// The AWS documentation the rule rests on.
    pub aws_docs: &'static [&'static str],
    /// Its guide page in the repository (`docs/guarded/…`).
    pub page: &'static str,
    /// How the fix is shown.
    pub fix: FixShown,
}

/// How much a rule's findings weigh outside a compliance-scoped stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// AWS refuses the template, or the deployed stack does not do what it says.
    Error,
    /// Worth knowing; the template deploys and works.
    Warning,
}

impl Level {
    /// `error` or `warning`, as SARIF names levels.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warning => "warning",
        }
    }
}

/// How a finding's fix is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FixShown {
    /// In the finding's message, in words (and the typed API that writes it).
    InMessage,
    /// In the message, and as the CloudWatch Logs statement of a key policy to paste, written in
    /// the template's own format (`typed-cfn audit` shows it under the finding, for the key the
    /// finding's targets name, or the finding's own resource when that is the key).
    LogsKeyStatement,
    /// In the message, and as the template text to add or change (statements for a policy, a
    /// resource, a property's value, a `DependsOn`) the finding carries where the rule can write
    /// it ([`crate::check::TemplateFix`]), which `typed-cfn audit` writes in the template's own
    /// format.
    TemplateText,
}

impl Rule {
    /// What the reports and the docs say about the rule.
    pub fn descriptor(self) -> &'static Descriptor {
        self.descriptor_of()
    }

    /// The rule's ID, as suppressions and the guard table name it.
    pub fn id(self) -> &'static str {
        self.descriptor().id
    }

    /// What the rule finds, in one line: what AWS does (for reports such as SARIF's rule list).
    pub fn summary(self) -> &'static str {
        self.descriptor().summary
    }

    /// What the rule looks at, in a few more words, in the template's terms (for the audit of a
    /// JSON or YAML template: SARIF's rule table).
    pub fn description(self) -> String {
        in_terms(self.descriptor().description, false)
    }

    /// What the rule looks at, naming the typed API that writes the fix (for typed code's docs).
    pub fn typed_description(self) -> String {
        in_terms(self.descriptor().description, true)
    }

    /// The level of its findings outside a compliance-scoped stack.
    pub fn level(self) -> Level {
        self.descriptor().level
    }

    /// The AWS documentation the rule rests on.
    pub fn aws_docs(self) -> &'static [&'static str] {
        self.descriptor().aws_docs
    }

    /// Its guide page in the repository (`docs/guarded/…`).
    pub fn page(self) -> &'static str {
        self.descriptor().page
    }

    /// How the fix is shown.
    pub fn fix(self) -> FixShown {
        self.descriptor().fix
    }

    /// The rule with this ID.
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.id() == id)
    }

    /// The rule's identity, as a resource's `Metadata` names it ([`crate::Attributes::suppress`]).
    pub fn rule_id(self) -> RuleId {
        RuleId::new(self.id())
    }
}

impl From<Rule> for RuleId {
    fn from(rule: Rule) -> Self {
        rule.rule_id()
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// `text` with each `⟦typed‖template⟧` mark replaced by its typed words (`typed`) or by its
/// words in the template's terms (none when the mark has no `‖`).
fn in_terms(text: &str, typed: bool) -> String {
    use super::{HINT_END, HINT_OR, HINT_START};
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(HINT_START) {
        out.push_str(&rest[..start]);
        let marked = &rest[start + HINT_START.len_utf8()..];
        let (inside, after) = marked.split_once(HINT_END).unwrap_or((marked, ""));
        let (hint, template) = inside.split_once(HINT_OR).unwrap_or((inside, ""));
        out.push_str(if typed { hint } else { template });
        rest = after;
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptions_name_the_typed_api_only_for_typed_code() {
        assert_eq!(in_terms("Use SSE-S3⟦ (`AccessLogBucket`)‖ (`AES256`)⟧.", false), "Use SSE-S3 (`AES256`).");
        assert_eq!(in_terms("Use SSE-S3⟦ (`AccessLogBucket`)‖ (`AES256`)⟧.", true), "Use SSE-S3 (`AccessLogBucket`).");
        assert_eq!(in_terms("Add it⟦ (`.grant(G)`)⟧, twice⟦ (`x()`)⟧.", false), "Add it, twice.");
        for rule in Rule::ALL {
            let template = rule.description();
            // What a reader of a JSON or YAML template sees names no Rust.
            for rust in ["::new", ".grant(", "typed code", "()`", "⟦", "⟧", "‖"] {
                assert!(!template.contains(rust), "{rule}: `{rust}` in {template}");
            }
            assert!(rule.typed_description().len() >= template.len() / 2, "{rule}");
        }
    }
}
