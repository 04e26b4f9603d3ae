//! Writing YAML: the emitter behind [`Template::to_yaml`](crate::Template::to_yaml) and
//! [`write_node`](crate::emit::write_node).
//!
//! It is a [`Writer`], so the values that write themselves as JSON (the template's sections,
//! [`Styled`](super::Styled) nodes) write themselves as YAML through the same calls. The layout is block style, two spaces per level, a list inside a
//! mapping at the mapping's own indentation (`- item`), a mapping inside a list item begun on the
//! item's line (`- Key: value`), empty collections as `{}` and `[]`, no line width, unicode
//! written as is. Those are libyaml's choices as serde_yaml 0.9 drives it, kept so that templates
//! keep the shape they were always written in; `yaml_write/scalar.rs` says how a scalar is
//! written, this file lays the document out.
//!
//! A string is written plain where a reader gives back the same string, else single-quoted,
//! else double-quoted with escapes (control characters, `\t`, a byte-order mark); a string with
//! line breaks is a literal block (`|`, `|-`, `|+`) unless it holds what a block cannot (trailing
//! spaces on a line, control characters), then double-quoted. Added to libyaml's rules:
//!
//! - CloudFormation reads YAML 1.1, in which `Yes`, `OFF`, `y` are booleans, `1:30` a number,
//!   `2001-12-14` a timestamp, `1_000` an integer and `007` an octal number. A string of such a
//!   shape is double-quoted, keys included, or `MfaConfiguration: OFF` would reach
//!   CloudFormation as `false`
//!   (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-formats.html>
//!   names YAML 1.1 as the version CloudFormation supports).
//! - A string holding U+2028 or U+2029 is double-quoted (`\L`, `\P`): libyaml writes the raw
//!   character, which a YAML 1.1 reader takes as a line break and a YAML 1.2 reader as text.
//! - A whole number past 128 bits ([`Node::BigInt`](crate::Node::BigInt)) is written as its digits.
//!
//! Writing stops with [`WriteError::TooLarge`] as soon as the text passes the limit it is given:
//! a template too large to deploy is never rendered whole.
//!
//! `yaml_write/tests.rs` holds it to the serde_yaml path it replaced (serde_yaml 0.9.34, with
//! control-character marks to force the YAML 1.1 quotes, removed from the finished text) on
//! generated trees: byte for byte, except where it now writes differently on purpose — the rules
//! above applied to keys and to `!GetAtt a.b` too, `'...1'` where the old path wrote `"...1"`,
//! and text holding `"` before U+0001 or U+0002, which the old mark removal damaged — and every
//! tree reads back whole with serde_yaml and with the crate's reader.

use scalar::{Analysis, Style, analyze, float_text, printable, requested_style, scalar_style};

use super::write::{WriteError, WriteTo, Writer};

mod scalar;

/// Two spaces per level (libyaml's default indentation).
const INDENT: isize = 2;

/// A mapping key longer than this (in bytes) is written after `? `, as libyaml does.
const SIMPLE_KEY_BYTES: usize = 128;

/// `value` as a YAML document, refusing to grow past `limit` bytes.
pub(crate) fn to_string(value: &dyn WriteTo, limit: usize) -> Result<String, WriteError> {
    let mut emitter = Emitter::new(limit);
    value.write_to(&mut emitter)?;
    if !emitter.open.is_empty() {
        return Err(WriteError::Unsupported("a list or mapping was begun and not ended".to_owned()));
    }
    // The document ends on a line of its own.
    emitter.write_indent()?;
    Ok(emitter.out)
}

/// Where the node being written stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// The document itself.
    Root,
    /// An item of a block list, after `- `.
    Item,
    /// A mapping key written on the line of its `:`.
    SimpleKey,
    /// A mapping key after `? ` (long or multi-line).
    ComplexKey,
    /// A mapping value, after `:`.
    Value,
}

/// The writer's state: libyaml's emitter reduced to block style and one document.
struct Emitter {
    out: String,
    limit: usize,
    /// Where the current line starts in `out`.
    line_start: usize,
    /// The indentation of the innermost node (−1 before the first collection).
    indent: isize,
    indents: Vec<isize>,
    /// The last thing written is whitespace (an indentation, a space, `[` or `{`).
    whitespace: bool,
    /// The current line holds only indentation and the indicators `-`, `?`, `:`, so a nested
    /// collection may begin on it.
    indention: bool,
    /// The tag of the next node (`Sub` for `!Sub`).
    tag: Option<&'static str>,
    place: Place,
    /// The lists and mappings being written, innermost last.
    open: Vec<Collection>,
}

