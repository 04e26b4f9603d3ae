//! The final-template check (`typed_cfn::check`), rule by rule, on every way a template is made:
//! the seeds' templates read from files (JSON and YAML, broken and fixed), typed templates with a
//! policy changed after the grant, handles from another template, raw resources, templates that
//! left their scoped stack, and suppressions.

mod common;

use common::{findings, refused};

use typed_cfn::check::{self, Rule};
use typed_cfn::policy::{Operator, Principal, Statement};
use typed_cfn::resources::ec2::{FlowLog, flow_log};
use typed_cfn::resources::lambda::{Function, function};
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::secure::{
    AccessLogBucket, AuroraMySql, AuroraPostgresql, DatabaseSecret, EncryptedDbCluster, EncryptedLogGroup, ExternalKey,
    ExternalRole, Grants, Hipaa, KeyPolicy, KmsKey, LambdaService, LogsGrant, MultiAzMySql, MultiAzMySqlLog, Pci,
    RdsLogGroups, SecureBucket, Stack,
};
use typed_cfn::{Attributes, Format, RawResource, Template, Warning, actions, pseudo, sub};

fn seed(name: &str) -> [Template; 2] {
    let read =
        |ext: &str| std::fs::read_to_string(common::root().join(format!("tests/input/seeds/{name}.{ext}"))).unwrap();
    [Template::from_json(&read("json")).unwrap(), Template::from_yaml(&read("yaml")).unwrap()]
}

fn logs_key(t: &mut Template) -> typed_cfn::Handle<KmsKey<Grants<LogsGrant>>> {
    t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())))
}

// The two failure analyses' templates, read from files (`tests/input/seeds/`): the PCI stack
// (`000-*`), whose key let CloudWatch Logs in only through a generic statement, and the HIPAA
// stack (`004-*`), whose RDS key had no CloudWatch Logs statement.

