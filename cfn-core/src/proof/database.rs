//! What a database's master user name and password accept: a user name that is static text, a
//! password resolved from Secrets Manager. `secure::DatabaseSecret` gives both.

use crate::node::Node;

/// A password resolved from Secrets Manager at deploy time.
#[derive(Debug, Clone, PartialEq)]
pub struct SecretPassword(pub(crate) Node);

mod sealed {
    #[diagnostic::on_unimplemented(
        message = "`{Self}` cannot stand for database credentials: the credential traits are sealed",
        note = "the password is `credentials.password()` and the user name static text or `credentials.username()`, of a `DatabaseSecret` added with `template.build(…)`"
    )]
    pub trait Sealed {}
}

/// What a database's `MasterUserPassword` accepts: only a password resolved from a Secrets
/// Manager secret.
#[diagnostic::on_unimplemented(
    message = "a database password must come from Secrets Manager, not `{Self}`",
    label = "a literal or a plain parameter leaves the password in the template or the console",
    note = "add `DatabaseSecret::new(\"admin\", key.arn())` with `template.build(\"DBSecret\", …)` and pass `credentials.password()`; or let RDS manage it with `manage_master_user_password(true)`"
)]
pub trait DatabasePassword: sealed::Sealed {
    /// The node to write.
    #[doc(hidden)]
    fn into_password_node(self) -> Node;
}

impl sealed::Sealed for SecretPassword {}

impl DatabasePassword for SecretPassword {
    fn into_password_node(self) -> Node {
        self.0
    }
}

/// What a database's `MasterUsername` accepts: static text, or the user name of a
/// `secure::DatabaseSecret` (`secure::DatabaseCredentials::username`; features `rds` and `secretsmanager`). A user name is not secret; resolving it
/// from the secret (`{{resolve:secretsmanager:…:username}}`) or a parameter makes every update
/// and rotation depend on the secret's current value.
#[diagnostic::on_unimplemented(
    message = "a database's master user name must be static text, not `{Self}`",
    label = "a resolved or parameter user name ties every update to the secret's current value",
    note = "write the name (`\"admin\"`), or pass `credentials.username()` of the `DatabaseSecret` whose password you use"
)]
pub trait MasterUsername: sealed::Sealed {
    /// The node to write.
    #[doc(hidden)]
    fn into_username_node(self) -> Node;
}

impl sealed::Sealed for &str {}
impl sealed::Sealed for String {}
impl sealed::Sealed for &String {}

impl MasterUsername for &str {
    fn into_username_node(self) -> Node {
        Node::string(self)
    }
}

impl MasterUsername for String {
    fn into_username_node(self) -> Node {
        Node::String(self)
    }
}

impl MasterUsername for &String {
    fn into_username_node(self) -> Node {
        Node::string(self.as_str())
    }
}
