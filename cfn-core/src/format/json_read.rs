//! Reading a JSON text into a [`Node`] tree, in one pass and without a JSON library.
//!
//! The grammar is RFC 8259's (<https://www.rfc-editor.org/rfc/rfc8259>): objects, arrays,
//! strings with every escape (`\uXXXX` surrogate pairs joined; a lone surrogate refused, as it
//! names no character), numbers, `true`, `false`, `null`, whitespace, one value per text.
//! CloudFormation's own rules for a JSON template come on top, as the YAML readers apply them
//! ([`super::read`]): a one-key object whose key is an intrinsic's long form (`{"Fn::Sub": …}`)
//! is that intrinsic, and a key given twice in one object is refused.
//!
//! Numbers: a whole number within `i64` is [`Node::Int`]; a whole number past it is kept as its
//! digits ([`Node::BigInt`]); a fraction or an exponent is the nearest `f64` ([`Node::Float`]);
//! a number past `f64`'s range (`1e400`) is refused; `-0` is the float `-0.0`.
//!
//! The reader keeps its open lists and objects on a heap stack, not the thread's, and stops at
//! [`MAX_DEPTH`] levels, so no text overflows the stack. Errors say what is wrong and where:
//! the line counted from 1 and the column in bytes, counted from 1 at the byte that is wrong.

use super::read::{self, Refusal};
use crate::node::{Node, NodeMap};

/// The deepest nesting of lists and objects read: a text that opens one more is refused (the
/// JSON reader used before this one stopped at the same depth; templates need far fewer).
pub(crate) const MAX_DEPTH: usize = 127;

/// A JSON text that could not be read as a template value: what is wrong and where.
/// [`Display`](std::fmt::Display) gives `message at line L column C`.
#[derive(Clone, PartialEq, Eq)]
pub struct JsonError {
    line: usize,
    column: usize,
    message: String,
}

impl JsonError {
    /// The line of the error, counted from 1.
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column of the error in bytes, counted from 1 (0 when the text is empty, or when the
    /// error is at the start of a line, after a line break that ends a string or a number).
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong and how to fix it, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} at line {} column {}", super::printable(&self.message), self.line, self.column)
    }
}

impl std::fmt::Debug for JsonError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for JsonError {}

