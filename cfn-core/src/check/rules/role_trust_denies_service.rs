//! `role-trust-denies-service`: A property hands a role to a service whose trust policy does not let that service assume it.
//!
//! Roles given to a service: a property that hands a role to a service (a trail's
//! `CloudWatchLogsRoleArn`, a flow log's `DeliverLogsPermissionArn`, a function's `Role`, a task's
//! `ExecutionRoleArn`, …) only works if the role's trust policy lets that service assume it. The
//! check evaluates the trust policy of each such role of the template for the service's
//! `sts:AssumeRole` request (its principal, `aws:SourceAccount`, `aws:SourceArn`). A role outside
//! the template is not judged.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::resolve::{Env, referenced};
use crate::check::fixes::{self, map, ref_to};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::policy::eval::{self, Caller, Decision, Request};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "role-trust-denies-service",
    summary: "A property hands a role to a service whose trust policy does not let that service assume it: the resource fails or delivers nothing.",
    description: "A property hands an IAM role of the template to a service (a trail's `CloudWatchLogsRoleArn`, a flow log's `DeliverLogsPermissionArn`, a function's `Role`, a task's `ExecutionRoleArn`, a state machine's or a rule target's `RoleArn`, …), and the role's trust policy, evaluated as STS evaluates it for the service's `sts:AssumeRole` request (its service principal, `aws:SourceAccount`, `aws:SourceArn`), does not allow it. The service cannot act as the role: the resource fails to create, or it creates and delivers nothing. Add a trust statement for the service principal; where AWS documents the condition, scope it with `aws:SourceAccount` (a condition on a key the service does not send refuses it again).",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-service.html"],
    page: "docs/guarded/role-trust.md",
    fix: FixShown::TemplateText,
};

/// The services whose role trust AWS documents with an `aws:SourceAccount` condition (the
/// markers of `secure::role` that write one): the fix suggests it only for them, since a
/// condition on a key the service does not send would refuse it again.
const SOURCE_ACCOUNT_DOCUMENTED: &[&str] =
    &["cloudtrail.amazonaws.com", "vpc-flow-logs.amazonaws.com", "states.amazonaws.com", "events.amazonaws.com"];

/// A property that hands a role to a service.
struct UsesRole {
    resource_type: &'static str,
    /// The property's path; `*` steps into every item of a list.
    path: &'static [&'static str],
    /// The service principal that assumes the role (`None`: CloudWatch Logs, which AWS documents
    /// as `logs.amazonaws.com` and which the older, regional `logs.<region>.amazonaws.com` names
    /// too: a trust policy naming either lets it in).
    principal: Option<&'static str>,
    /// The source's ARN: the service, and the resource part with `{}` for its name.
    source: Option<(&'static str, &'static str, &'static str)>,
}

