//! Buckets as the bucket constructs write them — `SecureBucket`, `VendedLogsBucket`,
//! `TrailBucket` (without its trail) and `AccessLogBucket` (`for_cloudfront()`,
//! `for_load_balancers()`) — and the deliveries into them: S3 server access logs
//! (`access_logs_to`), an Application Load Balancer's access logs (`LoadBalancer::access_logs`), a
//! CloudFront distribution's standard logs (`cloudfront_logging()`) and vended logs
//! (`log_destination()`). Each construct is built with the library and compared as JSON with what
//! the template holds, so the typed form is written only where it writes the template as it
//! stands; a delivery into a bucket of the wrong kind, or a bucket whose key lacks a grant the
//! construct requires, is written in the typed form anyway, and the program does not compile, with
//! the guard's message. A `SecureBucket`'s or `TrailBucket`'s key outside the template (another
//! stack's export, a parameter, a literal ARN), whose policy cannot be seen here, is asserted to
//! let S3 in (`ExternalKey::from_arn(…).asserting_s3_grant()`), as a log group's is asserted to
//! let CloudWatch Logs in.
//!
//! The AWS rules the constructs encode: server access logs go only to an SSE-S3 bucket whose
//! policy lets `logging.s3.amazonaws.com` in
//! (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html>);
//! load balancer logs likewise, with the Region's Elastic Load Balancing log delivery in the policy
//! (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>);
//! CloudFront writes standard logs through the bucket's ACL, named by its domain name
//! (<https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html>);
//! vended logs are written by `delivery.logs.amazonaws.com`, which the bucket's key must let in
//! (<https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-and-resource-policy.html>).
//!
//! A child of `generate`: it reads and extends the program under construction.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use cfn_model::Template;
use cfn_model::secure::{
    AccessLogBucket, KeyPolicy, KmsKey, LogDeliveryGrant, SecureBucket, TrailBucket, VendedLogsBucket,
};
use serde_json::{Map, Value as J};

use super::{Accessor, Program, Target, attributes_read, get_att_arg, policy_extra, references, same_but_properties};
use crate::names::{Locals, string};

/// Which bucket construct writes a bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// `SecureBucket::new(key)`.
    Secure,
    /// `VendedLogsBucket::new(key)`.
    Vended,
    /// `TrailBucket::new(key)`, without an `AuditTrail` the importer recognises.
    Trail,
    /// `AccessLogBucket::new(days)`, `.for_cloudfront()` and `.for_load_balancers()` as recorded.
    AccessLogs { cloudfront: bool, load_balancers: bool },
}

impl Kind {
    /// The candidates for a bucket encrypted with a key of the template, with a key outside it
    /// (whose S3 grant the program asserts; a `VendedLogsBucket` also needs the log delivery
    /// grant, which cannot be asserted), and for one without (those whose policy must be exactly
    /// theirs before `SecureBucket`, whose policy may hold statements of the template's own after
    /// its first).
    const WITH_KEY: [Kind; 3] = [Kind::Vended, Kind::Trail, Kind::Secure];
    const WITH_OUTSIDE_KEY: [Kind; 2] = [Kind::Trail, Kind::Secure];
    const WITHOUT_KEY: [Kind; 4] = [
        Kind::AccessLogs { cloudfront: false, load_balancers: false },
        Kind::AccessLogs { cloudfront: true, load_balancers: false },
        Kind::AccessLogs { cloudfront: false, load_balancers: true },
        Kind::AccessLogs { cloudfront: true, load_balancers: true },
    ];

    /// The construct's type, as the compiler names it in its messages.
    pub(super) fn name(self) -> &'static str {
        match self {
            Kind::Secure => "SecureBucket",
            Kind::Vended => "VendedLogsBucket",
            Kind::Trail => "TrailBucket",
            Kind::AccessLogs { load_balancers: true, .. } => "LoadBalancerLogBucket",
            Kind::AccessLogs { .. } => "AccessLogBucket",
        }
    }

    /// The properties the construct pins: `configure` may not set them.
    fn pinned(self) -> &'static [&'static str] {
        match self {
            Kind::AccessLogs { .. } => {
                &["BucketEncryption", "PublicAccessBlockConfiguration", "VersioningConfiguration", "OwnershipControls"]
            }
            _ => &["BucketEncryption", "PublicAccessBlockConfiguration", "VersioningConfiguration"],
        }
    }

    /// Whether the construct sends its own server access logs with `access_logs_to`.
    fn logs_its_access(self) -> bool {
        !matches!(self, Kind::AccessLogs { .. })
    }

    /// Whether S3 server access logs may go into it (`ServerLogTarget`).
    fn takes_server_logs(self) -> bool {
        matches!(self, Kind::AccessLogs { .. })
    }
}

