//! `ecs-service-before-listener`: An ECS service behind a target group is not created after a
//! listener that forwards to that target group.
//!
//! ECS registers a service's tasks with the target groups of its `LoadBalancers` when it creates
//! the service, and refuses a target group no load balancer uses yet ("The target group with
//! targetGroupArn … does not have an associated load balancer"). A target group is associated with
//! a load balancer by a listener or listener rule that forwards to it. CloudFormation creates
//! resources that do not depend on each other in parallel, so unless the service depends on such
//! a listener (by `DependsOn`, or by referencing it or something that depends on it), the service
//! may be created first and the stack fails — on some deployments only. AWS's page for
//! `AWS::ECS::Service` says to add the `DependsOn`.
//!
//! A target group outside the template is not judged; neither is one of the template that no
//! listener of the template forwards to but that an output exports (a listener of another stack
//! may forward to it).

use crate::check::deliveries::items;
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::fixes::dependencies;
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "ecs-service-before-listener",
    summary: "An ECS service registers with a target group but is not created after a listener that forwards to it: ECS refuses a target group with no load balancer and the stack fails.",
    description: "An `AWS::ECS::Service`'s `LoadBalancers` name a target group of the template, and the service does not depend (by `DependsOn`, or by a reference, directly or through other resources) on any `AWS::ElasticLoadBalancingV2::Listener` or `ListenerRule` that forwards to that target group. CloudFormation may create the service before the listener, and ECS refuses it (\"The target group … does not have an associated load balancer\"): the stack fails, sometimes only on some deployments. Add `DependsOn` on the listener (or listener rule) that forwards to the target group.",
    level: Level::Error,
    aws_docs: &[
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html",
    ],
    page: "docs/guarded/load-balanced-services.md",
    fix: FixShown::TemplateText,
};

const TARGET_GROUP: &str = "AWS::ElasticLoadBalancingV2::TargetGroup";

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::ECS::Service" {
            continue;
        }
        let mut judged: Vec<&str> = Vec::new();
        for load_balancer in items(decl.properties.get("LoadBalancers")) {
            let Some((group, _)) = load_balancer
                .as_map()
                .and_then(|l| l.get("TargetGroupArn"))
                .and_then(|arn| env.named_whole(arn, TARGET_GROUP))
            else {
                continue;
            };
            if judged.contains(&group) {
                continue;
            }
            judged.push(group);
            let forwarders = forwarders_to(template, env, group);
            if forwarders.is_empty() && exported(template, group) {
                continue;
            }
            let before = dependencies(template, id);
            if forwarders.iter().any(|listener| before.contains(listener)) {
                continue;
            }
            let message = match forwarders.first() {
                Some(listener) => format!(
                    "this service registers its tasks with target group `{group}`, but it is not created after `{listener}`, which forwards to that target group: CloudFormation may create the service first, and ECS refuses a target group with no load balancer (\"The target group … does not have an associated load balancer\"), so the stack fails. Add `DependsOn: {listener}` to the service"
                ),
                None => format!(
                    "this service registers its tasks with target group `{group}`, but no listener or listener rule of the template forwards to that target group: ECS refuses a target group with no load balancer (\"The target group … does not have an associated load balancer\"), so the stack fails. Add an `AWS::ElasticLoadBalancingV2::Listener` whose default action forwards to `{group}`, and `DependsOn` on it to the service"
                ),
            };
            let arn = load_balancer.as_map().and_then(|l| l.get("TargetGroupArn"));
            let targets = arn.map(|arn| env.refs_to(arn, group)).unwrap_or_default();
            findings.error_at(Rule::EcsServiceBeforeListener, id, targets, message);
            // The listener is the fix, unless it is created after the service (a cycle).
            if let Some(listener) = forwarders.first()
                && !dependencies(template, listener).contains(id.as_str())
            {
                findings.with_fix(TemplateFix::DependsOn { resource: id.clone(), on: vec![(*listener).to_owned()] });
            }
        }
    }
}

