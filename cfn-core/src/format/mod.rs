//! JSON and YAML, out and in. Both spellings come from one [`Node`] tree: the JSON writer uses
//! the long form (`{"Fn::Sub": …}`), the YAML writer the short-form tags (`!Sub …`), and the
//! reader accepts either form in either format. Both are written by our own code, through one
//! interface (`write.rs`): JSON by `json_write.rs` (serde_json's layout, byte for byte), YAML by
//! `yaml_write.rs`, which quotes what CloudFormation's YAML 1.1 would misread.
//!
//! Both are read by our own readers, which build nodes with the same code (`read.rs`: the
//! budget, intrinsics in both spellings, YAML's scalars): JSON in one pass (`json_read.rs`),
//! YAML in one pass where it can (`yaml.rs`) and by the full reader where it cannot
//! (`scan.rs`, `compose.rs`). None of them uses serde; `serde_read.rs` holds what does
//! (`impl Deserialize for Node`, `node_from_json`; features `serde` and `serde_json`).

#[cfg(feature = "yaml")]
mod compose;
mod json_read;
#[doc(hidden)]
pub mod json_write;
mod nesting;
mod read;
#[cfg(feature = "yaml")]
mod scan;
#[cfg(feature = "serde")]
mod serde_read;
pub(crate) mod write;
#[cfg(feature = "yaml")]
mod yaml;
#[cfg(feature = "yaml")]
mod yaml_error;
pub(crate) mod yaml_write;

pub use json_read::JsonError;
#[cfg(feature = "serde_json")]
pub use serde_read::node_from_json;
pub(crate) use write::Styled;
#[cfg(feature = "yaml")]
pub use yaml_error::YamlError;

use crate::node::Node;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON, indented two spaces.
    Json,
    /// JSON on one line (the smallest body for the 51,200-byte inline limit).
    JsonCompact,
    /// YAML with short-form intrinsic tags (`!Ref`, `!Sub`, `!GetAtt A.B`).
    Yaml,
}

/// Why a template could not be read. `Debug` prints the readable message, as `Display` does.
#[non_exhaustive]
pub enum ParseError {
    /// The text is not JSON, or an intrinsic in it is malformed, or a key is given twice: what
    /// is wrong and where, by line and column.
    Json(JsonError),
    /// The text is not YAML, or a short-form tag in it is unknown or malformed, or a key is
    /// given twice, or its aliases expand too far: what is wrong and where, by line and column.
    #[cfg(feature = "yaml")]
    Yaml(YamlError),
    /// The text nests lists and mappings too deep to be a template; refused before parsing.
    TooDeep {
        /// The line, counted from 1.
        line: usize,
        /// An upper bound of the depth there.
        estimate: usize,
    },
    /// The text parses, but a section does not have CloudFormation's shape.
    Structure {
        /// Where, as dotted keys from the top (e.g. `Resources.Key.Type`).
        path: String,
        /// What is wrong.
        message: String,
    },
}

impl std::fmt::Display for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ParseError::Json(error) => write!(f, "not a valid JSON template: {error}"),
            #[cfg(feature = "yaml")]
            ParseError::Yaml(error) => write!(f, "not a valid YAML template: {error}"),
            ParseError::TooDeep { line, estimate } => write!(
                f,
                "not a valid YAML document: line {line} nests lists and mappings too deep to read (an estimated {estimate} levels; 128 are read at most). Refused unread: flatten the document"
            ),
            ParseError::Structure { path, message } => f.write_str(&printable(&format!("{}{message}", located(path)))),
        }
    }
}

impl std::error::Error for ParseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ParseError::Json(error) => Some(error),
            #[cfg(feature = "yaml")]
            ParseError::Yaml(error) => Some(error),
            ParseError::TooDeep { .. } | ParseError::Structure { .. } => None,
        }
    }
}

impl std::fmt::Debug for ParseError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// `path: ` before a message, or nothing for the whole document.
fn located(path: &str) -> String {
    if path.is_empty() { String::new() } else { format!("{path}: ") }
}

impl ParseError {
    pub(crate) fn at(path: &str, message: &str) -> Self {
        ParseError::Structure { path: path.to_owned(), message: message.to_owned() }
    }
}

