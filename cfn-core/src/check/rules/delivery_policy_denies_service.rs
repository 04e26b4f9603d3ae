//! `delivery-policy-denies-service`: A service delivers to a topic or queue whose policy does not let it in.

use crate::check::deliveries::{AttachedPolicy, Delivery, Target, refuses};
use crate::check::fixes::{self, get_att, map, ref_to, sub};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::{Function, Node};
use crate::template::Template;
use crate::policy::eval::{self};

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "delivery-policy-denies-service",
    summary: "A service delivering into a topic, queue or bucket is refused by that resource's policy (or it has none where one is needed).",
    description: "A service delivers into a topic, queue, bucket, Lambda function or log group of the template, and the target's resource policy (a topic or queue policy, a bucket policy, the function's `AWS::Lambda::Permission`s, the account's CloudWatch Logs resource policies), evaluated as AWS evaluates it for the service principal's request (`sns:Publish`, `sqs:SendMessage`, `s3:PutObject`, `lambda:InvokeFunction`, `logs:PutLogEvents`, with `aws:SourceAccount` and `aws:SourceArn` when the service sends them), refuses it, or the target has no policy and its default does not let the service in. Deliveries are refused: messages and logs are dropped, or the source fails to create where AWS checks the policy first. For a log group a resource policy outside the template may let the service in, so it is a warning outside a compliance-scoped stack. Allow the service in the target's policy, under the source conditions it sends.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html", "https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-use-resource-based.html", "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html"],
    page: "docs/guarded/encrypted-messaging.md",
    fix: FixShown::TemplateText,
};

