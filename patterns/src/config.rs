//! What both reference stacks are configured with: the value types a config is made of (each
//! checks itself when deserialized or built, and gives its JSON Schema and, where a
//! CloudFormation parameter carries it, that parameter's constraints), YAML loading, and the
//! errors a bad config gives.

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use cfn_macros::Parameters;
use cfn_model::{Parameter, ToParameter};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::{Deserialize, Serialize};

/// Why a config cannot be used. Each message names the field and what it accepts; `Debug`
/// prints that message too.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The config file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The file is not YAML of the config's shape (unknown field, wrong type, bad value).
    #[error("{}: {message}", path.display())]
    Parse {
        /// The config file.
        path: PathBuf,
        /// What serde says, with line and column.
        message: String,
    },
    /// A field holds a value the stack cannot use.
    #[error("`{field}`: {problem}")]
    Invalid {
        /// The field, as written in YAML.
        field: &'static str,
        /// What is wrong and what is accepted.
        problem: String,
    },
    /// A builder was asked to build without a required field.
    #[error("`{0}` must be set")]
    Missing(&'static str),
}

/// A value outside what its type accepts (a CIDR block, a retention): what is wrong and what is
/// accepted. Config files report it with the field's place in the file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct InvalidValue(String);

impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl From<derive_builder::UninitializedFieldError> for ConfigError {
    fn from(e: derive_builder::UninitializedFieldError) -> Self {
        ConfigError::Missing(e.field_name())
    }
}

/// A config of a reference stack: loadable from YAML, checked as a whole after loading.
pub trait StackConfig: Sized + Default + for<'de> Deserialize<'de> + JsonSchema {
    /// Checks what single fields cannot: lengths of lists, subnets inside the VPC, limits
    /// that depend on one another.
    fn validate(&self) -> Result<(), ConfigError>;

    /// Reads and checks a YAML config file; fields left out take their defaults.
    fn from_yaml_file(path: &Path) -> Result<Self, ConfigError> {
        let text =
            std::fs::read_to_string(path).map_err(|source| ConfigError::Read { path: path.to_owned(), source })?;
        // A file nested far too deep is refused before the YAML parser spends seconds on it.
        cfn_model::format::check_nesting(&text)
            .map_err(|e| ConfigError::Parse { path: path.to_owned(), message: e.to_string() })?;
        let config: Self = serde_path_to_error::deserialize(serde_yaml::Deserializer::from_str(&text))
            .map_err(|e| ConfigError::Parse { path: path.to_owned(), message: located(&text, e) })?;
        config.validate()?;
        Ok(config)
    }

    /// The JSON Schema of config files, for editors.
    fn schema_json() -> String {
        let schema = schemars::schema_for!(Self);
        serde_json::to_string_pretty(&schema).expect("a schema serializes") + "\n"
    }
}

/// A YAML error with the field it stands in and that field's line: serde_yaml places an error
/// from a value's own check (a retention of 13 days) at the start of the enclosing mapping.
fn located(text: &str, error: serde_path_to_error::Error<serde_yaml::Error>) -> String {
    let field = error.path().to_string();
    let inner = error.into_inner();
    let message = inner.to_string();
    let Some(line) = field_line(text, &field) else {
        return message;
    };
    let bare = match inner.location() {
        Some(at) => message
            .strip_suffix(&format!(" at line {} column {}", at.line(), at.column()))
            .unwrap_or(&message)
            .to_owned(),
        None => message,
    };
    // serde_yaml starts some messages with the path itself.
    let key = field.split('[').next().unwrap_or(&field);
    let bare = bare.strip_prefix(&format!("{key}: ")).unwrap_or(&bare);
    format!("`{field}` (line {line}): {bare}")
}

/// The line (from 1) of the key of `field` (`a.b[2]`: the key `b` under `a`), if it is written
/// in block style.
fn field_line(text: &str, field: &str) -> Option<usize> {
    if field.is_empty() || field == "." {
        return None;
    }
    let mut from = 0;
    let mut found = None;
    for key in field.split('.').map(|part| part.split('[').next().unwrap_or(part)).filter(|k| !k.is_empty()) {
        let (index, _) = text.lines().enumerate().skip(from).find(|(_, line)| {
            let line = line.trim_start().trim_start_matches("- ");
            line.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':'))
        })?;
        found = Some(index + 1);
        from = index + 1;
    }
    found
}

/// The suffix that keeps resource names of one deployment apart (`dev`, `prod2`): a lowercase
/// letter, then up to eleven lowercase letters or digits, so it is valid in bucket, log group,
/// function and database names alike.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct EnvironmentSuffix(String);

impl EnvironmentSuffix {
    /// The pattern, as JSON Schema and CloudFormation's `AllowedPattern` both write it.
    pub const PATTERN: &'static str = "^[a-z][a-z0-9]{0,11}$";
    /// The longest suffix.
    pub const MAX_LENGTH: u64 = 12;
    /// What the pattern means, for people.
    pub const DESCRIPTION: &'static str = "a lowercase letter, then up to 11 lowercase letters or digits";

