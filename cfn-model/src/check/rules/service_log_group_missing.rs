//! `service-log-group-missing`: A resource writes to a log group nothing in the stack creates: the service creates it with no customer managed key and no retention (CloudWatch Logs always encrypts at rest, with a key AWS owns; the events are kept forever).
//!
//! Its logic: `check/services.rs`.

use crate::check::rule::{Descriptor, FixShown, Level};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "service-log-group-missing",
    summary: "A Lambda function, flow log or RDS log export writes to a log group nothing in the stack creates: the service creates it with no customer managed key and no retention (CloudWatch Logs always encrypts at rest, with a key AWS owns; the events are kept forever).",
    description: "A resource writes to a log group nothing in the stack creates: the service creates it with no customer managed key and no retention (CloudWatch Logs always encrypts at rest, with a key AWS owns; the events are kept forever).",
    level: Level::Warning,
    aws_docs: &["https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html", "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html"],
    page: "docs/guarded/service-log-groups.md",
    fix: FixShown::InMessage,
};