/// The properties that hand a role to a service, and the service.
const USES: &[UsesRole] = &[
    UsesRole {
        resource_type: "AWS::CloudTrail::Trail",
        path: &["CloudWatchLogsRoleArn"],
        principal: Some("cloudtrail.amazonaws.com"),
        source: Some(("cloudtrail", "trail/{}", "TrailName")),
    },
    UsesRole {
        resource_type: "AWS::EC2::FlowLog",
        path: &["DeliverLogsPermissionArn"],
        principal: Some("vpc-flow-logs.amazonaws.com"),
        source: Some(("ec2", "vpc-flow-log/{}", "")),
    },
    UsesRole {
        resource_type: "AWS::Lambda::Function",
        path: &["Role"],
        principal: Some("lambda.amazonaws.com"),
        source: Some(("lambda", "function:{}", "FunctionName")),
    },
    UsesRole {
        resource_type: "AWS::StepFunctions::StateMachine",
        path: &["RoleArn"],
        principal: Some("states.amazonaws.com"),
        source: Some(("states", "stateMachine:{}", "StateMachineName")),
    },
    UsesRole {
        resource_type: "AWS::ECS::TaskDefinition",
        path: &["ExecutionRoleArn"],
        principal: Some("ecs-tasks.amazonaws.com"),
        source: Some(("ecs", "task/{}", "")),
    },
    UsesRole {
        resource_type: "AWS::ECS::TaskDefinition",
        path: &["TaskRoleArn"],
        principal: Some("ecs-tasks.amazonaws.com"),
        source: Some(("ecs", "task/{}", "")),
    },
    UsesRole {
        resource_type: "AWS::Events::Rule",
        path: &["Targets", "*", "RoleArn"],
        principal: Some("events.amazonaws.com"),
        source: Some(("events", "rule/{}", "Name")),
    },
    UsesRole {
        resource_type: "AWS::RDS::DBInstance",
        path: &["MonitoringRoleArn"],
        principal: Some("monitoring.rds.amazonaws.com"),
        source: None,
    },
    UsesRole {
        resource_type: "AWS::RDS::DBCluster",
        path: &["MonitoringRoleArn"],
        principal: Some("monitoring.rds.amazonaws.com"),
        source: None,
    },
    UsesRole {
        resource_type: "AWS::Config::ConfigurationRecorder",
        path: &["RoleARN"],
        principal: Some("config.amazonaws.com"),
        source: None,
    },
    UsesRole {
        resource_type: "AWS::CodeBuild::Project",
        path: &["ServiceRole"],
        principal: Some("codebuild.amazonaws.com"),
        source: Some(("codebuild", "project/{}", "Name")),
    },
    UsesRole {
        resource_type: "AWS::Logs::SubscriptionFilter",
        path: &["RoleArn"],
        principal: None,
        source: Some(("logs", "log-group:{}:*", "")),
    },
    UsesRole {
        resource_type: "AWS::Scheduler::Schedule",
        path: &["Target", "RoleArn"],
        principal: Some("scheduler.amazonaws.com"),
        source: Some(("scheduler", "schedule/default/{}", "Name")),
    },
    UsesRole {
        resource_type: "AWS::KinesisFirehose::DeliveryStream",
        path: &["ExtendedS3DestinationConfiguration", "RoleARN"],
        principal: Some("firehose.amazonaws.com"),
        source: Some(("firehose", "deliverystream/{}", "DeliveryStreamName")),
    },
    UsesRole {
        resource_type: "AWS::KinesisFirehose::DeliveryStream",
        path: &["S3DestinationConfiguration", "RoleARN"],
        principal: Some("firehose.amazonaws.com"),
        source: Some(("firehose", "deliverystream/{}", "DeliveryStreamName")),
    },
    UsesRole { resource_type: "AWS::Glue::Job", path: &["Role"], principal: Some("glue.amazonaws.com"), source: None },
    UsesRole {
        resource_type: "AWS::Backup::BackupSelection",
        path: &["BackupSelection", "IamRoleArn"],
        principal: Some("backup.amazonaws.com"),
        source: None,
    },
    UsesRole {
        resource_type: "AWS::Pipes::Pipe",
        path: &["RoleArn"],
        principal: Some("pipes.amazonaws.com"),
        source: Some(("pipes", "pipe/{}", "Name")),
    },
];

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    // Each role's trust policy, resolved once: many resources may share a role.
    let mut trusts: std::collections::HashMap<&str, Node> = std::collections::HashMap::new();
    for (id, decl) in &template.resources {
        for uses in USES.iter().filter(|u| u.resource_type == decl.resource_type) {
            let mut values = Vec::new();
            if let Some((first, rest)) = uses.path.split_first()
                && let Some(node) = decl.properties.get(first)
            {
                collect(node, rest, &mut values);
            }
            for value in values {
                let Some(role_id) = role_in_template(env, value) else { continue };
                if !trusts.contains_key(role_id) {
                    let Some(trust) = template.resources[role_id].properties.get("AssumeRolePolicyDocument") else {
                        continue;
                    };
                    trusts.insert(role_id, env.resolve_all(trust));
                }
                let resolved = &trusts[role_id];
                let principals = match uses.principal {
                    Some(principal) => vec![principal.to_owned()],
                    None => {
                        vec!["logs.amazonaws.com".to_owned(), format!("logs.{}.amazonaws.com", env.deployment.region)]
                    }
                };
                let role_arn = env.arn_of(role_id);
                let resolve = |node: &Node| env.text(node);
                // Refused only if no name the service goes by is let in; the first is reported.
                let requests: Vec<Request> = principals
                    .iter()
                    .map(|principal| {
                        let mut request =
                            Request::new(Caller::Service(principal.clone()), "sts:AssumeRole", role_arn.clone())
                                .with("aws:SourceAccount", &env.deployment.account)
                                .with("aws:PrincipalIsAWSService", "true");
                        // Firehose assumes its role with the account's ID as external ID, and AWS
                        // documents the trust condition `sts:ExternalId` = the account
                        // (https://docs.aws.amazon.com/firehose/latest/dev/controlling-access.html).
                        if principal == "firehose.amazonaws.com" {
                            request = request.with("sts:ExternalId", &env.deployment.account);
                        }
                        if let Some((service, pattern, name_property)) = uses.source {
                            let name = if name_property.is_empty() {
                                format!("«{id}»")
                            } else {
                                env.named(id, name_property, 0)
                            };
                            request = request.with("aws:SourceArn", env.arn(service, &pattern.replace("{}", &name)));
                        }
                        request
                    })
                    .collect();
                let decisions: Vec<Decision> =
                    requests.iter().map(|request| eval::evaluate(resolved, request, &resolve)).collect();
                let refused = decisions
                    .iter()
                    .all(|decision| matches!(decision, Decision::Denied { .. } | Decision::NotAllowed { .. }));
                let (principal, decision) = (&principals[0], &decisions[0]);
                if refused {
                    findings.error_at(
                        Rule::RoleTrustDeniesService,
                        id,
                        env.refs_to(value, role_id),
                        format!(
                            "`{}` is role `{role_id}`, which {principal} cannot assume: its trust policy refuses `sts:AssumeRole`: {decision}. AWS fails to create the resource or it delivers nothing. Let the service in, in the role's trust policy: principal `{principal}`, action `sts:AssumeRole`{}",
                            uses.path.iter().filter(|p| **p != "*").copied().collect::<Vec<_>>().join("."),
                            if SOURCE_ACCOUNT_DOCUMENTED.contains(&principal.as_str()) {
                                ", under an `aws:SourceAccount` condition"
                            } else {
                                ", with no condition on a key the service may not send⟦ (`ServiceRole::new(…)` writes the statement for the services it types)⟧"
                            },
                        ),
                    );
                    let trust = template.resources[role_id].properties.get("AssumeRolePolicyDocument");
                    let statement = trust_statement(principal, trust);
                    if fixes::passes_with(env, trust, &statement, &requests[..1]) {
                        findings.with_fix(TemplateFix::Statement {
                            policy_of: role_id.to_owned(),
                            property: "AssumeRolePolicyDocument".to_owned(),
                            statements: vec![statement],
                        });
                    }
                }
            }
        }
    }
}