#[test]
fn the_broken_pci_stack_is_refused_in_both_formats() {
    for t in seed("000-broken") {
        let error = refused("seed-000-broken", &t);
        assert_eq!(findings(&error), [("FlowLogsLogGroup".to_owned(), "log-group-key-denies-logs")]);
        let text = error.to_string();
        assert!(text.contains("Resources.FlowLogsLogGroup: CloudWatch Logs cannot use key `EncryptionKey` for log group `/aws/vpc/flowlogs-dev`"), "{text}");
        assert!(text.contains(r#"statement "Allow services to use the key": principal {"Service": ["s3.amazonaws.com", "lambda.amazonaws.com", "logs.amazonaws.com"]} does not include the service logs.us-east-1.amazonaws.com"#), "{text}");
        assert!(text.contains("`KeyPolicy::grant_logs(LogsGrant::account_wide())`"), "{text}");
    }
}

#[test]
fn the_fixed_pci_stack_is_emitted_in_both_formats() {
    for t in seed("000-fixed") {
        let emitted = t.emit(Format::Yaml).unwrap();
        // The one warning: the key lets S3 in with no `aws:SourceAccount`/`aws:SourceArn` (the
        // confused deputy), which AWS deploys.
        let warned: Vec<(&str, &str)> = emitted
            .warnings
            .iter()
            .filter_map(|w| match w {
                Warning::Finding(f) => Some((f.logical_id.as_str(), f.rule.id())),
                _ => None,
            })
            .collect();
        assert_eq!(warned, [("EncryptionKey", "service-grant-without-source")], "{:?}", emitted.warnings);
    }
}

#[test]
fn the_broken_hipaa_stack_is_refused_in_both_formats() {
    for t in seed("004-broken") {
        let error = refused("seed-004-broken", &t);
        assert_eq!(findings(&error), [("DBCluster".to_owned(), "database-username-not-static")]);
        // Its log exports write to groups nothing creates: a warning outside a scoped stack…
        let report = check::run(&t);
        let warned: Vec<_> = report.warnings.iter().map(|f| (f.logical_id.as_str(), f.rule)).collect();
        assert_eq!(warned, [("DBCluster", Rule::ServiceLogGroupMissing), ("DBCluster", Rule::ServiceLogGroupMissing)]);
        assert!(
            report.warnings[0]
                .message
                .contains("RDS log exports writes to the log group `/aws/rds/cluster/healthcare-dev/audit`")
        );
        // …and refused in a HIPAA-scoped stack, with the unencrypted group and the plain secret key.
        let scoped = Stack::<Hipaa>::from_template(t);
        let error = refused("seed-004-broken-in-a-hipaa-stack", scoped.template());
        let rules: Vec<_> = findings(&error).into_iter().map(|(id, rule)| format!("{id} {rule}")).collect();
        assert_eq!(
            rules,
            [
                "DBCluster service-log-group-missing",
                "DBCluster service-log-group-missing",
                "DBCluster database-username-not-static",
                "RDSLogGroup scoped-type-without-guarantee",
            ]
        );
    }
}

#[test]
fn the_hipaa_stacks_key_without_the_logs_statement_is_refused() {
    // The group got its KmsKeyId, the key did not get its statement: the HIPAA stack's first mistake.
    let text = std::fs::read_to_string(common::root().join("tests/input/seeds/004-fixed.yaml")).unwrap();
    let start = text.find("          - Sid: Allow CloudWatch Logs to use the key").unwrap();
    let end = text.find("  DBSecret:").unwrap();
    let half = format!("{}{}", &text[..start], &text[end..]);
    let error = refused("seed-004-key-without-logs-statement", &Template::from_yaml(&half).unwrap());
    assert_eq!(findings(&error), [("RDSLogGroup".to_owned(), "log-group-key-denies-logs")]);
    let text = error.to_string();
    assert!(text.contains(r#"statement "Allow RDS to use the key": principal {"Service": "rds.amazonaws.com"} does not include the service logs.us-east-1.amazonaws.com"#), "{text}");
}

#[test]
fn the_fixed_hipaa_stack_is_emitted_with_its_warnings() {
    for t in seed("004-fixed") {
        let emitted = t.emit(Format::Json).unwrap();
        let rules: Vec<_> = emitted
            .warnings
            .iter()
            .filter_map(|w| match w {
                Warning::Finding(f) => Some(f.rule),
                _ => None,
            })
            .collect();
        // The fix named its group where RDS never writes.
        assert_eq!(rules, [Rule::ServiceLogGroupMissing, Rule::ServiceLogGroupMissing]);
    }
}

// The key policy decides, not the key's type.

#[test]
fn a_handle_from_another_template_is_judged_by_the_key_in_this_one() {
    let mut other = Template::new();
    let granted = logs_key(&mut other);
    let mut t = Template::new();
    t.add("LogsKey", KmsKey::new(KeyPolicy::account_root()));
    t.add("AppLogs", LogGroup::new().log_group_name("/app").kms_key_id(granted.arn()));
    let error = refused("handle-from-another-template", &t);
    assert_eq!(findings(&error), [("AppLogs".to_owned(), "log-group-key-denies-logs")]);
}

#[test]
fn a_deny_added_to_the_policy_overrides_the_grant() {
    let perimeter = Statement::deny(actions!["kms:*"])
        .sid("DenyOutsideAccount")
        .principal(Principal::everyone())
        .any_resource()
        .condition(Operator::StringNotEquals, "aws:PrincipalAccount", pseudo::account_id());
    let mut t = Template::new();
    let key = t.add(
        "LogsKey",
        KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide()).statement(perimeter.clone())),
    );
    t.add("AppLogs", EncryptedLogGroup::new(key.arn()).log_group_name("/app"));
    let text = refused("deny-overrides-the-grant", &t).to_string();
    assert!(
        text.contains(r#"KMS answers its `kms:GenerateDataKey` request: denied by statement "DenyOutsideAccount""#),
        "{text}"
    );
    assert!(text.contains("aws:PrincipalIsAWSService"), "{text}");

    // The perimeter that spares AWS services lets CloudWatch Logs in.
    let spared = perimeter.condition(Operator::Bool.if_exists(), "aws:PrincipalIsAWSService", "false");
    let mut t = Template::new();
    let key = t
        .add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide()).statement(spared)));
    t.add("AppLogs", EncryptedLogGroup::new(key.arn()).log_group_name("/app"));
    t.to_json().unwrap();
}

