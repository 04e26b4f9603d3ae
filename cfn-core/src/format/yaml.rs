//! A one-pass reader for the YAML templates are written in: it builds the [`Node`] tree straight
//! from the text, without tokens, events or a deserializer between them.
//!
//! It reads the forms templates use — block mappings and sequences, flow `[…]` and `{…}` (with
//! `key: value` pairs in a flow sequence), plain scalars (over several lines too), single- and
//! double-quoted scalars on one line, literal (`|`) and folded (`>`) block scalars, comments,
//! CloudFormation's short-form tags (`!Ref`, `!Sub |`, `!GetAtt a.b`) — and gives up on
//! everything else: anchors and aliases, explicit keys (`? `), directives, several documents,
//! quoted scalars over several lines, tabs where YAML weighs them, carriage returns, numbers in
//! forms other than plain decimals, any text it would not read exactly as the full reader does,
//! and any error (a duplicate key, an unknown tag, a malformed intrinsic). Given up,
//! [`super::read_yaml`] reads the text again with the full reader ([`super::scan`] and
//! [`super::compose`]), which reads every YAML document, bounds what aliases expand to, and says
//! what is wrong and where by line and column. So this reader changes how fast a template is
//! read, never what it is read as or what an error says; `tests` compares the two on every form,
//! and both with serde_yaml (a dev-dependency), which read templates before them.
//!
//! The YAML 1.2 specification: <https://yaml.org/spec/1.2.2/>. How a plain scalar is resolved
//! (null, booleans, numbers, strings) follows the reader it stands in for: YAML 1.2's core
//! schema, with YAML 1.1's `yes`/`no`/`on`/`off` booleans as CloudFormation reads them
//! ([`super::read`]).

use super::read::{self, Budget, Refusal, Scalars};
use crate::node::{Function, Node, NodeMap};

/// The reader gave up: the text is read by the full reader instead.
#[derive(Debug)]
pub(super) struct GiveUp;

impl std::fmt::Display for GiveUp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not read in one pass")
    }
}

impl std::error::Error for GiveUp {}

/// What the node builder refuses (a malformed intrinsic, the budget spent), the full reader
/// refuses with its place.
impl From<Refusal> for GiveUp {
    fn from(_: Refusal) -> Self {
        GiveUp
    }
}

type Read<T> = Result<T, GiveUp>;

/// The deepest nesting read in one pass (the text's nesting was checked before, see
/// [`super::check_nesting`]; this bounds the reader's own recursion whatever it is given).
const MAX_DEPTH: usize = 200;

/// The longest implicit key the YAML parser takes (1024 characters).
const MAX_KEY: usize = 1000;

/// Reads `text` as one YAML document, or gives up (see the module's documentation).
pub(super) fn read(text: &str, budget: &Budget<'_>) -> Read<Node> {
    if !plain_text(text.as_bytes()) {
        return Err(GiveUp);
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        line_start: 0,
        budget,
        depth: 0,
        entries: Vec::new(),
        items: Vec::new(),
    };
    reader.document()
}

/// Whether `bytes` holds only characters this reader handles as the YAML parser does: no
/// control characters but tab and line feed (a carriage return, a byte-order mark, YAML's other
/// line breaks NEL, LS and PS, and the characters YAML does not allow are left to the parser).
fn plain_text(bytes: &[u8]) -> bool {
    // Most templates are printable ASCII: told in a pass the compiler vectorizes.
    if !bytes.iter().fold(false, |odd, &b| odd | !(b' '..=b'~').contains(&b) & (b != b'\n')) {
        return true;
    }
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 && b != b'\n' && b != b'\t' || b == 0x7f {
            return false;
        }
        if b >= 0xc2 {
            let next = bytes.get(i + 1).copied().unwrap_or(0);
            let third = bytes.get(i + 2).copied().unwrap_or(0);
            match (b, next, third) {
                // U+0080 to U+009F: C1 controls and NEL.
                (0xc2, 0x80..=0x9f, _) => return false,
                // U+2028 and U+2029: line and paragraph separators.
                (0xe2, 0x80, 0xa8 | 0xa9) => return false,
                // U+FEFF (byte-order mark), U+FFFE and U+FFFF.
                (0xef, 0xbb, 0xbf) | (0xef, 0xbf, 0xbe | 0xbf) => return false,
                _ => {}
            }
        }
        i += 1;
    }
    true
}

struct Reader<'t, 'b> {
    text: &'t str,
    bytes: &'t [u8],
    /// The byte read next.
    at: usize,
    /// Where the line of `at` starts.
    line_start: usize,
    budget: &'b Budget<'t>,
    depth: usize,
    /// Mapping entries and list items being read, one buffer per open collection, kept for the
    /// next: a collection is allocated once, at its size, when it is complete.
    entries: Vec<Vec<(String, Node)>>,
    items: Vec<Vec<Node>>,
}

/// How a plain scalar on one line ended.
#[derive(PartialEq)]
enum PlainEnd {
    /// At the end of the line, or at a comment.
    Line,
    /// At `: ` — the scalar is a mapping key.
    Colon,
}

