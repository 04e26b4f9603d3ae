//! `service-grant-without-source`: A key or resource policy lets a service in for any account's
//! resources (no confused-deputy condition).
//!
//! A statement that allows a service principal (`s3.amazonaws.com`) into a key, topic, queue or
//! bucket, or a Lambda permission for one, with no condition on where the service's request comes
//! from, lets the service act for *any* account's resources: another account's bucket can publish
//! to the topic, another account's trail can write into the bucket. AWS calls this the
//! cross-service confused deputy and documents, for each service that delivers into these
//! resources, the condition that closes it: `aws:SourceAccount` or `aws:SourceArn` (also
//! `aws:SourceOrgID`, `aws:SourceOrgPaths`, and SNS's older `aws:SourceOwner`), or in a key policy
//! the encryption context that names the account's trail, topic or queue ([`KEY_CONTEXTS`]). Delivery works without
//! it, so nothing else reports it: a warning, an error in a compliance-scoped stack.
//!
//! Judged: the service principals of [`SERVICES`], each with the page where AWS documents its
//! condition. CloudWatch Logs' key statements have their own rule (`logs-grant-without-context`).
//! CloudFront's standard logs send no source keys, so a key statement for the log delivery service
//! is not judged in a template whose distributions log to S3.

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::fixes::{map, ref_to, sub};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "service-grant-without-source",
    summary: "A key, topic, queue or bucket policy (or a Lambda permission) lets a service in with no condition on the source account or resource: any account's resources can make the service use it (the confused deputy).",
    description: "A statement of a key policy, topic, queue or bucket policy allows a service principal (S3, SNS, EventBridge, CloudWatch, CloudTrail, AWS Config, AWS Budgets, SES, S3 server access logging, log delivery), or a Lambda permission names one, without the condition AWS documents against the cross-service confused deputy: `aws:SourceAccount` or `aws:SourceArn` (or `aws:SourceOrgID`, `aws:SourceOrgPaths`, `aws:SourceOwner`), or for CloudTrail's key the encryption context `kms:EncryptionContext:aws:cloudtrail:arn`. The service delivers either way, but it also does so for other accounts' resources. A warning; an error in a compliance-scoped stack. Add the condition the finding names.",
    level: Level::Warning,
    aws_docs: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html",
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceaccount",
        "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html",
        "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html",
        "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html",
        "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html",
        "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html",
    ],
    page: "docs/guarded/iam-policies.md",
    fix: FixShown::TemplateText,
};

