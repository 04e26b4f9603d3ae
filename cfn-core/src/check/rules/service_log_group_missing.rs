//! `service-log-group-missing`: A resource writes to a log group nothing in the stack creates: the service creates it with no customer managed key and no retention (CloudWatch Logs always encrypts at rest, with a key AWS owns; the events are kept forever).
//!
//! Log groups that services create for themselves. A Lambda function, a VPC flow log and RDS
//! log exports write to a log group by name; if no resource of the stack creates that group,
//! the service does, with no customer managed key and no retention (CloudWatch Logs encrypts every group at rest, but with a key AWS owns) — the silent half of the HIPAA stack's failure (its RDS logs went to groups RDS created itself, as its fix named its group where RDS never writes).
//! Refused in a compliance-scoped stack, a warning elsewhere.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::resolve::{self, Env, lower_case_outside_tokens};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::{Function, Node};
use crate::template::{ResourceDecl, Template};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "service-log-group-missing",
    summary: "A Lambda function, flow log or RDS log export writes to a log group nothing in the stack creates: the service creates it with no customer managed key and no retention (CloudWatch Logs always encrypts at rest, with a key AWS owns; the events are kept forever).",
    description: "A Lambda function, a VPC flow log or an RDS instance or cluster with `EnableCloudwatchLogsExports` writes to a log group by its name (`/aws/lambda/<function>`, the flow log's `LogGroupName`, `/aws/rds/instance/<id>/<log>`), and no resource of the stack creates a log group of that name. The service then creates the group itself on its first write: CloudWatch Logs encrypts it at rest with a key AWS owns, not a customer managed key, and keeps its events forever, and the stack neither owns nor deletes it. In a compliance-scoped stack that is a data store outside the regime, so it is an error there and a warning elsewhere. Create the log group in the stack, with the service's name, a customer managed key and a retention (for RDS, before the database: RDS creates its groups at once).",
    level: Level::Warning,
    aws_docs: &["https://docs.aws.amazon.com/lambda/latest/dg/monitoring-cloudwatchlogs.html", "https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-cwl.html", "https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html"],
    page: "docs/guarded/service-log-groups.md",
    fix: FixShown::TemplateText,
};

/// One log group a resource will write to.
struct Written {
    /// The group's name, as text (`None` when the template cannot know it).
    name: Option<String>,
    /// Who writes, for the message.
    writer: &'static str,
    /// How to create the group in the stack.
    fix: String,
    /// Whether the group must exist before the resource (RDS creates its groups at once).
    before: bool,
    /// The group's name as the template would write it, for the log group to add (a template read
    /// from a file is shown the resource; typed code the construct in `fix`).
    name_node: Option<Node>,
}

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    let groups: Vec<(&str, String)> = template
        .resources
        .iter()
        .filter(|(_, decl)| decl.resource_type == "AWS::Logs::LogGroup")
        .map(|(id, _)| (id.as_str(), env.log_group_name(id, 0)))
        .collect();
    // A group whose name the template cannot know may be the one: no finding then.
    if groups.iter().any(|(id, name)| *name == resolve::token(&format!("{id}.LogGroupName"))) {
        return;
    }
    for (id, decl) in &template.resources {
        for written in writes(env, id, decl) {
            let Some(name) = written.name else { continue };
            let creator = groups.iter().find(|(_, group)| *group == name);
            match creator {
                None => {
                    findings.error_in_scope(
                        Rule::ServiceLogGroupMissing,
                        id,
                        format!(
                            "{} writes to the log group `{name}`, which nothing in the stack creates: the service creates it itself, with no customer managed key (CloudWatch Logs still encrypts it at rest, with a key AWS owns) and no retention, so its events are kept forever. {}",
                            written.writer, written.fix
                        ),
                    );
                    if let Some(name) = written.name_node {
                        findings.with_fix(TemplateFix::Resource {
                            logical_id: format!("{id}LogGroup"),
                            resource: log_group(name),
                        });
                    }
                }
                Some((group_id, _)) if written.before && !decl.attributes.depends_on.iter().any(|d| d == group_id) => {
                    findings.error_in_scope(
                        Rule::ServiceLogGroupMissing,
                        id,
                        format!(
                            "{} writes to the log group `{name}` (`{group_id}`) but is not created after it: RDS may create the group first (with no customer managed key and no retention), and the stack then fails on the name. Add `DependsOn: {group_id}` (`RdsLogGroups` does this)",
                            written.writer
                        ),
                    )
                }
                Some(_) => {}
            }
        }
    }
}

