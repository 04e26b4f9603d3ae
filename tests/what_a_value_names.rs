//! Each guarded delivery × each way AWS lets a template name its target: `Ref`, `Fn::GetAtt`, an
//! ARN built with `Fn::Sub` or `Fn::Join` from the name, the literal name or ARN, a parameter's
//! default, an alias where the service takes one. For every form the right target passes and a
//! target lacking the grant is found; a target named the wrong way (a queue's URL where an ARN is
//! taken, a key's alias where CloudWatch Logs needs its ARN) is a finding of its own, and the
//! right form next to it passes. See docs/guarded/what-a-value-names.md.

use typed_cfn::Template;
use typed_cfn::check;

/// The (logical ID, rule) of every error the check finds in the YAML template `text`.
fn errors(text: &str) -> Vec<(String, &'static str)> {
    let template = Template::from_yaml(text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    check::run(&template).errors.into_iter().map(|f| (f.logical_id, f.rule.id())).collect()
}

fn messages(text: &str) -> Vec<String> {
    let template = Template::from_yaml(text).unwrap();
    check::run(&template).errors.into_iter().map(|f| f.message).collect()
}

// EventBridge rule → SQS queue: the queue's policy must let events.amazonaws.com send.

const QUEUE_NAME_ARN_FORMS: [(&str, &str); 6] = [
    ("GetAtt", "!GetAtt Queue.Arn"),
    (
        "Sub from the name attribute",
        "!Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}",
    ),
    ("Sub from the literal name", "!Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:orders"),
    (
        "Sub with a variable map",
        "!Sub [\"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${N}\", {N: !GetAtt Queue.QueueName}]",
    ),
    (
        "Join with an empty delimiter",
        "!Join [\"\", [\"arn:\", !Ref AWS::Partition, \":sqs:\", !Ref AWS::Region, \":\", !Ref AWS::AccountId, \":orders\"]]",
    ),
    ("a parameter's default", "!Ref QueueArnParameter"),
];

fn rule_to_queue(target: &str, policy: bool) -> String {
    let policy = if policy {
        r#"
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn"#
    } else {
        ""
    };
    format!(
        r#"Parameters:
  QueueArnParameter:
    Type: String
    Default: arn:aws:sqs:us-east-1:123456789012:orders
Resources:
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: orders{policy}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      EventPattern: {{source: [aws.ec2]}}
      Targets:
        - Id: queue
          Arn: {target}
"#
    )
}

#[test]
fn an_eventbridge_rule_reaches_its_queue_however_the_arn_is_written() {
    for (how, target) in QUEUE_NAME_ARN_FORMS {
        assert_eq!(errors(&rule_to_queue(target, true)), [], "{how}: the queue lets EventBridge in");
        assert_eq!(
            errors(&rule_to_queue(target, false)),
            [("Rule".to_owned(), "delivery-policy-denies-service")],
            "{how}: the queue has no policy"
        );
    }
}

#[test]
fn another_accounts_queue_of_the_same_name_is_not_judged() {
    // A literal ARN of another account names a queue outside the template: no judgement, even
    // though the template's queue (which has no policy) has the same name.
    let other = "arn:aws:sqs:us-east-1:210987654321:orders";
    let text = rule_to_queue(other, false).replace("Default: arn:aws:sqs:us-east-1:123456789012:orders", "Default: x");
    // The template names one account in a literal ARN: it deploys there, and the queue matches.
    assert_eq!(errors(&text), [("Rule".to_owned(), "delivery-policy-denies-service")]);
    // With a second account named elsewhere the deployment's account is unknown: the literal ARN
    // is not taken to be the template's queue.
    let two = text.replace(
        "      QueueName: orders",
        "      QueueName: orders\n      Tags: [{Key: peer, Value: \"arn:aws:sqs:us-east-1:111122223333:peer\"}]",
    );
    assert_eq!(errors(&two), []);
}

// A queue named the wrong way where an ARN is taken: its URL (`Ref`, `QueueUrl`, a URL built with
// `Fn::Sub`) or its name.

#[test]
fn a_queue_url_or_name_where_an_arn_is_taken_is_found_with_the_arn_as_fix() {
    let wrong = [
        ("Ref (its URL)", "!Ref Queue", "`Ref Queue`: a queue's `Ref` is its URL"),
        (
            "GetAtt QueueUrl",
            "!GetAtt Queue.QueueUrl",
            "queue `Queue`'s URL (`https://sqs.us-east-1.amazonaws.com/123456789012/orders`)",
        ),
        (
            "a URL built with Sub",
            "!Sub https://sqs.${AWS::Region}.amazonaws.com/${AWS::AccountId}/orders",
            "queue `Queue`'s URL",
        ),
        ("its name", "!GetAtt Queue.QueueName", "queue `Queue` by its name (`orders`)"),
    ];
    for (how, target, says) in wrong {
        for policy in [true, false] {
            let text = rule_to_queue(target, policy);
            assert_eq!(errors(&text), [("Rule".to_owned(), "queue-url-for-arn")], "{how}");
            let message = messages(&text).remove(0);
            assert!(message.contains(says), "{how}: {message}");
            assert!(message.contains("Use `Fn::GetAtt Queue.Arn`"), "{how}: {message}");
        }
    }
    // The same queue named by its ARN, next to it, passes.
    assert_eq!(errors(&rule_to_queue("!GetAtt Queue.Arn", true)), []);
}

#[test]
fn an_sns_subscription_to_a_queue_url_is_found_and_its_arn_passes() {
    let subscription = |endpoint: &str| {
        format!(
            r#"Resources:
  Topic:
    Type: AWS::SNS::Topic
  Queue:
    Type: AWS::SQS::Queue
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!GetAtt Queue.QueueUrl]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{Service: sns.amazonaws.com}}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn
  Subscription:
    Type: AWS::SNS::Subscription
    Properties:
      Protocol: sqs
      TopicArn: !Ref Topic
      Endpoint: {endpoint}
"#
        )
    };
    assert_eq!(errors(&subscription("!GetAtt Queue.QueueUrl")), [("Subscription".to_owned(), "queue-url-for-arn")]);
    assert_eq!(errors(&subscription("!GetAtt Queue.Arn")), []);
    // Built from the generated name: the same ARN.
    assert_eq!(
        errors(&subscription("!Sub arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${Queue.QueueName}")),
        []
    );
}

