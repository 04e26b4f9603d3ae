//! `key-denies-service-linked-role`: A service acting through its service-linked role (Auto Scaling launching encrypted volumes) is not named in the key policy.

use crate::check::key_users::{key_policy, named, refuses, without_account_statements};
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::{Node, NodeMap};
use crate::policy::eval::{self, Caller, Request};
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "key-denies-service-linked-role",
    summary: "An Auto Scaling group launches instances with volumes encrypted by a customer key that does not name Auto Scaling's service-linked role: instances fail to launch.",
    description: "An Auto Scaling group launches instances from a launch template whose EBS volumes are encrypted with a KMS key of the template, and the key policy, apart from the account root statement, does not let Auto Scaling's service-linked role (`AWSServiceRoleForAutoScaling`) create grants and use the key. The account root statement does not help: the service-linked role's only policy is AWS's, which grants nothing on customer managed keys, so the key policy must name the role. Instances fail to launch (`Client.InternalError`) and the group never reaches its capacity. Give the key AWS's two statements for the role⟦ (`.grant(AutoScalingGrant)`)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html"],
    page: "docs/guarded/key-users.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type == "AWS::AutoScaling::AutoScalingGroup" {
            auto_scaling(template, env, id, decl.properties.as_map(), findings);
        }
    }
}

/// The launch templates of the template an Auto Scaling group launches from: its `LaunchTemplate`,
/// or its `MixedInstancesPolicy`'s launch template and the overrides' own.
fn launch_templates<'t>(env: &Env<'t>, props: &NodeMap) -> Vec<&'t str> {
    let mut specs: Vec<&NodeMap> = props.get("LaunchTemplate").and_then(Node::as_map).into_iter().collect();
    if let Some(mixed) = props
        .get("MixedInstancesPolicy")
        .and_then(Node::as_map)
        .and_then(|m| m.get("LaunchTemplate"))
        .and_then(Node::as_map)
    {
        specs.extend(mixed.get("LaunchTemplateSpecification").and_then(Node::as_map));
        if let Some(Node::List(overrides)) = mixed.get("Overrides") {
            specs.extend(overrides.iter().filter_map(|o| o.as_map()?.get("LaunchTemplateSpecification")?.as_map()));
        }
    }
    let mut found: Vec<&str> = Vec::new();
    for spec in specs {
        let launch_template = spec
            .get("LaunchTemplateId")
            .or_else(|| spec.get("LaunchTemplateName"))
            .and_then(|n| named(env, n, "AWS::EC2::LaunchTemplate"));
        if let Some(launch_template) = launch_template
            && !found.contains(&launch_template)
        {
            found.push(launch_template);
        }
    }
    found
}

/// An Auto Scaling group whose launch template encrypts volumes with a key of the template: Auto
/// Scaling's service-linked role must be named in the key policy, or instances fail to launch.
fn auto_scaling<'t>(template: &'t Template, env: &Env<'t>, id: &str, props: &NodeMap, findings: &mut Findings<'_>) {
    let d = &env.deployment;
    // The group acts through the service-linked role it names (`ServiceLinkedRoleARN`, e.g. one
    // with a custom suffix, `AWSServiceRoleForAutoScaling_<suffix>`), else the default one
    // (https://docs.aws.amazon.com/autoscaling/ec2/userguide/key-policy-requirements-EBS-encryption.html).
    let default_arn = format!(
        "arn:{}:iam::{}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling",
        d.partition, d.account
    );
    let role_arn = match props.get("ServiceLinkedRoleARN") {
        None => default_arn,
        Some(given) => match env.text(given) {
            Some(arn) if !arn.contains('«') => arn,
            // A role the check cannot read: not judged.
            _ => return,
        },
    };
    let role_name = role_arn.rsplit('/').next().unwrap_or("AWSServiceRoleForAutoScaling").to_owned();
    let resolve = |node: &Node| env.text(node);
    let mut judged = Vec::new();
    for launch_template in launch_templates(env, props) {
        let data = template.resources[launch_template].properties.get("LaunchTemplateData").and_then(Node::as_map);
        let Some(Node::List(mappings)) = data.and_then(|d| d.get("BlockDeviceMappings")) else { continue };
        for mapping in mappings {
            let Some(key) =
                mapping.as_map().and_then(|m| m.get("Ebs")).and_then(Node::as_map).and_then(|e| e.get("KmsKeyId"))
            else {
                continue;
            };
            let Some(key_id) = named(env, key, "AWS::KMS::Key") else { continue };
            if judged.contains(&key_id) {
                continue;
            }
            judged.push(key_id);
            let Some(policy) = key_policy(template, env, key_id) else { continue };
            // Its IAM policy is AWS's and grants nothing on customer keys: only statements naming it count.
            let named_only = without_account_statements(&policy, &d.account);
            let caller = Caller::Aws { arn: role_arn.clone(), account: d.account.clone() };
            let requests = [
                Request::new(caller.clone(), "kms:CreateGrant", d.key_arn(key_id))
                    .with("kms:GrantIsForAWSResource", "true"),
                Request::new(caller.clone(), "kms:GenerateDataKeyWithoutPlaintext", d.key_arn(key_id)),
                Request::new(caller, "kms:Decrypt", d.key_arn(key_id)),
            ];
            if let Some((action, decision)) = requests.iter().find_map(|request| {
                let decision = eval::evaluate(&named_only, request, &resolve);
                refuses(&decision).then(|| (request.action.clone(), decision))
            }) {
                findings.error(
                    Rule::KeyDeniesServiceLinkedRole,
                    id,
                    format!(
                        "the group launches instances from `{launch_template}`, whose volumes are encrypted with key `{key_id}`, but the key does not let Auto Scaling's service-linked role ({role_name}) in: apart from the account root statement, the key policy answers its `{action}` request: {decision}. The account root statement does not help, since the role's own policy is AWS's and grants nothing on customer keys: instances fail to launch (Client.InternalError).⟦ Give the key the statements for it: `.grant(AutoScalingGrant)`‖ Add AWS's statements for the role to the key policy⟧"
                    ),
                );
                if let Some(fix) = statements_fix(template, env, key_id, props.get("ServiceLinkedRoleARN"), &requests) {
                    findings.with_fix(fix);
                }
            }
        }
    }
}

