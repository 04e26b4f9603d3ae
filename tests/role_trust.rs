//! Roles given to services: a property that hands a role to a service
//! works only if the role's trust policy lets that service assume it. The role's type records the
//! service (`ServiceRole<S>`, `RoleArn<S>`; the ui tests hold the compile errors), and the final
//! check evaluates each such role's trust policy for the service's `sts:AssumeRole` request — for
//! raw and parsed templates, and for a role of the template vouched for with `ExternalRole`.

mod common;

use common::findings;

use typed_cfn::policy::{Operator, Principal, Statement, TrustPolicy};
use typed_cfn::resources::ec2::{FlowLog, flow_log};
use typed_cfn::resources::iam::Role;
use typed_cfn::resources::lambda::{Function, function};
use typed_cfn::secure::{
    AssumingService, CloudTrailService, EcsTasksService, EventsService, ExternalRole, LambdaService,
    RdsMonitoringService, ServiceRole, StatesService, VpcFlowLogsService,
};
use typed_cfn::{RawResource, Template, actions, service_principal};

fn trusting(principal: typed_cfn::policy::ServicePrincipal) -> Role {
    Role::new(TrustPolicy::new([Statement::allow(actions!["sts:AssumeRole"]).principal(Principal::service(principal))]))
}

/// A function given `role`, vouched for as a Lambda role (the typed setter takes nothing else):
/// the final check judges the role's real trust policy all the same.
fn function_with(t: &mut Template, role: &typed_cfn::Handle<Role>) {
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let vouched = ExternalRole::from_arn(role.arn()).asserting_trust(LambdaService);
    t.add("Processor", Function::new(code, vouched).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
}

#[test]
fn a_function_whose_role_trusts_another_service_is_refused() {
    let mut t = Template::new();
    let role = t.add("ProcessorRole", trusting(service_principal!("ec2.amazonaws.com")));
    function_with(&mut t, &role);
    let error = t.to_json().unwrap_err();
    common::assert_file("tests/expected/refusals/function-role-trusts-ec2.txt", &format!("{error}\n"));
    assert_eq!(findings(&error), [("Processor".to_owned(), "role-trust-denies-service")]);
    assert!(error.to_string().contains("does not include the service lambda.amazonaws.com"), "{error}");
    // Lambda's execution role trust has no documented source condition: the fix asks for none.
    assert!(!error.to_string().contains("aws:SourceAccount"), "{error}");
}

#[test]
fn a_function_whose_role_trusts_lambda_passes() {
    let mut t = Template::new();
    let role = t.add("ProcessorRole", trusting(service_principal!("lambda.amazonaws.com")));
    function_with(&mut t, &role);
    // Not refused for its role (a warning about its log group is fine here).
    t.to_json().unwrap();
}

#[test]
fn a_flow_log_role_is_judged_with_its_source_conditions() {
    let scoped = |source_account: &str| {
        Role::new(TrustPolicy::new([Statement::allow(actions!["sts:AssumeRole"])
            .principal(Principal::service(service_principal!("vpc-flow-logs.amazonaws.com")))
            .condition(Operator::StringEquals, "aws:SourceAccount", source_account.to_owned())
            .condition(
                Operator::ArnLike,
                "aws:SourceArn",
                typed_cfn::sub!("arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*"),
            )]))
    };
    for (account, refused) in [("123456789012", false), ("999999999999", true)] {
        let mut t = Template::new();
        let role = t.add("FlowLogsRole", scoped(account));
        t.add(
            "FlowLog",
            FlowLog::new(
                typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::VPC, typed_cfn::refs::kind::VpcId>::external(
                    "vpc-0abc",
                ),
                flow_log::ResourceType::Vpc,
            )
            .log_group_name(typed_cfn::refs::Attr::<
                typed_cfn::refs::target::logs::LogGroup,
                typed_cfn::refs::kind::LogGroupName,
            >::external("/aws/vpc/flowlogs"))
            .deliver_logs_permission_arn(ExternalRole::from_arn(role.arn()).asserting_trust(VpcFlowLogsService)),
        );
        let found: Vec<_> =
            typed_cfn::check::run(&t).errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect();
        let expected: Vec<(String, &str)> =
            if refused { vec![("FlowLog".to_owned(), "role-trust-denies-service")] } else { vec![] };
        assert_eq!(found, expected, "source account {account}");
    }
}

#[test]
fn a_firehose_stream_whose_role_trusts_another_service_is_refused() {
    let text = r#"{"Resources": {
      "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
      "Stream": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"ExtendedS3DestinationConfiguration": {
        "BucketARN": "arn:aws:s3:::archive", "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}}}
    }}"#;
    let report = typed_cfn::check::run(&Template::from_json(text).unwrap());
    let found: Vec<_> = report.errors.iter().map(|f| (f.logical_id.as_str(), f.rule.id())).collect();
    assert_eq!(found, [("Stream", "role-trust-denies-service")]);
    assert!(report.errors[0].message.contains("firehose.amazonaws.com cannot assume"), "{}", report.errors[0].message);
}

