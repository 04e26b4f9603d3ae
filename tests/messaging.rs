//! Services that deliver to encrypted SNS topics and SQS queues (CloudWatch alarms, EventBridge,
//! S3 notifications, SNS subscriptions, AWS Budgets), and S3 invoking a Lambda function: the key
//! statements and resource policies typed code writes, the event-pipeline wiring cfn-lint
//! accepts, and the final-template check on templates that get it wrong — written with the
//! generated types, raw, or read from a file.

mod common;

use common::{findings, refused};

use serde_json::{Value as Json, json};
use typed_cfn::check::Rule;
use typed_cfn::resources::cloudwatch::{Alarm, CompositeAlarm, alarm};
use typed_cfn::resources::events::{Rule as EventRule, rule};
use typed_cfn::resources::s3::{Bucket, bucket};
use typed_cfn::resources::sns::{Subscription, Topic};
use typed_cfn::resources::sqs::Queue;
use typed_cfn::secure::{
    CloudWatchToTopics, EncryptedQueue, EncryptedTopic, EventBridgeToQueues, EventBridgeToTopics, KeyPolicy, KmsKey,
    S3ToTopics, SnsToQueues,
};
use typed_cfn::{Attributes, Template};

fn json_of(t: &Template) -> Json {
    serde_json::from_str(&t.to_json().unwrap()).unwrap()
}

fn statement(t: &Json, resource: &str, document: &str, sid: &str) -> Json {
    let statements = t["Resources"][resource]["Properties"][document]["Statement"].as_array().unwrap();
    statements.iter().find(|s| s["Sid"] == sid).unwrap_or_else(|| panic!("no statement {sid} in {resource}")).clone()
}

fn alarm() -> Alarm {
    Alarm::new()
        .comparison_operator(alarm::ComparisonOperator::GreaterThanThreshold)
        .evaluation_periods(1)
        .metric_name("Errors")
        .namespace("AWS/Lambda")
        .period(300)
        .statistic(alarm::Statistic::Sum)
        .threshold(1.0)
}

/// An event pipeline written the typed way: alarms and a rule publish to an encrypted topic, the
/// topic and the rule send to an encrypted queue, a bucket notifies the topic.
fn pipeline() -> Template {
    let mut t = Template::new();
    let policy = KeyPolicy::account_root()
        .grant(CloudWatchToTopics)
        .grant(EventBridgeToTopics)
        .grant(S3ToTopics)
        .grant(SnsToQueues)
        .grant(EventBridgeToQueues);
    let key = t.add_with(
        "MessagesKey",
        KmsKey::new(policy).description("Encrypts the pipeline's topic and queue"),
        Attributes::retain(),
    );
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    let queue = t.build("Work", EncryptedQueue::new(key.arn()).subscribe_to(&topic));
    t.add("ErrorsAlarm", alarm().alarm_actions(vec![topic.alarm_action()]));
    t.add(
        "Uploads",
        EventRule::new().event_pattern(json!({"source": ["aws.s3"]})).targets(vec![
            rule::Target::new(topic.rule_target(), "Topic"),
            rule::Target::new(queue.rule_target(), "Queue"),
        ]),
    );
    let notify = bucket::NotificationConfiguration::new()
        .topic_configurations(vec![bucket::TopicConfiguration::new("s3:ObjectCreated:*", topic.notification_target())]);
    t.add_with("Inbox", Bucket::new().notification_configuration(notify), Attributes::new().depends_on(&topic.policy));
    t
}

