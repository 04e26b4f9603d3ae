//! StackSets judged in each Region they deploy to.
//!
//! An `AWS::CloudFormation::StackSet` whose template is inline (`TemplateBody`) deploys that
//! template once per account and Region of its `StackInstancesGroup`. What AWS decides can depend
//! on the Region: the account that delivers a load balancer's access logs, Regional service
//! principals (`logs.<region>.amazonaws.com`), ARNs that name the Region. So the body is checked as
//! a template of its own, once in each Region listed (in the check's sample Region when none is
//! listed or the list cannot be read), and each finding is reported on the StackSet resource,
//! naming the Regions it holds in and the body's resource. A body the check cannot read (not
//! literal text, not a template) is not judged here; `TemplateURL` is not fetched.
//!
//! When the StackSet's member template is also part of the same check (an app's StackSet, whose
//! member stack is checked with the others), a finding the member's own resource already carries
//! is not repeated: only what differs by Region is added.

use crate::check::{Finding, Report, Severity};
use crate::node::Node;
use crate::template::Template;

/// How deep StackSets may nest inside StackSet bodies before the check stops looking.
const MAX_DEPTH: usize = 4;

/// The findings of each StackSet's body, in each of its Regions, on the StackSet resource.
pub(super) fn findings(
    template: &Template,
    scope_of: &dyn Fn(&str) -> Option<&'static str>,
    outer: &[(Finding, Severity)],
    depth: usize,
) -> Vec<(Finding, Severity)> {
    let mut found = Vec::new();
    if depth >= MAX_DEPTH {
        return found;
    }
    let mut stack_sets =
        template.resources.iter().filter(|(_, decl)| decl.resource_type == "AWS::CloudFormation::StackSet").peekable();
    if stack_sets.peek().is_none() {
        return found;
    }
    let env = super::resolve::Env::new(template);
    for (id, decl) in stack_sets {
        let Some(body) = decl.properties.get("TemplateBody").and_then(Node::as_str) else { continue };
        let Ok(member) = read_body(body) else { continue };
        let mut regions: Vec<String> = Vec::new();
        for group in super::deliveries::items(decl.properties.get("StackInstancesGroup")) {
            let listed = group.as_map().and_then(|g| g.get("Regions"));
            for region in super::deliveries::items(listed) {
                if let Some(region) = env.text(region).filter(|r| !r.contains('«'))
                    && !regions.contains(&region)
                {
                    regions.push(region);
                }
            }
        }
        found.extend(judge(id, member, &regions, scope_of(id), outer, depth));
    }
    found
}

/// A StackSet's inline body: JSON, or YAML with the feature `yaml` (without it, a YAML body is
/// not judged, as a body the check cannot read).
fn read_body(body: &str) -> Result<Template, crate::format::ParseError> {
    if body.trim_start().starts_with('{') {
        return Template::from_json(body);
    }
    #[cfg(feature = "yaml")]
    return Template::from_yaml(body);
    #[cfg(not(feature = "yaml"))]
    Err(crate::format::ParseError::at("TemplateBody", "a YAML body is read with the feature `yaml`"))
}

