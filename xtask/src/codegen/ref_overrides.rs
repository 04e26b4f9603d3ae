//! Reviewed corrections to AWS's relationship data (`xtask/relationships/relationships.tsv`),
//! where it is wrong or too strict for what AWS documents. Each entry says why, with the page.
//! `cargo xtask codegen` fails if an entry matches nothing in the data, so none can rot.

/// The kinds a property takes, replacing what the data lists.
pub struct Kinds {
    /// `AWS::SNS::Topic`, or `AWS::Lambda::Function.VpcConfig` for a property type's property.
    pub owner: &'static str,
    pub property: &'static str,
    /// `(target type, value)`: the value is an attribute, or the identifier `Ref` returns.
    pub kinds: &'static [(&'static str, &'static str)],
    pub reason: &'static str,
    pub url: &'static str,
}

/// A property left untyped (it keeps taking any string), though the data lists kinds for it.
pub struct Untyped {
    pub owner: &'static str,
    pub property: &'static str,
    pub reason: &'static str,
    pub url: &'static str,
}

/// Two names of one value of a type: the accessor of `attribute` gives the kind `same_as`.
pub struct Same {
    pub type_name: &'static str,
    pub attribute: &'static str,
    pub same_as: &'static str,
    pub reason: &'static str,
    pub url: &'static str,
}

pub const KINDS: &[Kinds] = &[
    Kinds {
        owner: "AWS::SNS::Topic",
        property: "KmsMasterKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the data's kinds are right (a key's ARN or ID, an alias's name); an alias ARN, which AWS also \
                 accepts, has no handle (an alias has no ARN attribute) and comes in as an external key ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-topic.html#cfn-sns-topic-kmsmasterkeyid",
    },
    Kinds {
        owner: "AWS::CloudTrail::Trail",
        property: "SnsTopicName",
        kinds: &[("AWS::SNS::Topic", "TopicName"), ("AWS::SNS::Topic", "TopicArn")],
        reason: "CloudTrail takes the topic's name or its ARN; the data lists only the name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudtrail-trail.html#cfn-cloudtrail-trail-snstopicname",
    },
    Kinds {
        owner: "AWS::SecretsManager::Secret",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "Secrets Manager takes the key's ARN, its ID or an alias; the data leaves out the alias",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-secretsmanager-secret.html#cfn-secretsmanager-secret-kmskeyid",
    },
];