    /// The suffix, checked.
    pub fn new(text: &str) -> Result<Self, ConfigError> {
        let mut chars = text.chars();
        let first_ok = chars.next().is_some_and(|c| c.is_ascii_lowercase());
        let rest_ok = chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
        if first_ok && rest_ok && text.len() as u64 <= Self::MAX_LENGTH {
            Ok(EnvironmentSuffix(text.to_owned()))
        } else {
            Err(ConfigError::Invalid {
                field: "environment_suffix",
                problem: format!("`{text}` is not {}", Self::DESCRIPTION),
            })
        }
    }

    /// The suffix.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The `EnvironmentSuffix` CloudFormation parameter: the same pattern and length as the config
/// accepts, this suffix as its default.
impl ToParameter for EnvironmentSuffix {
    type Value = String;

    fn to_parameter(&self) -> Parameter<String> {
        Parameter::string()
            .default_value(self.0.clone())
            .allowed_pattern(Self::PATTERN)
            .min_length(1)
            .max_length(Self::MAX_LENGTH)
            .constraint_description(Self::DESCRIPTION)
    }
}

/// The parameters both reference stacks take.
#[derive(Debug, Clone, PartialEq, Parameters)]
pub struct StackParameters {
    /// Suffix of every resource name, keeping deployments apart
    pub environment_suffix: EnvironmentSuffix,
}

impl Default for EnvironmentSuffix {
    fn default() -> Self {
        EnvironmentSuffix("dev".to_owned())
    }
}

impl TryFrom<String> for EnvironmentSuffix {
    type Error = ConfigError;

    fn try_from(text: String) -> Result<Self, ConfigError> {
        EnvironmentSuffix::new(&text)
    }
}

impl From<EnvironmentSuffix> for String {
    fn from(suffix: EnvironmentSuffix) -> String {
        suffix.0
    }
}

impl JsonSchema for EnvironmentSuffix {
    fn schema_name() -> Cow<'static, str> {
        "EnvironmentSuffix".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": Self::PATTERN,
            "maxLength": Self::MAX_LENGTH,
            "description": Self::DESCRIPTION,
        })
    }
}

/// An IPv4 CIDR block of a size a VPC or subnet may have (`/16` to `/28`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cidr {
    network: u32,
    prefix: u8,
}

impl Cidr {
    /// The pattern of the text form.
    pub const PATTERN: &'static str = r"^([0-9]{1,3}\.){3}[0-9]{1,3}/(1[6-9]|2[0-8])$";

    /// Parses `a.b.c.d/n`; the address must be the block's first (`10.0.1.0/24`, not
    /// `10.0.1.7/24`).
    pub fn parse(text: &str) -> Result<Self, InvalidValue> {
        let bad = || InvalidValue(format!("`{text}` is not an IPv4 CIDR block from /16 to /28, such as 10.0.0.0/16"));
        let (address, prefix) = text.split_once('/').ok_or_else(bad)?;
        let prefix: u8 = prefix.parse().map_err(|_| bad())?;
        let octets: Vec<u8> = address.split('.').map(str::parse).collect::<Result<_, _>>().map_err(|_| bad())?;
        let [a, b, c, d] = octets[..] else { return Err(bad()) };
        if !(16..=28).contains(&prefix) {
            return Err(bad());
        }
        let network = u32::from_be_bytes([a, b, c, d]);
        let cidr = Cidr { network, prefix };
        if network & !cidr.mask() != 0 {
            return Err(InvalidValue(format!(
                "`{text}` has host bits set: the block starts at {}",
                Cidr { network: network & cidr.mask(), prefix }
            )));
        }
        Ok(cidr)
    }

    fn mask(self) -> u32 {
        u32::MAX << (32 - self.prefix)
    }

    /// Whether `other` lies wholly inside this block.
    pub fn contains(self, other: Cidr) -> bool {
        other.prefix >= self.prefix && other.network & self.mask() == self.network
    }

    /// Whether the two blocks share an address.
    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [a, b, c, d] = self.network.to_be_bytes();
        write!(f, "{a}.{b}.{c}.{d}/{}", self.prefix)
    }
}

impl TryFrom<String> for Cidr {
    type Error = InvalidValue;

    fn try_from(text: String) -> Result<Self, InvalidValue> {
        Cidr::parse(&text)
    }
}

impl From<Cidr> for String {
    fn from(cidr: Cidr) -> String {
        cidr.to_string()
    }
}

impl JsonSchema for Cidr {
    fn schema_name() -> Cow<'static, str> {
        "Cidr".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": Self::PATTERN,
            "description": "an IPv4 CIDR block from /16 to /28, such as 10.0.1.0/24",
        })
    }
}