/// What is wrong with a text, in JSON's own terms.
#[derive(Debug, Clone, Copy)]
enum Syntax {
    EndInValue,
    EndInString,
    EndInList,
    EndInObject,
    ExpectedValue,
    ExpectedWord(&'static str),
    ExpectedColon,
    ExpectedListCommaOrEnd,
    ExpectedObjectCommaOrEnd,
    KeyNotString,
    TrailingComma,
    TrailingCharacters,
    TooDeep,
    InvalidNumber,
    NumberOutOfRange,
    InvalidEscape,
    ControlCharacter,
    LoneSurrogate,
    UnpairedSurrogate,
}

impl Syntax {
    fn message(self) -> String {
        match self {
            Syntax::EndInValue => "the text ends where a value was expected".to_owned(),
            Syntax::EndInString => "the text ends inside a string: close it with `\"`".to_owned(),
            Syntax::EndInList => "the text ends inside a list: close it with `]`".to_owned(),
            Syntax::EndInObject => "the text ends inside an object: close it with `}`".to_owned(),
            Syntax::ExpectedValue => {
                "expected a value (a string, a number, an object, a list, `true`, `false` or `null`)".to_owned()
            }
            Syntax::ExpectedWord(word) => format!("expected `{word}`"),
            Syntax::ExpectedColon => "expected `:` after the key".to_owned(),
            Syntax::ExpectedListCommaOrEnd => "expected `,` or `]`".to_owned(),
            Syntax::ExpectedObjectCommaOrEnd => "expected `,` or `}`".to_owned(),
            Syntax::KeyNotString => "expected a key in double quotes (JSON's keys are strings)".to_owned(),
            Syntax::TrailingComma => "a comma before the closing bracket: JSON allows none, remove it".to_owned(),
            Syntax::TrailingCharacters => {
                "text after the end of the value: a JSON text is one value, remove what follows it".to_owned()
            }
            Syntax::TooDeep => format!(
                "lists and objects nested more than {MAX_DEPTH} deep, beyond any template: flatten the document"
            ),
            Syntax::InvalidNumber => "invalid number".to_owned(),
            Syntax::NumberOutOfRange => {
                "number out of range (beyond what a 64-bit float holds): quote it to keep it as text".to_owned()
            }
            Syntax::InvalidEscape => {
                "invalid escape (JSON's are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\u with four hex digits)".to_owned()
            }
            Syntax::ControlCharacter => {
                "control character (U+0000 to U+001F) inside a string: write it as an escape (`\\n`, `\\t`, `\\u0001`)"
                    .to_owned()
            }
            Syntax::LoneSurrogate => {
                "lone surrogate in a `\\u` escape: it names no character (a pair is `\\uD800` to `\\uDBFF`, then `\\uDC00` to `\\uDFFF`)"
                    .to_owned()
            }
            Syntax::UnpairedSurrogate => {
                "a `\\u` escape from `\\uD800` to `\\uDBFF` must be followed by a second one, `\\uDC00` to `\\uDFFF` (a surrogate pair)"
                    .to_owned()
            }
        }
    }
}

/// Reads `text`, one JSON value with whitespace around it, into a node tree.
pub(crate) fn read(text: &str) -> Result<Node, JsonError> {
    Reader { bytes: text.as_bytes(), text, at: 0 }.document()
}

/// A list or an object being read.
enum Open {
    List(Vec<Node>),
    /// The object so far, and the slot of the key whose value is being read (filled with
    /// `null` until then, so that the key is hashed once).
    Object(NodeMap, usize),
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// The bytes read so far.
    at: usize,
}

impl<'t> Reader<'t> {
    fn document(&mut self) -> Result<Node, JsonError> {
        let mut open: Vec<Open> = Vec::new();
        'value: loop {
            // A value starts here.
            let Some(first) = self.skip_whitespace() else {
                return Err(self.at_next(Syntax::EndInValue));
            };
            let mut node = match first {
                b'[' | b'{' => {
                    if open.len() >= MAX_DEPTH {
                        return Err(self.at_next(Syntax::TooDeep));
                    }
                    self.at += 1;
                    if first == b'[' {
                        match self.skip_whitespace() {
                            Some(b']') => {
                                self.at += 1;
                                Node::List(Vec::new())
                            }
                            Some(_) => {
                                open.push(Open::List(Vec::new()));
                                continue 'value;
                            }
                            None => return Err(self.at_next(Syntax::EndInList)),
                        }
                    } else {
                        match self.skip_whitespace() {
                            Some(b'}') => {
                                self.at += 1;
                                Node::Map(NodeMap::new())
                            }
                            Some(b'"') => {
                                let mut map = NodeMap::new();
                                let slot = self.key(&mut map)?;
                                open.push(Open::Object(map, slot));
                                continue 'value;
                            }
                            Some(_) => return Err(self.at_next(Syntax::KeyNotString)),
                            None => return Err(self.at_next(Syntax::EndInObject)),
                        }
                    }
                }
                b'"' => {
                    self.at += 1;
                    Node::String(self.string()?)
                }
                b'n' => self.word("null", Node::Null)?,
                b't' => self.word("true", Node::Bool(true))?,
                b'f' => self.word("false", Node::Bool(false))?,
                b'-' | b'0'..=b'9' => self.number()?,
                _ => return Err(self.at_next(Syntax::ExpectedValue)),
            };
            // The value is read: hand it to the list or object it is in, and close those that
            // end after it, until one continues with another value.
            loop {
                match open.last_mut() {
                    None => {
                        if self.skip_whitespace().is_some() {
                            return Err(self.at_next(Syntax::TrailingCharacters));
                        }
                        return Ok(node);
                    }
                    Some(Open::List(items)) => {
                        items.push(node);
                        match self.skip_whitespace() {
                            Some(b',') => {
                                self.at += 1;
                                match self.skip_whitespace() {
                                    Some(b']') => return Err(self.at_next(Syntax::TrailingComma)),
                                    Some(_) => continue 'value,
                                    None => return Err(self.at_next(Syntax::EndInValue)),
                                }
                            }
                            Some(b']') => {
                                self.at += 1;
                                node = Node::List(std::mem::take(items));
                                open.pop();
                            }
                            Some(_) => return Err(self.at_next(Syntax::ExpectedListCommaOrEnd)),
                            None => return Err(self.at_next(Syntax::EndInList)),
                        }
                    }
                    Some(Open::Object(map, slot)) => {
                        if let Some((_, value)) = map.get_index_mut(*slot) {
                            *value = node;
                        }
                        match self.skip_whitespace() {
                            Some(b',') => {
                                self.at += 1;
                                match self.skip_whitespace() {
                                    Some(b'"') => {
                                        *slot = self.key(map)?;
                                        continue 'value;
                                    }
                                    Some(b'}') => return Err(self.at_next(Syntax::TrailingComma)),
                                    Some(_) => return Err(self.at_next(Syntax::KeyNotString)),
                                    None => return Err(self.at_next(Syntax::EndInValue)),
                                }
                            }
                            Some(b'}') => {
                                self.at += 1;
                                let map = std::mem::take(map);
                                open.pop();
                                node = read::finish_map(map).map_err(|r| self.refused(r))?;
                            }
                            Some(_) => return Err(self.at_next(Syntax::ExpectedObjectCommaOrEnd)),
                            None => return Err(self.at_next(Syntax::EndInObject)),
                        }
                    }
                }
            }
        }
    }

