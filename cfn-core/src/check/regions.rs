//! A template whose conditions depend on the Region, judged in more than one Region.
//!
//! The check judges a template in one sample deployment ([`super::resolve`]): the Region its
//! literal ARNs name, else `us-east-1`. A condition the Region decides — `Fn::Equals` of
//! `AWS::Region` and a literal, an `Fn::FindInMap` keyed by `AWS::Region`, or a condition built on
//! such (`Fn::Not`, `Fn::And`, `Fn::Or`, `Condition`) — evaluates one way in that Region, so the
//! branch of each `Fn::If` (or the resources under a `Condition`) that other Regions deploy would
//! never be judged: an access-log bucket policy whose principal is chosen by whether the Region
//! has an Elastic Load Balancing log account would pass with a wrong principal for the Regions
//! that have none. CloudFormation evaluates conditions in the Region it deploys to
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/conditions-section-structure.html>).
//!
//! The same holds for a value a resource looks up by the Region without a condition (an
//! `Fn::FindInMap` keyed by `AWS::Region` in its properties: a principal or an account per
//! Region), which the sample Region alone would judge for one entry of the mapping.
//!
//! So when a condition that a resource uses (in `Fn::If` or as its `Condition`) depends on the
//! Region, or a resource looks a value up by it, the top-level check judges the template in more
//! Regions than the sample's:
//!
//! - the Regions the template names where it compares or looks up the Region — literals in an
//!   `Fn::Equals` with the Region, the keys of a mapping looked up by `AWS::Region` (at its top
//!   level or in its rows) — at most
//!   [`MAX_NAMED`] of them, in the sample's partition, in the template's order, those that decide
//!   the Region's conditions differently, or whose resources' lookups find other values, than the
//!   Regions already taken first;
//! - one Region the template names nowhere and that has no Elastic Load Balancing log account
//!   ([`crate::data::NEWER_REGIONS`]), standing for every Region the template did not foresee.
//!
//! A Region where a lookup CloudFormation always evaluates finds no entry (nor a `DefaultValue`)
//! is not judged: the stack fails there, so the template is not meant for it. A lookup in a
//! branch of an `Fn::If` or in a resource under a `Condition` does not rule a Region out, since
//! CloudFormation evaluates only what the Region deploys
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-findinmap.html>,
//! <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-conditions.html>).
//!
//! A finding that holds in every Region judged (its message equal once the Region's own words
//! are taken out of it: its name, and the account or service that delivers its load balancers'
//! access logs) is reported as the sample Region's finding, as a one-Region check reports it;
//! one that holds only in some is reported with the Regions it holds in before its message
//! (``in Region `ap-southeast-4`: ``). A template none of whose used conditions depends on the
//! Region, and none of whose resources looks a value up by it, is judged once. The same grouping
//! of findings by Region serves the StackSets ([`super::stack_sets`]), which are judged in each
//! Region they list.
//!
//! The Regions judged are a sample: an entry of a mapping that repeats another Region's value
//! finds nothing new, so it is not chosen. Where AWS publishes the value per Region (the load
//! balancers' log delivery accounts), `delivery-policy-denies-service` compares the mapping with
//! AWS's table entry by entry instead (`elb_account_entries`).

use crate::check::resolve::{Env, is_region};
use crate::check::{Finding, Severity};
use crate::node::{Function, Node};
use crate::template::Template;

/// At most this many Regions named by the template are judged besides the sample's.
pub(super) const MAX_NAMED: usize = 4;

