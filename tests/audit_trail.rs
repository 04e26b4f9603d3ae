//! CloudTrail with a customer key: the key statements, the bucket
//! policy, the order and the CloudWatch Logs role typed code writes, cfn-lint clean; and the final
//! check on trails written with the generated types, raw, or read from a file.

mod common;

use common::{findings, refused};

use serde_json::{Value as Json, json};
use typed_cfn::resources::cloudtrail::Trail;
use typed_cfn::resources::s3::Bucket;
use typed_cfn::secure::{
    AccessLogBucket, AuditTrail, CloudTrailGrant, EncryptedLogGroup, KeyPolicy, KmsKey, LogsGrant, Pci, Stack,
    TrailBucket,
};
use typed_cfn::{Attributes, Template};

fn statement(t: &Json, resource: &str, document: &str, sid: &str) -> Json {
    let statements = t["Resources"][resource]["Properties"][document]["Statement"].as_array().unwrap();
    statements.iter().find(|s| s["Sid"] == sid).unwrap_or_else(|| panic!("no statement {sid} in {resource}")).clone()
}

/// The account trail of a PCI stack, written the typed way.
fn audit_stack() -> Stack<Pci> {
    let mut stack = Stack::<Pci>::new();
    let key = stack.add_with(
        "TrailKey",
        KmsKey::new(KeyPolicy::account_root().grant(CloudTrailGrant).grant_s3().grant_logs(LogsGrant::account_wide()))
            .description("Encrypts the audit trail, its bucket and its log group"),
        Attributes::retain(),
    );
    let access_logs = stack.build("AccessLogs", AccessLogBucket::new(365));
    let bucket = stack.build("TrailLogs", TrailBucket::new(key.arn()).access_logs_to(&access_logs, "trail-logs/"));
    let group =
        stack.add_with("TrailEvents", EncryptedLogGroup::new(key.arn()).retention_in_days(365), Attributes::retain());
    stack.build("AccountTrail", AuditTrail::new(&bucket, key.arn()).cloudwatch_logs(&group));
    stack
}

#[test]
fn the_key_lets_cloudtrail_in_with_its_encryption_context() {
    let t: Json = serde_json::from_str(&audit_stack().template().to_json().unwrap()).unwrap();
    let trails = json!({"Fn::Sub": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*"});
    assert_eq!(
        statement(&t, "TrailKey", "KeyPolicy", "Allow CloudTrail to encrypt logs"),
        json!({
            "Sid": "Allow CloudTrail to encrypt logs",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "kms:GenerateDataKey*",
            "Resource": "*",
            "Condition": {
                "StringLike": {"kms:EncryptionContext:aws:cloudtrail:arn": {"Fn::Sub": "arn:${AWS::Partition}:cloudtrail:*:${AWS::AccountId}:trail/*"}},
                "ArnLike": {"aws:SourceArn": trails}
            }
        })
    );
    assert_eq!(
        statement(&t, "TrailKey", "KeyPolicy", "Allow CloudTrail to describe the key"),
        json!({
            "Sid": "Allow CloudTrail to describe the key",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "kms:DescribeKey",
            "Resource": "*",
            "Condition": {"ArnLike": {"aws:SourceArn": trails}}
        })
    );
}

#[test]
fn the_bucket_policy_the_order_and_the_logs_role_are_written() {
    let t: Json = serde_json::from_str(&audit_stack().template().to_json().unwrap()).unwrap();
    let conditions = json!({
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*"}}
    });
    assert_eq!(
        statement(&t, "TrailLogsPolicy", "PolicyDocument", "AllowCloudTrailAclCheck"),
        json!({
            "Sid": "AllowCloudTrailAclCheck",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "s3:GetBucketAcl",
            "Resource": {"Fn::GetAtt": ["TrailLogs", "Arn"]},
            "Condition": conditions
        })
    );
    let write = statement(&t, "TrailLogsPolicy", "PolicyDocument", "AllowCloudTrailWrite");
    assert_eq!(write["Resource"], json!({"Fn::Sub": "${TrailLogs.Arn}/AWSLogs/${AWS::AccountId}/*"}));
    assert_eq!(write["Condition"]["StringEquals"]["s3:x-amz-acl"], json!("bucket-owner-full-control"));
    let trail = &t["Resources"]["AccountTrail"];
    assert_eq!(trail["DependsOn"], json!("TrailLogsPolicy"));
    assert_eq!(trail["Properties"]["KMSKeyId"], json!({"Fn::GetAtt": ["TrailKey", "Arn"]}));
    assert_eq!(trail["Properties"]["EnableLogFileValidation"], json!(true));
    assert_eq!(trail["Properties"]["CloudWatchLogsRoleArn"], json!({"Fn::GetAtt": ["AccountTrailLogsRole", "Arn"]}));
    let role = &t["Resources"]["AccountTrailLogsRole"]["Properties"];
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "cloudtrail.amazonaws.com"})
    );
    // The role's permissions are a customer-managed policy, not an inline one (the HIPAA and PCI
    // packs' iam-no-inline-policy-check).
    assert!(role["Policies"].is_null(), "the logs role has no inline policy");
    assert_eq!(role["ManagedPolicyArns"], json!([{"Ref": "AccountTrailLogsPolicy"}]));
    assert_eq!(
        t["Resources"]["AccountTrailLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"][0],
        json!({"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": {"Fn::GetAtt": ["TrailEvents", "Arn"]}})
    );
}

