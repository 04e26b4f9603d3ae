//! StackSets: one stack of an app rolled out to many accounts and Regions by CloudFormation,
//! declared as an `AWS::CloudFormation::StackSet` in a management stack.

use crate::node::{Node, NodeMap};

/// Where a StackSet's instances go and how CloudFormation rolls them out.
///
/// Built with [`StackSet::to_organizational_units`] (service-managed permissions through AWS
/// Organizations, with automatic deployment to accounts that join) or [`StackSet::to_accounts`]
/// (self-managed permissions: the administration and execution roles must exist).
#[derive(Debug, Clone, PartialEq)]
pub struct StackSet {
    targets: Targets,
    regions: Vec<String>,
    auto_deployment: bool,
    retain_stacks_on_account_removal: bool,
    failure_tolerance: Tolerance,
    max_concurrency: Tolerance,
    region_concurrency_parallel: bool,
    template_url: Option<String>,
    description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
enum Targets {
    OrganizationalUnits(Vec<String>),
    Accounts(Vec<String>),
}

/// A count or a percentage, as `OperationPreferences` takes them.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tolerance {
    Count(u32),
    Percentage(u32),
}

impl StackSet {
    /// Instances in every account of these organizational units (`ou-…`, or the root `r-…`), in
    /// `regions`: service-managed permissions, deployed automatically to accounts that join the
    /// units (and their stacks deleted from accounts that leave, unless
    /// [`StackSet::retain_stacks_on_account_removal`]).
    pub fn to_organizational_units<O: Into<String>, R: Into<String>>(
        units: impl IntoIterator<Item = O>,
        regions: impl IntoIterator<Item = R>,
    ) -> Self {
        StackSet::new(Targets::OrganizationalUnits(units.into_iter().map(Into::into).collect()), regions)
    }

    /// Instances in these accounts, in `regions`: self-managed permissions (the
    /// `AWSCloudFormationStackSetAdministrationRole` in the management account and the
    /// `AWSCloudFormationStackSetExecutionRole` in each target account must exist).
    pub fn to_accounts<A: Into<String>, R: Into<String>>(
        accounts: impl IntoIterator<Item = A>,
        regions: impl IntoIterator<Item = R>,
    ) -> Self {
        let mut set = StackSet::new(Targets::Accounts(accounts.into_iter().map(Into::into).collect()), regions);
        set.auto_deployment = false;
        set
    }

    fn new<R: Into<String>>(targets: Targets, regions: impl IntoIterator<Item = R>) -> Self {
        StackSet {
            targets,
            regions: regions.into_iter().map(Into::into).collect(),
            auto_deployment: true,
            retain_stacks_on_account_removal: false,
            failure_tolerance: Tolerance::Count(0),
            max_concurrency: Tolerance::Count(1),
            region_concurrency_parallel: false,
            template_url: None,
            description: None,
        }
    }

    /// Keeps an account's stacks when it leaves the organizational units (service-managed only).
    pub fn retain_stacks_on_account_removal(mut self) -> Self {
        self.retain_stacks_on_account_removal = true;
        self
    }

    /// Turns off automatic deployment to accounts that join the units later.
    pub fn without_auto_deployment(mut self) -> Self {
        self.auto_deployment = false;
        self
    }

    /// How many accounts per Region may fail before CloudFormation stops the operation
    /// (default 0).
    pub fn failure_tolerance_count(mut self, count: u32) -> Self {
        self.failure_tolerance = Tolerance::Count(count);
        self
    }

    /// The percentage of accounts per Region that may fail before CloudFormation stops.
    pub fn failure_tolerance_percentage(mut self, percentage: u32) -> Self {
        self.failure_tolerance = Tolerance::Percentage(percentage.min(100));
        self
    }

    /// How many accounts CloudFormation deploys to at once (default 1).
    pub fn max_concurrent_count(mut self, count: u32) -> Self {
        self.max_concurrency = Tolerance::Count(count.max(1));
        self
    }

    /// The percentage of accounts CloudFormation deploys to at once.
    pub fn max_concurrent_percentage(mut self, percentage: u32) -> Self {
        self.max_concurrency = Tolerance::Percentage(percentage.clamp(1, 100));
        self
    }