#[test]
fn a_grant_naming_no_log_group_is_refused() {
    // Typed: refused where the key is built.
    let mut t = Template::new();
    t.add(
        "LogsKey",
        KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::for_log_groups(Vec::<String>::new()))),
    );
    let error = refused("grant-naming-no-log-group", &t);
    assert!(error.to_string().contains("Resources.LogsKey: the key's CloudWatch Logs grant names no log group"));
    // Written by hand (the PCI stack's generic statement with the regional principal): AWS deploys
    // it, so it is a warning, and refused in a scoped stack.
    let text = std::fs::read_to_string(common::root().join("tests/input/seeds/000-broken.yaml")).unwrap();
    let regional = text
        .replace("                - logs.amazonaws.com", "                - !Sub 'logs.${AWS::Region}.amazonaws.com'")
        .replace(
            "              - 'kms:Decrypt'\n",
            "              - 'kms:Decrypt'\n              - 'kms:Encrypt'\n              - 'kms:ReEncrypt*'\n",
        );
    let t = Template::from_yaml(&regional).unwrap();
    let report = check::run(&t);
    // (The seed's key also lets S3 in with no source condition: a warning of its own.)
    assert_eq!(
        report.warnings.iter().map(|f| f.rule).collect::<Vec<_>>(),
        [Rule::LogsGrantWithoutContext, Rule::ServiceGrantWithoutSource]
    );
    assert!(report.errors.is_empty(), "{report:?}");
    let error = refused("logs-statement-without-context-in-a-pci-stack", Stack::<Pci>::from_template(t).template());
    assert_eq!(
        findings(&error),
        [
            ("EncryptionKey".to_owned(), "logs-grant-without-context"),
            ("EncryptionKey".to_owned(), "service-grant-without-source")
        ]
    );
}

#[test]
fn two_grants_make_one_statement() {
    let policy = KeyPolicy::account_root()
        .grant_logs(LogsGrant::for_log_groups(["/app/a"]))
        .grant_rds()
        .grant_logs(LogsGrant::for_log_groups(["/app/b"]));
    let mut t = Template::new();
    let key = t.add("LogsKey", KmsKey::new(policy));
    t.add("A", EncryptedLogGroup::new(key.arn()).log_group_name("/app/a"));
    t.add("B", EncryptedLogGroup::new(key.arn()).log_group_name("/app/b"));
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let statements = json["Resources"]["LogsKey"]["Properties"]["KeyPolicy"]["Statement"].as_array().unwrap();
    let sids: Vec<_> = statements.iter().map(|s| s["Sid"].as_str().unwrap()).collect();
    assert_eq!(
        sids,
        [
            "Enable IAM User Permissions",
            "Allow CloudWatch Logs to use the key",
            "Allow RDS to use the key",
            "Deny grants except for AWS resources"
        ]
    );
    assert_eq!(
        statements[1]["Condition"]["ArnLike"]["kms:EncryptionContext:aws:logs:arn"].as_array().unwrap().len(),
        2
    );
}

#[test]
fn a_name_built_from_a_literal_variable_is_resolved() {
    let mut t = Template::new();
    let key =
        t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::for_log_groups(["/app/orders"]))));
    t.add("Orders", EncryptedLogGroup::new(key.arn()).log_group_name(sub!("/app/${Name}", Name = "orders")));
    t.to_json().unwrap();
    t.add("Other", EncryptedLogGroup::new(key.arn()).log_group_name(sub!("/app/${Name}", Name = "other")));
    let error = refused("name-outside-a-narrowed-grant", &t);
    assert_eq!(findings(&error), [("Other".to_owned(), "log-group-key-denies-logs")]);
    assert!(error.to_string().contains("name this log group in the key's grant"));
}

