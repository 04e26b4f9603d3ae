//! Writing YAML: the emitter behind [`Template::to_yaml`](crate::Template::to_yaml) and
//! [`write_node`](crate::emit::write_node).
//!
//! It is a [`serde::Serializer`], so the values that know how to write themselves as JSON
//! (the template's sections, [`Styled`](super::Styled) nodes) write themselves as YAML through the
//! same `Serialize` impls. The layout is block style, two spaces per level, a list inside a
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
//! - A whole number past 128 bits ([`Node::BigInt`](crate::Node::BigInt)) is written as its digits
//!   ([`PLAIN_DIGITS`]).
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

use std::fmt;

use serde::ser::{self, Impossible, Serialize};

use scalar::{Analysis, Style, analyze, float_text, printable, requested_style, scalar_style};

mod scalar;

/// The name of the newtype struct whose content, a whole number's digits, is written plain.
pub(crate) const PLAIN_DIGITS: &str = "$typed_cfn::yaml::PlainDigits";

/// Two spaces per level (libyaml's default indentation).
const INDENT: isize = 2;

/// A mapping key longer than this (in bytes) is written after `? `, as libyaml does.
const SIMPLE_KEY_BYTES: usize = 128;

/// Why writing stopped.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The text grew past the limit: `bytes` is the limit plus one (what fit, and the byte that
    /// did not).
    TooLarge {
        /// How much was written when writing stopped.
        bytes: usize,
    },
    /// A value this writer cannot put in YAML (a key that is not text, a node with two tags,
    /// bytes), or an error the value's own `Serialize` impl raised.
    Unsupported(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::TooLarge { bytes } => write!(f, "the YAML text grew past {bytes} bytes"),
            WriteError::Unsupported(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for WriteError {}

impl ser::Error for WriteError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        WriteError::Unsupported(message.to_string())
    }
}

/// `value` as a YAML document, refusing to grow past `limit` bytes.
pub(crate) fn to_string<T: Serialize + ?Sized>(value: &T, limit: usize) -> Result<String, WriteError> {
    let mut emitter = Emitter::new(limit);
    value.serialize(&mut emitter)?;
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
    fn collection(&mut self, mapping: bool) -> Result<Collection<'_>, WriteError> {
        if let Some(tag) = self.tag.take() {
            self.write_tag(tag)?;
        }
        // A list that is a mapping's value starts at the mapping's indentation, unless it
        // begins on the line of the `:` (after a key written `? key`).
        let indentless = self.place == Place::Value;
        Ok(Collection { emitter: self, mapping, started: false, indentless, simple_key: false })
    }
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

/// Indentation, written a slice at a time.
const SPACES: &str = "                                                                ";

/// A list or mapping being written.
struct Collection<'a> {
    emitter: &'a mut Emitter,
    mapping: bool,
    /// Whether an item was written (else the end writes `[]` or `{}`).
    started: bool,
    /// A list in a mapping's value, which libyaml does not indent.
    indentless: bool,
    /// Whether the last key was written on its `:` line.
    simple_key: bool,
}

impl Collection<'_> {
    fn start_block(&mut self) {
        if !self.started {
            self.started = true;
            let e = &mut *self.emitter;
            if self.mapping {
                e.increase_indent(false, false);
            } else {
                let indentless = self.indentless && !e.indention;
                e.increase_indent(false, indentless);
            }
        }
    }

    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.start_block();
        let e = &mut *self.emitter;
        e.write_indent()?;
        e.write_indicator("-", true, false, true);
        e.place = Place::Item;
        value.serialize(&mut *self.emitter)
    }

    fn key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.start_block();
        self.emitter.write_indent()?;
        key.serialize(KeyWriter { collection: self })
    }

    fn key_text(&mut self, text: &str) -> Result<(), WriteError> {
        let analysis = analyze(text);
        let e = &mut *self.emitter;
        self.simple_key = !analysis.multiline && text.len() <= SIMPLE_KEY_BYTES;
        if self.simple_key {
            e.place = Place::SimpleKey;
        } else {
            e.write_indicator("?", true, false, true);
            e.place = Place::ComplexKey;
        }
        e.scalar_analyzed(text, &analysis, requested_style(text, &analysis), true)
    }

    fn value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        let e = &mut *self.emitter;
        if self.simple_key {
            e.write_indicator(":", false, false, false);
        } else {
            e.write_indent()?;
            e.write_indicator(":", true, false, true);
        }
        e.place = Place::Value;
        value.serialize(&mut *self.emitter)
    }

    fn end(self) -> Result<(), WriteError> {
        let e = self.emitter;
        if self.started {
            e.restore_indent();
        } else {
            let (open, close) = if self.mapping { ("{", "}") } else { ("[", "]") };
            e.write_indicator(open, true, true, false);
            e.write_indicator(close, false, false, false);
        }
        Ok(())
    }
}