impl<'t> Reader<'t, '_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn peek_at(&self, offset: usize) -> Option<u8> {
        self.bytes.get(self.at + offset).copied()
    }

    /// Whether the byte at `offset` from here is a space, a line feed or the end of the text.
    fn blank_at(&self, offset: usize) -> bool {
        matches!(self.peek_at(offset), None | Some(b' ' | b'\n'))
    }

    fn column(&self) -> usize {
        self.at - self.line_start
    }

    fn scalars(&self, tagged: bool) -> Scalars<'_, 't> {
        Scalars { budget: self.budget, tagged }
    }

    /// The mapping of `entries` (emptied, and kept for the next mapping); a key given twice is
    /// left to the full parser, which says where.
    fn mapping(&mut self, mut entries: Vec<(String, Node)>) -> Read<Node> {
        let mut map = NodeMap::with_capacity(entries.len());
        let mut duplicate = false;
        for (key, value) in entries.drain(..) {
            duplicate |= map.insert(key, value).is_some();
        }
        self.entries.push(entries);
        if duplicate {
            return Err(GiveUp);
        }
        Ok(read::finish_map(map)?)
    }

    /// The list of `items` (emptied, and kept for the next list).
    fn list(&mut self, mut items: Vec<Node>) -> Node {
        let mut list = Vec::with_capacity(items.len());
        list.append(&mut items);
        self.items.push(items);
        Node::List(list)
    }

    fn spaces(&mut self) {
        while self.peek() == Some(b' ') {
            self.at += 1;
        }
    }

    fn descend(&mut self) -> Read<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err(GiveUp) } else { Ok(()) }
    }

    /// The rest of a line after its content: spaces, an optional comment, the line break.
    fn end_line(&mut self) -> Read<()> {
        self.spaces();
        match self.peek() {
            None => Ok(()),
            Some(b'\n') => {
                self.at += 1;
                self.line_start = self.at;
                Ok(())
            }
            // A comment needs a space before it, unless it starts the line.
            Some(b'#') if self.at == self.line_start || self.bytes[self.at - 1] == b' ' => {
                self.skip_to_line_end();
                Ok(())
            }
            Some(_) => Err(GiveUp),
        }
    }

    /// Skips the rest of the line and its line break.
    fn skip_to_line_end(&mut self) {
        match self.bytes[self.at..].iter().position(|&b| b == b'\n') {
            Some(n) => {
                self.at += n + 1;
                self.line_start = self.at;
            }
            None => self.at = self.bytes.len(),
        }
    }

    /// Where a plain scalar from `start` to `end` ends once its trailing spaces are left out.
    fn trimmed_end(&self, start: usize, mut end: usize) -> usize {
        while end > start && self.bytes[end - 1] == b' ' {
            end -= 1;
        }
        end
    }

    /// From the start of a line: skips blank and comment lines, and stops at the first byte of
    /// the next line with content, giving its indentation (`None` at the end of the text). A
    /// document marker (`---`, `...`) there ends the document: given up.
    fn next_line(&mut self) -> Read<Option<usize>> {
        let indent = self.next_content()?;
        if indent == Some(0)
            && (self.bytes[self.at..].starts_with(b"---") || self.bytes[self.at..].starts_with(b"..."))
            && self.blank_at(3)
        {
            return Err(GiveUp);
        }
        Ok(indent)
    }

    /// Skips blank and comment lines to the first byte of the next line with content, giving its
    /// indentation (`None` at the end of the text), markers included.
    fn next_content(&mut self) -> Read<Option<usize>> {
        loop {
            self.spaces();
            match self.peek() {
                None => return Ok(None),
                Some(b'\n') => {
                    self.at += 1;
                    self.line_start = self.at;
                }
                Some(b'#') => self.skip_to_line_end(),
                Some(b'\t') => return Err(GiveUp),
                Some(_) => return Ok(Some(self.column())),
            }
        }
    }

    fn document(&mut self) -> Read<Node> {
        // An optional `---` first, alone on its line.
        let mut first = self.next_content()?;
        if first == Some(0) && self.bytes[self.at..].starts_with(b"---") && self.blank_at(3) {
            self.at += 3;
            self.end_line()?;
            first = self.next_line()?;
        }
        let Some(indent) = first else { return Err(GiveUp) };
        if self.peek() == Some(b'%') || indent == 0 && self.bytes[self.at..].starts_with(b"...") && self.blank_at(3) {
            return Err(GiveUp);
        }
        let (node, next) = self.block_node(-1, indent)?;
        match next {
            None => Ok(node),
            Some(_) => Err(GiveUp),
        }
    }

    /// A node in block context starting here (its first byte, at column `column`), inside a
    /// collection indented `parent` (-1 for the document). Gives the node and the indentation of
    /// the next line with content, where it leaves the reader.
    fn block_node(&mut self, parent: isize, column: usize) -> Read<(Node, Option<usize>)> {
        self.descend()?;
        let found = match self.peek() {
            Some(b'-') if self.blank_at(1) => self.block_sequence(column),
            Some(b'[' | b'{') => {
                let node = self.flow_node(parent)?;
                self.end_line()?;
                Ok((node, self.next_line()?))
            }
            Some(b'!') => self.tagged(parent, false),
            Some(b'|' | b'>') => self.block_scalar(parent, false),
            Some(b'\'' | b'"') => {
                let start = (self.at, self.line_start);
                let text = self.quoted()?;
                self.spaces();
                if self.peek() == Some(b':') && self.blank_at(1) {
                    (self.at, self.line_start) = start;
                    self.block_mapping(column)
                } else {
                    let node = self.scalars(false).string(text)?;
                    self.end_line()?;
                    Ok((node, self.next_line()?))
                }
            }
            Some(_) => {
                let start = self.at;
                let (scalar, end) = self.plain_line()?;
                if end == PlainEnd::Colon {
                    self.at = start;
                    self.block_mapping(column)
                } else {
                    self.plain_value(scalar, parent)
                }
            }
            None => Err(GiveUp),
        };
        self.depth -= 1;
        found
    }

    /// A value on the line of its key or its `- `: not a mapping or a sequence.
    fn inline_node(&mut self, parent: isize) -> Read<(Node, Option<usize>)> {
        match self.peek() {
            Some(b'-') if self.blank_at(1) => Err(GiveUp),
            Some(b'\'' | b'"') => {
                let text = self.quoted()?;
                let node = self.scalars(false).string(text)?;
                self.end_line()?;
                Ok((node, self.next_line()?))
            }
            Some(b'!') => {
                self.descend()?;
                let found = self.tagged(parent, true);
                self.depth -= 1;
                found
            }
            Some(b'[' | b'{' | b'|' | b'>') => self.block_node(parent, self.column()),
            Some(_) => {
                let (scalar, end) = self.plain_line()?;
                if end == PlainEnd::Colon {
                    return Err(GiveUp);
                }
                self.plain_value(scalar, parent)
            }
            None => Err(GiveUp),
        }
    }

    /// An untagged plain scalar in block context whose first line is `scalar`: the lines after
    /// it indented more than `parent` continue it, folded (a line break between two lines is a
    /// space; blank lines between them are line breaks).
    fn plain_value(&mut self, scalar: &'t str, parent: isize) -> Read<(Node, Option<usize>)> {
        let mut folded: Option<String> = None;
        let mut commented = self.bytes[self.at..].iter().find(|&&b| b != b' ') == Some(&b'#');
        self.end_line()?;
        while !commented && parent >= 0 && self.at < self.bytes.len() {
            // Blank lines, then a line indented more than `parent` continues the scalar; a
            // comment line, a tab or a line indented no more ends it.
            let first_line = self.at;
            let mut blanks = 0;
            let spaces = loop {
                let spaces = self.bytes[self.at..].iter().take_while(|&&b| b == b' ').count();
                if self.bytes.get(self.at + spaces) != Some(&b'\n') {
                    break spaces;
                }
                blanks += 1;
                self.at += spaces + 1;
            };
            if spaces as isize <= parent || matches!(self.bytes.get(self.at + spaces), None | Some(b'#' | b'\t')) {
                (self.at, self.line_start) = (first_line, first_line);
                break;
            }
            self.line_start = self.at;
            self.at += spaces;
            let start = self.at;
            let mut i = start;
            while i < self.bytes.len() {
                match self.bytes[i] {
                    b'\n' => break,
                    b'\t' => return Err(GiveUp),
                    b':' if matches!(self.bytes.get(i + 1), None | Some(b' ' | b'\n')) => return Err(GiveUp),
                    b'#' if self.bytes[i - 1] == b' ' => {
                        commented = true;
                        break;
                    }
                    _ => i += 1,
                }
            }
            let end = self.trimmed_end(start, i);
            let text = folded.get_or_insert_with(|| scalar.to_owned());
            if blanks == 0 {
                text.push(' ');
            }
            for _ in 0..blanks {
                text.push('\n');
            }
            text.push_str(&self.text[start..end]);
            self.at = end;
            self.end_line()?;
        }
        let node = match folded {
            // Two lines or more hold a space or a line break: always a string.
            Some(text) => self.scalars(false).string(text)?,
            None => self.plain_scalar(scalar, false)?,
        };
        Ok((node, self.next_line()?))
    }

    /// A block mapping whose keys stand at column `indent`; the reader is at its first key.
    fn block_mapping(&mut self, indent: usize) -> Read<(Node, Option<usize>)> {
        self.budget.spend_node()?;
        let mut entries = self.entries.pop().unwrap_or_default();
        loop {
            let key = self.block_key()?;
            self.budget.spend_entry(&key)?;
            self.spaces();
            let (value, next) = if matches!(self.peek(), None | Some(b'\n' | b'#')) {
                self.end_line()?;
                let next = self.next_line()?;
                match next {
                    Some(column) if column > indent => self.block_node(indent as isize, column)?,
                    // A sequence may stand at its key's indentation.
                    Some(column) if column == indent && self.peek() == Some(b'-') && self.blank_at(1) => {
                        self.block_node(indent as isize, column)?
                    }
                    _ => (self.scalars(false).null()?, next),
                }
            } else {
                self.inline_node(indent as isize)?
            };
            entries.push((key, value));
            match next {
                Some(column) if column == indent => continue,
                Some(column) if column > indent => return Err(GiveUp),
                _ => return Ok((self.mapping(entries)?, next)),
            }
        }
    }

    /// A key in a block mapping and its `:`.
    fn block_key(&mut self) -> Read<String> {
        let key = match self.peek() {
            Some(b'\'' | b'"') => {
                let key = self.quoted()?;
                self.spaces();
                key
            }
            _ => {
                let (scalar, end) = self.plain_line()?;
                if end != PlainEnd::Colon {
                    return Err(GiveUp);
                }
                let key = plain_key(scalar)?.to_owned();
                self.spaces();
                key
            }
        };
        if key.len() > MAX_KEY || self.peek() != Some(b':') || !self.blank_at(1) {
            return Err(GiveUp);
        }
        self.at += 1;
        Ok(key)
    }

    /// A block sequence whose `- ` stand at column `indent`; the reader is at the first.
    fn block_sequence(&mut self, indent: usize) -> Read<(Node, Option<usize>)> {
        self.budget.spend_node()?;
        let mut items = self.items.pop().unwrap_or_default();
        loop {
            // At `-`, followed by a blank.
            self.at += 1;
            self.spaces();
            let (item, next) = if matches!(self.peek(), None | Some(b'\n' | b'#')) {
                self.end_line()?;
                let next = self.next_line()?;
                match next {
                    Some(column) if column > indent => self.block_node(indent as isize, column)?,
                    _ => (self.scalars(false).null()?, next),
                }
            } else {
                let column = self.column();
                self.block_node(indent as isize, column)?
            };
            items.push(item);
            match next {
                Some(column) if column == indent && self.peek() == Some(b'-') && self.blank_at(1) => continue,
                Some(column) if column > indent => return Err(GiveUp),
                // A line at this indentation that is not an item ends a sequence that is a
                // mapping's value at its key's indentation; the mapping reads it.
                _ => return Ok((self.list(items), next)),
            }
        }
    }

    /// A node with a short-form tag (`!Sub …`) in block context, where the tagged value may be
    /// a mapping or sequence on the lines below. `value`: the node is a mapping's value, whose
    /// sequence may stand at the key's indentation (`parent`).
    fn tagged(&mut self, parent: isize, value: bool) -> Read<(Node, Option<usize>)> {
        let function = self.tag()?;
        self.spaces();
        let (arg, next) = match self.peek() {
            None | Some(b'\n' | b'#') => {
                self.end_line()?;
                let next = self.next_line()?;
                match next {
                    Some(column)
                        if column as isize > parent
                            || value && column as isize == parent && self.peek() == Some(b'-') && self.blank_at(1) =>
                    {
                        // A mapping or sequence below the tag (a scalar there is left to the
                        // full parser).
                        let (node, next) = self.block_node(parent, column)?;
                        if !matches!(node, Node::Map(_) | Node::List(_) | Node::Fn(..)) {
                            return Err(GiveUp);
                        }
                        (node, next)
                    }
                    _ => (self.scalars(true).null()?, next),
                }
            }
            Some(b'[' | b'{') => {
                let node = self.flow_node(parent)?;
                self.end_line()?;
                (node, self.next_line()?)
            }
            Some(b'|' | b'>') => self.block_scalar(parent, true)?,
            Some(b'\'' | b'"') => {
                let text = self.quoted()?;
                let node = self.scalars(true).string(text)?;
                self.end_line()?;
                (node, self.next_line()?)
            }
            Some(b'!' | b'&' | b'*' | b'-' | b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`') => {
                return Err(GiveUp);
            }
            Some(_) => {
                let (scalar, end) = self.plain_line()?;
                if end == PlainEnd::Colon {
                    return Err(GiveUp);
                }
                let node = self.plain_scalar(scalar, true)?;
                self.end_line()?;
                (node, self.next_line()?)
            }
        };
        Ok((read::tagged(function, arg)?, next))
    }

    /// A short-form tag (`!Ref`), followed by a space or the end of the line.
    fn tag(&mut self) -> Read<Function> {
        let start = self.at + 1;
        let mut end = start;
        while end < self.bytes.len() && self.bytes[end].is_ascii_alphanumeric() {
            end += 1;
        }
        if end == start || !matches!(self.bytes.get(end), None | Some(b' ' | b'\n')) {
            return Err(GiveUp);
        }
        let function = Function::from_yaml_tag(&self.text[start..end]).ok_or(GiveUp)?;
        self.at = end;
        Ok(function)
    }

    /// A plain scalar on this line, in block context: up to `: `, ` #` or the end of the line,
    /// without the spaces after it.
    fn plain_line(&mut self) -> Read<(&'t str, PlainEnd)> {
        match self.peek() {
            Some(b'-' | b'?' | b':') if self.blank_at(1) => return Err(GiveUp),
            Some(b'?' | b':') => return Err(GiveUp),
            Some(
                b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@'
                | b'`' | b'\t',
            ) => return Err(GiveUp),
            _ => {}
        }
        let start = self.at;
        let mut end_kind = PlainEnd::Line;
        let mut i = start;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'\n' => break,
                b'\t' => return Err(GiveUp),
                b':' if matches!(self.bytes.get(i + 1), None | Some(b' ' | b'\n')) => {
                    end_kind = PlainEnd::Colon;
                    break;
                }
                b'#' if self.bytes[i - 1] == b' ' => break,
                _ => i += 1,
            }
        }
        let end = self.trimmed_end(start, i);
        self.at = end;
        Ok((&self.text[start..end], end_kind))
    }

    /// A plain scalar resolved as the YAML parser resolves it: null, a boolean, a number or a
    /// string (and under no tag, YAML 1.1's `yes`/`no` as CloudFormation reads them). A form
    /// whose resolution is not plainly a string or a short number is left to the full parser.
    fn plain_scalar(&self, scalar: &'t str, tagged: bool) -> Read<Node> {
        let scalars = self.scalars(tagged);
        match scalar {
            "" => return Ok(scalars.null()?),
            "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE" if tagged => {
                return Err(GiveUp);
            }
            "~" | "null" | "Null" | "NULL" => return Ok(scalars.null()?),
            "true" | "True" | "TRUE" => return Ok(scalars.bool(true)?),
            "false" | "False" | "FALSE" => return Ok(scalars.bool(false)?),
            _ => {}
        }
        match number(scalar) {
            Number::NotOne => Ok(scalars.plain_str(scalar)?),
            Number::Int(i) if !tagged => Ok(scalars.int(i)?),
            Number::Float(f) if !tagged => Ok(scalars.float(f)?),
            _ => Err(GiveUp),
        }
    }

    /// A single- or double-quoted scalar on one line; the reader is at its quote.
    fn quoted(&mut self) -> Read<String> {
        let quote = self.bytes[self.at];
        self.at += 1;
        let mut text = String::new();
        loop {
            let start = self.at;
            while self.at < self.bytes.len() && !matches!(self.bytes[self.at], b'\'' | b'"' | b'\\' | b'\n') {
                self.at += 1;
            }
            text.push_str(&self.text[start..self.at]);
            match (self.peek(), quote) {
                (None | Some(b'\n'), _) => return Err(GiveUp),
                (Some(b'\''), b'\'') if self.peek_at(1) == Some(b'\'') => {
                    text.push('\'');
                    self.at += 2;
                }
                (Some(q), _) if q == quote => {
                    self.at += 1;
                    return Ok(text);
                }
                (Some(b'\\'), b'"') => {
                    self.at += 1;
                    text.push(self.escape()?);
                }
                (Some(other), _) => {
                    text.push(other as char);
                    self.at += 1;
                }
            }
        }
    }

    /// A double-quoted scalar's escape, after its backslash.
    fn escape(&mut self) -> Read<char> {
        let c = self.peek().ok_or(GiveUp)?;
        self.at += 1;
        let hex = |reader: &mut Self, digits: usize| -> Read<char> {
            let code = reader.text.get(reader.at..reader.at + digits).ok_or(GiveUp)?;
            if !code.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(GiveUp);
            }
            reader.at += digits;
            char::from_u32(u32::from_str_radix(code, 16).map_err(|_| GiveUp)?).ok_or(GiveUp)
        };
        Ok(match c {
            b'0' => '\0',
            b'a' => '\x07',
            b'b' => '\x08',
            b't' | b'\t' => '\t',
            b'n' => '\n',
            b'v' => '\x0b',
            b'f' => '\x0c',
            b'r' => '\r',
            b'e' => '\x1b',
            b' ' => ' ',
            b'"' => '"',
            b'/' => '/',
            b'\\' => '\\',
            b'N' => '\u{85}',
            b'_' => '\u{a0}',
            b'L' => '\u{2028}',
            b'P' => '\u{2029}',
            b'x' => hex(self, 2)?,
            b'u' => hex(self, 4)?,
            b'U' => hex(self, 8)?,
            _ => return Err(GiveUp),
        })
    }

    /// A literal (`|`) or folded (`>`) block scalar; the reader is at its indicator. Its lines
    /// are indented more than `parent`, as many spaces as its first line with content.
    fn block_scalar(&mut self, parent: isize, tagged: bool) -> Read<(Node, Option<usize>)> {
        if parent < 0 {
            return Err(GiveUp);
        }
        let literal = self.bytes[self.at] == b'|';
        self.at += 1;
        #[derive(PartialEq)]
        enum Chomp {
            Strip,
            Clip,
            Keep,
        }
        let chomp = match self.peek() {
            Some(b'-') => Chomp::Strip,
            Some(b'+') => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            self.at += 1;
        }
        if !self.blank_at(0) {
            // An indentation indicator, or a comment without a space before it.
            return Err(GiveUp);
        }
        self.end_line()?;
        if self.at >= self.bytes.len() {
            return Err(GiveUp);
        }
        // Blank lines before the first line with content: each is a line break; none may hold
        // more spaces than that line's indentation.
        let mut leading = 0;
        let mut widest_blank = 0;
        let indent = loop {
            let spaces = self.bytes[self.at..].iter().take_while(|&&b| b == b' ').count();
            match self.bytes.get(self.at + spaces) {
                Some(b'\n') => {
                    leading += 1;
                    widest_blank = widest_blank.max(spaces);
                    self.at += spaces + 1;
                    self.line_start = self.at;
                }
                None | Some(b'\t') => return Err(GiveUp),
                Some(_) => break spaces,
            }
        };
        if indent as isize <= parent || widest_blank > indent {
            // An empty scalar, or an indentation the parser would take otherwise.
            return Err(GiveUp);
        }
        let mut value = "\n".repeat(leading);
        // The line break after the last line with content, and the blank lines after it.
        let mut line_break = false;
        let mut breaks = 0;
        let mut previous_blank_start = false;
        let mut first = true;
        let next = loop {
            // At the start of a line with content (at least `indent` spaces, then more).
            let content_start = self.at + indent;
            let line_end = self.bytes[content_start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(self.bytes.len(), |n| content_start + n);
            let blank_start = matches!(self.bytes.get(content_start), Some(b' ' | b'\t'));
            if !first {
                if !literal && line_break && !previous_blank_start && !blank_start {
                    if breaks == 0 {
                        value.push(' ');
                    }
                } else if line_break {
                    value.push('\n');
                }
                for _ in 0..breaks {
                    value.push('\n');
                }
            }
            first = false;
            previous_blank_start = blank_start;
            value.push_str(&self.text[content_start..line_end]);
            line_break = line_end < self.bytes.len();
            breaks = 0;
            self.at = (line_end + 1).min(self.bytes.len());
            self.line_start = self.at;
            if !line_break {
                break None;
            }
            // Blank lines, up to the next line with content or the end of the scalar.
            let ended = loop {
                let spaces = self.bytes[self.at..].iter().take_while(|&&b| b == b' ').count();
                match self.bytes.get(self.at + spaces) {
                    None => {
                        self.at += spaces;
                        break true;
                    }
                    Some(b'\n') if spaces <= indent => {
                        breaks += 1;
                        self.at += spaces + 1;
                        self.line_start = self.at;
                    }
                    Some(b'\t') if spaces < indent => return Err(GiveUp),
                    Some(_) if spaces >= indent => break false,
                    Some(_) => break true,
                }
            };
            if ended {
                self.at = self.line_start;
                break self.next_line()?;
            }
        };
        match chomp {
            Chomp::Strip => {}
            Chomp::Clip => {
                if line_break {
                    value.push('\n');
                }
            }
            Chomp::Keep => {
                if line_break {
                    value.push('\n');
                }
                for _ in 0..breaks {
                    value.push('\n');
                }
            }
        }
        Ok((self.scalars(tagged).string(value)?, next))
    }

    /// Skips spaces, line breaks and comments inside a flow collection. A line inside one is
    /// indented more than the block collection around it.
    fn flow_space(&mut self, parent: isize) -> Read<()> {
        loop {
            match self.peek() {
                Some(b' ') => self.at += 1,
                Some(b'\n') => {
                    self.at += 1;
                    self.line_start = self.at;
                    self.spaces();
                    if (self.column() as isize) <= parent && !matches!(self.peek(), Some(b'\n' | b'#')) {
                        return Err(GiveUp);
                    }
                    if self.column() == 0
                        && (self.bytes[self.at..].starts_with(b"---") || self.bytes[self.at..].starts_with(b"..."))
                    {
                        return Err(GiveUp);
                    }
                }
                Some(b'#') if matches!(self.bytes.get(self.at.wrapping_sub(1)), Some(b' ' | b'\n')) => {
                    while !matches!(self.peek(), None | Some(b'\n')) {
                        self.at += 1;
                    }
                }
                Some(b'\t') => return Err(GiveUp),
                _ => return Ok(()),
            }
        }
    }

    /// A node in flow context: `[…]`, `{…}`, a quoted or plain scalar, or a tagged one.
    fn flow_node(&mut self, parent: isize) -> Read<Node> {
        self.descend()?;
        let node = match self.peek() {
            Some(b'[') => self.flow_sequence(parent),
            Some(b'{') => self.flow_mapping(parent),
            Some(b'\'' | b'"') => {
                let text = self.quoted()?;
                Ok(self.scalars(false).string(text)?)
            }
            Some(b'!') => {
                let function = self.tag()?;
                self.flow_space(parent)?;
                let arg = match self.peek() {
                    Some(b'[' | b'{') => self.flow_node(parent)?,
                    Some(b'\'' | b'"') => {
                        let text = self.quoted()?;
                        self.scalars(true).string(text)?
                    }
                    _ => {
                        let scalar = self.flow_plain()?;
                        self.plain_scalar(scalar, true)?
                    }
                };
                Ok(read::tagged(function, arg)?)
            }
            _ => {
                let scalar = self.flow_plain()?;
                self.plain_scalar(scalar, false)
            }
        };
        self.depth -= 1;
        node
    }

    fn flow_sequence(&mut self, parent: isize) -> Read<Node> {
        self.budget.spend_node()?;
        self.at += 1;
        let mut items = self.items.pop().unwrap_or_default();
        loop {
            self.flow_space(parent)?;
            if self.peek() == Some(b']') {
                self.at += 1;
                return Ok(self.list(items));
            }
            items.push(self.flow_entry(parent)?);
            self.flow_space(parent)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(self.list(items));
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// An entry of a flow sequence: a node, or a mapping of one pair written `key: value`.
    fn flow_entry(&mut self, parent: isize) -> Read<Node> {
        match self.peek() {
            Some(b'\'' | b'"') => {
                let text = self.quoted()?;
                self.spaces();
                // After a quoted key, `:` needs no space after it.
                if self.peek() == Some(b':') {
                    return self.flow_pair(text, parent);
                }
                Ok(self.scalars(false).string(text)?)
            }
            // The non-specific tag (`! "Ref"`) on a quoted scalar: the scalar as written.
            Some(b'!') if self.peek_at(1) == Some(b' ') => {
                self.at += 1;
                self.spaces();
                if !matches!(self.peek(), Some(b'\'' | b'"')) {
                    return Err(GiveUp);
                }
                let text = self.quoted()?;
                self.spaces();
                if self.peek() == Some(b':') {
                    return self.flow_pair(text, parent);
                }
                Ok(self.scalars(true).string(text)?)
            }
            Some(b'[' | b'{' | b'!') => self.flow_node(parent),
            _ => {
                let scalar = self.flow_plain()?;
                self.spaces();
                if self.peek() == Some(b':') && self.blank_at(1) {
                    return self.flow_pair(plain_key(scalar)?.to_owned(), parent);
                }
                self.plain_scalar(scalar, false)
            }
        }
    }

    /// The mapping `{key: value}` written as a flow sequence's entry; the reader is at the `:`.
    fn flow_pair(&mut self, key: String, parent: isize) -> Read<Node> {
        self.at += 1;
        if key.len() > MAX_KEY {
            return Err(GiveUp);
        }
        self.budget.spend_node()?;
        self.budget.spend_entry(&key)?;
        self.flow_space(parent)?;
        if matches!(self.peek(), Some(b',' | b']')) {
            return Err(GiveUp);
        }
        let value = self.flow_node(parent)?;
        Ok(read::finish_map(NodeMap::from_iter([(key, value)]))?)
    }

    fn flow_mapping(&mut self, parent: isize) -> Read<Node> {
        self.budget.spend_node()?;
        self.at += 1;
        let mut entries = self.entries.pop().unwrap_or_default();
        loop {
            self.flow_space(parent)?;
            if self.peek() == Some(b'}') {
                self.at += 1;
                return self.mapping(entries);
            }
            // After a quoted key, `:` needs no space after it.
            let (key, quoted) = match self.peek() {
                Some(b'\'' | b'"') => (self.quoted()?, true),
                _ => (plain_key(self.flow_plain()?)?.to_owned(), false),
            };
            self.spaces();
            if key.len() > MAX_KEY || self.peek() != Some(b':') || !quoted && !self.blank_at(1) {
                return Err(GiveUp);
            }
            self.at += 1;
            self.budget.spend_entry(&key)?;
            self.flow_space(parent)?;
            if matches!(self.peek(), Some(b',' | b'}')) {
                return Err(GiveUp);
            }
            let value = self.flow_node(parent)?;
            entries.push((key, value));
            self.flow_space(parent)?;
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return self.mapping(entries);
                }
                _ => return Err(GiveUp),
            }
        }
    }

    /// A plain scalar in flow context, on one line: up to `,`, a bracket, ` #`, `: ` or the end
    /// of the line. A `:` before `,`, `?` or a bracket is an error the full parser reports.
    fn flow_plain(&mut self) -> Read<&'t str> {
        match self.peek() {
            Some(b'-') if self.blank_at(1) => return Err(GiveUp),
            Some(
                b'[' | b']' | b'{' | b'}' | b',' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\'' | b'"' | b'%' | b'@'
                | b'`' | b'?' | b':' | b'\t',
            )
            | None => return Err(GiveUp),
            _ => {}
        }
        let start = self.at;
        let mut i = start;
        while i < self.bytes.len() {
            match self.bytes[i] {
                b'\n' | b',' | b'[' | b']' | b'{' | b'}' => break,
                b':' => match self.bytes.get(i + 1) {
                    None | Some(b' ' | b'\n') => break,
                    Some(b',' | b'?' | b'[' | b']' | b'{' | b'}') => return Err(GiveUp),
                    Some(_) => i += 1,
                },
                b'\t' => return Err(GiveUp),
                b'#' if self.bytes[i - 1] == b' ' => break,
                _ => i += 1,
            }
        }
        let end = self.trimmed_end(start, i);
        self.at = end;
        Ok(&self.text[start..end])
    }
}