#[test]
fn a_duplicate_sid_in_a_key_policy_is_refused() {
    let mine = Statement::allow(actions!["kms:Decrypt"])
        .sid("Allow RDS to use the key")
        .principal(Principal::account_root())
        .any_resource();
    let mut t = Template::new();
    t.add("Key", KmsKey::new(KeyPolicy::account_root().grant_rds().statement(mine)));
    assert_eq!(findings(&refused("duplicate-sid", &t)), [("Key".to_owned(), "policy-duplicate-sid")]);
}

// A grant can be asserted only for a key the template does not hold.

#[test]
fn asserting_the_grant_of_a_key_in_the_template_vouches_for_nothing() {
    let mut t = Template::new();
    let plain = t.add("Key", KmsKey::new(KeyPolicy::account_root()));
    t.add(
        "ByArn",
        LogGroup::new().log_group_name("/a").kms_key_id(ExternalKey::from_arn(plain.arn()).asserting_logs_grant()),
    );
    t.add(
        "ById",
        LogGroup::new().log_group_name("/b").kms_key_id(ExternalKey::from_arn(plain.key_id()).asserting_logs_grant()),
    );
    let error = refused("asserted-key-in-the-template", &t);
    assert_eq!(
        findings(&error),
        [("ByArn".to_owned(), "log-group-key-denies-logs"), ("ById".to_owned(), "log-group-key-not-arn")]
    );
    // A key outside the template is the case the assertion is for.
    let mut t = Template::new();
    let arn = "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    t.add("Shared", LogGroup::new().kms_key_id(ExternalKey::from_arn(arn).asserting_logs_grant()));
    t.to_json().unwrap();
    let mut t = Template::new();
    t.add("Alias", LogGroup::new().kms_key_id(ExternalKey::from_arn("alias/logs").asserting_logs_grant()));
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Alias".to_owned(), "log-group-key-not-arn")]);
}

// Scoped stacks, whatever the path.

#[test]
fn a_scoped_template_stays_scoped() {
    let mut stack = Stack::<Pci>::new();
    stack.add_raw("Raw", RawResource::new("AWS::Logs::LogGroup").property("RetentionInDays", 365));
    let mut t = stack.into_template();
    assert_eq!(t.scope(), Some("PCI DSS"));
    t.add("Plain", LogGroup::new().retention_in_days(365));
    let error = refused("plain-log-groups-after-into-template", &t);
    assert_eq!(
        findings(&error),
        [("Raw".to_owned(), "scoped-type-without-guarantee"), ("Plain".to_owned(), "scoped-type-without-guarantee")]
    );
    assert!(error.to_string().contains("Use `EncryptedLogGroup`"));
    assert_eq!(Stack::<Hipaa>::default().template().scope(), Some("HIPAA"));
}

#[test]
fn an_access_log_bucket_is_not_a_data_bucket() {
    let mut stack = Stack::<Pci>::new();
    stack.build("Data", AccessLogBucket::new(365));
    assert_eq!(
        findings(&refused("access-log-bucket-as-data-bucket", stack.template())),
        [("Data".to_owned(), "scoped-type-without-guarantee")]
    );

    // As the target of a secure bucket's access logs, it is what it is for.
    let mut stack = Stack::<Pci>::new();
    let key = stack.add("DataKey", KmsKey::new(KeyPolicy::account_root().grant_s3()));
    let logs = stack.build("AccessLogs", AccessLogBucket::new(365));
    stack.build("Data", SecureBucket::new(key.arn()).access_logs_to(&logs, "data/"));
    stack.template().to_json().unwrap();
}

// Log groups services create.