#[test]
fn delivery_grants_are_statements_of_their_own() {
    let t = json_of(&pipeline());
    assert_eq!(
        statement(&t, "MessagesKey", "KeyPolicy", "Allow CloudWatch alarms to publish to encrypted topics"),
        json!({
            "Sid": "Allow CloudWatch alarms to publish to encrypted topics",
            "Effect": "Allow",
            "Principal": {"Service": "cloudwatch.amazonaws.com"},
            "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
            "Resource": "*",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudwatch:${AWS::Region}:${AWS::AccountId}:alarm:*"}}
            }
        })
    );
    assert_eq!(
        statement(&t, "MessagesKey", "KeyPolicy", "Allow S3 notifications to publish to encrypted topics")["Condition"],
        json!({"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}})
    );
    assert_eq!(
        statement(&t, "MessagesKey", "KeyPolicy", "Allow SNS topics to send to encrypted queues")["Condition"]["ArnLike"],
        json!({"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*"}})
    );
}

#[test]
fn a_topic_and_a_queue_let_in_exactly_the_services_their_key_lets_in() {
    let t = json_of(&pipeline());
    assert_eq!(t["Resources"]["Alerts"]["Properties"]["KmsMasterKeyId"], json!({"Fn::GetAtt": ["MessagesKey", "Arn"]}));
    let sids = |resource: &str| -> Vec<String> {
        t["Resources"][resource]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Sid"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        sids("AlertsPolicy"),
        ["DenyInsecureTransport", "AllowCloudWatchAlarms", "AllowEventBridgeRules", "AllowS3Notifications"]
    );
    // The key lets neither S3 into queues: the queue's policy does not either.
    assert_eq!(sids("WorkPolicy"), ["DenyInsecureTransport", "AllowSnsSubscriptions", "AllowEventBridgeRules"]);
    assert_eq!(
        statement(&t, "WorkPolicy", "PolicyDocument", "AllowSnsSubscriptions"),
        json!({
            "Sid": "AllowSnsSubscriptions",
            "Effect": "Allow",
            "Principal": {"Service": "sns.amazonaws.com"},
            "Action": "sqs:SendMessage",
            "Resource": {"Fn::GetAtt": ["Work", "Arn"]},
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:*"}}
            }
        })
    );
    assert_eq!(
        t["Resources"]["WorkSubscription"],
        json!({
            "Type": "AWS::SNS::Subscription",
            "DependsOn": "WorkPolicy",
            "Properties": {"Protocol": "sqs", "TopicArn": {"Ref": "Alerts"}, "Endpoint": {"Fn::GetAtt": ["Work", "Arn"]}}
        })
    );
    assert_eq!(t["Resources"]["WorkPolicy"]["Properties"]["Queues"], json!([{"Ref": "Work"}]));
}

#[test]
fn the_typed_pipeline_passes_the_check_and_cfn_lint() {
    let t = pipeline();
    let emitted = t.emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    let path = common::write_for_lint("messaging-pipeline.json", &emitted.body);
    common::assert_lint_clean(&[path]);
}

#[test]
fn a_key_without_the_publishers_grant_is_refused() {
    // Written with the generated types: an encrypted topic whose key lets only Lambda in.
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant_lambda()));
    let topic = t.add("Alerts", Topic::new().kms_master_key_id(key.arn()));
    t.add("ErrorsAlarm", alarm().alarm_actions(vec![topic.reference()]));
    let error = refused("topic-key-without-cloudwatch", &t);
    assert_eq!(findings(&error), [("ErrorsAlarm".to_owned(), "delivery-key-denies-service")]);
    let text = error.to_string();
    assert!(text.contains("does not include the service cloudwatch.amazonaws.com"), "{text}");
    assert!(text.contains("`.grant(CloudWatchToTopics)`"), "{text}");
}

/// A composite alarm's actions publish as CloudWatch, as a metric alarm's do: the topic's key
/// must let `cloudwatch.amazonaws.com` in (see
/// <https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Create_Composite_Alarm.html>).
fn composite_alarm_to(topic: typed_cfn::Value<String>) -> CompositeAlarm {
    CompositeAlarm::new("ALARM(ErrorsAlarm)").alarm_name("service-down").alarm_actions(vec![topic])
}

