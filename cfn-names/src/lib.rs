//! Rust names for CloudFormation names: `DBClusterIdentifier` → `db_cluster_identifier`,
//! `AWS::Logs::LogGroup` → module `logs`, type `LogGroup`.
//!
//! One source for two readers: the generator (`cargo xtask codegen`) names the generated API
//! with these rules, and the importer (`cfn-import`) must predict the same names in the programs
//! it writes, so both depend on this crate rather than on two copies that could drift apart.

/// Words Rust reserves: written as raw identifiers (`r#type`).
pub const KEYWORDS: [&str; 49] = [
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield", "union",
];

/// Keywords that cannot be raw identifiers: an underscore is appended.
const NOT_RAW: [&str; 4] = ["self", "super", "crate", "Self"];

/// `snake_case` of a PascalCase or camelCase name; acronyms stay together (`VPCEndpoint` →
/// `vpc_endpoint`, `EC2Fleet` → `ec2_fleet`). Other characters become underscores.
pub fn snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
            continue;
        }
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            let boundary =
                prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next_lower);
            if boundary && !out.ends_with('_') && !out.is_empty() {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    let out = out.trim_end_matches('_').to_owned();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) { format!("n_{out}") } else { out }
}

/// Whether `name` is a word Rust reserves (written as a raw identifier where it can be one).
pub fn is_keyword(name: &str) -> bool {
    KEYWORDS.contains(&name)
}

/// A type name: `PascalCase`, alphanumeric, never starting with a digit.
pub fn pascal(name: &str) -> String {
    let mut out = String::new();
    for piece in name.split(|c: char| !c.is_ascii_alphanumeric()).filter(|p| !p.is_empty()) {
        let mut chars = piece.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.is_empty() {
        "Empty".to_owned()
    } else if out.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{out}")
    } else {
        out
    }
}

/// The logical ID `#[derive(Parameters)]` gives a field: each `_`-separated part with its first
/// letter upper case (`environment_suffix` → `EnvironmentSuffix`). The derive names its
/// parameters with it, and the importer predicts them with it.
pub fn parameter_id(field: &str) -> String {
    field
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}

/// An enum variant for a schema value: shouting words are tamed (`STANDARD_IA` →
/// `StandardIa`, `aws:kms` → `AwsKms`, `aurora-mysql` → `AuroraMysql`).
pub fn variant(value: &str) -> String {
    let tamed: Vec<String> = value
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|piece| {
            let shouting = piece.len() > 1 && !piece.chars().any(|c| c.is_ascii_lowercase());
            if shouting { piece[..1].to_owned() + &piece[1..].to_ascii_lowercase() } else { piece.to_owned() }
        })
        .collect();
    pascal(&tamed.join("_"))
}

/// An identifier usable as a function, parameter or module name.
pub fn ident(snake: &str) -> String {
    if NOT_RAW.contains(&snake) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake) {
        format!("r#{snake}")
    } else {
        snake.to_owned()
    }
}

/// The module and feature of a type's service: `AWS::Logs::LogGroup` → `logs`,
/// `Alexa::ASK::Skill` → `alexa_ask`.
pub fn service_module(type_name: &str) -> String {
    let parts: Vec<&str> = type_name.split("::").collect();
    if parts[0] == "AWS" {
        parts[1].to_ascii_lowercase()
    } else {
        format!("{}_{}", parts[0], parts[1]).to_ascii_lowercase()
    }
}

/// The cargo feature of a service module (`alexa_ask` → `alexa-ask`).
pub fn feature(module: &str) -> String {
    module.replace('_', "-")
}

/// Gives out names unique within one scope, in the order asked.
#[derive(Default)]
pub struct Scope {
    taken: std::collections::BTreeSet<String>,
}

impl Scope {
    /// Reserves a name that must stay as it is.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// `wanted`, or `wanted` with `fallback_prefix` in front, or with a number after.
    pub fn claim(&mut self, wanted: &str, fallback_prefix: &str) -> String {
        let mut candidates = vec![wanted.to_owned(), format!("{fallback_prefix}{wanted}")];
        candidates.extend((2..).take(50).map(|n| format!("{wanted}{n}")));
        let name = candidates.into_iter().find(|c| !self.taken.contains(c)).expect("fifty numbered names suffice");
        self.taken.insert(name.clone());
        name
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_derived_parameter_is_named_by_its_snake_case_parts() {
        assert_eq!(super::parameter_id("environment_suffix"), "EnvironmentSuffix");
        assert_eq!(super::parameter_id("db_2_name"), "Db2Name");
        assert_eq!(super::parameter_id("_leading__double"), "LeadingDouble");
    }

    use super::*;

    #[test]
    fn snake_keeps_acronyms_together() {
        assert_eq!(snake("DBClusterIdentifier"), "db_cluster_identifier");
        assert_eq!(snake("VPCEndpoint"), "vpc_endpoint");
        assert_eq!(snake("EC2Fleet"), "ec2_fleet");
        assert_eq!(snake("KmsKeyId"), "kms_key_id");
        assert_eq!(snake("SSESpecification"), "sse_specification");
        assert_eq!(snake("LogGroup"), "log_group");
        assert_eq!(snake("S3Location"), "s3_location");
        assert_eq!(snake("Ipv6CidrBlock"), "ipv6_cidr_block");
    }

    #[test]
    fn keywords_become_raw_identifiers() {
        assert_eq!(ident("type"), "r#type");
        assert_eq!(ident("self"), "self_");
        assert_eq!(ident("name"), "name");
    }

    #[test]
    fn pascal_never_starts_with_a_digit() {
        assert_eq!(pascal("aws:kms"), "AwsKms");
        assert_eq!(pascal("1.0"), "V10");
        assert_eq!(pascal(""), "Empty");
        assert_eq!(pascal("AES256"), "AES256");
        assert_eq!(variant("STANDARD_IA"), "StandardIa");
        assert_eq!(variant("aws:kms"), "AwsKms");
        assert_eq!(variant("aurora-mysql"), "AuroraMysql");
        assert_eq!(variant("1.0"), "V10");
    }
}