#[test]
fn writers_need_their_groups_in_a_scoped_stack() {
    let flow_log = || {
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
    };
    let code = || function::Code::new().zip_file("exports.handler = async () => {};");
    let mut stack = Stack::<Pci>::new();
    stack.add("FlowLog", flow_log());
    stack.add(
        "Processor",
        Function::new(
            code(),
            ExternalRole::from_arn("arn:aws:iam::123456789012:role/p").asserting_trust(LambdaService),
        )
        .function_name("processor"),
    );
    let error = refused("writers-without-their-groups", stack.template());
    assert_eq!(
        findings(&error),
        [("FlowLog".to_owned(), "service-log-group-missing"), ("Processor".to_owned(), "service-log-group-missing")]
    );
    assert!(error.to_string().contains("Resources.Processor: this Lambda function writes to the log group `/aws/lambda/processor`, which nothing in the stack creates"));

    // With the groups in the stack, encrypted.
    let mut stack = Stack::<Pci>::new();
    let key = stack.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
    stack.add("FlowLogs", EncryptedLogGroup::new(key.arn()).log_group_name("/aws/vpc/flowlogs"));
    stack.add("FlowLog", flow_log());
    let function = stack.add(
        "Processor",
        Function::new(
            code(),
            ExternalRole::from_arn("arn:aws:iam::123456789012:role/p").asserting_trust(LambdaService),
        ),
    );
    stack.add(
        "ProcessorLogs",
        EncryptedLogGroup::new(key.arn()).log_group_name(sub!("/aws/lambda/${Fn}", Fn = function.reference())),
    );
    stack.template().to_json().unwrap();

    // A suppression with its reason, for a group another stack creates.
    let mut stack = Stack::<Pci>::new();
    let reason = "the shared logging stack creates this group";
    stack.add_with("FlowLog", flow_log(), Attributes::new().suppress(Rule::ServiceLogGroupMissing, reason));
    let report = check::run(stack.template());
    assert!(report.errors.is_empty());
    assert_eq!(report.suppressed.len(), 1);
    assert_eq!(report.suppressed[0].1, reason);
    let yaml = stack.template().to_yaml().unwrap();
    assert!(yaml.contains("typed-cfn:\n        suppress:\n        - rule: service-log-group-missing\n          reason: the shared logging stack creates this group"), "{yaml}");
}

#[test]
fn suppressions_need_a_known_rule_and_a_reason() {
    let text = r#"
Resources:
  FlowLog:
    Type: AWS::EC2::FlowLog
    Metadata:
      typed-cfn:
        suppress:
          - rule: service-log-group-missing
          - rule: no-such-rule
            reason: because
    Properties:
      ResourceId: vpc-0abc
      ResourceType: VPC
      LogGroupName: /aws/vpc/flowlogs
"#;
    let error = refused("invalid-suppressions", &Template::from_yaml(text).unwrap()).to_string();
    assert!(
        error
            .contains("Resources.FlowLog: Metadata.typed-cfn: suppresses `service-log-group-missing` without a reason"),
        "{error}"
    );
    assert!(error.contains("suppresses `no-such-rule`, which is not a rule of the final-template check"), "{error}");
}

// Databases.

#[test]
fn a_password_longer_than_the_engine_takes_is_refused() {
    let build = |length: i64, postgres: bool| {
        let mut t = Template::new();
        let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
        let credentials = t.build("DbSecret", DatabaseSecret::new("admin", key.arn()).password_length(length));
        if postgres {
            t.add("Db", EncryptedDbCluster::<AuroraPostgresql>::new(key.arn(), &credentials));
        } else {
            t.add("Db", EncryptedDbCluster::<AuroraMySql>::new(key.arn(), &credentials));
        }
        t
    };
    let error = refused("password-longer-than-the-engine-takes", &build(64, false));
    assert_eq!(findings(&error), [("Db".to_owned(), "database-password-length")]);
    assert!(error.to_string().contains("`DbSecret`, which generates 64 characters; aurora-mysql takes 8 to 41"));
    build(41, false).to_json().unwrap();
    build(64, true).to_json().unwrap();
}

