//! Vended logs to S3: VPC flow logs written by the log delivery service
//! (`delivery.logs.amazonaws.com`) into an SSE-KMS bucket. The key statement and bucket policy
//! typed code writes, cfn-lint clean; the final check on flow logs into buckets that refuse.

mod common;

use common::findings;

use serde_json::{Value as Json, json};
use typed_cfn::resources::ec2::{FlowLog, flow_log};
use typed_cfn::secure::{KeyPolicy, KmsKey, LogDeliveryGrant, SecureBucket, VendedLogsBucket};
use typed_cfn::{Attributes, Template};

fn flow_log_to(destination: impl Into<typed_cfn::Value<String>>) -> FlowLog {
    FlowLog::new(
        typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::VPC, typed_cfn::refs::kind::VpcId>::external("vpc-0abc"),
        flow_log::ResourceType::Vpc,
    )
    .traffic_type(flow_log::TrafficType::All)
    .log_destination_type(flow_log::LogDestinationType::S3)
    .log_destination(destination)
}

fn typed() -> Template {
    let mut t = Template::new();
    let key = t.add_with(
        "LogsKey",
        KmsKey::new(KeyPolicy::account_root().grant_s3().grant(LogDeliveryGrant)),
        Attributes::retain(),
    );
    let bucket = t.build("FlowLogs", VendedLogsBucket::new(key.arn()));
    t.add_with("VpcFlowLog", flow_log_to(bucket.log_destination()), Attributes::new().depends_on(&bucket.policy));
    t
}

#[test]
fn the_key_and_the_bucket_let_the_log_delivery_service_in() {
    let t: Json = serde_json::from_str(&typed().to_json().unwrap()).unwrap();
    let key_statements = t["Resources"]["LogsKey"]["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
    let delivery = key_statements.iter().find(|s| s["Sid"] == "Allow log delivery to use the key").unwrap();
    let sources = json!({
        "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
        "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"}}
    });
    assert_eq!(
        *delivery,
        json!({
            "Sid": "Allow log delivery to use the key",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
            "Resource": "*",
            "Condition": sources
        })
    );
    let policy = t["Resources"]["FlowLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"].as_array().unwrap();
    let write = policy.iter().find(|s| s["Sid"] == "AllowLogDeliveryWrite").unwrap();
    assert_eq!(write["Principal"], json!({"Service": "delivery.logs.amazonaws.com"}));
    assert_eq!(write["Resource"], json!({"Fn::Sub": "${FlowLogs.Arn}/AWSLogs/${AWS::AccountId}/*"}));
    assert_eq!(write["Condition"]["StringEquals"]["s3:x-amz-acl"], json!("bucket-owner-full-control"));
    assert!(policy.iter().any(|s| s["Sid"] == "AllowLogDeliveryAclCheck"));
}

#[test]
fn the_typed_flow_log_bucket_passes_the_check_and_cfn_lint() {
    let emitted = typed().emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    common::assert_lint_clean(&[common::write_for_lint("vended-logs.json", &emitted.body)]);
}