/// The target's policy lets the service deliver. A queue or bucket without a policy refuses
/// every other principal; a topic without one keeps SNS's default policy, which lets in the
/// account's own principals and CloudWatch alarms but not EventBridge or S3.
pub(crate) fn check(
    env: &Env<'_>,
    policies: &[AttachedPolicy<'_>],
    delivery: &Delivery<'_>,
    findings: &mut Findings<'_>,
) {
    let (what, target_id) = (delivery.target.what(), delivery.target_id);
    let attached: Vec<&AttachedPolicy<'_>> = policies.iter().filter(|p| p.targets.contains(&target_id)).collect();
    let fix = match delivery.target {
        Target::LogGroup => format!(
            "Let it in with an `AWS::Logs::ResourcePolicy`: principal `{}` may call {} on the group's ARN (`${{Group.Arn}}`)",
            delivery.principal,
            delivery.policy_actions()
        ),
        Target::Function => format!(
            "Add an `AWS::Lambda::Permission` for it: `Action: lambda:InvokeFunction`, `Principal: {}`, `SourceAccount: !Ref AWS::AccountId` (and `SourceArn`)⟦ — `SecureBucket::notify_function` writes it⟧",
            delivery.principal
        ),
        target => format!(
            "Allow it in the {what}'s policy: principal `{}` may call {} on the {what}, {}⟦ — {}⟧",
            delivery.principal,
            delivery.policy_actions(),
            // Conditions on keys the service does not send would refuse it again.
            if delivery
                .policy_requests
                .iter()
                .all(|r| r.context.iter().any(|(key, _)| key.eq_ignore_ascii_case("aws:SourceAccount")))
            {
                "under `aws:SourceAccount` (and `aws:SourceArn`) conditions"
            } else {
                "with no `aws:SourceAccount` or `aws:SourceArn` condition (it sends neither, so such a condition would refuse it)"
            },
            match target {
                Target::Bucket =>
                    "`TrailBucket` (CloudTrail), `VendedLogsBucket` (log delivery), `AccessLogBucket` and `LoadBalancerLogBucket` (S3 server access logs, load balancers) write the statements for their services",
                _ => "`EncryptedTopic`/`EncryptedQueue` write this statement for every service their key lets in",
            }
        ),
    };
    // A log group's resource policies are the account's, up to ten per Region: one outside the
    // template may let the service in, so outside a scoped stack this is a warning.
    let mut report = |message: String, fix: Option<TemplateFix>| {
        let (rule, source, targets) = (Rule::DeliveryPolicyDeniesService, delivery.source_id, delivery.target_refs.clone());
        if delivery.target == Target::LogGroup {
            findings.error_in_scope_at(rule, source, targets, message);
        } else {
            findings.error_at(rule, source, targets, message);
        }
        if let Some(fix) = fix {
            findings.with_fix(fix);
        }
    };
    if attached.is_empty() {
        if !delivery.default_policy_allows {
            let outside = if delivery.target == Target::LogGroup {
                " (unless a CloudWatch Logs resource policy outside it, in this account and Region, lets it in)"
            } else {
                ""
            };
            report(
                format!(
                    "{} delivers to {what} `{target_id}`, which has no policy in the template{outside}: the {what} refuses {}. {fix}",
                    delivery.who, delivery.principal
                ),
                new_policy(env, delivery),
            );
        }
        return;
    }
    let resolve = |node: &Node| env.text(node);
    // Several policies on one target: the last one written wins in AWS; judge each.
    for policy in attached {
        let refusal = delivery.policy_requests.iter().find_map(|request| {
            let decision = eval::evaluate(&policy.document, request, &resolve);
            refuses(&decision).then(|| (request.action.clone(), decision))
        });
        if let Some((action, decision)) = refusal {
            let appended = if delivery.default_policy_allows {
                " (AWS appends the statements it needs when the first delivery is created, and the next stack update, which writes this policy again, removes them: the logs stop without an error)"
            } else {
                ""
            };
            report(
                format!(
                    "{} delivers to {what} `{target_id}`, but its policy `{}` refuses the `{action}` request: {decision}{appended}. {fix}",
                    delivery.who, policy.id
                ),
                added_statement(env, delivery, policy.id),
            );
        }
    }
}

/// The entries of a mapping of Elastic Load Balancing's log delivery accounts that the Regions
/// judged did not reach.
///
/// A bucket policy that names the account delivering load balancers' access logs by the Region
/// (`!FindInMap [Accounts, !Ref AWS::Region, Principal]` under `Principal`: AWS's published list
/// as a mapping) is judged in only a few of the mapping's Regions ([`crate::check::regions`]), so
/// a wrong entry for another Region would pass, and that Region's access logs be refused. A
/// lookup that finds AWS's account for at least two Regions is taken for that list, and its entry
/// for each other Region AWS lists (`data::ELB_LOG_ACCOUNTS`, from "Enable access logs for your
/// Application Load Balancer",
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>)
/// is compared with AWS's account there. Only an entry that names another account is reported:
/// one that names none (a service principal, a parameter), a Region the mapping has no entry
/// for, and a Region where an `Fn::If` around the lookup (or the policy's own `Condition`) is not
/// decided to take it are left to
/// the Regions judged. A Region whose delivery the Regions judged already found refused (a
/// finding naming the account AWS delivers from there) is not reported again.
pub(crate) fn elb_account_entries(template: &Template, findings: &mut Findings<'_>) {
    if template.mappings.is_empty() {
        return;
    }
    let mut env = Env::new(template);
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::S3::BucketPolicy" {
            continue;
        }
        let Some(document) = decl.properties.get("PolicyDocument") else { continue };
        let mut lookups = Vec::new();
        // A policy created under a condition: the lookup counts where the condition holds.
        let mut around = Vec::new();
        around.extend(decl.attributes.condition.iter().map(|condition| (condition.clone(), true)));
        principal_lookups(document, false, &mut around, &mut lookups);
        for (arg, branches) in lookups {
            // (Region, AWS's account there, the account the entry names, the entry's text)
            let mut entries: Vec<(&str, &str, String, String)> = Vec::new();
            for (region, arn) in crate::data::ELB_LOG_ACCOUNTS {
                env.deployment.region = region.to_owned();
                let env = &env;
                let taken = branches.iter().all(|(condition, then)| {
                    let (if_true, if_false) = (
                        crate::check::views::holds(template, env, condition, true, 0),
                        crate::check::views::holds(template, env, condition, false, 0),
                    );
                    if_true == if_false && if_true == *then
                });
                let key = |key: &Node| crate::check::views::decided(env, key, 0);
                let Some(text) = taken.then(|| env.find_in_map(arg, &key)).flatten().and_then(|v| env.text(v)) else {
                    continue;
                };
                if let (Some(named), Some(aws)) = (account_in(&text), account_in(arn)) {
                    entries.push((region, aws, named.to_owned(), text));
                }
            }
            if entries.iter().filter(|(_, aws, named, _)| aws == named).count() < 2 {
                continue;
            }
            let mapping = match arg {
                Node::List(parts) => parts.first().and_then(Node::as_str).unwrap_or("?"),
                _ => "?",
            };
            for (region, aws, named, text) in &entries {
                let already = findings.found.iter().any(|(finding, _)| {
                    finding.rule == Rule::DeliveryPolicyDeniesService && finding.message.contains(&format!("::{aws}:"))
                });
                if aws == named || already {
                    continue;
                }
                findings.error(
                    Rule::DeliveryPolicyDeniesService,
                    id,
                    format!(
                        "in Region `{region}`: the bucket policy lets load balancers' access logs in from `{text}` (the mapping `{mapping}`'s entry for `{region}`), but Elastic Load Balancing delivers them there from account `{aws}`: the `s3:PutObject` requests of `{region}`'s load balancers are refused and their access logs lost. Correct the entry to `{aws}`, as AWS lists it (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html)⟦ — `LoadBalancerLogBucket` writes AWS's list⟧"
                    ),
                );
            }
        }
    }
}

