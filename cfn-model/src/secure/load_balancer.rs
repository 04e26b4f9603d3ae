//! Application Load Balancer access logs, wired on both sides: the load balancer's
//! `access_logs.s3.*` attributes into a [`LoadBalancerLogBucket`], created after the bucket's
//! policy (the load balancer checks it when logging is turned on).
//!
//! See <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>.

use crate::node::Node;
use crate::resources::elasticloadbalancingv2::{LoadBalancer, load_balancer};
use crate::secure::bucket::{BucketHandles, LoadBalancerLogBucket};
use crate::stack::{AllowedIn, Compliance};
use crate::template::Template;
use crate::template::attributes::Attributes;
use crate::template::construct::Construct;
use crate::template::handle::Handle;
use crate::template::resource::{Properties, Resource as _};
use crate::value::Value;

/// An Application Load Balancer whose access logs go to a [`LoadBalancerLogBucket`], built by
/// [`LoadBalancer::access_logs`]. Added with `template.build(…)`: the load balancer with the
/// attributes `access_logs.s3.enabled` = `true` and `access_logs.s3.bucket` = the bucket (no
/// prefix: the bucket's policy lets the logs in under `AWSLogs/<account>/` only), created after the
/// bucket's policy.
///
/// [`LoadBalancerLogBucket`]: crate::secure::LoadBalancerLogBucket
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedLoadBalancer {
    inner: LoadBalancer,
    bucket: Node,
    policy: String,
}

impl LoadBalancer {
    /// Turns on access logs into `bucket` (an `AccessLogBucket::for_load_balancers()`: SSE-S3, the
    /// Region's load balancer log delivery in its policy). Add the result with
    /// `template.build(…)`: it is created after the bucket's policy. For Application Load
    /// Balancers: a Network Load Balancer's logs are vended logs (see `VendedLogsBucket`).
    pub fn access_logs<B: LoadBalancerLogTarget>(self, bucket: &BucketHandles<B>) -> LoggedLoadBalancer {
        LoggedLoadBalancer {
            inner: self,
            bucket: crate::template::handle::ref_node(bucket.bucket.logical_id()),
            policy: bucket.policy.logical_id().to_owned(),
        }
    }
}

mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot receive Application Load Balancer access logs",
        label = "not a bucket built for load balancer logs",
        note = "load balancer logs go only to an SSE-S3 bucket whose policy lets the Region's load balancer log delivery write: `template.build(\"AccessLogs\", AccessLogBucket::new(365).for_load_balancers())`"
    )]
    pub trait Sealed {}
}

/// A bucket Application Load Balancer access logs may go to: SSE-S3, its policy letting the
/// Region's load balancer log delivery in. Sealed: only [`LoadBalancerLogBucket`].
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot receive Application Load Balancer access logs",
    label = "not a bucket built for load balancer logs",
    note = "load balancer logs go only to an SSE-S3 bucket whose policy lets the Region's load balancer log delivery write: `template.build(\"AccessLogs\", AccessLogBucket::new(365).for_load_balancers())`"
)]
pub trait LoadBalancerLogTarget: sealed::Sealed + crate::handle::HasAttributes {}

impl<W> sealed::Sealed for LoadBalancerLogBucket<W> {}
impl<W> LoadBalancerLogTarget for LoadBalancerLogBucket<W> {}

/// One `LoadBalancerAttributes` entry.
fn attribute(key: &str, value: Value<String>) -> Node {
    use crate::value::Literal as _;
    load_balancer::LoadBalancerAttribute::new().key(key).value(value).to_node()
}

impl Construct for LoggedLoadBalancer {
    type Output = Handle<LoadBalancer>;

    fn add_to(self, template: &mut Template, logical_id: &str) -> Handle<LoadBalancer> {
        let mut properties: Properties = self.inner.into_properties();
        match properties.get("Type").and_then(Node::as_str) {
            None | Some("application") => {}
            Some("network") => properties.refuse(
                "`LoadBalancer::access_logs` writes Application Load Balancer access logs, and this load balancer's `Type` is `network`: a Network Load Balancer's logs are vended logs, delivered by `delivery.logs.amazonaws.com` into a `VendedLogsBucket`".to_owned(),
            ),
            Some(kind) => properties.refuse(format!(
                "`LoadBalancer::access_logs` writes Application Load Balancer access logs, and this load balancer's `Type` is `{kind}`, which has no access logs: remove `access_logs`, or log the traffic where it is inspected (VPC flow logs on the appliances' subnets)"
            )),
        }
        let entries = [
            attribute("access_logs.s3.enabled", Value::from("true")),
            attribute("access_logs.s3.bucket", Value::from_node(self.bucket)),
        ];
        match properties.get("LoadBalancerAttributes") {
            None => properties.set("LoadBalancerAttributes", Node::List(entries.into())),
            Some(Node::List(existing)) => {
                // The bucket's policy lets the logs in under `AWSLogs/<account>/` only.
                let prefix = existing.iter().filter_map(Node::as_map).find(|m| m.get("Key").and_then(Node::as_str) == Some("access_logs.s3.prefix"));
                let shown = prefix
                    .and_then(|m| m.get("Value"))
                    .filter(|v| v.as_str() != Some(""))
                    .map(|value| value.as_str().map_or_else(|| "an intrinsic".to_owned(), |text| format!("`{text}`")));
                let mut all: Vec<Node> = existing
                    .iter()
                    .filter(|entry| {
                        let key = entry.as_map().and_then(|m| m.get("Key")).and_then(Node::as_str);
                        !matches!(key, Some("access_logs.s3.enabled" | "access_logs.s3.bucket"))
                    })
                    .cloned()
                    .collect();
                all.extend(entries);
                properties.set("LoadBalancerAttributes", Node::List(all));
                if let Some(shown) = shown {
                    properties.refuse(format!(
                        "`access_logs.s3.prefix` is {shown}, but `access_logs` writes into a bucket whose policy lets the load balancer's logs in under `AWSLogs/<account>/` only, so the load balancer fails to create (\"Access Denied for bucket\"): remove the prefix attribute"
                    ));
                }
            }
            Some(_) => properties.refuse(
                "the load balancer's `LoadBalancerAttributes`, set before `access_logs`, is an intrinsic, so `access_logs` cannot add its attributes to it: set them all in one place".to_owned(),
            ),
        }
        let attributes = Attributes::new().depends_on_id(&self.policy);
        crate::__private::add_parts(
            template,
            logical_id,
            LoadBalancer::TYPE,
            LoadBalancer::TAGGING,
            properties,
            attributes,
        )
    }
}

impl<C: Compliance> AllowedIn<C> for LoggedLoadBalancer {}
impl crate::__private::ResourceSeal for LoggedLoadBalancer {}
