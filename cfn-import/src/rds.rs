//! RDS log exports as `RdsLogGroups` writes them: which engine type and log variants a database's
//! `Engine` and `EnableCloudwatchLogsExports` name, and the groups the construct writes for them
//! (built with the library, so the importer compares with what the typed program will emit).
//! RDS publishes each log to `/aws/rds/<cluster|instance>/<identifier>/<log>`:
//! <https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/USER_LogAccess.Procedural.UploadtoCloudWatch.html>.

use cfn_model::secure::{
    AuroraMySql, AuroraPostgresql, KeyPolicy, KmsKey, LogType, LogsGrant, MariaDb, MultiAzMySql, MultiAzMySqlLog,
    MultiAzPostgres, MySql, MySqlLog, Postgres, PostgresqlLog, RdsEngine, RdsLogGroups,
};
use cfn_model::{Parameter, Template};
use serde_json::{Map, Value as J};

/// A cluster's or an instance's logs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Cluster,
    Instance,
}

/// Every log type of the library, by its name in `EnableCloudwatchLogsExports`: the variant.
const LOGS: [(&str, &str); 5] = [
    ("audit", "Audit"),
    ("error", "Error"),
    ("general", "General"),
    ("slowquery", "SlowQuery"),
    ("postgresql", "Postgresql"),
];

/// The logical-ID parts of `names` (`Audit`, `SlowQuery`), or `None` for a log the library
/// does not know.
pub fn id_parts(names: &[&str]) -> Option<Vec<&'static str>> {
    names.iter().map(|n| LOGS.iter().find(|(name, _)| name == n).map(|(_, variant)| *variant)).collect()
}

/// `secure::MySqlLog::Audit` for the engine type's log named `name`.
pub fn log_path(engine_type: &str, name: &str) -> Option<String> {
    let log = match engine_type {
        "AuroraMySql" | "MySql" | "MariaDb" => "MySqlLog",
        "MultiAzMySql" => "MultiAzMySqlLog",
        _ => "PostgresqlLog",
    };
    let (_, variant) = LOGS.iter().find(|(n, _)| *n == name)?;
    Some(format!("secure::{log}::{variant}"))
}

/// The engine type's name and the resources `RdsLogGroups::<E>::new(identifier, logs, key)
/// .retention_in_days(retention)` writes with the construct's ID `Logs` and the key `Key`; `None`
/// when the engine, a log or the identifier has no typed form.
pub fn written(
    kind: Kind,
    engine: &str,
    names: &[&str],
    identifier: &J,
    retention: i64,
) -> Option<(&'static str, Map<String, J>)> {
    // The engines of `RdsEngine`: `Engine` on a cluster or an instance.
    match (kind, engine) {
        (Kind::Cluster, "aurora-mysql") => build::<AuroraMySql>("AuroraMySql", &MYSQL, names, identifier, retention),
        (Kind::Cluster, "aurora-postgresql") => {
            build::<AuroraPostgresql>("AuroraPostgresql", &POSTGRESQL, names, identifier, retention)
        }
        (Kind::Cluster, "mysql") => {
            build::<MultiAzMySql>("MultiAzMySql", &MULTI_AZ_MYSQL, names, identifier, retention)
        }
        (Kind::Cluster, "postgres") => {
            build::<MultiAzPostgres>("MultiAzPostgres", &POSTGRESQL, names, identifier, retention)
        }
        (Kind::Instance, "mysql") => build::<MySql>("MySql", &MYSQL, names, identifier, retention),
        (Kind::Instance, "mariadb") => build::<MariaDb>("MariaDb", &MYSQL, names, identifier, retention),
        (Kind::Instance, "postgres") => build::<Postgres>("Postgres", &POSTGRESQL, names, identifier, retention),
        _ => None,
    }
}

const MYSQL: [MySqlLog; 4] = [MySqlLog::Audit, MySqlLog::Error, MySqlLog::General, MySqlLog::SlowQuery];
const MULTI_AZ_MYSQL: [MultiAzMySqlLog; 3] =
    [MultiAzMySqlLog::Error, MultiAzMySqlLog::General, MultiAzMySqlLog::SlowQuery];
const POSTGRESQL: [PostgresqlLog; 1] = [PostgresqlLog::Postgresql];

fn build<E: RdsEngine>(
    name: &'static str,
    all: &[E::Log],
    names: &[&str],
    identifier: &J,
    retention: i64,
) -> Option<(&'static str, Map<String, J>)> {
    let logs: Vec<E::Log> =
        names.iter().map(|n| all.iter().copied().find(|l| l.as_str() == *n)).collect::<Option<_>>()?;
    let mut t = Template::new();
    let text = match identifier {
        J::String(s) => s.as_str(),
        J::Object(m) if m.len() == 1 => m.get("Fn::Sub")?.as_str()?,
        _ => return None,
    };
    // RDS names its groups with the identifier in lower case and the construct lowers the
    // literal text; an identifier with capitals would not be written as it stands.
    let mut literal = String::new();
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        let end = rest[start..].find('}')? + start;
        let variable = &rest[start + 2..end];
        if !variable.starts_with("AWS::") && !variable.contains('.') {
            t.parameter(variable, Parameter::string());
        }
        rest = &rest[end + 1..];
    }
    literal.push_str(rest);
    if literal.chars().any(char::is_uppercase) {
        return None;
    }
    let identifier = match identifier {
        J::String(s) => cfn_model::Value::from(s.as_str()),
        _ => cfn_model::intrinsics::sub(text),
    };
    let key = t.add("Key", KmsKey::new(KeyPolicy::account_root().grant_logs(LogsGrant::account_wide())));
    t.build("Logs", RdsLogGroups::<E>::new(identifier, logs, key.arn()).retention_in_days(retention));
    let written: J = serde_json::from_str(&t.to_json().ok()?).ok()?;
    Some((name, written.get("Resources")?.as_object()?.clone()))
}
