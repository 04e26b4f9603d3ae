//! How a guarded property's setter is written: each [`Takes`] of the guard table (`cfn-guards`)
//! becomes the parameter type and the statement that stores the value. The paths are those of
//! `cfn-model`, where the generated code lives (`crate::…`).

use cfn_guards::{Assumer, Document, RdsExporter, Takes};

/// The setter's parameter type.
pub fn param_type(takes: Takes) -> String {
    match takes {
        Takes::Document(document) => document_type(document).to_owned(),
        Takes::LogGroupKey => "impl crate::proof::LogGroupKey".to_owned(),
        Takes::Role(service) => format!("impl crate::proof::AssumableBy<crate::proof::{}>", assumer(service)),
        Takes::RdsLogExports(exporter) => {
            format!("impl crate::proof::RdsLogExports<crate::proof::{}>", exported_logs(exporter))
        }
        Takes::DatabasePassword => "impl crate::proof::DatabasePassword".to_owned(),
        Takes::MasterUsername => "impl crate::proof::MasterUsername".to_owned(),
    }
}

/// The statement that stores `value` as `property` in the property bag `props`.
pub fn store(takes: Takes, property: &str, props: &str, value: &str) -> String {
    let node = match takes {
        Takes::Document(_) => format!("{value}.to_node()"),
        Takes::LogGroupKey => format!("crate::proof::LogGroupKey::into_key_node({value})"),
        Takes::Role(service) => {
            format!("crate::proof::AssumableBy::<crate::proof::{}>::into_role_node({value})", assumer(service))
        }
        // The exports set more than one property (identifier, engine) and a dependency.
        Takes::RdsLogExports(_) => {
            return format!("crate::proof::RdsLogExports::store_exports({value}, &mut {props});");
        }
        Takes::DatabasePassword => format!("crate::proof::DatabasePassword::into_password_node({value})"),
        Takes::MasterUsername => format!("crate::proof::MasterUsername::into_username_node({value})"),
    };
    format!("{props}.set(\"{property}\", {node});")
}

fn document_type(document: Document) -> &'static str {
    match document {
        Document::KeyPolicy => "crate::proof::KeyPolicy<impl ::core::marker::Sized>",
        Document::TrustPolicy => "crate::policy::TrustPolicy",
        Document::IdentityPolicy => "crate::policy::IdentityPolicy",
        Document::ResourcePolicy => "crate::policy::ResourcePolicy",
        Document::BucketPolicy => "crate::policy::BucketPolicy",
    }
}

/// The marker type of the service, in `crate::secure`.
fn assumer(service: Assumer) -> &'static str {
    match service {
        Assumer::LambdaService => "LambdaService",
        Assumer::VpcFlowLogsService => "VpcFlowLogsService",
        Assumer::CloudTrailService => "CloudTrailService",
        Assumer::EcsTasksService => "EcsTasksService",
        Assumer::StatesService => "StatesService",
        Assumer::EventsService => "EventsService",
        Assumer::RdsMonitoringService => "RdsMonitoringService",
    }
}

/// The log kinds of the exporter, in `crate::secure`.
fn exported_logs(exporter: RdsExporter) -> &'static str {
    match exporter {
        RdsExporter::Cluster => "ClusterLogs",
        RdsExporter::Instance => "InstanceLogs",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_role_property_stores_the_role_through_its_trust() {
        let takes = Takes::Role(Assumer::LambdaService);
        assert_eq!(param_type(takes), "impl crate::proof::AssumableBy<crate::proof::LambdaService>");
        assert_eq!(
            store(takes, "Role", "self.properties", "value"),
            "self.properties.set(\"Role\", crate::proof::AssumableBy::<crate::proof::LambdaService>::into_role_node(value));"
        );
    }

    #[test]
    fn rds_exports_store_themselves() {
        let takes = Takes::RdsLogExports(RdsExporter::Instance);
        assert_eq!(param_type(takes), "impl crate::proof::RdsLogExports<crate::proof::InstanceLogs>");
        assert_eq!(
            store(takes, "EnableCloudwatchLogsExports", "this.properties", "logs"),
            "crate::proof::RdsLogExports::store_exports(logs, &mut this.properties);"
        );
    }
}