    /// Reads a key (the reader is at its quote) and the `:` after it into `map`, with `null`
    /// as its value for now; returns its slot. A key given twice is refused.
    fn key(&mut self, map: &mut NodeMap) -> Result<usize, JsonError> {
        self.at += 1;
        let key = self.string()?;
        let (slot, before) = map.insert_full(key, Node::Null);
        if before.is_some() {
            let key = map.get_index(slot).map(|(k, _)| k.as_str()).unwrap_or_default();
            let refusal = read::duplicate_key(key);
            // Placed where the object would end if it ended here, as the reader before did.
            if self.skip_whitespace() == Some(b'}') {
                self.at += 1;
            }
            return Err(self.refused(refusal));
        }
        match self.skip_whitespace() {
            Some(b':') => {
                self.at += 1;
                Ok(slot)
            }
            Some(_) => Err(self.at_next(Syntax::ExpectedColon)),
            None => Err(self.at_next(Syntax::EndInObject)),
        }
    }

    /// The next byte that is not whitespace (space, tab, line feed, carriage return), not read.
    fn skip_whitespace(&mut self) -> Option<u8> {
        while let Some(&b) = self.bytes.get(self.at) {
            if !matches!(b, b' ' | b'\n' | b'\t' | b'\r') {
                return Some(b);
            }
            self.at += 1;
        }
        None
    }

    /// The byte after the last one read, if any, read.
    fn next_byte(&mut self) -> Option<u8> {
        let b = self.bytes.get(self.at).copied();
        if b.is_some() {
            self.at += 1;
        }
        b
    }

    /// `null`, `true` or `false` (the reader is at its first letter).
    fn word(&mut self, word: &'static str, node: Node) -> Result<Node, JsonError> {
        self.at += 1;
        for &expected in &word.as_bytes()[1..] {
            match self.next_byte() {
                None => return Err(self.at_last(Syntax::EndInValue)),
                Some(b) if b != expected => return Err(self.at_last(Syntax::ExpectedWord(word))),
                Some(_) => {}
            }
        }
        Ok(node)
    }