/// Firehose assumes its role with the account's ID as `sts:ExternalId`; AWS documents the trust
/// condition `"StringEquals": {"sts:ExternalId": "<account>"}`
/// (<https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html>).
#[test]
fn a_firehose_role_trusted_under_the_documented_external_id_passes_and_another_account_is_refused() {
    let template = |external_id: &str| {
        let text = r#"{"Resources": {
          "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "firehose.amazonaws.com"}, "Action": "sts:AssumeRole",
             "Condition": {"StringEquals": {"sts:ExternalId": EXTERNAL}}}]}}},
          "Stream": {"Type": "AWS::KinesisFirehose::DeliveryStream", "Properties": {"ExtendedS3DestinationConfiguration": {
            "BucketARN": "arn:aws:s3:::archive", "RoleARN": {"Fn::GetAtt": ["Role", "Arn"]}}}}
        }}"#;
        Template::from_json(&text.replace("EXTERNAL", external_id)).unwrap()
    };
    let found = |t: &Template| {
        typed_cfn::check::run(t)
            .errors
            .iter()
            .filter(|f| f.rule.id() == "role-trust-denies-service")
            .map(|f| f.logical_id.clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(found(&template(r#"{"Ref": "AWS::AccountId"}"#)), Vec::<String>::new());
    assert_eq!(found(&template(r#""123456789012""#)), Vec::<String>::new());
    assert_eq!(found(&template(r#""999999999999""#)), ["Stream"]);
}

#[test]
fn a_service_role_writes_one_trust_statement_for_its_service() {
    use serde_json::json;
    let mut t = Template::new();
    t.add("FlowLogsRole", ServiceRole::new(VpcFlowLogsService));
    t.add("WorkerRole", ServiceRole::new(LambdaService).configure(|r| r.description("Runs the worker")));
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Resources"]["FlowLogsRole"],
        json!({"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow",
            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": {"Ref": "AWS::AccountId"}},
                "ArnLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:vpc-flow-log/*"}}
            }
        }]}}})
    );
    assert_eq!(
        json["Resources"]["WorkerRole"]["Properties"],
        json!({"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"
        }]}, "Description": "Runs the worker"})
    );
}

/// The role built for `service`, handed to it through the property at `property`: the final
/// check finds nothing to refuse. Each service's trust statement answers the request the check
/// makes for the properties the guard table gives that service.
fn trusted_by_its_service<S: AssumingService>(
    service: S,
    resource_type: &str,
    property: &'static str,
    value: serde_json::Value,
) {
    let mut t = Template::new();
    t.add("Role", ServiceRole::new(service));
    t.add_raw("User", RawResource::new(resource_type).property(property, value));
    let refused: Vec<_> = typed_cfn::check::run(&t)
        .errors
        .into_iter()
        .filter(|f| f.rule.id() == "role-trust-denies-service")
        .map(|f| f.message)
        .collect();
    assert!(refused.is_empty(), "{resource_type}.{property}: {refused:?}");
}