pub const UNTYPED: &[Untyped] = &[
    Untyped {
        owner: "AWS::EKS::Cluster",
        property: "Name",
        reason: "the data says an EKS cluster's own name is an ECR repository's `ClusterName`, which no such \
                 attribute exists for; the property names the cluster itself",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eks-cluster.html#cfn-eks-cluster-name",
    },
    Untyped {
        owner: "AWS::Lambda::Permission",
        property: "Principal",
        reason: "AWS takes a service principal (`s3.amazonaws.com`), an account ID or an ARN here; the data \
                 lists only a role's or a user's ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html#cfn-lambda-permission-principal",
    },
    Untyped {
        owner: "AWS::Lambda::Permission",
        property: "SourceArn",
        reason: "any invoking resource's ARN (an API's `execute-api` ARN, a schedule, …); the data lists ten types",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html#cfn-lambda-permission-sourcearn",
    },
    Untyped {
        owner: "AWS::SNS::Subscription",
        property: "Endpoint",
        reason: "what the endpoint is depends on `Protocol`: an email address, a URL, a phone number, or an ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-sns-subscription.html#cfn-sns-subscription-endpoint",
    },
    Untyped {
        owner: "AWS::Logs::LogGroup",
        property: "LogGroupName",
        reason: "the data says a log group's own name is a Lambda function's name; a function's logs go to \
                 `/aws/lambda/<name>`, never to a group named as the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-loggroup.html#cfn-logs-loggroup-loggroupname",
    },
    Untyped {
        owner: "AWS::Events::Rule.Target",
        property: "Arn",
        reason: "a rule's target may be any of some thirty services (API destinations, CodeBuild projects, \
                 Systems Manager, …); the data lists thirteen types",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-events-rule-target.html#cfn-events-rule-target-arn",
    },
    Untyped {
        owner: "AWS::CloudWatch::Alarm",
        property: "AlarmActions",
        reason: "an alarm's actions may also be EC2 actions (`arn:aws:automate:…:ec2:stop`), Lambda functions, \
                 Systems Manager OpsItems or incidents; the data lists SNS topics and scaling policies",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-alarmactions",
    },
    Untyped {
        owner: "AWS::CloudWatch::Alarm",
        property: "OKActions",
        reason: "an alarm's actions may also be EC2 actions (`arn:aws:automate:…:ec2:stop`), Lambda functions, \
                 Systems Manager OpsItems or incidents; the data lists SNS topics and scaling policies",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-alarmactions",
    },
    Untyped {
        owner: "AWS::CloudWatch::Alarm",
        property: "InsufficientDataActions",
        reason: "an alarm's actions may also be EC2 actions (`arn:aws:automate:…:ec2:stop`), Lambda functions, \
                 Systems Manager OpsItems or incidents; the data lists SNS topics and scaling policies",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-alarm.html#cfn-cloudwatch-alarm-alarmactions",
    },
    Untyped {
        owner: "AWS::CloudWatch::CompositeAlarm",
        property: "AlarmActions",
        reason: "a composite alarm's actions may also be Systems Manager OpsItems or incidents and Lambda \
                 functions; the data lists SNS topics only",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html#cfn-cloudwatch-compositealarm-alarmactions",
    },
    Untyped {
        owner: "AWS::CloudWatch::CompositeAlarm",
        property: "OKActions",
        reason: "a composite alarm's actions may also be Systems Manager OpsItems or incidents and Lambda \
                 functions; the data lists SNS topics only",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html#cfn-cloudwatch-compositealarm-alarmactions",
    },
    Untyped {
        owner: "AWS::CloudTrail::Trail.DataResource",
        property: "Values",
        reason: "a data resource's values are ARN prefixes of S3 objects (`arn:aws:s3:::bucket/`, `arn:aws:s3`), \
                 DynamoDB tables or Lambda functions by its `Type`; the data lists Lambda functions only",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudtrail-trail-dataresource.html",
    },
    Untyped {
        owner: "AWS::ElasticLoadBalancingV2::LoadBalancer.LoadBalancerAttribute",
        property: "Value",
        reason: "the value of any load balancer attribute (`true`, a timeout, …); only `access_logs.s3.bucket` \
                 takes a bucket's name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-loadbalancer-loadbalancerattribute.html",
    },
    Untyped {
        owner: "AWS::EC2::FlowLog",
        property: "LogDestination",
        reason: "a bucket's ARN with an optional subfolder (`bucket_ARN/subfolder/`), a log group's ARN or a \
                 Firehose delivery stream's ARN, depending on `LogDestinationType`; the data lists the first two \
                 without the subfolder",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html#cfn-ec2-flowlog-logdestination",
    },
    Untyped {
        owner: "AWS::EC2::SecurityGroupIngress",
        property: "GroupName",
        reason: "a group's name (default VPC only); the data says it is a group's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroupingress.html#cfn-ec2-securitygroupingress-groupname",
    },
    Untyped {
        owner: "AWS::EC2::SecurityGroupIngress",
        property: "CidrIp",
        reason: "any IPv4 CIDR range (`0.0.0.0/0`, a peer network); the data lists only a VPC's CIDR block",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroupingress.html#cfn-ec2-securitygroupingress-cidrip",
    },
];

pub const SAME: &[Same] = &[Same {
    type_name: "AWS::EC2::SecurityGroup",
    attribute: "GroupId",
    same_as: "Id",
    reason: "`Fn::GetAtt GroupId` and `Id` (and `Ref`, for a group in a VPC) are the group's ID",
    url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html#aws-resource-ec2-securitygroup-return-values",
}];