/// The service principals judged, each with the page where AWS documents the condition that keeps
/// it to the account's own resources.
const SERVICES: &[(&str, &str)] = &[
    ("s3.amazonaws.com", "https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html"),
    ("sns.amazonaws.com", "https://docs.aws.amazon.com/sns/latest/dg/subscribe-sqs-queue-to-sns-topic.html"),
    ("events.amazonaws.com", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html"),
    ("cloudwatch.amazonaws.com", "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html"),
    ("ses.amazonaws.com", "https://docs.aws.amazon.com/sns/latest/dg/sns-access-policy-use-cases.html"),
    (
        "cloudtrail.amazonaws.com",
        "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html",
    ),
    ("config.amazonaws.com", "https://docs.aws.amazon.com/config/latest/developerguide/s3-bucket-policy.html"),
    ("budgets.amazonaws.com", "https://docs.aws.amazon.com/cost-management/latest/userguide/budgets-sns-policy.html"),
    (
        "logging.s3.amazonaws.com",
        "https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html",
    ),
    (
        "delivery.logs.amazonaws.com",
        "https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html",
    ),
];

/// The global condition keys that keep a service to the account's own resources.
const SOURCE_KEYS: &[&str] =
    &["aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner"];

/// In a key policy, the encryption contexts that keep a delivering service to the account's own
/// resources: CloudTrail's trail ARN
/// (<https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html>),
/// and the topic or queue ARN SNS and SQS put in the context of the data keys they ask for in the
/// delivering service's name (<https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html>,
/// <https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html>).
const KEY_CONTEXTS: &[&str] = &[
    "kms:encryptioncontext:aws:cloudtrail:arn",
    "kms:encryptioncontext:aws:sns:topicarn",
    "kms:encryptioncontext:aws:sqs:arn",
];

/// The policies judged: resource type and property.
const POLICIES: &[(&str, &str, &str)] = &[
    ("AWS::KMS::Key", "KeyPolicy", "key policy"),
    ("AWS::KMS::ReplicaKey", "KeyPolicy", "key policy"),
    ("AWS::SNS::TopicPolicy", "PolicyDocument", "topic policy"),
    ("AWS::SNS::TopicInlinePolicy", "PolicyDocument", "topic policy"),
    ("AWS::SQS::QueuePolicy", "PolicyDocument", "queue policy"),
    ("AWS::SQS::QueueInlinePolicy", "PolicyDocument", "queue policy"),
    ("AWS::S3::BucketPolicy", "PolicyDocument", "bucket policy"),
];

const FIX: &str = "`\"Condition\": {\"StringEquals\": {\"aws:SourceAccount\": {\"Ref\": \"AWS::AccountId\"}}}` to the statement, or `ArnLike` on `aws:SourceArn` with the ARN of the resource that delivers";

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    // CloudFront's standard logs ask the bucket's key for data keys with no source keys at all.
    let cloudfront_logs = template.resources.values().any(|decl| {
        decl.resource_type == "AWS::CloudFront::Distribution"
            && crate::check::scope::lookup(&decl.properties, &["DistributionConfig", "Logging"]).is_some()
    });
    for (id, decl) in &template.resources {
        if decl.resource_type == "AWS::Lambda::Permission" {
            permission(id, decl, env, findings);
            continue;
        }
        let Some((_, property, what)) = POLICIES.iter().find(|(t, _, _)| *t == decl.resource_type) else { continue };
        let Some(Node::List(statements)) =
            decl.properties.get(property).and_then(Node::as_map).and_then(|p| p.get("Statement"))
        else {
            continue;
        };
        let key = what.starts_with("key");
        for (index, statement) in statements.iter().enumerate() {
            let Some(statement) = statement.as_map() else { continue };
            if statement.get("Effect").and_then(Node::as_str) != Some("Allow") {
                continue;
            }
            let services = services_of(env, statement.get("Principal"));
            let conditions = condition_keys(statement.get("Condition"));
            for service in services {
                let Some((_, page)) = SERVICES.iter().find(|(s, _)| *s == service) else { continue };
                if key && service == "delivery.logs.amazonaws.com" && cloudfront_logs {
                    continue;
                }
                let mut accepted: Vec<&str> = SOURCE_KEYS.to_vec();
                if key {
                    accepted.extend(KEY_CONTEXTS);
                }
                if conditions.iter().any(|c| accepted.contains(&c.as_str())) {
                    continue;
                }
                let name = match statement.get("Sid").and_then(Node::as_str) {
                    Some(sid) => format!("statement \"{sid}\""),
                    None => format!("statement {}", index + 1),
                };
                let fix = if key && service == "cloudtrail.amazonaws.com" {
                    "`\"Condition\": {\"StringLike\": {\"kms:EncryptionContext:aws:cloudtrail:arn\": {\"Fn::Sub\": \"arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*\"}}}` to the statement (and `aws:SourceArn` with the trail's ARN)".to_owned()
                } else {
                    FIX.to_owned()
                };
                findings.error_in_scope(
                    Rule::ServiceGrantWithoutSource,
                    id,
                    format!(
                        "{name} of this {what} lets `{service}` in with no condition on the source of its requests: the service acts for any account's resources here, not only this account's (the confused deputy; {page}). Add {fix}"
                    ),
                );
                // The condition, as the value to set — only where the statement lets in this
                // service alone (a condition on a statement shared with other principals would
                // hold them to it too), and not for SNS, whose deliveries AWS scopes by the
                // topic's ARN, which the check cannot write for it.
                let alone = statement.get("Principal").and_then(Node::as_map).is_some_and(|p| p.len() == 1)
                    && services_of(env, statement.get("Principal")).len() == 1;
                if alone && service != "sns.amazonaws.com" {
                    let (operator, condition_key, value) = if key && service == "cloudtrail.amazonaws.com" {
                        (
                            "StringLike",
                            "kms:EncryptionContext:aws:cloudtrail:arn",
                            sub("arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*"),
                        )
                    } else {
                        ("StringEquals", "aws:SourceAccount", ref_to("AWS::AccountId"))
                    };
                    let mut path = vec![(*property).to_owned(), "Statement".to_owned(), index.to_string()];
                    let condition = statement.get("Condition").and_then(Node::as_map);
                    let value = match condition.map(|c| c.get(operator).and_then(Node::as_map)) {
                        None => {
                            path.push("Condition".to_owned());
                            map([(operator, map([(condition_key, value)]))])
                        }
                        Some(None) => {
                            path.extend(["Condition".to_owned(), operator.to_owned()]);
                            map([(condition_key, value)])
                        }
                        Some(Some(_)) => {
                            path.extend(["Condition".to_owned(), operator.to_owned(), condition_key.to_owned()]);
                            value
                        }
                    };
                    findings.with_fix(TemplateFix::Property { resource: id.clone(), path, value });
                }
            }
        }
    }
}

