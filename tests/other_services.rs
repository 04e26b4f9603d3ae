//! Services the reference stacks never touch (SQS, SNS, API Gateway, DynamoDB, ECS), with
//! typed GetAtt (including the override table's `AWS::SNS::Topic.TopicName` and
//! `AWS::EC2::VPC.CidrBlock`), enums, nested
//! property types, maps and intrinsics in integer and boolean properties: emitted in JSON and
//! YAML, committed, and linted clean by tests/lint.rs.

mod common;

use typed_cfn::policy::{Operator, Principal, ResourcePolicy, ServicePrincipal, Statement};
use typed_cfn::resources::{apigateway, dynamodb, ec2, ecs, sns, sqs};
use typed_cfn::{Attributes, Output, Parameter, Template, actions, fns, pseudo};

fn template() -> Template {
    let mut t = Template::new();
    t.set_description("typed-cfn: services beyond the reference stacks");
    let retention = t.parameter(
        "MessageRetentionSeconds",
        Parameter::number()
            .default_value(345_600)
            .min_value(60)
            .max_value(1_209_600)
            .description("How long SQS keeps a message"),
    );

    let dead_letters = t.add_with(
        "DeadLetters",
        sqs::Queue::new().sqs_managed_sse_enabled(true).message_retention_period(1_209_600),
        Attributes::retain(),
    );
    let queue = t.add_with(
        "Orders",
        sqs::Queue::new().message_retention_period(retention.reference()).sqs_managed_sse_enabled(true).redrive_policy(
            serde_json::json!({"deadLetterTargetArn": {"Fn::GetAtt": ["DeadLetters", "Arn"]}, "maxReceiveCount": 5}),
        ),
        Attributes::retain(),
    );
    let topic = t.add(
        "OrderEvents",
        sns::Topic::new()
            .kms_master_key_id(typed_cfn::refs::Attr::<
                typed_cfn::refs::target::kms::Alias,
                typed_cfn::refs::kind::AliasName,
            >::external("alias/aws/sns"))
            .subscription([sns::topic::Subscription::new(queue.arn(), "sqs")]),
    );

    // The queue takes messages from the topic only: a typed resource policy, its action checked.
    t.add(
        "OrdersFromTopic",
        sqs::QueuePolicy::new(
            ResourcePolicy::new([Statement::allow(actions!["sqs:SendMessage"])
                .sid("TopicDelivers")
                .principal(Principal::service(ServicePrincipal::sns()))
                .resource(queue.arn())
                .condition(Operator::ArnEquals, "aws:SourceArn", topic.topic_arn())]),
            [queue.queue_url()],
        ),
    );

    let table = t.add_with(
        "OrdersTable",
        dynamodb::Table::new([dynamodb::table::KeySchema::new("OrderId", "HASH")])
            .attribute_definitions([dynamodb::table::AttributeDefinition::new(
                "OrderId",
                dynamodb::table::AttributeType::S,
            )])
            .billing_mode(dynamodb::table::BillingMode::PayPerRequest)
            .point_in_time_recovery_specification(
                dynamodb::table::PointInTimeRecoverySpecification::new().point_in_time_recovery_enabled(true),
            )
            .sse_specification(dynamodb::table::SSESpecification::new(true)),
        Attributes::retain(),
    );

    let api = t.add(
        "OrdersApi",
        apigateway::RestApi::new()
            .name(fns::sub("orders-${AWS::StackName}"))
            .endpoint_configuration(apigateway::rest_api::EndpointConfiguration::new().types(["REGIONAL"])),
    );

    let cluster = t.add(
        "Workers",
        ecs::Cluster::new()
            .cluster_settings([ecs::cluster::ClusterSettings::new().name("containerInsights").value("enabled")]),
    );

    t.output("QueueUrl", Output::new(queue.queue_url()));
    t.output("DeadLetterArn", Output::new(dead_letters.arn()));
    t.output("TopicName", Output::new(topic.topic_name()));
    t.output("TableStreamless", Output::new(table.arn()));
    t.output("ApiRoot", Output::new(api.root_resource_id()));
    t.output("ClusterArn", Output::new(cluster.arn()));
    // `CidrBlock` is a plain property that CloudFormation also accepts as an attribute: the
    // override table adds it (with `AWS::SNS::Topic.TopicName` above).
    let vpc = t.add("Network", ec2::VPC::new().cidr_block("10.0.0.0/16"));
    t.output("NetworkCidr", Output::new(vpc.cidr_block()));
    t.output("Region", Output::new(pseudo::region()));
    t
}

#[test]
fn other_services_emit_json_and_yaml() {
    let t = template();
    common::assert_file("tests/expected/other_services.json", &t.to_json().unwrap());
    common::assert_file("tests/expected/other_services.yaml", &t.to_yaml().unwrap());
}
