//! The rules of the final-template check, one file each, listed once here.
//!
//! A rule's file holds its [`Descriptor`](crate::check::rule::Descriptor) — ID, summary,
//! description, default level, the AWS documentation it rests on, its guide page, how the fix is
//! shown — and, where the rule is a mechanism of its own, its logic and its unit tests. Rules that
//! share a mechanism (the deliveries into topics, queues, buckets and log groups; the keys of log
//! groups) share its module, and their files say where it is.
//!
//! To add a rule: write its file here (copy one), add one line to the list below, and give it a
//! page in `docs/guarded/`. The list is the order of `Rule::ALL`, in which reports sort findings
//! of one resource.

/// Declares the rules: each `Variant => module`, its module declared here, [`Rule`] with one
/// variant each, `Rule::ALL` in this order, and each variant's descriptor.
macro_rules! rules {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        $(pub(crate) mod $module;)*

        /// One rule of the final-template check.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Rule {
            $($(#[$doc])* $variant,)*
        }

        impl Rule {
            /// Every rule, in the order reports list them.
            pub const ALL: [Rule; [$(stringify!($variant)),*].len()] = [$(Rule::$variant),*];

            pub(super) fn descriptor_of(self) -> &'static crate::check::rule::Descriptor {
                match self {
                    $(Rule::$variant => &$module::DESCRIPTOR,)*
                }
            }
        }
    };
}

rules! {
    /// A log group's `KmsKeyId` is not a key ARN (a key ID, an alias): CloudWatch Logs refuses it.
    LogGroupKeyNotArn => log_group_key_not_arn,
    /// A log group's key, in the template, has a policy that does not let CloudWatch Logs use it for this group.
    LogGroupKeyDeniesLogs => log_group_key_denies_logs,
    /// A key policy lets CloudWatch Logs use the key for any account's log groups (no encryption-context condition).
    LogsGrantWithoutContext => logs_grant_without_context,
    /// A resource writes to a log group nothing in the stack creates: the service creates it with no customer managed
    /// key and no retention.
    ServiceLogGroupMissing => service_log_group_missing,
    /// A database's master user name is resolved (from a secret or a parameter), not static.
    DatabaseUsernameNotStatic => database_username_not_static,
    /// A generated master password longer (or shorter) than the engine accepts.
    DatabasePasswordLength => database_password_length,
    /// In a compliance-scoped stack, a resource of a scoped type without its guarantee (a log group without a key, a
    /// plain database, …).
    ScopedTypeWithoutGuarantee => scoped_type_without_guarantee,
    /// In a compliance-scoped stack, a data store not encrypted with a customer managed key.
    ScopedStoreWithoutCustomerKey => scoped_store_without_customer_key,
    /// Two statements of one key policy share a Sid: KMS refuses the policy.
    PolicyDuplicateSid => policy_duplicate_sid,
    /// A service delivers to a topic or queue whose customer key does not let it in: the messages are dropped.
    DeliveryKeyDeniesService => delivery_key_denies_service,
    /// A service delivers to a topic or queue whose policy does not let it in.
    DeliveryPolicyDeniesService => delivery_policy_denies_service,
    /// A service delivers to a topic or queue encrypted with the AWS managed key, whose policy cannot let it in.
    DeliveryManagedKey => delivery_managed_key,
    /// A bucket notifies a topic or queue without being created after the destination's policy.
    DeliveryBeforePolicy => delivery_before_policy,
    /// A queue's `Ref` (its URL) where AWS needs its ARN.
    QueueUrlForArn => queue_url_for_arn,
    /// A property hands a role to a service whose trust policy does not let that service assume it.
    RoleTrustDeniesService => role_trust_denies_service,
    /// A Lambda function or a Firehose delivery stream reads an encrypted queue or stream, and the key or its role's
    /// policies refuse it `kms:Decrypt`.
    ConsumerCannotDecrypt => consumer_cannot_decrypt,
    /// A service acting through its service-linked role (Auto Scaling launching encrypted volumes) is not named in the
    /// key policy.
    KeyDeniesServiceLinkedRole => key_denies_service_linked_role,
    /// An ECS task's execution role cannot read the task's secrets (or the task has none).
    TaskCannotReadSecret => task_cannot_read_secret,
    /// A load balancer or a bucket sends access logs to a bucket whose default encryption is SSE-KMS: those logs are
    /// delivered only to SSE-S3 buckets.
    LogBucketNotSseS3 => log_bucket_not_sse_s3,
    /// A CloudFront distribution writes standard logs to a bucket whose ACLs are disabled.
    LogBucketAclsDisabled => log_bucket_acls_disabled,
    /// A CloudFront distribution names its log bucket by name or ARN, not by domain name.
    LogBucketNotDomainName => log_bucket_not_domain_name,
    /// A Firehose delivery stream's role may not write into its destination bucket or use the bucket's key.
    DeliveryRoleRefused => delivery_role_refused,
    /// An AWS Config delivery channel writes to a bucket with S3 Object Lock enabled.
    DeliveryBucketObjectLock => delivery_bucket_object_lock,
    /// An AWS Config delivery channel notifies an encrypted SNS topic, which Config does not publish to.
    ConfigTopicEncrypted => config_topic_encrypted,
    /// The role a trail hands CloudTrail for CloudWatch Logs may not write the trail's log group.
    TrailLogsRoleRefused => trail_logs_role_refused,
    /// A service principal AWS does not know (a misspelt service, a domain that is not AWS's).
    UnknownServicePrincipal => unknown_service_principal,
    /// A bucket notification names an event type S3 does not have.
    NotificationEventUnknown => notification_event_unknown,
    /// A load balancer attribute key its type does not take.
    LoadBalancerAttributeUnknown => load_balancer_attribute_unknown,
    /// An ECS service behind a target group is not created after a listener that forwards to it.
    EcsServiceBeforeListener => ecs_service_before_listener,
    /// A key or resource policy lets a service in for any account's resources (no confused-deputy condition).
    ServiceGrantWithoutSource => service_grant_without_source,
}

