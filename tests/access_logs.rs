//! Access-log buckets: Application Load Balancer access logs and S3
//! server access logs are delivered only to SSE-S3 buckets whose policy lets the delivering
//! principal in — for a load balancer, the Region's Elastic Load Balancing account (Regions opened
//! before August 2022) or its log delivery service. The typed bucket, and the final check.

mod common;

use common::{findings, refused};

use serde_json::{Value as Json, json};
use typed_cfn::resources::elasticloadbalancingv2::{LoadBalancer, load_balancer};
use typed_cfn::secure::{AccessLogBucket, KeyPolicy, KmsKey, SecureBucket};
use typed_cfn::{Attributes, Template};

fn logging_to(bucket: typed_cfn::Value<String>) -> LoadBalancer {
    let attribute =
        |key: &str, value: typed_cfn::Value<String>| load_balancer::LoadBalancerAttribute::new().key(key).value(value);
    LoadBalancer::new()
        .scheme(load_balancer::Scheme::Internal)
        .subnets(vec![
            typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external(
                "subnet-0123456789abcdef0",
            ),
            typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external(
                "subnet-0fedcba9876543210",
            ),
        ])
        .load_balancer_attributes(vec![
            attribute("access_logs.s3.enabled", "true".into()),
            attribute("access_logs.s3.bucket", bucket),
            attribute("routing.http.drop_invalid_header_fields.enabled", "true".into()),
        ])
}

fn typed() -> Template {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    t.add_with("Balancer", logging_to(logs.bucket.reference().into()), Attributes::new().depends_on(&logs.policy));
    t
}

#[test]
fn the_log_bucket_lets_the_regions_load_balancer_log_delivery_in() {
    let t: Json = serde_json::from_str(&typed().to_json().unwrap()).unwrap();
    assert_eq!(
        t["Mappings"]["ElbLogDeliveryAccounts"]["us-east-1"],
        json!({"Principal": "arn:aws:iam::127311923021:root"})
    );
    assert_eq!(
        t["Mappings"]["ElbLogDeliveryAccounts"]["us-gov-west-1"],
        json!({"Principal": "arn:aws-us-gov:iam::048591011584:root"})
    );
    assert_eq!(t["Conditions"]["ElbRegionHasLogDeliveryAccount"]["Fn::Or"].as_array().unwrap().len(), 3);
    let statements =
        t["Resources"]["AccessLogsPolicy"]["Properties"]["PolicyDocument"]["Statement"].as_array().unwrap();
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
    t.add_with("Balancer", logging_to(data.bucket.reference().into()), Attributes::new().depends_on(&data.policy));
    let error = t.to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/load-balancer-logs-into-kms-bucket.txt", &format!("{error}\n"));
    assert_eq!(
        findings(&error),
        [("Balancer".to_owned(), "delivery-policy-denies-service"), ("Balancer".to_owned(), "log-bucket-not-sse-s3")]
    );
    assert!(error.to_string().contains("arn:aws:iam::127311923021:root"), "{error}");
    // The Region's load balancer account sends no source keys: the fix must not ask for conditions
    // on them (a statement following such advice refuses it again).
    assert!(
        error.to_string().contains("principal `arn:aws:iam::127311923021:root` may call `s3:PutObject` on the bucket, with no `aws:SourceAccount` or `aws:SourceArn` condition (it sends neither, so such a condition would refuse it)"),
        "{error}"
    );

    // An `AccessLogBucket` built for server access logs only.
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365));
    t.add_with("Balancer", logging_to(logs.bucket.reference().into()), Attributes::new().depends_on(&logs.policy));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Balancer".to_owned(), "delivery-policy-denies-service")]);

    // The load balancer created before the bucket's policy.
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    t.add("Balancer", logging_to(logs.bucket.reference().into()));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Balancer".to_owned(), "delivery-before-policy")]);
}