fn no_tag_on(what: &str) -> WriteError {
    WriteError::Unsupported(format!(
        "{what} cannot carry a second YAML tag (a node has one): write the inner intrinsic in its long form"
    ))
}

impl<'a> ser::Serializer for &'a mut Emitter {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Collection<'a>;
    type SerializeTuple = Collection<'a>;
    type SerializeTupleStruct = Collection<'a>;
    type SerializeTupleVariant = Collection<'a>;
    type SerializeMap = Collection<'a>;
    type SerializeStruct = Collection<'a>;
    type SerializeStructVariant = Collection<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), WriteError> {
        self.scalar(if v { "true" } else { "false" }, Some(Style::Plain), false)
    }

    fn serialize_i8(self, v: i8) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i16(self, v: i16) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i32(self, v: i32) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_i64(self, v: i64) -> Result<(), WriteError> {
        self.scalar(&v.to_string(), Some(Style::Plain), false)
    }

    fn serialize_i128(self, v: i128) -> Result<(), WriteError> {
        self.scalar(&v.to_string(), Some(Style::Plain), false)
    }

    fn serialize_u8(self, v: u8) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u16(self, v: u16) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u32(self, v: u32) -> Result<(), WriteError> {
        self.serialize_i64(i64::from(v))
    }

    fn serialize_u64(self, v: u64) -> Result<(), WriteError> {
        self.scalar(&v.to_string(), Some(Style::Plain), false)
    }

    fn serialize_u128(self, v: u128) -> Result<(), WriteError> {
        self.scalar(&v.to_string(), Some(Style::Plain), false)
    }

    fn serialize_f32(self, v: f32) -> Result<(), WriteError> {
        self.serialize_f64(f64::from(v))
    }

    fn serialize_f64(self, v: f64) -> Result<(), WriteError> {
        self.scalar(&float_text(v), Some(Style::Plain), false)
    }

    fn serialize_char(self, v: char) -> Result<(), WriteError> {
        self.scalar(v.encode_utf8(&mut [0; 4]), Some(Style::SingleQuoted), false)
    }

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        let analysis = analyze(v);
        self.scalar_analyzed(v, &analysis, requested_style(v, &analysis), true)
    }

    fn serialize_bytes(self, _: &[u8]) -> Result<(), WriteError> {
        Err(WriteError::Unsupported("bytes have no YAML form here: write them as text (Base64)".to_owned()))
    }

    fn serialize_none(self) -> Result<(), WriteError> {
        self.serialize_unit()
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), WriteError> {
        value.serialize(self)
    }

    fn serialize_unit(self) -> Result<(), WriteError> {
        self.scalar("null", Some(Style::Plain), false)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<(), WriteError> {
        self.serialize_unit()
    }

    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), WriteError> {
        self.serialize_str(variant)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, name: &'static str, value: &T) -> Result<(), WriteError> {
        if name == PLAIN_DIGITS {
            return value.serialize(PlainDigits(self));
        }
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), WriteError> {
        if self.tag.is_some() {
            return Err(no_tag_on(&format!("`!{variant}` inside another tag")));
        }
        self.tag = Some(variant);
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Collection<'a>, WriteError> {
        self.collection(false)
    }

    fn serialize_tuple(self, _: usize) -> Result<Collection<'a>, WriteError> {
        self.collection(false)
    }

    fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Collection<'a>, WriteError> {
        self.collection(false)
    }

    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Collection<'a>, WriteError> {
        if self.tag.is_some() {
            return Err(no_tag_on(&format!("`!{variant}` inside another tag")));
        }
        self.tag = Some(variant);
        self.collection(false)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Collection<'a>, WriteError> {
        self.collection(true)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Collection<'a>, WriteError> {
        self.collection(true)
    }

    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Collection<'a>, WriteError> {
        if self.tag.is_some() {
            return Err(no_tag_on(&format!("`!{variant}` inside another tag")));
        }
        self.tag = Some(variant);
        self.collection(true)
    }
}