/// The Regions to judge `template` in, the sample Region first: empty when no condition a
/// resource uses depends on the Region and no resource looks a value up by it (the template is
/// judged once, in the sample deployment).
pub(super) fn to_judge(template: &Template) -> Vec<String> {
    let regional: Vec<&str> = template
        .conditions
        .keys()
        .map(String::as_str)
        .filter(|name| condition_depends_on_region(template, name, 0))
        .collect();
    let uses_regional =
        !regional.is_empty() && super::views::used_conditions(template).iter().any(|c| regional.contains(c));
    // A resource's value the Region decides without a condition: an `Fn::FindInMap` keyed by the
    // Region in its properties (a principal or an account looked up per Region).
    // (Without mappings there is nothing to look up: the walk is skipped.)
    let in_resources = if template.mappings.is_empty() { Vec::new() } else { resource_lookups(template) };
    if !uses_regional && in_resources.is_empty() {
        return Vec::new();
    }
    let mut env = Env::new(template);
    let sample = env.deployment.region.clone();
    let partition = env.deployment.partition.clone();
    let mut candidates: Vec<String> = Vec::new();
    let mut add = |region: &str| {
        if is_region(region)
            && region != sample
            && crate::data::partition_of(region) == partition
            && !candidates.iter().any(|c| c == region)
        {
            candidates.push(region.to_owned());
        }
    };
    for name in &regional {
        if let Some(node) = template.conditions.get(*name) {
            node.walk(&mut |n| {
                if let Node::Fn(Function::Equals, arg) = n
                    && let Node::List(sides) = &**arg
                    && sides.iter().any(depends_on_region)
                {
                    sides.iter().filter_map(Node::as_str).for_each(&mut add);
                }
            });
        }
    }
    for key in region_keys(template) {
        add(key);
    }
    let mut lookups = lookups_by_region(template);
    lookups.extend(unconditional_resource_lookups(template));
    candidates.retain(|region| deploys_in(&lookups, &mut env, region));
    // How the Region's conditions evaluate in each Region, and what the resources' lookups find:
    // Regions that decide them differently from those taken already come first, so the named
    // Regions judged cover every way the template goes that a named Region shows.
    let mut decides = |region: &str| -> (Vec<bool>, Vec<Option<Node>>) {
        env.deployment.region = region.to_owned();
        let env = &env;
        let conditions = regional.iter().map(|name| super::views::holds(template, env, name, true, 0)).collect();
        let key = |key: &Node| super::views::decided(env, key, 0);
        let found = in_resources.iter().map(|arg| env.find_in_map(arg, &key).cloned()).collect();
        (conditions, found)
    };
    let mut seen = vec![decides(&sample)];
    let mut chosen: Vec<usize> = Vec::new();
    for (i, candidate) in candidates.iter().enumerate() {
        if chosen.len() >= MAX_NAMED {
            break;
        }
        let decided = decides(candidate);
        if !seen.contains(&decided) {
            seen.push(decided);
            chosen.push(i);
        }
    }
    for i in 0..candidates.len() {
        if chosen.len() >= MAX_NAMED {
            break;
        }
        if !chosen.contains(&i) {
            chosen.push(i);
        }
    }
    chosen.sort_unstable();
    let mut regions = vec![sample];
    regions.extend(chosen.into_iter().map(|i| candidates[i].clone()));
    if partition == "aws" {
        let unnamed = crate::data::NEWER_REGIONS.into_iter().find(|region| !template_names(template, region));
        regions.extend(unnamed.filter(|region| deploys_in(&lookups, &mut env, region)).map(str::to_owned));
    }
    regions
}

/// The arguments of the `Fn::FindInMap`s of the template's conditions whose top-level or
/// second-level key reads the Region.
fn lookups_by_region(template: &Template) -> Vec<&Node> {
    region_lookups(template.conditions.values())
}

/// The arguments of the `Fn::FindInMap`s of the template's resources (properties and other
/// attributes, and the resources its `Fn::ForEach` loops write) whose top-level or second-level
/// key reads the Region.
fn resource_lookups(template: &Template) -> Vec<&Node> {
    let resources = template
        .resources
        .values()
        .flat_map(|decl| decl.properties.as_map().values().chain(decl.attributes.other.values()));
    // Resources an `Fn::ForEach` writes: their lookups are the same in every copy.
    region_lookups(resources.chain(template.resource_loops.values()))
}