/// A Lambda permission for a judged service needs `SourceAccount` or `SourceArn`.
fn permission(id: &str, decl: &crate::template::ResourceDecl, env: &Env<'_>, findings: &mut Findings<'_>) {
    let Some(principal) = decl.properties.get("Principal").and_then(|p| env.text(p)) else { return };
    let Some((service, _)) = SERVICES.iter().find(|(s, _)| *s == principal) else { return };
    let page = "https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-services.html";
    if ["SourceAccount", "SourceArn", "PrincipalOrgID"].iter().any(|p| decl.properties.get(p).is_some()) {
        return;
    }
    findings.error_in_scope(
        Rule::ServiceGrantWithoutSource,
        id,
        format!(
            "this permission lets `{service}` invoke the function with no `SourceAccount` or `SourceArn`: the service may invoke it for any account's resources (the confused deputy; {page}). Add `\"SourceAccount\": {{\"Ref\": \"AWS::AccountId\"}}` to its properties, or `SourceArn` with the ARN of the resource that invokes it"
        ),
    );
    findings.with_fix(TemplateFix::Property {
        resource: id.to_owned(),
        path: vec!["SourceAccount".to_owned()],
        value: ref_to("AWS::AccountId"),
    });
}

/// The service principals a statement's `Principal` names, as text.
fn services_of(env: &Env<'_>, principal: Option<&Node>) -> Vec<String> {
    let Some(service) = principal.and_then(Node::as_map).and_then(|p| p.get("Service")) else { return Vec::new() };
    let nodes: Vec<&Node> = match service {
        Node::List(items) => items.iter().collect(),
        one => vec![one],
    };
    nodes.into_iter().filter_map(|n| env.text(n)).map(|s| s.to_ascii_lowercase()).collect()
}