/// Builds a `Cidr` from a literal in defaults and tests.
pub(crate) fn cidr(text: &str) -> Cidr {
    Cidr::parse(text).unwrap_or_else(|e| unreachable!("a default CIDR is valid: {e}"))
}

/// Days CloudWatch Logs keeps events: one of the values its `RetentionInDays` accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "u32", into = "u32")]
pub struct RetentionDays(u32);

impl RetentionDays {
    /// The values CloudWatch Logs accepts.
    pub const ALLOWED: [u32; 22] =
        [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    /// A year: what PCI DSS 10.7 asks for, and the reference stacks' default.
    pub const ONE_YEAR: RetentionDays = RetentionDays(365);

    /// The days, checked.
    pub fn new(days: u32) -> Result<Self, InvalidValue> {
        if Self::ALLOWED.contains(&days) {
            Ok(RetentionDays(days))
        } else {
            Err(InvalidValue(format!("{days} days is not a CloudWatch Logs retention; use one of {:?}", Self::ALLOWED)))
        }
    }

    /// The days.
    pub fn days(self) -> u32 {
        self.0
    }
}

impl TryFrom<u32> for RetentionDays {
    type Error = InvalidValue;

    fn try_from(days: u32) -> Result<Self, InvalidValue> {
        RetentionDays::new(days)
    }
}

impl From<RetentionDays> for u32 {
    fn from(days: RetentionDays) -> u32 {
        days.0
    }
}

impl JsonSchema for RetentionDays {
    fn schema_name() -> Cow<'static, str> {
        "RetentionDays".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "integer",
            "enum": Self::ALLOWED,
            "description": "days CloudWatch Logs keeps events",
        })
    }
}

/// Checks `value` is in `range`, naming `field` when it is not.
pub(crate) fn in_range(
    field: &'static str,
    value: u32,
    range: std::ops::RangeInclusive<u32>,
) -> Result<(), ConfigError> {
    if range.contains(&value) {
        Ok(())
    } else {
        Err(ConfigError::Invalid { field, problem: format!("{value} is outside {}..={}", range.start(), range.end()) })
    }
}

/// Checks a tag value: 1 to 256 characters.
pub(crate) fn tag_value(field: &'static str, value: &str) -> Result<(), ConfigError> {
    if value.is_empty() || value.chars().count() > 256 {
        Err(ConfigError::Invalid { field, problem: "a tag value has 1 to 256 characters".to_owned() })
    } else {
        Ok(())
    }
}

/// Checks subnets: at least two (two Availability Zones), at most six, each inside the VPC,
/// none overlapping another.
pub(crate) fn subnets(field: &'static str, vpc: Cidr, subnets: &[Cidr]) -> Result<(), ConfigError> {
    let invalid = |problem: String| ConfigError::Invalid { field, problem };
    if !(2..=6).contains(&subnets.len()) {
        return Err(invalid(format!("{} subnets given; give 2 to 6, one per Availability Zone", subnets.len())));
    }
    for (i, subnet) in subnets.iter().enumerate() {
        if !vpc.contains(*subnet) {
            return Err(invalid(format!("{subnet} is not inside the VPC's {vpc}")));
        }
        if let Some(other) = subnets[..i].iter().find(|other| other.overlaps(*subnet)) {
            return Err(invalid(format!("{subnet} overlaps {other}")));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suffixes_are_checked() {
        assert!(EnvironmentSuffix::new("prod2").is_ok());
        for bad in ["", "2prod", "Prod", "pr-od", "abcdefghijklm"] {
            assert!(EnvironmentSuffix::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn cidrs_are_checked() {
        let vpc = Cidr::parse("10.0.0.0/16").unwrap();
        assert!(vpc.contains(Cidr::parse("10.0.1.0/24").unwrap()));
        assert!(!vpc.contains(Cidr::parse("10.1.0.0/24").unwrap()));
        assert!(Cidr::parse("10.0.1.7/24").unwrap_err().to_string().contains("starts at 10.0.1.0/24"));
        assert!(Cidr::parse("10.0.0.0/8").is_err());
        assert!(Cidr::parse("10.0.0/16").is_err());
        assert_eq!(Cidr::parse("10.0.1.0/24").unwrap().to_string(), "10.0.1.0/24");
    }

    #[test]
    fn subnets_must_fit_the_vpc() {
        let vpc = cidr("10.0.0.0/16");
        assert!(subnets("s", vpc, &[cidr("10.0.1.0/24"), cidr("10.0.2.0/24")]).is_ok());
        assert!(subnets("s", vpc, &[cidr("10.0.1.0/24")]).is_err());
        assert!(subnets("s", vpc, &[cidr("10.0.1.0/24"), cidr("10.0.1.0/25")]).is_err());
        assert!(subnets("s", vpc, &[cidr("10.0.1.0/24"), cidr("10.9.1.0/24")]).is_err());
    }
}