/// [`resource_lookups`] that CloudFormation evaluates wherever the stack deploys: not in a branch
/// of an `Fn::If` (only the branch chosen is evaluated, so a lookup there may have no entry for
/// Regions that take the other) nor in a resource created under a `Condition` (written as such or
/// by an `Fn::ForEach`).
fn unconditional_resource_lookups(template: &Template) -> Vec<&Node> {
    let mut found = Vec::new();
    // Iterative, as `Node::walk` is: a value nested deeper than the stack allows is walked too.
    let mut pending: Vec<&Node> = template
        .resources
        .values()
        .filter(|decl| decl.attributes.condition.is_none())
        .flat_map(|decl| decl.properties.as_map().values().chain(decl.attributes.other.values()))
        .chain(template.resource_loops.values())
        .collect();
    while let Some(node) = pending.pop() {
        match node {
            Node::Fn(Function::If, _) => {}
            // A resource an `Fn::ForEach` writes under a `Condition`.
            Node::Map(map) if map.contains_key("Type") && map.contains_key("Condition") => {}
            Node::Fn(Function::FindInMap, arg) if keyed_by_region(arg) => {
                found.push(&**arg);
            }
            Node::Fn(_, arg) => pending.push(arg),
            Node::List(items) => pending.extend(items),
            Node::Map(map) => pending.extend(map.values()),
            _ => {}
        }
    }
    found
}

/// The arguments of the `Fn::FindInMap`s in `nodes` keyed by the Region.
fn region_lookups<'t>(nodes: impl IntoIterator<Item = &'t Node>) -> Vec<&'t Node> {
    let mut found = Vec::new();
    for node in nodes {
        node.walk(&mut |n| {
            if let Node::Fn(Function::FindInMap, arg) = n
                && keyed_by_region(arg)
            {
                found.push(&**arg);
            }
        });
    }
    found
}

/// Whether the arguments of an `Fn::FindInMap` read the Region in its top-level or its
/// second-level key.
pub(crate) fn keyed_by_region(arg: &Node) -> bool {
    matches!(arg, Node::List(parts) if parts.iter().skip(1).take(2).any(depends_on_region))
}

/// Whether the template deploys in `region` as far as its lookups by the Region say: CloudFormation
/// evaluates every condition, and every resource property outside an `Fn::If` branch of a
/// resource created in every Region, and an `Fn::FindInMap` there (`lookups`) that is keyed by
/// the Region and finds no entry for it (nor a `DefaultValue`) fails the stack there — a mapping
/// of the Regions the template supports. Such a Region is not judged.
fn deploys_in(lookups: &[&Node], env: &mut Env<'_>, region: &str) -> bool {
    env.deployment.region = region.to_owned();
    let env = &*env;
    let key = |key: &Node| super::views::decided(env, key, 0);
    lookups.iter().all(|arg| {
        let Node::List(parts) = arg else { return true };
        // A lookup whose name or keys a parameter decides may find its entry.
        !parts.iter().take(3).all(|part| key(part).is_some()) || env.find_in_map(arg, &key).is_some()
    })
}

/// Whether condition `name` depends on the Region, directly or through the conditions it names.
fn condition_depends_on_region(template: &Template, name: &str, depth: usize) -> bool {
    let Some(node) = template.conditions.get(name) else { return false };
    if depth >= 16 {
        return false;
    }
    let mut depends = depends_on_region(node);
    if !depends {
        node.walk(&mut |n| {
            let named = match n {
                Node::Fn(Function::Condition, named) => named.as_str(),
                Node::Map(map) if map.len() == 1 => map.get("Condition").and_then(Node::as_str),
                _ => None,
            };
            if let Some(named) = named {
                depends = depends || condition_depends_on_region(template, named, depth + 1);
            }
        });
    }
    depends
}

/// Whether `node` reads the Region: `Ref AWS::Region`, or `${AWS::Region}` in an `Fn::Sub`.
fn depends_on_region(node: &Node) -> bool {
    let mut depends = false;
    node.walk(&mut |n| match n {
        Node::Fn(Function::Ref, name) if name.as_str() == Some("AWS::Region") => depends = true,
        Node::Fn(Function::Sub, arg) => {
            let text = match &**arg {
                Node::List(parts) => parts.first().and_then(Node::as_str),
                other => other.as_str(),
            };
            depends = depends || text.is_some_and(|t| t.contains("${AWS::Region}"));
        }
        _ => {}
    });
    depends
}