#[test]
fn a_composite_alarm_to_a_topic_whose_key_lacks_cloudwatch_is_refused() {
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(EventBridgeToTopics)));
    let topic = t.add("Alerts", Topic::new().kms_master_key_id(key.arn()));
    t.add("ServiceDown", composite_alarm_to(topic.reference().into()));
    let error = refused("composite-alarm-key-without-cloudwatch", &t);
    assert_eq!(findings(&error), [("ServiceDown".to_owned(), "delivery-key-denies-service")]);
    let text = error.to_string();
    assert!(text.contains("CloudWatch (this composite alarm's actions)"), "{text}");
    assert!(text.contains("does not include the service cloudwatch.amazonaws.com"), "{text}");
    assert!(text.contains("`.grant(CloudWatchToTopics)`"), "{text}");
    // `OKActions` and `InsufficientDataActions` are actions too.
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant_lambda()));
    let topic = t.add("Alerts", Topic::new().kms_master_key_id(key.arn()));
    t.add("ServiceDown", CompositeAlarm::new("ALARM(ErrorsAlarm)").ok_actions(vec![topic.reference()]));
    let error = refused("composite-alarm-ok-action-key-without-cloudwatch", &t);
    assert_eq!(findings(&error), [("ServiceDown".to_owned(), "delivery-key-denies-service")]);
}

#[test]
fn a_composite_alarm_to_a_topic_whose_key_grants_cloudwatch_passes() {
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(CloudWatchToTopics)));
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    t.add("ServiceDown", composite_alarm_to(topic.alarm_action().into()));
    let report = typed_cfn::check::run(&t);
    assert!(report.errors.is_empty() && report.warnings.is_empty(), "{report:?}");
    // Raw, a topic with no policy of its own keeps SNS's default one, which lets CloudWatch in: the
    // key is what decides.
    let mut t = Template::new();
    let key = t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(CloudWatchToTopics)));
    let topic = t.add("Alerts", Topic::new().kms_master_key_id(key.arn()));
    t.add("ServiceDown", composite_alarm_to(topic.reference().into()));
    let report = typed_cfn::check::run(&t);
    assert!(report.errors.is_empty(), "{report:?}");
}

#[test]
fn the_aws_managed_key_is_refused_for_service_senders() {
    let mut t = Template::new();
    let topic = t.add("Alerts", Topic::new());
    let queue = t.add(
        "Work",
        Queue::new().kms_master_key_id(typed_cfn::refs::Attr::<
            typed_cfn::refs::target::kms::Alias,
            typed_cfn::refs::kind::AliasName,
        >::external("alias/aws/sqs")),
    );
    t.add("WorkSubscription", Subscription::new("sqs", topic.reference()).endpoint(queue.arn()));
    let error = refused("queue-managed-key", &t);
    // The queue also has no policy: both are reported.
    assert_eq!(
        findings(&error),
        [
            ("WorkSubscription".to_owned(), "delivery-policy-denies-service"),
            ("WorkSubscription".to_owned(), "delivery-managed-key")
        ]
    );
}

#[test]
fn a_queue_url_where_an_arn_is_required_is_refused() {
    let mut t = Template::new();
    let topic = t.add("Alerts", Topic::new());
    let queue = t.add("Work", Queue::new());
    t.add("WorkSubscription", Subscription::new("sqs", topic.reference()).endpoint(queue.reference()));
    let error = refused("queue-url-for-arn", &t);
    assert_eq!(findings(&error), [("WorkSubscription".to_owned(), "queue-url-for-arn")]);
}

#[test]
fn a_notification_before_its_destinations_policy_is_refused() {
    let mut t = pipeline();
    // The same bucket without `DependsOn` on the topic's policy.
    let notify = bucket::NotificationConfiguration::new().topic_configurations(vec![bucket::TopicConfiguration::new(
        "s3:ObjectCreated:*",
        typed_cfn::refs::Attr::<typed_cfn::refs::target::sns::Topic, typed_cfn::refs::kind::TopicArn>::external(
            typed_cfn::fns::sub("${Alerts}"),
        ),
    )]);
    t.add("Inbox2", Bucket::new().notification_configuration(notify));
    let error = refused("delivery-before-policy", &t);
    assert_eq!(findings(&error), [("Inbox2".to_owned(), "delivery-before-policy")]);
}

