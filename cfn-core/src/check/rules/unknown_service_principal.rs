//! `unknown-service-principal`: A service principal AWS does not know: the grant names nobody.
//!
//! A service principal is `<service>.<partition's domain>` (`lambda.amazonaws.com`), or
//! `<service>.<region>.<domain>` for the services that act under Regional names
//! (`logs.us-east-1.amazonaws.com`); China's partition uses `amazonaws.com.cn`. A principal
//! written otherwise names no service: IAM refuses it in a role's trust policy ("Invalid principal
//! in policy"), and a Lambda permission, key policy or resource policy that names it lets no
//! service in, so the delivery it was written for never arrives.
//!
//! AWS publishes no list of service principals, so this rule gives the benefit of the doubt and
//! reports only two kinds of text:
//!
//! - a principal that does not end in the domain of an AWS partition (`sns.amazonaws.co`,
//!   `sns.amazonws.com`, a name with no domain at all): the partitions' domains are AWS's
//!   (`data::SERVICE_PRINCIPAL_DOMAINS`);
//! - a principal whose service name (its last label before the domain and any Region:
//!   `logs` in `delivery.logs.amazonaws.com`) is no IAM service prefix but one letter away from one
//!   (`lamda.amazonaws.com`, `cloudtrial.amazonaws.com`): the prefixes are AWS's IAM action list
//!   (`cfn_grammar::actions`). Names of four letters or fewer are not judged, and neither is a name
//!   farther from every prefix (`ecs-tasks`, `vpc-flow-logs`, `edgelambda` are principals with no
//!   prefix of their own).
//!
//! A value the check cannot read (a parameter without default, `Fn::FindInMap`) is not judged.

use std::sync::OnceLock;

use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::spelling;
use crate::check::{Findings, Rule};
use crate::data::SERVICE_PRINCIPAL_DOMAINS;
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "unknown-service-principal",
    summary: "A service principal AWS does not know (a misspelt service or a domain that is not AWS's): IAM refuses it in a trust policy, and elsewhere the grant lets no service in.",
    description: "A `Service` principal of a policy statement (a role's trust policy, a key policy, a bucket, topic or queue policy) or the `Principal` of a Lambda permission names no AWS service: its domain is not an AWS partition's (`sns.amazonaws.co`), or its service name is one letter away from an IAM service prefix and is none (`lamda.amazonaws.com`). IAM refuses such a trust policy (\"Invalid principal in policy\"); a permission or resource policy that names it lets no service in, and the delivery it was written for never arrives. Write the service's principal: `<service>.amazonaws.com` (`${AWS::URLSuffix}` in other partitions), or `<service>.<region>.amazonaws.com` for Regional principals.",
    level: Level::Error,
    aws_docs: &[
        "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html",
        "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-lambda-permission.html",
    ],
    page: "docs/guarded/iam-policies.md",
    fix: FixShown::InMessage,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        let mut principals: Vec<(&Node, &str)> = Vec::new();
        if decl.resource_type == "AWS::Lambda::Permission"
            && let Some(principal) = decl.properties.get("Principal")
        {
            principals.push((principal, "the permission's `Principal`"));
        }
        for node in decl.properties.as_map().values() {
            node.walk(&mut |n| {
                let Some(Node::Map(principal)) = n.as_map().and_then(|statement| statement.get("Principal")) else {
                    return;
                };
                match principal.get("Service") {
                    Some(Node::List(items)) => principals.extend(items.iter().map(|i| (i, "a statement's `Service` principal"))),
                    Some(one) => principals.push((one, "a statement's `Service` principal")),
                    None => {}
                }
            });
        }
        let mut reported: Vec<String> = Vec::new();
        for (node, where_) in principals {
            let Some(text) = env.text(node) else { continue };
            let lambda_principal = where_.starts_with("the permission");
            let Some(wrong) = judge(&text, lambda_principal) else { continue };
            if reported.contains(&text) {
                continue;
            }
            reported.push(text.clone());
            findings.error(
                Rule::UnknownServicePrincipal,
                id,
                format!("{where_} `{text}` is not a service principal AWS knows: {wrong}. IAM refuses it in a role's trust policy (\"Invalid principal in policy\"); in a permission or resource policy it lets no service in"),
            );
        }
    }
}

/// What is wrong with the service principal `text`, with the principal it was probably meant
/// to be; `None` when it may be right. A Lambda permission's principal may also be an account,
/// an ARN or `*`: those are not judged.
fn judge(text: &str, lambda_principal: bool) -> Option<String> {
    // Tokens stand for values the template does not know; a wildcard is not a name.
    if text.contains(['«', '*', '$', ' ']) || text.is_empty() {
        return None;
    }
    let host = text.to_ascii_lowercase();
    if lambda_principal && (host.starts_with("arn:") || !host.contains('.')) {
        return None;
    }
    let Some(domain) =
        SERVICE_PRINCIPAL_DOMAINS.iter().filter(|d| host.ends_with(&format!(".{d}"))).max_by_key(|d| d.len())
    else {
        let labels: Vec<&str> = host.split('.').collect();
        // The labels before the one that looks like a misspelt `amazonaws`, else the first one.
        let service = match labels.iter().position(|l| l.starts_with("amaz") || l.starts_with("aws")) {
            Some(0) | None => labels[0..1].join("."),
            Some(at) => labels[..at].join("."),
        };
        return Some(format!(
            "it does not end in the domain of an AWS partition ({}); did you mean `{service}.amazonaws.com`?",
            SERVICE_PRINCIPAL_DOMAINS.iter().map(|d| format!("`{d}`")).collect::<Vec<_>>().join(", ")
        ));
    };
    let service = &host[..host.len() - domain.len() - 1];
    let name = service.split('.').rev().find(|label| !is_region(label))?;
    if name.len() <= 4 || prefixes().binary_search(&name).is_ok() {
        return None;
    }
    let near = spelling::nearest(name, prefixes().iter().copied(), 1)?;
    let meant = text.to_ascii_lowercase().replacen(name, near, 1);
    Some(format!("`{name}` is no AWS service's name; did you mean `{meant}`?"))
}