// EventBridge rule → SNS topic: the topic's policy must let events.amazonaws.com publish.

fn rule_to_topic(target: &str, policy: bool) -> String {
    let policy = if policy {
        r#"
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sns:Publish
            Resource: !Ref Topic"#
    } else {
        ""
    };
    format!(
        r#"Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: alerts{policy}
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets:
        - Id: topic
          Arn: {target}
"#
    )
}

#[test]
fn an_eventbridge_rule_reaches_its_topic_however_the_arn_is_written() {
    let forms = [
        ("Ref", "!Ref Topic"),
        ("GetAtt TopicArn", "!GetAtt Topic.TopicArn"),
        (
            "Sub from the name attribute",
            "!Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Topic.TopicName}",
        ),
        ("Sub from the literal name", "!Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts"),
        ("Join", "!Join [\":\", [arn, !Ref AWS::Partition, sns, !Ref AWS::Region, !Ref AWS::AccountId, alerts]]"),
    ];
    for (how, target) in forms {
        assert_eq!(errors(&rule_to_topic(target, true)), [], "{how}: the topic lets EventBridge in");
        assert_eq!(
            errors(&rule_to_topic(target, false)),
            [("Rule".to_owned(), "delivery-policy-denies-service")],
            "{how}: the topic keeps SNS's default policy, which does not let EventBridge in"
        );
    }
}

// S3 event notifications → SNS topic, by an ARN built from the topic's name.

