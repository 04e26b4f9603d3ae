//! `database-password-length`: A generated master password longer (or shorter) than the engine accepts.
//!
//! Its logic: `check/database.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "database-password-length",
    summary: "A generated master password is longer or shorter than the database engine accepts: the deployment fails.",
    description: "A generated master password longer (or shorter) than the engine accepts.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-secretsmanager-secret-generatesecretstring.html"],
    page: "docs/guarded/database-credentials.md",
    fix: FixShown::InMessage,
};
