//! `notification-event-unknown`: A bucket notification names an event type S3 does not have.
//!
//! A bucket's `NotificationConfiguration` names, for each Lambda function, queue or topic, the
//! `Event` that triggers it, from the types S3 lists (`data::S3_NOTIFICATION_EVENTS`, AWS's
//! "Supported event types for SQS, SNS, and Lambda"). S3 refuses a configuration with any other
//! name, and the stack fails. So that an event type newer than the list is not refused, only a
//! name within two letters of a listed one (`s3:ObjectCreate:*`, `s3:ObjectCreated` without its
//! `:*`) is reported; a name the check cannot read is not judged.

use crate::check::deliveries::items;
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix, fixes, spelling};
use crate::data::S3_NOTIFICATION_EVENTS;
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "notification-event-unknown",
    summary: "A bucket notification names an event type S3 does not have (a misspelling such as `s3:ObjectCreate:*`): S3 refuses the notification configuration and the stack fails.",
    description: "The `Event` of a Lambda, queue or topic configuration in a bucket's `NotificationConfiguration` is within two letters of an event type S3 lists and is none of them (`s3:ObjectCreate:*` for `s3:ObjectCreated:*`). S3 accepts only the event types it documents and refuses the whole notification configuration, so the bucket is not created or updated. Write the event type as S3 lists it.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::S3::Bucket" {
            continue;
        }
        let Some(notifications) = decl.properties.get("NotificationConfiguration").and_then(Node::as_map) else {
            continue;
        };
        for list in ["LambdaConfigurations", "QueueConfigurations", "TopicConfigurations"] {
            for configuration in items(notifications.get(list)) {
                let written = configuration.as_map().and_then(|c| c.get("Event"));
                let Some(event) = written.and_then(|e| env.text(e)) else {
                    continue;
                };
                if S3_NOTIFICATION_EVENTS.contains(&event.as_str()) {
                    continue;
                }
                if let Some(meant) = spelling::nearest(&event, S3_NOTIFICATION_EVENTS, 2) {
                    findings.error(
                        Rule::NotificationEventUnknown,
                        id,
                        format!("`NotificationConfiguration.{list}` names the event `{event}`, which S3 does not have: S3 refuses the notification configuration and the stack fails. Write `{meant}`"),
                    );
                    if let Some(path) = written.and_then(|w| fixes::path_of(env, id, w)) {
                        findings.with_fix(TemplateFix::Property { resource: id.clone(), path, value: Node::string(meant) });
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn bucket(event: &str) -> String {
        format!(
            r#"
Resources:
  Uploads:
    Type: AWS::SQS::Queue
  UploadsPolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Uploads]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {{Service: s3.amazonaws.com}}
            Action: sqs:SendMessage
            Resource: !GetAtt Uploads.Arn
  Bucket:
    Type: AWS::S3::Bucket
    DependsOn: UploadsPolicy
    Properties:
      NotificationConfiguration:
        QueueConfigurations:
          - Event: {event}
            Queue: !GetAtt Uploads.Arn
"#
        )
    }

    #[test]
    fn a_misspelt_event_is_refused() {
        let found = findings_of(&bucket("s3:ObjectCreate:*"), Rule::NotificationEventUnknown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Bucket");
        assert_eq!(
            found[0].message,
            "`NotificationConfiguration.QueueConfigurations` names the event `s3:ObjectCreate:*`, which S3 does not have: S3 refuses the notification configuration and the stack fails. Write `s3:ObjectCreated:*`"
        );
        assert_eq!(findings_of(&bucket("s3:ObjectCreated"), Rule::NotificationEventUnknown).len(), 1);
        // The value shown is the event S3 lists, where the misspelt one was.
        let Some(crate::check::TemplateFix::Property { path, value, .. }) = found[0].fix.as_deref() else {
            panic!("a value to set: {:?}", found[0].fix)
        };
        assert_eq!(path.join("."), "NotificationConfiguration.QueueConfigurations.0.Event");
        assert_eq!(value.as_str(), Some("s3:ObjectCreated:*"));
        assert_eq!(findings_after_fixes(&bucket("s3:ObjectCreate:*"), Rule::NotificationEventUnknown), []);
    }

    #[test]
    fn the_events_s3_lists_pass() {
        for event in ["s3:ObjectCreated:*", "s3:ObjectRemoved:DeleteMarkerCreated", "s3:LifecycleExpiration:*", "!Sub 's3:ObjectCreated:*'"] {
            assert_eq!(findings_of(&bucket(event), Rule::NotificationEventUnknown), [], "{event}");
        }
        // A name far from every listed one may be newer than the list: the benefit of the doubt.
        assert_eq!(findings_of(&bucket("s3:ObjectAnnotation:*"), Rule::NotificationEventUnknown), []);
    }
}