/// A plain mapping key, which the YAML parser gives as it is written: one that would resolve
/// as null, a boolean or a number (other than a short whole number written plainly) is left to
/// the full parser.
fn plain_key(scalar: &str) -> Read<&str> {
    match scalar {
        "" | "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => Err(GiveUp),
        _ => match number(scalar) {
            Number::NotOne => Ok(scalar),
            // Written back by the parser's reader as the same digits.
            Number::Int(i) if i >= 0 && i.to_string() == scalar => Ok(scalar),
            _ => Err(GiveUp),
        },
    }
}

/// What a plain scalar is as a number.
enum Number {
    /// Not a number under any reading.
    NotOne,
    Int(i64),
    Float(f64),
    /// Perhaps a number, in a form left to the full parser (`0x1F`, `1e5`, `.inf`, `+1`, long).
    Other,
}

/// Reads `scalar` as YAML 1.2's core schema reads numbers, as far as it can tell plainly.
fn number(scalar: &str) -> Number {
    let bytes = scalar.as_bytes();
    let Some(&first) = bytes.first() else { return Number::NotOne };
    if !matches!(first, b'0'..=b'9' | b'+' | b'-' | b'.') {
        // Letters first (`inf`, `nan`, `e5`) never read as a finite number or a whole one.
        return Number::NotOne;
    }
    if !bytes.iter().any(u8::is_ascii_digit)
        && !matches!(
            scalar,
            ".inf"
                | ".Inf"
                | ".INF"
                | "+.inf"
                | "+.Inf"
                | "+.INF"
                | "-.inf"
                | "-.Inf"
                | "-.INF"
                | ".nan"
                | ".NaN"
                | ".NAN"
        )
    {
        // Without a digit, only YAML's infinities and not-a-number are numbers (`.`, `-`, `.x`).
        return Number::NotOne;
    }
    let unsigned = scalar.strip_prefix('-').unwrap_or(scalar).as_bytes();
    if !unsigned.is_empty() && unsigned.iter().all(u8::is_ascii_digit) {
        // Leading zeros (`0123`) make a string in YAML 1.2.
        if unsigned.len() > 1 && unsigned[0] == b'0' {
            return Number::NotOne;
        }
        if unsigned.len() <= 18 {
            return scalar.parse().map_or(Number::Other, Number::Int);
        }
        return Number::Other;
    }
    if let Some((whole, fraction)) = std::str::from_utf8(unsigned).unwrap_or("").split_once('.')
        && !whole.is_empty()
        && !fraction.is_empty()
        && whole.bytes().all(|b| b.is_ascii_digit())
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && scalar.len() <= 24
    {
        return scalar.parse().map_or(Number::Other, Number::Float);
    }
    // A number is made of digits, letters (hexadecimal digits, `e`, `inf`), `.` once and a sign
    // first or after an exponent's `e`: anything else is a string (`2010-09-09`, `10.0.0.0/16`).
    let mut dots = 0;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => {}
            b'.' => dots += 1,
            b'+' | b'-' if i == 0 || matches!(bytes[i - 1], b'e' | b'E') => {}
            _ => return Number::NotOne,
        }
    }
    if dots > 1 { Number::NotOne } else { Number::Other }
}

