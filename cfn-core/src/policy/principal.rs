//! Who a resource-based policy statement is about: `Principal` and `NotPrincipal`.

use crate::handle::ConditionHandle;
use crate::intrinsics::sub_checked;
use crate::node::{Function, Node, NodeMap};
use crate::value::Value;

/// An AWS service principal such as `s3.amazonaws.com`.
///
/// There is deliberately no constructor for CloudWatch Logs: its principal must be the
/// regional `logs.<region>.amazonaws.com` in a statement of its own with an encryption-context
/// condition, and the only way to write that statement is `secure::LogsGrant`.
#[derive(Debug, Clone, PartialEq)]
pub struct ServicePrincipal(Node);

macro_rules! services {
    ($($(#[$doc:meta])* $name:ident => $host:literal,)*) => {
        impl ServicePrincipal {
            $(
                $(#[$doc])*
                pub fn $name() -> Self {
                    ServicePrincipal(Node::string($host))
                }
            )*
        }
    };
}

services! {
    /// `s3.amazonaws.com`
    s3 => "s3.amazonaws.com",
    /// `logging.s3.amazonaws.com` (S3 server access log delivery)
    s3_logging => "logging.s3.amazonaws.com",
    /// `lambda.amazonaws.com`
    lambda => "lambda.amazonaws.com",
    /// `rds.amazonaws.com`
    rds => "rds.amazonaws.com",
    /// `monitoring.rds.amazonaws.com` (RDS enhanced monitoring)
    rds_monitoring => "monitoring.rds.amazonaws.com",
    /// `secretsmanager.amazonaws.com`
    secrets_manager => "secretsmanager.amazonaws.com",
    /// `vpc-flow-logs.amazonaws.com`
    vpc_flow_logs => "vpc-flow-logs.amazonaws.com",
    /// `delivery.logs.amazonaws.com` (log delivery to S3 and Firehose)
    log_delivery => "delivery.logs.amazonaws.com",
    /// `ec2.amazonaws.com`
    ec2 => "ec2.amazonaws.com",
    /// `ecs-tasks.amazonaws.com`
    ecs_tasks => "ecs-tasks.amazonaws.com",
    /// `sns.amazonaws.com`
    sns => "sns.amazonaws.com",
    /// `sqs.amazonaws.com`
    sqs => "sqs.amazonaws.com",
    /// `events.amazonaws.com`
    events => "events.amazonaws.com",
    /// `states.amazonaws.com`
    states => "states.amazonaws.com",
    /// `apigateway.amazonaws.com`
    apigateway => "apigateway.amazonaws.com",
    /// `cloudtrail.amazonaws.com`
    cloudtrail => "cloudtrail.amazonaws.com",
    /// `cloudwatch.amazonaws.com` (alarm actions)
    cloudwatch => "cloudwatch.amazonaws.com",
    /// `config.amazonaws.com`
    config => "config.amazonaws.com",
    /// `dynamodb.amazonaws.com`
    dynamodb => "dynamodb.amazonaws.com",
    /// `backup.amazonaws.com`
    backup => "backup.amazonaws.com",
    /// `budgets.amazonaws.com` (budget notifications)
    budgets => "budgets.amazonaws.com",
    /// `logdelivery.elasticloadbalancing.amazonaws.com` (Application Load Balancer access logs
    /// in Regions opened since August 2022, which have no Elastic Load Balancing account:
    /// <https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html>)
    elb_log_delivery => "logdelivery.elasticloadbalancing.amazonaws.com",
}

impl ServicePrincipal {
    /// The regional CloudWatch Logs principal. Crate-internal: only `LogsGrant` may use it.
    pub(crate) fn logs_regional() -> Self {
        ServicePrincipal(sub_checked("logs.${AWS::Region}.amazonaws.com", Vec::new()).into_node())
    }

    /// A principal the `service_principal!` macro has checked. Crate-internal: the macro
    /// reaches it through `__private`.
    pub(crate) fn checked(host: &'static str) -> Self {
        ServicePrincipal(Node::string(host))
    }

    /// The principal as a node.
    pub fn to_node(&self) -> Node {
        self.0.clone()
    }
}

/// A statement's principal.
#[derive(Debug, Clone, PartialEq)]
pub struct Principal(Node);

fn keyed(key: &str, value: Node) -> Principal {
    let mut map = NodeMap::new();
    map.insert(key.to_owned(), value);
    Principal(Node::Map(map))
}

fn one_or_many(mut values: Vec<Node>) -> Node {
    if values.len() == 1 { values.remove(0) } else { Node::List(values) }
}

impl Principal {
    /// `{"AWS": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}`: the account itself,
    /// which delegates to IAM policies.
    pub fn account_root() -> Self {
        keyed("AWS", sub_checked("arn:${AWS::Partition}:iam::${AWS::AccountId}:root", Vec::new()).into_node())
    }

    /// `{"AWS": …}`: IAM roles, users or accounts by ARN.
    pub fn aws<V: Into<Value<String>>>(arns: impl IntoIterator<Item = V>) -> Self {
        keyed("AWS", one_or_many(arns.into_iter().map(|v| v.into().into_node()).collect()))
    }

    /// `{"Service": …}`: one service.
    pub fn service(service: ServicePrincipal) -> Self {
        keyed("Service", service.0)
    }

    /// `{"Service": […]}`: several services.
    pub fn services(services: impl IntoIterator<Item = ServicePrincipal>) -> Self {
        keyed("Service", one_or_many(services.into_iter().map(|s| s.0).collect()))
    }

    /// `{"Federated": …}`: a web identity or SAML provider.
    pub fn federated(provider: impl Into<Value<String>>) -> Self {
        keyed("Federated", provider.into().into_node())
    }

    /// `{"CanonicalUser": …}`: an S3 canonical user ID (CloudFront origin access identities).
    pub fn canonical_user(id: impl Into<Value<String>>) -> Self {
        keyed("CanonicalUser", id.into().into_node())
    }

    /// `"*"`: everyone. Narrow it with conditions.
    pub fn everyone() -> Self {
        Principal(Node::string("*"))
    }

    /// `when_true` where `condition` holds when the stack is deployed, `when_false` where it does
    /// not: `{"Fn::If": [condition, when_true, when_false]}` as the statement's principal, as
    /// for a service whose principal differs by Region (an account in some, a service principal in
    /// others). CloudFormation resolves `Fn::If` anywhere in a resource's properties
    /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-if.html>),
    /// so the deployed policy names one of the two; the final-template check judges the policy
    /// with each.
    pub fn chosen(condition: &ConditionHandle, when_true: Principal, when_false: Principal) -> Self {
        let branches = vec![Node::string(condition.name()), when_true.0, when_false.0];
        Principal(Node::call(Function::If, Node::List(branches)))
    }

    /// The principal as a node.
    pub fn to_node(&self) -> Node {
        self.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_condition_chooses_between_principals() {
        let condition = ConditionHandle::new("RegionHasAccount");
        let chosen = Principal::chosen(
            &condition,
            Principal::aws(["arn:aws:iam::127311923021:root"]),
            Principal::service(ServicePrincipal::elb_log_delivery()),
        );
        assert_eq!(
            chosen.to_node().to_json_value(),
            json!({"Fn::If": [
                "RegionHasAccount",
                {"AWS": "arn:aws:iam::127311923021:root"},
                {"Service": "logdelivery.elasticloadbalancing.amazonaws.com"}
            ]})
        );
    }
}
