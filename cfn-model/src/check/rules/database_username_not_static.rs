//! `database-username-not-static`: A database's master user name is resolved (from a secret or a parameter), not static.
//!
//! Its logic: `check/database.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "database-username-not-static",
    summary: "A database's master user name is resolved at deploy time (from a secret or a parameter) instead of being static text.",
    description: "A database's master user name is resolved (from a secret or a parameter), not static.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html"],
    page: "docs/guarded/database-credentials.md",
    fix: FixShown::InMessage,
};