#[cfg(test)]
mod tests {

    use super::super::read::Budget;
    use crate::node::Node;

    use super::super::serde_read::read_yaml_with_serde as full;

    /// Whether the full reader ([`super::super::compose`]) reads `text` as serde_yaml does: the
    /// same node (compared as printed, so that NaN equals NaN), or an error for an error. The
    /// one difference allowed: serde_yaml refused two different whole numbers past 128 bits
    /// that read as the same float; this reader keeps each exactly.
    #[track_caller]
    fn agrees(text: &str) {
        let ours = super::super::compose::read(text, &Budget::for_yaml(text, false));
        match (full(text), ours) {
            (Ok(theirs), Ok(ours)) => {
                assert_eq!(format!("{ours:?}"), format!("{theirs:?}"), "read differently:\n{text:?}")
            }
            (Err(_), Err(_)) => {}
            (Err(theirs), Ok(_)) if theirs.contains("two whole numbers of over 38 digits") => {}
            (Err(theirs), Ok(ours)) => panic!("serde_yaml refused ({theirs}), we read {ours:?}:\n{text:?}"),
            (Ok(theirs), Err(ours)) => panic!("serde_yaml read {theirs:?}, we refused ({ours}):\n{text:?}"),
        }
    }

    fn one_pass(text: &str) -> Option<Node> {
        super::read(text, &Budget::for_yaml(text, false)).ok()
    }

