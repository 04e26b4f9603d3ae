//! `trail-logs-role-refused`: The role a trail hands CloudTrail for CloudWatch Logs may not write the trail's log group.
//!
//! CloudTrail sends a trail's events to CloudWatch Logs by assuming the trail's
//! `CloudWatchLogsRoleArn`, which must allow `logs:CreateLogStream` and `logs:PutLogEvents` on the
//! log streams CloudTrail creates in the trail's own `CloudWatchLogsLogGroupArn`
//! (`<account>_CloudTrail_<region>…`). A role of the template whose policies (all held by the
//! template) allow neither on that group is reported: CloudTrail refuses the trail ("Access denied.
//! Verify in IAM that the role has adequate permissions") or delivers nothing. A role or group
//! outside the template, or a role with a policy the template does not hold, is not judged.

use crate::check::fixes::{get_att, map};
use crate::check::key_users::{role_allows, role_caller, role_policy_fix};
use crate::check::resolve::{Env, referenced};
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::policy::eval::Request;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "trail-logs-role-refused",
    summary: "The role a trail hands CloudTrail for CloudWatch Logs may not create log streams in or put events into the trail's own log group: CloudTrail refuses the trail or delivers nothing.",
    description: "The role a trail hands CloudTrail for CloudWatch Logs may not write the trail's log group.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/awscloudtrail/latest/userguide/send-cloudtrail-events-to-cloudwatch-logs.html"],
    page: "docs/guarded/audit-trail.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::CloudTrail::Trail" {
            continue;
        }
        let props = &decl.properties;
        // An organization trail's streams are named for the organization: not judged.
        if props.get("IsOrganizationTrail").is_some_and(|on| matches!(on, Node::Bool(true)) || on.as_str() == Some("true"))
        {
            continue;
        }
        let Some((role_id, _)) = props.get("CloudWatchLogsRoleArn").and_then(|r| referenced(env, r, "AWS::IAM::Role"))
        else {
            continue;
        };
        let Some((group_id, Some(attribute))) =
            props.get("CloudWatchLogsLogGroupArn").and_then(|g| referenced(env, g, "AWS::Logs::LogGroup"))
        else {
            continue;
        };
        if attribute != "Arn" {
            continue;
        }
        let d = &env.deployment;
        let group = d.log_group_arn(&env.log_group_name(group_id, 0));
        let stream = format!("{group}:log-stream:{}_CloudTrail_{}", d.account, d.region);
        let requests = ["logs:CreateLogStream", "logs:PutLogEvents"]
            .map(|action| Request::new(role_caller(env, role_id), action, &stream));
        for request in &requests {
            let action = &request.action;
            if role_allows(template, env, role_id, request) == Some(false) {
                findings.error(
                    Rule::TrailLogsRoleRefused,
                    id,
                    format!(
                        "this trail sends its events to log group `{group_id}` through role `{role_id}`, but no policy of the role allows `{action}` on the group's streams (`{stream}`): CloudTrail refuses the trail or delivers nothing. Allow `logs:CreateLogStream` and `logs:PutLogEvents` on `arn:${{AWS::Partition}}:logs:${{AWS::Region}}:${{AWS::AccountId}}:log-group:<the group's name>:log-stream:${{AWS::AccountId}}_CloudTrail_${{AWS::Region}}*` in the role's policy"
                    ),
                );
                // Both actions on the group's streams: its `Arn` attribute ends in `:*`.
                let statement = map([
                    ("Effect", Node::string("Allow")),
                    ("Action", Node::List(requests.iter().map(|r| Node::string(r.action.as_str())).collect())),
                    ("Resource", get_att(group_id, "Arn")),
                ]);
                if let Some(fix) = role_policy_fix(env, role_id, "WritesTrailLogs", vec![statement], &requests) {
                    findings.with_fix(fix);
                }
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Template;

    fn trail(resource: &str) -> Template {
        let text = r#"{"Resources": {
          "TrailLogs": {"Type": "AWS::Logs::LogGroup", "Properties": {"LogGroupName": "CloudTrail/audit", "RetentionInDays": 365}},
          "TrailLogsRole": {"Type": "AWS::IAM::Role", "Properties": {
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "cloudtrail.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
            "Policies": [{"PolicyName": "write", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": RESOURCE}]}}]}},
          "Trail": {"Type": "AWS::CloudTrail::Trail", "Properties": {"IsLogging": true, "S3BucketName": "outside-bucket",
            "CloudWatchLogsLogGroupArn": {"Fn::GetAtt": ["TrailLogs", "Arn"]},
            "CloudWatchLogsRoleArn": {"Fn::GetAtt": ["TrailLogsRole", "Arn"]}}}
        }}"#;
        Template::from_json(&text.replace("RESOURCE", resource)).unwrap()
    }

    fn found(t: &Template) -> Vec<(String, &'static str)> {
        crate::check::run(t)
            .errors
            .iter()
            .filter(|f| f.rule.id() == "trail-logs-role-refused")
            .map(|f| (f.logical_id.clone(), f.rule.id()))
            .collect()
    }

    #[test]
    fn a_role_allowed_on_the_trails_own_group_passes() {
        // The statement AWS documents, on the trail's group.
        let documented = r#"{"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:CloudTrail/audit:log-stream:${AWS::AccountId}_CloudTrail_${AWS::Region}*"}"#;
        assert_eq!(found(&trail(documented)), []);
        assert_eq!(found(&trail(r#"{"Fn::Sub": "${TrailLogs.Arn}"}"#)), []);
    }

    #[test]
    fn a_role_allowed_on_another_group_is_refused() {
        let other = r#"{"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:other:*"}"#;
        let refused = trail(other);
        assert_eq!(found(&refused), [("Trail".to_owned(), "trail-logs-role-refused")]);
        let message = crate::check::run(&refused).errors.into_iter().find(|f| f.logical_id == "Trail").unwrap().message;
        assert!(message.contains("`logs:CreateLogStream`"), "{message}");
    }

    #[test]
    fn the_policy_shown_lets_the_role_write_the_trails_group() {
        let other = r#"{"Fn::Sub": "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:other:*"}"#;
        let text = crate::emit::write_node(&trail(other).to_node(), crate::format::Format::Yaml).unwrap();
        assert_eq!(
            crate::check::rules::tests::findings_after_fixes(&text, crate::check::Rule::TrailLogsRoleRefused),
            []
        );
    }
}