#[test]
fn a_sender_the_key_lets_in_but_the_policy_does_not_is_refused() {
    // The key lets S3 into queues; the queue was built before, from a key type without it, so its
    // policy does not: a bucket notifying it is refused by the queue's policy.
    let mut t = Template::new();
    let key = t.add("QueueKey", KmsKey::new(KeyPolicy::account_root().grant(typed_cfn::secure::S3ToQueues)));
    let queue = t.add("Work", Queue::new().kms_master_key_id(key.arn()));
    let document = typed_cfn::policy::ResourcePolicy::new([typed_cfn::policy::Statement::allow(typed_cfn::actions![
        "sqs:SendMessage"
    ])
    .principal(typed_cfn::policy::Principal::service(typed_cfn::service_principal!("sns.amazonaws.com")))
    .resource(queue.arn())]);
    let policy = t.add("WorkPolicy", typed_cfn::resources::sqs::QueuePolicy::new(document, vec![queue.reference()]));
    let notify = bucket::NotificationConfiguration::new()
        .queue_configurations(vec![bucket::QueueConfiguration::new("s3:ObjectCreated:*", queue.arn())]);
    t.add_with("Inbox", Bucket::new().notification_configuration(notify), Attributes::new().depends_on(&policy));
    let error = refused("queue-policy-without-s3", &t);
    assert_eq!(findings(&error), [("Inbox".to_owned(), "delivery-policy-denies-service")]);
    assert!(error.to_string().contains("does not include the service s3.amazonaws.com"), "{error}");
}

#[test]
fn a_template_read_from_a_file_is_judged_the_same() {
    let text = r#"{
      "Resources": {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"}]}}},
        "Topic": {"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": {"Ref": "Key"}}},
        "TopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Topic"}], "PolicyDocument": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"}, "Action": "sns:Publish", "Resource": {"Ref": "Topic"}}]}}},
        "Rule": {"Type": "AWS::Events::Rule", "Properties": {"ScheduleExpression": "rate(1 hour)", "Targets": [{"Id": "T", "Arn": {"Ref": "Topic"}}]}}
      }
    }"#;
    let t = Template::from_json(text).unwrap();
    let report = typed_cfn::check::run(&t);
    let rules: Vec<(&str, Rule)> = report.errors.iter().map(|f| (f.logical_id.as_str(), f.rule)).collect();
    assert_eq!(rules, [("Rule", Rule::DeliveryKeyDeniesService)]);
    assert!(
        report.errors[0].message.contains(
            "principal {\"AWS\": \"arn:aws:iam::123456789012:root\"} does not include the service events.amazonaws.com"
        ),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn secure_constructs_take_extra_statements_and_dependencies() {
    use typed_cfn::policy::{Principal, Statement};
    let mut t = Template::new();
    let key =
        t.add_with("Key", KmsKey::new(KeyPolicy::account_root().grant_s3().grant(S3ToTopics)), Attributes::retain());
    let partner = Statement::allow(typed_cfn::actions!["sns:Publish"])
        .sid("PartnerPublishes")
        .principal(Principal::aws(["arn:aws:iam::111122223333:root"]));
    let topic =
        t.build("Alerts", EncryptedTopic::new(key.arn()).statement(partner.resource(typed_cfn::fns::sub("${Alerts}"))));
    let reader = Statement::allow(typed_cfn::actions!["s3:GetObject"])
        .sid("PartnerReads")
        .principal(Principal::aws(["arn:aws:iam::111122223333:root"]))
        .resource(typed_cfn::fns::sub("arn:${AWS::Partition}:s3:::inbox/*"));
    t.build("Inbox", typed_cfn::secure::SecureBucket::new(key.arn()).statement(reader).depends_on(&topic.topic));
    let json = json_of(&t);
    let sids = |id: &str| -> Vec<Json> {
        json["Resources"][id]["Properties"]["PolicyDocument"]["Statement"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["Sid"].clone())
            .collect()
    };
    assert_eq!(
        sids("AlertsPolicy"),
        [json!("DenyInsecureTransport"), json!("AllowS3Notifications"), json!("PartnerPublishes")]
    );
    assert_eq!(sids("InboxPolicy"), [json!("DenyInsecureTransport"), json!("PartnerReads")]);
    assert_eq!(json["Resources"]["Inbox"]["DependsOn"], json!("Alerts"));
}

#[test]
fn a_key_named_through_fn_sub_is_judged_too() {
    let mut t = Template::new();
    t.add("TopicKey", KmsKey::new(KeyPolicy::account_root().grant_lambda()));
    let topic = t.add(
        "Alerts",
        Topic::new().kms_master_key_id(typed_cfn::refs::Attr::<
            typed_cfn::refs::target::kms::Key,
            typed_cfn::refs::kind::Arn,
        >::external(typed_cfn::fns::sub("${TopicKey.Arn}"))),
    );
    t.add("ErrorsAlarm", alarm().alarm_actions(vec![topic.reference()]));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("ErrorsAlarm".to_owned(), "delivery-key-denies-service")]);
}