/// The keys an `Fn::FindInMap` of the template's conditions or resources looks the Region up
/// among, in the order first met: the top-level keys of its mapping when its top-level key reads
/// `AWS::Region`, the keys of each of the mapping's rows when its second-level key does.
fn region_keys(template: &Template) -> Vec<&str> {
    let mut keys: Vec<&str> = Vec::new();
    for arg in lookups_by_region(template).into_iter().chain(resource_lookups(template)) {
        let Node::List(parts) = arg else { continue };
        let Some(mapping) = parts.first().and_then(Node::as_str).and_then(|name| template.mappings.get(name)) else {
            continue;
        };
        if parts.get(1).is_some_and(depends_on_region) {
            keys.extend(mapping.0.keys().map(String::as_str));
        }
        if parts.get(2).is_some_and(depends_on_region) {
            for row in mapping.0.values() {
                if let Node::Map(row) = row {
                    keys.extend(row.keys().map(String::as_str));
                }
            }
        }
    }
    let mut seen: Vec<&str> = Vec::new();
    keys.retain(|key| {
        let new = !seen.contains(key);
        seen.push(key);
        new
    });
    keys
}

/// Whether `region` is written anywhere in the template: its parameters, mappings, conditions,
/// resources (loops too) and outputs.
fn template_names(template: &Template, region: &str) -> bool {
    let in_node = |node: &Node| names(node, region);
    template.parameters.values().any(|p| p.default.iter().chain(&p.allowed_values).any(in_node))
        || template.mappings.values().any(|m| m.0.iter().any(|(key, row)| key.contains(region) || in_node(row)))
        || template.conditions.values().any(in_node)
        || template.resources.values().any(|decl| {
            decl.properties.as_map().values().any(in_node)
                || decl.attributes.other.values().any(in_node)
                || decl.attributes.metadata.iter().any(in_node)
        })
        || template.resource_loops.values().any(in_node)
        || template.outputs.values().any(|o| in_node(&o.value) || o.export_name.iter().any(in_node))
}

/// Whether `region` is written anywhere in `node`: in a text or a mapping's key.
fn names(node: &Node, region: &str) -> bool {
    let mut pending = vec![node];
    while let Some(node) = pending.pop() {
        match node {
            Node::String(text) if text.contains(region) => return true,
            Node::List(items) => pending.extend(items),
            Node::Map(map) => {
                if map.keys().any(|key| key.contains(region)) {
                    return true;
                }
                pending.extend(map.values());
            }
            Node::Fn(_, arg) => pending.push(arg),
            _ => {}
        }
    }
    false
}

/// The findings of one pass over a template, in the Region it was judged in (`None`: the sample
/// deployment's).
pub(super) type Pass = (Option<String>, Vec<(Finding, Severity)>);

/// Each finding of the passes over a template, one pass per Region (`None`: the sample's), with
/// the Regions it holds in, in the order first found: a finding is the same in two Regions when
/// it is equal, severity included.
pub(super) fn by_finding(passes: Vec<Pass>) -> Vec<(Finding, Severity, Vec<String>)> {
    let mut grouped: Vec<(Finding, Severity, Vec<String>)> = Vec::new();
    for (region, found) in passes {
        for (finding, severity) in found {
            match grouped.iter_mut().find(|(f, s, _)| *f == finding && *s == severity) {
                Some((_, _, regions)) => regions.extend(region.clone()),
                None => grouped.push((finding, severity, region.clone().into_iter().collect())),
            }
        }
    }
    grouped
}

/// ``in Region `eu-west-1` `` or ``in Regions `eu-west-1`, `eu-central-1` ``; empty for none.
pub(super) fn phrase(regions: &[String]) -> String {
    match regions {
        [] => String::new(),
        [one] => format!("in Region `{one}`"),
        many => format!("in Regions {}", many.iter().map(|r| format!("`{r}`")).collect::<Vec<_>>().join(", ")),
    }
}

/// `finding` with `prefix` before its message (its typed hint kept in place).
pub(super) fn prefixed(finding: &Finding, prefix: &str) -> Finding {
    Finding {
        message: format!("{prefix}{}", finding.message),
        hint_at: prefix.len() + finding.hint_at.start..prefix.len() + finding.hint_at.end,
        ..finding.clone()
    }
}