    /// Whatever the one-pass reader reads, the full parser reads the same; returns whether it
    /// read `text`.
    fn same(text: &str) -> bool {
        agrees(text);
        match one_pass(text) {
            Some(node) => {
                assert_eq!(Ok(node), full(text), "read differently:\n{text}");
                true
            }
            None => false,
        }
    }

    #[track_caller]
    fn reads(text: &str) {
        assert!(same(text), "given up, where it should read in one pass:\n{text}");
    }

    #[track_caller]
    fn gives_up(text: &str) {
        agrees(text);
        assert!(one_pass(text).is_none(), "read in one pass, where the full parser should:\n{text}");
    }

    #[test]
    fn templates_forms_read_as_the_full_parser_reads_them() {
        reads("AWSTemplateFormatVersion: 2010-09-09\nDescription: A stack\nResources: {}\n");
        reads("---\n# a comment\nA: 1   # trailing\nB: 'x'\n\nC: \"y\" # more\n");
        reads("A:\n  B:\n    - 1\n    - two\n    -\n    - c: d\n      e: f\n  G: [a, 'b', \"c\", [d], {e: f}]\n");
        reads("A:\n- 1\n- 2\nB: 3\n");
        reads("- - a\n  - b\n- c\n");
        reads("Ref: Bucket\n");
        reads("A: {Ref: Bucket}\nB: {'Fn::GetAtt': [Db, Arn]}\nC:\n  Fn::Sub: x-${AWS::Region}\n");
        reads("A: !Ref Bucket\nB: !GetAtt Db.Endpoint.Address\nC: !Sub '${AWS::StackName}-x'\nD: !GetAZs ''\n");
        reads("A: !If [Cond, !Ref X, !Ref AWS::NoValue]\nB: !Select [0, !GetAZs '']\nC: !Join ['', [a, !Ref B]]\n");
        reads("A: !Ref\nB: !GetAZs\n");
        reads("A: !If\n  - Cond\n  - x\n  - y\nB: !Base64\n  Fn::Sub: abc\nC: !GetAZs\nD: 1\n");
        reads("A: !And\n  - !Equals [!Ref Env, prod]\n  - !Not [!Condition Other]\n");
        reads("A: arn:aws:s3:::bucket/*\nB: http://example.com/a#b\nC: a # b\nD: [arn:aws:s3:::x, 'y']\n");
        reads("A: \"tab\\there \\u00e9 \\x41 \\\" \\\\ \\/\"\nB: 'it''s'\nC: \"\"\nD: ''\n");
        reads("A: -1\nB: 0\nC: 007\nD: 1.5\nE: -0.25\nF: 10.0.0.0/16\nG: 1.2.3\nH: 12:30\nI: -\u{e9}\n");
        reads("A: ~\nB: null\nC: true\nD: False\nE:\nF: NULL\n");
        reads("A: yes\nB: No\nC: ON\nD: off\nE: 'yes'\nF: \"No\"\nG: y\nH: !Sub yes\n");
        reads("A: .\nB: -x\nC: .x\nD: +\n");
        gives_up("A: .inf\n");
        gives_up("A: -.Inf\n");
        gives_up("A: .NaN\n");
        reads("A: one\n  two\n\n  three\n\n\n     four - five [x]\nB: x\n  - y\n");
        reads("- one\n  two\n- three\n  four # c\n-\n  five\n  six\n");
        reads("A:\n  B: one\n   two\n\n  C: 1\n");
        reads("A: one\n  two   \n\n# after\nB: 1\n");
        reads("A: [a, Ref: B, 'c': d, \"e\":f, g : h]\nB: {\"a\":\"b\", 'c':1, \"d\": [x]}\n");
        reads("A: [Fn::If: [C, x, y], {Ref: B}]\n");
        reads("A: [! 'Ref': B, ! \"yes\", c, ! 'Fn::GetAtt': [x, y]]\n");
        gives_up("A: [! yes]\n");
        reads("80: http\n443: https\n\"1.0\": v\n");
        reads("A: é ü 日本\n\u{e9}: x\n");
    }

