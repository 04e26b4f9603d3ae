//! Policy documents. Each kind is its own type: a key policy is not a bucket policy, and an
//! identity policy cannot name a principal.

use crate::node::{Node, NodeMap};
use crate::policy::statement::{NoPrincipal, Statement, WithPrincipal};
use crate::value::{Json, Value};

/// The policy language version every document uses.
pub const POLICY_VERSION: &str = "2012-10-17";

pub(crate) fn document(statements: impl Iterator<Item = Node>) -> Node {
    let mut m = NodeMap::new();
    m.insert("Version".to_owned(), Node::string(POLICY_VERSION));
    m.insert("Statement".to_owned(), Node::List(statements.collect()));
    Node::Map(m)
}

macro_rules! policy_document {
    ($(#[$doc:meta])* $name:ident, $kind:ty) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name(Vec<Statement<$kind>>);

        impl $name {
            /// A document of these statements.
            pub fn new(statements: impl IntoIterator<Item = Statement<$kind>>) -> Self {
                $name(statements.into_iter().collect())
            }

            /// Adds a statement.
            pub fn statement(mut self, statement: Statement<$kind>) -> Self {
                self.0.push(statement);
                self
            }

            /// The statements.
            pub fn statements(&self) -> &[Statement<$kind>] {
                &self.0
            }

            /// The document as a node.
            pub fn to_node(&self) -> Node {
                document(self.0.iter().map(Statement::to_node))
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