/// The key a bucket construct is encrypted with.
#[derive(Debug, Clone)]
pub(super) enum BucketKey {
    /// A key of the template, by logical ID: `key.arn()`.
    Template(String),
    /// A key outside the template (another stack's export, a parameter, a literal ARN), `how` it
    /// is named: `ExternalKey::from_arn(arn).asserting_s3_grant()`.
    Outside { arn: J, how: &'static str },
}

/// A bucket imported as its construct.
#[derive(Debug, Clone)]
pub(super) struct Bucket {
    pub(super) kind: Kind,
    /// Its key (`None`: SSE-S3).
    pub(super) key: Option<BucketKey>,
    /// An access-log bucket's retention, as the template writes it.
    days: Option<J>,
    /// The local of the handles the construct gives back.
    pub(super) handles: String,
    /// Its properties other than those the construct writes (set with `configure`).
    rest: Map<String, J>,
    /// Its policy's statements after those the construct writes (`SecureBucket::statement`).
    extra: Vec<Map<String, J>>,
    /// What it is created after (`SecureBucket::depends_on`).
    depends_on: Vec<String>,
    /// Event notifications to encrypted topics and queues (`SecureBucket::notify_topic`,
    /// `notify_queue`), in the order they are written: the topic or queue, and the event.
    notifications: Vec<(String, String)>,
}

/// A way a service delivers into a bucket that the typed API routes through an accessor of the
/// bucket construct's handles: the resource type and property path that name the bucket, the
/// attribute read there, the accessor (which gives the typed attribute, `Attr<s3::Bucket, …>`),
/// and the kinds of bucket whose handles have it.
struct BucketDelivery {
    resource: &'static str,
    path: &'static [&'static str],
    attribute: &'static str,
    accessor: &'static str,
    vended: bool,
}

const BUCKET_DELIVERIES: [BucketDelivery; 3] = [
    // CloudFront standard logs: the bucket's Regional domain name; `cloudfront_logging()` exists on
    // every access-log bucket's handles and compiles only for one built `for_cloudfront()`.
    BucketDelivery {
        resource: "AWS::CloudFront::Distribution",
        path: &["DistributionConfig", "Logging", "Bucket"],
        attribute: "RegionalDomainName",
        accessor: "cloudfront_logging",
        vended: false,
    },
    // Vended logs: the bucket's ARN, from a `VendedLogsBucket`'s `log_destination()`.
    BucketDelivery {
        resource: "AWS::EC2::FlowLog",
        path: &["LogDestination"],
        attribute: "Arn",
        accessor: "log_destination",
        vended: true,
    },
    BucketDelivery {
        resource: "AWS::Route53Resolver::ResolverQueryLoggingConfig",
        path: &["DestinationArn"],
        attribute: "Arn",
        accessor: "log_destination",
        vended: true,
    },
];

/// The `Fn::GetAtt` reads the template's resources make at a position of [`BUCKET_DELIVERIES`]:
/// (reader, bucket, attribute, whether a vended-log destination).
fn delivery_reads(resources: &Map<String, J>) -> Vec<(String, String, String, bool)> {
    let mut out = Vec::new();
    for (user, resource) in resources {
        let ty = resource.get("Type").and_then(J::as_str).unwrap_or_default();
        let Some(properties) = resource.get("Properties") else { continue };
        for row in BUCKET_DELIVERIES.iter().filter(|d| d.resource == ty) {
            let mut values = Vec::new();
            crate::generate::values_at(properties, row.path, &mut values);
            for value in values {
                if let Some((bucket, attribute)) = value.get("Fn::GetAtt").and_then(get_att_arg)
                    && attribute == row.attribute
                {
                    out.push((user.clone(), bucket, attribute, row.vended));
                }
            }
        }
    }
    out
}

/// How often `value` names the mapping or condition `name` (`Fn::FindInMap`, `Fn::If`, a
/// `Condition`).
fn uses(value: &J, name: &str) -> usize {
    match value {
        J::Object(map) => map
            .iter()
            .map(|(key, v)| {
                let here = match (key.as_str(), v) {
                    ("Condition", J::String(s)) => s == name,
                    ("Fn::FindInMap" | "Fn::If", J::Array(l)) => l.first().and_then(J::as_str) == Some(name),
                    _ => false,
                };
                usize::from(here) + uses(v, name)
            })
            .sum(),
        J::Array(items) => items.iter().map(|i| uses(i, name)).sum(),
        _ => 0,
    }
}

/// The resources a bucket construct writes, built with the library.
struct Written {
    bucket: J,
    policy: J,
    mappings: Map<String, J>,
    conditions: Map<String, J>,
}