impl Emitter {
    fn new(limit: usize) -> Self {
        Emitter {
            out: String::with_capacity(limit.min(4096)),
            limit,
            line_start: 0,
            indent: -1,
            indents: Vec::new(),
            whitespace: true,
            indention: true,
            tag: None,
            place: Place::Root,
            open: Vec::new(),
        }
    }

    fn check_size(&self) -> Result<(), WriteError> {
        if self.out.len() > self.limit { Err(WriteError::TooLarge { bytes: self.limit + 1 }) } else { Ok(()) }
    }

    fn column(&self) -> usize {
        // Counted in bytes: it is compared with the indentation only while the line holds
        // indentation and ASCII indicators.
        self.out.len() - self.line_start
    }

    fn newline(&mut self) {
        self.out.push('\n');
        self.line_start = self.out.len();
    }

    /// Enters a node: two spaces further in than its parent, except a list that is a mapping's
    /// value (`indentless`); at the top, a collection starts at the margin and a scalar's
    /// continuation lines (a literal block's) two spaces in.
    fn increase_indent(&mut self, scalar: bool, indentless: bool) {
        self.indents.push(self.indent);
        if self.indent < 0 {
            self.indent = if scalar { INDENT } else { 0 };
        } else if !indentless {
            self.indent += INDENT;
        }
    }

    fn restore_indent(&mut self) {
        self.indent = self.indents.pop().unwrap_or(-1);
    }

    /// Moves to the current indentation: a new line unless the current one holds only
    /// indentation and indicators short of it.
    fn write_indent(&mut self) -> Result<(), WriteError> {
        let indent = self.indent.max(0) as usize;
        let column = self.column();
        if !self.indention || column > indent || (column == indent && !self.whitespace) {
            self.newline();
        }
        let mut missing = indent.saturating_sub(self.column());
        while missing > 0 {
            let spaces = missing.min(SPACES.len());
            self.out.push_str(&SPACES[..spaces]);
            missing -= spaces;
        }
        self.whitespace = true;
        self.indention = true;
        self.check_size()
    }

    fn write_indicator(&mut self, indicator: &str, space_before: bool, is_whitespace: bool, keeps_indention: bool) {
        if space_before && !self.whitespace {
            self.out.push(' ');
        }
        self.out.push_str(indicator);
        self.whitespace = is_whitespace;
        self.indention &= keeps_indention;
    }

    /// `!Tag`, with any character a tag may not hold written `%XX`.
    fn write_tag(&mut self, tag: &str) -> Result<(), WriteError> {
        let suffix = tag.strip_prefix('!').unwrap_or(tag);
        if suffix.is_empty() {
            return Err(WriteError::Unsupported("a YAML tag must not be empty".to_owned()));
        }
        if !self.whitespace {
            self.out.push(' ');
        }
        self.out.push('!');
        for c in suffix.chars() {
            if c.is_ascii_alphanumeric() || ";/?:@&=+$,_.~*'()[]-".contains(c) {
                self.out.push(c);
            } else {
                let mut bytes = [0; 4];
                for byte in c.encode_utf8(&mut bytes).bytes() {
                    self.out.push('%');
                    self.out.push(char::from(HEX[usize::from(byte >> 4)]));
                    self.out.push(char::from(HEX[usize::from(byte & 0xf)]));
                }
            }
        }
        self.whitespace = false;
        self.indention = false;
        Ok(())
    }

    /// A scalar: `text`, in `requested` style if its place and content allow (`None`: the
    /// plainest they allow); `string` if it is text (numbers, booleans and null are not held to
    /// the YAML 1.1 rule).
    fn scalar(&mut self, text: &str, requested: Option<Style>, string: bool) -> Result<(), WriteError> {
        self.scalar_analyzed(text, &analyze(text), requested, string)
    }