#[test]
fn server_access_logs_into_a_kms_bucket_are_refused() {
    let mut t = Template::new();
    let key = t.add_with("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()), Attributes::retain());
    let target = t.build("Target", SecureBucket::new(key.arn()));
    let access_logs = typed_cfn::resources::s3::bucket::LoggingConfiguration::new()
        .destination_bucket_name(target.bucket.reference());
    t.add("Source", typed_cfn::resources::s3::Bucket::new().logging_configuration(access_logs));
    let found = findings(&t.to_json().unwrap_err());
    assert_eq!(
        found,
        [("Source".to_owned(), "delivery-policy-denies-service"), ("Source".to_owned(), "log-bucket-not-sse-s3")]
    );
}

/// S3 does not deliver server access logs into a bucket with an Object Lock default retention
/// period (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>);
/// Object Lock enabled with no default retention is fine.
#[test]
fn server_access_logs_into_a_bucket_with_object_lock_default_retention_are_refused() {
    let template = |rule: &str| {
        let text = r#"{"Resources": {
          "Logs": {"Type": "AWS::S3::Bucket", "Properties": {"ObjectLockEnabled": true, "ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled" RULE}}},
          "LogsPolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": {"Ref": "Logs"}, "PolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "logging.s3.amazonaws.com"}, "Action": "s3:PutObject",
             "Resource": {"Fn::Sub": "${Logs.Arn}/*"}, "Condition": {"StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}}}}]}}},
          "Source": {"Type": "AWS::S3::Bucket", "Properties": {"LoggingConfiguration": {"DestinationBucketName": {"Ref": "Logs"}}}}
        }}"#;
        Template::from_json(&text.replace("RULE", rule)).unwrap()
    };
    let found = |t: &Template| {
        let report = typed_cfn::check::run(t);
        report.errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    assert_eq!(found(&template("")), []);
    let retained = template(r#", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 30}}"#);
    assert_eq!(found(&retained), [("Source".to_owned(), "delivery-bucket-object-lock")]);
}

/// The same load balancer, logging through `access_logs`: the attributes and the order are
/// written by the call.
fn wired() -> Template {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    let balancer = LoadBalancer::new()
        .scheme(load_balancer::Scheme::Internal)
        .subnets(vec![
            typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external(
                "subnet-0123456789abcdef0",
            ),
            typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external(
                "subnet-0fedcba9876543210",
            ),
        ])
        .load_balancer_attributes(vec![
            load_balancer::LoadBalancerAttribute::new()
                .key("routing.http.drop_invalid_header_fields.enabled")
                .value("true"),
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
    let balancer = LoadBalancer::new().r#type(load_balancer::Type::Network).subnets(vec![typed_cfn::refs::Attr::<
        typed_cfn::refs::target::ec2::Subnet,
        typed_cfn::refs::kind::SubnetId,
    >::external(
        "subnet-0123456789abcdef0"
    )]);
    t.build("Balancer", balancer.access_logs(&logs));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("a Network Load Balancer's logs are vended logs"), "{error}");
}

/// A distribution whose standard logs go to `bucket` (a `DistributionConfig.Logging.Bucket`).
fn distribution(bucket: Json) -> typed_cfn::RawResource {
    let config = json!({
        "Enabled": true,
        "Comment": "static site",
        "DefaultCacheBehavior": {
            "TargetOriginId": "site",
            "ViewerProtocolPolicy": "redirect-to-https",
            "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"
        },
        "Origins": [{"Id": "site", "DomainName": "example.com", "CustomOriginConfig": {"OriginProtocolPolicy": "https-only"}}],
        "Logging": {"Bucket": bucket, "Prefix": "cdn/"}
    });
    typed_cfn::RawResource::new("AWS::CloudFront::Distribution").property("DistributionConfig", config)
}