/// The log groups the resource `id` will write to.
fn writes(env: &Env<'_>, id: &str, decl: &ResourceDecl) -> Vec<Written> {
    let props = &decl.properties;
    match decl.resource_type.as_str() {
        "AWS::Lambda::Function" => {
            let configured = props.get("LoggingConfig").and_then(Node::as_map).and_then(|c| c.get("LogGroup"));
            let name = match configured {
                Some(group) => env.text(group),
                None => env
                    .text(&Node::call(Function::Ref, Node::string(id)))
                    .map(|function| format!("/aws/lambda/{function}")),
            };
            let name_node = match configured {
                Some(group) => group.clone(),
                None => Node::call(Function::Sub, Node::string(format!("/aws/lambda/${{{id}}}"))),
            };
            vec![Written {
                name,
                name_node: Some(name_node),
                writer: "this Lambda function",
                fix: format!(
                    "Add ⟦an `EncryptedLogGroup` named `sub!(\"/aws/lambda/${{{id}}}\", {id} = function.reference())`‖an `AWS::Logs::LogGroup` named `!Sub /aws/lambda/${{{id}}}` under a customer managed key⟧, or set `LoggingConfig.LogGroup` to one"
                ),
                before: false,
            }]
        }
        "AWS::EC2::FlowLog" => {
            let destination = props.get("LogDestinationType").and_then(Node::as_str).unwrap_or("cloud-watch-logs");
            if destination != "cloud-watch-logs" {
                return Vec::new();
            }
            let name = match (props.get("LogGroupName"), props.get("LogDestination")) {
                (Some(name), _) => env.text(name),
                (None, Some(arn)) => env
                    .text(arn)
                    .and_then(|arn| Some(arn.split_once(":log-group:")?.1.trim_end_matches(":*").to_owned())),
                (None, None) => None,
            };
            vec![Written {
                name: name.clone(),
                name_node: name.filter(|n| !n.contains('«')).map(Node::string),
                writer: "this flow log",
                fix: "Add ⟦an `EncryptedLogGroup` of that name and pass its name (`group.reference()`) to the flow log‖an `AWS::Logs::LogGroup` of that name under a customer managed key and pass its name (`!Ref`) to the flow log⟧"
                    .to_owned(),
                before: false,
            }]
        }
        "AWS::RDS::DBCluster" | "AWS::RDS::DBInstance" => rds_exports(env, decl),
        _ => Vec::new(),
    }
}

/// `/aws/rds/<cluster|instance>/<identifier>/<log>` for each exported log.
fn rds_exports(env: &Env<'_>, decl: &ResourceDecl) -> Vec<Written> {
    let Some(Node::List(logs)) = decl.properties.get("EnableCloudwatchLogsExports") else { return Vec::new() };
    let (kind, identifier_property) = match decl.resource_type.as_str() {
        "AWS::RDS::DBCluster" => ("cluster", "DBClusterIdentifier"),
        _ => ("instance", "DBInstanceIdentifier"),
    };
    // RDS stores identifiers in lower case, and names its groups that way.
    let identifier = decl
        .properties
        .get(identifier_property)
        .and_then(|node| env.text(node))
        .map(|id| lower_case_outside_tokens(&id));
    logs.iter()
        .filter_map(|log| env.text(log))
        .map(|log| {
            let fix = match &identifier {
                Some(_) => "Create the groups first⟦ with `RdsLogGroups`, which names them where RDS writes, encrypts them and orders the database after them‖: an `AWS::Logs::LogGroup` for each export, named where RDS writes (`/aws/rds/instance/…/<log>` or `/aws/rds/cluster/…/<log>`), under a customer managed key, and `DependsOn` them from the database⟧".to_owned(),
                None => format!("Give the database a `{identifier_property}` (RDS names the groups after it), then create the groups⟦ with `RdsLogGroups`‖ where RDS writes, under a customer managed key⟧"),
            };
            Written {
                // Without an identifier CloudFormation generates one: no group can be named for it.
                name: Some(format!("/aws/rds/{kind}/{}/{log}", identifier.clone().unwrap_or_else(|| "«generated identifier»".to_owned()))),
                writer: "RDS log exports",
                fix,
                before: true,
                name_node: None,
            }
        })
        .collect()
}

/// The log group to add, for a template read from a file: the name the service writes to, a
/// retention, and a customer managed key whose policy lets CloudWatch Logs in (`LogsKey` stands for
/// it: a key of the template with the CloudWatch Logs statement).
fn log_group(name: Node) -> Node {
    let mut properties = crate::node::NodeMap::new();
    properties.insert("LogGroupName".into(), name);
    properties.insert("RetentionInDays".into(), Node::Int(365));
    properties.insert(
        "KmsKeyId".into(),
        Node::call(Function::GetAtt, Node::List(vec![Node::string("LogsKey"), Node::string("Arn")])),
    );
    let mut resource = crate::node::NodeMap::new();
    resource.insert("Type".into(), Node::string("AWS::Logs::LogGroup"));
    resource.insert("Properties".into(), Node::Map(properties));
    Node::Map(resource)
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;

    fn function(group: &str) -> String {
        format!(
            "Resources:\n{group}  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      FunctionName: orders\n      Runtime: python3.12\n      Handler: index.handler\n      Role: arn:aws:iam::123456789012:role/orders\n      Code: {{ZipFile: 'def handler(e, c): pass'}}\n"
        )
    }

    #[test]
    fn a_function_without_its_log_group_is_told_the_service_makes_one() {
        let found = findings_of(&function(""), Rule::ServiceLogGroupMissing);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Fn");
        assert!(
            found[0].message.starts_with("this Lambda function writes to the log group `/aws/lambda/orders`, which nothing in the stack creates"),
            "{}",
            found[0].message
        );
        // For a template read from a file, the group to add.
        let Some(crate::check::TemplateFix::Resource { logical_id, resource }) = found[0].fix.as_deref() else {
            panic!("a resource to add: {:?}", found[0].fix)
        };
        assert_eq!(logical_id, "FnLogGroup");
        let properties = resource.as_map().and_then(|r| r.get("Properties")).and_then(|p| p.as_map()).unwrap();
        assert_eq!(
            properties.get("LogGroupName"),
            Some(&crate::node::Node::call(crate::node::Function::Sub, crate::node::Node::string("/aws/lambda/${Fn}")))
        );
        assert!(properties.get("KmsKeyId").is_some() && properties.get("RetentionInDays").is_some());
    }

    #[test]
    fn a_function_whose_log_group_the_stack_creates_passes() {
        let group = "  Group:\n    Type: AWS::Logs::LogGroup\n    Properties:\n      LogGroupName: /aws/lambda/orders\n";
        assert_eq!(findings_of(&function(group), Rule::ServiceLogGroupMissing), []);
    }
}
