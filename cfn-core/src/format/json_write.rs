//! Writing JSON: the writer behind [`Template::to_json`](crate::Template::to_json),
//! [`Template::to_json_compact`](crate::Template::to_json_compact) and
//! [`write_node`](crate::emit::write_node).
//!
//! The text is the one serde_json 1.0 wrote before this writer replaced it, byte for byte, so that
//! templates keep the shape they were always written in:
//!
//! - indented: two spaces per level, `"key": value`, each element and entry on its own line,
//!   `[]` and `{}` when empty; compact: no space or line break at all;
//! - strings: `\"`, `\\`, `\n`, `\r`, `\t`, `\b` (U+0008) and `\f` (U+000C) escaped by name, the
//!   other control characters below U+0020 as `\u00XX` (lower-case hexadecimal), everything else
//!   (U+007F, non-ASCII) as UTF-8;
//! - whole numbers as their digits; a floating-point number as the shortest digits that read
//!   back as it (a tie between two of them goes to the even one), written plainly (`1.0`,
//!   `0.00001`, `1000000000000000.0`) when its first digit stands from 10¹⁵ down to 10⁻⁵, else
//!   with an exponent that always carries its sign (`1e+16`, `1.5e-7`); a number that is not
//!   finite as `null`, as JSON has no other form for it.
//!
//! Writing stops with `WriteError::TooLarge` as soon as the text passes the limit it is given:
//! a template too large to deploy is never rendered whole. `json_write/tests.rs` holds the writer
//! to serde_json on generated trees.

use super::write::{Exponent, WriteError, WriteTo, Writer, decimal};

/// How the text is laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// Two spaces per level, one element or entry per line.
    Indented,
    /// One line, no spaces.
    Compact,
}

/// `value` as JSON text, refusing to grow past `limit` bytes.
pub(crate) fn to_string(value: &dyn WriteTo, layout: Layout, limit: usize) -> Result<String, WriteError> {
    let mut writer = JsonWriter { out: String::with_capacity(limit.min(4096)), limit, layout, open: Vec::new() };
    value.write_to(&mut writer)?;
    Ok(writer.out)
}

/// `node` as one line of JSON, for messages (a pinned property's value, a value CloudFormation
/// compares as text). Digits that are not a whole number in a [`crate::node::Node::BigInt`], the
/// one thing the writer refuses, are shown as the refusal says.
pub(crate) fn compact(node: &crate::node::Node) -> String {
    to_string(&super::Styled::new(node), Layout::Compact, usize::MAX).unwrap_or_else(|e| e.to_string())
}

/// Indentation, written a slice at a time.
const SPACES: &str = "                                                                ";

struct JsonWriter {
    out: String,
    limit: usize,
    layout: Layout,
    /// The open lists and mappings, innermost last.
    open: Vec<Open>,
}

/// A list or mapping being written.
struct Open {
    list: bool,
    /// Whether it holds an element yet (else it ends as `[]` or `{}`).
    started: bool,
}

impl JsonWriter {
    fn check_size(&self) -> Result<(), WriteError> {
        if self.out.len() > self.limit { Err(WriteError::TooLarge { bytes: self.limit + 1 }) } else { Ok(()) }
    }

    fn push(&mut self, text: &str) -> Result<(), WriteError> {
        self.out.push_str(text);
        self.check_size()
    }

    /// A new line at the depth of the open collections (indented layout only).
    fn newline(&mut self) {
        if self.layout == Layout::Indented {
            self.out.push('\n');
            let mut missing = 2 * self.open.len();
            while missing > 0 {
                let spaces = missing.min(SPACES.len());
                self.out.push_str(&SPACES[..spaces]);
                missing -= spaces;
            }
        }
    }

    /// Before an element or an entry: `,` after the one before it, then its line.
    fn next_element(&mut self) -> Result<(), WriteError> {
        if let Some(open) = self.open.last_mut()
            && std::mem::replace(&mut open.started, true)
        {
            self.out.push(',');
        }
        self.newline();
        self.check_size()
    }

    fn begin(&mut self, list: bool) -> Result<(), WriteError> {
        self.open.push(Open { list, started: false });
        self.push(if list { "[" } else { "{" })
    }

