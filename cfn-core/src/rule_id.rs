//! The identity of a rule of the final-template check, below the template: what a resource's
//! `Metadata` names when it suppresses a finding ([`crate::Attributes::suppress`]). The rules
//! themselves, their descriptors and their logic are in [`crate::check`], which builds on this.

use std::fmt;

/// The key of a resource's `Metadata` that holds typed-cfn's suppressions.
pub const METADATA_KEY: &str = "typed-cfn";

/// A rule's ID (`delivery-managed-key`). Made only from a rule (`check::Rule::rule_id`, or
/// `Rule::X.into()`), so a suppression written by typed code names a rule that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RuleId(&'static str);

impl RuleId {
    /// Made by `check::Rule` from its descriptor.
    pub(crate) const fn new(id: &'static str) -> Self {
        RuleId(id)
    }

    /// The ID as text.
    pub fn as_str(self) -> &'static str {
        self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}