/// The `Fn::FindInMap`s keyed by the Region under a statement's `Principal` in `node`, each with
/// the `Fn::If` branches it sits in (the condition, and whether it is the branch taken when the
/// condition holds).
fn principal_lookups<'a>(
    node: &'a Node,
    in_principal: bool,
    branches: &mut Vec<(String, bool)>,
    found: &mut Vec<(&'a Node, Vec<(String, bool)>)>,
) {
    match node {
        Node::Map(map) => {
            for (key, value) in map {
                principal_lookups(value, in_principal || key == "Principal", branches, found);
            }
        }
        Node::List(items) => items.iter().for_each(|item| principal_lookups(item, in_principal, branches, found)),
        Node::Fn(Function::If, arg) => {
            if let Node::List(parts) = &**arg
                && let [condition, then, otherwise] = parts.as_slice()
                && let Some(condition) = condition.as_str()
            {
                for (branch, taken) in [(then, true), (otherwise, false)] {
                    branches.push((condition.to_owned(), taken));
                    principal_lookups(branch, in_principal, branches, found);
                    branches.pop();
                }
            }
        }
        Node::Fn(Function::FindInMap, arg) if in_principal && crate::check::regions::keyed_by_region(arg) => {
            found.push((&**arg, branches.clone()));
        }
        Node::Fn(_, arg) => principal_lookups(arg, in_principal, branches, found),
        _ => {}
    }
}

/// The account a principal names as a whole, as the policy evaluator reads an `AWS` principal: a
/// twelve-digit account ID, or the account's root (`arn:aws:iam::123456789012:root`). A user's
/// or role's ARN names no account.
fn account_in(text: &str) -> Option<&str> {
    let bare = text.len() == 12 && text.bytes().all(|b| b.is_ascii_digit());
    if bare { Some(text) } else { eval::root_account(text) }
}

/// The statement that lets the delivering service in: its principal, the actions the target's
/// policy is asked for, on the target (a bucket and its objects), under `aws:SourceAccount` when
/// the service sends it. `None` for targets whose grant is not a statement of a policy resource
/// (a function's permission, the account's Logs resource policies). `document` is the policy
/// it goes into, if there is one.
fn statement(delivery: &Delivery<'_>, document: Option<&Node>) -> Option<Node> {
    let id = delivery.target_id;
    let resource = match delivery.target {
        Target::Topic => ref_to(id),
        Target::Queue => get_att(id, "Arn"),
        Target::Bucket => Node::List(vec![get_att(id, "Arn"), sub(&format!("${{{id}.Arn}}/*"))]),
        Target::Function | Target::LogGroup => return None,
    };
    let sid = fixes::sid_for(delivery.principal, document);
    Some(fixes::allow(
        &sid,
        fixes::service(delivery.principal),
        &fixes::actions_of(&delivery.policy_requests),
        Some(resource),
        fixes::source_account_condition(&delivery.policy_requests),
    ))
}