#[cfg(test)]
pub(crate) mod tests {
    use super::Rule;
    use crate::check::Finding;
    use crate::template::Template;

    /// The findings of `rule` the whole check makes on the template `yaml` (errors, then warnings).
    pub(crate) fn findings_of(yaml: &str, rule: Rule) -> Vec<Finding> {
        let template = Template::from_yaml(yaml).expect("the test's template parses");
        let report = crate::check::run(&template);
        report.errors.into_iter().chain(report.warnings).filter(|f| f.rule == rule).collect()
    }

    /// The findings of `rule` left on the template `yaml` once the fix each of its findings carries
    /// is applied, as a person pasting it would: the proof that the fix shown fixes. Every finding
    /// of `rule` must carry a fix that applies.
    pub(crate) fn findings_after_fixes(yaml: &str, rule: Rule) -> Vec<Finding> {
        let mut template = Template::from_yaml(yaml).expect("the test's template parses");
        let found = findings_of(yaml, rule);
        assert!(!found.is_empty(), "the template has a finding of {rule} to fix");
        for finding in found {
            let fix = finding.fix.as_deref().unwrap_or_else(|| panic!("a fix for {finding}"));
            template = fix.apply(&template).unwrap_or_else(|| panic!("the fix {fix:?} applies"));
        }
        let report = crate::check::run(&template);
        report.errors.into_iter().chain(report.warnings).filter(|f| f.rule == rule).collect()
    }

    /// The errors of `rule` the whole check makes on the template `yaml` held to `regime`
    /// (`hipaa`, `pci`), as a compliance-scoped stack's template is.
    pub(crate) fn errors_in_scope(yaml: &str, regime: &'static str, rule: Rule) -> Vec<Finding> {
        let mut template = Template::from_yaml(yaml).expect("the test's template parses");
        template.scope = Some(regime);
        crate::check::run(&template).errors.into_iter().filter(|f| f.rule == rule).collect()
    }

    #[test]
    fn every_rule_has_a_complete_descriptor() {
        let docs = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        for rule in Rule::ALL {
            let d = rule.descriptor();
            assert!(
                d.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
                "{rule}: an ID is kebab-case"
            );
            assert!(d.summary.ends_with('.') && d.description.ends_with('.'), "{rule}: sentences");
            assert!(!d.aws_docs.is_empty(), "{rule} cites no AWS page");
            for url in d.aws_docs {
                assert!(url.starts_with("https://docs.aws.amazon.com/"), "{rule} cites `{url}`, not an AWS page");
            }
            assert!(d.page.starts_with("docs/guarded/") && d.page.ends_with(".md"), "{rule}: page `{}`", d.page);
            assert!(docs.join(d.page).is_file(), "{rule}'s page `{}` does not exist", d.page);
        }
    }

    #[test]
    fn the_guard_table_and_the_descriptors_agree() {
        for integration in cfn_guards::INTEGRATIONS {
            for id in integration.rules {
                assert!(
                    Rule::from_id(id).is_some(),
                    "the guard table names rule `{id}`, which the check does not have"
                );
            }
        }
        // A rule's page is one of the pages of the integrations that name it.
        for rule in Rule::ALL {
            let pages: Vec<&str> =
                cfn_guards::INTEGRATIONS.iter().filter(|i| i.rules.contains(&rule.id())).map(|i| i.page).collect();
            let page = rule.page().trim_start_matches("docs/guarded/");
            assert!(pages.is_empty() || pages.contains(&page), "{rule}'s page `{page}` is none of {pages:?}");
        }
    }

    #[test]
    fn ids_are_unique_and_name_their_rule() {
        for (i, rule) in Rule::ALL.iter().enumerate() {
            assert_eq!(Rule::from_id(rule.id()), Some(*rule));
            assert!(!Rule::ALL[i + 1..].iter().any(|r| r.id() == rule.id()), "`{rule}` twice");
            assert_eq!(rule.rule_id().as_str(), rule.id());
        }
        assert_eq!(Rule::from_id("no-such-rule"), None);
    }
}