impl ser::SerializeSeq for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

impl ser::SerializeTuple for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

impl ser::SerializeTupleStruct for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

impl ser::SerializeTupleVariant for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.item(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

impl ser::SerializeMap for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), WriteError> {
        self.key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), WriteError> {
        self.value(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

impl ser::SerializeStruct for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), WriteError> {
        self.key(key)?;
        self.value(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

impl ser::SerializeStructVariant for Collection<'_> {
    type Ok = ();
    type Error = WriteError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), WriteError> {
        self.key(key)?;
        self.value(value)
    }

    fn end(self) -> Result<(), WriteError> {
        Collection::end(self)
    }
}

/// The methods of a serializer that takes only text (`serialize_str`), refusing everything else.
macro_rules! not_text {
    () => {
        fn serialize_bool(self, _: bool) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_i8(self, _: i8) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_i16(self, _: i16) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_i32(self, _: i32) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_i64(self, _: i64) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_u8(self, _: u8) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_u16(self, _: u16) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_u32(self, _: u32) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_u64(self, _: u64) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_f32(self, _: f32) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_f64(self, _: f64) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_char(self, _: char) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_bytes(self, _: &[u8]) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_none(self) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_unit(self) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> Result<(), WriteError> {
            self.serialize_str(variant)
        }
        fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result<(), WriteError> {
            value.serialize(self)
        }
        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), WriteError> {
            Err(not_text())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
        fn serialize_tuple(self, _: usize) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Impossible<(), WriteError>, WriteError> {
            Err(not_text())
        }
    };
}

/// Writes the digits of a whole number plain, after checking they are one.
struct PlainDigits<'a>(&'a mut Emitter);

impl ser::Serializer for PlainDigits<'_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Impossible<(), WriteError>;
    type SerializeTuple = Impossible<(), WriteError>;
    type SerializeTupleStruct = Impossible<(), WriteError>;
    type SerializeTupleVariant = Impossible<(), WriteError>;
    type SerializeMap = Impossible<(), WriteError>;
    type SerializeStruct = Impossible<(), WriteError>;
    type SerializeStructVariant = Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        let digits = v.strip_prefix('-').unwrap_or(v);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(WriteError::Unsupported(format!(
                "`{v}` is not a whole number: a big integer holds decimal digits, with a leading `-` if negative"
            )));
        }
        self.0.scalar(v, Some(Style::Plain), false)
    }

    not_text! {}
}

/// Writes a mapping key, which must be text.
struct KeyWriter<'c, 'a> {
    collection: &'c mut Collection<'a>,
}

impl ser::Serializer for KeyWriter<'_, '_> {
    type Ok = ();
    type Error = WriteError;
    type SerializeSeq = Impossible<(), WriteError>;
    type SerializeTuple = Impossible<(), WriteError>;
    type SerializeTupleStruct = Impossible<(), WriteError>;
    type SerializeTupleVariant = Impossible<(), WriteError>;
    type SerializeMap = Impossible<(), WriteError>;
    type SerializeStruct = Impossible<(), WriteError>;
    type SerializeStructVariant = Impossible<(), WriteError>;

    fn serialize_str(self, v: &str) -> Result<(), WriteError> {
        self.collection.key_text(v)
    }

    not_text! {}
}

fn not_text() -> WriteError {
    WriteError::Unsupported("a YAML mapping key here must be text, and a big integer decimal digits".to_owned())
}

#[cfg(test)]
mod tests;