    #[test]
    fn block_scalars_read_as_the_full_parser_reads_them() {
        for indicator in ["|", "|-", "|+", ">", ">-", ">+"] {
            for body in [
                "  line one\n  line two\n",
                "  one\n\n  two\n\n\n",
                "  one\n    more indented\n  back\n",
                "\n\n  after blanks\n  x\n",
                "  a\n   \n  b\n",
                "  a\n      \n  b\n",
                "  # not a comment\n  x\n",
                "  a\n\tb\n",
                "  a\n  \tb\n  c\n",
                "  tail\n\n",
                "  no break at the end",
            ] {
                let text = format!("Key: {indicator}\n{body}");
                if body.contains('\t') {
                    same(&text)
                } else {
                    reads(&text);
                    true
                };
                let text = format!("A:\n  B: !Sub {indicator} # comment\n  {}\n  C: 1\n", body.replace('\n', "\n  "));
                same(&text);
                let text = format!("- {indicator}\n{body}- x\n");
                same(&text);
                let text = format!("Key: {indicator}\n{body}# after\nNext: 1\n");
                same(&text);
            }
        }
        reads("UserData:\n  Fn::Base64: !Sub |\n    #!/bin/bash\n    echo ${AWS::Region}\n\n    exit 0\nNext: x\n");
    }

