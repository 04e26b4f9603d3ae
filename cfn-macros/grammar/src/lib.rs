//! What typed-cfn checks both when a template is emitted (in `cfn-model`) and at compile time
//! (in `cfn-macros`): one copy, so the two can never disagree. Depends on nothing.
//!
//! - [`sub`]: the grammar of `Fn::Sub` strings.
//! - [`actions`]: AWS's IAM action list, and matching of action patterns against it.
//!
//! Both are the grammar of strings a template holds. The table of guarded integrations, which
//! the same layers read, is the `cfn-guards` crate.
#![deny(missing_docs)]

pub mod actions;
pub mod sub;
