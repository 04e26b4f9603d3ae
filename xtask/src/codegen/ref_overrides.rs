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

/// A form of value the pinned registry schema allows for a property (cfn-lint's `format`
/// annotation, such as `AWS::KMS::Alias.AliasName`) that the property's typed setter still does
/// not take, with why. `cargo xtask codegen` fails on any other such form, and on an entry that
/// no longer matches one.
pub struct FormNotTaken {
    pub owner: &'static str,
    pub property: &'static str,
    /// The schema's format, `AWS::KMS::Alias.AliasName`.
    pub form: &'static str,
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
    Kinds {
        owner: "AWS::RDS::DBCluster",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "RDS takes a key's ARN or ID, an alias's ARN or an alias's name; the data leaves out the alias name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbcluster.html#cfn-rds-dbcluster-kmskeyid",
    },
    Kinds {
        owner: "AWS::RDS::DBInstance",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "RDS takes a key's ARN or ID, an alias's ARN or an alias's name; the data leaves out the alias name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-kmskeyid",
    },
    Kinds {
        owner: "AWS::RDS::DBInstance",
        property: "PerformanceInsightsKMSKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ARN or ID, an alias's ARN or an alias's name; the data leaves out the alias name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-performanceinsightskmskeyid",
    },
    Kinds {
        owner: "AWS::RDS::DBCluster.MasterUserSecret",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ARN or ID, an alias's ARN or an alias's name; the data lists only the key's ID, refusing `key.arn()`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-rds-dbcluster-masterusersecret.html#cfn-rds-dbcluster-masterusersecret-kmskeyid",
    },
    Kinds {
        owner: "AWS::RDS::DBInstance.MasterUserSecret",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ARN or ID, an alias's ARN or an alias's name; the data lists only the key's ID, refusing `key.arn()`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-rds-dbinstance-masterusersecret.html#cfn-rds-dbinstance-masterusersecret-kmskeyid",
    },
    Kinds {
        owner: "AWS::Kinesis::Stream.StreamEncryption",
        property: "KeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "a key's ID or ARN, an alias's ARN or an alias's name (the Kinesis-owned `alias/aws/kinesis` among them); the data leaves out the alias name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesis-stream-streamencryption.html#cfn-kinesis-stream-streamencryption-keyid",
    },
    Kinds {
        owner: "AWS::EC2::LaunchTemplate.Ebs",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "EBS takes the key's ID, ARN, an alias or an alias's ARN; the data leaves out the alias",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-launchtemplate-ebs.html#cfn-ec2-launchtemplate-ebs-kmskeyid",
    },
    Kinds {
        owner: "AWS::EC2::Instance.Ebs",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "EBS takes the key's ID, ARN, an alias or an alias's ARN (the `KmsKeyId` of RunInstances' EBS block device); the data leaves out the alias",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-ebs.html#cfn-ec2-instance-ebs-kmskeyid",
    },
    Kinds {
        owner: "AWS::EFS::FileSystem",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "EFS takes a key's ID or ARN, an alias (`alias/…`) or an alias's ARN; the data lists only the key's ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-efs-filesystem.html#cfn-efs-filesystem-kmskeyid",
    },
    Kinds {
        owner: "AWS::ECR::Repository.EncryptionConfiguration",
        property: "KmsKey",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "ECR takes the key's alias, ID or full ARN; the data lists only the ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecr-repository-encryptionconfiguration.html#cfn-ecr-repository-encryptionconfiguration-kmskey",
    },
    Kinds {
        owner: "AWS::CodePipeline::Pipeline.EncryptionKey",
        property: "Id",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId")],
        reason: "CodePipeline takes the key's ID, its ARN or an alias's ARN; the data lists only the key's ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-codepipeline-pipeline-encryptionkey.html#cfn-codepipeline-pipeline-encryptionkey-id",
    },
    Kinds {
        owner: "AWS::ECS::Service",
        property: "Cluster",
        kinds: &[("AWS::ECS::Cluster", "ClusterName"), ("AWS::ECS::Cluster", "Arn")],
        reason: "the cluster's short name or its full ARN; the data lists only the name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html#cfn-ecs-service-cluster",
    },
    Kinds {
        owner: "AWS::AutoScaling::LaunchConfiguration",
        property: "IamInstanceProfile",
        kinds: &[("AWS::IAM::InstanceProfile", "InstanceProfileName"), ("AWS::IAM::InstanceProfile", "Arn")],
        reason: "the instance profile's name or its ARN; the data lists only the name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-launchconfiguration.html#cfn-autoscaling-launchconfiguration-iaminstanceprofile",
    },
    Kinds {
        owner: "AWS::Logs::SubscriptionFilter",
        property: "DestinationArn",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Kinesis::Stream", "Arn"),
            ("AWS::KinesisFirehose::DeliveryStream", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Logs::Destination", "Arn"),
        ],
        reason: "a subscription filter may also send to a CloudWatch Logs destination (cross-account delivery); the data leaves it out",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-subscriptionfilter.html#cfn-logs-subscriptionfilter-destinationarn",
    },
    Kinds {
        owner: "AWS::Lambda::EventInvokeConfig.OnFailure",
        property: "Destination",
        kinds: &[
            ("AWS::SQS::Queue", "Arn"),
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::SNS::Topic", "TopicArn"),
            ("AWS::Events::EventBus", "Arn"),
            ("AWS::S3::Bucket", "Arn"),
        ],
        reason: "an asynchronous invocation's failure destination may be a queue, a topic, a function, an event bus or a bucket; the data leaves out the bus and the bucket",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-eventinvokeconfig-onfailure.html#cfn-lambda-eventinvokeconfig-onfailure-destination",
    },
    Kinds {
        owner: "AWS::Lambda::EventInvokeConfig.OnSuccess",
        property: "Destination",
        kinds: &[
            ("AWS::SQS::Queue", "Arn"),
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::SNS::Topic", "TopicArn"),
            ("AWS::Events::EventBus", "Arn"),
        ],
        reason: "an asynchronous invocation's success destination may be a queue, a topic, a function or an event bus; the data leaves out the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-eventinvokeconfig-onsuccess.html#cfn-lambda-eventinvokeconfig-onsuccess-destination",
    },
    Kinds {
        owner: "AWS::Lambda::EventSourceMapping.OnFailure",
        property: "Destination",
        kinds: &[("AWS::SQS::Queue", "Arn"), ("AWS::SNS::Topic", "TopicArn"), ("AWS::S3::Bucket", "Arn")],
        reason: "a stream or Kafka mapping's failure destination may be a queue, a topic or a bucket; the data leaves out the bucket",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lambda-eventsourcemapping-onfailure.html#cfn-lambda-eventsourcemapping-onfailure-destination",
    },
    Kinds {
        owner: "AWS::Lambda::EventSourceMapping",
        property: "EventSourceArn",
        kinds: &[
            ("AWS::SQS::Queue", "Arn"),
            ("AWS::DynamoDB::Table", "StreamArn"),
            ("AWS::Kinesis::Stream", "Arn"),
            ("AWS::DynamoDB::GlobalTable", "StreamArn"),
            ("AWS::MSK::Cluster", "Arn"),
            ("AWS::Kinesis::StreamConsumer", "ConsumerARN"),
            ("AWS::AmazonMQ::Broker", "Arn"),
        ],
        reason: "a mapping also reads from a Kinesis stream consumer or an Amazon MQ broker; the data leaves them out (a DocumentDB cluster, also accepted, has no ARN attribute and comes in through `external`)",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventsourcemapping.html#cfn-lambda-eventsourcemapping-eventsourcearn",
    },
    Kinds {
        owner: "AWS::S3::Bucket.LambdaConfiguration",
        property: "Function",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a notification may invoke a function's alias or version (a qualified ARN); the data lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3-bucket-lambdaconfiguration.html#cfn-s3-bucket-lambdaconfiguration-function",
    },
    Kinds {
        owner: "AWS::Lambda::Url",
        property: "TargetFunctionArn",
        kinds: &[("AWS::Lambda::Function", "Arn"), ("AWS::Lambda::Function", "FunctionName")],
        reason: "the function's name or its ARN; the data lists only the ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-url.html#cfn-lambda-url-targetfunctionarn",
    },
    Kinds {
        owner: "AWS::EC2::FlowLog",
        property: "ResourceId",
        kinds: &[
            ("AWS::EC2::VPC", "VpcId"),
            ("AWS::EC2::Subnet", "SubnetId"),
            ("AWS::EC2::TransitGateway", "Id"),
            ("AWS::EC2::NetworkInterface", "Id"),
        ],
        reason: "a flow log may also watch a network interface (`ResourceType: NetworkInterface`); the data leaves it out",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-flowlog.html#cfn-ec2-flowlog-resourceid",
    },
    Kinds {
        owner: "AWS::RDS::EventSubscription",
        property: "SourceIds",
        kinds: &[
            ("AWS::RDS::DBCluster", "DBClusterIdentifier"),
            ("AWS::RDS::DBInstance", "DBInstanceIdentifier"),
            ("AWS::RDS::DBParameterGroup", "DBParameterGroupName"),
            ("AWS::RDS::DBClusterParameterGroup", "DBClusterParameterGroupName"),
            ("AWS::RDS::DBProxy", "DBProxyName"),
        ],
        reason: "the sources follow `SourceType`: instances, clusters, parameter groups, proxies, …; the data lists only instances and clusters",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-eventsubscription.html#cfn-rds-eventsubscription-sourceids",
    },
    Kinds {
        owner: "AWS::RDS::DBInstance",
        property: "SourceDBInstanceIdentifier",
        kinds: &[("AWS::RDS::DBInstance", "DBInstanceIdentifier"), ("AWS::RDS::DBInstance", "DBInstanceArn")],
        reason: "a read replica of an instance in another Region names its source by ARN; the data lists only the identifier",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html#cfn-rds-dbinstance-sourcedbinstanceidentifier",
    },
    Kinds {
        owner: "AWS::CloudWatch::CompositeAlarm",
        property: "ActionsSuppressor",
        kinds: &[
            ("AWS::CloudWatch::Alarm", "AlarmName"),
            ("AWS::CloudWatch::Alarm", "Arn"),
            ("AWS::CloudWatch::CompositeAlarm", "AlarmName"),
            ("AWS::CloudWatch::CompositeAlarm", "Arn"),
        ],
        reason: "the suppressor is an alarm's name or its ARN; the data lists only ARNs",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudwatch-compositealarm.html#cfn-cloudwatch-compositealarm-actionssuppressor",
    },
    Kinds {
        owner: "AWS::ApiGateway::Method",
        property: "ResourceId",
        kinds: &[("AWS::ApiGateway::Resource", "ResourceId"), ("AWS::ApiGateway::RestApi", "RootResourceId")],
        reason: "a method on the API's root path takes the API's `RootResourceId`; the data lists only a `Resource`'s ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-method.html#cfn-apigateway-method-resourceid",
    },
    Kinds {
        owner: "AWS::ApiGateway::Stage.AccessLogSetting",
        property: "DestinationArn",
        kinds: &[("AWS::Logs::LogGroup", "Arn"), ("AWS::KinesisFirehose::DeliveryStream", "Arn")],
        reason: "access logs go to a log group or a Firehose delivery stream (named `amazon-apigateway-…`); the data leaves out the delivery stream",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-apigateway-stage-accesslogsetting.html#cfn-apigateway-stage-accesslogsetting-destinationarn",
    },
    Kinds {
        owner: "AWS::FIS::ExperimentTemplate.ExperimentTemplateStopCondition",
        property: "Value",
        kinds: &[("AWS::CloudWatch::Alarm", "Arn"), ("AWS::CloudWatch::CompositeAlarm", "Arn")],
        reason: "a stop condition is any CloudWatch alarm's ARN; the data lists only composite alarms",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-fis-experimenttemplate-experimenttemplatestopcondition.html#cfn-fis-experimenttemplate-experimenttemplatestopcondition-value",
    },
    Kinds {
        owner: "AWS::Route53Resolver::ResolverQueryLoggingConfig",
        property: "DestinationArn",
        kinds: &[
            ("AWS::Logs::LogGroup", "Arn"),
            ("AWS::S3::Bucket", "Arn"),
            ("AWS::KinesisFirehose::DeliveryStream", "Arn"),
        ],
        reason: "query logs go to a log group, a bucket or a Firehose delivery stream; the data leaves out the delivery stream",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-route53resolver-resolverqueryloggingconfig.html#cfn-route53resolver-resolverqueryloggingconfig-destinationarn",
    },
    Kinds {
        owner: "AWS::ApiGateway::Resource",
        property: "ParentId",
        kinds: &[("AWS::ApiGateway::Resource", "ResourceId"), ("AWS::ApiGateway::RestApi", "RootResourceId")],
        reason: "a top-level path's parent is the API's root resource (`RootResourceId`); the data lists only a `Resource`'s ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-resource.html#cfn-apigateway-resource-parentid",
    },
    Kinds {
        owner: "AWS::OpenSearchService::Domain.MasterUserOptions",
        property: "MasterUserARN",
        kinds: &[("AWS::IAM::Role", "Arn"), ("AWS::IAM::User", "Arn")],
        reason: "the master user is an IAM user or role; the data lists only roles",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-opensearchservice-domain-masteruseroptions.html#cfn-opensearchservice-domain-masteruseroptions-masteruserarn",
    },
    Kinds {
        owner: "AWS::OpenSearchService::Domain.EncryptionAtRestOptions",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName"), ("AWS::KMS::Key", "Arn")],
        reason: "the key's ID, an alias, or the key's ARN (the form a key of another account needs; the pinned \
                 registry schema lists it too); the data leaves out the alias and the ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-opensearchservice-domain-encryptionatrestoptions.html#cfn-opensearchservice-domain-encryptionatrestoptions-kmskeyid",
    },
    Kinds {
        owner: "AWS::EC2::Instance.LaunchTemplateSpecification",
        property: "Version",
        kinds: &[
            ("AWS::EC2::LaunchTemplate", "LatestVersionNumber"),
            ("AWS::EC2::LaunchTemplate", "DefaultVersionNumber"),
        ],
        reason: "the template's latest or its default version (`Fn::GetAtt DefaultVersionNumber`); the data lists only the latest",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-instance-launchtemplatespecification.html#cfn-ec2-instance-launchtemplatespecification-version",
    },
    Kinds {
        owner: "AWS::Batch::ComputeEnvironment.ComputeResources",
        property: "SpotIamFleetRole",
        kinds: &[("AWS::IAM::Role", "RoleName"), ("AWS::IAM::Role", "Arn")],
        reason: "AWS documents the Spot Fleet role's ARN; the data lists only the role's name, refusing `role.arn()`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-batch-computeenvironment-computeresources.html#cfn-batch-computeenvironment-computeresources-spotiamfleetrole",
    },
    Kinds {
        owner: "AWS::CodeStarNotifications::NotificationRule.Target",
        property: "TargetAddress",
        kinds: &[
            ("AWS::SNS::Topic", "TopicArn"),
            ("AWS::Chatbot::SlackChannelConfiguration", "Arn"),
            ("AWS::Chatbot::MicrosoftTeamsChannelConfiguration", "Arn"),
        ],
        reason: "a topic's ARN, or a chat client's (`TargetType` `AWSChatbotSlack` or `AWSChatbotMicrosoftTeams`): a Slack or Teams channel configuration; the data lists only topics",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-codestarnotifications-notificationrule-target.html#cfn-codestarnotifications-notificationrule-target-targetaddress",
    },
    Kinds {
        owner: "AWS::DataSync::Task",
        property: "DestinationLocationArn",
        kinds: &[
            ("AWS::DataSync::LocationAzureBlob", "LocationArn"),
            ("AWS::DataSync::LocationEFS", "LocationArn"),
            ("AWS::DataSync::LocationFSxLustre", "LocationArn"),
            ("AWS::DataSync::LocationFSxONTAP", "LocationArn"),
            ("AWS::DataSync::LocationFSxOpenZFS", "LocationArn"),
            ("AWS::DataSync::LocationFSxWindows", "LocationArn"),
            ("AWS::DataSync::LocationHDFS", "LocationArn"),
            ("AWS::DataSync::LocationNFS", "LocationArn"),
            ("AWS::DataSync::LocationObjectStorage", "LocationArn"),
            ("AWS::DataSync::LocationS3", "LocationArn"),
            ("AWS::DataSync::LocationSMB", "LocationArn"),
        ],
        reason: "any DataSync location may be a task's destination (FSx, SMB, HDFS, NFS, object storage, Azure Blob, …); the data lists only EFS and S3",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-datasync-task.html#cfn-datasync-task-destinationlocationarn",
    },
    Kinds {
        owner: "AWS::DataSync::Task",
        property: "SourceLocationArn",
        kinds: &[
            ("AWS::DataSync::LocationAzureBlob", "LocationArn"),
            ("AWS::DataSync::LocationEFS", "LocationArn"),
            ("AWS::DataSync::LocationFSxLustre", "LocationArn"),
            ("AWS::DataSync::LocationFSxONTAP", "LocationArn"),
            ("AWS::DataSync::LocationFSxOpenZFS", "LocationArn"),
            ("AWS::DataSync::LocationFSxWindows", "LocationArn"),
            ("AWS::DataSync::LocationHDFS", "LocationArn"),
            ("AWS::DataSync::LocationNFS", "LocationArn"),
            ("AWS::DataSync::LocationObjectStorage", "LocationArn"),
            ("AWS::DataSync::LocationS3", "LocationArn"),
            ("AWS::DataSync::LocationSMB", "LocationArn"),
        ],
        reason: "any DataSync location may be a task's source (EFS, FSx, SMB, HDFS, object storage, Azure Blob, …); the data lists only S3 and NFS",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-datasync-task.html#cfn-datasync-task-sourcelocationarn",
    },
    Kinds {
        owner: "AWS::DocDBElastic::Cluster",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ARN or, in the key's own account, an alias; the data lists only the key's ID, refusing `key.arn()`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-docdbelastic-cluster.html#cfn-docdbelastic-cluster-kmskeyid",
    },
    Kinds {
        owner: "AWS::ECS::CapacityProvider.AutoScalingGroupProvider",
        property: "AutoScalingGroupArn",
        kinds: &[
            ("AWS::AutoScaling::AutoScalingGroup", "AutoScalingGroupName"),
            ("AWS::AutoScaling::AutoScalingGroup", "AutoScalingGroupARN"),
        ],
        reason: "the group's ARN or its name; the data lists only the name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-capacityprovider-autoscalinggroupprovider.html#cfn-ecs-capacityprovider-autoscalinggroupprovider-autoscalinggrouparn",
    },
    Kinds {
        owner: "AWS::ECS::Cluster.ExecuteCommandConfiguration",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "AWS documents a key ID here; the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and an alias's name; the data lists only the key's ARN, refusing `key.key_id()`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-cluster-executecommandconfiguration.html#cfn-ecs-cluster-executecommandconfiguration-kmskeyid",
    },
    Kinds {
        owner: "AWS::ElastiCache::ServerlessCache",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "a KMS key identifier (the CreateServerlessCache API documents the key's ARN); the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and an alias's name; the data lists only the key's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticache-serverlesscache.html#cfn-elasticache-serverlesscache-kmskeyid",
    },
    Kinds {
        owner: "AWS::Kendra::Index.ServerSideEncryptionConfiguration",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the identifier of a KMS key; the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and an alias's name; the data lists only the key's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kendra-index-serversideencryptionconfiguration.html#cfn-kendra-index-serversideencryptionconfiguration-kmskeyid",
    },
    Kinds {
        owner: "AWS::RedshiftServerless::Namespace",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the identifier of a KMS key; the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and an alias's name; the data lists only the key's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-redshiftserverless-namespace.html#cfn-redshiftserverless-namespace-kmskeyid",
    },
    Kinds {
        owner: "AWS::Timestream::Database",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the identifier of a KMS key; the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and an alias's name; the data lists only the key's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-timestream-database.html#cfn-timestream-database-kmskeyid",
    },
    Kinds {
        owner: "AWS::Timestream::ScheduledQuery",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ID, its ARN, an alias's name or an alias's ARN; the data lists only the key's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-timestream-scheduledquery.html#cfn-timestream-scheduledquery-kmskeyid",
    },
    Kinds {
        owner: "AWS::Neptune::DBCluster",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ARN or ID or, in the key's own account, an alias (as for RDS); the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and an alias's name; the data leaves out the alias",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-neptune-dbcluster.html#cfn-neptune-dbcluster-kmskeyid",
    },
    Kinds {
        owner: "AWS::GlobalAccelerator::EndpointGroup.EndpointConfiguration",
        property: "EndpointId",
        kinds: &[
            ("AWS::ElasticLoadBalancingV2::LoadBalancer", "LoadBalancerArn"),
            ("AWS::EC2::EIP", "AllocationId"),
            ("AWS::EC2::Instance", "InstanceId"),
        ],
        reason: "a load balancer's ARN, an Elastic IP address's allocation ID or an EC2 instance's ID; the data lists only load balancers",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-globalaccelerator-endpointgroup-endpointconfiguration.html#cfn-globalaccelerator-endpointgroup-endpointconfiguration-endpointid",
    },
    Kinds {
        owner: "AWS::Lambda::Alias",
        property: "FunctionName",
        kinds: &[("AWS::Lambda::Function", "FunctionName"), ("AWS::Lambda::Function", "Arn")],
        reason: "the function's name or its ARN; the data lists only the name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-alias.html#cfn-lambda-alias-functionname",
    },
    Kinds {
        owner: "AWS::Pipes::Pipe",
        property: "Enrichment",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::StepFunctions::StateMachine", "Arn"),
            ("AWS::Events::ApiDestination", "Arn"),
        ],
        reason: "an enrichment may be a Lambda function, a Step Functions state machine, an API destination or an API Gateway REST API (no handle gives its ARN: it comes in through `external`); the data lists only functions",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-pipes-pipe.html#cfn-pipes-pipe-enrichment",
    },
    Kinds {
        owner: "AWS::Pipes::Pipe.DeadLetterConfig",
        property: "Arn",
        kinds: &[("AWS::SQS::Queue", "Arn"), ("AWS::SNS::Topic", "TopicArn")],
        reason: "a pipe's dead-letter target is a queue or a topic; the data lists only queues",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-pipes-pipe-deadletterconfig.html#cfn-pipes-pipe-deadletterconfig-arn",
    },
    Kinds {
        owner: "AWS::RefactorSpaces::Service.LambdaEndpointInput",
        property: "Arn",
        kinds: &[("AWS::Lambda::Function", "Arn"), ("AWS::Lambda::Alias", "AliasArn")],
        reason: "the ARN of a function or of an alias; the data lists only functions",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-refactorspaces-service-lambdaendpointinput.html#cfn-refactorspaces-service-lambdaendpointinput-arn",
    },
    Kinds {
        owner: "AWS::RDS::GlobalCluster",
        property: "SourceDBClusterIdentifier",
        kinds: &[("AWS::RDS::DBCluster", "DBClusterIdentifier"), ("AWS::RDS::DBCluster", "DBClusterArn")],
        reason: "AWS documents the source cluster's ARN; the data lists only its identifier",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-globalcluster.html#cfn-rds-globalcluster-sourcedbclusteridentifier",
    },
    Kinds {
        owner: "AWS::CloudFront::Distribution.DistributionConfig",
        property: "WebACLId",
        kinds: &[("AWS::WAFv2::WebACL", "Arn"), ("AWS::WAF::WebACL", "Id")],
        reason: "a web ACL of AWS WAF by its ARN, or one of AWS WAF Classic by its ID; the data lists only the first",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-distributionconfig.html#cfn-cloudfront-distribution-distributionconfig-webaclid",
    },
    Kinds {
        owner: "AWS::EC2::TransitGatewayRoute",
        property: "TransitGatewayAttachmentId",
        kinds: &[
            ("AWS::EC2::TransitGatewayAttachment", "Id"),
            ("AWS::EC2::TransitGatewayVpcAttachment", "Id"),
            ("AWS::EC2::TransitGatewayPeeringAttachment", "TransitGatewayAttachmentId"),
            ("AWS::EC2::TransitGatewayConnect", "TransitGatewayAttachmentId"),
        ],
        reason: "any transit gateway attachment: a VPC, peering or Connect attachment as well; the data leaves out some of them (a VPC attachment is the most common)",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-transitgatewayroute.html#cfn-ec2-transitgatewayroute-transitgatewayattachmentid",
    },
    Kinds {
        owner: "AWS::EC2::TransitGatewayRouteTableAssociation",
        property: "TransitGatewayAttachmentId",
        kinds: &[
            ("AWS::EC2::TransitGatewayAttachment", "Id"),
            ("AWS::EC2::TransitGatewayVpcAttachment", "Id"),
            ("AWS::EC2::TransitGatewayPeeringAttachment", "TransitGatewayAttachmentId"),
            ("AWS::EC2::TransitGatewayConnect", "TransitGatewayAttachmentId"),
        ],
        reason: "any transit gateway attachment: a VPC, peering or Connect attachment as well; the data leaves out some of them (a VPC attachment is the most common)",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-transitgatewayroutetableassociation.html#cfn-ec2-transitgatewayroutetableassociation-transitgatewayattachmentid",
    },
    Kinds {
        owner: "AWS::EC2::TransitGatewayRouteTablePropagation",
        property: "TransitGatewayAttachmentId",
        kinds: &[
            ("AWS::EC2::TransitGatewayAttachment", "Id"),
            ("AWS::EC2::TransitGatewayVpcAttachment", "Id"),
            ("AWS::EC2::TransitGatewayPeeringAttachment", "TransitGatewayAttachmentId"),
            ("AWS::EC2::TransitGatewayConnect", "TransitGatewayAttachmentId"),
        ],
        reason: "any transit gateway attachment: a VPC, peering or Connect attachment as well; the data leaves out some of them (a VPC attachment is the most common)",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-transitgatewayroutetablepropagation.html#cfn-ec2-transitgatewayroutetablepropagation-transitgatewayattachmentid",
    },
    Kinds {
        owner: "AWS::Redshift::Cluster",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "a KMS key identifier; the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and \
                 an alias's name; the data leaves out the alias",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-redshift-cluster.html#cfn-redshift-cluster-kmskeyid",
    },
    Kinds {
        owner: "AWS::MWAA::Environment",
        property: "KmsKey",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "the key's ID, ARN, an alias or an alias's ARN (the registry schema's own description and \
                 pattern); the data lists only the key's ARN, refusing `key.key_id()`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-mwaa-environment.html#cfn-mwaa-environment-kmskey",
    },
    Kinds {
        owner: "AWS::Cognito::UserPool.LambdaConfig",
        property: "CreateAuthChallenge",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a trigger is a function's ARN, qualified by an alias or a version alike (the data lists an alias for \
                 this user pool's other triggers: `PreSignUp`, `PostConfirmation`, …); here it lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-lambdaconfig.html#cfn-cognito-userpool-lambdaconfig-createauthchallenge",
    },
    Kinds {
        owner: "AWS::Cognito::UserPool.LambdaConfig",
        property: "DefineAuthChallenge",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a trigger is a function's ARN, qualified by an alias or a version alike (the data lists an alias for \
                 this user pool's other triggers: `PreSignUp`, `PostConfirmation`, …); here it lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-lambdaconfig.html#cfn-cognito-userpool-lambdaconfig-defineauthchallenge",
    },
    Kinds {
        owner: "AWS::Cognito::UserPool.LambdaConfig",
        property: "PreAuthentication",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a trigger is a function's ARN, qualified by an alias or a version alike (the data lists an alias for \
                 this user pool's other triggers: `PreSignUp`, `PostConfirmation`, …); here it lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-lambdaconfig.html#cfn-cognito-userpool-lambdaconfig-preauthentication",
    },
    Kinds {
        owner: "AWS::Cognito::UserPool.LambdaConfig",
        property: "PreTokenGeneration",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a trigger is a function's ARN, qualified by an alias or a version alike (the data lists an alias for \
                 this user pool's other triggers: `PreSignUp`, `PostConfirmation`, …); here it lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-lambdaconfig.html#cfn-cognito-userpool-lambdaconfig-pretokengeneration",
    },
    Kinds {
        owner: "AWS::Cognito::UserPool.LambdaConfig",
        property: "VerifyAuthChallengeResponse",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a trigger is a function's ARN, qualified by an alias or a version alike (the data lists an alias for \
                 this user pool's other triggers: `PreSignUp`, `PostConfirmation`, …); here it lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-lambdaconfig.html#cfn-cognito-userpool-lambdaconfig-verifyauthchallengeresponse",
    },
    Kinds {
        owner: "AWS::Cognito::UserPool.CustomSMSSender",
        property: "LambdaArn",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a trigger is a function's ARN, qualified by an alias or a version alike (the data lists an alias for \
                 this user pool's other triggers: `PreSignUp`, `PostConfirmation`, …); here it lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cognito-userpool-customsmssender.html#cfn-cognito-userpool-customsmssender-lambdaarn",
    },
    Kinds {
        owner: "AWS::Timestream::Table.S3Configuration",
        property: "KmsKeyId",
        kinds: &[("AWS::KMS::Key", "Arn"), ("AWS::KMS::Key", "KeyId"), ("AWS::KMS::Alias", "AliasName")],
        reason: "a KMS key identifier; the pinned registry schema (cfn-lint's formats) lists a key's ARN, its ID and \
                 an alias's name; the data lists only the key's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-timestream-table-s3configuration.html#cfn-timestream-table-s3configuration-kmskeyid",
    },
    Kinds {
        owner: "AWS::Lex::BotAlias.LambdaCodeHook",
        property: "LambdaArn",
        kinds: &[
            ("AWS::Lambda::Function", "Arn"),
            ("AWS::Lambda::Alias", "AliasArn"),
            ("AWS::Lambda::Version", "FunctionArn"),
        ],
        reason: "a function's ARN, qualified by an alias or a version too (the pattern of Lex V2's `lambdaARN` ends in \
                 an optional `:qualifier`); the data lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lex-botalias-lambdacodehook.html#cfn-lex-botalias-lambdacodehook-lambdaarn",
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
    Untyped {
        owner: "AWS::SNS::Topic.Subscription",
        property: "Endpoint",
        reason: "what the endpoint is depends on `Protocol`: an email address, a URL, a phone number, or an ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-sns-topic-subscription.html#cfn-sns-topic-subscription-endpoint",
    },
    Untyped {
        owner: "AWS::SSM::Association.Target",
        property: "Values",
        reason: "the values follow `Key`: tag values for `tag:<key>`, instance IDs, resource group names, …; the data lists only instances and Auto Scaling groups",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ssm-association-target.html#cfn-ssm-association-target-values",
    },
    Untyped {
        owner: "AWS::Events::Rule.RunCommandTarget",
        property: "Values",
        reason: "the values follow `Key`: tag values for `tag:<key>`, or instance IDs for `InstanceIds`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-events-rule-runcommandtarget.html#cfn-events-rule-runcommandtarget-values",
    },
    Untyped {
        owner: "AWS::AutoScaling::ScalingPolicy.MetricDimension",
        property: "Value",
        reason: "the value of any metric dimension (a target group's label, a queue's name, …); the data lists an Auto Scaling group's and a cluster's name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-autoscaling-scalingpolicy-metricdimension.html#cfn-autoscaling-scalingpolicy-metricdimension-value",
    },
    Untyped {
        owner: "AWS::AutoScaling::AutoScalingGroup",
        property: "AutoScalingGroupName",
        reason: "the data says a group's own name is an instance's `AutoScalingGroupName`; the property names the group itself",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-autoscaling-autoscalinggroup.html#cfn-autoscaling-autoscalinggroup-autoscalinggroupname",
    },
    Untyped {
        owner: "AWS::KinesisFirehose::DeliveryStream",
        property: "DeliveryStreamName",
        reason: "the data says a delivery stream's own name is a Kinesis stream's name; the property names the delivery stream itself",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-kinesisfirehose-deliverystream.html#cfn-kinesisfirehose-deliverystream-deliverystreamname",
    },
    Untyped {
        owner: "AWS::KinesisFirehose::DeliveryStream.ProcessorParameter",
        property: "ParameterValue",
        reason: "the value of any processor parameter by `ParameterName` (`BufferSizeInMBs`, a delimiter, …); only `LambdaArn` and `RoleArn` take an ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-kinesisfirehose-deliverystream-processorparameter.html#cfn-kinesisfirehose-deliverystream-processorparameter-parametervalue",
    },
    Untyped {
        owner: "AWS::Config::ConfigRule.Scope",
        property: "ComplianceResourceId",
        reason: "the ID of any resource of the rule's `ComplianceResourceTypes`; the data lists only EBS volumes",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-config-configrule-scope.html#cfn-config-configrule-scope-complianceresourceid",
    },
    Untyped {
        owner: "AWS::Config::ConfigRule.Source",
        property: "SourceIdentifier",
        reason: "for an AWS managed rule (`Owner: AWS`) the rule's identifier (`S3_BUCKET_VERSIONING_ENABLED`); a function's ARN only for `CUSTOM_LAMBDA`",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-config-configrule-source.html#cfn-config-configrule-source-sourceidentifier",
    },
    Untyped {
        owner: "AWS::ElasticLoadBalancingV2::TargetGroup.TargetDescription",
        property: "Id",
        reason: "an `ip` target is any IP address (a peered network, on premises); the data lists only an instance's private IP among instance, function and load balancer targets",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticloadbalancingv2-targetgroup-targetdescription.html#cfn-elasticloadbalancingv2-targetgroup-targetdescription-id",
    },
    Untyped {
        owner: "AWS::Route53::HealthCheck.HealthCheckConfig",
        property: "IPAddress",
        reason: "the IP address of any endpoint to check; the data lists only an Elastic IP",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-route53-healthcheck-healthcheckconfig.html#cfn-route53-healthcheck-healthcheckconfig-ipaddress",
    },
    Untyped {
        owner: "AWS::EC2::CustomerGateway",
        property: "IpAddress",
        reason: "the public IP of the customer's own (on-premises) VPN device; the data lists an EC2 instance's public IP",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-customergateway.html#cfn-ec2-customergateway-ipaddress",
    },
    Untyped {
        owner: "AWS::EC2::SecurityGroup.Ingress",
        property: "SourceSecurityGroupName",
        reason: "a group's name (default VPC only); the data says it is a group's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ec2-securitygroup-ingress.html#cfn-ec2-securitygroup-ingress-sourcesecuritygroupname",
    },
    Untyped {
        owner: "AWS::Lambda::EventInvokeConfig",
        property: "Qualifier",
        reason: "a version number, an alias's name or `$LATEST`; the data lists only a version, and an alias has no name attribute",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-eventinvokeconfig.html#cfn-lambda-eventinvokeconfig-qualifier",
    },
    Untyped {
        owner: "AWS::CodeDeploy::Application",
        property: "ApplicationName",
        reason: "the data says an application's own name is a Lambda function's name; the property names the application itself",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codedeploy-application.html#cfn-codedeploy-application-applicationname",
    },
    Untyped {
        owner: "AWS::CodeGuruProfiler::ProfilingGroup",
        property: "ProfilingGroupName",
        reason: "the data says a profiling group's own name is a Lambda function's name; the property names the group itself",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-codeguruprofiler-profilinggroup.html#cfn-codeguruprofiler-profilinggroup-profilinggroupname",
    },
    Untyped {
        owner: "AWS::EventSchemas::Registry",
        property: "RegistryName",
        reason: "the property names the registry itself; the data takes it from a registry policy",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-eventschemas-registry.html#cfn-eventschemas-registry-registryname",
    },
    Untyped {
        owner: "AWS::ApiGatewayV2::Api",
        property: "Target",
        reason: "quick create takes a function's ARN for a Lambda proxy integration or a URL for an HTTP proxy integration; the data lists only the function",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-api.html#cfn-apigatewayv2-api-target",
    },
    Untyped {
        owner: "AWS::ApiGatewayV2::Route",
        property: "Target",
        reason: "the target is `integrations/<IntegrationId>`, not the bare ID the data lists",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-route.html#cfn-apigatewayv2-route-target",
    },
    Untyped {
        owner: "AWS::AppSync::DataSource.HttpConfig",
        property: "Endpoint",
        reason: "an HTTP data source's endpoint is a URL; the data lists a bucket's name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-appsync-datasource-httpconfig.html#cfn-appsync-datasource-httpconfig-endpoint",
    },
    Untyped {
        owner: "AWS::ApplicationAutoScaling::ScalableTarget",
        property: "ResourceId",
        reason: "an identifier whose form follows the service (`service/<cluster>/<service>`, `table/<name>`, …); the data lists only an MSK cluster's ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-applicationautoscaling-scalabletarget.html#cfn-applicationautoscaling-scalabletarget-resourceid",
    },
    Untyped {
        owner: "AWS::Backup::BackupSelection.BackupSelectionResourceType",
        property: "Resources",
        reason: "the ARN of any supported resource, or a pattern with wildcards (`arn:aws:ec2:*:*:volume/*`, `*`); the data lists tables and buckets",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-backup-backupselection-backupselectionresourcetype.html#cfn-backup-backupselection-backupselectionresourcetype-resources",
    },
    Untyped {
        owner: "AWS::CloudFront::Distribution.Origin",
        property: "Id",
        reason: "an origin's ID is any name unique in the distribution, which cache behaviors refer to; the data lists a load balancer's ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-origin.html#cfn-cloudfront-distribution-origin-id",
    },
    Untyped {
        owner: "AWS::ElasticBeanstalk::ConfigurationTemplate.ConfigurationOptionSetting",
        property: "Value",
        reason: "the value of any option setting by `Namespace` and `OptionName`; the data lists an instance profile and a security group",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-elasticbeanstalk-configurationtemplate-configurationoptionsetting.html#cfn-elasticbeanstalk-configurationtemplate-configurationoptionsetting-value",
    },
    Untyped {
        owner: "AWS::WAFv2::WebACLAssociation",
        property: "ResourceArn",
        reason: "a web ACL may also protect an API Gateway REST API stage, a Cognito user pool, an App Runner service or a Verified Access instance, which have no ARN attribute to give",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-wafv2-webaclassociation.html#cfn-wafv2-webaclassociation-resourcearn",
    },
    Untyped {
        owner: "AWS::CloudFront::Distribution.DefaultCacheBehavior",
        property: "TargetOriginId",
        reason: "the `Id` of one of the distribution's origins, a name chosen in the template; the data lists a load balancer's ARN",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-defaultcachebehavior.html#cfn-cloudfront-distribution-defaultcachebehavior-targetoriginid",
    },
    Untyped {
        owner: "AWS::CloudFront::Distribution.Origin",
        property: "DomainName",
        reason: "any origin's domain name (a custom HTTP server, an S3 website endpoint, a Lambda function URL, …); the data lists buckets, API domains and load balancers",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-cloudfront-distribution-origin.html#cfn-cloudfront-distribution-origin-domainname",
    },
    Untyped {
        owner: "AWS::Glue::Database.DatabaseInput",
        property: "Name",
        reason: "the name of the database itself; the data lists a bucket's name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-glue-database-databaseinput.html#cfn-glue-database-databaseinput-name",
    },
    Untyped {
        owner: "AWS::Glue::Crawler.S3Target",
        property: "Path",
        reason: "an S3 path (`s3://bucket/prefix/`), not a bucket's bare name as the data lists",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-glue-crawler-s3target.html#cfn-glue-crawler-s3target-path",
    },
    Untyped {
        owner: "AWS::ECR::ReplicationConfiguration.RepositoryFilter",
        property: "Filter",
        reason: "a repository name prefix (`PREFIX_MATCH`), matching many repositories; the data lists one repository's name",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecr-replicationconfiguration-repositoryfilter.html#cfn-ecr-replicationconfiguration-repositoryfilter-filter",
    },
    Untyped {
        owner: "AWS::ApiGatewayV2::Integration",
        property: "IntegrationUri",
        reason: "a Lambda function's ARN, an HTTP integration's URL, or for a private integration a load balancer listener's or a Cloud Map service's ARN; the data lists only functions, and a URL is no resource's attribute",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigatewayv2-integration.html#cfn-apigatewayv2-integration-integrationuri",
    },
    Untyped {
        owner: "AWS::CE::AnomalySubscription.Subscriber",
        property: "Address",
        reason: "an email address or a topic's ARN, following `Type`; the data lists only topics",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ce-anomalysubscription-subscriber.html#cfn-ce-anomalysubscription-subscriber-address",
    },
    Untyped {
        owner: "AWS::DataPipeline::Pipeline.Field",
        property: "StringValue",
        reason: "the value of any pipeline object field (a type, a schedule, a command, …); the data lists a topic, a role and an instance profile",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-datapipeline-pipeline-field.html#cfn-datapipeline-pipeline-field-stringvalue",
    },
    Untyped {
        owner: "AWS::DataPipeline::Pipeline.ParameterValue",
        property: "StringValue",
        reason: "the value of any pipeline parameter; the data lists only a subnet's ID",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-datapipeline-pipeline-parametervalue.html#cfn-datapipeline-pipeline-parametervalue-stringvalue",
    },
    Untyped {
        owner: "AWS::DataSync::LocationNFS",
        property: "ServerHostname",
        reason: "the NFS server's DNS name or IP address, on premises or in AWS; the data lists only an EC2 instance's private IP",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-datasync-locationnfs.html#cfn-datasync-locationnfs-serverhostname",
    },
    Untyped {
        owner: "AWS::EMR::Studio",
        property: "DefaultS3Location",
        reason: "an S3 URI (`s3://bucket/prefix`), not a bucket's name as the data lists",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-emr-studio.html#cfn-emr-studio-defaults3location",
    },
    Untyped {
        owner: "AWS::Pipes::Pipe",
        property: "Source",
        reason: "a pipe also reads from an Amazon MQ broker, an MSK cluster or a self-managed Kafka cluster (`smk://host:port`, no resource's attribute); the data lists only queues and streams",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-pipes-pipe.html#cfn-pipes-pipe-source",
    },
    Untyped {
        owner: "AWS::LakeFormation::PrincipalPermissions.DataLakePrincipal",
        property: "DataLakePrincipalIdentifier",
        reason: "a Lake Formation principal: an IAM role or user ARN, a SAML or Identity Center identity, an account ID, an organization ARN or `IAM_ALLOWED_PRINCIPALS`; the data lists only roles",
        url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-lakeformation-principalpermissions-datalakeprincipal.html#cfn-lakeformation-principalpermissions-datalakeprincipal-datalakeprincipalidentifier",
    },
];

pub const SAME: &[Same] = &[Same {
    type_name: "AWS::EC2::SecurityGroup",
    attribute: "GroupId",
    same_as: "Id",
    reason: "`Fn::GetAtt GroupId` and `Id` (and `Ref`, for a group in a VPC) are the group's ID",
    url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ec2-securitygroup.html#aws-resource-ec2-securitygroup-return-values",
}];

pub const FORMS_NOT_TAKEN: &[FormNotTaken] = &[FormNotTaken {
    owner: "AWS::S3Express::DirectoryBucket.ServerSideEncryptionByDefault",
    property: "KMSMasterKeyID",
    form: "AWS::KMS::Alias.AliasName",
    reason: "a directory bucket takes the key's ID or ARN, and AWS says its alias cannot be used",
    url: "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-s3express-directorybucket-serversideencryptionbydefault.html#cfn-s3express-directorybucket-serversideencryptionbydefault-kmsmasterkeyid",
}];
