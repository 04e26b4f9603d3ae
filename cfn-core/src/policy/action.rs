//! IAM actions (`kms:Decrypt`, `s3:Get*`).

use std::borrow::Cow;
use std::fmt;

/// One IAM action or action pattern, as written in a policy statement.
///
/// Literal actions come from the `actions!` macro, which checks each against AWS's action list
/// at compile time (a typo such as `kms:GenerateDatakey` does not compile, and a wildcard must
/// match at least one action).
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Action(Cow<'static, str>);

impl Action {
    /// An action checked against AWS's action list (by `actions!` at compile time, or an action
    /// this crate writes itself). Crate-internal: the macro reaches it through `__private`.
    pub(crate) const fn checked(action: &'static str) -> Self {
        Action(Cow::Borrowed(action))
    }

    /// The action as written, e.g. `kms:Decrypt`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The service prefix, e.g. `kms`.
    pub fn service(&self) -> &str {
        self.0.split_once(':').map_or("", |(service, _)| service)
    }
}

impl fmt::Debug for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Action({})", self.0)
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}
