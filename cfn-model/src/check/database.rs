//! Database credentials as templates get them wrong: the user name resolved from the secret
//! instead of static, and passwords the engine refuses.

use crate::check::{Findings, Rule};
use crate::node::{Function, Node};
use crate::template::Template;

/// The types with a master user and password.
const DATABASES: [&str; 4] =
    ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::DocDB::DBCluster", "AWS::Redshift::Cluster"];

pub(super) fn check(template: &Template, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if !DATABASES.contains(&decl.resource_type.as_str()) {
            continue;
        }
        if let Some(username) = decl.properties.get("MasterUsername")
            && resolves(username)
        {
            findings.error(
                Rule::DatabaseUsernameNotStatic,
                id,
                "`MasterUsername` is resolved at deploy time (`{{resolve:…}}`); a user name is not secret, and resolving it from the secret makes every update and rotation depend on the secret's current value. Write it as static text, the same name the secret holds (`credentials.username()` of a `DatabaseSecret`)".to_owned(),
            );
        }
        let engine = decl.properties.get("Engine").and_then(Node::as_str);
        let secret = decl.properties.get("MasterUserPassword").and_then(secret_in_template);
        if let (Some(engine), Some(secret)) = (engine, secret)
            && let Some(longest) = crate::data::longest_password(engine)
            && let Some(length) = password_length(template, secret)
            && !(8..=longest).contains(&length)
        {
            findings.error(
                Rule::DatabasePasswordLength,
                id,
                format!(
                    "its password comes from `{secret}`, which generates {length} characters; {engine} takes 8 to {longest}, so the database cannot be created. Give `DatabaseSecret::password_length` a length in that range"
                ),
            );
        }
    }
}

/// Whether `node` holds a dynamic reference, in a string or an `Fn::Sub` text.
fn resolves(node: &Node) -> bool {
    let mut found = false;
    node.walk(&mut |n| {
        if n.as_str().is_some_and(|text| text.contains("{{resolve:")) {
            found = true;
        }
    });
    found
}

/// The logical ID of the secret in `{{resolve:secretsmanager:${Secret}:…}}`.
fn secret_in_template(password: &Node) -> Option<&str> {
    let Node::Fn(Function::Sub, arg) = password else { return None };
    let text = arg.as_str()?;
    let rest = text.split_once("{{resolve:secretsmanager:${")?.1;
    rest.split_once('}').map(|(id, _)| id)
}

/// The length a secret generates: `GenerateSecretString.PasswordLength`, 32 by default.
fn password_length(template: &Template, secret: &str) -> Option<i64> {
    let decl = template.resources.get(secret)?;
    let generate = decl.properties.get("GenerateSecretString")?.as_map()?;
    match generate.get("PasswordLength") {
        None => Some(32),
        Some(Node::Int(length)) => Some(*length),
        Some(Node::String(text)) => text.parse().ok(),
        Some(_) => None,
    }
}