/// What construct `kind` writes for logical ID `id` with key `key` (an access-log bucket keeping
/// logs one day: the caller puts the template's retention in).
fn written(kind: Kind, id: &str, key: Option<&BucketKey>) -> Option<Written> {
    let mut t = Template::new();
    // A key outside the template: written with a key of the template, whose ARN is then replaced.
    let (key, outside) = match key {
        None => (None, None),
        Some(BucketKey::Template(key)) => (Some(key.as_str()), None),
        Some(BucketKey::Outside { arn, .. }) => (Some("OutsideKey"), Some(arn)),
    };
    let key = key.map(|key| t.add(key, KmsKey::new(KeyPolicy::account_root().grant_s3().grant(LogDeliveryGrant))));
    match (kind, key) {
        (Kind::Secure, Some(key)) => {
            t.build(id, SecureBucket::new(key.arn()));
        }
        (Kind::Vended, Some(key)) => {
            t.build(id, VendedLogsBucket::new(key.arn()));
        }
        (Kind::Trail, Some(key)) => {
            t.build(id, TrailBucket::new(key.arn()));
        }
        (Kind::AccessLogs { cloudfront, load_balancers }, None) => match (cloudfront, load_balancers) {
            (false, false) => {
                t.build(id, AccessLogBucket::new(1));
            }
            (true, false) => {
                t.build(id, AccessLogBucket::new(1).for_cloudfront());
            }
            (false, true) => {
                t.build(id, AccessLogBucket::new(1).for_load_balancers());
            }
            (true, true) => {
                t.build(id, AccessLogBucket::new(1).for_cloudfront().for_load_balancers());
            }
        },
        _ => return None,
    }
    let value = t.to_node().to_json_value();
    let resources = value.get("Resources")?.as_object()?;
    let section = |name: &str| value.get(name).and_then(J::as_object).cloned().unwrap_or_default();
    let mut bucket = resources.get(id)?.clone();
    if let Some(arn) = outside {
        *bucket.pointer_mut(&format!("/Properties{KEY_ARN}"))? = arn.clone();
    }
    Some(Written {
        bucket,
        policy: resources.get(&format!("{id}Policy"))?.clone(),
        mappings: section("Mappings"),
        conditions: section("Conditions"),
    })
}

/// What the compiler says where `source`'s server access logs go to `target`, a bucket of `kind`
/// that cannot take them, and why.
fn server_logs_refused(kind: Kind, source: &str, target: &str) -> String {
    format!(
        "`` `{}` cannot receive S3 server access logs ``: the server access logs of {source} go to {target}, and S3 delivers them only to a bucket with SSE-S3 default encryption whose policy lets `logging.s3.amazonaws.com` write, so none arrive; send them to an `AccessLogBucket`",
        kind.name()
    )
}

/// The pointer to a bucket's default encryption key below its `Properties`.
const KEY_ARN: &str =
    "/BucketEncryption/ServerSideEncryptionConfiguration/0/ServerSideEncryptionByDefault/KMSMasterKeyID";

/// The pointer to an access-log bucket's retention in what the construct writes.
const EXPIRATION: &str = "/Properties/LifecycleConfiguration/Rules/0/ExpirationInDays";