#[test]
fn a_bucket_notifies_a_topic_named_by_a_built_arn() {
    let notify = |policy: bool| {
        let policy = if policy {
            r#"
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: s3.amazonaws.com}
            Action: sns:Publish
            Resource: !Ref Topic"#
        } else {
            ""
        };
        let depends = if policy.is_empty() { "" } else { "\n    DependsOn: TopicPolicy" };
        format!(
            r#"Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: uploads{policy}
  Bucket:
    Type: AWS::S3::Bucket{depends}
    Properties:
      NotificationConfiguration:
        TopicConfigurations:
          - Event: s3:ObjectCreated:*
            Topic: !Sub arn:${{AWS::Partition}}:sns:${{AWS::Region}}:${{AWS::AccountId}}:uploads
"#
        )
    };
    assert_eq!(errors(&notify(true)), []);
    assert_eq!(errors(&notify(false)), [("Bucket".to_owned(), "delivery-policy-denies-service")]);
}

// CloudTrail: `SnsTopicName` takes the topic's name or ARN; `S3BucketName` the bucket's name.

fn trail(topic: &str, bucket: &str, topic_policy: bool) -> String {
    let topic_policy = if topic_policy {
        r#"
  TopicPolicy:
    Type: AWS::SNS::TopicPolicy
    Properties:
      Topics: [!Ref Topic]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: cloudtrail.amazonaws.com}
            Action: sns:Publish
            Resource: !Ref Topic"#
    } else {
        ""
    };
    let depends = if topic_policy.is_empty() { "[BucketPolicy]" } else { "[BucketPolicy, TopicPolicy]" };
    format!(
        r#"Parameters:
  TrailBucketName:
    Type: String
    Default: trail-logs
Resources:
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      TopicName: trail-events{topic_policy}
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: trail-logs
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Bucket
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:GetBucketAcl
            Resource: !GetAtt Bucket.Arn
          - Effect: Allow
            Principal: {{Service: cloudtrail.amazonaws.com}}
            Action: s3:PutObject
            Resource: !Sub ${{Bucket.Arn}}/AWSLogs/${{AWS::AccountId}}/*
            Condition: {{StringEquals: {{s3:x-amz-acl: bucket-owner-full-control}}}}
  Trail:
    Type: AWS::CloudTrail::Trail
    DependsOn: {depends}
    Properties:
      IsLogging: true
      S3BucketName: {bucket}
      SnsTopicName: {topic}
"#
    )
}

#[test]
fn a_trail_notifies_its_topic_named_by_name_or_arn() {
    for (how, topic) in [
        ("Ref", "!Ref Topic"),
        ("GetAtt TopicName", "!GetAtt Topic.TopicName"),
        ("the literal name", "trail-events"),
        ("a built ARN", "!Sub arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:trail-events"),
    ] {
        assert_eq!(errors(&trail(topic, "!Ref Bucket", true)), [], "{how}");
        assert_eq!(
            errors(&trail(topic, "!Ref Bucket", false)),
            [("Trail".to_owned(), "delivery-policy-denies-service")],
            "{how}: the topic does not let CloudTrail publish"
        );
    }
}

#[test]
fn a_trail_writes_to_its_bucket_named_by_name() {
    for (how, bucket) in [
        ("Ref", "!Ref Bucket"),
        ("the literal name", "trail-logs"),
        ("Sub of the Ref", "!Sub ${Bucket}"),
        ("a parameter's default", "!Ref TrailBucketName"),
    ] {
        let right = trail("!Ref Topic", bucket, true);
        assert_eq!(errors(&right), [], "{how}");
        // The same bucket without the PutObject statement: CloudTrail is refused.
        let wrong = right.replace("Action: s3:PutObject", "Action: s3:GetObject");
        assert_eq!(errors(&wrong), [("Trail".to_owned(), "delivery-policy-denies-service")], "{how}");
    }
}

// S3 server access logs into a bucket named by its name; the bucket policy attached by name.

#[test]
fn server_access_logs_and_a_bucket_policy_named_by_the_literal_name() {
    let template = |destination: &str, attached: &str, action: &str| {
        format!(
            r#"Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: access-logs-123
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: {attached}
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {{Service: logging.s3.amazonaws.com}}
            Action: {action}
            Resource: arn:aws:s3:::access-logs-123/*
  Data:
    Type: AWS::S3::Bucket
    Properties:
      LoggingConfiguration:
        DestinationBucketName: {destination}
"#
        )
    };
    for destination in ["!Ref Logs", "access-logs-123", "!Sub ${Logs}"] {
        for attached in ["!Ref Logs", "access-logs-123", "!Sub ${Logs}"] {
            assert_eq!(errors(&template(destination, attached, "s3:PutObject")), [], "{destination} / {attached}");
            assert_eq!(
                errors(&template(destination, attached, "s3:GetObject")),
                [("Data".to_owned(), "delivery-policy-denies-service")],
                "{destination} / {attached}: the policy is seen, and refuses"
            );
        }
    }
}

// CloudFront standard logs to `<bucket>.s3.amazonaws.com` of a template bucket with ACLs disabled.

#[test]
fn cloudfront_logging_to_a_literal_domain_name_of_a_template_bucket() {
    let distribution = |bucket: &str, ownership: &str| {
        format!(
            r#"Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: cf-logs-123{ownership}
  Distribution:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
        DefaultCacheBehavior: {{TargetOriginId: o, ViewerProtocolPolicy: allow-all}}
        Origins: [{{Id: o, DomainName: example.com, CustomOriginConfig: {{OriginProtocolPolicy: https-only}}}}]
        Logging:
          Bucket: {bucket}
"#
        )
    };
    let preferred = "\n      OwnershipControls: {Rules: [{ObjectOwnership: BucketOwnerPreferred}]}";
    for bucket in [
        "cf-logs-123.s3.amazonaws.com",
        "!GetAtt Logs.RegionalDomainName",
        "!Sub ${Logs}.s3.amazonaws.com",
        "!Sub cf-logs-123.s3.${AWS::Region}.amazonaws.com",
    ] {
        assert_eq!(errors(&distribution(bucket, preferred)), [], "{bucket}");
        assert_eq!(
            errors(&distribution(bucket, "")),
            [("Distribution".to_owned(), "log-bucket-acls-disabled")],
            "{bucket}: ACLs are disabled"
        );
    }
    // By name, it is the wrong form.
    assert_eq!(
        errors(&distribution("cf-logs-123", preferred)),
        [("Distribution".to_owned(), "log-bucket-not-domain-name")]
    );
}

// A log group's key named by an alias of the template, or by its ARN built as text.

fn log_group_key(key: &str, logs_grant: bool) -> String {
    let grant = if logs_grant {
        r#"
          - Effect: Allow
            Principal: {Service: !Sub "logs.${AWS::Region}.amazonaws.com"}
            Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]
            Resource: "*"
            Condition:
              ArnLike:
                kms:EncryptionContext:aws:logs:arn: !Sub arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"#
    } else {
        ""
    };
    format!(
        r#"Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {{AWS: !Sub "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root"}}
            Action: kms:*
            Resource: "*"{grant}
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/app-logs
      TargetKeyId: !Ref Key
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      LogGroupName: /app/orders
      KmsKeyId: {key}
"#
    )
}

#[test]
fn a_log_group_key_by_alias_is_found_and_its_arn_passes() {
    for (how, key) in [
        ("the alias name", "alias/app-logs"),
        ("Ref of the alias", "!Ref KeyAlias"),
        ("the alias ARN", "!Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/app-logs"),
        ("the key ID built with Sub", "!Sub ${Key}"),
    ] {
        let text = log_group_key(key, true);
        assert_eq!(errors(&text), [("Group".to_owned(), "log-group-key-not-arn")], "{how}");
        let message = messages(&text).remove(0);
        assert!(message.contains("names key `Key` by"), "{how}: {message}");
        assert!(message.contains("`Fn::GetAtt Key.Arn`"), "{how}: {message}");
    }
    for (how, key) in [
        ("GetAtt", "!GetAtt Key.Arn"),
        ("the ARN built from the key ID", "!Sub arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/${Key}"),
    ] {
        assert_eq!(errors(&log_group_key(key, true)), [], "{how}");
        assert_eq!(
            errors(&log_group_key(key, false)),
            [("Group".to_owned(), "log-group-key-denies-logs")],
            "{how}: the key does not let CloudWatch Logs in"
        );
    }
}

// A topic's key named by an alias of the template: the key's policy is judged.

#[test]
fn a_topic_key_by_alias_is_judged_as_the_key() {
    let alarm_to_topic = |grant: bool| {
        let grant = if grant {
            r#"
          - Effect: Allow
            Principal: {Service: cloudwatch.amazonaws.com}
            Action: [kms:Decrypt, kms:GenerateDataKey*]
            Resource: "*""#
        } else {
            ""
        };
        format!(
            r#"Resources:
  Key:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Statement:
          - Effect: Allow
            Principal: {{AWS: !Sub "arn:${{AWS::Partition}}:iam::${{AWS::AccountId}}:root"}}
            Action: kms:*
            Resource: "*"{grant}
  KeyAlias:
    Type: AWS::KMS::Alias
    Properties:
      AliasName: alias/alerts
      TargetKeyId: !GetAtt Key.Arn
  Topic:
    Type: AWS::SNS::Topic
    Properties:
      KmsMasterKeyId: alias/alerts
  Alarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      MetricName: Errors
      Namespace: App
      Statistic: Sum
      Period: 60
      EvaluationPeriods: 1
      Threshold: 1
      ComparisonOperator: GreaterThanThreshold
      AlarmActions: [!Ref Topic]
"#
        )
    };
    assert_eq!(errors(&alarm_to_topic(true)), []);
    assert_eq!(errors(&alarm_to_topic(false)), [("Alarm".to_owned(), "delivery-key-denies-service")]);
}

// Inside an app: an export written by hand under a literal name, read with `Fn::ImportValue`.

#[test]
fn in_an_app_an_import_of_a_hand_written_export_names_the_queue() {
    use typed_cfn::Format;
    use typed_cfn::app::{App, AppProblem};
    let app = |policy: bool| {
        let policy = if policy {
            r#"
  QueuePolicy:
    Type: AWS::SQS::QueuePolicy
    Properties:
      Queues: [!Ref Queue]
      PolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: events.amazonaws.com}
            Action: sqs:SendMessage
            Resource: !GetAtt Queue.Arn"#
        } else {
            ""
        };
        let queues = Template::from_yaml(&format!(
            r#"Resources:
  Queue:
    Type: AWS::SQS::Queue{policy}
Outputs:
  QueueArn:
    Value: !GetAtt Queue.Arn
    Export: {{Name: shared-orders-queue-arn}}
"#
        ))
        .unwrap();
        let rules = Template::from_yaml(
            r#"Resources:
  Rule:
    Type: AWS::Events::Rule
    Properties:
      ScheduleExpression: rate(1 hour)
      Targets:
        - Id: queue
          Arn: !ImportValue shared-orders-queue-arn
"#,
        )
        .unwrap();
        let mut app = App::new("shop");
        app.add_stack("queues", queues);
        app.add_stack("rules", rules);
        app
    };
    assert!(app(true).emit(Format::Json).is_ok());
    let error = app(false).emit(Format::Json).unwrap_err();
    let found: Vec<_> = error
        .problems()
        .iter()
        .filter_map(|p| match p {
            AppProblem::Finding { stack, finding } => Some((stack.clone(), finding.rule.id())),
            _ => None,
        })
        .collect();
    assert_eq!(found, [("rules".to_owned(), "delivery-policy-denies-service")], "{error}");
}