    /// A string's text, the reader past its opening quote; leaves it past the closing one.
    fn string(&mut self) -> Result<String, JsonError> {
        let start = self.at;
        let bytes = self.bytes;
        // The plain run up to the first quote, backslash or control character.
        let plain_end =
            |from: usize| bytes[from..].iter().position(|&b| b == b'"' || b == b'\\' || b < 0x20).map(|n| from + n);
        let Some(end) = plain_end(start) else {
            self.at = self.bytes.len();
            return Err(self.at_last(Syntax::EndInString));
        };
        if self.bytes[end] == b'"' {
            self.at = end + 1;
            return Ok(self.text[start..end].to_owned());
        }
        let mut text = String::with_capacity(end - start + 16);
        let mut run_start = start;
        self.at = end;
        loop {
            let Some(end) = plain_end(self.at) else {
                self.at = self.bytes.len();
                return Err(self.at_last(Syntax::EndInString));
            };
            // Every run ends before an ASCII byte, so it is whole characters.
            text.push_str(&self.text[run_start..end]);
            self.at = end + 1;
            match self.bytes[end] {
                b'"' => return Ok(text),
                b'\\' => self.escape(&mut text)?,
                _ => return Err(self.at_last(Syntax::ControlCharacter)),
            }
            run_start = self.at;
        }
    }

    /// One escape, the reader past its backslash.
    fn escape(&mut self, text: &mut String) -> Result<(), JsonError> {
        let Some(b) = self.next_byte() else {
            return Err(self.at_last(Syntax::EndInString));
        };
        let c = match b {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => self.unicode_escape()?,
            _ => return Err(self.at_last(Syntax::InvalidEscape)),
        };
        text.push(c);
        Ok(())
    }