    fn scalar_analyzed(
        &mut self,
        text: &str,
        analysis: &Analysis,
        requested: Option<Style>,
        string: bool,
    ) -> Result<(), WriteError> {
        if self.out.len().saturating_add(text.len()) > self.limit {
            return Err(WriteError::TooLarge { bytes: self.limit + 1 });
        }
        let simple_key = self.place == Place::SimpleKey;
        let style = scalar_style(text, analysis, requested, simple_key, string);
        if let Some(tag) = self.tag.take() {
            self.write_tag(tag)?;
        }
        self.increase_indent(true, false);
        match style {
            Style::Plain => {
                if !self.whitespace && !text.is_empty() {
                    self.out.push(' ');
                }
                self.out.push_str(text);
                self.whitespace = false;
                self.indention = false;
            }
            Style::SingleQuoted => self.write_single_quoted(text),
            Style::DoubleQuoted => self.write_double_quoted(text),
            Style::Literal => self.write_literal(text)?,
        }
        self.restore_indent();
        self.check_size()
    }

    fn write_single_quoted(&mut self, text: &str) {
        // Only text without line breaks is single-quoted here: a string with `\n` asks for a
        // literal block, and the other breaks need escapes.
        debug_assert!(!text.contains(['\n', '\r', '\u{85}']));
        self.write_indicator("'", true, false, false);
        for (i, part) in text.split('\'').enumerate() {
            if i > 0 {
                self.out.push_str("''");
            }
            self.out.push_str(part);
        }
        self.write_indicator("'", false, false, false);
    }

    fn write_double_quoted(&mut self, text: &str) {
        self.write_indicator("\"", true, false, false);
        let mut plain_from = 0;
        for (at, c) in text.char_indices() {
            let escape = match c {
                '\0' => "\\0",
                '\u{7}' => "\\a",
                '\u{8}' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\u{b}' => "\\v",
                '\u{c}' => "\\f",
                '\r' => "\\r",
                '\u{1b}' => "\\e",
                '"' => "\\\"",
                '\\' => "\\\\",
                '\u{85}' => "\\N",
                '\u{2028}' => "\\L",
                '\u{2029}' => "\\P",
                c if printable(c) => continue,
                _ => "",
            };
            self.out.push_str(&text[plain_from..at]);
            plain_from = at + c.len_utf8();
            if escape.is_empty() {
                // `\xXX`, `\uXXXX` or `\UXXXXXXXX`, in upper-case hexadecimal.
                let code = u32::from(c);
                let (prefix, digits) = match code {
                    0..=0xff => ('x', 2),
                    0x100..=0xffff => ('u', 4),
                    _ => ('U', 8),
                };
                self.out.push('\\');
                self.out.push(prefix);
                for shift in (0..digits).rev() {
                    self.out.push(char::from(HEX[((code >> (4 * shift)) & 0xf) as usize]));
                }
            } else {
                self.out.push_str(escape);
            }
        }
        self.out.push_str(&text[plain_from..]);
        self.write_indicator("\"", false, false, false);
    }

    /// `|` with its hints (an indentation digit if the text starts with a space or a break;
    /// `-` if it does not end with a break, `+` if it ends with more than one), then the lines.
    fn write_literal(&mut self, text: &str) -> Result<(), WriteError> {
        self.write_indicator("|", true, false, false);
        if text.starts_with([' ', '\n']) {
            self.write_indicator("2", false, false, false);
        }
        let chomp = if !text.ends_with('\n') {
            Some("-")
        } else if text == "\n" || text[..text.len() - 1].ends_with('\n') {
            Some("+")
        } else {
            None
        };
        if let Some(chomp) = chomp {
            self.write_indicator(chomp, false, false, false);
        }
        self.newline();
        self.indention = true;
        self.whitespace = true;
        let mut line_start = true;
        for line in text.split_inclusive('\n') {
            let (content, ends_line) = match line.strip_suffix('\n') {
                Some(content) => (content, true),
                None => (line, false),
            };
            if !content.is_empty() {
                if line_start {
                    self.write_indent()?;
                }
                self.out.push_str(content);
                self.indention = false;
            }
            if ends_line {
                self.newline();
                self.indention = true;
            }
            line_start = ends_line || line_start && content.is_empty();
        }
        Ok(())
    }

    /// A list or mapping begins: its tag now; whether it is block or `[]`/`{}` when its first
    /// item or its end comes.
    fn begin(&mut self, mapping: bool) -> Result<(), WriteError> {
        if let Some(tag) = self.tag.take() {
            self.write_tag(tag)?;
        }
        // A list that is a mapping's value starts at the mapping's indentation, unless it
        // begins on the line of the `:` (after a key written `? key`).
        let indentless = self.place == Place::Value;
        self.open.push(Collection { mapping, started: false, indentless });
        Ok(())
    }