impl Program<'_> {
    /// Buckets written as a bucket construct writes them (the bucket and its policy `<id>Policy`,
    /// with `configure`-style extra properties), whose attributes the rest of the template reads
    /// only through the construct's handles; then the load balancers whose access logs go into
    /// them as `LoadBalancer::access_logs` writes it.
    pub(super) fn recognise_buckets(&mut self, resources: &Map<String, J>, locals: &mut Locals) {
        let trail_buckets: BTreeSet<&String> = self.trails.values().map(|t| &t.bucket).collect();
        let mut found = Vec::new();
        for (id, resource) in resources {
            if resource.get("Type").and_then(J::as_str) != Some("AWS::S3::Bucket") || trail_buckets.contains(id) {
                continue;
            }
            if let Some(bucket) = self.bucket_construct(resources, id, resource) {
                found.push((id.clone(), bucket));
            }
        }
        for (id, (kind, key, days, mut rest, extra, mut depends_on)) in found {
            let handles = locals.fresh(&id, "_handles");
            let policy = format!("{id}Policy");
            self.parts.insert(policy, (id.clone(), format!("{handles}.policy.clone()")));
            let notifications =
                if kind == Kind::Secure { self.notifications(&mut rest, &mut depends_on) } else { Vec::new() };
            self.buckets.insert(id, Bucket { kind, key, days, handles, rest, extra, depends_on, notifications });
        }
        for (id, resource) in resources {
            if let Some(bucket) = self.logged_balancer(resource) {
                self.balancers.insert(id.clone(), bucket);
            }
        }
    }

    /// The construct that writes bucket `id` as it stands, with what it is configured with.
    #[allow(clippy::type_complexity)]
    fn bucket_construct(
        &self,
        resources: &Map<String, J>,
        id: &str,
        resource: &J,
    ) -> Option<(Kind, Option<BucketKey>, Option<J>, Map<String, J>, Vec<Map<String, J>>, Vec<String>)> {
        let policy = resources
            .get(&format!("{id}Policy"))
            .filter(|p| p.get("Type").and_then(J::as_str) == Some("AWS::S3::BucketPolicy"))?;
        let key = match resource.pointer(&format!("/Properties{KEY_ARN}")) {
            None => None,
            Some(arn) => match self.outside_key(arn) {
                Some(how) => Some(BucketKey::Outside { arn: arn.clone(), how }),
                None => {
                    let (key, attribute) = get_att_arg(arn.get("Fn::GetAtt")?)?;
                    let is_key = resources.get(&key)?.get("Type")?.as_str()? == "AWS::KMS::Key";
                    if attribute != "Arn" || !is_key {
                        return None;
                    }
                    Some(BucketKey::Template(key))
                }
            },
        };
        let candidates: &[Kind] = match &key {
            None => &Kind::WITHOUT_KEY,
            Some(BucketKey::Template(_)) => &Kind::WITH_KEY,
            Some(BucketKey::Outside { .. }) => &Kind::WITH_OUTSIDE_KEY,
        };
        // An access-log bucket's retention: its expiry rule's, as the template writes it.
        let days = resource
            .pointer("/Properties/LifecycleConfiguration/Rules/0")
            .filter(|rule| rule.get("Id").and_then(J::as_str) == Some("ExpireAccessLogs"))
            .and_then(|rule| rule.get("ExpirationInDays"))
            .cloned();
        for &kind in candidates {
            let Some(mut written) = written(kind, id, key.as_ref()) else { continue };
            if matches!(kind, Kind::AccessLogs { .. }) {
                let Some(days) = &days else { continue };
                *written.bucket.pointer_mut(EXPIRATION)? = days.clone();
            }
            // What the construct adds to the template besides (the load balancer log accounts).
            let sections_match = [("Mappings", &written.mappings), ("Conditions", &written.conditions)].iter().all(
                |(section, entries)| {
                    entries.iter().all(|(name, value)| {
                        self.template.get(*section).and_then(|s| s.get(name)).is_none_or(|have| have == value)
                    })
                },
            );
            if !sections_match {
                continue;
            }
            // Only a `SecureBucket` is created after what its `depends_on` names.
            let mut have = resource.clone();
            let depends_on: Vec<String> = match have.as_object_mut().and_then(|r| r.shift_remove("DependsOn")) {
                None => Vec::new(),
                Some(_) if kind != Kind::Secure => continue,
                Some(J::String(one)) => vec![one],
                Some(J::Array(list)) => list.iter().map(|d| d.as_str().map(str::to_owned)).collect::<Option<_>>()?,
                Some(_) => return None,
            };
            if depends_on.iter().any(|d| !resources.contains_key(d)) {
                return None;
            }
            let Some(rest) = same_but_properties(&have, &written.bucket) else { continue };
            if rest.keys().any(|k| kind.pinned().contains(&k.as_str())) {
                continue;
            }
            let extra = if kind == Kind::Secure {
                // Statements of the template's own after the construct's; not one naming the
                // bucket itself (the construct's `statement` is written before its handle exists).
                let Some(extra) = policy_extra(policy, &written.policy) else { continue };
                let mut named = BTreeSet::new();
                extra.iter().for_each(|s| references(&J::Object(s.clone()), &mut named));
                if named.contains(id) {
                    continue;
                }
                extra
            } else if policy == &written.policy {
                Vec::new()
            } else {
                continue;
            };
            if !self.bucket_reads_are_accessors(resources, id, kind) {
                return None;
            }
            let days = if matches!(kind, Kind::AccessLogs { .. }) { days.clone() } else { None };
            return Some((kind, key, days, rest, extra, depends_on));
        }
        None
    }

    /// The notifications of a `SecureBucket` written as `notify_topic` and `notify_queue` write
    /// them — the last entries of `TopicConfigurations` and `QueueConfigurations`, each an event
    /// and an encrypted topic's `Ref` or an encrypted queue's ARN, the bucket created after their
    /// policies first (in the order of the calls) — taken out of `rest` and `depends_on`, in an
    /// order of calls that writes them as they stand; none where there is no such order.
    fn notifications(&self, rest: &mut Map<String, J>, depends_on: &mut Vec<String>) -> Vec<(String, String)> {
        let Some(J::Object(configuration)) = rest.get("NotificationConfiguration") else { return Vec::new() };
        let mut configuration = configuration.clone();
        // Each list's entries the methods write, from its end: (target, event).
        let mut tails: Vec<Vec<(String, String)>> = Vec::new();
        for (list, field, kind) in [
            ("TopicConfigurations", "Topic", crate::messaging::Kind::Topic),
            ("QueueConfigurations", "Queue", crate::messaging::Kind::Queue),
        ] {
            let mut tail = Vec::new();
            if let Some(J::Array(entries)) = configuration.get_mut(list) {
                while let Some(entry) = entries.last() {
                    let target = match kind {
                        crate::messaging::Kind::Topic => {
                            entry.pointer("/Topic/Ref").and_then(J::as_str).map(str::to_owned)
                        }
                        crate::messaging::Kind::Queue => entry
                            .pointer("/Queue/Fn::GetAtt")
                            .and_then(get_att_arg)
                            .filter(|(_, attribute)| attribute == "Arn")
                            .map(|(queue, _)| queue),
                    };
                    let event = entry.get("Event").and_then(J::as_str);
                    let (Some(target), Some(event)) = (target, event) else { break };
                    let written = serde_json::json!({"Event": event, field: entry.get(field)});
                    let encrypted = self.encrypted.get(&target).is_some_and(|e| e.kind == kind);
                    if entry != &written || !encrypted || !depends_on.contains(&format!("{target}Policy")) {
                        break;
                    }
                    tail.insert(0, (target, event.to_owned()));
                    entries.pop();
                }
                if entries.is_empty() {
                    configuration.shift_remove(list);
                }
            }
            tails.push(tail);
        }
        // The calls, merged so that the policies they add come first in `DependsOn`, in its order.
        let (mut topics, mut queues) = (tails[0].iter().peekable(), tails[1].iter().peekable());
        let mut calls = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        while topics.peek().is_some() || queues.peek().is_some() {
            let next = depends_on.get(seen.len());
            let fits = |call: Option<&&(String, String)>| {
                call.map(|(target, _)| format!("{target}Policy")).filter(|p| seen.contains(p) || Some(p) == next)
            };
            let call = match (fits(topics.peek()), fits(queues.peek())) {
                (Some(policy), _) => topics.next().map(|c| (c, policy)),
                (None, Some(policy)) => queues.next().map(|c| (c, policy)),
                (None, None) => return Vec::new(),
            };
            let Some((call, policy)) = call else { return Vec::new() };
            if !seen.contains(&policy) {
                seen.push(policy);
            }
            calls.push(call.clone());
        }
        let events = serde_json::json!({"EventBridgeConfiguration": {"EventBridgeEnabled": true}});
        if J::Object(configuration.clone()) == events {
            rest.shift_remove("NotificationConfiguration");
        } else {
            rest.insert("NotificationConfiguration".to_owned(), J::Object(configuration));
        }
        depends_on.drain(..seen.len());
        calls
    }

    /// Whether every read of bucket `id`'s attributes outside its construct (the bucket and its
    /// policy) is one the construct's handles give: a `SecureBucket`'s ARN anywhere
    /// (`bucket.arn()`), a `VendedLogsBucket`'s as a vended log's destination
    /// (`log_destination()`), an access-log bucket's Regional domain name as a distribution's
    /// log bucket (`cloudfront_logging()`).
    fn bucket_reads_are_accessors(&self, resources: &Map<String, J>, id: &str, kind: Kind) -> bool {
        let policy = format!("{id}Policy");
        let mut outside = Vec::new();
        for (section, value) in self.template {
            match (section.as_str(), value) {
                ("Resources", J::Object(all)) => {
                    for (_, r) in all.iter().filter(|(other, _)| *other != id && **other != policy) {
                        attributes_read(r, &mut outside);
                    }
                }
                ("Outputs" | "Conditions" | "Metadata", v) => attributes_read(v, &mut outside),
                _ => {}
            }
        }
        let mut at_deliveries: Vec<(String, bool)> = delivery_reads(resources)
            .into_iter()
            .filter(|(_, bucket, _, _)| bucket == id)
            .map(|(_, _, attribute, vended)| (attribute, vended))
            .collect();
        for (_, attribute) in outside.iter().filter(|(read, _)| read == id) {
            if kind == Kind::Secure && attribute == "Arn" {
                continue;
            }
            let accepted = |(a, vended): &(String, bool)| {
                a == attribute
                    && match kind {
                        Kind::Vended => *vended,
                        Kind::AccessLogs { .. } => !*vended,
                        _ => false,
                    }
            };
            match at_deliveries.iter().position(accepted) {
                Some(i) => {
                    at_deliveries.remove(i);
                }
                None => return false,
            }
        }
        true
    }

    /// The bucket a load balancer's access logs go into, when the load balancer is what
    /// `LoadBalancer::access_logs(&bucket)` writes (an Application Load Balancer whose attributes
    /// end with `access_logs.s3.enabled` `true` and `access_logs.s3.bucket` the bucket's `Ref`,
    /// created after the bucket's policy, with no other resource attribute) for a bucket imported
    /// as a construct — of whichever kind: a bucket not built `for_load_balancers()` does not
    /// compile, with the guard's message.
    fn logged_balancer(&self, resource: &J) -> Option<String> {
        if resource.get("Type")?.as_str()? != "AWS::ElasticLoadBalancingV2::LoadBalancer" {
            return None;
        }
        let properties = resource.get("Properties")?.as_object()?;
        if properties.get("Type").is_some_and(|t| t.as_str() != Some("application")) {
            return None;
        }
        let attributes = properties.get("LoadBalancerAttributes")?.as_array()?;
        let [before @ .., enabled, bucket] = attributes.as_slice() else { return None };
        let key = |entry: &J| entry.get("Key").and_then(J::as_str).map(str::to_owned);
        if enabled != &serde_json::json!({"Key": "access_logs.s3.enabled", "Value": "true"}) {
            return None;
        }
        let target = bucket.pointer("/Value/Ref")?.as_str()?;
        if bucket != &serde_json::json!({"Key": "access_logs.s3.bucket", "Value": {"Ref": target}}) {
            return None;
        }
        // An earlier entry of those keys would be replaced, and a prefix is refused.
        let replaced_or_refused = before.iter().any(|entry| match key(entry).as_deref() {
            Some("access_logs.s3.enabled" | "access_logs.s3.bucket") => true,
            Some("access_logs.s3.prefix") => entry.get("Value").and_then(J::as_str) != Some(""),
            _ => false,
        });
        if replaced_or_refused || !self.buckets.contains_key(target) {
            return None;
        }
        let others: BTreeSet<&str> =
            resource.as_object()?.keys().map(String::as_str).filter(|k| !["Type", "Properties"].contains(k)).collect();
        let policy = format!("{target}Policy");
        let depends_on = match resource.get("DependsOn") {
            Some(J::String(one)) => one == &policy,
            Some(J::Array(list)) => list.len() == 1 && list[0].as_str() == Some(policy.as_str()),
            _ => false,
        };
        (others == BTreeSet::from(["DependsOn"]) && depends_on).then(|| target.to_owned())
    }

    /// The mappings and conditions the bucket constructs write themselves (a load-balancer log
    /// bucket's `ElbLogDeliveryAccounts` and `ElbRegionHasLogDeliveryAccount`) where the template
    /// holds them as the construct writes them and nothing else uses them: (section, name).
    pub(super) fn sections_the_buckets_write(&self) -> Vec<(&'static str, String)> {
        let owners: Vec<&String> = self
            .buckets
            .iter()
            .filter(|(_, b)| matches!(b.kind, Kind::AccessLogs { load_balancers: true, .. }))
            .map(|(id, _)| id)
            .collect();
        let Some(first) = owners.first() else { return Vec::new() };
        let Some(written) = written(Kind::AccessLogs { cloudfront: false, load_balancers: true }, first, None) else {
            return Vec::new();
        };
        let policies: BTreeSet<String> = owners.iter().map(|id| format!("{id}Policy")).collect();
        let mut owned = Vec::new();
        for (section, entries) in [("Mappings", &written.mappings), ("Conditions", &written.conditions)] {
            for (name, value) in entries {
                if self.template.get(section).and_then(|s| s.get(name)) != Some(value) {
                    continue;
                }
                let mut count = 0;
                for (top, content) in self.template {
                    match (top.as_str(), content) {
                        ("Resources", J::Object(all)) => {
                            for (_, r) in all.iter().filter(|(id, _)| !policies.contains(*id)) {
                                count += uses(r, name);
                            }
                        }
                        (top, J::Object(all)) if top == section => {
                            for (_, v) in all.iter().filter(|(other, _)| *other != name) {
                                count += uses(v, name);
                            }
                        }
                        (_, v) => count += uses(v, name),
                    }
                }
                if count == 0 {
                    owned.push((section, name.clone()));
                }
            }
        }
        owned
    }

    /// Takes the constructs out again where what they need went through the escape hatch (a
    /// bucket, its key, the bucket its access logs go to), until nothing changes.
    pub(super) fn keep_buckets(&mut self) {
        loop {
            let before = self.buckets.len() + self.balancers.len();
            let (raw, encrypted) = (&self.raw, &self.encrypted);
            self.buckets.retain(|id, b| {
                !raw.contains_key(id)
                    && !matches!(&b.key, Some(BucketKey::Template(k)) if raw.contains_key(k))
                    && b.notifications.iter().all(|(target, _)| encrypted.contains_key(target))
            });
            let kept: BTreeSet<String> = self.buckets.keys().cloned().collect();
            self.balancers.retain(|id, bucket| !raw.contains_key(id) && kept.contains(bucket));
            if self.buckets.len() + self.balancers.len() == before {
                break;
            }
        }
    }

    /// Under `--lenient`: the generated forms, each marked with the construct it stands for.
    pub(super) fn lenient_buckets(&mut self) {
        for (id, bucket) in &self.buckets {
            let construct = match bucket.kind {
                Kind::Secure => "secure::SecureBucket",
                Kind::Vended => "secure::VendedLogsBucket",
                Kind::Trail => "secure::TrailBucket",
                Kind::AccessLogs { .. } => "secure::AccessLogBucket",
            };
            self.lenient.insert(id.clone(), construct);
        }
        for id in self.balancers.keys() {
            self.lenient.insert(id.clone(), "LoadBalancer::access_logs");
        }
        self.buckets.clear();
        self.balancers.clear();
    }

    /// `secure::SecureBucket::new(key.arn()).access_logs_to(&logs, "prefix").configure(|r| r…)…`.
    pub(super) fn bucket_expr(&mut self, bucket: &Bucket) -> Result<String, String> {
        self.features.insert("s3".to_owned());
        let key = match &bucket.key {
            None => None,
            Some(BucketKey::Template(key)) => match self.targets.get(key).cloned() {
                Some(Target::Resource(local, _)) => Some(format!("{local}.arn()")),
                _ => return Err("its key is not a resource of the template".to_owned()),
            },
            Some(BucketKey::Outside { arn, .. }) => {
                let arn = self.expr(arn, "String").ok_or("its key's ARN has no typed form")?;
                Some(format!("secure::ExternalKey::from_arn({arn}).asserting_s3_grant()"))
            }
        };
        let mut rest = bucket.rest.clone();
        let mut out = match (bucket.kind, key) {
            (Kind::Secure, Some(key)) => format!("secure::SecureBucket::new({key})"),
            (Kind::Vended, Some(key)) => format!("secure::VendedLogsBucket::new({key})"),
            (Kind::Trail, Some(key)) => format!("secure::TrailBucket::new({key})"),
            (Kind::AccessLogs { cloudfront, .. }, None) => {
                let days = bucket.days.as_ref().ok_or("an access-log bucket without its retention")?;
                let days = self.expr(days, "i64").ok_or("its retention has no typed form")?;
                let mut out = format!("secure::AccessLogBucket::new({days})");
                if cloudfront {
                    out.push_str(".for_cloudfront()");
                }
                out
            }
            _ => return Err("a bucket construct without its key".to_owned()),
        };
        if bucket.kind.logs_its_access() {
            out.push_str(&self.access_logs_to(&mut rest));
        }
        let setters = self.setters("s3::Bucket", &rest).map_err(|p| format!("its `{p}` has no typed form here"))?;
        if !setters.is_empty() {
            let _ = write!(out, ".configure(|r| r{setters})");
        }
        if let Kind::AccessLogs { load_balancers: true, .. } = bucket.kind {
            out.push_str(".for_load_balancers()");
        }
        for statement in &bucket.extra {
            let statement = crate::policy::statement(self, statement, true)
                .ok_or("a statement of its policy with no typed form".to_owned())?;
            let _ = write!(out, ".statement({statement})");
        }
        for (target, event) in &bucket.notifications {
            let Some(encrypted) = self.encrypted.get(target) else {
                return Err(format!("its notifications go to {target}, which is not typed"));
            };
            let method = match encrypted.kind {
                crate::messaging::Kind::Topic => "notify_topic",
                crate::messaging::Kind::Queue => "notify_queue",
            };
            let _ = write!(out, ".{method}(&{}, {})", encrypted.handles, string(event));
        }
        for dependency in &bucket.depends_on {
            let Some(Target::Resource(local, _)) = self.targets.get(dependency) else {
                return Err(format!("its DependsOn names {dependency}, not a resource"));
            };
            let _ = write!(out, ".depends_on(&{local})");
        }
        Ok(out)
    }

    /// `.access_logs_to(&logs, "prefix")` for a `LoggingConfiguration` that is what that method
    /// writes (the `Ref` of a bucket imported as a construct, and a literal prefix), taken out of
    /// `rest`; nothing otherwise. A bucket that cannot take server access logs does not compile.
    pub(super) fn access_logs_to(&self, rest: &mut Map<String, J>) -> String {
        let Some((target, prefix)) = self.logs_to(rest.get("LoggingConfiguration")) else { return String::new() };
        let Some(logs) = self.buckets.get(&target) else { return String::new() };
        let out = format!(".access_logs_to(&{}, {})", logs.handles, string(&prefix));
        rest.shift_remove("LoggingConfiguration");
        out
    }

    /// The bucket imported as a construct that a `LoggingConfiguration` sends server access logs
    /// to, and the prefix, where it is what `access_logs_to` writes: the bucket's `Ref` and a
    /// literal prefix, nothing else.
    fn logs_to(&self, logging: Option<&J>) -> Option<(String, String)> {
        let logging = logging?.as_object()?;
        let target = logging.get("DestinationBucketName")?.get("Ref")?.as_str()?;
        let prefix = logging.get("LogFilePrefix")?.as_str()?;
        let written = serde_json::json!({"DestinationBucketName": {"Ref": target}, "LogFilePrefix": prefix});
        (J::Object(logging.clone()) == written && self.buckets.contains_key(target))
            .then(|| (target.to_owned(), prefix.to_owned()))
    }

    /// `resources::elasticloadbalancingv2::LoadBalancer::new()….access_logs(&bucket)`.
    pub(super) fn balancer_expr(&mut self, id: &str, resource: &J, bucket: &str) -> Result<String, String> {
        let handles = self.buckets.get(bucket).map(|b| b.handles.clone()).ok_or("its log bucket is not typed")?;
        let mut properties = resource.get("Properties").and_then(J::as_object).cloned().unwrap_or_default();
        if let Some(J::Array(attributes)) = properties.get_mut("LoadBalancerAttributes") {
            attributes.truncate(attributes.len().saturating_sub(2));
            if attributes.is_empty() {
                properties.shift_remove("LoadBalancerAttributes");
            }
        }
        self.current = id.to_owned();
        let expr = self
            .struct_expr("elasticloadbalancingv2::LoadBalancer", &properties)
            .map_err(|p| format!("its `{p}` has no typed form here"))?;
        self.features.extend(["elasticloadbalancingv2".to_owned(), "s3".to_owned()]);
        Ok(format!("{expr}.access_logs(&{handles})"))
    }

    /// `Fn::GetAtt` of a bucket imported as its construct, where the handles give it: a
    /// `SecureBucket`'s ARN (`bucket.arn()`, text).
    pub(super) fn bucket_get_att(&self, id: &str, attribute: &str, ty: &str) -> Option<String> {
        let bucket = self.buckets.get(id)?;
        let Target::Resource(local, _) = self.targets.get(id)? else { return None };
        (bucket.kind == Kind::Secure && attribute == "Arn" && ty == "String").then(|| format!("{local}.arn()"))
    }

    /// The accessor of a bucket construct's handles for the property being written: a
    /// distribution's log bucket (`cloudfront_logging()`, which compiles only for an access-log
    /// bucket built `for_cloudfront()`), a vended log's destination (`log_destination()`, only a
    /// `VendedLogsBucket`'s handles have it).
    pub(super) fn bucket_delivery(&self, target: &str, attribute: Option<&str>) -> Option<Accessor> {
        let bucket = self.buckets.get(target)?;
        let ty = self.template.get("Resources")?.get(&self.current)?.get("Type")?.as_str()?;
        let row = BUCKET_DELIVERIES.iter().find(|d| {
            d.resource == ty
                && Some(d.attribute) == attribute
                && self.at.iter().map(String::as_str).eq(d.path.iter().copied())
        })?;
        let fits = match bucket.kind {
            Kind::Vended => row.vended,
            Kind::AccessLogs { .. } => !row.vended,
            _ => false,
        };
        if !fits {
            return None;
        }
        // The accessor gives the typed attribute the setters take; where any text goes (a flow
        // log's `LogDestination`, a branch of `Fn::If`), its text.
        let expr = format!("{}.{}()", bucket.handles, row.accessor);
        let text = format!("{expr}.into_value()");
        Some(Accessor { expr, text })
    }

    /// What the compiler will say about buckets and deliveries into them: a key without a grant
    /// the construct requires, server access logs into a bucket that cannot take them, CloudFront
    /// logs into an access-log bucket with ACLs disabled, load balancer logs into a bucket not
    /// built for them.
    pub(super) fn bucket_findings(&mut self, resources: &Map<String, J>) {
        let mut found = Vec::new();
        for (id, bucket) in &self.buckets {
            if let Some(BucketKey::Template(key)) = &bucket.key {
                let Some(policy) = resources.get(key).and_then(|k| k.pointer("/Properties/KeyPolicy")) else {
                    continue;
                };
                let grants = crate::policy::key_grants(policy);
                if !grants.contains(&"S3Grant") {
                    found.push((id.clone(), format!("`this KMS key's policy lacks the `S3Grant` statement`: the bucket's key {key} does not let S3 use it for the account's principals, so reading and writing its objects fails; add `.grant_s3()` to the key's policy")));
                }
                if bucket.kind == Kind::Vended && !grants.contains(&"LogDeliveryGrant") {
                    found.push((id.clone(), format!("`this KMS key's policy lacks the `LogDeliveryGrant` statement`: the vended-logs bucket's key {key} does not let the log delivery service use it, so no log file arrives; add `.grant(LogDeliveryGrant)` to the key's policy")));
                }
            }
            let logging = self.logs_to(resources.get(id).and_then(|r| r.pointer("/Properties/LoggingConfiguration")));
            if bucket.kind.logs_its_access()
                && let Some((target, _)) = logging
                && let Some(logs) = self.buckets.get(&target)
                && !logs.kind.takes_server_logs()
            {
                found.push((id.clone(), server_logs_refused(logs.kind, id, &target)));
            }
        }
        // A trail's bucket logs its access as a `TrailBucket` does.
        for trail in self.trails.values() {
            let logging = resources.get(&trail.bucket).and_then(|r| r.pointer("/Properties/LoggingConfiguration"));
            if let Some((target, _)) = self.logs_to(logging)
                && let Some(logs) = self.buckets.get(&target)
                && !logs.kind.takes_server_logs()
            {
                found.push((trail.bucket.clone(), server_logs_refused(logs.kind, &trail.bucket, &target)));
            }
        }
        for (user, bucket, _, vended) in delivery_reads(resources) {
            // A resource through the escape hatch keeps the read as text.
            let Some(target) = self.buckets.get(&bucket).filter(|_| !self.raw.contains_key(&user)) else { continue };
            if let Kind::AccessLogs { cloudfront: false, .. } = target.kind
                && !vended
            {
                found.push((user, format!("`this access-log bucket does not take CloudFront standard logs: its ACLs are disabled`: CloudFront writes the logs into {bucket} through its ACL; build it with `AccessLogBucket::new(days).for_cloudfront()`")));
            }
        }
        for (balancer, bucket) in &self.balancers {
            let Some(target) = self.buckets.get(bucket) else { continue };
            if !matches!(target.kind, Kind::AccessLogs { load_balancers: true, .. }) {
                found.push((balancer.clone(), format!("`` `{}` cannot receive Application Load Balancer access logs ``: {bucket}'s policy does not let the Region's load balancer log delivery write, so turning on access logs fails the stack (\"Access Denied for bucket\"); build it with `AccessLogBucket::new(days).for_load_balancers()`", target.kind.name())));
            }
        }
        for (resource, message) in found {
            self.finding(&resource, message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// No two constructs write the same bucket and policy, so a bucket is recognised as one
    /// construct at most.
    #[test]
    fn each_construct_writes_a_bucket_and_policy_of_its_own() {
        let key = BucketKey::Template("Key".to_owned());
        let with_key = Kind::WITH_KEY.iter().map(|&k| (k, written(k, "Logs", Some(&key)).unwrap()));
        let without_key = Kind::WITHOUT_KEY.iter().map(|&k| (k, written(k, "Logs", None).unwrap()));
        let all: Vec<(Kind, Written)> = with_key.chain(without_key).collect();
        assert_eq!(all.len(), 7);
        for (i, (a, first)) in all.iter().enumerate() {
            for (b, second) in &all[i + 1..] {
                assert!(first.bucket != second.bucket || first.policy != second.policy, "{a:?} and {b:?}");
            }
        }
        // Only the load balancers' bucket adds a mapping and a condition.
        for (kind, written) in &all {
            let adds = matches!(kind, Kind::AccessLogs { load_balancers: true, .. });
            assert_eq!(!written.mappings.is_empty(), adds, "{kind:?}");
            assert_eq!(!written.conditions.is_empty(), adds, "{kind:?}");
        }
    }
}
