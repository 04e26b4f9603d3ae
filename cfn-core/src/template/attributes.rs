//! Resource attributes: `DependsOn`, `Condition`, `DeletionPolicy`, `UpdateReplacePolicy`,
//! `Metadata`, `CreationPolicy`, `UpdatePolicy`.

use crate::node::{Node, NodeMap};
use crate::rule_id::{METADATA_KEY, RuleId};
use crate::template::handle::{ConditionHandle, DependencyTarget};
use crate::value::Value;

/// What CloudFormation does with a resource when it is deleted from the stack (or the stack is
/// deleted): `DeletionPolicy`. The same values serve `UpdateReplacePolicy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeletionPolicy {
    /// Delete the resource (the default for most types).
    Delete,
    /// Keep the resource.
    Retain,
    /// Keep the resource unless it was just created by a failed create.
    RetainExceptOnCreate,
    /// Take a snapshot first (databases, volumes, caches).
    Snapshot,
}

impl DeletionPolicy {
    /// The value CloudFormation expects.
    pub fn as_str(self) -> &'static str {
        match self {
            DeletionPolicy::Delete => "Delete",
            DeletionPolicy::Retain => "Retain",
            DeletionPolicy::RetainExceptOnCreate => "RetainExceptOnCreate",
            DeletionPolicy::Snapshot => "Snapshot",
        }
    }

    /// The policy named `s`.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Delete, Self::Retain, Self::RetainExceptOnCreate, Self::Snapshot].into_iter().find(|p| p.as_str() == s)
    }
}

/// The attributes of one resource.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Attributes {
    pub(crate) depends_on: Vec<String>,
    pub(crate) condition: Option<String>,
    pub(crate) deletion_policy: Option<DeletionPolicy>,
    pub(crate) update_replace_policy: Option<DeletionPolicy>,
    pub(crate) metadata: Option<Node>,
    pub(crate) creation_policy: Option<Node>,
    pub(crate) update_policy: Option<Node>,
    /// Attributes read from a file that typed-cfn keeps as they are (`Version` of a custom
    /// resource), written after the others.
    pub(crate) other: NodeMap,
}

impl Attributes {
    /// No attributes.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a `DependsOn` entry: create `target` before this resource. When the resource
    /// already references `target` (`Ref`, `Fn::GetAtt`, `Fn::Sub`), the entry is left out of
    /// the output: the reference orders the two already, and cfn-lint flags the repetition
    /// (W3005).
    pub fn depends_on(self, target: &impl DependencyTarget) -> Self {
        self.depends_on_id(target.dependency_id())
    }

    /// A `DependsOn` entry by logical ID. Not part of the API: a construct that recorded the IDs
    /// of parts it added calls it.
    #[doc(hidden)]
    pub fn depends_on_id(mut self, id: &str) -> Self {
        if !self.depends_on.iter().any(|d| d == id) {
            self.depends_on.push(id.to_owned());
        }
        self
    }

    /// `Condition`: create the resource only when `condition` is true.
    pub fn condition(mut self, condition: &ConditionHandle) -> Self {
        self.condition = Some(condition.name().to_owned());
        self
    }

    /// `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`: the resource outlives the
    /// stack and its replacement. What stateful resources (keys, buckets, log groups, secrets)
    /// want, and what cfn-lint's I3011 asks for.
    pub fn retain() -> Self {
        Attributes::new().deletion_policy(DeletionPolicy::Retain).update_replace_policy(DeletionPolicy::Retain)
    }

    /// `DeletionPolicy`.
    pub fn deletion_policy(mut self, policy: DeletionPolicy) -> Self {
        self.deletion_policy = Some(policy);
        self
    }

    /// `UpdateReplacePolicy`.
    pub fn update_replace_policy(mut self, policy: DeletionPolicy) -> Self {
        self.update_replace_policy = Some(policy);
        self
    }

