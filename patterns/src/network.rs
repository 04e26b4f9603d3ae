//! The network both stacks stand in: a VPC with DNS, private subnets in as many Availability
//! Zones as there are subnets, one route table with no route out (no internet gateway, no NAT),
//! and flow logs of all traffic to an encrypted log group through a role only VPC Flow Logs of
//! this account can assume.

use cfn_macros::actions;
use cfn_model::intrinsics::{get_azs, select, sub_checked};
use cfn_model::policy::{IdentityPolicy, Statement};
use cfn_model::refs::{Attr, kind, target};
use cfn_model::resources::ec2::{self, FlowLog, RouteTable, Subnet, SubnetRouteTableAssociation, VPC};
use cfn_model::resources::iam::ManagedPolicy;
use cfn_model::secure::{Compliance, EncryptedLogGroup, LogGroupKey, ServiceRole, Stack, VpcFlowLogsService};
use cfn_model::{Attributes, Handle, Value};

use crate::config::{Cidr, RetentionDays};

/// The parts of an added network.
#[derive(Debug, Clone)]
pub struct Network {
    /// The VPC.
    pub vpc: Handle<VPC>,
    /// The private subnets, one per Availability Zone.
    pub subnets: Vec<Handle<Subnet>>,
    /// Their route table: local routes and gateway endpoints only.
    pub route_table: Handle<RouteTable>,
    /// The flow log group.
    pub flow_logs: Handle<EncryptedLogGroup>,
}

impl Network {
    /// `Ref` of every subnet, for `SubnetIds`.
    pub fn subnet_ids(&self) -> Vec<Attr<target::ec2::Subnet, kind::SubnetId>> {
        self.subnets.iter().map(Handle::reference).collect()
    }
}

/// What a network is built from.
pub struct NetworkSpec<'a, K> {
    /// The VPC's block.
    pub vpc_cidr: Cidr,
    /// One subnet per Availability Zone, in the order of `Fn::GetAZs`.
    pub subnet_cidrs: &'a [Cidr],
    /// The flow log group's name (an `Fn::Sub` with the environment suffix).
    pub flow_log_group_name: Value<String>,
    /// The key of the flow log group.
    pub flow_log_key: K,
    /// How long flow logs are kept.
    pub flow_log_retention: RetentionDays,
    /// The flow log group's attributes (retained; suppressions where a tool cannot see the key,
    /// as when it comes from another stack of an app).
    pub flow_log_attributes: Attributes,
}

/// Why the VPC's default security group keeps its rules (the packs' `vpc-default-security-group-closed`,
/// <https://docs.aws.amazon.com/config/latest/developerguide/vpc-default-security-group-closed.html>):
/// EC2 creates it with the VPC, with its rules, and no CloudFormation property removes them
/// (<https://docs.aws.amazon.com/vpc/latest/userguide/default-security-group.html>).
const DEFAULT_GROUP: &str = "EC2 creates the default security group with the VPC, with its rules, and no CloudFormation property removes them; nothing in this stack uses it (every resource names its own group); close it with the Config rule's remediation or revoke its rules once after deployment";

/// Adds the VPC, subnets, route table, flow logs and their role.
pub fn add_network<C: Compliance, K: LogGroupKey>(stack: &mut Stack<C>, spec: NetworkSpec<'_, K>) -> Network {
    let vpc = stack.add_with(
        "Vpc",
        VPC::new()
            .cidr_block(spec.vpc_cidr.to_string())
            .enable_dns_support(true)
            .enable_dns_hostnames(true)
            .tags([ec2::vpc::Tag::new("Name", sub_checked("${AWS::StackName}-vpc", Vec::new()))]),
        Attributes::new()
            .cdk_nag_suppress("HIPAA.Security-VPCDefaultSecurityGroupClosed", DEFAULT_GROUP)
            .cdk_nag_suppress("PCI.DSS.321-VPCDefaultSecurityGroupClosed", DEFAULT_GROUP),
    );
    let route_table = stack.add("PrivateRouteTable", RouteTable::new(vpc.reference()));
    let mut subnets = Vec::new();
    for (i, cidr) in spec.subnet_cidrs.iter().enumerate() {
        let az = select::<String>(i as i64, get_azs(""));
        let subnet = stack.add(
            &format!("PrivateSubnet{}", i + 1),
            Subnet::new(vpc.reference())
                .cidr_block(cidr.to_string())
                .availability_zone(az)
                .map_public_ip_on_launch(false)
                .tags([ec2::subnet::Tag::new(
                    "Name",
                    sub_checked(&format!("${{AWS::StackName}}-private-{}", i + 1), Vec::new()),
                )]),
        );
        stack.add(
            &format!("PrivateSubnet{}RouteTableAssociation", i + 1),
            SubnetRouteTableAssociation::new(route_table.reference(), subnet.reference()),
        );
        subnets.push(subnet);
    }

    let flow_logs = stack.add_with(
        "FlowLogGroup",
        EncryptedLogGroup::new(spec.flow_log_key)
            .log_group_name(spec.flow_log_group_name)
            .retention_in_days(i64::from(spec.flow_log_retention.days())),
        spec.flow_log_attributes,
    );
    let role = flow_log_role(stack, &flow_logs);
    stack.add(
        "VpcFlowLog",
        FlowLog::new(vpc.reference(), ec2::flow_log::ResourceType::Vpc)
            .traffic_type(ec2::flow_log::TrafficType::All)
            .log_destination_type(ec2::flow_log::LogDestinationType::CloudWatchLogs)
            .log_group_name(flow_logs.reference())
            .deliver_logs_permission_arn(role.arn()),
    );
    Network { vpc, subnets, route_table, flow_logs }
}

/// The role VPC Flow Logs assumes: only the service, only for flow logs of this account
/// (`aws:SourceAccount`, `aws:SourceArn`), allowed only to write to the flow log group.
fn flow_log_role<C: Compliance>(
    stack: &mut Stack<C>,
    group: &Handle<EncryptedLogGroup>,
) -> Handle<ServiceRole<VpcFlowLogsService>> {
    let write = IdentityPolicy::new([Statement::allow(actions![
        "logs:CreateLogStream",
        "logs:PutLogEvents",
        "logs:DescribeLogStreams"
    ])
    .sid("WriteFlowLogs")
    .resource(group.arn())]);
    let policy = stack.add(
        "FlowLogPolicy",
        ManagedPolicy::new(write).description("Lets VPC Flow Logs write to the flow log group, nothing else"),
    );
    stack.add(
        "FlowLogRole",
        ServiceRole::new(VpcFlowLogsService).configure(|r| {
            r.description("Assumed by VPC Flow Logs of this account").managed_policy_arns([policy.reference()])
        }),
    )
}
