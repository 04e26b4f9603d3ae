//! Policy documents. Each kind is its own type: a key policy is not a bucket policy, and an
//! identity policy cannot name a principal.

use crate::handle::ConditionHandle;
use crate::intrinsics::pseudo;
use crate::node::{Function, Node, NodeMap};
use crate::policy::statement::{NoPrincipal, Statement, WithPrincipal};
use crate::value::{Json, Value};

/// The policy language version every document uses unless told otherwise.
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>
pub const POLICY_VERSION: &str = "2012-10-17";

pub(crate) fn document(statements: impl Iterator<Item = Node>) -> Node {
    let mut m = NodeMap::new();
    m.insert("Version".to_owned(), Node::string(POLICY_VERSION));
    m.insert("Statement".to_owned(), Node::List(statements.collect()));
    Node::Map(m)
}

/// One item of a document's `Statement` list: a statement (`condition` is `None`, the statement
/// `when_true`), or the statement a condition chooses when the stack is deployed (`Fn::If`, with
/// `AWS::NoValue` for a branch without one).
#[derive(Debug, Clone, PartialEq)]
struct Entry<P> {
    condition: Option<String>,
    when_true: Option<Statement<P>>,
    when_false: Option<Statement<P>>,
}

impl<P> Entry<P> {
    fn always(statement: Statement<P>) -> Self {
        Entry { condition: None, when_true: Some(statement), when_false: None }
    }

    fn to_node(&self) -> Node {
        let branch = |statement: &Option<Statement<P>>| match statement {
            Some(s) => s.to_node(),
            None => pseudo::no_value::<Json>().into_node(),
        };
        match &self.condition {
            None => branch(&self.when_true),
            Some(condition) => Node::call(
                Function::If,
                Node::List(vec![Node::string(condition.as_str()), branch(&self.when_true), branch(&self.when_false)]),
            ),
        }
    }

    fn statements(&self) -> impl Iterator<Item = &Statement<P>> {
        self.when_true.iter().chain(&self.when_false)
    }
}

macro_rules! policy_document {
    ($(#[$doc:meta])* $name:ident, $kind:ty) => {
        $(#[$doc])*
        ///
        /// Written as `{"Version": "2012-10-17", "Statement": […]}`; [`Self::without_version`] leaves
        /// `Version` out, and [`Self::statement_if`] and its siblings add a statement a condition
        /// chooses when the stack is deployed. There is no empty document (`{}`): IAM's grammar
        /// requires `Statement` in every policy, and IAM, KMS and S3 refuse one without it
        /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>).
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            entries: Vec<Entry<$kind>>,
            /// Whether `Version` is written.
            version: bool,
        }

        impl $name {
            /// A document of these statements.
            pub fn new(statements: impl IntoIterator<Item = Statement<$kind>>) -> Self {
                $name { entries: statements.into_iter().map(Entry::always).collect(), version: true }
            }

            /// Leaves `Version` out, as a template that omits it does. IAM then reads the
            /// document as version `2008-10-17`, in which policy variables (`${aws:username}`)
            /// are literal text
            /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>).
            pub fn without_version(mut self) -> Self {
                self.version = false;
                self
            }

            /// Adds a statement.
            pub fn statement(mut self, statement: Statement<$kind>) -> Self {
                self.entries.push(Entry::always(statement));
                self
            }

            /// Adds a statement that is in the policy only where `condition` holds when the stack
            /// is deployed: `Fn::If [condition, statement, AWS::NoValue]`.
            pub fn statement_if(self, condition: &ConditionHandle, statement: Statement<$kind>) -> Self {
                self.chosen(condition, Some(statement), None)
            }

            /// Adds a statement that is in the policy only where `condition` does not hold:
            /// `Fn::If [condition, AWS::NoValue, statement]`.
            pub fn statement_unless(self, condition: &ConditionHandle, statement: Statement<$kind>) -> Self {
                self.chosen(condition, None, Some(statement))
            }

            /// Adds `when_true` where `condition` holds and `when_false` where it does not:
            /// `Fn::If [condition, when_true, when_false]`.
            pub fn statement_if_else(
                self,
                condition: &ConditionHandle,
                when_true: Statement<$kind>,
                when_false: Statement<$kind>,
            ) -> Self {
                self.chosen(condition, Some(when_true), Some(when_false))
            }

            fn chosen(
                mut self,
                condition: &ConditionHandle,
                when_true: Option<Statement<$kind>>,
                when_false: Option<Statement<$kind>>,
            ) -> Self {
                let condition = Some(condition.name().to_owned());
                self.entries.push(Entry { condition, when_true, when_false });
                self
            }

            /// Every statement, those a condition chooses included.
            pub fn statements(&self) -> impl Iterator<Item = &Statement<$kind>> {
                self.entries.iter().flat_map(Entry::statements)
            }

            /// The document as a node.
            pub fn to_node(&self) -> Node {
                let mut m = NodeMap::new();
                if self.version {
                    m.insert("Version".to_owned(), Node::string(POLICY_VERSION));
                }
                m.insert("Statement".to_owned(), Node::List(self.entries.iter().map(Entry::to_node).collect()));
                Node::Map(m)
            }
        }

        impl From<$name> for Value<Json> {
            fn from(policy: $name) -> Self {
                Value::from(policy.to_node())
            }
        }
    };
}