    /// Deploys to the Regions in parallel rather than one after another.
    pub fn regions_in_parallel(mut self) -> Self {
        self.region_concurrency_parallel = true;
        self
    }

    /// Passes the member template by URL (an S3 object you upload the emitted file to) instead
    /// of inline: needed past 51,200 bytes (`aws cloudformation package` does not upload
    /// StackSet templates).
    pub fn template_url(mut self, url: impl Into<String>) -> Self {
        self.template_url = Some(url.into());
        self
    }

    /// The StackSet's `Description`.
    pub fn description(mut self, text: impl Into<String>) -> Self {
        self.description = Some(text.into());
        self
    }

    /// Whether the member template goes by URL.
    pub(crate) fn url(&self) -> Option<&str> {
        self.template_url.as_deref()
    }

    /// The properties of the `AWS::CloudFormation::StackSet` resource, but for the template.
    pub(crate) fn properties(&self, name: &str, capabilities: &[&str]) -> NodeMap {
        let strings = |items: &[String]| Node::List(items.iter().map(|s| Node::string(s.as_str())).collect());
        let mut props = NodeMap::new();
        props.insert("StackSetName".into(), Node::string(name));
        if let Some(text) = &self.description {
            props.insert("Description".into(), Node::string(text.as_str()));
        }
        let (model, targets) = match &self.targets {
            Targets::OrganizationalUnits(units) => ("SERVICE_MANAGED", ("OrganizationalUnitIds", strings(units))),
            Targets::Accounts(accounts) => ("SELF_MANAGED", ("Accounts", strings(accounts))),
        };
        props.insert("PermissionModel".into(), Node::string(model));
        if model == "SERVICE_MANAGED" {
            let mut auto = NodeMap::new();
            auto.insert("Enabled".into(), Node::Bool(self.auto_deployment));
            if self.auto_deployment {
                auto.insert("RetainStacksOnAccountRemoval".into(), Node::Bool(self.retain_stacks_on_account_removal));
            }
            props.insert("AutoDeployment".into(), Node::Map(auto));
            // The management account's own stack, not a delegated administrator's.
            props.insert("CallAs".into(), Node::string("SELF"));
        }
        if !capabilities.is_empty() {
            props.insert("Capabilities".into(), Node::List(capabilities.iter().map(|c| Node::string(*c)).collect()));
        }
        let mut preferences = NodeMap::new();
        match self.failure_tolerance {
            Tolerance::Count(n) => preferences.insert("FailureToleranceCount".into(), Node::Int(i64::from(n))),
            Tolerance::Percentage(n) => {
                preferences.insert("FailureTolerancePercentage".into(), Node::Int(i64::from(n)))
            }
        };
        match self.max_concurrency {
            Tolerance::Count(n) => preferences.insert("MaxConcurrentCount".into(), Node::Int(i64::from(n))),
            Tolerance::Percentage(n) => preferences.insert("MaxConcurrentPercentage".into(), Node::Int(i64::from(n))),
        };
        let concurrency = if self.region_concurrency_parallel { "PARALLEL" } else { "SEQUENTIAL" };
        preferences.insert("RegionConcurrencyType".into(), Node::string(concurrency));
        props.insert("OperationPreferences".into(), Node::Map(preferences));
        let mut deployment = NodeMap::new();
        deployment.insert(targets.0.into(), targets.1);
        let mut group = NodeMap::new();
        group.insert("DeploymentTargets".into(), Node::Map(deployment));
        group.insert("Regions".into(), strings(&self.regions));
        props.insert("StackInstancesGroup".into(), Node::List(vec![Node::Map(group)]));
        props
    }

    /// The Regions it deploys to.
    pub(crate) fn regions(&self) -> &[String] {
        &self.regions
    }

    /// The targets and Regions, for the manifest.
    pub(crate) fn manifest(&self) -> Node {
        let (kind, ids) = match &self.targets {
            Targets::OrganizationalUnits(units) => ("organizationalUnits", units),
            Targets::Accounts(accounts) => ("accounts", accounts),
        };
        let strings = |items: &[String]| Node::List(items.iter().map(|s| Node::string(s.as_str())).collect());
        let mut entries = NodeMap::new();
        entries.insert(kind.to_owned(), strings(ids));
        entries.insert("regions".to_owned(), strings(&self.regions));
        Node::Map(entries)
    }
}