/// The findings of `member`, the template of the StackSet `id`, in each of `regions` (in the
/// sample Region when none is given), on the StackSet resource; those `outer` already holds for
/// the member's own resources are left out.
pub(crate) fn judge(
    id: &str,
    mut member: Template,
    regions: &[String],
    scope: Option<&'static str>,
    outer: &[(Finding, Severity)],
    depth: usize,
) -> Vec<(Finding, Severity)> {
    member.scope = scope;
    let runs: Vec<Option<&str>> =
        if regions.is_empty() { vec![None] } else { regions.iter().map(|r| Some(r.as_str())).collect() };
    // Each finding of the body, with the Regions it holds in.
    let passes = runs
        .into_iter()
        .map(|region| {
            let report: Report = super::run_in(&member, &|_| scope, region, depth + 1);
            let found = report
                .errors
                .into_iter()
                .map(|f| (f, Severity::Error))
                .chain(report.warnings.into_iter().map(|f| (f, Severity::Warning)))
                .collect();
            (region.map(str::to_owned), found)
        })
        .collect();
    let mut found = Vec::new();
    for (finding, severity, in_regions) in super::regions::by_finding(passes) {
        // Already reported on the member's own resource, checked with this template.
        if outer.iter().any(|(f, s)| *f == finding && *s == severity) {
            continue;
        }
        let place = super::regions::phrase(&in_regions);
        let place = if place.is_empty() { place } else { format!("{place}, ") };
        let prefix = format!("this StackSet's template, {place}at Resources.{}: ", finding.logical_id);
        let on_stack_set = Finding {
            logical_id: id.to_owned(),
            targets: Vec::new(),
            fix: None,
            ..super::regions::prefixed(&finding, &prefix)
        };
        found.push((on_stack_set, severity));
    }
    found
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;

    /// A StackSet deploying, in `regions`, a load balancer whose access-log bucket lets in only the
    /// Elastic Load Balancing account of `us-east-1`.
    fn stack_set(regions: &str) -> String {
        let body = r#"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: AES256}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::127311923021:root"}
            Action: s3:PutObject
            Resource: !Sub "${Logs.Arn}/*"
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    DependsOn: LogsPolicy
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      LoadBalancerAttributes:
        - {Key: access_logs.s3.enabled, Value: "true"}
        - {Key: access_logs.s3.bucket, Value: !Ref Logs}
"#;
        let indented: String = body.lines().map(|l| format!("        {l}\n")).collect();
        format!(
            r#"
Resources:
  Balancers:
    Type: AWS::CloudFormation::StackSet
    Properties:
      StackSetName: balancers
      PermissionModel: SERVICE_MANAGED
      AutoDeployment: {{Enabled: true, RetainStacksOnAccountRemoval: false}}
      StackInstancesGroup:
        - DeploymentTargets: {{OrganizationalUnitIds: [ou-abcd-12345678]}}
          Regions: [{regions}]
      TemplateBody: |
{indented}"#
        )
    }

    #[test]
    fn a_stack_sets_template_is_judged_in_each_region_it_names() {
        let found = findings_of(&stack_set("us-east-1, eu-west-1"), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Balancers");
        assert!(
            found[0].message.starts_with("this StackSet's template, in Region `eu-west-1`, at Resources.Balancer: "),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_stack_sets_template_decides_its_regions_conditions_in_the_region_it_is_judged_in() {
        // The principal chosen as `AccessLogBucket::for_load_balancers` chooses it, but with the
        // wrong principal for the Regions without a load balancer log account: wrong in
        // ap-southeast-4 (the condition is false there), right in us-east-1.
        let chosen = stack_set("us-east-1, ap-southeast-4")
            .replace(
                "        Resources:\n",
                "        Conditions:\n          HasAccount: !Equals [!Ref AWS::Region, us-east-1]\n        Resources:\n",
            )
            .replace(
                r#"Principal: {AWS: "arn:aws:iam::127311923021:root"}"#,
                r#"Principal: !If [HasAccount, {AWS: "arn:aws:iam::127311923021:root"}, {Service: delivery.logs.amazonaws.com}]"#,
            );
        let found = findings_of(&chosen, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]
                .message
                .starts_with("this StackSet's template, in Region `ap-southeast-4`, at Resources.Balancer: "),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("logdelivery.elasticloadbalancing.amazonaws.com"), "{}", found[0].message);
        // With the right principal for those Regions, nothing.
        let right = chosen.replace("delivery.logs.amazonaws.com}]", "logdelivery.elasticloadbalancing.amazonaws.com}]");
        assert_eq!(findings_of(&right, Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn a_bucket_policy_right_in_every_region_named_passes() {
        assert_eq!(findings_of(&stack_set("us-east-1"), Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn each_region_gets_its_own_finding_and_a_finding_of_every_region_names_them_all() {
        let found = findings_of(&stack_set("eu-west-1, eu-central-1"), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 2, "{found:?}");
        // Each Region's own Elastic Load Balancing account.
        assert!(
            found[0].message.starts_with("this StackSet's template, in Region `eu-west-1`,"),
            "{}",
            found[0].message
        );
        assert!(found[0].message.contains("arn:aws:iam::156460612806:root"), "{}", found[0].message);
        assert!(found[1].message.contains("arn:aws:iam::054676820928:root"), "{}", found[1].message);
        // The same finding in both Regions is reported once.
        let misspelt =
            stack_set("eu-west-1, eu-central-1").replace("Key: access_logs.s3.enabled", "Key: access_logs.s3.enable");
        let found = findings_of(&misspelt, Rule::LoadBalancerAttributeUnknown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.starts_with("this StackSet's template, in Regions `eu-west-1`, `eu-central-1`, at Resources.Balancer: the attribute key `access_logs.s3.enable`"),
            "{}",
            found[0].message
        );
    }
}
