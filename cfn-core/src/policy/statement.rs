//! Policy statements, typed by whether they name a principal.

use std::marker::PhantomData;

use crate::node::{Node, NodeMap};
use crate::policy::Action;
use crate::policy::condition::{Conditions, Qualified};
use crate::policy::principal::Principal;
use crate::value::Value;

/// Marker: a statement without `Principal` (identity policies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoPrincipal;

/// Marker: a statement with `Principal` or `NotPrincipal` (key, bucket and trust policies).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WithPrincipal;

/// `Allow` or `Deny`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    /// `Allow`
    Allow,
    /// `Deny`
    Deny,
}

impl Effect {
    /// The value in a policy.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// One statement of a policy document. `P` records whether it names a principal, so an
/// identity policy cannot take a resource-policy statement and the other way round.
#[derive(Debug, Clone, PartialEq)]
pub struct Statement<P = NoPrincipal> {
    sid: Option<String>,
    effect: Effect,
    principal: Option<(&'static str, Node)>,
    actions: (&'static str, Vec<Action>),
    resources: Option<(&'static str, Vec<Node>)>,
    conditions: Conditions,
    kind: PhantomData<P>,
}

impl Statement<NoPrincipal> {
    fn new(effect: Effect, key: &'static str, actions: impl IntoIterator<Item = Action>) -> Self {
        Statement {
            sid: None,
            effect,
            principal: None,
            actions: (key, actions.into_iter().collect()),
            resources: None,
            conditions: Conditions::default(),
            kind: PhantomData,
        }
    }

    /// `Allow` the actions (build them with `actions![…]`, checked at compile time).
    pub fn allow(actions: impl IntoIterator<Item = Action>) -> Self {
        Self::new(Effect::Allow, "Action", actions)
    }

    /// `Deny` the actions.
    pub fn deny(actions: impl IntoIterator<Item = Action>) -> Self {
        Self::new(Effect::Deny, "Action", actions)
    }

    /// `Allow` everything but the actions (`NotAction`).
    pub fn allow_all_except(actions: impl IntoIterator<Item = Action>) -> Self {
        Self::new(Effect::Allow, "NotAction", actions)
    }

    /// `Deny` everything but the actions (`NotAction`).
    pub fn deny_all_except(actions: impl IntoIterator<Item = Action>) -> Self {
        Self::new(Effect::Deny, "NotAction", actions)
    }

    fn with_principal(self, key: &'static str, principal: Principal) -> Statement<WithPrincipal> {
        Statement {
            sid: self.sid,
            effect: self.effect,
            principal: Some((key, principal.to_node())),
            actions: self.actions,
            resources: self.resources,
            conditions: self.conditions,
            kind: PhantomData,
        }
    }

    /// `Principal`: makes this a resource-policy statement.
    pub fn principal(self, principal: Principal) -> Statement<WithPrincipal> {
        self.with_principal("Principal", principal)
    }

    /// `NotPrincipal`: everyone but `principal` (use with `Deny`).
    pub fn not_principal(self, principal: Principal) -> Statement<WithPrincipal> {
        self.with_principal("NotPrincipal", principal)
    }
}

impl<P> Statement<P> {
    /// `Sid`: a name for the statement.
    pub fn sid(mut self, sid: impl Into<String>) -> Self {
        self.sid = Some(sid.into());
        self
    }

    fn push_resource(mut self, key: &'static str, resource: Node) -> Self {
        match &mut self.resources {
            Some((existing, list)) if *existing == key => list.push(resource),
            _ => self.resources = Some((key, vec![resource])),
        }
        self
    }

    /// Adds a `Resource`.
    pub fn resource(self, arn: impl Into<Value<String>>) -> Self {
        self.push_resource("Resource", arn.into().into_node())
    }

    /// `Resource: "*"` (key policies: the key itself).
    pub fn any_resource(self) -> Self {
        self.push_resource("Resource", Node::string("*"))
    }

    /// Adds a `NotResource`.
    pub fn not_resource(self, arn: impl Into<Value<String>>) -> Self {
        self.push_resource("NotResource", arn.into().into_node())
    }

    /// Adds a condition: `operator` on `key` equal, like, … `value`. A second value for the
    /// same operator and key makes a list (any of them).
    pub fn condition(mut self, operator: impl Into<Qualified>, key: &str, value: impl Into<Value<String>>) -> Self {
        self.conditions.add(operator.into(), key, value.into().into_node());
        self
    }

    /// The actions.
    pub fn actions(&self) -> &[Action] {
        &self.actions.1
    }

    /// The statement as a node, keys in the order AWS documents them.
    pub fn to_node(&self) -> Node {
        let mut m = NodeMap::new();
        if let Some(sid) = &self.sid {
            m.insert("Sid".to_owned(), Node::string(sid.as_str()));
        }
        m.insert("Effect".to_owned(), Node::string(self.effect.as_str()));
        if let Some((key, principal)) = &self.principal {
            m.insert((*key).to_owned(), principal.clone());
        }
        let (key, actions) = &self.actions;
        let actions: Vec<Node> = actions.iter().map(|a| Node::string(a.as_str())).collect();
        m.insert((*key).to_owned(), one_or_list(actions));
        if let Some((key, resources)) = &self.resources {
            m.insert((*key).to_owned(), one_or_list(resources.clone()));
        }
        if !self.conditions.is_empty() {
            m.insert("Condition".to_owned(), self.conditions.to_node());
        }
        Node::Map(m)
    }
}

fn one_or_list(mut items: Vec<Node>) -> Node {
    if items.len() == 1 { items.remove(0) } else { Node::List(items) }
}
