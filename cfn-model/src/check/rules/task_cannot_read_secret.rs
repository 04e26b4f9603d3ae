//! `task-cannot-read-secret`: An ECS task's execution role cannot read the task's secrets (or the task has none).
//!
//! Its logic: `check/key_users.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "task-cannot-read-secret",
    summary: "An ECS task takes secrets its execution role cannot read (secretsmanager:GetSecretValue, ssm:GetParameters, or kms:Decrypt with the secret's key), or it has no execution role: no task starts.",
    description: "An ECS task's execution role cannot read the task's secrets (or the task has none).",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-secrets-manager.html", "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/secrets-envvar-ssm-paramstore.html"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::InMessage,
};