/// CloudFront standard logs: the bucket built `for_cloudfront()` has
/// ACLs enabled and is named by its domain name; admitted in a PCI stack as a log target.
#[test]
fn cloudfront_standard_logs_go_to_a_bucket_with_acls_named_by_domain() {
    let mut stack = typed_cfn::secure::Stack::<typed_cfn::secure::Pci>::new();
    let logs = stack.build("CdnLogs", AccessLogBucket::new(365).for_cloudfront());
    let domain = logs.cloudfront_logging();
    assert_eq!(
        serde_json::to_value(domain.into_node().to_json_value()).unwrap(),
        json!({"Fn::GetAtt": ["CdnLogs", "RegionalDomainName"]})
    );
    stack.add_raw("Site", distribution(json!({"Fn::GetAtt": ["CdnLogs", "RegionalDomainName"]})));
    let emitted = stack.emit(typed_cfn::Format::Json).unwrap();
    assert!(emitted.warnings.is_empty(), "{:?}", emitted.warnings);
    let t: Json = serde_json::from_str(&emitted.body).unwrap();
    assert_eq!(
        t["Resources"]["CdnLogs"]["Properties"]["OwnershipControls"],
        json!({"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]})
    );
    assert_eq!(
        t["Resources"]["CdnLogs"]["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"],
        json!({"SSEAlgorithm": "AES256"})
    );
    common::assert_lint_clean(&[common::write_for_lint("cloudfront-logs.json", &emitted.body)]);
}

#[test]
fn cloudfront_logs_into_a_bucket_without_acls_by_name_or_under_a_closed_key_are_refused() {
    use typed_cfn::secure::{CloudFrontLogsGrant, LogDeliveryGrant};
    // A server-access-log bucket (ACLs disabled), named by its name.
    let mut t = Template::new();
    t.build("CdnLogs", AccessLogBucket::new(365));
    t.add_raw("Site", distribution(json!({"Ref": "CdnLogs"})));
    let error = refused("cloudfront-logs-by-name-into-bucket-without-acls", &t);
    assert_eq!(
        findings(&error),
        [("Site".to_owned(), "log-bucket-acls-disabled"), ("Site".to_owned(), "log-bucket-not-domain-name")]
    );

    // A bucket with ACLs but no `OwnershipControls` at all (S3's default disables them), by
    // `Fn::Sub` domain name: only the ACLs are wrong.
    let mut t = Template::new();
    t.add("CdnLogs", typed_cfn::resources::s3::Bucket::new());
    t.add_raw("Site", distribution(json!({"Fn::Sub": "${CdnLogs}.s3.amazonaws.com"})));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Site".to_owned(), "log-bucket-acls-disabled")]);

    // SSE-KMS under a key whose log-delivery statement is conditioned on source keys CloudFront
    // does not send; with the CloudFront statement it passes.
    let kms_logs = |grant_cloudfront: bool| {
        let mut t = Template::new();
        let policy = KeyPolicy::account_root().grant_s3().grant(LogDeliveryGrant);
        let key = if grant_cloudfront {
            typed_cfn::refs::IsAttr::<typed_cfn::refs::target::kms::Key, typed_cfn::refs::kind::Arn>::into_attr(
                t.add_with("LogsKey", KmsKey::new(policy.grant(CloudFrontLogsGrant)), Attributes::retain()).arn(),
            )
        } else {
            typed_cfn::refs::IsAttr::<typed_cfn::refs::target::kms::Key, typed_cfn::refs::kind::Arn>::into_attr(
                t.add_with("LogsKey", KmsKey::new(policy), Attributes::retain()).arn(),
            )
        };
        let ownership = typed_cfn::resources::s3::bucket::OwnershipControls::new([
            typed_cfn::resources::s3::bucket::OwnershipControlsRule::new()
                .object_ownership(typed_cfn::resources::s3::bucket::ObjectOwnership::ObjectWriter),
        ]);
        let encryption = typed_cfn::resources::s3::bucket::BucketEncryption::new([
            typed_cfn::resources::s3::bucket::ServerSideEncryptionRule::new().server_side_encryption_by_default(
                typed_cfn::resources::s3::bucket::ServerSideEncryptionByDefault::new(
                    typed_cfn::resources::s3::bucket::SSEAlgorithm::AwsKms,
                )
                .kms_master_key_id(key),
            ),
        ]);
        t.add(
            "CdnLogs",
            typed_cfn::resources::s3::Bucket::new().ownership_controls(ownership).bucket_encryption(encryption),
        );
        t.add_raw("Site", distribution(json!({"Fn::GetAtt": ["CdnLogs", "DomainName"]})));
        t
    };
    let error = refused("cloudfront-logs-under-a-key-without-the-cloudfront-statement", &kms_logs(false));
    assert_eq!(findings(&error), [("Site".to_owned(), "delivery-key-denies-service")]);
    assert!(error.to_string().contains("`.grant(CloudFrontLogsGrant)`"), "{error}");
    let passing = kms_logs(true);
    assert!(typed_cfn::check::run(&passing).errors.is_empty(), "{:?}", typed_cfn::check::run(&passing).errors);
    let t: Json = serde_json::from_str(&passing.to_json().unwrap()).unwrap();
    let statements = t["Resources"]["LogsKey"]["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
    assert_eq!(
        statements.iter().find(|s| s["Sid"] == "Allow CloudFront to write standard logs").unwrap(),
        &json!({
            "Sid": "Allow CloudFront to write standard logs",
            "Effect": "Allow",
            "Principal": {"Service": "delivery.logs.amazonaws.com"},
            "Action": "kms:GenerateDataKey*",
            "Resource": "*"
        })
    );
}

/// A prefix set among the load balancer's attributes before `access_logs`: the bucket's policy
/// lets the logs in under `AWSLogs/<account>/` only, so the load balancer would fail to create
/// ("Access Denied for bucket"). The construct refuses it, naming the fix; before, it kept the
/// prefix and only the final check's policy finding (which pointed at the policy) refused it.
#[test]
fn access_logs_refuses_a_prefix_its_bucket_does_not_let_in() {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    let balancer = LoadBalancer::new()
        .subnets(vec![
            typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external(
                "subnet-0123456789abcdef0",
            ),
            typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::Subnet, typed_cfn::refs::kind::SubnetId>::external(
                "subnet-0fedcba9876543210",
            ),
        ])
        .load_balancer_attributes(vec![
            load_balancer::LoadBalancerAttribute::new().key("access_logs.s3.prefix").value("alb"),
        ]);
    t.build("Balancer", balancer.access_logs(&logs));
    let error = t.to_json().unwrap_err();
    let problems: Vec<String> = error.problems().iter().map(ToString::to_string).collect();
    assert_eq!(
        problems[0],
        "Resources.Balancer: `access_logs.s3.prefix` is `alb`, but `access_logs` writes into a bucket whose policy lets the load balancer's logs in under `AWSLogs/<account>/` only, so the load balancer fails to create (\"Access Denied for bucket\"): remove the prefix attribute"
    );
    // The final check agrees, for the same reason (the policy's resource).
    assert_eq!(findings(&error), [("Balancer".to_owned(), "delivery-policy-denies-service")]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
}

/// A Gateway Load Balancer has no access logs at all: the refusal says so, rather than pointing
/// at the Network Load Balancer's vended logs.
#[test]
fn access_logs_refuses_a_gateway_load_balancer_with_its_own_reason() {
    let mut t = Template::new();
    let logs = t.build("AccessLogs", AccessLogBucket::new(365).for_load_balancers());
    let balancer = LoadBalancer::new().r#type(load_balancer::Type::Gateway).subnets(vec![typed_cfn::refs::Attr::<
        typed_cfn::refs::target::ec2::Subnet,
        typed_cfn::refs::kind::SubnetId,
    >::external(
        "subnet-0123456789abcdef0"
    )]);
    t.build("Balancer", balancer.access_logs(&logs));
    let error = t.to_json().unwrap_err();
    assert_eq!(
        error.problems()[0].to_string(),
        "Resources.Balancer: `LoadBalancer::access_logs` writes Application Load Balancer access logs, and this load balancer's `Type` is `gateway`, which has no access logs: remove `access_logs`, or log the traffic where it is inspected (VPC flow logs on the appliances' subnets)"
    );
}

/// A sibling path: `configure` cannot turn the ACLs of a CloudFront log bucket back off.
#[test]
fn a_cloudfront_log_bucket_keeps_its_acls_whatever_configure_sets() {
    use typed_cfn::resources::s3::bucket::{ObjectOwnership, OwnershipControls, OwnershipControlsRule};
    let mut t = Template::new();
    let enforced =
        OwnershipControls::new([OwnershipControlsRule::new().object_ownership(ObjectOwnership::BucketOwnerEnforced)]);
    t.build("CdnLogs", AccessLogBucket::new(365).for_cloudfront().configure(|b| b.ownership_controls(enforced)));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("OwnershipControls"), "{error}");
}