#[test]
fn the_typed_trail_passes_the_check_and_cfn_lint() {
    let emitted = audit_stack().emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    common::assert_lint_clean(&[common::write_for_lint("audit-trail.json", &emitted.body)]);
}

/// A trail written with the generated types into a plain bucket: no bucket policy, and a key
/// that does not let CloudTrail in.
#[test]
fn a_trail_without_its_bucket_policy_or_key_statement_is_refused() {
    let mut t = Template::new();
    let key = t.add("TrailKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    let bucket = t.add("TrailLogs", Bucket::new());
    t.add("AccountTrail", Trail::new(true, bucket.reference()).kms_key_id(key.arn()));
    let error = refused("trail-without-bucket-policy-or-key-statement", &t);
    assert_eq!(
        findings(&error),
        [
            ("AccountTrail".to_owned(), "delivery-key-denies-service"),
            ("AccountTrail".to_owned(), "delivery-policy-denies-service")
        ]
    );
    assert!(error.to_string().contains("`.grant(CloudTrailGrant)`"), "{error}");
}

#[test]
fn a_trail_created_before_its_bucket_policy_is_refused() {
    let mut json: Json = serde_json::from_str(&audit_stack().template().to_json().unwrap()).unwrap();
    json["Resources"]["AccountTrail"].as_object_mut().unwrap().remove("DependsOn");
    let t = Template::from_json(&json.to_string()).unwrap();
    let error = refused("trail-before-bucket-policy", &t);
    assert_eq!(findings(&error), [("AccountTrail".to_owned(), "delivery-before-policy")]);
}

#[test]
fn a_bucket_policy_for_another_prefix_is_refused() {
    // Read from a file: the policy lets CloudTrail write under `logs/`, the trail writes at the root.
    let text = r#"{
      "Resources": {
        "TrailLogs": {"Type": "AWS::S3::Bucket"},
        "TrailLogsPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "TrailLogs"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:GetBucketAcl", "Resource": {"Fn::GetAtt": ["TrailLogs", "Arn"]}},
          {"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "s3:PutObject",
           "Resource": {"Fn::Sub": "${TrailLogs.Arn}/logs/AWSLogs/${AWS::AccountId}/*"},
           "Condition": {"StringEquals": {"s3:x-amz-acl": "bucket-owner-full-control"}}}]}}},
        "Trail": {"Type": "AWS::CloudTrail::Trail", "DependsOn": "TrailLogsPolicy", "Properties": {"IsLogging": true, "S3BucketName": {"Ref": "TrailLogs"}}}
      }
    }"#;
    let t = Template::from_json(text).unwrap();
    let report = typed_cfn::check::run(&t);
    let rules: Vec<(&str, &str)> = report.errors.iter().map(|f| (f.logical_id.as_str(), f.rule.id())).collect();
    assert_eq!(rules, [("Trail", "delivery-policy-denies-service")]);
    assert!(report.errors[0].message.contains("refuses the `s3:PutObject` request"), "{}", report.errors[0].message);
    // With the prefix the policy names, the trail is fine.
    let fixed =
        Template::from_json(&text.replace(r#""IsLogging": true,"#, r#""IsLogging": true, "S3KeyPrefix": "logs","#))
            .unwrap();
    assert_eq!(typed_cfn::check::run(&fixed).errors, []);
}

#[test]
fn an_aws_config_channel_into_a_bucket_that_refuses_config_is_refused() {
    let template = |statements: &str, depends_on: bool| {
        let order = if depends_on { r#""DependsOn": "ConfigBucketPolicy","# } else { "" };
        Template::from_json(&format!(
            r#"{{"Resources": {{
              "ConfigBucket": {{"Type": "AWS::S3::Bucket"}},
              "ConfigBucketPolicy": {{"Type": "AWS::S3::BucketPolicy", "Properties": {{"Bucket": {{"Ref": "ConfigBucket"}},
                "PolicyDocument": {{"Version": "2012-10-17", "Statement": [{statements}]}}}}}},
              "Channel": {{"Type": "AWS::Config::DeliveryChannel", {order} "Properties": {{"S3BucketName": {{"Ref": "ConfigBucket"}}}}}}
            }}}}"#
        ))
        .unwrap()
    };
    let allow = |action: &str, resource: &str, extra: &str| {
        format!(
            r#"{{"Effect": "Allow", "Principal": {{"Service": "config.amazonaws.com"}}, "Action": "{action}", "Resource": {resource}, "Condition": {{"StringEquals": {{"AWS:SourceAccount": {{"Ref": "AWS::AccountId"}}{extra}}}}}}}"#
        )
    };
    let bucket = r#"{"Fn::GetAtt": ["ConfigBucket", "Arn"]}"#;
    let objects = r#"{"Fn::Sub": "${ConfigBucket.Arn}/AWSLogs/${AWS::AccountId}/Config/*"}"#;
    let full = [
        allow("s3:GetBucketAcl", bucket, ""),
        allow("s3:ListBucket", bucket, ""),
        allow("s3:PutObject", objects, r#", "s3:x-amz-acl": "bucket-owner-full-control""#),
    ]
    .join(",");
    let rules = |t: &Template| -> Vec<(String, &'static str)> {
        typed_cfn::check::run(t).errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect()
    };
    assert_eq!(rules(&template(&full, true)), []);
    assert_eq!(rules(&template(&full, false)), [("Channel".to_owned(), "delivery-before-policy")]);
    let without_list = [allow("s3:GetBucketAcl", bucket, ""), allow("s3:PutObject", objects, "")].join(",");
    let report = typed_cfn::check::run(&template(&without_list, true));
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].message.contains("refuses the `s3:ListBucket` request"), "{}", report.errors[0].message);

    // AWS Config does not deliver to a bucket with Object Lock (a `SecureBucket`'s default).
    let mut locked: serde_json::Value = serde_json::from_str(&template(&full, true).to_json().unwrap()).unwrap();
    locked["Resources"]["ConfigBucket"]["Properties"] = json!({"ObjectLockEnabled": true});
    let locked = Template::from_json(&locked.to_string()).unwrap();
    assert_eq!(rules(&locked), [("Channel".to_owned(), "delivery-bucket-object-lock")]);

    // A recorder with a role of its own writes with that role: the bucket's policy is not asked.
    // With the service-linked role, Config writes as its service principal: it is.
    let recorder = |role: serde_json::Value| {
        let t = json!({"Resources": {
            "ConfigBucket": {"Type": "AWS::S3::Bucket"},
            "Channel": {"Type": "AWS::Config::DeliveryChannel", "Properties": {"S3BucketName": {"Ref": "ConfigBucket"}}},
            "Recorder": {"Type": "AWS::Config::ConfigurationRecorder", "Properties": {"RoleARN": role}}
        }});
        Template::from_json(&t.to_string()).unwrap()
    };
    assert_eq!(rules(&recorder(json!("arn:aws:iam::123456789012:role/config-recorder"))), []);
    let linked = recorder(
        json!({"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"}),
    );
    assert_eq!(rules(&linked).len(), 1, "{:?}", rules(&linked));

    // Into a bucket under a customer key, Config (as its service principal) needs the key too.
    let under_key = |grant: bool| {
        use typed_cfn::secure::ConfigDeliveryGrant;
        let mut t = Template::new();
        let key = if grant {
            t.add_with(
                "ConfigKey",
                KmsKey::new(KeyPolicy::account_root().grant_s3().grant(ConfigDeliveryGrant)),
                Attributes::retain(),
            )
            .arn()
            .value()
        } else {
            t.add_with("ConfigKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain())
                .arn()
                .value()
        };
        let mut json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
        let mut with_channel: serde_json::Value =
            serde_json::from_str(&template(&full, true).to_json().unwrap()).unwrap();
        json["Resources"]["ConfigBucket"] = with_channel["Resources"]["ConfigBucket"].take();
        json["Resources"]["ConfigBucketPolicy"] = with_channel["Resources"]["ConfigBucketPolicy"].take();
        json["Resources"]["Channel"] = with_channel["Resources"]["Channel"].take();
        json["Resources"]["ConfigBucket"]["Properties"] = json!({"BucketEncryption": {"ServerSideEncryptionConfiguration": [
            {"ServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": serde_json::to_value(key.into_node().to_json_value()).unwrap()}}
        ]}});
        Template::from_json(&json.to_string()).unwrap()
    };
    assert_eq!(rules(&under_key(false)), [("Channel".to_owned(), "delivery-key-denies-service")]);
    assert_eq!(rules(&under_key(true)), []);
    let granted: serde_json::Value = serde_json::from_str(&under_key(true).to_json().unwrap()).unwrap();
    let statements = granted["Resources"]["ConfigKey"]["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
    assert_eq!(
        statements.iter().find(|s| s["Sid"] == "Allow AWS Config to encrypt deliveries").unwrap(),
        &json!({
            "Sid": "Allow AWS Config to encrypt deliveries",
            "Effect": "Allow",
            "Principal": {"Service": "config.amazonaws.com"},
            "Action": ["kms:GenerateDataKey", "kms:Decrypt"],
            "Resource": "*",
            "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}
        })
    );

    // AWS Config does not publish to an encrypted topic.
    let mut notifying: serde_json::Value = serde_json::from_str(&template(&full, true).to_json().unwrap()).unwrap();
    notifying["Resources"]["Changes"] =
        json!({"Type": "AWS::SNS::Topic", "Properties": {"KmsMasterKeyId": "alias/aws/sns"}});
    notifying["Resources"]["Channel"]["Properties"]["SnsTopicARN"] = json!({"Ref": "Changes"});
    let notifying = Template::from_json(&notifying.to_string()).unwrap();
    assert_eq!(rules(&notifying), [("Channel".to_owned(), "config-topic-encrypted")]);
}