/// The fix for a target with a policy that refuses: the statement to add to its `PolicyDocument`,
/// when the policy with it lets every request in (an explicit `Deny` stays a `Deny`).
fn added_statement(env: &Env<'_>, delivery: &Delivery<'_>, policy_id: &str) -> Option<TemplateFix> {
    let document = env.template.resources.get(policy_id)?.properties.get("PolicyDocument")?;
    let statement = statement(delivery, Some(document))?;
    fixes::passes_with(env, Some(document), &statement, &delivery.policy_requests).then(|| TemplateFix::Statement {
        policy_of: policy_id.to_owned(),
        property: "PolicyDocument".to_owned(),
        statements: vec![statement],
    })
}

/// The fix for a target with no policy: the policy resource to add, attached to it.
fn new_policy(env: &Env<'_>, delivery: &Delivery<'_>) -> Option<TemplateFix> {
    let statement = statement(delivery, None)?;
    if !fixes::passes_with(env, None, &statement, &delivery.policy_requests) {
        return None;
    }
    let id = delivery.target_id;
    let (resource_type, attached, to) = match delivery.target {
        Target::Topic => ("AWS::SNS::TopicPolicy", "Topics", Node::List(vec![ref_to(id)])),
        Target::Queue => ("AWS::SQS::QueuePolicy", "Queues", Node::List(vec![ref_to(id)])),
        Target::Bucket => ("AWS::S3::BucketPolicy", "Bucket", ref_to(id)),
        Target::Function | Target::LogGroup => return None,
    };
    let document = map([("Version", Node::string("2012-10-17")), ("Statement", Node::List(vec![statement]))]);
    Some(TemplateFix::Resource {
        logical_id: fixes::free_id(env, &format!("{id}Policy")),
        resource: map([
            ("Type", Node::string(resource_type)),
            ("Properties", map([(attached, to), ("PolicyDocument", document)])),
        ]),
    })
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};
    use crate::reference::{By, ResourceRef};

    const RULE: &str = "  Rule:\n    Type: AWS::Events::Rule\n    Properties:\n      EventPattern: {source: [aws.ec2]}\n      Targets: [{Id: topic, Arn: !Ref Topic}]\n";

    /// A bucket policy that looks the load balancers' log account up by the Region in a mapping
    /// of seven of AWS's Regions, `entries` overriding some accounts, and `principal` the way the
    /// statement names it.
    fn elb_accounts(entries: &[(&str, &str)], principal: &str) -> String {
        let regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-west-2", "eu-central-1"];
        let mut yaml = String::from("Mappings:\n  ElbAccounts:\n");
        for region in regions {
            let aws = crate::data::ELB_LOG_ACCOUNTS.iter().find(|(r, _)| *r == region).unwrap().1;
            let value = entries.iter().find(|(r, _)| *r == region).map_or(aws, |(_, v)| *v);
            yaml.push_str(&format!("    {region}: {{Principal: \"{value}\"}}\n"));
        }
        yaml.push_str(&format!(
            "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n      PolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal: {principal}\n            Action: s3:PutObject\n            Resource: !Sub \"${{Logs.Arn}}/AWSLogs/${{AWS::AccountId}}/*\"\n"
        ));
        yaml
    }

    const LOOKED_UP: &str = "{AWS: !FindInMap [ElbAccounts, !Ref AWS::Region, Principal]}";

    #[test]
    fn an_elb_account_mapping_entry_wrong_for_a_region_not_judged_is_found() {
        // eu-central-1's entry names Ireland's account (the sample and the first four Regions of
        // the mapping are judged whole, eu-central-1 is not).
        let yaml = elb_accounts(&[("eu-central-1", "arn:aws:iam::156460612806:root")], LOOKED_UP);
        let found = findings_of(&yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "LogsPolicy");
        assert!(found[0].message.starts_with("in Region `eu-central-1`: "), "{}", found[0].message);
        assert!(found[0].message.contains("from account `054676820928`"), "{}", found[0].message);
        // AWS's accounts in every entry: nothing.
        assert_eq!(findings_of(&elb_accounts(&[], LOOKED_UP), Rule::DeliveryPolicyDeniesService), []);
        // A bare account ID is an account too.
        let bare = elb_accounts(&[("eu-west-2", "156460612806")], LOOKED_UP);
        let found = findings_of(&bare, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("in Region `eu-west-2`: "), "{}", found[0].message);
    }

    #[test]
    fn a_wrong_entry_is_reported_once_and_a_copied_one_is_found() {
        // With a load balancer logging into the bucket, Ohio (judged: its entry finds a value no
        // other Region's does) finds its delivery refused; the mapping's entry is not reported
        // again. Without one, the entry is reported.
        let balancer = "  Balancer:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n    DependsOn: LogsPolicy\n    Properties:\n      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]\n      LoadBalancerAttributes:\n        - {Key: access_logs.s3.enabled, Value: \"true\"}\n        - {Key: access_logs.s3.bucket, Value: !Ref Logs}\n";
        let wrong = elb_accounts(&[("us-east-2", "arn:aws:iam::111122223333:root")], LOOKED_UP);
        let found = findings_of(&format!("{wrong}{balancer}"), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Balancer");
        assert!(found[0].message.starts_with("in Region `us-east-2`: "), "{}", found[0].message);
        let found = findings_of(&wrong, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "LogsPolicy");
        assert!(found[0].message.starts_with("in Region `us-east-2`: "), "{}", found[0].message);
        // A copied entry (Ireland given Virginia's account) finds the value the sample finds, so the
        // Regions judged pass Ireland by: the comparison with AWS's list finds it.
        let copied = elb_accounts(&[("eu-west-1", "arn:aws:iam::127311923021:root")], LOOKED_UP);
        let found = findings_of(&format!("{copied}{balancer}"), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "LogsPolicy");
        assert!(found[0].message.starts_with("in Region `eu-west-1`: "), "{}", found[0].message);
    }

    #[test]
    fn an_entry_that_names_no_account_or_a_branch_not_taken_is_left_to_the_regions_judged() {
        // Frankfurt's entry, wrong in each template, is reported only where it counts (no load
        // balancer here, so the mapping's comparison is the only finding the rule could make).
        let frankfurt = |entry: &str, principal: &str| elb_accounts(&[("eu-central-1", entry)], principal);
        let not_frankfurt = "Conditions:\n  NotFrankfurt: !Not [!Equals [!Ref AWS::Region, eu-central-1]]\nResources:";
        let wrong = "arn:aws:iam::156460612806:root";
        assert_eq!(findings_of(&frankfurt(wrong, LOOKED_UP), Rule::DeliveryPolicyDeniesService).len(), 1);
        // A service principal in an entry is not an account to compare; nor a role's ARN.
        let service = frankfurt("logdelivery.elasticloadbalancing.amazonaws.com", LOOKED_UP);
        assert_eq!(findings_of(&service, Rule::DeliveryPolicyDeniesService), []);
        let role = frankfurt("arn:aws:iam::054676820928:role/not-the-account", LOOKED_UP);
        assert_eq!(findings_of(&role, Rule::DeliveryPolicyDeniesService), []);
        // The policy created under a condition that Frankfurt does not meet.
        let conditioned = frankfurt(wrong, LOOKED_UP).replace("Resources:", not_frankfurt).replace(
            "    Type: AWS::S3::BucketPolicy\n",
            "    Type: AWS::S3::BucketPolicy\n    Condition: NotFrankfurt\n",
        );
        assert!(conditioned.contains("Condition: NotFrankfurt"), "{conditioned}");
        assert_eq!(findings_of(&conditioned, Rule::DeliveryPolicyDeniesService), []);
        // The lookup in the branch of a condition that Frankfurt does not take.
        let chosen = frankfurt(
            wrong,
            "!If [NotFrankfurt, {AWS: !FindInMap [ElbAccounts, !Ref AWS::Region, Principal]}, {Service: logdelivery.elasticloadbalancing.amazonaws.com}]",
        )
        .replace("Resources:", not_frankfurt);
        assert_eq!(findings_of(&chosen, Rule::DeliveryPolicyDeniesService), []);
    }


    #[test]
    fn a_mapping_that_is_not_aws_s_list_is_not_compared_with_it() {
        // Only one entry is an ELB account: the mapping is some other list of principals.
        let others: Vec<(&str, &str)> = [
            ("us-east-2", "arn:aws:iam::111122223333:root"),
            ("us-west-1", "arn:aws:iam::111122223333:root"),
            ("us-west-2", "arn:aws:iam::111122223333:root"),
            ("eu-west-1", "arn:aws:iam::111122223333:root"),
            ("eu-west-2", "arn:aws:iam::111122223333:root"),
            ("eu-central-1", "arn:aws:iam::111122223333:root"),
        ]
        .to_vec();
        assert_eq!(findings_of(&elb_accounts(&others, LOOKED_UP), Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn a_topic_without_a_policy_refuses_eventbridge() {
        let yaml = format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n{RULE}");
        let found = findings_of(&yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Rule");
        assert!(found[0].message.contains("delivers to topic `Topic`, which has no policy in the template"), "{}", found[0].message);
        assert_eq!(found[0].targets, [ResourceRef { logical_id: "Topic".to_owned(), attribute: None, by: By::Ref }]);
    }

    #[test]
    fn a_flow_log_into_a_bucket_whose_policy_refuses_it_names_the_bucket_as_its_arn_names_it() {
        let yaml = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Deny, Principal: '*', Action: 's3:*', Resource: !Sub '${Logs.Arn}/*'}\n  Flow:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: vpc-1\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: !Sub '${Logs.Arn}/flow'\n";
        let found = findings_of(yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("delivers to bucket `Logs`, but its policy `LogsPolicy` refuses"), "{}", found[0].message);
        assert_eq!(found[0].targets.iter().map(|t| t.logical_id.as_str()).collect::<Vec<_>>(), ["Logs"]);
    }

    #[test]
    fn a_topic_policy_that_lets_eventbridge_publish_passes() {
        let policy = "  Policy:\n    Type: AWS::SNS::TopicPolicy\n    Properties:\n      Topics: [!Ref Topic]\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Allow, Principal: {Service: events.amazonaws.com}, Action: sns:Publish, Resource: !Ref Topic}\n";
        let yaml = format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n{policy}{RULE}");
        assert_eq!(findings_of(&yaml, Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn the_topic_policy_shown_lets_eventbridge_publish() {
        let yaml = format!("Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n{RULE}");
        let found = findings_of(&yaml, Rule::DeliveryPolicyDeniesService);
        let Some(crate::check::TemplateFix::Resource { logical_id, resource }) = found[0].fix.as_deref() else {
            panic!("a policy to add: {:?}", found[0].fix)
        };
        assert_eq!(logical_id, "TopicPolicy");
        assert_eq!(
            crate::emit::write_node(resource, crate::format::Format::Json).unwrap(),
            r#"{
  "Type": "AWS::SNS::TopicPolicy",
  "Properties": {
    "Topics": [
      {
        "Ref": "Topic"
      }
    ],
    "PolicyDocument": {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "AllowEvents",
          "Effect": "Allow",
          "Principal": {
            "Service": "events.amazonaws.com"
          },
          "Action": "sns:Publish",
          "Resource": {
            "Ref": "Topic"
          },
          "Condition": {
            "StringEquals": {
              "aws:SourceAccount": {
                "Ref": "AWS::AccountId"
              }
            }
          }
        }
      ]
    }
  }
}"#
        );
        assert_eq!(findings_after_fixes(&yaml, Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn the_statement_shown_in_a_queue_policy_lets_s3_send() {
        let yaml = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  QueuePolicy:\n    Type: AWS::SQS::QueuePolicy\n    Properties:\n      Queues: [!Ref Queue]\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Sid: Own, Effect: Allow, Principal: {AWS: !Ref AWS::AccountId}, Action: 'sqs:*', Resource: !GetAtt Queue.Arn}\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      NotificationConfiguration:\n        QueueConfigurations:\n          - {Event: 's3:ObjectCreated:*', Queue: !GetAtt Queue.Arn}\n";
        let found = findings_of(yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        let Some(crate::check::TemplateFix::Statement { policy_of, property, statements }) = found[0].fix.as_deref() else {
            panic!("a statement to add: {:?}", found[0].fix)
        };
        let [statement] = statements.as_slice() else { panic!("one statement: {statements:?}") };
        assert_eq!((policy_of.as_str(), property.as_str()), ("QueuePolicy", "PolicyDocument"));
        let statement = statement.as_map().unwrap();
        assert_eq!(statement.get("Action").and_then(|a| a.as_str()), Some("sqs:SendMessage"));
        assert!(statement.get("Condition").is_some(), "S3 sends aws:SourceAccount: {statement:?}");
        assert_eq!(findings_after_fixes(yaml, Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn an_explicit_deny_gets_no_statement_to_add() {
        // A statement added after a `Deny` does not lift it: no fix is shown rather than a wrong one.
        let yaml = "Resources:\n  Logs:\n    Type: AWS::S3::Bucket\n  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n      PolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n          - {Effect: Deny, Principal: '*', Action: 's3:*', Resource: !Sub '${Logs.Arn}/*'}\n  Flow:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: vpc-1\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: !Sub '${Logs.Arn}/flow'\n";
        let found = findings_of(yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].fix, None);
    }

    /// A flow log into bucket `Logs`, whose policy is `document` (YAML, indented for its place).
    fn flow_log_into(document: &str) -> String {
        format!("Parameters:\n  Mode:\n    Type: String\nConditions:\n  Strict: !Equals [!Ref Mode, strict]\nResources:\n  Logs:\n    Type: AWS::S3::Bucket\n  LogsPolicy:\n    Type: AWS::S3::BucketPolicy\n    Properties:\n      Bucket: !Ref Logs\n      PolicyDocument:\n{document}  Flow:\n    Type: AWS::EC2::FlowLog\n    Properties:\n      ResourceId: vpc-1\n      ResourceType: VPC\n      TrafficType: ALL\n      LogDestinationType: s3\n      LogDestination: !GetAtt Logs.Arn\n")
    }

    /// The two statements vended-log delivery needs, with `principal` (YAML flow form).
    fn delivery_statements(principal: &str) -> String {
        format!("          - {{Effect: Allow, Principal: {principal}, Action: 's3:GetBucketAcl', Resource: !GetAtt Logs.Arn}}\n          - {{Effect: Allow, Principal: {principal}, Action: 's3:PutObject', Resource: !Sub '${{Logs.Arn}}/AWSLogs/${{AWS::AccountId}}/*', Condition: {{StringEquals: {{'s3:x-amz-acl': bucket-owner-full-control}}}}}}\n")
    }

    #[test]
    fn a_principal_chosen_by_a_condition_is_judged_with_each() {
        let right = "{Service: delivery.logs.amazonaws.com}";
        let document = |principal: &str| format!("        Version: '2012-10-17'\n        Statement:\n{}", delivery_statements(principal));
        // Both branches let log delivery in.
        let both = document(&format!("!If [Strict, {right}, {right}]"));
        assert_eq!(findings_of(&flow_log_into(&both), Rule::DeliveryPolicyDeniesService), []);
        // Where the condition does not hold, the policy names another service.
        let one = document(&format!("!If [Strict, {right}, {{Service: s3.amazonaws.com}}]"));
        let found = findings_of(&flow_log_into(&one), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Flow");
    }

    #[test]
    fn a_document_chosen_by_a_condition_is_judged_with_each() {
        let statements = delivery_statements("{Service: delivery.logs.amazonaws.com}");
        let denies = "          - {Effect: Deny, Principal: '*', Action: 's3:*', Resource: !Sub '${Logs.Arn}/*'}\n";
        let document = |when_false: &str| {
            format!("        Fn::If:\n          - Strict\n          - Version: '2012-10-17'\n            Statement:\n{}          - Version: '2012-10-17'\n            Statement:\n{}", indent(&statements), indent(when_false))
        };
        assert_eq!(findings_of(&flow_log_into(&document(&statements)), Rule::DeliveryPolicyDeniesService), []);
        let found = findings_of(&flow_log_into(&document(denies)), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Flow");
    }

    /// `lines` two spaces further in.
    fn indent(lines: &str) -> String {
        lines.lines().map(|l| format!("  {l}\n")).collect()
    }
}
