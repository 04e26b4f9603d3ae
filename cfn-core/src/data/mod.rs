//! Facts about AWS that the code reads as tables, each with the page AWS publishes it on. The
//! lowest layer: it imports nothing of the crate, and the template model, the final-template
//! check and the secure constructs all read it, so a fact has one home.

#[rustfmt::skip]
pub(crate) mod tagging;

// What an app reads when it routes a reference between stacks (a list must be joined to be exported).
#[cfg(feature = "app")]
#[rustfmt::skip]
pub(crate) mod list_attributes;

/// The shape of a resource type's tag property, as the registry schema's `tagging.tagProperty`
/// names it (`Tags` for most types; `BackupVaultTags`, `FileSystemTags`, `HostedZoneTags`, … for
/// a few): what `Template::tag_all` fills.
/// (<https://docs.aws.amazon.com/cloudformation-cli/latest/userguide/resource-type-schema.html#schema-properties-tagging>)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Tagging {
    /// No tag property, or one of a shape of its own, or a type the registry schemas do not
    /// have (a custom resource, a SAM type).
    #[default]
    None,
    /// `Tags: [{"Key": …, "Value": …}, …]`, the shape of most types.
    KeyValueList,
    /// `Tags: {"key": "value", …}`.
    Map,
    /// A list of `{"Key": …, "Value": …}` in a property of another name (`FileSystemTags`).
    KeyValueListIn(&'static str),
    /// A map of strings in a property of another name (`BackupVaultTags`).
    MapIn(&'static str),
}

impl Tagging {
    /// The tag property of `resource_type` as the registry schemas describe it
    /// ([`Tagging::None`] for a type without one, or unknown: a custom resource, a SAM type).
    pub fn of(resource_type: &str) -> Tagging {
        tagging::tagging_of(resource_type)
    }

    /// The tag property's name, or `None` for a type `tag_all` does not tag.
    pub fn property(self) -> Option<&'static str> {
        match self {
            Tagging::None => None,
            Tagging::KeyValueList | Tagging::Map => Some("Tags"),
            Tagging::KeyValueListIn(name) | Tagging::MapIn(name) => Some(name),
        }
    }
}

/// The account that delivers Application Load Balancer access logs in each Region opened before
/// August 2022 (the China Regions and AWS GovCloud included, in their partitions); newer Regions
/// deliver as `logdelivery.elasticloadbalancing.amazonaws.com`. AWS publishes these IDs in
/// "Enable access logs for your Application Load Balancer"
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>).
pub const ELB_LOG_ACCOUNTS: [(&str, &str); 26] = [
    ("us-east-1", "arn:aws:iam::127311923021:root"),
    ("us-east-2", "arn:aws:iam::033677994240:root"),
    ("us-west-1", "arn:aws:iam::027434742980:root"),
    ("us-west-2", "arn:aws:iam::797873946194:root"),
    ("af-south-1", "arn:aws:iam::098369216593:root"),
    ("ap-east-1", "arn:aws:iam::754344448648:root"),
    ("ap-southeast-3", "arn:aws:iam::589379963580:root"),
    ("ap-south-1", "arn:aws:iam::718504428378:root"),
    ("ap-northeast-3", "arn:aws:iam::383597477331:root"),
    ("ap-northeast-2", "arn:aws:iam::600734575887:root"),
    ("ap-southeast-1", "arn:aws:iam::114774131450:root"),
    ("ap-southeast-2", "arn:aws:iam::783225319266:root"),
    ("ap-northeast-1", "arn:aws:iam::582318560864:root"),
    ("ca-central-1", "arn:aws:iam::985666609251:root"),
    ("eu-central-1", "arn:aws:iam::054676820928:root"),
    ("eu-west-1", "arn:aws:iam::156460612806:root"),
    ("eu-west-2", "arn:aws:iam::652711504416:root"),
    ("eu-south-1", "arn:aws:iam::635631232127:root"),
    ("eu-west-3", "arn:aws:iam::009996457667:root"),
    ("eu-north-1", "arn:aws:iam::897822967062:root"),
    ("me-south-1", "arn:aws:iam::076674570225:root"),
    ("sa-east-1", "arn:aws:iam::507241528517:root"),
    ("us-gov-west-1", "arn:aws-us-gov:iam::048591011584:root"),
    ("us-gov-east-1", "arn:aws-us-gov:iam::190560391635:root"),
    ("cn-north-1", "arn:aws-cn:iam::638102146993:root"),
    ("cn-northwest-1", "arn:aws-cn:iam::037604701340:root"),
];