#[test]
fn every_service_role_is_trusted_by_the_property_that_uses_it() {
    use serde_json::json;
    let arn = || json!({"Fn::GetAtt": ["Role", "Arn"]});
    trusted_by_its_service(LambdaService, "AWS::Lambda::Function", "Role", arn());
    trusted_by_its_service(VpcFlowLogsService, "AWS::EC2::FlowLog", "DeliverLogsPermissionArn", arn());
    trusted_by_its_service(CloudTrailService, "AWS::CloudTrail::Trail", "CloudWatchLogsRoleArn", arn());
    trusted_by_its_service(EcsTasksService, "AWS::ECS::TaskDefinition", "ExecutionRoleArn", arn());
    trusted_by_its_service(EcsTasksService, "AWS::ECS::TaskDefinition", "TaskRoleArn", arn());
    trusted_by_its_service(StatesService, "AWS::StepFunctions::StateMachine", "RoleArn", arn());
    trusted_by_its_service(
        EventsService,
        "AWS::Events::Rule",
        "Targets",
        json!([{"Arn": "arn:aws:sqs:us-east-1:123456789012:q", "Id": "T", "RoleArn": arn()}]),
    );
    trusted_by_its_service(RdsMonitoringService, "AWS::RDS::DBInstance", "MonitoringRoleArn", arn());
    trusted_by_its_service(RdsMonitoringService, "AWS::RDS::DBCluster", "MonitoringRoleArn", arn());
}

#[test]
fn a_service_role_handed_raw_to_another_service_is_refused_when_emitted() {
    let mut t = Template::new();
    t.add("Role", ServiceRole::new(LambdaService));
    t.add_raw(
        "FlowLog",
        RawResource::new("AWS::EC2::FlowLog")
            .property("DeliverLogsPermissionArn", serde_json::json!({"Fn::GetAtt": ["Role", "Arn"]})),
    );
    let found: Vec<_> = typed_cfn::check::run(&t).errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect();
    assert_eq!(found, [("FlowLog".to_owned(), "role-trust-denies-service")]);
}

/// A subscription filter's role: AWS documents its trust for `logs.amazonaws.com`
/// (CreateSubscriptionFilter-IAMrole), and the older regional `logs.<region>.amazonaws.com` works
/// too; either passes, another service is refused. Before, only the regional name was asked and
/// the documented trust was refused.
#[test]
fn a_subscription_filter_role_may_trust_logs_by_either_name() {
    let template = |principal: &str| {
        let text = r#"{"Resources": {
          "Role": {"Type": "AWS::IAM::Role", "Properties": {"AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "PRINCIPAL"}, "Action": "sts:AssumeRole",
             "Condition": {"StringLike": {"aws:SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:*"}}}}]}}},
          "Group": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 30}},
          "Filter": {"Type": "AWS::Logs::SubscriptionFilter", "Properties": {"LogGroupName": {"Ref": "Group"}, "FilterPattern": "",
            "DestinationArn": "arn:aws:kinesis:us-east-1:123456789012:stream/audit", "RoleArn": {"Fn::GetAtt": ["Role", "Arn"]}}}}}"#;
        Template::from_json(&text.replace("PRINCIPAL", principal)).unwrap()
    };
    let found = |t: &Template| {
        typed_cfn::check::run(t).errors.iter().map(|f| (f.logical_id.clone(), f.rule.id())).collect::<Vec<_>>()
    };
    assert_eq!(found(&template("logs.amazonaws.com")), []);
    assert_eq!(found(&template("logs.us-east-1.amazonaws.com")), []);
    let refused = template("firehose.amazonaws.com");
    assert_eq!(found(&refused), [("Filter".to_owned(), "role-trust-denies-service")]);
    let error = refused.to_json().unwrap_err().to_string();
    assert!(error.contains("`RoleArn` is role `Role`, which logs.amazonaws.com cannot assume"), "{error}");
}
