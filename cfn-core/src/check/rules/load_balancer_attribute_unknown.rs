//! `load-balancer-attribute-unknown`: A load balancer attribute key its type does not have.
//!
//! An `AWS::ElasticLoadBalancingV2::LoadBalancer`'s `LoadBalancerAttributes` are key and value
//! pairs; Elastic Load Balancing refuses a key the load balancer's type does not take ("Key … not
//! valid"), and the stack fails. The keys and the types that take each are AWS's
//! (`data::LOAD_BALANCER_ATTRIBUTES`). Reported: a key of another type (`idle_timeout.timeout_seconds`
//! on a Network Load Balancer), and a key within two letters of a known one that is none
//! (`access_logs.s3.enable` for `access_logs.s3.enabled`). A key far from every known one may be
//! newer than the list and is not judged.
//!
//! The access-log checks read a misspelt key as the key it was meant to be ([`meant`]): a load
//! balancer whose `access_logs.s3.enable` is `true` is judged as one that sends access logs, and
//! the misspelling is this rule's finding, not a log bucket that seems unused.

use crate::check::deliveries::items;
use crate::check::resolve::Env;
use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix, fixes, spelling};
use crate::node::Node;
use crate::data::LOAD_BALANCER_ATTRIBUTES;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "load-balancer-attribute-unknown",
    summary: "A load balancer attribute key its type does not take (a misspelling such as `access_logs.s3.enable`, or an Application Load Balancer key on a Network Load Balancer): Elastic Load Balancing refuses it and the stack fails.",
    description: "A key of an `AWS::ElasticLoadBalancingV2::LoadBalancer`'s `LoadBalancerAttributes` is an attribute of another type of load balancer (`idle_timeout.timeout_seconds` on a Network Load Balancer), or is within two letters of a key AWS lists and is none (`access_logs.s3.enable` for `access_logs.s3.enabled`). Elastic Load Balancing refuses the attributes (\"Key … not valid\") and the stack fails. Write the key as AWS lists it for the load balancer's type.",
    level: Level::Error,
    aws_docs: &[
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#load-balancer-attributes",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html#load-balancer-attributes",
        "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html",
    ],
    page: "docs/guarded/access-logs.md",
    fix: FixShown::TemplateText,
};

/// The type of load balancer `properties` make: `application` unless `Type` says otherwise;
/// `None` when `Type` cannot be read.
fn load_balancer_type(env: &Env<'_>, properties: &crate::template::resource::Properties) -> Option<String> {
    match properties.get("Type") {
        None => Some("application".to_owned()),
        Some(value) => env.text(value),
    }
}

/// The key AWS lists that `key` is, or was meant to be for a load balancer of `load_balancer_type`
/// (the nearest key of that type within two letters); `None` when it is neither.
pub(crate) fn meant(key: &str, load_balancer_type: Option<&str>) -> Option<&'static str> {
    let of_type = |(_, types): &&(&'static str, crate::data::LoadBalancerTypes)| {
        load_balancer_type.is_none_or(|t| types.include(t))
    };
    if let Some((known, _)) = LOAD_BALANCER_ATTRIBUTES.iter().filter(of_type).find(|(known, _)| *known == key) {
        return Some(known);
    }
    spelling::nearest(key, LOAD_BALANCER_ATTRIBUTES.iter().filter(of_type).map(|(known, _)| *known), 2)
}