    #[test]
    fn forms_left_to_the_full_parser() {
        gives_up("a: &x 1\nb: *x\n");
        gives_up("? a\n: b\n");
        gives_up("%YAML 1.1\n---\na: 1\n");
        gives_up("a: 1\n---\nb: 2\n");
        gives_up("a: 1\n...\n");
        gives_up("a: 'one\n  two'\n");
        gives_up("a: one\n  two: x\n");
        gives_up("a: one\n  # comment\n  two\n");
        gives_up("a: one # comment\n  two\n");
        gives_up("a: 1\r\nb: 2\r\n");
        gives_up("\u{feff}a: 1\n");
        gives_up("a:\t1\n");
        gives_up("a: 1\na: 2\n");
        gives_up("a: !Unknown x\n");
        gives_up("a: !GetAtt nodot\n");
        gives_up("a: 0x1F\nb: 1e5\nc: .inf\nd: +1\n");
        gives_up("a: 123456789012345678901234567890123456789012\n");
        gives_up("a: !!str 1\n");
        gives_up("a: b: c\n");
        reads("a: [b: c]\n");
        gives_up("a: |2\n   x\n");
        gives_up("true: x\n");
        gives_up("a:\n  - x\n y: 1\n");
        gives_up("");
    }

    use crate::format::tests::Shuffle;

