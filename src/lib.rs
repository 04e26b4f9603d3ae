//! typed-cfn: AWS CloudFormation templates from typed Rust.
#![deny(missing_docs)]

pub use cfn_model::*;
