//! Access-log buckets (issue 12, integration 5): Application Load Balancer access logs and S3
//! server access logs are delivered only to SSE-S3 buckets whose policy lets the delivering
//! principal in — for a load balancer, the Region's Elastic Load Balancing account (Regions opened
//! before August 2022) or its log delivery service. The typed bucket, and the final check.

mod common;

use common::findings;

use serde_json::{Value as Json, json};
use typed_cfn::resources::elasticloadbalancingv2::{LoadBalancer, load_balancer};
use typed_cfn::secure::{AccessLogBucket, KeyPolicy, KmsKey, SecureBucket};
use typed_cfn::{Attributes, Template};

fn logging_to(bucket: typed_cfn::Value<String>) -> LoadBalancer {
    let attribute = |key: &str, value: typed_cfn::Value<String>| load_balancer::LoadBalancerAttribute::new().key(key).value(value);
    LoadBalancer::new()
        .scheme(load_balancer::Scheme::Internal)
        .subnets(vec!["subnet-0123456789abcdef0".to_owned(), "subnet-0fedcba9876543210".to_owned()])
        .load_balancer_attributes(vec![
            attribute("access_logs.s3.enabled", "true".into()),
            attribute("access_logs.s3.bucket", bucket),
            attribute("routing.http.drop_invalid_header_fields.enabled", "true".into()),
        ])
}

fn typed() -> Template {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    t.add_with("Balancer", logging_to(logs.bucket.reference()), Attributes::new().depends_on(&logs.policy));
    t
}

#[test]
fn the_log_bucket_lets_the_regions_load_balancer_log_delivery_in() {
    let t: Json = serde_json::from_str(&typed().to_json().unwrap()).unwrap();
    assert_eq!(t["Mappings"]["ElbLogDeliveryAccounts"]["us-east-1"], json!({"Principal": "arn:aws:iam::127311923021:root"}));
    assert_eq!(t["Mappings"]["ElbLogDeliveryAccounts"]["us-gov-west-1"], json!({"Principal": "arn:aws-us-gov:iam::048591011584:root"}));
    assert_eq!(t["Conditions"]["ElbRegionHasLogDeliveryAccount"]["Fn::Or"].as_array().unwrap().len(), 3);
    let statements = t["Resources"]["AccessLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"].as_array().unwrap();
    let delivery = statements.iter().find(|s| s["Sid"] == "AllowLoadBalancerLogDelivery").unwrap();
    assert_eq!(
        delivery["Principal"],
        json!({"Fn::If": [
            "ElbRegionHasLogDeliveryAccount",
            {"AWS": {"Fn::FindInMap": ["ElbLogDeliveryAccounts", {"Ref": "AWS::Region"}, "Principal"]}},
            {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
        ]})
    );
    assert_eq!(delivery["Resource"], json!({"Fn::Sub": "${AccessLogs.Arn}/AWSLogs/${AWS::AccountId}/*"}));
}

#[test]
fn the_typed_log_bucket_passes_the_check_and_cfn_lint() {
    let emitted = typed().emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    common::assert_lint_clean(&[common::write_for_lint("access-logs.json", &emitted.body)]);
}

#[test]
fn load_balancer_logs_into_a_kms_bucket_or_a_bucket_that_refuses_them_are_refused() {
    // A `SecureBucket` (SSE-KMS, a policy for the account's own principals).
    let mut t = Template::new();
    let key = t.add_with("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain());
    let data = t.build("Data", SecureBucket::new(key.arn()));
    t.add_with("Balancer", logging_to(data.bucket.reference()), Attributes::new().depends_on(&data.policy));
    let error = t.to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/load-balancer-logs-into-kms-bucket.txt", &format!("{error}\n"));
    assert_eq!(
        findings(&error),
        [("Balancer".to_owned(), "delivery-policy-denies-service"), ("Balancer".to_owned(), "log-bucket-not-sse-s3")]
    );
    assert!(error.to_string().contains("arn:aws:iam::127311923021:root"), "{error}");

    // An `AccessLogBucket` built for server access logs only.
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365));
    t.add_with("Balancer", logging_to(logs.bucket.reference()), Attributes::new().depends_on(&logs.policy));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Balancer".to_owned(), "delivery-policy-denies-service")]);

    // The load balancer created before the bucket's policy.
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    t.add("Balancer", logging_to(logs.bucket.reference()));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Balancer".to_owned(), "delivery-before-policy")]);
}

#[test]
fn server_access_logs_into_a_kms_bucket_are_refused() {
    let mut t = Template::new();
    let key = t.add_with("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain());
    let target = t.build("Target", SecureBucket::new(key.arn()));
    let access_logs = typed_cfn::resources::s3::bucket::LoggingConfiguration::new().destination_bucket_name(target.bucket.reference());
    t.add("Source", typed_cfn::resources::s3::Bucket::new().logging_configuration(access_logs));
    let found = findings(&t.to_json().unwrap_err());
    assert_eq!(found, [("Source".to_owned(), "delivery-policy-denies-service"), ("Source".to_owned(), "log-bucket-not-sse-s3")]);
}

/// The same load balancer, logging through `access_logs`: the attributes and the order are
/// written by the call.
fn wired() -> Template {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    let balancer = LoadBalancer::new()
        .scheme(load_balancer::Scheme::Internal)
        .subnets(vec!["subnet-0123456789abcdef0".to_owned(), "subnet-0fedcba9876543210".to_owned()])
        .load_balancer_attributes(vec![
            load_balancer::LoadBalancerAttribute::new().key("routing.http.drop_invalid_header_fields.enabled").value("true"),
        ]);
    t.build("Balancer", balancer.access_logs(&logs));
    t
}

#[test]
fn access_logs_writes_the_attributes_and_the_order() {
    let emitted = wired().emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    let t: Json = serde_json::from_str(&emitted.body).unwrap();
    assert_eq!(t["Resources"]["Balancer"]["DependsOn"], json!("AccessLogsPolicy"));
    assert_eq!(
        t["Resources"]["Balancer"]["Properties"]["LoadBalancerAttributes"],
        json!([
            {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
            {"Key": "access_logs.s3.enabled", "Value": "true"},
            {"Key": "access_logs.s3.bucket", "Value": {"Ref": "AccessLogs"}}
        ])
    );
    common::assert_lint_clean(&[common::write_for_lint("access-logs-wired.json", &emitted.body)]);
}

#[test]
fn access_logs_refuses_a_network_load_balancer() {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    let balancer = LoadBalancer::new().r#type(load_balancer::Type::Network).subnets(vec!["subnet-0123456789abcdef0".to_owned()]);
    t.build("Balancer", balancer.access_logs(&logs));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("a Network Load Balancer's logs are vended logs"), "{error}");
}
