//! Roles trusted by one AWS service as `ServiceRole<S>` writes them: the trust policy compared
//! with the library's own for each service a typed role setter names (a Lambda function's
//! `Role`, a flow log's, a trail's, an ECS task's, a state machine's, a rule target's, RDS
//! enhanced monitoring's).

use cfn_model::secure::{
    AssumingService, CloudTrailService, EcsTasksService, EventsService, LambdaService, RdsMonitoringService,
    StatesService, VpcFlowLogsService,
};
use serde_json::Value as J;

/// The service marker whose `ServiceRole` writes `document` as its trust policy (a policy
/// element of one value and a list of that one value read the same:
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>), or
/// `None`.
pub fn service_of_trust(document: &J) -> Option<&'static str> {
    let mut document = document.clone();
    one_element_lists(&mut document);
    let services: [(&str, J); 7] = [
        ("CloudTrailService", trust(CloudTrailService)),
        ("VpcFlowLogsService", trust(VpcFlowLogsService)),
        ("LambdaService", trust(LambdaService)),
        ("EcsTasksService", trust(EcsTasksService)),
        ("StatesService", trust(StatesService)),
        ("EventsService", trust(EventsService)),
        ("RdsMonitoringService", trust(RdsMonitoringService)),
    ];
    services.into_iter().find(|(_, written)| *written == document).map(|(name, _)| name)
}

fn trust<S: AssumingService>(service: S) -> J {
    let mut written = service.trust_policy().to_node().to_json_value();
    one_element_lists(&mut written);
    written
}

/// A one-element list where a policy element takes a value or a list, as the value.
fn one_element_lists(value: &mut J) {
    match value {
        J::Object(map) => {
            for (key, v) in map.iter_mut() {
                if ["Action", "NotAction", "Resource", "NotResource", "AWS", "Service"].contains(&key.as_str())
                    && let J::Array(l) = v
                    && l.len() == 1
                {
                    *v = l.remove(0);
                }
                one_element_lists(v);
            }
        }
        J::Array(items) => items.iter_mut().for_each(one_element_lists),
        _ => {}
    }
}