#[test]
fn a_flow_log_into_a_plain_secure_bucket_is_refused() {
    // A `SecureBucket`: its key lets S3 in for the account's principals (`kms:ViaService`), not
    // the log delivery service, and its policy (TLS only) does not let the service write.
    let mut t = Template::new();
    let key = t.add_with("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain());
    let bucket = t.build("FlowLogs", SecureBucket::new(key.arn()));
    t.add_with("VpcFlowLog", flow_log_to(bucket.bucket.arn()), Attributes::new().depends_on(&bucket.policy));
    let error = t.to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/flow-log-into-secure-bucket.txt", &format!("{error}\n"));
    assert_eq!(
        findings(&error),
        [
            ("VpcFlowLog".to_owned(), "delivery-key-denies-service"),
            ("VpcFlowLog".to_owned(), "delivery-policy-denies-service")
        ]
    );
    assert!(
        error.to_string().contains("the next stack update, which writes this policy again, removes them"),
        "{error}"
    );
}

#[test]
fn a_flow_log_under_a_prefix_is_judged_under_it() {
    let mut t = Template::new();
    let key = t.add_with(
        "LogsKey",
        KmsKey::new(KeyPolicy::account_root().grant_s3().grant(LogDeliveryGrant)),
        Attributes::retain(),
    );
    let bucket = t.build("FlowLogs", VendedLogsBucket::new(key.arn()));
    // The policy covers `AWSLogs/<account>/` at the root only: a prefix falls outside it.
    t.add_with(
        "VpcFlowLog",
        flow_log_to(typed_cfn::sub!("${Bucket}/vpc", Bucket = bucket.log_destination())),
        Attributes::new().depends_on(&bucket.policy),
    );
    let error = t.to_json().unwrap_err();
    assert_eq!(findings(&error), [("VpcFlowLog".to_owned(), "delivery-policy-denies-service")]);
    // A flow log created before the policy, at the root the policy covers, deploys: AWS attaches
    // the policy the log delivery service needs itself when the flow log's creator may
    // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-s3-permissions.html).
    let mut t = typed();
    t.add("SecondFlowLog", flow_log_to(typed_cfn::fns::sub("${FlowLogs.Arn}")));
    let report = typed_cfn::check::run(&t);
    let found: Vec<_> =
        report.errors.iter().chain(&report.warnings).map(|f| (f.logical_id.as_str(), f.rule.id())).collect();
    assert!(!found.iter().any(|(id, _)| *id == "SecondFlowLog"), "{found:?}");
    // The same, under the prefix the policy does not cover, is still refused.
    let mut t = typed();
    t.add("SecondFlowLog", flow_log_to(typed_cfn::fns::sub("${FlowLogs.Arn}/vpc")));
    let error = t.to_json().unwrap_err();
    assert_eq!(findings(&error), [("SecondFlowLog".to_owned(), "delivery-policy-denies-service")]);
}

/// Services that write into CloudWatch Logs through the account's resource policies: an
/// EventBridge rule targeting a log group, a hosted zone's query logs. Without a policy the
/// events are dropped (EventBridge) or the stack fails (Route 53); a policy outside the template
/// may exist, so outside a scoped stack it is a warning.
#[test]
fn log_groups_written_by_eventbridge_and_route53_need_a_logs_resource_policy() {
    let template = |policy: Option<&str>, depends_on: bool| {
        let mut resources = serde_json::json!({
            "Events": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/events/audit", "RetentionInDays": 365}},
            "Queries": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/route53/example.com", "RetentionInDays": 365}},
            "AuditRule": {"Type": "AWS::Events::Rule", "Properties": {
                "EventPattern": {"source": ["aws.s3"]},
                "Targets": [{"Id": "logs", "Arn": {"Fn::GetAtt": ["Events", "Arn"]}}]
            }},
            "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {
                "Name": "example.com",
                "QueryLoggingConfig": {"CloudWatchLogsLogGroupArn": {"Fn::GetAtt": ["Queries", "Arn"]}}
            }}
        });
        if let Some(principals) = policy {
            let document = format!(
                r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": [{principals}]}}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/*"}}]}}"#
            );
            resources["LogsPolicy"] = serde_json::json!({"Type": "AWS::Logs::ResourcePolicy", "Properties": {"PolicyName": "service-logs", "PolicyDocument": {"Fn::Sub": document}}});
            if depends_on {
                resources["Zone"]["DependsOn"] = serde_json::json!("LogsPolicy");
            }
        }
        Template::from_json(&serde_json::json!({"Resources": resources}).to_string()).unwrap()
    };
    let both = r#""events.amazonaws.com", "route53.amazonaws.com""#;
    let report = typed_cfn::check::run(&template(Some(both), true));
    assert!(report.errors.is_empty() && report.warnings.is_empty(), "{report:?}");

    // No policy in the template: warnings (one may exist in the account), errors in a PCI stack.
    let report = typed_cfn::check::run(&template(None, false));
    let warned: Vec<(&str, &str)> = report.warnings.iter().map(|f| (f.logical_id.as_str(), f.rule.id())).collect();
    assert_eq!(warned, [("AuditRule", "delivery-policy-denies-service"), ("Zone", "delivery-policy-denies-service")]);
    assert!(
        report.warnings[0].message.contains("unless a CloudWatch Logs resource policy outside it"),
        "{}",
        report.warnings[0].message
    );
    let scoped = typed_cfn::secure::Stack::<typed_cfn::secure::Pci>::from_template(template(None, false));
    let report = typed_cfn::check::run(scoped.template());
    let errors: Vec<&str> = report
        .errors
        .iter()
        .filter(|f| f.rule.id() == "delivery-policy-denies-service")
        .map(|f| f.logical_id.as_str())
        .collect();
    assert_eq!(errors, ["AuditRule", "Zone"]);

    // A policy for EventBridge only, and the zone not created after it.
    let report = typed_cfn::check::run(&template(Some(r#""events.amazonaws.com""#), false));
    let found: Vec<(&str, &str)> =
        report.errors.iter().chain(&report.warnings).map(|f| (f.logical_id.as_str(), f.rule.id())).collect();
    assert_eq!(found, [("Zone", "delivery-before-policy"), ("Zone", "delivery-policy-denies-service")]);
}

/// `AWS::Route53::QueryLoggingConfig`, the zone's query logs as a resource of their own: Route 53
/// checks the account's CloudWatch Logs resource policies when it is created
/// (<https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/query-logs.html>), so it needs a
/// policy letting `route53.amazonaws.com` write, created first.
#[test]
fn a_query_logging_config_needs_a_logs_resource_policy_created_first() {
    let template = |principal: &str, depends_on: bool| {
        let mut resources = serde_json::json!({
            "Queries": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/route53/example.com", "RetentionInDays": 365}},
            "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "example.com"}},
            "ZoneQueryLogs": {"Type": "AWS::Route53::QueryLoggingConfig", "Properties": {
                "HostedZoneId": {"Ref": "Zone"},
                "CloudWatchLogsLogGroupArn": {"Fn::GetAtt": ["Queries", "Arn"]}
            }},
            "LogsPolicy": {"Type": "AWS::Logs::ResourcePolicy", "Properties": {"PolicyName": "route53-query-logs", "PolicyDocument": {"Fn::Sub":
                format!(r#"{{"Version": "2012-10-17", "Statement": [{{"Effect": "Allow", "Principal": {{"Service": "{principal}"}}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/route53/*"}}]}}"#)
            }}}
        });
        if depends_on {
            resources["ZoneQueryLogs"]["DependsOn"] = serde_json::json!("LogsPolicy");
        }
        Template::from_json(&serde_json::json!({"Resources": resources}).to_string()).unwrap()
    };
    let found = |t: &Template| {
        let report = typed_cfn::check::run(t);
        report.errors.iter().chain(&report.warnings).map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    assert_eq!(found(&template("route53.amazonaws.com", true)), []);
    assert_eq!(
        found(&template("route53.amazonaws.com", false)),
        [("ZoneQueryLogs".to_owned(), "delivery-before-policy")]
    );
    assert_eq!(
        found(&template("events.amazonaws.com", true)),
        [("ZoneQueryLogs".to_owned(), "delivery-policy-denies-service")]
    );
}

/// A CloudWatch Logs resource policy whose text cannot be read (here a key given twice) says
/// nothing the check can judge: a delivery it may let in is not refused, while a readable
/// policy beside it is still judged.
#[test]
fn an_unreadable_logs_resource_policy_is_not_judged_to_refuse() {
    let template = |documents: &[&str]| {
        let mut resources = serde_json::json!({
            "Queries": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "/aws/route53/example.com", "RetentionInDays": 365}},
            "Zone": {"Type": "AWS::Route53::HostedZone", "Properties": {"Name": "example.com"}},
            "ZoneQueryLogs": {"Type": "AWS::Route53::QueryLoggingConfig", "DependsOn": "LogsPolicy0", "Properties": {
                "HostedZoneId": {"Ref": "Zone"},
                "CloudWatchLogsLogGroupArn": {"Fn::GetAtt": ["Queries", "Arn"]}
            }}
        });
        for (i, document) in documents.iter().enumerate() {
            resources[format!("LogsPolicy{i}")] = serde_json::json!({"Type": "AWS::Logs::ResourcePolicy", "Properties": {"PolicyName": format!("policy-{i}"), "PolicyDocument": {"Fn::Sub": document}}});
        }
        Template::from_json(&serde_json::json!({"Resources": resources}).to_string()).unwrap()
    };
    let statement = |effect: &str, principal: &str| {
        format!(
            r#"{{"Effect": "{effect}", "Principal": {{"Service": "{principal}"}}, "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:/aws/route53/*"}}"#
        )
    };
    let readable = |effect: &str, principal: &str| {
        format!(r#"{{"Version": "2012-10-17", "Statement": [{}]}}"#, statement(effect, principal))
    };
    let unreadable = format!(
        r#"{{"Version": "2012-10-17", "Version": "2012-10-17", "Statement": [{}]}}"#,
        statement("Allow", "route53.amazonaws.com")
    );
    let found = |t: &Template| {
        let report = typed_cfn::check::run(t);
        report.errors.iter().chain(&report.warnings).map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    // Read, a policy for another service refuses Route 53.
    assert_eq!(
        found(&template(&[&readable("Allow", "events.amazonaws.com")])),
        [("ZoneQueryLogs".to_owned(), "delivery-policy-denies-service")]
    );
    // Beside a policy that cannot be read, which may let it in, it is not refused.
    assert_eq!(found(&template(&[&readable("Allow", "events.amazonaws.com"), &unreadable])), []);
    assert_eq!(found(&template(&[&unreadable])), []);
    // A readable Deny still refuses it.
    assert_eq!(
        found(&template(&[&readable("Deny", "route53.amazonaws.com"), &unreadable])),
        [("ZoneQueryLogs".to_owned(), "delivery-policy-denies-service")]
    );
}