#[test]
fn a_multi_az_db_cluster_exports_to_groups_created_first() {
    let mut stack = Stack::<Hipaa>::new();
    let key = stack.add(
        "DbKey",
        KmsKey::new(
            KeyPolicy::account_root().grant_rds().grant_secrets_manager().grant_logs(LogsGrant::account_wide()),
        ),
    );
    let credentials = stack.build("DbSecret", DatabaseSecret::new("admin", key.arn()));
    let exports = stack.build(
        "DbLogs",
        RdsLogGroups::<MultiAzMySql>::new("orders", [MultiAzMySqlLog::Error, MultiAzMySqlLog::SlowQuery], key.arn()),
    );
    stack.add(
        "Db",
        EncryptedDbCluster::<MultiAzMySql>::new(key.arn(), &credentials).configure(|c| {
            c.enable_cloudwatch_logs_exports(exports)
                .db_cluster_instance_class("db.m6gd.large")
                .allocated_storage(100)
                .storage_type("io1")
                .iops(1000)
        }),
    );
    let json: serde_json::Value = serde_json::from_str(&stack.template().to_json().unwrap()).unwrap();
    let db = &json["Resources"]["Db"];
    assert_eq!(db["Properties"]["Engine"], "mysql");
    assert_eq!(db["Properties"]["EnableCloudwatchLogsExports"], serde_json::json!(["error", "slowquery"]));
    assert_eq!(db["DependsOn"], serde_json::json!(["DbLogsError", "DbLogsSlowQuery"]));
    assert_eq!(json["Resources"]["DbLogsError"]["Properties"]["LogGroupName"], "/aws/rds/cluster/orders/error");
}

// Messages.

#[test]
fn the_debug_form_of_an_error_is_the_report() {
    let mut t = Template::new();
    let key = t.add("Key", KmsKey::new(KeyPolicy::account_root()));
    t.add("Logs", LogGroup::new().kms_key_id(ExternalKey::from_arn(key.key_id()).asserting_logs_grant()));
    let error = refused("key-id-asserted", &t);
    // What `fn main() -> Result<(), TemplateError>` prints on `?`.
    assert_eq!(format!("{error:?}"), error.to_string());
    assert!(format!("{error:?}").contains("Pass `key.arn()`"));
}

#[test]
fn the_reference_stacks_pass_the_check_without_findings() {
    for stack in [patterns_pci(), patterns_hipaa()] {
        let report = check::run(&stack);
        assert!(report.errors.is_empty() && report.warnings.is_empty() && report.suppressed.is_empty(), "{report:?}");
    }
}

fn patterns_pci() -> Template {
    let text = std::fs::read_to_string(common::root().join("examples/output/pci_dss.json")).unwrap();
    Stack::<Pci>::from_template(Template::from_json(&text).unwrap()).into_template()
}

fn patterns_hipaa() -> Template {
    let text = std::fs::read_to_string(common::root().join("examples/output/hipaa.yaml")).unwrap();
    Stack::<Hipaa>::from_template(Template::from_yaml(&text).unwrap()).into_template()
}

/// A template that names its account and Region in literal ARNs is judged in that deployment:
/// a Logs condition written for account 111122223333 in eu-west-1 lets that account's groups in.
#[test]
fn the_check_deploys_where_the_template_says() {
    let text = std::fs::read_to_string(common::root().join("tests/input/seeds/000-fixed.yaml")).unwrap();
    let literal = text
        .replace("AWS: !Sub 'arn:aws:iam::${AWS::AccountId}:root'", "AWS: 'arn:aws:iam::111122223333:root'")
        .replace("Service: !Sub 'logs.${AWS::Region}.amazonaws.com'", "Service: logs.eu-west-1.amazonaws.com")
        .replace("!Sub 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*'", "'arn:aws:logs:eu-west-1:111122223333:*'");
    assert!(literal.contains("111122223333:*") && literal.contains("logs.eu-west-1"), "{literal}");
    Template::from_yaml(&literal).unwrap().to_json().unwrap();
}

/// The typed setter takes text only; text that is itself a dynamic reference is caught when the
/// template is emitted.
#[test]
fn a_user_name_written_as_a_dynamic_reference_is_refused() {
    let mut t = Template::new();
    t.add(
        "Db",
        typed_cfn::resources::rds::DBCluster::new()
            .engine("aurora-mysql")
            .master_username("{{resolve:secretsmanager:db:SecretString:username}}"),
    );
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Db".to_owned(), "database-username-not-static")]);
}

