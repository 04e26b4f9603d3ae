//! What typed-cfn checks both when a template is emitted (in `cfn-model`) and at compile time
//! (in `cfn-macros`): one copy, so the two can never disagree. Depends on nothing.
//!
//! - [`sub`]: the grammar of `Fn::Sub` strings.
//! - [`actions`]: AWS's IAM action list, and matching of action patterns against it.
//! - [`guarded`]: the properties only typed setters may set.
#![deny(missing_docs)]

pub mod actions;
pub mod guarded;
pub mod sub;