    /// `DeletionPolicy` chosen when the stack is deployed: a parameter's value (`Ref`), a
    /// mapping's (`Fn::FindInMap`) or a condition's choice (`Fn::If`) between the policies, as
    /// the `AWS::LanguageExtensions` transform documents
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/transform-aws-languageextensions.html>).
    /// Nothing checks here that the value is one of the policies: CloudFormation does.
    pub fn deletion_policy_chosen(mut self, policy: impl Into<Value<String>>) -> Self {
        self.deletion_policy = None;
        self.other.insert("DeletionPolicy".to_owned(), policy.into().into_node());
        self
    }

    /// `UpdateReplacePolicy` chosen when the stack is deployed (see
    /// [`Attributes::deletion_policy_chosen`]).
    pub fn update_replace_policy_chosen(mut self, policy: impl Into<Value<String>>) -> Self {
        self.update_replace_policy = None;
        self.other.insert("UpdateReplacePolicy".to_owned(), policy.into().into_node());
        self
    }

    /// `Version` of a custom resource: the version of the provider's contract, which
    /// CloudFormation passes along and does not read
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-cloudformation-customresource.html>).
    pub fn custom_resource_version(mut self, version: impl Into<String>) -> Self {
        self.other.insert("Version".to_owned(), Node::String(version.into()));
        self
    }

    /// An attribute a transform reads and removes before CloudFormation sees the resource (AWS
    /// SAM's `IgnoreGlobals`:
    /// <https://docs.aws.amazon.com/serverless-application-model/latest/developerguide/sam-specification-template-anatomy-globals.html>),
    /// written as given. Only meaningful in a template with that `Transform`.
    pub fn transform_attribute(mut self, name: &str, value: impl Into<Value<crate::value::Json>>) -> Self {
        self.other.insert(name.to_owned(), value.into().into_node());
        self
    }

    /// `Metadata`: free-form data attached to the resource.
    pub fn metadata(mut self, metadata: impl Into<Value<crate::value::Json>>) -> Self {
        self.metadata = Some(metadata.into().into_node());
        self
    }

    /// Suppresses a finding of the final-template check for this resource, by rule ID
    /// (`check::Rule::X`), with the reason a person judged it safe. Written into the
    /// resource's `Metadata` (`typed-cfn: {suppress: [{rule, reason}]}`), where a reader of the
    /// template sees it too.
    pub fn suppress(self, rule: impl Into<RuleId>, reason: impl Into<String>) -> Self {
        let entry = [("rule", Node::string(rule.into().as_str())), ("reason", Node::String(reason.into()))];
        self.metadata_entry([METADATA_KEY, "suppress"], entry)
    }

    /// Skips a checkov check for this resource, with the reason it cannot apply, in checkov's own
    /// form (`checkov: {skip: [{id, comment}]}`), which checkov honours.
    pub fn checkov_skip(self, check: &str, reason: impl Into<String>) -> Self {
        let entry = [("id", Node::string(check)), ("comment", Node::String(reason.into()))];
        self.metadata_entry(["checkov", "skip"], entry)
    }

    /// Suppresses a rule of AWS's guard rules registry (the rule sets of the HIPAA Security and
    /// PCI DSS conformance packs, e.g. `S3_BUCKET_REPLICATION_ENABLED`) for this resource, in the
    /// form those rules read themselves: the rule's name as a plain string in
    /// `Metadata.guard.SuppressedRules`. The reason goes beside it, in `Metadata.guard.Reasons`
    /// (rule name to reason), which no rule reads. AWS Control Tower's guard rules (`CT.…`) read
    /// no suppression at all, so this is not for them.
    pub fn guard_suppress(self, rule: &str, reason: impl Into<String>) -> Self {
        self.metadata_list_item(["guard", "SuppressedRules"], Node::string(rule)).metadata_map_item(
            ["guard", "Reasons"],
            rule,
            Node::String(reason.into()),
        )
    }

    /// Suppresses a cdk-nag rule for this resource, by its full ID (the pack's name, a hyphen and
    /// the rule's: `HIPAA.Security-S3BucketReplicationEnabled`, `PCI.DSS.321-LambdaInsideVPC`),
    /// with the reason, in the form cdk-nag 2.x reads from a template brought in with
    /// `CfnInclude`: `cdk_nag: {rules_to_suppress: [{id, reason}]}`. cdk-nag then reports the
    /// finding as suppressed, with this reason.
    pub fn cdk_nag_suppress(self, id: &str, reason: impl Into<String>) -> Self {
        let entry = [("id", Node::string(id)), ("reason", Node::String(reason.into()))];
        self.metadata_entry(["cdk_nag", "rules_to_suppress"], entry)
    }

    /// Appends a mapping of `fields` to the list at `Metadata.<path[0]>.<path[1]>`.
    fn metadata_entry(self, path: [&str; 2], fields: [(&str, Node); 2]) -> Self {
        let entry = Node::Map(fields.into_iter().map(|(k, v)| (k.to_owned(), v)).collect());
        self.metadata_list_item(path, entry)
    }

    /// Appends `item` to the list at `Metadata.<path[0]>.<path[1]>`.
    fn metadata_list_item(self, [key, list]: [&str; 2], item: Node) -> Self {
        self.metadata_section(key, |section| {
            match section.entry(list.to_owned()).or_insert_with(|| Node::List(Vec::new())) {
                Node::List(items) => items.push(item),
                other => *other = Node::List(vec![item]),
            }
        })
    }

    /// Sets `name: value` in the mapping at `Metadata.<path[0]>.<path[1]>`.
    fn metadata_map_item(self, [key, map]: [&str; 2], name: &str, value: Node) -> Self {
        self.metadata_section(key, |section| {
            let entry = section.entry(map.to_owned()).or_insert_with(|| Node::Map(NodeMap::new()));
            if !matches!(entry, Node::Map(_)) {
                *entry = Node::Map(NodeMap::new());
            }
            if let Node::Map(entries) = entry {
                entries.insert(name.to_owned(), value);
            }
        })
    }

    /// Applies `f` to the mapping at `Metadata.<key>`, created if missing.
    fn metadata_section(mut self, key: &str, f: impl FnOnce(&mut NodeMap)) -> Self {
        let mut metadata = self.metadata.take().and_then(|m| m.into_map().ok()).unwrap_or_default();
        let section = metadata.entry(key.to_owned()).or_insert_with(|| Node::Map(NodeMap::new()));
        if !matches!(section, Node::Map(_)) {
            *section = Node::Map(NodeMap::new());
        }
        if let Node::Map(section) = section {
            f(section);
        }
        self.metadata = Some(Node::Map(metadata));
        self
    }

    /// `CreationPolicy`.
    pub fn creation_policy(mut self, policy: CreationPolicy) -> Self {
        self.creation_policy = Some(Node::Map(policy.0));
        self
    }

    /// `UpdatePolicy`.
    pub fn update_policy(mut self, policy: UpdatePolicy) -> Self {
        self.update_policy = Some(Node::Map(policy.0));
        self
    }

    /// The `DependsOn` logical IDs.
    pub fn dependencies(&self) -> &[String] {
        &self.depends_on
    }

    /// The `Condition` name.
    pub fn condition_name(&self) -> Option<&str> {
        self.condition.as_deref()
    }
}

