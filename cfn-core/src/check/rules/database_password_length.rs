//! `database-password-length`: a generated master password longer (or shorter) than the engine
//! accepts.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule, TemplateFix};
use crate::node::{Function, Node};
use crate::reference;
use crate::template::Template;

use super::database_username_not_static::DATABASES;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "database-password-length",
    summary: "A generated master password is longer or shorter than the database engine accepts: the deployment fails.",
    description: "A database's `MasterUserPassword` is read from a Secrets Manager secret of the same template whose `GenerateSecretString.PasswordLength` (32 when unset) is outside what the engine accepts: 8 to 41 characters for MySQL, MariaDB and Aurora MySQL, 8 to 128 for PostgreSQL, Aurora PostgreSQL and SQL Server, 8 to 30 for Oracle, 8 to 255 for Db2. RDS refuses the password when it creates the database, so the stack fails and rolls back after the secret has been created. Give the secret a length in the engine's range⟦ (`DatabaseSecret::password_length`)‖ (`GenerateSecretString.PasswordLength`)⟧.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-secretsmanager-secret-generatesecretstring.html", "https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html"],
    page: "docs/guarded/database-credentials.md",
    fix: FixShown::TemplateText,
};

pub(crate) fn check(template: &Template, findings: &mut Findings<'_>) {
    for (id, decl) in &template.resources {
        if !DATABASES.contains(&decl.resource_type.as_str()) {
            continue;
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
                    "its password comes from `{secret}`, which generates {length} characters; {engine} takes 8 to {longest}, so the database cannot be created. ⟦Give `DatabaseSecret::password_length` a length in that range‖Set the secret's `GenerateSecretString.PasswordLength` in that range⟧"
                ),
            );
            // The longest the engine takes when the secret asks for more; else Secrets
            // Manager's default, 32, within the engine's range.
            let fixed = if length > longest { longest } else { longest.min(32) };
            findings.with_fix(TemplateFix::Property {
                resource: secret.to_owned(),
                path: vec!["GenerateSecretString".to_owned(), "PasswordLength".to_owned()],
                value: Node::Int(fixed),
            });
        }
    }
}

/// The logical ID of the secret in `{{resolve:secretsmanager:${Secret}:…}}`, as the reader of
/// references reads the `Fn::Sub` text.
fn secret_in_template(password: &Node) -> Option<&str> {
    let Node::Fn(Function::Sub, arg) = password else { return None };
    let rest = arg.as_str()?.split_once("{{resolve:secretsmanager:")?.1;
    reference::mentions(password)
        .into_iter()
        .find(|m| m.attribute.is_none() && rest.starts_with(&format!("${{{}}}", m.name)))
        .map(|m| m.name)
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

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::{findings_after_fixes, findings_of};

    fn database(engine: &str, length: &str) -> String {
        format!(
            "Resources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString: {{SecretStringTemplate: '{{\"username\":\"admin\"}}', GenerateStringKey: password{length}}}\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: {engine}\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n      MasterUsername: admin\n      MasterUserPassword: !Sub '{{{{resolve:secretsmanager:${{Secret}}:SecretString:password}}}}'\n"
        )
    }

    #[test]
    fn oracle_refuses_the_default_32_characters() {
        let found = findings_of(&database("oracle-ee", ""), Rule::DatabasePasswordLength);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Db");
        assert!(found[0].message.starts_with("its password comes from `Secret`, which generates 32 characters; oracle-ee takes 8 to 30"), "{}", found[0].message);
        assert_eq!(findings_after_fixes(&database("oracle-ee", ""), Rule::DatabasePasswordLength), []);
    }

    #[test]
    fn the_fix_gives_a_length_the_engine_takes() {
        assert_eq!(findings_after_fixes(&database("mysql", ", PasswordLength: 64"), Rule::DatabasePasswordLength), []);
        assert_eq!(findings_after_fixes(&database("postgres", ", PasswordLength: 4"), Rule::DatabasePasswordLength), []);
    }

    #[test]
    fn mysql_refuses_64_and_takes_41() {
        assert_eq!(findings_of(&database("mysql", ", PasswordLength: 64"), Rule::DatabasePasswordLength).len(), 1);
        assert_eq!(findings_of(&database("mysql", ", PasswordLength: 41"), Rule::DatabasePasswordLength), []);
        assert_eq!(findings_of(&database("postgres", ""), Rule::DatabasePasswordLength), []);
    }
}