/// Real Regions opened after August 2022, which [`ELB_LOG_ACCOUNTS`] leaves out: their load
/// balancers deliver access logs as `logdelivery.elasticloadbalancing.amazonaws.com` ("Enable
/// access logs for your Application Load Balancer",
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>).
/// The codes are from AWS's list of Regions
/// (<https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html>): Asia
/// Pacific (Melbourne), Europe (Zurich), Israel (Tel Aviv), Canada West (Calgary). The
/// final-template check judges a template whose conditions depend on the Region in one of them
/// too, as a Region the template does not name.
pub(crate) const NEWER_REGIONS: [&str; 4] = ["ap-southeast-4", "eu-central-2", "il-central-1", "ca-west-1"];

/// The partition of each Region whose code starts with one of these, every other Region being in
/// `aws`: the `regionRegex` of each partition in botocore 1.35.99's
/// `botocore/data/partitions.json` (Apache-2.0; file sha256
/// `03df384e327fec5a0ec970781ebce0a8a301aa7628eedcfa07ca8307a7403b84`). AWS names the partitions
/// in "Identify AWS resources with Amazon Resource Names (ARNs)"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html>).
const PARTITION_PREFIXES: [(&str, &str); 6] = [
    ("us-gov-", "aws-us-gov"),
    ("cn-", "aws-cn"),
    ("us-iso-", "aws-iso"),
    ("us-isob-", "aws-iso-b"),
    ("eu-isoe-", "aws-iso-e"),
    ("us-isof-", "aws-iso-f"),
];

/// The partition a Region's code belongs to (`aws-us-gov` for `us-gov-west-1`, `aws` for
/// `eu-west-1`), by [`PARTITION_PREFIXES`].
pub(crate) fn partition_of(region: &str) -> &'static str {
    PARTITION_PREFIXES.iter().find(|(prefix, _)| region.starts_with(prefix)).map_or("aws", |(_, partition)| partition)
}

/// The longest master password each engine takes (the shortest is 8 for all of them).
/// From the `MasterUserPassword` constraints of the RDS API reference
/// (<https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html>).
pub(crate) fn longest_password(engine: &str) -> Option<i64> {
    Some(match engine {
        "aurora-mysql" | "mysql" | "mariadb" | "aurora" => 41,
        "aurora-postgresql" | "postgres" => 128,
        e if e.starts_with("sqlserver") => 128,
        e if e.starts_with("oracle") => 30,
        e if e.starts_with("db2") => 255,
        _ => return None,
    })
}

/// The DNS suffix of each AWS partition, under which its service principals are named
/// (`<service>.<suffix>`, or `<service>.<region>.<suffix>` for Regional principals). From the
/// `dnsSuffix` of each partition in botocore 1.43.11's `botocore/data/partitions.json` (Apache-2.0;
/// file sha256 `0caf9dfe139339c47a64e10e61f7ae436e7fb1c94353a4f862b1409d17b3545c`); AWS describes
/// the form of service principals in "AWS JSON policy elements: Principal"
/// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services>).
/// `amazon.com` is added for the Alexa principals (`alexa-appkit.amazon.com`), which AWS documents in
/// "Process Alexa events with Lambda" (<https://docs.aws.amazon.com/lambda/latest/dg/services-alexa.html>).
pub(crate) const SERVICE_PRINCIPAL_DOMAINS: [&str; 8] = [
    "amazonaws.com",
    "amazonaws.com.cn",
    "amazonaws.eu",
    "c2s.ic.gov",
    "sc2s.sgov.gov",
    "cloud.adc-e.uk",
    "csp.hci.ic.gov",
    "amazon.com",
];

/// The event types a bucket's `NotificationConfiguration` may name for Lambda, SQS and SNS
/// destinations: the `Event` enumeration of the S3 API model (botocore 1.43.11,
/// `botocore/data/s3/2006-03-01/service-2.json`, Apache-2.0), which AWS documents in "Supported
/// event types for SQS, SNS, and Lambda"
/// (<https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-how-to-event-types-and-destinations.html>).
pub(crate) const S3_NOTIFICATION_EVENTS: [&str; 27] = [
    "s3:ReducedRedundancyLostObject",
    "s3:ObjectCreated:*",
    "s3:ObjectCreated:Put",
    "s3:ObjectCreated:Post",
    "s3:ObjectCreated:Copy",
    "s3:ObjectCreated:CompleteMultipartUpload",
    "s3:ObjectRemoved:*",
    "s3:ObjectRemoved:Delete",
    "s3:ObjectRemoved:DeleteMarkerCreated",
    "s3:ObjectRestore:*",
    "s3:ObjectRestore:Post",
    "s3:ObjectRestore:Completed",
    "s3:Replication:*",
    "s3:Replication:OperationFailedReplication",
    "s3:Replication:OperationNotTracked",
    "s3:Replication:OperationMissedThreshold",
    "s3:Replication:OperationReplicatedAfterThreshold",
    "s3:ObjectRestore:Delete",
    "s3:LifecycleTransition",
    "s3:IntelligentTiering",
    "s3:ObjectAcl:Put",
    "s3:LifecycleExpiration:*",
    "s3:LifecycleExpiration:Delete",
    "s3:LifecycleExpiration:DeleteMarkerCreated",
    "s3:ObjectTagging:*",
    "s3:ObjectTagging:Put",
    "s3:ObjectTagging:Delete",
];