/// A key whose policy lets in only the account root (AWS CDK's output for an encrypted log
/// group), and log groups encrypted with it written in the shapes `typed-cfn audit` meets in
/// hand-written templates.
const ROOT_ONLY_KEY: &str = "  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root'}\n            Action: 'kms:*'\n            Resource: '*'\n";

#[test]
fn a_log_group_whose_properties_a_condition_chooses_is_judged_in_both() {
    let text = format!(
        "Parameters:\n  Stage:\n    Type: String\nConditions:\n  Prod: !Equals [!Ref Stage, prod]\nResources:\n{ROOT_ONLY_KEY}  Logs:\n    Type: AWS::Logs::LogGroup\n    Properties: !If\n      - Prod\n      - {{RetentionInDays: 365}}\n      - {{RetentionInDays: 30, KmsKeyId: !GetAtt Key.Arn}}\n"
    );
    let report = typed_cfn::check::run(&Template::from_yaml(&text).unwrap());
    let found: Vec<(&str, &str)> = report.errors.iter().map(|f| (f.rule.id(), f.logical_id.as_str())).collect();
    assert_eq!(found, [("log-group-key-denies-logs", "Logs")], "{report:#?}");
}

#[test]
fn log_groups_written_by_a_loop_are_judged_as_the_loop_makes_them() {
    let text = format!(
        "Transform: AWS::LanguageExtensions\nResources:\n{ROOT_ONLY_KEY}  Fn::ForEach::Groups:\n    - Name\n    - [orders, payments]\n    - Logs&{{Name}}:\n        Type: AWS::Logs::LogGroup\n        Properties:\n          LogGroupName: !Sub '/app/${{Name}}'\n          RetentionInDays: 365\n          KmsKeyId: !GetAtt Key.Arn\n"
    );
    let report = typed_cfn::check::run(&Template::from_yaml(&text).unwrap());
    let found: Vec<(&str, &str)> = report.errors.iter().map(|f| (f.rule.id(), f.logical_id.as_str())).collect();
    assert_eq!(
        found,
        [("log-group-key-denies-logs", "Logsorders"), ("log-group-key-denies-logs", "Logspayments")],
        "{report:#?}"
    );
}

// A guarded reference chosen by a condition (`Fn::If`) is judged for each branch it may deploy as.

/// The PCI stack's mistake behind a condition: the log group takes the key without the CloudWatch Logs
/// statement when `UseSharedKey` holds. Before, `Fn::If` was not followed and the template passed.
#[test]
fn a_log_group_key_chosen_by_a_condition_is_judged_in_each_branch() {
    let text = r#"{"Conditions": {"UseSharedKey": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}},
      "Resources": {
        "GoodKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"},
          {"Effect": "Allow", "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
           "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*"}]}}},
        "SharedKey": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"}]}}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Properties": {"RetentionInDays": 365,
          "KmsKeyId": {"Fn::If": ["UseSharedKey", {"Fn::GetAtt": ["SharedKey", "Arn"]}, {"Fn::GetAtt": ["GoodKey", "Arn"]}]}}}}}"#;
    let t = Template::from_json(text).unwrap();
    let error = t.to_json().unwrap_err();
    assert_eq!(findings(&error), [("Logs".to_owned(), "log-group-key-denies-logs")]);
    assert!(error.to_string().contains("CloudWatch Logs cannot use key `SharedKey`"), "{error}");
    // Both branches good: it passes.
    let fixed = Template::from_json(
        &text.replace(r#"{"Fn::GetAtt": ["SharedKey", "Arn"]}, {"#, r#"{"Fn::GetAtt": ["GoodKey", "Arn"]}, {"#),
    )
    .unwrap();
    fixed.to_json().unwrap();
}

