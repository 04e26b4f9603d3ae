//! JSON and YAML, out and in. Both spellings come from one [`Node`] tree: the JSON writer uses
//! the long form (`{"Fn::Sub": …}`), the YAML writer the short-form tags (`!Sub …`), and the
//! reader accepts either form in either format.

mod nesting;
mod read;
pub(crate) mod write;

pub use read::node_from_json;
pub(crate) use write::Styled;

use crate::node::Node;
use crate::template::Template;
use crate::validate::{self, TemplateError, Warning};

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

/// A template body that passed validation, with anything worth knowing that did not stop it.
#[derive(Debug, Clone, PartialEq)]
pub struct Emitted {
    /// The template text.
    pub body: String,
    /// Findings that do not stop deployment (e.g. a body too large to pass inline).
    pub warnings: Vec<Warning>,
}

/// Why a template could not be read. `Debug` prints the readable message, as `Display` does.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum ParseError {
    /// The text is not JSON, or an intrinsic in it is malformed.
    #[error("not a valid JSON template: {0}")]
    Json(#[source] serde_json::Error),
    /// The text is not YAML, or a short-form tag in it is unknown or malformed.
    #[error("not a valid YAML template: {0}")]
    Yaml(#[source] serde_yaml::Error),
    /// The text nests lists and mappings too deep to be a template; refused before parsing.
    #[error(
        "not a valid YAML document: line {line} nests lists and mappings too deep to read (an estimated {estimate} levels; 128 are read at most). Refused unread: flatten the document"
    )]
    TooDeep {
        /// The line, counted from 1.
        line: usize,
        /// An upper bound of the depth there.
        estimate: usize,
    },
    /// The text parses, but a section does not have CloudFormation's shape.
    #[error("{}", crate::validate::printable(&format!("{}{message}", located(.path))))]
    Structure {
        /// Where, as dotted keys from the top (e.g. `Resources.Key.Type`).
        path: String,
        /// What is wrong.
        message: String,
    },
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
/// text and before it is parsed (the YAML parser's time grows with the square of the depth, and
/// its depth limit applies only after it has read the whole document). [`Template::from_yaml`]
/// calls it; call it before reading other YAML from untrusted files with serde_yaml.
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

/// Writes one node as text in `format`, without validation (useful to show a single value,
/// such as a policy document).
pub fn write_node(node: &Node, format: Format) -> Result<String, TemplateError> {
    let depth = node.depth();
    if depth > validate::limits::NESTING_DEPTH {
        let path = "the value".to_owned();
        return Err(TemplateError::Invalid(vec![validate::Problem::TooDeep {
            path,
            depth,
            limit: validate::limits::NESTING_DEPTH,
        }]));
    }
    let text = match format {
        Format::Json => {
            serde_json::to_string_pretty(&Styled::json(node)).map_err(|e| TemplateError::Write(e.to_string()))?
        }
        Format::JsonCompact => {
            serde_json::to_string(&Styled::json(node)).map_err(|e| TemplateError::Write(e.to_string()))?
        }
        Format::Yaml => write::yaml11::unmark(
            serde_yaml::to_string(&Styled::yaml(node)).map_err(|e| TemplateError::Write(e.to_string()))?,
        ),
    };
    Ok(text)
}

/// A buffer that refuses writes past `limit` bytes (keeping what fits, plus the refused write's
/// length in its count, so that the caller can tell why writing stopped).
struct Bounded {
    bytes: Vec<u8>,
    limit: usize,
}