/// Which types of Elastic Load Balancing v2 load balancer take an attribute key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LoadBalancerTypes {
    /// Application, Network and Gateway Load Balancers.
    All,
    /// Application and Network Load Balancers.
    ApplicationAndNetwork,
    /// Application Load Balancers only.
    Application,
    /// Network Load Balancers only.
    Network,
}

impl LoadBalancerTypes {
    /// Whether a load balancer of `load_balancer_type` (`application`, `network`, `gateway`) takes
    /// the key.
    pub(crate) fn include(self, load_balancer_type: &str) -> bool {
        match self {
            LoadBalancerTypes::All => true,
            LoadBalancerTypes::ApplicationAndNetwork => matches!(load_balancer_type, "application" | "network"),
            LoadBalancerTypes::Application => load_balancer_type == "application",
            LoadBalancerTypes::Network => load_balancer_type == "network",
        }
    }
}

/// The attribute keys of an `AWS::ElasticLoadBalancingV2::LoadBalancer`'s
/// `LoadBalancerAttributes`, with the types that take each: the documentation of
/// `LoadBalancerAttribute.Key` in the ELBv2 API model (botocore 1.43.11,
/// `botocore/data/elbv2/2015-12-01/service-2.json`, Apache-2.0), which is AWS's API reference
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_LoadBalancerAttribute.html>)
/// and agrees with the attribute lists of the user guides
/// (<https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes>,
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/network/network-load-balancers.html#load-balancer-attributes>,
/// <https://docs.aws.amazon.com/elasticloadbalancing/latest/gateway/gateway-load-balancers.html#load-balancer-attributes>).
pub(crate) const LOAD_BALANCER_ATTRIBUTES: [(&str, LoadBalancerTypes); 25] = [
    ("deletion_protection.enabled", LoadBalancerTypes::All),
    ("load_balancing.cross_zone.enabled", LoadBalancerTypes::All),
    ("access_logs.s3.enabled", LoadBalancerTypes::ApplicationAndNetwork),
    ("access_logs.s3.bucket", LoadBalancerTypes::ApplicationAndNetwork),
    ("access_logs.s3.prefix", LoadBalancerTypes::ApplicationAndNetwork),
    ("ipv6.deny_all_igw_traffic", LoadBalancerTypes::ApplicationAndNetwork),
    ("zonal_shift.config.enabled", LoadBalancerTypes::ApplicationAndNetwork),
    ("idle_timeout.timeout_seconds", LoadBalancerTypes::Application),
    ("client_keep_alive.seconds", LoadBalancerTypes::Application),
    ("connection_logs.s3.enabled", LoadBalancerTypes::Application),
    ("connection_logs.s3.bucket", LoadBalancerTypes::Application),
    ("connection_logs.s3.prefix", LoadBalancerTypes::Application),
    ("health_check_logs.s3.enabled", LoadBalancerTypes::Application),
    ("health_check_logs.s3.bucket", LoadBalancerTypes::Application),
    ("health_check_logs.s3.prefix", LoadBalancerTypes::Application),
    ("routing.http.desync_mitigation_mode", LoadBalancerTypes::Application),
    ("routing.http.drop_invalid_header_fields.enabled", LoadBalancerTypes::Application),
    ("routing.http.preserve_host_header.enabled", LoadBalancerTypes::Application),
    ("routing.http.x_amzn_tls_version_and_cipher_suite.enabled", LoadBalancerTypes::Application),
    ("routing.http.xff_client_port.enabled", LoadBalancerTypes::Application),
    ("routing.http.xff_header_processing.mode", LoadBalancerTypes::Application),
    ("routing.http2.enabled", LoadBalancerTypes::Application),
    ("waf.fail_open.enabled", LoadBalancerTypes::Application),
    ("dns_record.client_routing_policy", LoadBalancerTypes::Network),
    ("secondary_ips.auto_assigned.per_subnet", LoadBalancerTypes::Network),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newer_regions_have_no_load_balancer_log_account_and_are_in_aws() {
        for region in NEWER_REGIONS {
            assert!(ELB_LOG_ACCOUNTS.iter().all(|(r, _)| *r != region), "{region}");
            assert_eq!(partition_of(region), "aws", "{region}");
        }
    }

    #[test]
    fn each_load_balancer_log_account_is_in_its_regions_partition() {
        for (region, arn) in ELB_LOG_ACCOUNTS {
            assert!(arn.starts_with(&format!("arn:{}:", partition_of(region))), "{region} {arn}");
        }
        assert_eq!(partition_of("cn-north-1"), "aws-cn");
        assert_eq!(partition_of("us-isob-east-1"), "aws-iso-b");
    }
}