/// A role vouched for with `ExternalRole` and chosen by a condition: the role of the template in
/// either branch is judged.
#[test]
fn a_function_role_chosen_by_a_condition_is_judged_in_each_branch() {
    use typed_cfn::policy::TrustPolicy;
    use typed_cfn::resources::iam::Role;
    let mut t = Template::new();
    let debug = t.condition("Debug", typed_cfn::intrinsics::equals(pseudo::region(), "us-east-1"));
    let trusting = |principal| {
        Role::new(TrustPolicy::new([
            Statement::allow(actions!["sts:AssumeRole"]).principal(Principal::service(principal))
        ]))
    };
    let good = t.add("WorkerRole", trusting(typed_cfn::service_principal!("lambda.amazonaws.com")));
    let bad = t.add("DebugRole", trusting(typed_cfn::service_principal!("ec2.amazonaws.com")));
    let chosen = typed_cfn::intrinsics::condition_if::<String>(&debug, bad.arn(), good.arn());
    let code = function::Code::new().zip_file("exports.handler = async () => {};");
    let role = ExternalRole::from_arn(chosen).asserting_trust(LambdaService);
    t.add("Worker", Function::new(code, role).runtime(function::Runtime::Nodejs22X).handler("index.handler"));
    let error = t.to_json().unwrap_err();
    assert_eq!(findings(&error), [("Worker".to_owned(), "role-trust-denies-service")]);
    assert!(error.to_string().contains("is role `DebugRole`, which lambda.amazonaws.com cannot assume"), "{error}");
}

/// A statement added by a condition, and a resource created by the same condition: the views
/// keep them together (no false refusal when the condition is false and the group is not
/// created), and `Fn::Not` of a condition is taken opposite to it.
#[test]
fn a_conditional_grant_for_a_conditional_log_group_passes() {
    let text = r#"{"Conditions": {"WithLogs": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]},
                     "WithoutLogs": {"Fn::Not": [{"Condition": "WithLogs"}]}},
      "Resources": {
        "Key": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Version": "2012-10-17", "Statement": [
          {"Effect": "Allow", "Principal": {"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"},
          {"Fn::If": ["WithoutLogs", {"Ref": "AWS::NoValue"},
            {"Effect": "Allow", "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
             "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"], "Resource": "*"}]}]}}},
        "Logs": {"Type": "AWS::Logs::LogGroup", "Condition": "WithLogs",
          "Properties": {"RetentionInDays": 365, "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]}}}}}"#;
    let t = Template::from_json(text).unwrap();
    t.to_json().unwrap();
    // The grant under the opposite condition: refused where the group exists and the grant does not.
    let t = Template::from_json(
        &text.replace(r#"["WithoutLogs", {"Ref": "AWS::NoValue"},"#, r#"["WithLogs", {"Ref": "AWS::NoValue"},"#),
    )
    .unwrap();
    assert_eq!(findings(&t.to_json().unwrap_err()), [("Logs".to_owned(), "log-group-key-denies-logs")]);
}

/// An ECS service behind a target group, and the listener that forwards to it; `depends_on` is
/// the service's `DependsOn` line.
fn load_balanced_service(depends_on: &str) -> Template {
    let yaml = format!(
        r#"
Resources:
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
  Web:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties: {{Port: 80, Protocol: HTTP, TargetType: ip, VpcId: vpc-0123456789abcdef0}}
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Balancer
      Port: 80
      Protocol: HTTP
      DefaultActions: [{{Type: forward, TargetGroupArn: !Ref Web}}]
  Service:
    Type: AWS::ECS::Service
{depends_on}    Properties:
      Cluster: default
      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1
      LoadBalancers: [{{ContainerName: web, ContainerPort: 80, TargetGroupArn: !Ref Web}}]
"#
    );
    Template::from_yaml(&yaml).unwrap()
}

#[test]
fn an_ecs_service_not_created_after_its_listener_is_refused() {
    assert_eq!(
        findings(&refused("ecs-service-before-listener", &load_balanced_service(""))),
        [("Service".to_owned(), "ecs-service-before-listener")]
    );
    load_balanced_service("    DependsOn: Http\n").to_json().expect("the service after its listener is emitted");
}