    /// The innermost collection, its block begun: indented one level further (a list that is a
    /// mapping's value, begun on a line of its own, is not).
    fn start_block(&mut self, mapping: bool) -> Result<(), WriteError> {
        let open = match self.open.last_mut() {
            Some(open) if open.mapping == mapping => open,
            _ => return Err(misplaced(mapping)),
        };
        if !open.started {
            open.started = true;
            let indentless = !mapping && open.indentless && !self.indention;
            self.increase_indent(false, indentless);
        }
        Ok(())
    }
}

/// A key outside a mapping, or an item outside a list.
#[cold]
fn misplaced(mapping: bool) -> WriteError {
    WriteError::Unsupported(if mapping { "a key outside a mapping" } else { "an item outside a list" }.to_owned())
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Indentation, written a slice at a time.
const SPACES: &str = "                                                                ";

/// A list or mapping being written.
struct Collection {
    mapping: bool,
    /// Whether an item was written (else the end writes `[]` or `{}`).
    started: bool,
    /// A list in a mapping's value, which libyaml does not indent.
    indentless: bool,
}

fn no_tag_on(what: &str) -> WriteError {
    WriteError::Unsupported(format!(
        "{what} cannot carry a second YAML tag (a node has one): write the inner intrinsic in its long form"
    ))
}

impl Writer for Emitter {
    fn short_forms(&self) -> bool {
        true
    }

    fn null(&mut self) -> Result<(), WriteError> {
        self.scalar("null", Some(Style::Plain), false)
    }

    fn bool(&mut self, value: bool) -> Result<(), WriteError> {
        self.scalar(if value { "true" } else { "false" }, Some(Style::Plain), false)
    }

    fn int(&mut self, value: i64) -> Result<(), WriteError> {
        self.scalar(&value.to_string(), Some(Style::Plain), false)
    }

    fn float(&mut self, value: f64) -> Result<(), WriteError> {
        self.scalar(&float_text(value), Some(Style::Plain), false)
    }

    fn big_int(&mut self, digits: &str) -> Result<(), WriteError> {
        self.scalar(digits, Some(Style::Plain), false)
    }

    fn string(&mut self, text: &str) -> Result<(), WriteError> {
        let analysis = analyze(text);
        self.scalar_analyzed(text, &analysis, requested_style(text, &analysis), true)
    }

    fn tag(&mut self, tag: &'static str) -> Result<(), WriteError> {
        if self.tag.is_some() {
            return Err(no_tag_on(&format!("`!{tag}` inside another tag")));
        }
        self.tag = Some(tag);
        Ok(())
    }

    fn begin_list(&mut self) -> Result<(), WriteError> {
        self.begin(false)
    }

    fn item(&mut self) -> Result<(), WriteError> {
        self.start_block(false)?;
        self.write_indent()?;
        self.write_indicator("-", true, false, true);
        self.place = Place::Item;
        Ok(())
    }

    fn begin_map(&mut self) -> Result<(), WriteError> {
        self.begin(true)
    }

    /// The key, then its `:`: on the key's line, or on a line of its own after a key written
    /// `? key` (long or multi-line).
    fn key(&mut self, key: &str) -> Result<(), WriteError> {
        self.start_block(true)?;
        self.write_indent()?;
        let analysis = analyze(key);
        let simple_key = !analysis.multiline && key.len() <= SIMPLE_KEY_BYTES;
        if simple_key {
            self.place = Place::SimpleKey;
        } else {
            self.write_indicator("?", true, false, true);
            self.place = Place::ComplexKey;
        }
        self.scalar_analyzed(key, &analysis, requested_style(key, &analysis), true)?;
        if simple_key {
            self.write_indicator(":", false, false, false);
        } else {
            self.write_indent()?;
            self.write_indicator(":", true, false, true);
        }
        self.place = Place::Value;
        Ok(())
    }

    fn end(&mut self) -> Result<(), WriteError> {
        let Some(open) = self.open.pop() else {
            return Err(WriteError::Unsupported("a list or mapping ended that was not begun".to_owned()));
        };
        if open.started {
            self.restore_indent();
        } else {
            let (begin, end) = if open.mapping { ("{", "}") } else { ("[", "]") };
            self.write_indicator(begin, true, true, false);
            self.write_indicator(end, false, false, false);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