/// AWS's two key statements for Auto Scaling's service-linked role (the ones
/// `.grant(AutoScalingGrant)` writes), naming the role the group gives (`ServiceLinkedRoleARN`)
/// in place of the default one, when they let in every request of the role.
fn statements_fix(
    template: &Template,
    env: &Env<'_>,
    key_id: &str,
    given: Option<&Node>,
    requests: &[Request],
) -> Option<TemplateFix> {
    use crate::proof::grants::{AutoScalingGrant, Grant};
    let written = template.resources.get(key_id)?.properties.get("KeyPolicy")?;
    let grant = AutoScalingGrant;
    let mut statements: Vec<Node> =
        std::iter::once(grant.statement()).chain(grant.more_statements()).map(|s| s.to_node()).collect();
    if let Some(given) = given {
        for statement in &mut statements {
            if let Node::Map(map) = statement {
                map.insert("Principal".to_owned(), crate::check::fixes::map([("AWS", given.clone())]));
            }
        }
    }
    // Judged as the rule judges: the key's statements naming principals, and these.
    let mut with = without_account_statements(&env.resolve_all(written), &env.deployment.account);
    if let Node::Map(map) = &mut with
        && let Some(Node::List(list)) = map.get_mut("Statement")
    {
        list.extend(statements.iter().map(|s| env.resolve_all(s)));
    } else {
        return None;
    }
    let resolve = |node: &Node| env.text(node);
    requests.iter().all(|request| !refuses(&eval::evaluate(&with, request, &resolve))).then(|| {
        TemplateFix::Statement { policy_of: key_id.to_owned(), property: "KeyPolicy".to_owned(), statements }
    })
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::key_users::fixtures::{DEFAULT_KEY, ROOT_KEY};
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn fleet(key: &str) -> String {
        format!(
            "Resources:\n{key}  Launch:\n    Type: AWS::EC2::LaunchTemplate\n    Properties:\n      LaunchTemplateData:\n        ImageId: ami-0123456789abcdef0\n        BlockDeviceMappings:\n          - DeviceName: /dev/xvda\n            Ebs: {{Encrypted: true, KmsKeyId: !GetAtt Key.Arn, VolumeSize: 20}}\n  Fleet:\n    Type: AWS::AutoScaling::AutoScalingGroup\n    Properties:\n      MinSize: '1'\n      MaxSize: '2'\n      VPCZoneIdentifier: [subnet-0abc]\n      LaunchTemplate:\n        LaunchTemplateId: !Ref Launch\n        Version: !GetAtt Launch.LatestVersionNumber\n"
        )
    }

    #[test]
    fn the_account_root_statement_alone_does_not_let_auto_scaling_in() {
        let found = findings_of(&fleet(ROOT_KEY), Rule::KeyDeniesServiceLinkedRole);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Fleet");
        assert!(
            found[0].message.starts_with("the group launches instances from `Launch`, whose volumes are encrypted with key `Key`, but the key does not let Auto Scaling's service-linked role"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_key_without_a_policy_gets_the_default_one_which_does_not_let_auto_scaling_in() {
        // KMS's default key policy has only the account root statement.
        let found = findings_of(&fleet(DEFAULT_KEY), Rule::KeyDeniesServiceLinkedRole);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.contains("with key `Key`, but the key does not let Auto Scaling's"), "{}", found[0].message);
    }

    #[test]
    fn a_key_that_names_the_service_linked_role_passes() {
        let role = "          - Sid: AutoScaling\n            Effect: Allow\n            Principal: {AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling'}\n            Action: [kms:Encrypt, kms:Decrypt, kms:ReEncrypt*, kms:GenerateDataKey*, kms:DescribeKey, kms:CreateGrant]\n            Resource: '*'\n";
        assert_eq!(findings_of(&fleet(&format!("{ROOT_KEY}{role}")), Rule::KeyDeniesServiceLinkedRole), []);
    }

    #[test]
    fn the_statements_shown_let_auto_scaling_in() {
        let found = findings_of(&fleet(ROOT_KEY), Rule::KeyDeniesServiceLinkedRole);
        let Some(crate::check::TemplateFix::Statement { policy_of, statements, .. }) = found[0].fix.as_deref() else {
            panic!("statements to add: {:?}", found[0].fix)
        };
        assert_eq!(policy_of, "Key");
        assert_eq!(statements.len(), 2, "{statements:?}");
        assert_eq!(findings_after_fixes(&fleet(ROOT_KEY), Rule::KeyDeniesServiceLinkedRole), []);
        // A role with a custom suffix is the one named.
        let custom = fleet(ROOT_KEY).replace(
            "      MinSize: '1'\n",
            "      MinSize: '1'\n      ServiceLinkedRoleARN: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling_fleet'\n",
        );
        assert_eq!(findings_of(&custom, Rule::KeyDeniesServiceLinkedRole).len(), 1);
        assert_eq!(findings_after_fixes(&custom, Rule::KeyDeniesServiceLinkedRole), []);
    }
}