/// The listeners and listener rules of the template that forward to target group `group` (by
/// `TargetGroupArn` or `ForwardConfig.TargetGroups`), in the template's order.
fn forwarders_to<'t>(template: &'t Template, env: &Env<'t>, group: &str) -> Vec<&'t str> {
    let mut found = Vec::new();
    for (id, decl) in &template.resources {
        let actions = match decl.resource_type.as_str() {
            "AWS::ElasticLoadBalancingV2::Listener" => decl.properties.get("DefaultActions"),
            "AWS::ElasticLoadBalancingV2::ListenerRule" => decl.properties.get("Actions"),
            _ => continue,
        };
        let names_group =
            |node: Option<&Node>| node.and_then(|n| env.named_whole(n, TARGET_GROUP)).is_some_and(|(g, _)| g == group);
        let forwards = items(actions).into_iter().filter_map(Node::as_map).any(|action| {
            names_group(action.get("TargetGroupArn"))
                || items(action.get("ForwardConfig").and_then(Node::as_map).and_then(|f| f.get("TargetGroups")))
                    .into_iter()
                    .filter_map(Node::as_map)
                    .any(|weighted| names_group(weighted.get("TargetGroupArn")))
        });
        if forwards {
            found.push(id.as_str());
        }
    }
    found
}

/// Whether an output of the template names resource `id` (and so another stack may use it).
fn exported(template: &Template, id: &str) -> bool {
    template.outputs.values().any(|output| {
        crate::reference::mentions(&output.value).iter().any(|mention| mention.name == id)
    })
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    /// A service behind target group `Web`, forwarded to by listener `Http`; `service` is the
    /// service's `DependsOn` line (or nothing), `listener_action` the listener's default action.
    fn stack(depends_on: &str, listener_action: &str) -> String {
        format!(
            r#"
Resources:
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
  Web:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 80
      Protocol: HTTP
      TargetType: ip
      VpcId: vpc-0123456789abcdef0
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Balancer
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - {listener_action}
  Service:
    Type: AWS::ECS::Service
{depends_on}    Properties:
      Cluster: default
      TaskDefinition: arn:aws:ecs:us-east-1:123456789012:task-definition/web:1
      DesiredCount: 1
      LoadBalancers:
        - ContainerName: web
          ContainerPort: 80
          TargetGroupArn: !Ref Web
"#
        )
    }

    const FORWARD: &str = "{Type: forward, TargetGroupArn: !Ref Web}";

    #[test]
    fn a_service_not_created_after_the_listener_is_refused() {
        let found = findings_of(&stack("", FORWARD), Rule::EcsServiceBeforeListener);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Service");
        assert!(found[0].message.starts_with("this service registers its tasks with target group `Web`, but it is not created after `Http`"), "{}", found[0].message);
        assert!(found[0].message.ends_with("Add `DependsOn: Http` to the service"), "{}", found[0].message);
        assert_eq!(found[0].targets.len(), 1);
        assert_eq!(found[0].targets[0].logical_id, "Web");
    }

    #[test]
    fn a_service_created_after_a_forwarding_listener_passes() {
        assert_eq!(findings_of(&stack("    DependsOn: Http\n", FORWARD), Rule::EcsServiceBeforeListener), []);
        // Forwarding by weighted target groups counts as well.
        let weighted = "{Type: forward, ForwardConfig: {TargetGroups: [{TargetGroupArn: !Ref Web, Weight: 1}]}}";
        assert_eq!(findings_of(&stack("    DependsOn: [Http]\n", weighted), Rule::EcsServiceBeforeListener), []);
    }

    #[test]
    fn a_dependency_through_another_resource_counts() {
        let through = stack("    DependsOn: Ready\n", FORWARD).replace(
            "  Service:\n",
            "  Ready:\n    Type: AWS::CloudFormation::WaitConditionHandle\n    DependsOn: Http\n  Service:\n",
        );
        assert_eq!(findings_of(&through, Rule::EcsServiceBeforeListener), []);
    }

    #[test]
    fn a_target_group_no_listener_forwards_to_is_refused_unless_exported() {
        let fixed = "{Type: fixed-response, FixedResponseConfig: {StatusCode: '404'}}";
        let found = findings_of(&stack("", fixed), Rule::EcsServiceBeforeListener);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("no listener or listener rule of the template forwards to that target group"), "{}", found[0].message);
        let exported = format!("{}Outputs:\n  WebGroup:\n    Value: !Ref Web\n    Export: {{Name: web-group}}\n", stack("", fixed));
        assert_eq!(findings_of(&exported, Rule::EcsServiceBeforeListener), []);
    }

    #[test]
    fn the_depends_on_shown_orders_the_service_after_the_listener() {
        let found = findings_of(&stack("", FORWARD), Rule::EcsServiceBeforeListener);
        assert_eq!(
            found[0].fix.as_deref(),
            Some(&crate::check::TemplateFix::DependsOn { resource: "Service".to_owned(), on: vec!["Http".to_owned()] })
        );
        assert_eq!(findings_after_fixes(&stack("", FORWARD), Rule::EcsServiceBeforeListener), []);
    }
}
