//! Each example's committed output (`examples/output/`) is what the example emits today, in
//! JSON and YAML, and so are the JSON Schemas of the configs. (tests/lint.rs runs cfn-lint over
//! the committed templates.)

mod common;

#[allow(dead_code)]
#[path = "../examples/quickstart.rs"]
mod quickstart;

use patterns::{StackConfig, audit_trail, event_pipeline, hipaa, pci_dss};
use typed_cfn::{Format, Template};

fn assert_outputs(name: &str, template: &Template) {
    common::assert_file(&format!("examples/output/{name}.json"), &template.emit(Format::Json).unwrap().body);
    common::assert_file(&format!("examples/output/{name}.yaml"), &template.emit(Format::Yaml).unwrap().body);
}

#[test]
fn quickstart_output_is_committed() {
    assert_outputs("quickstart", &quickstart::template());
}

#[test]
fn pci_dss_output_is_committed() {
    assert_outputs("pci_dss", &pci_dss::template(&pci_dss::PciDssConfig::default()));
}

#[test]
fn hipaa_output_is_committed() {
    assert_outputs("hipaa", &hipaa::template(&hipaa::HipaaConfig::default()));
}

#[test]
fn hipaa_postgresql_output_is_committed() {
    let config =
        hipaa::HipaaConfig::from_yaml_file(&common::root().join("examples/config/hipaa-postgresql.yaml")).unwrap();
    assert_outputs("hipaa-postgresql", &hipaa::template(&config));
}

#[test]
fn audit_trail_output_is_committed() {
    assert_outputs("audit_trail", &audit_trail::template(&audit_trail::AuditTrailConfig::default()));
}

#[test]
fn event_pipeline_output_is_committed() {
    assert_outputs("event_pipeline", &event_pipeline::template(&event_pipeline::EventPipelineConfig::default()));
}

#[test]
fn the_sample_event_pipeline_config_is_the_default() {
    let path = common::root().join("examples/config/event-pipeline.yaml");
    assert_eq!(
        event_pipeline::EventPipelineConfig::from_yaml_file(&path).unwrap(),
        event_pipeline::EventPipelineConfig::default()
    );
}

#[test]
fn the_sample_audit_trail_config_is_the_default() {
    let config =
        audit_trail::AuditTrailConfig::from_yaml_file(&common::root().join("examples/config/audit-trail.yaml"))
            .unwrap();
    assert_eq!(config, audit_trail::AuditTrailConfig::default());
}

#[test]
fn the_sample_pci_config_is_the_default() {
    let config = pci_dss::PciDssConfig::from_yaml_file(&common::root().join("examples/config/pci-dss.yaml")).unwrap();
    assert_eq!(config, pci_dss::PciDssConfig::default());
}

#[test]
fn config_schemas_are_committed() {
    common::assert_file("examples/config/pci-dss.schema.json", &pci_dss::PciDssConfig::schema_json());
    common::assert_file("examples/config/hipaa.schema.json", &hipaa::HipaaConfig::schema_json());
    common::assert_file("examples/config/audit-trail.schema.json", &audit_trail::AuditTrailConfig::schema_json());
    common::assert_file(
        "examples/config/event-pipeline.schema.json",
        &event_pipeline::EventPipelineConfig::schema_json(),
    );
}