#[test]
fn notifications_cannot_be_merged_into_an_intrinsic_configuration() {
    // `configure` sets the configuration as an `Fn::If`: the typed notification cannot be added to
    // it, and is refused rather than silently dropping either.
    let mut t = Template::new();
    let key =
        t.add_with("Key", KmsKey::new(KeyPolicy::account_root().grant_s3().grant(S3ToTopics)), Attributes::retain());
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    let condition = t.condition("Notify", typed_cfn::fns::equals(typed_cfn::pseudo::region(), "us-east-1"));
    let conditional = typed_cfn::fns::condition_if(
        &condition,
        bucket::NotificationConfiguration::new(),
        typed_cfn::pseudo::no_value(),
    );
    t.build(
        "Inbox",
        typed_cfn::secure::SecureBucket::new(key.arn())
            .configure(|b| b.notification_configuration(conditional))
            .notify_topic(&topic, "s3:ObjectCreated:*"),
    );
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("cannot be added to it"), "{error}");
}

/// A budget alerting through an encrypted topic: typed (the topic policy and the key statement
/// written from the key's `BudgetsToTopics` grant), and read from a file without them.
#[test]
fn a_budget_publishes_to_an_encrypted_topic_only_if_key_and_policy_let_budgets_in() {
    use typed_cfn::secure::BudgetsToTopics;
    let mut t = Template::new();
    let key =
        t.add_with("AlertsKey", KmsKey::new(KeyPolicy::account_root().grant(BudgetsToTopics)), Attributes::retain());
    let topic = t.build("Alerts", EncryptedTopic::new(key.arn()));
    let budget = json!({
        "Type": "AWS::Budgets::Budget",
        "Properties": {
            "Budget": {"BudgetName": "monthly", "BudgetType": "COST", "TimeUnit": "MONTHLY", "BudgetLimit": {"Amount": 100, "Unit": "USD"}},
            "NotificationsWithSubscribers": [{
                "Notification": {"NotificationType": "ACTUAL", "ComparisonOperator": "GREATER_THAN", "Threshold": 80},
                "Subscribers": [{"SubscriptionType": "SNS", "Address": {"Ref": "Alerts"}}]
            }]
        }
    });
    let mut json = json_of(&t);
    json["Resources"]["MonthlyBudget"] = budget;
    assert_eq!(topic.budget_subscriber(), topic.arn());
    assert_eq!(
        statement(&json, "AlertsPolicy", "PolicyDocument", "AllowBudgets"),
        json!({
            "Sid": "AllowBudgets",
            "Effect": "Allow",
            "Principal": {"Service": "budgets.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": {"Ref": "Alerts"},
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:budgets::${AWS::AccountId}:*"}}
            }
        })
    );
    let typed = Template::from_json(&json.to_string()).unwrap();
    assert!(typed_cfn::check::run(&typed).errors.is_empty(), "{:?}", typed_cfn::check::run(&typed).errors);
    common::assert_lint_clean(&[common::write_for_lint("budget-to-topic.json", &typed.to_json().unwrap())]);

    let key_statements = json["Resources"]["AlertsKey"]["Properties"]["KeyPolicy"]["Statement"].as_array_mut().unwrap();
    key_statements.retain(|s| s["Sid"] != "Allow AWS Budgets to publish to encrypted topics");
    let without = Template::from_json(&json.to_string()).unwrap();
    let error = refused("budget-to-a-topic-whose-key-refuses-budgets", &without);
    assert_eq!(findings(&error), [("MonthlyBudget".to_owned(), "delivery-key-denies-service")]);
    assert!(error.to_string().contains("`.grant(BudgetsToTopics)`"), "{error}");
}