/// The findings of the passes over one template in `regions` (the sample's first; `passes` in the
/// same order): a finding of every Region, once its Region's name is taken out of its message, as
/// the sample Region's finding; the others with the Regions they hold in before the message.
pub(super) fn merge(regions: &[String], passes: Vec<Vec<(Finding, Severity)>>) -> Vec<(Finding, Severity)> {
    // A finding's words with the Region it was found in taken out — its name, and who delivers its
    // load balancers' access logs (an account of its own, or the service): the same finding in
    // each Region.
    let key = |finding: &Finding, severity: Severity, region: &str| {
        let (_, log_delivery) = super::deliveries::elb_log_account(region);
        let general = |text: &str| text.replace(region, "\u{1}").replace(log_delivery, "\u{2}");
        (
            finding.rule,
            finding.logical_id.clone(),
            severity,
            general(&finding.message),
            finding.typed_hint.as_deref().map(general),
        )
    };
    type Key = (crate::check::Rule, String, Severity, String, Option<String>);
    let mut everywhere: Vec<(Key, usize)> = Vec::new();
    for (region, found) in regions.iter().zip(&passes) {
        let mut counted: Vec<Key> = Vec::new();
        for (finding, severity) in found {
            let key = key(finding, *severity, region);
            if counted.contains(&key) {
                continue;
            }
            match everywhere.iter_mut().find(|(k, _)| *k == key) {
                Some((_, count)) => *count += 1,
                None => everywhere.push((key.clone(), 1)),
            }
            counted.push(key);
        }
    }
    let holds_everywhere = |finding: &Finding, severity: Severity, region: &str| {
        let key = key(finding, severity, region);
        everywhere.iter().any(|(k, count)| *k == key && *count == regions.len())
    };
    let mut merged: Vec<(Finding, Severity)> = Vec::new();
    let mut some: Vec<Pass> = Vec::new();
    for (i, (region, found)) in regions.iter().zip(passes).enumerate() {
        let mut here = Vec::new();
        for (finding, severity) in found {
            if holds_everywhere(&finding, severity, region) {
                // The sample's own words; the other Regions' are the same finding.
                if i == 0 {
                    merged.push((finding, severity));
                }
            } else {
                here.push((finding, severity));
            }
        }
        some.push((Some(region.clone()), here));
    }
    for (finding, severity, in_regions) in by_finding(some) {
        merged.push((prefixed(&finding, &format!("{}: ", phrase(&in_regions))), severity));
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::to_judge;
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;
    use crate::template::Template;

    /// A load balancer logging into a bucket whose policy chooses the principal, as
    /// `AccessLogBucket::for_load_balancers` writes it, by whether the Region has an Elastic Load
    /// Balancing log account; `otherwise` is the principal of the Regions without one.
    fn chosen_principal(otherwise: &str) -> String {
        format!(
            r#"
Mappings:
  ElbLogDeliveryAccounts:
    us-east-1: {{Principal: "arn:aws:iam::127311923021:root"}}
    eu-west-1: {{Principal: "arn:aws:iam::156460612806:root"}}
Conditions:
  ElbRegionHasLogDeliveryAccount: !Or
    - !Equals [!Ref AWS::Region, us-east-1]
    - !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {{SSEAlgorithm: AES256}}
  LogsPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref Logs
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Sid: AllowLoadBalancerLogDelivery
            Effect: Allow
            Principal: !If
              - ElbRegionHasLogDeliveryAccount
              - AWS: !FindInMap [ElbLogDeliveryAccounts, !Ref AWS::Region, Principal]
              - Service: {otherwise}
            Action: s3:PutObject
            Resource: !Sub "${{Logs.Arn}}/AWSLogs/${{AWS::AccountId}}/*"
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    DependsOn: LogsPolicy
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      LoadBalancerAttributes:
        - {{Key: access_logs.s3.enabled, Value: "true"}}
        - {{Key: access_logs.s3.bucket, Value: !Ref Logs}}
"#
        )
    }

    #[test]
    fn a_principal_wrong_for_the_regions_without_a_log_account_is_found_in_a_newer_region() {
        let template = Template::from_yaml(&chosen_principal("delivery.logs.amazonaws.com")).unwrap();
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1", "ap-southeast-4"]);
        let found = findings_of(&chosen_principal("delivery.logs.amazonaws.com"), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Balancer");
        assert!(found[0].message.starts_with("in Region `ap-southeast-4`: "), "{}", found[0].message);
        assert!(found[0].message.contains("logdelivery.elasticloadbalancing.amazonaws.com"), "{}", found[0].message);
    }

    #[test]
    fn the_principal_the_construct_writes_passes_in_every_region() {
        let yaml = chosen_principal("logdelivery.elasticloadbalancing.amazonaws.com");
        assert_eq!(findings_of(&yaml, Rule::DeliveryPolicyDeniesService), []);
    }

    #[test]
    fn a_mapping_entry_wrong_for_its_region_is_found_in_that_region() {
        // eu-west-1's account written as us-east-1's: the mapping is read in each Region judged.
        let yaml =
            chosen_principal("logdelivery.elasticloadbalancing.amazonaws.com").replace("156460612806", "127311923021");
        let found = findings_of(&yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("in Region `eu-west-1`: "), "{}", found[0].message);
        assert!(found[0].message.contains("arn:aws:iam::156460612806:root"), "{}", found[0].message);
    }

    /// A load balancer logging into a bucket whose policy looks its principal up by the Region,
    /// with no condition: the mapping's Regions only (a Region outside it fails at the lookup).
    fn looked_up_principal(ireland: &str) -> String {
        chosen_principal("logdelivery.elasticloadbalancing.amazonaws.com")
            .replace(
                "            Principal: !If\n              - ElbRegionHasLogDeliveryAccount\n              - AWS: !FindInMap [ElbLogDeliveryAccounts, !Ref AWS::Region, Principal]\n              - Service: logdelivery.elasticloadbalancing.amazonaws.com\n",
                "            Principal: {AWS: !FindInMap [ElbLogDeliveryAccounts, !Ref AWS::Region, Principal]}\n",
            )
            .replace("Conditions:\n  ElbRegionHasLogDeliveryAccount: !Or\n    - !Equals [!Ref AWS::Region, us-east-1]\n    - !Equals [!Ref AWS::Region, eu-west-1]\n", "")
            .replace("156460612806", ireland)
    }

    #[test]
    fn a_principal_looked_up_by_the_region_without_a_condition_is_judged_in_the_mappings_regions() {
        let yaml = looked_up_principal("156460612806");
        assert!(!yaml.contains("Conditions") && !yaml.contains("!If"), "{yaml}");
        let template = Template::from_yaml(&yaml).unwrap();
        // The newer Region is not judged: the lookup finds no entry there, so the stack fails there.
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1"]);
        assert_eq!(findings_of(&yaml, Rule::DeliveryPolicyDeniesService), []);
        // Ireland's entry written as Virginia's account: found in Ireland only.
        let found = findings_of(&looked_up_principal("127311923021"), Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("in Region `eu-west-1`: "), "{}", found[0].message);
        assert!(found[0].message.contains("arn:aws:iam::156460612806:root"), "{}", found[0].message);
    }

    #[test]
    fn a_mapping_with_the_regions_in_its_rows_is_judged_in_them() {
        // The accounts keyed by Region at the second level: `!FindInMap [Accounts, Elb, !Ref AWS::Region]`.
        let yaml = looked_up_principal("127311923021")
            .replace(
                "  ElbLogDeliveryAccounts:\n    us-east-1: {Principal: \"arn:aws:iam::127311923021:root\"}\n    eu-west-1: {Principal: \"arn:aws:iam::127311923021:root\"}\n",
                "  ElbLogDeliveryAccounts:\n    Principal: {us-east-1: \"arn:aws:iam::127311923021:root\", eu-west-1: \"arn:aws:iam::127311923021:root\"}\n",
            )
            .replace("[ElbLogDeliveryAccounts, !Ref AWS::Region, Principal]", "[ElbLogDeliveryAccounts, Principal, !Ref AWS::Region]");
        assert!(yaml.contains("Principal, !Ref AWS::Region]"), "{yaml}");
        let template = Template::from_yaml(&yaml).unwrap();
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1"]);
        let found = findings_of(&yaml, Rule::DeliveryPolicyDeniesService);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("in Region `eu-west-1`: "), "{}", found[0].message);
    }

    #[test]
    fn a_lookup_by_the_region_in_a_resource_a_loop_writes_is_judged_in_the_mappings_regions() {
        // The bucket policy written by `Fn::ForEach`, its principal looked up by the Region.
        let yaml = r#"
Transform: AWS::LanguageExtensions
Mappings:
  ElbLogDeliveryAccounts:
    us-east-1: {Principal: "arn:aws:iam::127311923021:root"}
    eu-west-1: {Principal: "arn:aws:iam::127311923021:root"}
Resources:
  Logs:
    Type: AWS::S3::Bucket
  Fn::ForEach::Policies:
    - Name
    - [Logs]
    - ${Name}Policy:
        Type: AWS::S3::BucketPolicy
        Properties:
          Bucket: !Ref Logs
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Principal: {AWS: !FindInMap [ElbLogDeliveryAccounts, !Ref AWS::Region, Principal]}
                Action: s3:PutObject
                Resource: !Sub "${Logs.Arn}/AWSLogs/${AWS::AccountId}/*"
"#;
        let template = Template::from_yaml(yaml).unwrap();
        assert!(template.resources.len() == 1, "the policy is written by the loop");
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1"]);
    }

    #[test]
    fn a_lookup_by_the_region_in_a_property_no_rule_reads_changes_no_finding() {
        let yaml = r#"
Mappings:
  Images:
    us-east-1: {Id: ami-0123456789abcdef0}
    eu-west-1: {Id: ami-0fedcba9876543210}
    ap-south-1: {Id: ami-0aaaaaaaaaaaaaaaa}
Resources:
  Server:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: !FindInMap [Images, !Ref AWS::Region, Id]
      InstanceType: t3.micro
"#;
        let template = Template::from_yaml(yaml).unwrap();
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1", "ap-south-1"]);
        let report = crate::check::run(&template);
        assert_eq!((report.errors.len(), report.warnings.len()), (0, 0), "{report:?}");
    }

    /// A function whose log group's key is chosen by whether the Region is `eu-west-1`.
    const KEY_BY_REGION: &str = r#"
Conditions:
  InIreland: !Equals [!Ref AWS::Region, eu-west-1]
Resources:
  GoodKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
          - Effect: Allow
            Principal: {Service: !Sub "logs.${AWS::Region}.amazonaws.com"}
            Action: [kms:Encrypt*, kms:Decrypt*, kms:ReEncrypt*, kms:GenerateDataKey*, kms:Describe*]
            Resource: "*"
            Condition:
              ArnLike:
                kms:EncryptionContext:aws:logs:arn: !Sub "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:*"
  BareKey:
    Type: AWS::KMS::Key
    Properties:
      KeyPolicy:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}
            Action: kms:*
            Resource: "*"
  Group:
    Type: AWS::Logs::LogGroup
    Properties:
      RetentionInDays: 365
      KmsKeyId: !If [InIreland, !GetAtt BareKey.Arn, !GetAtt GoodKey.Arn]
"#;

    #[test]
    fn a_key_chosen_by_an_equals_of_the_region_is_judged_in_both_regions() {
        let template = Template::from_yaml(KEY_BY_REGION).unwrap();
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1", "ap-southeast-4"]);
        let found = findings_of(KEY_BY_REGION, Rule::LogGroupKeyDeniesLogs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("in Region `eu-west-1`: "), "{}", found[0].message);
        // The other way round: the bare key in every Region but eu-west-1.
        let swapped = KEY_BY_REGION.replace(
            "[InIreland, !GetAtt BareKey.Arn, !GetAtt GoodKey.Arn]",
            "[InIreland, !GetAtt GoodKey.Arn, !GetAtt BareKey.Arn]",
        );
        let found = findings_of(&swapped, Rule::LogGroupKeyDeniesLogs);
        // Each Region's finding names its own logs principal: one finding per Region.
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].message.starts_with("in Region `us-east-1`: "), "{}", found[0].message);
        assert!(found[0].message.contains("logs.us-east-1.amazonaws.com"), "{}", found[0].message);
        assert!(found[1].message.starts_with("in Region `ap-southeast-4`: "), "{}", found[1].message);
        // A finding whose words are the same in two Regions is one, naming both: a key with two
        // statements of one Sid, created everywhere but in eu-west-1.
        let twice = format!(
            "{}  Elsewhere:\n    Type: AWS::KMS::Key\n    Condition: NotInIreland\n    Properties:\n      KeyPolicy:\n        Version: \"2012-10-17\"\n        Statement:\n          - {{Sid: Root, Effect: Allow, Principal: {{AWS: \"arn:aws:iam::123456789012:root\"}}, Action: \"kms:*\", Resource: \"*\"}}\n          - {{Sid: Root, Effect: Allow, Principal: {{AWS: \"arn:aws:iam::123456789012:root\"}}, Action: \"kms:Decrypt\", Resource: \"*\"}}\n",
            KEY_BY_REGION.replace("Resources:", "  NotInIreland: !Not [!Condition InIreland]\nResources:")
        );
        let found = findings_of(&twice, Rule::PolicyDuplicateSid);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Elsewhere");
        assert!(
            found[0].message.starts_with("in Regions `us-east-1`, `ap-southeast-4`: two statements of the key policy"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_finding_of_every_region_is_reported_as_in_one_region() {
        // The bare key in both branches: the finding names each Region's logs principal, and is
        // the same finding once that name is taken out.
        let both_bare = KEY_BY_REGION.replace("!GetAtt GoodKey.Arn]", "!GetAtt BareKey.Arn]");
        let found = findings_of(&both_bare, Rule::LogGroupKeyDeniesLogs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(!found[0].message.contains("in Region"), "{}", found[0].message);
        let one_pass = both_bare.replace("!Equals [!Ref AWS::Region, eu-west-1]", "!Equals [a, b]");
        assert_eq!(to_judge(&Template::from_yaml(&one_pass).unwrap()), Vec::<String>::new());
        assert_eq!(findings_of(&one_pass, Rule::LogGroupKeyDeniesLogs), found);
    }

    #[test]
    fn conditions_not_on_the_region_or_unused_leave_one_pass() {
        let unused =
            KEY_BY_REGION.replace("!If [InIreland, !GetAtt BareKey.Arn, !GetAtt GoodKey.Arn]", "!GetAtt GoodKey.Arn");
        assert_eq!(to_judge(&Template::from_yaml(&unused).unwrap()), Vec::<String>::new());
        let by_parameter = KEY_BY_REGION
            .replace("Conditions:", "Parameters:\n  Home:\n    Type: String\nConditions:")
            .replace("!Ref AWS::Region, eu-west-1", "!Ref Home, eu-west-1");
        assert_eq!(to_judge(&Template::from_yaml(&by_parameter).unwrap()), Vec::<String>::new());
        // Through another condition, and through a mapping looked up by the Region.
        let through = KEY_BY_REGION.replace(
            "  InIreland: !Equals [!Ref AWS::Region, eu-west-1]",
            "  Irish: !Equals [!FindInMap [Homes, !Ref AWS::Region, Home], ireland]\n  InIreland: !And [!Condition Irish, !Equals [a, a]]",
        );
        let through = format!(
            "Mappings:\n  Homes:\n    us-east-1: {{Home: usa}}\n    eu-west-1: {{Home: ireland}}\n    eu-west-2: {{Home: britain}}\n    us-gov-west-1: {{Home: usa}}\n{through}"
        );
        let template = Template::from_yaml(&through).unwrap();
        // us-gov-west-1 is in another partition than the sample's; a Region the mapping lacks
        // does not deploy the template (its condition's `Fn::FindInMap` fails there).
        assert_eq!(to_judge(&template), ["us-east-1", "eu-west-1", "eu-west-2"]);
        let found = findings_of(&through, Rule::LogGroupKeyDeniesLogs);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("in Region `eu-west-1`: "), "{}", found[0].message);
    }

    #[test]
    fn at_most_four_named_regions_those_deciding_differently_first_and_a_named_newer_region_is_skipped() {
        let yaml = "Conditions:\n  A: !Or [!Equals [!Ref AWS::Region, eu-west-1], !Equals [!Ref AWS::Region, eu-west-2], !Equals [!Ref AWS::Region, eu-west-3], !Equals [!Ref AWS::Region, eu-north-1]]\n  B: !Equals [!Ref AWS::Region, sa-east-1]\nResources:\n  Topic:\n    Type: AWS::SNS::Topic\n    Properties:\n      DisplayName: !If [A, a, !If [B, b, ap-southeast-4]]\n";
        let template = Template::from_yaml(yaml).unwrap();
        // sa-east-1 decides B as no other does; ap-southeast-4 is named (as a display name).
        assert_eq!(
            to_judge(&template),
            ["us-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1", "eu-central-2"]
        );
    }
}