fn entry(map: &mut NodeMap, group: &str, key: &str, value: Node) {
    let slot = map.entry(group.to_owned()).or_insert_with(|| Node::Map(NodeMap::new()));
    if let Node::Map(inner) = slot {
        inner.insert(key.to_owned(), value);
    }
}

/// `CreationPolicy`: wait for signals (EC2 instances, Auto Scaling groups) or for a fleet.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CreationPolicy(NodeMap);

impl CreationPolicy {
    /// An empty policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// `ResourceSignal.Count`: how many success signals to wait for.
    pub fn signal_count(mut self, count: impl Into<Value<i64>>) -> Self {
        entry(&mut self.0, "ResourceSignal", "Count", count.into().into_node());
        self
    }

    /// `ResourceSignal.Timeout`: an ISO 8601 duration such as `PT15M`.
    pub fn signal_timeout(mut self, timeout: impl Into<Value<String>>) -> Self {
        entry(&mut self.0, "ResourceSignal", "Timeout", timeout.into().into_node());
        self
    }

    /// `AutoScalingCreationPolicy.MinSuccessfulInstancesPercent`.
    pub fn min_successful_instances_percent(mut self, percent: impl Into<Value<i64>>) -> Self {
        entry(&mut self.0, "AutoScalingCreationPolicy", "MinSuccessfulInstancesPercent", percent.into().into_node());
        self
    }

    /// `StartFleet`: start an AppStream fleet after creating it.
    pub fn start_fleet(mut self, start: impl Into<Value<bool>>) -> Self {
        self.0.insert("StartFleet".to_owned(), start.into().into_node());
        self
    }
}

/// `UpdatePolicy`: how Auto Scaling groups, Lambda aliases, ElastiCache and OpenSearch domains
/// are updated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UpdatePolicy(NodeMap);

impl UpdatePolicy {
    /// An empty policy.
    pub fn new() -> Self {
        Self::default()
    }

    /// `AutoScalingReplacingUpdate.WillReplace`.
    pub fn will_replace(mut self, replace: impl Into<Value<bool>>) -> Self {
        entry(&mut self.0, "AutoScalingReplacingUpdate", "WillReplace", replace.into().into_node());
        self
    }

    /// One setting of `AutoScalingRollingUpdate` (`MaxBatchSize`, `MinInstancesInService`,
    /// `PauseTime`, `WaitOnResourceSignals`, …).
    pub fn rolling_update(mut self, setting: RollingUpdate, value: impl Into<Value<crate::value::Json>>) -> Self {
        entry(&mut self.0, "AutoScalingRollingUpdate", setting.as_str(), value.into().into_node());
        self
    }

