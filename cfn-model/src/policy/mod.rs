//! IAM policy documents: statements, principals, actions and conditions, typed.

mod action;

pub use action::Action;