/// A bucket invoking a Lambda function on new objects: the permission
/// S3 needs, and the bucket created after it.
fn invoking() -> Template {
    use typed_cfn::resources::lambda::{Function, function};
    use typed_cfn::secure::{LambdaService, SecureBucket, ServiceRole};
    let mut t = Template::new();
    let key =
        t.add_with("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3().grant_lambda()), Attributes::retain());
    let role = t.add("IngestRole", ServiceRole::new(LambdaService));
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let ingest =
        t.add("Ingest", Function::new(code, role.arn()).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
    t.build("Uploads", SecureBucket::new(key.arn()).notify_function(&ingest, "s3:ObjectCreated:*"));
    t
}

#[test]
fn a_bucket_invoking_a_function_writes_the_permission_and_waits_for_it() {
    let t = json_of(&invoking());
    assert_eq!(
        t["Resources"]["UploadsInvokesIngest"],
        json!({
            "Type": "AWS::Lambda::Permission",
            "Properties": {
                "Action": "lambda:InvokeFunction",
                "FunctionName": {"Fn::GetAtt": ["Ingest", "Arn"]},
                "Principal": "s3.amazonaws.com",
                "SourceAccount": {"Ref": "AWS::AccountId"}
            }
        })
    );
    assert_eq!(
        t["Resources"]["Uploads"]["Properties"]["NotificationConfiguration"]["LambdaConfigurations"],
        json!([{"Event": "s3:ObjectCreated:*", "Function": {"Fn::GetAtt": ["Ingest", "Arn"]}}])
    );
    assert_eq!(t["Resources"]["Uploads"]["DependsOn"], json!("UploadsInvokesIngest"));
    assert!(typed_cfn::check::run(&invoking()).errors.is_empty());
    common::assert_lint_clean(&[common::write_for_lint(
        "bucket-invokes-function.json",
        &invoking().to_json().unwrap(),
    )]);

    // Without the permission, read from a file: refused. With it but created in any order:
    // refused. With a permission for another service: refused.
    let mut without = t.clone();
    without["Resources"].as_object_mut().unwrap().remove("UploadsInvokesIngest");
    without["Resources"]["Uploads"].as_object_mut().unwrap().remove("DependsOn");
    let error =
        refused("bucket-invokes-a-function-without-permission", &Template::from_json(&without.to_string()).unwrap());
    assert_eq!(findings(&error), [("Uploads".to_owned(), "delivery-policy-denies-service")]);
    let mut unordered = t.clone();
    unordered["Resources"]["Uploads"].as_object_mut().unwrap().remove("DependsOn");
    let error = Template::from_json(&unordered.to_string()).unwrap().to_json().unwrap_err();
    assert_eq!(findings(&error), [("Uploads".to_owned(), "delivery-before-policy")]);
    let mut other = t.clone();
    other["Resources"]["UploadsInvokesIngest"]["Properties"]["Principal"] = json!("sns.amazonaws.com");
    let error = Template::from_json(&other.to_string()).unwrap().to_json().unwrap_err();
    assert_eq!(findings(&error), [("Uploads".to_owned(), "delivery-policy-denies-service")]);
}

/// One function notified of two events: one permission, the bucket created after it. Before, the
/// second `notify_function` added a second permission under the same logical ID and the template
/// was refused for the duplicate.
#[test]
fn a_bucket_invoking_one_function_for_two_events_writes_one_permission() {
    use typed_cfn::resources::lambda::{Function, function};
    use typed_cfn::secure::{LambdaService, SecureBucket, ServiceRole};
    let mut t = Template::new();
    let key =
        t.add_with("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3().grant_lambda()), Attributes::retain());
    let role = t.add("IngestRole", ServiceRole::new(LambdaService));
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let ingest =
        t.add("Ingest", Function::new(code, role.arn()).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
    t.build(
        "Uploads",
        SecureBucket::new(key.arn())
            .notify_function(&ingest, "s3:ObjectCreated:*")
            .notify_function(&ingest, "s3:ObjectRemoved:*"),
    );
    let json = json_of(&t);
    let permissions: Vec<&String> = json["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::Permission")
        .map(|(id, _)| id)
        .collect();
    assert_eq!(permissions, ["UploadsInvokesIngest"]);
    assert_eq!(
        json["Resources"]["Uploads"]["Properties"]["NotificationConfiguration"]["LambdaConfigurations"],
        json!([{"Event": "s3:ObjectCreated:*", "Function": {"Fn::GetAtt": ["Ingest", "Arn"]}}, {"Event": "s3:ObjectRemoved:*", "Function": {"Fn::GetAtt": ["Ingest", "Arn"]}}])
    );
    assert_eq!(json["Resources"]["Uploads"]["DependsOn"], json!("UploadsInvokesIngest"));
}

/// A topic policy created only under a `Condition` does not count where it is not created: in
/// the environment without it, the bucket's notification reaches a topic with no policy
/// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/conditions-section-structure.html>).
#[test]
fn a_topic_policy_created_under_a_condition_counts_only_where_it_is_created() {
    let template = |condition: bool| {
        let mut resources = serde_json::json!({
            "Topic": {"Type": "AWS::SNS::Topic"},
            "TopicPolicy": {"Type": "AWS::SNS::TopicPolicy", "Properties": {"Topics": [{"Ref": "Topic"}],
                "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
                    "Principal": {"Service": "s3.amazonaws.com"}, "Action": "sns:Publish", "Resource": {"Ref": "Topic"},
                    "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}}},
            "Uploads": {"Type": "AWS::S3::Bucket", "DependsOn": "TopicPolicy", "Properties": {"NotificationConfiguration": {
                "TopicConfigurations": [{"Event": "s3:ObjectCreated:*", "Topic": {"Ref": "Topic"}}]}}}
        });
        if condition {
            resources["TopicPolicy"]["Condition"] = serde_json::json!("IsProd");
        }
        let text = serde_json::json!({
            "Parameters": {"Env": {"Type": "String", "AllowedValues": ["prod", "dev"], "Default": "prod"}},
            "Conditions": {"IsProd": {"Fn::Equals": [{"Ref": "Env"}, "prod"]}},
            "Resources": resources
        });
        typed_cfn::Template::from_json(&text.to_string()).unwrap()
    };
    let found = |t: &typed_cfn::Template| {
        let report = typed_cfn::check::run(t);
        report.errors.iter().chain(&report.warnings).map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    assert_eq!(found(&template(false)), []);
    assert_eq!(found(&template(true)), [("Uploads".to_owned(), "delivery-policy-denies-service")]);
}
