//! `database-username-not-static`: a database's master user name is resolved at deploy time (from
//! a secret or a parameter) instead of being static text.

use crate::check::rule::{Descriptor, FixShown, Level};
use crate::check::{Findings, Rule};
use crate::node::Node;
use crate::template::Template;

pub(crate) const DESCRIPTOR: Descriptor = Descriptor {
    id: "database-username-not-static",
    summary: "A database's master user name is resolved at deploy time (from a secret or a parameter) instead of being static text.",
    description: "An RDS instance or cluster, a DocumentDB cluster or a Redshift cluster takes its `MasterUsername` from a dynamic reference (`{{resolve:secretsmanager:…}}` or `{{resolve:ssm:…}}`). A user name is not a secret, and the master user name cannot be changed after creation: when it is read from the secret, every later update and every rotation of the secret depends on the secret's current value matching the name the database was created with, and an update that reads a different value replaces or fails the database. Write the user name as static text, the same name the secret holds⟦ (`credentials.username()` of a `DatabaseSecret`)⟧, and resolve only the password.",
    level: Level::Error,
    aws_docs: &["https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html", "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/dynamic-references-secretsmanager.html"],
    page: "docs/guarded/database-credentials.md",
    fix: FixShown::InMessage,
};

/// The types with a master user name and password. See
/// <https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-rds-dbinstance.html>.
pub(crate) const DATABASES: [&str; 4] =
    ["AWS::RDS::DBCluster", "AWS::RDS::DBInstance", "AWS::DocDB::DBCluster", "AWS::Redshift::Cluster"];

pub(crate) fn check(template: &Template, findings: &mut Findings<'_>) {
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
                "`MasterUsername` is resolved at deploy time (`{{resolve:…}}`); a user name is not secret, and resolving it from the secret makes every update and rotation depend on the secret's current value. Write it as static text, the same name the secret holds⟦ (`credentials.username()` of a `DatabaseSecret`)⟧".to_owned(),
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

#[cfg(test)]
mod tests {
    use crate::check::Rule;
    use crate::check::rules::tests::findings_of;

    const DATABASE: &str = "Resources:\n  Secret:\n    Type: AWS::SecretsManager::Secret\n    Properties:\n      GenerateSecretString: {SecretStringTemplate: '{\"username\":\"admin\"}', GenerateStringKey: password}\n  Db:\n    Type: AWS::RDS::DBInstance\n    Properties:\n      Engine: postgres\n      DBInstanceClass: db.t3.micro\n      AllocatedStorage: '20'\n      MasterUserPassword: !Sub '{{resolve:secretsmanager:${Secret}:SecretString:password}}'\n";

    #[test]
    fn a_user_name_read_from_the_secret_is_refused() {
        let yaml = format!(
            "{DATABASE}      MasterUsername: !Sub '{{{{resolve:secretsmanager:${{Secret}}:SecretString:username}}}}'\n"
        );
        let found = findings_of(&yaml, Rule::DatabaseUsernameNotStatic);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].logical_id, "Db");
        assert!(found[0].message.starts_with("`MasterUsername` is resolved at deploy time"), "{}", found[0].message);
    }

    #[test]
    fn a_static_user_name_passes() {
        let yaml = format!("{DATABASE}      MasterUsername: admin\n");
        assert_eq!(findings_of(&yaml, Rule::DatabaseUsernameNotStatic), []);
    }
}
