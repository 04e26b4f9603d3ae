#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub use cfn_macros::{Parameters, actions, raw_resource, service_principal, sub};
pub use cfn_model::*;

pub mod guide;
