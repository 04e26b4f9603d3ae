//! The generator's corrections to the schemas. Which properties get a hand-written type is not
//! here: that is the guard table, `cfn_guards`, which the macros and the model read too (its
//! setters are written by `guarded.rs`).
//!
//! Every entry names the type and property it touches; `cargo xtask codegen` fails if an entry
//! matches nothing, so the table cannot rot silently when the schemas move.

/// A property whose setter takes a hand-written type: a row of the one guard table,
/// `cfn_guards::INTEGRATIONS`.
pub use cfn_guards::GuardedProperty as PropertyOverride;

/// `Fn::GetAtt` attributes the registry schemas do not list as read-only but CloudFormation
/// accepts (older types whose plain properties are also attributes).
pub struct ExtraAttribute {
    pub type_name: &'static str,
    pub attribute: &'static str,
    pub doc: &'static str,
}

pub const ATTRIBUTES: &[ExtraAttribute] = &[
    ExtraAttribute { type_name: "AWS::SNS::Topic", attribute: "TopicName", doc: "The topic's name." },
    ExtraAttribute { type_name: "AWS::EC2::VPC", attribute: "CidrBlock", doc: "The VPC's primary IPv4 CIDR block." },
];

pub fn property(type_name: &str, property: &str) -> Option<&'static PropertyOverride> {
    cfn_guards::guarded_properties().find(|o| o.resource_type == type_name && o.property == property)
}

/// Features that need others: the hand-written types an override puts in a service's setters
/// live behind the features of the services they build on.
pub const FEATURE_REQUIRES: &[(&str, &[&str])] = &[
    // ExportedLogs creates encrypted log groups; DatabasePassword comes from a secret.
    ("rds", &["logs", "secretsmanager"]),
    ("docdb", &["secretsmanager"]),
    ("redshift", &["secretsmanager"]),
];
