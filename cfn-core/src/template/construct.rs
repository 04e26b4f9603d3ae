//! Constructs: secure builders that add more than one resource at once (a bucket and its
//! policy, a database and the log groups it writes to).

use crate::template::Template;

/// A group of resources added under one logical ID prefix.
pub trait Construct {
    /// What adding gives back: handles to the parts.
    type Output;

    /// Adds the resources to `template`, their logical IDs starting with `logical_id`.
    fn add_to(self, template: &mut Template, logical_id: &str) -> Self::Output;
}

impl Template {
    /// Adds a construct (see [`Construct`]).
    pub fn build<K: Construct>(&mut self, logical_id: &str, construct: K) -> K::Output {
        construct.add_to(self, logical_id)
    }
}