    /// The YAML files of the repository and, when `CFN_LINT_FIXTURES` names them, cfn-lint's
    /// templates: each, and sixty edits of each (a character removed, doubled or replaced
    /// by one YAML gives meaning to, a line's indentation changed), read the same by both
    /// readers wherever the one-pass reader reads them.
    #[test]
    fn files_and_their_edits_read_as_the_full_parser_reads_them() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut dirs = vec![root.join("tests"), root.join("examples"), root.join("docs"), root.join("cli")];
        if let Ok(fixtures) = std::env::var("CFN_LINT_FIXTURES") {
            dirs.push(std::path::PathBuf::from(fixtures));
        }
        let mut files = Vec::new();
        while let Some(dir) = dirs.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else { continue };
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "template")
                    && let Ok(text) = std::fs::read_to_string(&path)
                {
                    files.push(text);
                }
            }
        }
        assert!(files.len() >= 10, "found {} YAML files", files.len());
        let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
        let (mut read, mut edits, mut edits_read) = (0, 0, 0);
        let specials = [":", " ", "\n", "-", "#", "'", "\"", "[", "]", "{", "}", ",", "!", "|", ">", "\t", "  "];
        for text in &files {
            if super::super::check_nesting(text).is_err() {
                continue;
            }
            read += usize::from(same(text));
            for _ in 0..60 {
                let mut edited = text.clone();
                let at = shuffle.below(edited.len());
                let Some(at) = (at..=edited.len()).find(|&i| edited.is_char_boundary(i)) else { continue };
                match shuffle.below(4) {
                    0 => {
                        if let Some(c) = edited[at..].chars().next() {
                            edited.replace_range(at..at + c.len_utf8(), "");
                        }
                    }
                    1 => edited.insert_str(at, specials[shuffle.below(specials.len())]),
                    2 => {
                        if let Some(c) = edited[at..].chars().next() {
                            edited.replace_range(at..at + c.len_utf8(), specials[shuffle.below(specials.len())]);
                        }
                    }
                    _ => {
                        let line = edited[..at].rfind('\n').map_or(0, |i| i + 1);
                        if shuffle.below(2) == 0 {
                            edited.insert(line, ' ');
                        } else if edited[line..].starts_with(' ') {
                            edited.remove(line);
                        }
                    }
                }
                edits += 1;
                edits_read += usize::from(same(&edited));
            }
        }
        println!("{read} of {} files and {edits_read} of {edits} edits read in one pass", files.len());
        assert!(read * 2 > files.len(), "only {read} of {} files read in one pass", files.len());
    }
}