policy_document!(
    /// An identity policy (`AWS::IAM::ManagedPolicy`, a role's inline policies): statements
    /// without a principal.
    IdentityPolicy,
    NoPrincipal
);

policy_document!(
    /// A bucket policy (`AWS::S3::BucketPolicy`): statements with a principal.
    BucketPolicy,
    WithPrincipal
);

policy_document!(
    /// A trust policy (a role's `AssumeRolePolicyDocument`): who may assume the role.
    TrustPolicy,
    WithPrincipal
);

policy_document!(
    /// A resource policy of another kind (queues, topics, secrets): statements with a principal.
    ResourcePolicy,
    WithPrincipal
);

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::policy::{Action, Principal};

    fn json_of(node: Node) -> serde_json::Value {
        node.to_json_value()
    }

    fn read() -> Statement {
        Statement::allow([Action::checked("s3:GetObject")]).any_resource()
    }

    #[test]
    fn a_document_writes_its_version_and_statements() {
        let policy = IdentityPolicy::new([read()]);
        assert_eq!(
            json_of(policy.to_node()),
            json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
        );
        assert_eq!(json_of(IdentityPolicy::new([]).to_node()), json!({"Version": "2012-10-17", "Statement": []}));
    }

    #[test]
    fn without_version_leaves_it_out() {
        let policy = IdentityPolicy::new([read()]).without_version();
        assert_eq!(
            json_of(policy.to_node()),
            json!({"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
        );
    }

    #[test]
    fn a_condition_chooses_statements_where_they_stand() {
        let condition = ConditionHandle::new("Writable");
        let write = || Statement::allow([Action::checked("s3:PutObject")]).any_resource();
        let policy = IdentityPolicy::new([read()])
            .statement_if(&condition, write())
            .statement(read().sid("Last"))
            .statement_unless(&condition, write())
            .statement_if_else(&condition, write(), read());
        let no_value = json!({"Ref": "AWS::NoValue"});
        let write_json = json!({"Effect": "Allow", "Action": "s3:PutObject", "Resource": "*"});
        let read_json = json!({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"});
        assert_eq!(
            json_of(policy.to_node())["Statement"],
            json!([
                read_json,
                {"Fn::If": ["Writable", write_json, no_value]},
                {"Sid": "Last", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
                {"Fn::If": ["Writable", no_value, write_json]},
                {"Fn::If": ["Writable", write_json, read_json]},
            ])
        );
        // Every statement, chosen or not.
        assert_eq!(policy.statements().count(), 6);
        // A document of chosen statements only.
        let chosen =
            json_of(ResourcePolicy::new([]).without_version().statement_if(&condition, read_by_anyone()).to_node());
        assert!(chosen.get("Statement").is_some() && chosen.get("Version").is_none(), "{chosen}");
    }

    fn read_by_anyone() -> Statement<WithPrincipal> {
        read().principal(Principal::everyone())
    }
}