    /// `text` as a JSON string ([`quoted`]).
    fn quoted(&mut self, text: &str) -> Result<(), WriteError> {
        // Quotes and escapes only lengthen the text: refuse it before copying it if it cannot fit.
        if self.out.len().saturating_add(text.len()) > self.limit {
            return Err(WriteError::TooLarge { bytes: self.limit + 1 });
        }
        push_quoted(&mut self.out, text);
        self.check_size()
    }
}

/// `text` as a JSON string: in double quotes, escaped as serde_json escapes it.
#[doc(hidden)]
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    push_quoted(&mut out, text);
    out
}

fn push_quoted(out: &mut String, text: &str) {
    out.push('"');
    let bytes = text.as_bytes();
    let mut plain_from = 0;
    for (at, &byte) in bytes.iter().enumerate() {
        if !ESCAPED[usize::from(byte)] {
            continue;
        }
        // Every byte escaped is ASCII, so `at` is a character boundary.
        out.push_str(&text[plain_from..at]);
        plain_from = at + 1;
        let named = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            _ => {
                out.push_str("\\u00");
                out.push(char::from(HEX[usize::from(byte >> 4)]));
                out.push(char::from(HEX[usize::from(byte & 0xf)]));
                continue;
            }
        };
        out.push_str(named);
    }
    out.push_str(&text[plain_from..]);
    out.push('"');
}

/// The bytes a JSON string escapes: `"`, `\` and the control characters below U+0020.
static ESCAPED: [bool; 256] = {
    let mut escaped = [false; 256];
    let mut byte = 0;
    while byte < 0x20 {
        escaped[byte] = true;
        byte += 1;
    }
    escaped[b'"' as usize] = true;
    escaped[b'\\' as usize] = true;
    escaped
};

const HEX: &[u8; 16] = b"0123456789abcdef";

impl Writer for JsonWriter {
    fn short_forms(&self) -> bool {
        false
    }

    fn null(&mut self) -> Result<(), WriteError> {
        self.push("null")
    }

    fn bool(&mut self, value: bool) -> Result<(), WriteError> {
        self.push(if value { "true" } else { "false" })
    }

    fn int(&mut self, value: i64) -> Result<(), WriteError> {
        use std::fmt::Write as _;
        // Writing into a `String` cannot fail.
        let _ = write!(self.out, "{value}");
        self.check_size()
    }

    fn float(&mut self, value: f64) -> Result<(), WriteError> {
        self.push(&float_text(value))
    }

    fn big_int(&mut self, digits: &str) -> Result<(), WriteError> {
        self.push(digits)
    }

    fn string(&mut self, text: &str) -> Result<(), WriteError> {
        self.quoted(text)
    }

    fn tag(&mut self, tag: &'static str) -> Result<(), WriteError> {
        Err(WriteError::Unsupported(format!("JSON has no tags: `!{tag}` is written in its long form")))
    }

    fn begin_list(&mut self) -> Result<(), WriteError> {
        self.begin(true)
    }

    fn item(&mut self) -> Result<(), WriteError> {
        self.next_element()
    }

    fn begin_map(&mut self) -> Result<(), WriteError> {
        self.begin(false)
    }

    fn key(&mut self, key: &str) -> Result<(), WriteError> {
        self.next_element()?;
        self.quoted(key)?;
        self.push(if self.layout == Layout::Indented { ": " } else { ":" })
    }

    fn end(&mut self) -> Result<(), WriteError> {
        let Some(open) = self.open.pop() else {
            return Err(WriteError::Unsupported("a list or mapping ended that was not begun".to_owned()));
        };
        if open.started {
            self.newline();
        }
        self.push(if open.list { "]" } else { "}" })
    }
}

/// `float` as serde_json writes it (through its float formatter): [`decimal`] with a signed
/// exponent (`1e+16`), and `null` for what is not finite.
pub(crate) fn float_text(float: f64) -> String {
    if !float.is_finite() {
        return "null".to_owned();
    }
    decimal(float, Exponent::Signed)
}

#[cfg(test)]
mod tests;