    /// `AutoScalingScheduledAction.IgnoreUnmodifiedGroupSizeProperties`.
    pub fn ignore_unmodified_group_size_properties(mut self, ignore: impl Into<Value<bool>>) -> Self {
        entry(
            &mut self.0,
            "AutoScalingScheduledAction",
            "IgnoreUnmodifiedGroupSizeProperties",
            ignore.into().into_node(),
        );
        self
    }

    /// `CodeDeployLambdaAliasUpdate`: shift traffic to a Lambda alias through CodeDeploy.
    pub fn code_deploy_lambda_alias(
        mut self,
        application_name: impl Into<Value<String>>,
        deployment_group_name: impl Into<Value<String>>,
    ) -> Self {
        entry(&mut self.0, "CodeDeployLambdaAliasUpdate", "ApplicationName", application_name.into().into_node());
        entry(
            &mut self.0,
            "CodeDeployLambdaAliasUpdate",
            "DeploymentGroupName",
            deployment_group_name.into().into_node(),
        );
        self
    }

    /// `EnableVersionUpgrade` (OpenSearch and Elasticsearch domains).
    pub fn enable_version_upgrade(mut self, enable: impl Into<Value<bool>>) -> Self {
        self.0.insert("EnableVersionUpgrade".to_owned(), enable.into().into_node());
        self
    }

    /// `UseOnlineResharding` (ElastiCache replication groups).
    pub fn use_online_resharding(mut self, enable: impl Into<Value<bool>>) -> Self {
        self.0.insert("UseOnlineResharding".to_owned(), enable.into().into_node());
        self
    }
}

/// The settings of `AutoScalingRollingUpdate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RollingUpdate {
    /// `MaxBatchSize`
    MaxBatchSize,
    /// `MinActiveInstancesPercent`
    MinActiveInstancesPercent,
    /// `MinInstancesInService`
    MinInstancesInService,
    /// `MinSuccessfulInstancesPercent`
    MinSuccessfulInstancesPercent,
    /// `PauseTime`
    PauseTime,
    /// `SuspendProcesses`
    SuspendProcesses,
    /// `WaitOnResourceSignals`
    WaitOnResourceSignals,
}

impl RollingUpdate {
    /// The key CloudFormation expects.
    pub fn as_str(self) -> &'static str {
        match self {
            RollingUpdate::MaxBatchSize => "MaxBatchSize",
            RollingUpdate::MinActiveInstancesPercent => "MinActiveInstancesPercent",
            RollingUpdate::MinInstancesInService => "MinInstancesInService",
            RollingUpdate::MinSuccessfulInstancesPercent => "MinSuccessfulInstancesPercent",
            RollingUpdate::PauseTime => "PauseTime",
            RollingUpdate::SuspendProcesses => "SuspendProcesses",
            RollingUpdate::WaitOnResourceSignals => "WaitOnResourceSignals",
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use crate::raw::RawResource;
    use crate::template::Template;
    use crate::template::parameter::Parameter;

    use super::*;

    /// Policies chosen at deploy time, a custom resource's `Version` and a transform's attribute
    /// are written as given, and read back as they were written.
    #[test]
    fn chosen_policies_versions_and_transform_attributes_are_written_as_given() {
        let mut t = Template::new();
        t.add_transform("AWS::LanguageExtensions");
        let policy = t.parameter("Policy", Parameter::string().allowed_values(["Delete", "Retain"]));
        let attributes = Attributes::new()
            .deletion_policy(DeletionPolicy::Delete)
            .deletion_policy_chosen(policy.reference())
            .update_replace_policy_chosen(policy.reference())
            .custom_resource_version("1.0")
            .transform_attribute("IgnoreGlobals", json!(["Runtime"]));
        t.add_raw_with("Handle", RawResource::new("AWS::CloudFormation::WaitConditionHandle"), attributes);
        let written = t.to_node().to_json_value();
        assert_eq!(
            written["Resources"]["Handle"],
            json!({
                "Type": "AWS::CloudFormation::WaitConditionHandle",
                "DeletionPolicy": {"Ref": "Policy"},
                "UpdateReplacePolicy": {"Ref": "Policy"},
                "Version": "1.0",
                "IgnoreGlobals": ["Runtime"],
            })
        );
        let read = Template::from_json(&written.to_string()).unwrap();
        assert_eq!(read.to_node().to_json_value(), written);
    }
}