pub(crate) fn check<'t>(template: &'t Template, env: &Env<'t>, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if decl.resource_type != "AWS::ElasticLoadBalancingV2::LoadBalancer" {
            continue;
        }
        let kind = load_balancer_type(env, &decl.properties);
        for attribute in items(decl.properties.get("LoadBalancerAttributes")) {
            let written = attribute.as_map().and_then(|a| a.get("Key"));
            let Some(key) = written.and_then(|k| env.text(k)) else {
                continue;
            };
            // The key to write instead, when the finding is a misspelling.
            let mut corrected = None;
            let known = LOAD_BALANCER_ATTRIBUTES.iter().find(|(known, _)| *known == key);
            let message = match (known, kind.as_deref()) {
                (Some(_), None) => continue,
                (Some((_, types)), Some(kind)) if types.include(kind) => continue,
                (Some((_, types)), Some(kind)) => {
                    let takers = match types {
                        crate::data::LoadBalancerTypes::Application => "Application Load Balancers only",
                        crate::data::LoadBalancerTypes::Network => "Network Load Balancers only",
                        _ => "Application and Network Load Balancers only",
                    };
                    format!("the attribute `{key}` is one of {takers}; this load balancer's type is `{kind}`, which refuses it (\"Key {key} not valid\") and the stack fails. Remove it, or set the attribute this type has for it")
                }
                (None, kind) => match meant(&key, kind) {
                    Some(meant) => {
                        corrected = Some(meant);
                        format!("the attribute key `{key}` is not one Elastic Load Balancing has: it refuses it (\"Key {key} not valid\") and the stack fails. Write `{meant}`")
                    }
                    None => continue,
                },
            };
            findings.error(Rule::LoadBalancerAttributeUnknown, id, message);
            if let Some(meant) = corrected
                && let Some(path) = written.and_then(|w| fixes::path_of(env, id, w))
            {
                findings.with_fix(TemplateFix::Property { resource: id.clone(), path, value: Node::string(meant) });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn load_balancer(kind: &str, key: &str) -> String {
        format!(
            r#"
Resources:
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: {kind}
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      LoadBalancerAttributes:
        - Key: {key}
          Value: "true"
"#
        )
    }

    #[test]
    fn a_misspelt_key_is_refused() {
        let found = findings_of(&load_balancer("application", "access_logs.s3.enable"), Rule::LoadBalancerAttributeUnknown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Balancer");
        assert_eq!(
            found[0].message,
            "the attribute key `access_logs.s3.enable` is not one Elastic Load Balancing has: it refuses it (\"Key access_logs.s3.enable not valid\") and the stack fails. Write `access_logs.s3.enabled`"
        );
        let Some(crate::check::TemplateFix::Property { path, value, .. }) = found[0].fix.as_deref() else {
            panic!("a value to set: {:?}", found[0].fix)
        };
        assert_eq!((path.join("."), value.as_str()), ("LoadBalancerAttributes.0.Key".to_owned(), Some("access_logs.s3.enabled")));
        // Fixed, the key is one AWS has (and access logging is then judged as on).
        let fixed = findings_after_fixes(&load_balancer("application", "access_logs.s3.enable"), Rule::LoadBalancerAttributeUnknown);
        assert_eq!(fixed, []);
    }

    #[test]
    fn a_key_of_another_type_is_refused() {
        let found = findings_of(&load_balancer("network", "routing.http2.enabled"), Rule::LoadBalancerAttributeUnknown);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].message.starts_with("the attribute `routing.http2.enabled` is one of Application Load Balancers only; this load balancer's type is `network`"), "{}", found[0].message);
        let found = findings_of(&load_balancer("gateway", "access_logs.s3.enabled"), Rule::LoadBalancerAttributeUnknown);
        assert_eq!(found.len(), 1, "{found:?}");
    }

    #[test]
    fn keys_of_the_type_pass() {
        for (kind, key) in [
            ("application", "routing.http2.enabled"),
            ("application", "access_logs.s3.enabled"),
            ("network", "load_balancing.cross_zone.enabled"),
            ("network", "dns_record.client_routing_policy"),
            ("gateway", "deletion_protection.enabled"),
            // A key far from every known one may be newer than the list.
            ("application", "some_future.feature.enabled"),
        ] {
            assert_eq!(findings_of(&load_balancer(kind, key), Rule::LoadBalancerAttributeUnknown), [], "{kind} {key}");
        }
    }

    /// A load balancer that sends access logs into `Logs`, a bucket with no policy, with the
    /// access-log keys written as `enabled` and `bucket`.
    fn logging(enabled: &str, bucket: &str) -> String {
        format!(
            r#"
Resources:
  Logs:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {{SSEAlgorithm: AES256}}
  Balancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-0123456789abcdef0, subnet-0123456789abcdef1]
      LoadBalancerAttributes:
        - Key: {enabled}
          Value: "true"
        - Key: {bucket}
          Value: !Ref Logs
"#
        )
    }

    #[test]
    fn the_access_log_checks_read_a_misspelt_key_as_the_key_it_was_meant_to_be() {
        let right = logging("access_logs.s3.enabled", "access_logs.s3.bucket");
        let misspelt = logging("access_logs.s3.enable", "access_logs.s3.buckett");
        // The bucket lets nobody in: the delivery is judged either way, as logging is on.
        let denied = findings_of(&right, Rule::DeliveryPolicyDeniesService);
        assert_eq!(denied.len(), 1, "{denied:?}");
        assert_eq!(findings_of(&misspelt, Rule::DeliveryPolicyDeniesService), denied);
        // The misspellings are the findings of this rule.
        assert_eq!(findings_of(&right, Rule::LoadBalancerAttributeUnknown), []);
        assert_eq!(findings_of(&misspelt, Rule::LoadBalancerAttributeUnknown).len(), 2);
        // In a scoped stack the SSE-S3 bucket is still the load balancer's log bucket.
        let scoped = crate::check::rules::tests::errors_in_scope(&misspelt, "pci", Rule::ScopedTypeWithoutGuarantee);
        assert!(scoped.iter().all(|f| !f.full_message().contains("SSE-S3 bucket")), "{scoped:?}");
        // (A bucket no access-log key names is held to the data-bucket rules.)
        let unnamed = logging("access_logs.s3.enabled", "other.key");
        let scoped = crate::check::rules::tests::errors_in_scope(&unnamed, "pci", Rule::ScopedTypeWithoutGuarantee);
        assert!(scoped.iter().any(|f| f.full_message().contains("SSE-S3 bucket")), "{scoped:?}");
    }
}
