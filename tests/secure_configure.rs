//! `configure` on a secure type reaches every other property, but not the guarantee: what the
//! type promises (customer key, encryption, private access) is written last, and a value
//! `configure` set against it is refused when the template is emitted, naming the fix.

use typed_cfn::Template;
use typed_cfn::resources::logs::LogGroup;
use typed_cfn::secure::{
    AuroraInstance, AuroraMySql, DatabaseSecret, EncryptedDbCluster, EncryptedLogGroup, KeyPolicy, KmsKey, LogsGrant,
};

#[test]
fn configure_cannot_undo_what_the_secure_types_promise() {
    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
    let credentials = t.build(
        "DbSecret",
        DatabaseSecret::new("admin", key.arn()).configure(|s| {
            s.kms_key_id(typed_cfn::refs::Attr::<
                    typed_cfn::refs::target::kms::Alias,
                    typed_cfn::refs::kind::AliasName,
                >::external("alias/aws/secretsmanager"))
        }),
    );
    let cluster = t.add(
        "Db",
        EncryptedDbCluster::<AuroraMySql>::new(key.arn(), &credentials).configure(|c| c.storage_encrypted(false)),
    );
    t.add("DbWriter", AuroraInstance::new(&cluster, "db.r6g.large").configure(|i| i.publicly_accessible(true)));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.DbSecret: `KmsKeyId` is set to \"alias/aws/secretsmanager\", but it must stay {\"Fn::GetAtt\":[\"DbKey\",\"Arn\"]}"), "{error}");
    assert!(error.contains("Resources.Db: `StorageEncrypted` is set to false, but it must stay true"), "{error}");
    assert!(
        error.contains("Resources.DbWriter: `PubliclyAccessible` is set to true, but it must stay false"),
        "{error}"
    );
    assert_eq!(t.to_json().unwrap_err().problems().len(), 3, "{error}");
}

#[test]
fn a_log_group_returned_whole_by_configure_keeps_its_key() {
    let mut t = Template::new();
    let key = t.add("LogsKey", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
    // The closure drops the group it is given and returns a new one, without `KmsKeyId`.
    t.add("Logs", EncryptedLogGroup::new(key.arn()).configure(|_| LogGroup::new().retention_in_days(30)));
    let json: serde_json::Value = serde_json::from_str(&t.to_json().unwrap()).unwrap();
    let properties = &json["Resources"]["Logs"]["Properties"];
    assert_eq!(properties["KmsKeyId"], serde_json::json!({"Fn::GetAtt": ["LogsKey", "Arn"]}));
    assert_eq!(properties["RetentionInDays"], 30);
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
        DatabaseSecret::new("admin", key.arn())
            .configure(|s| s.generate_secret_string(GenerateSecretString::new().password_length(12))),
    );
    let error = t.to_json().unwrap_err().to_string();
    assert!(
        error
            .contains("Resources.Replaced: `GenerateSecretString` is set to {\"PasswordLength\":12}, but it must stay"),
        "{error}"
    );
    assert!(error.contains("`DatabaseSecret::password_length`"), "{error}");

    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
    t.build("Short", DatabaseSecret::new("admin", key.arn()).password_length(6));
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Short: a master password of 6 characters is refused by RDS"), "{error}");

    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_secrets_manager()));
    t.build(
        "Literal",
        DatabaseSecret::new("admin", key.arn()).configure(|s| s.secret_string("{\"password\":\"hunter2\"}")),
    );
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Literal: a database secret's `SecretString` is generated"), "{error}");
}

#[test]
fn a_database_keeps_the_user_name_its_secret_holds() {
    let mut t = Template::new();
    let key = t.add("DbKey", KmsKey::new(KeyPolicy::account_root().grant_rds().grant_secrets_manager()));
    let credentials = t.build("DbSecret", DatabaseSecret::new("admin", key.arn()));
    t.add(
        "Db",
        EncryptedDbCluster::<AuroraMySql>::new(key.arn(), &credentials).configure(|c| c.master_username("root")),
    );
    let error = t.to_json().unwrap_err().to_string();
    assert!(error.contains("Resources.Db: `MasterUsername` is set to \"root\", but it must stay \"admin\""), "{error}");
}