    /// The character of a `\u` escape, the reader past the `u`: a code point outside the
    /// surrogates, or a leading surrogate followed by a `\u` escape of a trailing one.
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let first = self.hex4()?;
        if (0xDC00..=0xDFFF).contains(&first) {
            return Err(self.at_last(Syntax::LoneSurrogate));
        }
        if !(0xD800..=0xDBFF).contains(&first) {
            return char::from_u32(first).ok_or_else(|| self.at_last(Syntax::LoneSurrogate));
        }
        for expected in [b'\\', b'u'] {
            match self.bytes.get(self.at) {
                None => return Err(self.at_last(Syntax::EndInString)),
                Some(&b) => {
                    self.at += 1;
                    if b != expected {
                        return Err(self.at_last(Syntax::UnpairedSurrogate));
                    }
                }
            }
        }
        let second = self.hex4()?;
        if !(0xDC00..=0xDFFF).contains(&second) {
            return Err(self.at_last(Syntax::LoneSurrogate));
        }
        let code = 0x1_0000 + ((first - 0xD800) << 10) + (second - 0xDC00);
        char::from_u32(code).ok_or_else(|| self.at_last(Syntax::LoneSurrogate))
    }

    /// Four hex digits.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let Some(digits) = self.bytes.get(self.at..self.at + 4) else {
            self.at = self.bytes.len();
            return Err(self.at_last(Syntax::EndInString));
        };
        self.at += 4;
        let mut value = 0;
        for &d in digits {
            let Some(digit) = (d as char).to_digit(16) else {
                return Err(self.at_last(Syntax::InvalidEscape));
            };
            value = value * 16 + digit;
        }
        Ok(value)
    }

    /// A number (the reader is at its `-` or first digit).
    fn number(&mut self) -> Result<Node, JsonError> {
        let start = self.at;
        let negative = self.bytes[start] == b'-';
        if negative {
            self.at += 1;
        }
        let digit_at = |r: &Self| r.bytes.get(r.at).is_some_and(u8::is_ascii_digit);
        let mut all_zero = true;
        match self.next_byte() {
            None => return Err(self.at_last(Syntax::EndInValue)),
            Some(b'0') => {
                if digit_at(self) {
                    return Err(self.at_next(Syntax::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => {
                all_zero = false;
                while digit_at(self) {
                    self.at += 1;
                }
            }
            Some(_) => return Err(self.at_last(Syntax::InvalidNumber)),
        }
        let mut whole = true;
        if self.bytes.get(self.at) == Some(&b'.') {
            whole = false;
            self.at += 1;
            if !digit_at(self) {
                let what = if self.at < self.bytes.len() { Syntax::InvalidNumber } else { Syntax::EndInValue };
                return Err(self.at_next(what));
            }
            while digit_at(self) {
                all_zero &= self.bytes[self.at] == b'0';
                self.at += 1;
            }
        }
        if matches!(self.bytes.get(self.at), Some(b'e' | b'E')) {
            whole = false;
            self.at += 1;
            let positive_exponent = match self.bytes.get(self.at) {
                Some(b'+') => {
                    self.at += 1;
                    true
                }
                Some(b'-') => {
                    self.at += 1;
                    false
                }
                _ => true,
            };
            match self.next_byte() {
                None => return Err(self.at_last(Syntax::EndInValue)),
                Some(b'0'..=b'9') => {}
                Some(_) => return Err(self.at_last(Syntax::InvalidNumber)),
            }
            let mut exponent = i32::from(self.bytes[self.at - 1] - b'0');
            while digit_at(self) {
                let digit = i32::from(self.bytes[self.at] - b'0');
                self.at += 1;
                match exponent.checked_mul(10).and_then(|e| e.checked_add(digit)) {
                    Some(e) => exponent = e,
                    // An exponent past 2^31 - 1: beyond any float unless it is negative or the
                    // number is zero (then the number is zero). Refused at the digit that
                    // passes it, as the reader before did.
                    None if positive_exponent && !all_zero => return Err(self.at_last(Syntax::NumberOutOfRange)),
                    None => {
                        while digit_at(self) {
                            self.at += 1;
                        }
                        break;
                    }
                }
            }
        }
        let token = &self.text[start..self.at];
        if whole {
            let digits = if negative { &token[1..] } else { token };
            if let Ok(magnitude) = digits.parse::<u64>() {
                if !negative {
                    return Ok(i64::try_from(magnitude)
                        .map(Node::Int)
                        .unwrap_or_else(|_| Node::BigInt(token.to_owned())));
                }
                if magnitude == 0 {
                    return Ok(Node::Float(-0.0));
                }
                if let Ok(i) = i64::try_from(-i128::from(magnitude)) {
                    return Ok(Node::Int(i));
                }
            }
            // Past 64 bits: kept exactly, but within the range of a float, as before.
            if token.parse::<f64>().is_ok_and(f64::is_infinite) {
                return Err(self.at_last(Syntax::NumberOutOfRange));
            }
            return Ok(Node::BigInt(token.to_owned()));
        }
        // The standard library's parsing is correctly rounded: the number writes back as it
        // was written.
        match token.parse::<f64>() {
            Ok(f) if f.is_finite() => Ok(Node::Float(f)),
            _ => Err(self.at_last(Syntax::NumberOutOfRange)),
        }
    }

    /// An error at the last byte read.
    fn at_last(&self, what: Syntax) -> JsonError {
        self.error_at(self.at, what.message())
    }

    /// An error at the next byte, not read yet.
    fn at_next(&self, what: Syntax) -> JsonError {
        self.error_at((self.at + 1).min(self.bytes.len()), what.message())
    }

    /// The node builder's refusal (a malformed intrinsic, a key given twice), at the last byte
    /// read.
    fn refused(&self, refusal: Refusal) -> JsonError {
        self.error_at(self.at, refusal.0)
    }

    /// An error whose place is the byte before `end` (`end` bytes read): its line, and its
    /// column counted from 1 (0 right after a line break).
    fn error_at(&self, end: usize, message: String) -> JsonError {
        let before = &self.bytes[..end];
        let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        let line = 1 + before[..line_start].iter().filter(|&&b| b == b'\n').count();
        JsonError { line, column: end - line_start, message }
    }
}

#[cfg(test)]
mod tests;