/// Refuses a YAML (or JSON) text that nests too deep to be a template, in one pass over the
/// text and before it is parsed, with the line where it does. `Template::from_yaml` (feature `yaml`)
/// calls it (its reader also stops at 128 levels as it reads); call it before handing YAML from
/// untrusted files to another parser, whose time may grow with the square of the depth or which
/// may read the whole document before it checks any depth.
pub fn check_nesting(text: &str) -> Result<(), ParseError> {
    check_nesting_after(text, nesting::prescan(text))
}

/// [`check_nesting`] with the text's [`nesting::Prescan`] made: the line-by-line scan only when
/// the prescan cannot rule a refusal out.
fn check_nesting_after(text: &str, pre: nesting::Prescan) -> Result<(), ParseError> {
    if !pre.could_be_too_deep {
        return Ok(());
    }
    let found = nesting::yaml_nesting(text);
    if found.estimate > nesting::MAX_ESTIMATE {
        return Err(ParseError::TooDeep { line: found.line, estimate: found.estimate });
    }
    Ok(())
}

/// Reads a JSON text into a node tree (long-form intrinsics). Whole numbers past 64 bits are
/// kept exactly ([`Node::BigInt`]).
pub(crate) fn read_json(text: &str) -> Result<Node, ParseError> {
    json_read::read(text).map_err(ParseError::Json)
}

/// Reads a YAML text into a node tree (short-form tags and long-form keys alike), refusing a
/// text nested too deep before it is parsed ([`check_nesting`]) and expanding aliases within a
/// budget.
#[cfg(feature = "yaml")]
pub(crate) fn read_yaml(text: &str) -> Result<Node, ParseError> {
    // Two fast passes over the bytes tell whether the line-by-line nesting scan is needed.
    if nesting::could_be_too_deep(text) {
        check_nesting_after(text, nesting::Prescan { could_be_too_deep: true, long_digits: false })?;
    }
    // The one-pass reader reads the forms templates are written in; what it gives up on (any
    // other form, any error), the full reader reads from the start, with a budget of its own.
    if let Ok(node) = yaml::read(text, &read::Budget::for_yaml(text, false)) {
        return Ok(node);
    }
    compose::read(text, &read::Budget::for_yaml(text, false)).map_err(ParseError::Yaml)
}

/// Whether `b` is one of YAML's indicator characters (`-?:,[]{}#&*!|>'"%@` and the backquote),
/// which mean something at the start of a node: what the scanner reads as syntax there and what
/// the writer must quote (<https://yaml.org/spec/1.2.2/#53-indicator-characters>).
pub(crate) fn is_indicator(b: u8) -> bool {
    matches!(
        b,
        b'-' | b'?'
            | b':'
            | b','
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'#'
            | b'&'
            | b'*'
            | b'!'
            | b'|'
            | b'>'
            | b'\''
            | b'"'
            | b'%'
            | b'@'
            | b'`'
    )
}

/// `text` with control characters (an escape sequence that would drive a terminal, a line
/// break inside a name) and bidirectional overrides (which reorder what a reader sees) written
/// as escapes: `\u{1b}`. Names in messages come from templates that may be hostile.
pub fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control() || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if hidden(c) {
            shown.extend(c.escape_unicode());
        } else {
            shown.push(c);
        }
    }
    std::borrow::Cow::Owned(shown)
}

#[cfg(feature = "serde_json")]
impl Node {
    /// The node as a `serde_json::Value` in the long form (`{"Ref": "…"}`), for mixing typed
    /// values into `serde_json::json!` documents.
    pub fn to_json_value(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Node::Null => J::Null,
            Node::Bool(b) => J::Bool(*b),
            Node::Int(i) => J::from(*i),
            Node::Float(f) => J::from(*f),
            // serde_json's numbers hold 64 bits: past them, the nearest float.
            Node::BigInt(digits) => {
                digits.parse::<u64>().map(J::from).unwrap_or_else(|_| J::from(digits.parse::<f64>().unwrap_or(0.0)))
            }
            Node::String(s) => J::String(s.clone()),
            Node::List(items) => J::Array(items.iter().map(Node::to_json_value).collect()),
            Node::Map(map) => J::Object(map.iter().map(|(k, v)| (k.clone(), v.to_json_value())).collect()),
            Node::Fn(function, arg) => {
                J::Object(std::iter::once((function.json_key().to_owned(), arg.to_json_value())).collect())
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    /// Simple pseudo-random numbers (xorshift), so that the readers' random edits are the same
    /// each run.
    pub(crate) struct Shuffle(pub(crate) u64);

    impl Shuffle {
        pub(crate) fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n.max(1) as u64) as usize
        }
    }
}