/// `us-east-1`, `cn-north-1`, `us-gov-west-1`: lower-case words joined by hyphens, a final number.
fn is_region(label: &str) -> bool {
    let Some((words, number)) = label.rsplit_once('-') else { return false };
    words.contains('-')
        && words.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
}

/// The IAM service prefixes of AWS's action list (`cfn_grammar::actions::IAM_PREFIXES`, sorted,
/// lower-case), read once.
fn prefixes() -> &'static [&'static str] {
    static PREFIXES: OnceLock<Vec<&'static str>> = OnceLock::new();
    PREFIXES.get_or_init(|| cfn_grammar::actions::IAM_PREFIXES.lines().collect())
}

#[cfg(test)]
mod tests {
    use super::judge;
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;

    fn permission(principal: &str) -> String {
        format!(
            r#"
Resources:
  Handler:
    Type: AWS::Lambda::Function
    Properties:
      Role: arn:aws:iam::123456789012:role/handler
      Runtime: python3.12
      Handler: index.handler
      Code: {{ZipFile: "def handler(e, c): pass"}}
  Alerts:
    Type: AWS::SNS::Topic
  Invoke:
    Type: AWS::Lambda::Permission
    Properties:
      Action: lambda:InvokeFunction
      FunctionName: !GetAtt Handler.Arn
      Principal: {principal}
      SourceArn: !Ref Alerts
"#
        )
    }

    fn trust(service: &str) -> String {
        format!(
            r#"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: {service}
            Action: sts:AssumeRole
"#
        )
    }

    #[test]
    fn a_lambda_permission_for_a_domain_that_is_not_aws_is_refused() {
        let found = findings_of(&permission("sns.amazonaws.co"), Rule::UnknownServicePrincipal);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Invoke");
        assert!(found[0].message.starts_with("the permission's `Principal` `sns.amazonaws.co` is not a service principal AWS knows: it does not end in the domain of an AWS partition"), "{}", found[0].message);
        assert!(found[0].message.contains("did you mean `sns.amazonaws.com`?"), "{}", found[0].message);
    }

    #[test]
    fn a_misspelt_service_in_a_trust_policy_is_refused() {
        let found = findings_of(&trust("[ec2.amazonaws.com, lamda.amazonaws.com]"), Rule::UnknownServicePrincipal);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Role");
        assert!(found[0].message.contains("`lamda` is no AWS service's name; did you mean `lambda.amazonaws.com`?"), "{}", found[0].message);
    }

    #[test]
    fn principals_aws_knows_pass_in_every_form() {
        for principal in [
            "sns.amazonaws.com",
            "!Sub sns.${AWS::URLSuffix}",
            "!Join ['', [sns., !Ref AWS::URLSuffix]]",
            "123456789012",
            "'*'",
            "arn:aws:iam::123456789012:root",
        ] {
            assert_eq!(findings_of(&permission(principal), Rule::UnknownServicePrincipal), [], "{principal}");
        }
        for service in [
            "lambda.amazonaws.com",
            "logs.us-east-1.amazonaws.com",
            "!Sub logs.${AWS::Region}.amazonaws.com",
            "!Sub states.${AWS::Region}.${AWS::URLSuffix}",
            "ec2.amazonaws.com.cn",
            "[ecs-tasks.amazonaws.com, edgelambda.amazonaws.com, vpc-flow-logs.amazonaws.com]",
            "delivery.logs.amazonaws.com",
            "alexa-appkit.amazon.com",
            "!Ref PrincipalParameter",
        ] {
            let template = trust(service).replace("Resources:", "Parameters:\n  PrincipalParameter: {Type: String}\nResources:");
            assert_eq!(findings_of(&template, Rule::UnknownServicePrincipal), [], "{service}");
        }
    }

    #[test]
    fn the_judgement_reads_regions_and_partitions() {
        assert_eq!(judge("codedeploy.cn-north-1.amazonaws.com.cn", false), None);
        assert_eq!(judge("cloudtrail.amazonaws.com", false), None);
        assert!(judge("cloudtrial.amazonaws.com", false).is_some_and(|m| m.contains("`cloudtrail.amazonaws.com`")));
        assert!(judge("lambda", false).is_some());
        assert!(judge("sqs.amazonws.com", false).is_some_and(|m| m.contains("`sqs.amazonaws.com`")));
        // A short unknown name is not judged: too many real names are one letter from a prefix.
        assert_eq!(judge("abcd.amazonaws.com", false), None);
    }
}