/// The trust statement that lets `principal` assume the role, under the condition AWS documents
/// for it: `aws:SourceAccount` for the services whose trust AWS scopes so, `sts:ExternalId` =
/// the account for Firehose, none for the others (a condition on a key the service does not
/// send would refuse it again). `trust` is the role's trust policy, for a `Sid` it does not use.
fn trust_statement(principal: &str, trust: Option<&Node>) -> Node {
    let condition = if SOURCE_ACCOUNT_DOCUMENTED.contains(&principal) {
        Some(map([("StringEquals", map([("aws:SourceAccount", ref_to("AWS::AccountId"))]))]))
    } else if principal == "firehose.amazonaws.com" {
        Some(map([("StringEquals", map([("sts:ExternalId", ref_to("AWS::AccountId"))]))]))
    } else {
        None
    };
    fixes::allow(
        &fixes::sid_for(principal, trust),
        fixes::service(principal),
        &["sts:AssumeRole".to_owned()],
        None,
        condition,
    )
}

/// The values at `path` under `node` (`*` steps into every item of a list).
fn collect<'n>(node: &'n Node, path: &[&str], out: &mut Vec<&'n Node>) {
    match path.split_first() {
        None => out.push(node),
        Some((&"*", rest)) => {
            if let Node::List(items) = node {
                for item in items {
                    collect(item, rest, out);
                }
            }
        }
        Some((key, rest)) => {
            if let Some(inner) = node.as_map().and_then(|m| m.get(*key)) {
                collect(inner, rest, out);
            }
        }
    }
}

