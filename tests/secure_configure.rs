//! `configure` on a secure type reaches every other property, but not the guarantee: what the
//! type promises (customer key, private access) is written last and wins.

use typed_cfn::Template;
use typed_cfn::secure::{AuroraInstance, AuroraMySql, DatabaseSecret, EncryptedDbCluster, KeyPolicy, KmsKey};

#[test]
fn configure_cannot_undo_what_the_secure_types_promise() {
    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
    let credentials = t.build("DbSecret", DatabaseSecret::new("admin", key.arn()).configure(|s| s.kms_key_id("alias/aws/secretsmanager")));
    let cluster = t.add(
        "Db",
        EncryptedDbCluster::<AuroraMySql>::new(key.arn(), &credentials).configure(|c| c.storage_encrypted(false)),
    );
    t.add("DbWriter", AuroraInstance::new(&cluster, "db.r6g.large").configure(|i| i.publicly_accessible(true)));
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let key_arn = serde_json::json!({"Fn::GetAtt": ["DbKey", "Arn"]});
    assert_eq!(json["Resources"]["DbSecret"]["Properties"]["KmsKeyId"], key_arn);
    assert_eq!(json["Resources"]["Db"]["Properties"]["StorageEncrypted"], true);
    assert_eq!(json["Resources"]["DbWriter"]["Properties"]["PubliclyAccessible"], false);
    assert_eq!(json["Resources"]["DbWriter"]["Properties"]["DBClusterIdentifier"], serde_json::json!({"Ref": "Db"}));
}

#[test]
fn a_database_secret_keeps_its_generated_credentials() {
    use typed_cfn::resources::secretsmanager::secret::GenerateSecretString;

    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
    t.build("Longer", DatabaseSecret::new("admin", key.arn()).password_length(40));
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    assert_eq!(
        json["Resources"]["Longer"]["Properties"]["GenerateSecretString"],
        serde_json::json!({
            "SecretStringTemplate": "{\"username\":\"admin\"}",
            "GenerateStringKey": "password",
            "PasswordLength": 40,
            "ExcludeCharacters": "\"@/\\ '"
        })
    );

    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
    t.build(
        "Replaced",
        DatabaseSecret::new("admin", key.arn()).configure(|s| s.generate_secret_string(GenerateSecretString::new().password_length(12))),
    );
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Replaced: `GenerateSecretString` is set to {\"PasswordLength\":12}, but it must stay"), "{error}");
    assert!(error.contains("`DatabaseSecret::password_length`"), "{error}");

    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
    t.build("Short", DatabaseSecret::new("admin", key.arn()).password_length(6));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Short: a master password of 6 characters is refused by RDS"), "{error}");

    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
    t.build("Literal", DatabaseSecret::new("admin", key.arn()).configure(|s| s.secret_string("{\"password\":\"hunter2\"}")));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Literal: a database secret's `SecretString` is generated"), "{error}");
}