impl std::io::Write for Bounded {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + data.len() > self.limit {
            if self.bytes.len() <= self.limit {
                let room = self.limit - self.bytes.len();
                self.bytes.extend_from_slice(&data[..room]);
                // One byte past the limit records that the body did not fit.
                self.bytes.push(b' ');
            }
            return Err(std::io::Error::other("the template body is larger than CloudFormation accepts"));
        }
        self.bytes.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Template {
    /// Validates the template and writes it in `format`, with any warnings.
    pub fn emit(&self, format: Format) -> Result<Emitted, TemplateError> {
        let warnings = validate::check(self)?;
        self.write(format, warnings)
    }

    /// Writes a template that was validated by the caller (an app validates its stacks, then runs
    /// the final-template check once over all of them), adding the size warnings to `warnings`.
    pub(crate) fn write(&self, format: Format, mut warnings: Vec<Warning>) -> Result<Emitted, TemplateError> {
        let view = crate::template::sections::TemplateView { template: self, yaml: format == Format::Yaml };
        // Written into a buffer that refuses to grow past CloudFormation's limit: a body too
        // large to deploy is never rendered whole.
        // (YAML is counted before its quoting marks are removed: twice the limit, then the exact
        // check below.)
        let limit =
            if format == Format::Yaml { 2 * validate::limits::BODY_BYTES } else { validate::limits::BODY_BYTES };
        let mut out = Bounded { bytes: Vec::new(), limit };
        let written = match format {
            Format::Json => serde_json::to_writer_pretty(&mut out, &view).map_err(|e| e.to_string()),
            Format::JsonCompact => serde_json::to_writer(&mut out, &view).map_err(|e| e.to_string()),
            Format::Yaml => serde_yaml::to_writer(&mut out, &view).map_err(|e| e.to_string()),
        };
        if let Err(message) = written {
            return Err(if out.bytes.len() > out.limit {
                // The limit is CloudFormation's on a body, whatever margin the buffer had:
                // <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html>.
                TemplateError::TooLarge { bytes: out.bytes.len(), limit: validate::limits::BODY_BYTES }
            } else {
                TemplateError::Write(message)
            });
        }
        let text = String::from_utf8(out.bytes).map_err(|e| TemplateError::Write(e.to_string()))?;
        let mut body = if format == Format::Yaml { write::yaml11::unmark(text) } else { text };
        if format != Format::Yaml {
            body.push('\n');
        }
        warnings.extend(validate::check_size(&body)?);
        Ok(Emitted { body, warnings })
    }

    /// Validates the template and writes it as indented JSON.
    pub fn to_json(&self) -> Result<String, TemplateError> {
        self.emit(Format::Json).map(|e| e.body)
    }

    /// Validates the template and writes it as one-line JSON.
    pub fn to_json_compact(&self) -> Result<String, TemplateError> {
        self.emit(Format::JsonCompact).map(|e| e.body)
    }

    /// Validates the template and writes it as YAML with short-form tags.
    pub fn to_yaml(&self) -> Result<String, TemplateError> {
        self.emit(Format::Yaml).map(|e| e.body)
    }

    /// Reads a JSON template (long-form intrinsics).
    ///
    /// Whole numbers past 64 bits are kept exactly ([`Node::BigInt`]).
    pub fn from_json(text: &str) -> Result<Template, ParseError> {
        use serde::de::DeserializeSeed;
        let budget = read::Budget::for_json(text);
        let mut reader = serde_json::Deserializer::from_str(text);
        let node = read::NodeSeed(&budget).deserialize(&mut reader).map_err(ParseError::Json)?;
        reader.end().map_err(ParseError::Json)?;
        Template::from_node(node)
    }

    /// Reads a YAML template (short-form tags and long-form keys alike).
    ///
    /// YAML aliases are expanded as they are read, within a budget of two million values: a small
    /// document of nested aliases that would expand without end (a "billion laughs") is refused
    /// quickly, in bounded memory. A text nested far deeper than a template can be is refused
    /// before it is parsed ([`check_nesting`]).
    pub fn from_yaml(text: &str) -> Result<Template, ParseError> {
        use serde::de::DeserializeSeed;
        // One fast pass over the bytes tells whether the slower scans are needed.
        let pre = nesting::prescan(text);
        check_nesting_after(text, pre)?;
        let budget = read::Budget::for_yaml(text, pre.long_digits);
        let node =
            read::NodeSeed(&budget).deserialize(serde_yaml::Deserializer::from_str(text)).map_err(ParseError::Yaml)?;
        Template::from_node(node)
    }
}

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
