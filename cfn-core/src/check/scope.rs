//! What the two rules on compliance-scoped stacks (`scoped-type-without-guarantee`,
//! `scoped-store-without-customer-key`) share: what a property must hold, and how it is read.
//!
//! Compliance-scoped stacks, in the final template: whatever way a resource came in (typed,
//! raw, parsed, or added after `Stack::into_template`), a scoped stack's template holds only
//! resources that meet the regime.
//!
//! - The guard table's scoped types (log groups, buckets, databases, secrets, keys) enter a
//!   `Stack<C>` at compile time only as their secure counterparts; here, the guarantee those
//!   counterparts write is what is checked ((`rules/scoped_type_without_guarantee.rs`)), so a raw or parsed one is held to
//!   the same rule.
//! - The data stores without a secure counterpart ((`rules/scoped_store_without_customer_key.rs`)) are admitted as their generated
//!   types, because their encryption is one or two properties: those properties are checked.
//!
//! An intrinsic (a `Ref`, an `Fn::ImportValue`) is given the benefit of the doubt: only a literal
//! that breaks the rule, or a missing property, is reported. An `Fn::If` is judged branch by
//! branch (`views`).

use crate::check::resolve::Env;
use crate::node::Node;
use crate::template::Template;
use crate::template::resource::Properties;

/// What a property must hold.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Need {
    /// `true`.
    True,
    /// One of these literal texts.
    OneOf(&'static [&'static str]),
    /// A key that is not AWS managed: anything but an `alias/aws/…` literal.
    CustomerKey,
    /// Anything but a literal (a dynamic reference or an intrinsic).
    NotLiteral,
}

/// One property (a path into nested property types) and what it must hold.
pub(crate) type Check = (&'static [&'static str], Need);

/// Where a bucket's default encryption names its algorithm.
pub(crate) const SSE_ALGORITHM: &[&str] =
    &["BucketEncryption", "ServerSideEncryptionConfiguration", "0", "ServerSideEncryptionByDefault", "SSEAlgorithm"];

/// Whether another bucket of the template sends its server access logs to bucket `id`.
pub(crate) fn is_access_log_target(template: &Template, env: &Env<'_>, id: &str) -> bool {
    let names_bucket = |node: Option<&Node>| {
        node.and_then(|node| crate::check::resolve::referenced(env, node, "AWS::S3::Bucket"))
            .is_some_and(|(bucket, _)| bucket == id)
    };
    template.resources.values().any(|decl| {
        let properties = &decl.properties;
        match decl.resource_type.as_str() {
            "AWS::S3::Bucket" => names_bucket(lookup(properties, &["LoggingConfiguration", "DestinationBucketName"])),
            // CloudFront standard logs, by the bucket's domain name (`Fn::GetAtt B.RegionalDomainName`).
            "AWS::CloudFront::Distribution" => {
                names_bucket(lookup(properties, &["DistributionConfig", "Logging", "Bucket"]))
            }
            // Application Load Balancer access logs (`access_logs.s3.bucket`).
            "AWS::ElasticLoadBalancingV2::LoadBalancer" => match properties.get("LoadBalancerAttributes") {
                Some(Node::List(attributes)) => attributes.iter().filter_map(Node::as_map).any(|attribute| {
                    // A misspelt key counts as the key it was meant to be (a finding of its own).
                    attribute
                        .get("Key")
                        .and_then(|k| env.text(k))
                        .and_then(|k| crate::check::rules::load_balancer_attribute_unknown::meant(&k, None))
                        == Some("access_logs.s3.bucket")
                        && names_bucket(attribute.get("Value"))
                }),
                _ => false,
            },
            _ => false,
        }
    })
}

/// What `checks` find wrong in `properties`, in words.
pub(crate) fn failures(properties: &Properties, checks: &[Check]) -> Vec<String> {
    checks
        .iter()
        .filter(|(path, need)| !holds(lookup(properties, path), *need))
        .map(|(path, need)| {
            let what = match need {
                Need::True => "`true`".to_owned(),
                Need::OneOf(texts) => texts.iter().map(|t| format!("`{t}`")).collect::<Vec<_>>().join(" or "),
                Need::CustomerKey => "a customer managed key (not `alias/aws/…`)".to_owned(),
                Need::NotLiteral => "resolved from Secrets Manager, never literal text".to_owned(),
            };
            format!("`{}` must be {what}", path.join("."))
        })
        .collect()
}

pub(crate) fn lookup<'a>(properties: &'a Properties, path: &[&str]) -> Option<&'a Node> {
    let (first, rest) = path.split_first()?;
    let mut node = properties.get(first)?;
    for name in rest {
        node = match node {
            Node::Map(map) => map.get(*name)?,
            Node::List(items) => items.get(name.parse::<usize>().ok()?)?,
            // An intrinsic that yields the whole property type: not knowable here.
            Node::Fn(..) => return Some(node),
            _ => return None,
        };
    }
    Some(node)
}

fn holds(value: Option<&Node>, need: Need) -> bool {
    match (value, need) {
        (None, _) => false,
        (Some(Node::Fn(..)), _) => true,
        (Some(Node::Bool(b)), Need::True) => *b,
        (Some(Node::String(s)), Need::True) => s.eq_ignore_ascii_case("true"),
        (Some(Node::String(s)), Need::OneOf(texts)) => texts.contains(&s.as_str()),
        (Some(Node::String(s)), Need::CustomerKey) => !s.starts_with("alias/aws/") && !s.contains(":alias/aws/"),
        (Some(Node::String(s)), Need::NotLiteral) => s.starts_with("{{resolve:"),
        (Some(_), _) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(pairs: &[(&'static str, Node)]) -> Properties {
        let mut p = Properties::new();
        for (k, v) in pairs {
            p.set(k, v.clone());
        }
        p
    }

    #[test]
    fn list_elements_are_looked_up_by_index() {
        let by_default = Node::Map([("SSEAlgorithm".to_owned(), Node::string("AES256"))].into_iter().collect());
        let rule = Node::Map([("ServerSideEncryptionByDefault".to_owned(), by_default)].into_iter().collect());
        let encryption =
            Node::Map([("ServerSideEncryptionConfiguration".to_owned(), Node::List(vec![rule]))].into_iter().collect());
        let p = props(&[("BucketEncryption", encryption)]);
        let path: &[&str] = &[
            "BucketEncryption",
            "ServerSideEncryptionConfiguration",
            "0",
            "ServerSideEncryptionByDefault",
            "SSEAlgorithm",
        ];
        assert_eq!(lookup(&p, path), Some(&Node::string("AES256")));
    }
}