/// The logical ID of the `AWS::IAM::Role` of the template whose ARN `node` is.
fn role_in_template<'t>(env: &Env<'t>, node: &Node) -> Option<&'t str> {
    match referenced(env, node, "AWS::IAM::Role")? {
        (id, Some(attribute)) if attribute == "Arn" => Some(id),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};
    use crate::reference::{By, ResourceRef};

    fn flow_log(trusted: &str) -> String {
        format!(
            "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - Effect: Allow\n            Principal: {{Service: {trusted}}}\n            Action: sts:AssumeRole\n  Group:\n    Type: AWS::Logs::LogGroup\n  FlowLog:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: vpc-0123456789abcdef0\n      ResourceType: VPC\n      TrafficType: ALL\n      LogGroupName: !Ref Group\n      DeliverLogsPermissionArn: !GetAtt Role.Arn\n"
        )
    }

    #[test]
    fn a_role_that_trusts_another_service_is_refused_and_named() {
        let found = findings_of(&flow_log("lambda.amazonaws.com"), Rule::RoleTrustDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "FlowLog");
        assert!(
            found[0].message.starts_with(
                "`DeliverLogsPermissionArn` is role `Role`, which vpc-flow-logs.amazonaws.com cannot assume"
            ),
            "{}",
            found[0].message
        );
        assert_eq!(
            found[0].targets,
            [ResourceRef { logical_id: "Role".to_owned(), attribute: Some("Arn".to_owned()), by: By::GetAtt }]
        );
    }

    #[test]
    fn a_role_that_trusts_the_service_passes() {
        assert_eq!(findings_of(&flow_log("vpc-flow-logs.amazonaws.com"), Rule::RoleTrustDeniesService), []);
    }

    #[test]
    fn the_trust_statement_shown_lets_the_service_in() {
        let yaml = flow_log("lambda.amazonaws.com");
        let found = findings_of(&yaml, Rule::RoleTrustDeniesService);
        let Some(crate::check::TemplateFix::Statement { policy_of, property, statements }) = found[0].fix.as_deref() else {
            panic!("a statement to add: {:?}", found[0].fix)
        };
        let [statement] = statements.as_slice() else { panic!("one statement: {statements:?}") };
        assert_eq!((policy_of.as_str(), property.as_str()), ("Role", "AssumeRolePolicyDocument"));
        assert_eq!(
            crate::emit::write_node(statement, crate::format::Format::Yaml).unwrap(),
            "Sid: AllowVpcFlowLogs\nEffect: Allow\nPrincipal:\n  Service: vpc-flow-logs.amazonaws.com\nAction: sts:AssumeRole\nCondition:\n  StringEquals:\n    aws:SourceAccount: !Ref AWS::AccountId\n"
        );
        assert_eq!(findings_after_fixes(&yaml, Rule::RoleTrustDeniesService), []);
    }

    #[test]
    fn the_trust_statement_shown_for_firehose_carries_the_external_id() {
        let yaml = "Resources:\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement: []\n  Bucket:\n    Type: AWS::S3::Bucket\n  Stream:\n    Type: AWS::KinesisFirehose::DeliveryStream\n    Properties:\n      ExtendedS3DestinationConfiguration:\n        BucketARN: !GetAtt Bucket.Arn\n        RoleARN: !GetAtt Role.Arn\n";
        assert_eq!(findings_of(yaml, Rule::RoleTrustDeniesService).len(), 1);
        assert_eq!(findings_after_fixes(yaml, Rule::RoleTrustDeniesService), []);
    }
}
