// The generated `iam::Role` carries no record of whom its trust policy lets in, so its ARN
// cannot be handed to VPC Flow Logs: only a `ServiceRole<VpcFlowLogsService>` (or an asserted
// external role) can.
use typed_cfn::policy::{Principal, Statement, TrustPolicy};
use typed_cfn::resources::ec2::{FlowLog, flow_log};
use typed_cfn::resources::iam::Role;
use typed_cfn::{Template, actions, service_principal};

fn main() {
    let mut t = Template::new();
    let trust = TrustPolicy::new([Statement::allow(actions!["sts:AssumeRole"])
        .principal(Principal::service(service_principal!("lambda.amazonaws.com")))]);
    let role = t.add("FlowLogsRole", Role::new(trust));
    t.add(
        "FlowLog",
        FlowLog::new(typed_cfn::refs::Attr::<typed_cfn::refs::target::ec2::VPC, typed_cfn::refs::kind::VpcId>::external("vpc-0abc"), flow_log::ResourceType::Vpc)
            .log_group_name(typed_cfn::refs::Attr::<typed_cfn::refs::target::logs::LogGroup, typed_cfn::refs::kind::LogGroupName>::external("/aws/vpc/flowlogs"))
            .deliver_logs_permission_arn(role.arn()),
    );
}