/// The condition keys of a statement, lower-cased (`Null` checks do not count: they test that a key
/// is there or not, not which account it names).
fn condition_keys(condition: Option<&Node>) -> Vec<String> {
    let Some(condition) = condition.and_then(Node::as_map) else { return Vec::new() };
    condition
        .iter()
        .filter(|(operator, _)| !operator.eq_ignore_ascii_case("Null"))
        .filter_map(|(_, keys)| keys.as_map())
        .flat_map(|keys| keys.keys().map(|k| k.to_ascii_lowercase()))
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{errors_in_scope, findings_after_fixes, findings_of};

    fn topic_policy(condition: &str) -> String {
        format!(
            r#"
Resources:
  Alerts:
    Type: AWS::SNS::Topic
  AlertsPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Alerts]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: S3Publish
            Effect: Allow
            Principal: {{Service: s3.amazonaws.com}}
            Action: sns:Publish
            Resource: !Ref Alerts
{condition}"#
        )
    }

    #[test]
    fn a_service_statement_without_a_source_condition_is_reported() {
        let found = findings_of(&topic_policy(""), Rule::ServiceGrantWithoutSource);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "AlertsPolicy");
        assert!(found[0].message.starts_with("statement \"S3Publish\" of this topic policy lets `s3.amazonaws.com` in with no condition on the source of its requests"), "{}", found[0].message);
        assert!(found[0].message.contains(r#"Add `"Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}` to the statement"#), "{}", found[0].message);
        // A warning outside scoped stacks, an error in them.
        let template = crate::Template::from_yaml(&topic_policy("")).unwrap();
        assert!(crate::check::run(&template).errors.iter().all(|f| f.rule != Rule::ServiceGrantWithoutSource));
        assert_eq!(errors_in_scope(&topic_policy(""), "hipaa", Rule::ServiceGrantWithoutSource).len(), 1);
    }

    #[test]
    fn a_source_condition_passes() {
        for condition in [
            "            Condition:\n              StringEquals:\n                aws:SourceAccount: !Ref AWS::AccountId\n",
            "            Condition:\n              ArnLike:\n                aws:SourceArn: arn:aws:s3:::uploads\n",
            "            Condition:\n              StringEquals:\n                AWS:SourceOwner: '123456789012'\n",
        ] {
            assert_eq!(findings_of(&topic_policy(condition), Rule::ServiceGrantWithoutSource), [], "{condition}");
        }
        // A `Null` check names no account.
        let null = "            Condition:\n              'Null':\n                aws:SourceAccount: 'false'\n";
        assert_eq!(findings_of(&topic_policy(null), Rule::ServiceGrantWithoutSource).len(), 1);
    }

    #[test]
    fn cloudtrails_key_takes_its_encryption_context() {
        let key = |condition: &str| {
            format!(
                r#"
Resources:
  TrailKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Sid: Root
            Effect: Allow
            Principal: {{AWS: !Sub "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root"}}
            Action: kms:*
            Resource: "*"
          - Sid: CloudTrail
            Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: kms:GenerateDataKey*
            Resource: "*"
{condition}"#
            )
        };
        let found = findings_of(&key(""), Rule::ServiceGrantWithoutSource);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("kms:EncryptionContext:aws:cloudtrail:arn"), "{}", found[0].message);
        let context = "            Condition:\n              StringLike:\n                kms:EncryptionContext:aws:cloudtrail:arn: !Sub 'arn:aws:cloudtrail:*:${AWS::AccountId}:trail/*'\n";
        assert_eq!(findings_of(&key(context), Rule::ServiceGrantWithoutSource), []);
        // The context shown is the one that passes.
        assert_eq!(findings_after_fixes(&key(""), Rule::ServiceGrantWithoutSource), []);
    }

    #[test]
    fn a_lambda_permission_for_s3_needs_the_source_account() {
        let permission = |extra: &str| {
            format!(
                "Resources:\n  Invoke:\n    Type: AWS::Lambda::Permission\n    Properties:\n      Action: lambda:InvokeFunction\n      FunctionName: handler\n      Principal: s3.amazonaws.com\n{extra}"
            )
        };
        assert_eq!(findings_of(&permission(""), Rule::ServiceGrantWithoutSource).len(), 1);
        assert_eq!(findings_after_fixes(&permission(""), Rule::ServiceGrantWithoutSource), []);
        assert_eq!(
            findings_of(&permission("      SourceAccount: !Ref AWS::AccountId\n"), Rule::ServiceGrantWithoutSource),
            []
        );
    }

    #[test]
    fn the_condition_shown_keeps_the_service_to_the_account() {
        let yaml = topic_policy("");
        let found = findings_of(&yaml, Rule::ServiceGrantWithoutSource);
        let Some(crate::check::TemplateFix::Property { resource, path, value }) = found[0].fix.as_deref() else {
            panic!("a condition to set: {:?}", found[0].fix)
        };
        assert_eq!((resource.as_str(), path.join(".")), ("AlertsPolicy", "PolicyDocument.Statement.0.Condition".to_owned()));
        assert_eq!(
            crate::emit::write_node(value, crate::format::Format::Yaml).unwrap(),
            "StringEquals:\n  aws:SourceAccount: !Ref AWS::AccountId\n"
        );
        assert_eq!(findings_after_fixes(&yaml, Rule::ServiceGrantWithoutSource), []);
        // A condition on another key: the operator is added beside it.
        let other = topic_policy("            Condition: {Bool: {'aws:SecureTransport': 'true'}}\n");
        assert_eq!(findings_after_fixes(&other, Rule::ServiceGrantWithoutSource), []);
        // S3 sends the source account with its notifications: the condition lets them in still.
        let notifying = format!(
            "{yaml}  Uploads:\n    Type: AWS::S3::Bucket\n    DependsOn: AlertsPolicy\n    Properties:\n      NotificationConfiguration:\n        TopicConfigurations:\n          - {{Event: 's3:ObjectCreated:*', Topic: !Ref Alerts}}\n"
        );
        assert_eq!(findings_of(&notifying, Rule::DeliveryPolicyDeniesService), []);
        assert_eq!(findings_after_fixes(&notifying, Rule::ServiceGrantWithoutSource), []);
        let mut fixed = crate::Template::from_yaml(&notifying).unwrap();
        for finding in findings_of(&notifying, Rule::ServiceGrantWithoutSource) {
            fixed = finding.fix.unwrap().apply(&fixed).unwrap();
        }
        let report = crate::check::run(&fixed);
        assert_eq!(report.errors, [], "the condition refuses no delivery");
    }

    #[test]
    fn a_statement_shared_with_other_principals_gets_no_condition_to_set() {
        let shared = topic_policy("").replace("Principal: {Service: s3.amazonaws.com}", "Principal: {Service: [s3.amazonaws.com, lambda.amazonaws.com]}");
        let found = findings_of(&shared, Rule::ServiceGrantWithoutSource);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].fix, None);
    }
}
