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
        /// `Version` out, [`Self::statement_if`] and its siblings add a statement a condition
        /// chooses when the stack is deployed, and [`Self::chosen`] chooses between two whole
        /// documents. There is no empty document (`{}`): IAM's grammar
        /// requires `Statement` in every policy, and IAM, KMS and S3 refuse one without it
        /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html>).
        #[derive(Debug, Clone, PartialEq)]
        pub struct $name {
            entries: Vec<Entry<$kind>>,
            /// Whether `Version` is written.
            version: bool,
            /// Set by [`Self::chosen`]: the condition and the documents it chooses between
            /// (`entries` is then empty; what is added later goes into both).
            choice: Option<Box<(String, $name, $name)>>,
        }

        impl $name {
            /// A document of these statements.
            pub fn new(statements: impl IntoIterator<Item = Statement<$kind>>) -> Self {
                $name { entries: statements.into_iter().map(Entry::always).collect(), version: true, choice: None }
            }

            /// `when_true` where `condition` holds when the stack is deployed, `when_false` where
            /// it does not: `{"Fn::If": [condition, when_true, when_false]}` as the whole
            /// document. Statements added afterwards (`statement`, `statement_if`, …) go into
            /// both, and `without_version` applies to both. CloudFormation resolves `Fn::If`
            /// anywhere in a resource's properties
            /// (<https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/intrinsic-function-reference-if.html>);
            /// the final-template check judges the resource with each document.
            pub fn chosen(condition: &ConditionHandle, when_true: $name, when_false: $name) -> Self {
                let choice = Some(Box::new((condition.name().to_owned(), when_true, when_false)));
                $name { entries: Vec::new(), version: true, choice }
            }

            /// Leaves `Version` out, as a template that omits it does. IAM then reads the
            /// document as version `2008-10-17`, in which policy variables (`${aws:username}`)
            /// are literal text
            /// (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html>).
            pub fn without_version(mut self) -> Self {
                self.version = false;
                if let Some(choice) = self.choice.take() {
                    let (condition, when_true, when_false) = *choice;
                    let both = (condition, when_true.without_version(), when_false.without_version());
                    self.choice = Some(Box::new(both));
                }
                self
            }

            /// Adds an entry, to both documents where the document is chosen.
            fn push(mut self, entry: Entry<$kind>) -> Self {
                match self.choice.take() {
                    Some(choice) => {
                        let (condition, when_true, when_false) = *choice;
                        let both = (condition, when_true.push(entry.clone()), when_false.push(entry));
                        self.choice = Some(Box::new(both));
                    }
                    None => self.entries.push(entry),
                }
                self
            }

            /// Adds a statement.
            pub fn statement(self, statement: Statement<$kind>) -> Self {
                self.push(Entry::always(statement))
            }

            /// Adds a statement that is in the policy only where `condition` holds when the stack
            /// is deployed: `Fn::If [condition, statement, AWS::NoValue]`.
            pub fn statement_if(self, condition: &ConditionHandle, statement: Statement<$kind>) -> Self {
                self.push_chosen(condition, Some(statement), None)
            }

            /// Adds a statement that is in the policy only where `condition` does not hold:
            /// `Fn::If [condition, AWS::NoValue, statement]`.
            pub fn statement_unless(self, condition: &ConditionHandle, statement: Statement<$kind>) -> Self {
                self.push_chosen(condition, None, Some(statement))
            }

            /// Adds `when_true` where `condition` holds and `when_false` where it does not:
            /// `Fn::If [condition, when_true, when_false]`.
            pub fn statement_if_else(
                self,
                condition: &ConditionHandle,
                when_true: Statement<$kind>,
                when_false: Statement<$kind>,
            ) -> Self {
                self.push_chosen(condition, Some(when_true), Some(when_false))
            }

            fn push_chosen(
                self,
                condition: &ConditionHandle,
                when_true: Option<Statement<$kind>>,
                when_false: Option<Statement<$kind>>,
            ) -> Self {
                let condition = Some(condition.name().to_owned());
                self.push(Entry { condition, when_true, when_false })
            }

            /// Every statement, those a condition chooses included (of both documents where
            /// the document is chosen).
            pub fn statements(&self) -> impl Iterator<Item = &Statement<$kind>> {
                let mut all = Vec::new();
                self.collect_statements(&mut all);
                all.into_iter()
            }

            fn collect_statements<'a>(&'a self, all: &mut Vec<&'a Statement<$kind>>) {
                if let Some(choice) = &self.choice {
                    choice.1.collect_statements(all);
                    choice.2.collect_statements(all);
                }
                all.extend(self.entries.iter().flat_map(Entry::statements));
            }

            /// The document as a node.
            pub fn to_node(&self) -> Node {
                if let Some(choice) = &self.choice {
                    let (condition, when_true, when_false) = &**choice;
                    let branches = vec![Node::string(condition.as_str()), when_true.to_node(), when_false.to_node()];
                    return Node::call(Function::If, Node::List(branches));
                }
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

    #[test]
    fn a_condition_chooses_the_whole_document() {
        let condition = ConditionHandle::new("Shared");
        let anyone = ResourcePolicy::new([read_by_anyone()]);
        let account = ResourcePolicy::new([read().principal(Principal::account_root())]);
        let policy = ResourcePolicy::chosen(&condition, anyone, account)
            .statement(read_by_anyone().sid("Both"))
            .without_version();
        let both =
            json!({"Sid": "Both", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"});
        let root = json!({"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}});
        assert_eq!(
            json_of(policy.to_node()),
            json!({"Fn::If": [
                "Shared",
                {"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "*"}, both]},
                {"Statement": [{"Effect": "Allow", "Principal": root, "Action": "s3:GetObject", "Resource": "*"}, both]},
            ]})
        );
        // Both documents' statements.
        assert_eq!(policy.statements().count(), 4);
    }

    fn read_by_anyone() -> Statement<WithPrincipal> {
        read().principal(Principal::everyone())
    }
}