/// A trail notifying an encrypted topic of each log file: the key and the topic's policy let
/// CloudTrail in, and the trail is created after the topic's policy.
fn notifying_stack() -> Template {
    use typed_cfn::secure::{CloudTrailToTopics, EncryptedTopic};
    let mut t = Template::new();
    let key = t.add_with(
        "TrailKey",
        KmsKey::new(KeyPolicy::account_root().grant(CloudTrailGrant).grant_s3()),
        Attributes::retain(),
    );
    let topic_key =
        t.add_with("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(CloudTrailToTopics)), Attributes::retain());
    let topic = t.build("LogFiles", EncryptedTopic::new(topic_key.arn()));
    let bucket = t.build("TrailLogs", TrailBucket::new(key.arn()));
    t.build("AccountTrail", AuditTrail::new(&bucket, key.arn()).notify(&topic));
    t
}

#[test]
fn a_trail_notifies_an_encrypted_topic_that_lets_cloudtrail_in() {
    let t: Json = serde_json::from_str(&notifying_stack().to_json().unwrap()).unwrap();
    assert_eq!(t["Resources"]["AccountTrail"]["Properties"]["SnsTopicName"], json!({"Ref": "LogFiles"}));
    assert_eq!(t["Resources"]["AccountTrail"]["DependsOn"], json!(["TrailLogsPolicy", "LogFilesPolicy"]));
    assert_eq!(
        statement(&t, "TopicKey", "KeyPolicy", "Allow CloudTrail to publish to encrypted topics"),
        json!({
            "Sid": "Allow CloudTrail to publish to encrypted topics",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": ["kms:GenerateDataKey*", "kms:Decrypt"],
            "Resource": "*",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*"}}
            }
        })
    );
    assert_eq!(
        statement(&t, "LogFilesPolicy", "PolicyDocument", "AllowCloudTrail"),
        json!({
            "Sid": "AllowCloudTrail",
            "Effect": "Allow",
            "Principal": {"Service": "cloudtrail.amazonaws.com"},
            "Action": "sns:Publish",
            "Resource": {"Ref": "LogFiles"},
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:cloudtrail:${AWS::Region}:${AWS::AccountId}:trail/*"}}
            }
        })
    );
    let emitted = notifying_stack().emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    common::assert_lint_clean(&[common::write_for_lint("audit-trail-notifying.json", &emitted.body)]);
}

#[test]
fn a_trail_notifying_a_topic_that_refuses_cloudtrail_is_refused() {
    let mut json: Json = serde_json::from_str(&notifying_stack().to_json().unwrap()).unwrap();
    // The topic key without the CloudTrail statement, the topic policy without it, no order.
    let key_statements = json["Resources"]["TopicKey"]["Properties"]["KeyPolicy"]["Statement"].as_array_mut().unwrap();
    key_statements.retain(|s| s["Sid"] != "Allow CloudTrail to publish to encrypted topics");
    let topic_statements =
        json["Resources"]["LogFilesPolicy"]["Properties"]["PolicyDocument"]["Statement"].as_array_mut().unwrap();
    topic_statements.retain(|s| s["Sid"] != "AllowCloudTrail");
    json["Resources"]["AccountTrail"]["DependsOn"] = json!("TrailLogsPolicy");
    let t = Template::from_json(&json.to_string()).unwrap();
    let error = refused("trail-notifying-a-topic-that-refuses-cloudtrail", &t);
    assert_eq!(
        findings(&error),
        [
            ("AccountTrail".to_owned(), "delivery-key-denies-service"),
            ("AccountTrail".to_owned(), "delivery-policy-denies-service"),
            ("AccountTrail".to_owned(), "delivery-before-policy"),
        ]
    );
    assert!(error.to_string().contains("`.grant(CloudTrailToTopics)`"), "{error}");
}

/// A sibling path of `AuditTrail::notify`: `configure` cannot point the trail at another topic.
#[test]
fn a_notified_topic_cannot_be_changed_in_configure() {
    use typed_cfn::secure::{CloudTrailToTopics, EncryptedTopic};
    let mut t = Template::new();
    let key = t.add_with(
        "TrailKey",
        KmsKey::new(KeyPolicy::account_root().grant(CloudTrailGrant).grant_s3()),
        Attributes::retain(),
    );
    let topic_key =
        t.add_with("TopicKey", KmsKey::new(KeyPolicy::account_root().grant(CloudTrailToTopics)), Attributes::retain());
    let topic = t.build("LogFiles", EncryptedTopic::new(topic_key.arn()));
    let bucket = t.build("TrailLogs", TrailBucket::new(key.arn()));
    t.build(
        "AccountTrail",
        AuditTrail::new(&bucket, key.arn()).notify(&topic).configure(|trail| {
            trail.sns_topic_name(typed_cfn::refs::Attr::<
                typed_cfn::refs::target::sns::Topic,
                typed_cfn::refs::kind::TopicName,
            >::external("elsewhere"))
        }),
    );
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("SnsTopicName") && error.contains("AuditTrail::notify"), "{error}");
}
