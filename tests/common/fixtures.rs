//! Templates the tests emit: each exercises part of the model and must pass cfn-lint clean.

use serde_json::json;
use typed_cfn::*;

/// Every template section, every parameter property and every resource attribute.
pub fn sections() -> Template {
    let mut t = Template::new();
    t.set_description("Every section, parameter property and resource attribute typed-cfn emits");
    t.set_metadata("Owner", "platform-team");

    let env = t.parameter(
        "Environment",
        Parameter::string()
            .description("Deployment stage")
            .allowed_values(["dev", "prod"])
            .default_value("dev")
            .constraint_description("must be dev or prod"),
    );
    let suffix = t.parameter(
        "EnvironmentSuffix",
        Parameter::string()
            .description("Suffix for resource names")
            .allowed_pattern("^[a-z0-9-]+$")
            .min_length(1)
            .max_length(20)
            .default_value("dev"),
    );
    let size = t.parameter(
        "GroupSize",
        Parameter::number().description("Instances in the group").min_value(1).max_value(4).default_value(2),
    );
    let subnets =
        t.parameter("SubnetIds", Parameter::aws_list(AwsType::SubnetId).description("Subnets for the instances"));
    let image = t.parameter(
        "ImageId",
        Parameter::ssm_value_of(AwsType::ImageId)
            .description("Image for the instances")
            .default_value("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64"),
    );
    let token = t.parameter("AlarmToken", Parameter::string().description("A secret that must not echo").no_echo());

    t.set_rule(
        "ProdOnlyInUsEast1",
        json!({
            "RuleCondition": {"Fn::Equals": [{"Ref": "Environment"}, "prod"]},
            "Assertions": [{
                "Assert": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
                "AssertDescription": "prod deploys to us-east-1 only"
            }]
        }),
    );

    let sizes = t.mapping(
        "InstanceSizes",
        Mapping::new().entry("dev", [("Type", "t3.micro")]).entry("prod", [("Type", "m5.large")]),
    );
    let prod = t.condition("IsProd", fns::equals(env.reference(), "prod"));
    let us_east = t.condition("InUsEast1", fns::equals(pseudo::region(), "us-east-1"));
    let prod_east = t.condition("ProdInUsEast1", fns::and([ConditionExpr::from(&prod), ConditionExpr::from(&us_east)]));

    let instance_type: Value<String> = fns::find_in_map(&sizes, env.reference(), "Type");
    let launch = t.add_raw(
        "LaunchTemplate",
        RawResource::new("AWS::EC2::LaunchTemplate").property(
            "LaunchTemplateData",
            json!({
                "ImageId": {"Ref": "ImageId"},
                "InstanceType": instance_type.node().to_json_value(),
                "MetadataOptions": {"HttpTokens": "required"},
                "UserData": {"Fn::Base64": {"Fn::Sub": "#!/bin/bash\n/opt/aws/bin/cfn-signal -e 0 --stack ${AWS::StackName} --resource Group --region ${AWS::Region}\n"}}
            }),
        ),
    );
    let _ = image;
    let group = t.add_raw_with(
        "Group",
        RawResource::new("AWS::AutoScaling::AutoScalingGroup")
            .property("MinSize", size.reference().into_json())
            .property("MaxSize", "4")
            .property("VPCZoneIdentifier", subnets.reference().into_json())
            .property(
                "LaunchTemplate",
                json!({
                    "LaunchTemplateId": {"Ref": "LaunchTemplate"},
                    "Version": {"Fn::GetAtt": ["LaunchTemplate", "LatestVersionNumber"]}
                }),
            ),
        Attributes::new()
            .creation_policy(CreationPolicy::new().signal_count(size.reference()).signal_timeout("PT15M"))
            .update_policy(
                UpdatePolicy::new()
                    .rolling_update(RollingUpdate::MinInstancesInService, json!(1))
                    .rolling_update(RollingUpdate::MaxBatchSize, json!(1))
                    .rolling_update(RollingUpdate::PauseTime, json!("PT15M"))
                    .rolling_update(RollingUpdate::WaitOnResourceSignals, json!(true)),
            )
            // Already ordered by the `Ref` above: left out of the output.
            .depends_on(&launch),
    );
    let topic = t.add_raw_with(
        "AlarmTopic",
        RawResource::new("AWS::SNS::Topic")
            .property("TopicName", fns::sub("alarms-${EnvironmentSuffix}").into_json())
            .property("DisplayName", fns::join("-", [token.reference(), suffix.reference()]).into_json()),
        Attributes::new()
            .condition(&prod_east)
            .depends_on(&group)
            .deletion_policy(DeletionPolicy::Retain)
            .update_replace_policy(DeletionPolicy::Retain)
            .metadata(json!({"Purpose": "production alarms"})),
    );
    t.output(
        "AlarmTopicArn",
        Output::new(topic.reference())
            .description("Topic for alarms")
            .export(fns::sub("${AWS::StackName}-AlarmTopicArn"))
            .condition(&prod_east),
    );
    t.output("LaunchTemplateId", Output::new(launch.reference()).description("The launch template"));
    t
}
