//! The YAML scanner: text in, tokens out (indicators, scalars with their folding and escapes
//! done, anchors, aliases, tags, and the block structure made explicit as start and end tokens).
//!
//! It reads YAML 1.2 as the libyaml scanner serde_yaml 0.9 used does, so that a text reads to
//! the same values as before: the same simple-key rules (an implicit key is one line and at
//! most 1024 bytes), the same line breaks (LF, CR, CRLF, NEL, LS, PS), the same folding of
//! plain and quoted scalars over several lines, the same block scalar indentation and chomping,
//! and the same escapes in double quotes. The specification: <https://yaml.org/spec/1.2.2/>
//! (chapter 5 for characters, 6 for indentation and comments, 7 for flow styles and 8 for block
//! styles).

use std::collections::VecDeque;

use super::yaml_error::YamlError;

/// A place in the text: byte index, and line and column (counted from 0; a column counts
/// characters).
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Mark {
    pub(super) index: usize,
    pub(super) line: usize,
    pub(super) column: usize,
}

impl Mark {
    /// An error at this place, line and column counted from 1.
    pub(super) fn error(self, message: impl Into<String>) -> YamlError {
        YamlError::new(self.line + 1, self.column + 1, message)
    }
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

#[derive(Debug)]
pub(super) enum Kind {
    StreamStart,
    StreamEnd,
    VersionDirective(u32, u32),
    TagDirective(String, String),
    DocumentStart,
    DocumentEnd,
    BlockSequenceStart,
    BlockMappingStart,
    BlockEnd,
    FlowSequenceStart,
    FlowSequenceEnd,
    FlowMappingStart,
    FlowMappingEnd,
    BlockEntry,
    FlowEntry,
    Key,
    Value,
    Alias(String),
    Anchor(String),
    /// A tag's handle (`!`, `!!`, `!name!`, or empty for `!<…>` and a lone `!`) and suffix.
    Tag(String, String),
    Scalar(String, Style),
}

#[derive(Debug)]
pub(super) struct Token {
    pub(super) kind: Kind,
    pub(super) start: Mark,
}

/// A place where an implicit key (`key: value` without `?`) may start.
#[derive(Clone, Copy)]
struct SimpleKey {
    possible: bool,
    /// In block context at the indentation of the mapping: the `:` must follow.
    required: bool,
    token_number: usize,
    mark: Mark,
}

const NO_KEY: SimpleKey =
    SimpleKey { possible: false, required: false, token_number: 0, mark: Mark { index: 0, line: 0, column: 0 } };

/// The longest implicit key, in bytes (YAML 1.2 §7.4.2 limits it to 1024 characters; libyaml
/// counts bytes).
const MAX_SIMPLE_KEY: usize = 1024;

pub(super) struct Scanner<'t> {
    text: &'t str,
    bytes: &'t [u8],
    mark: Mark,
    tokens: VecDeque<Token>,
    tokens_parsed: usize,
    started: bool,
    ended: bool,
    indent: isize,
    indents: Vec<isize>,
    flow_level: usize,
    simple_key_allowed: bool,
    simple_keys: Vec<SimpleKey>,
}

type Scan<T> = Result<T, YamlError>;

/// The width in bytes of the UTF-8 character starting with `b`.
fn width(b: u8) -> usize {
    match b {
        0..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        _ => 4,
    }
}

fn is_alpha(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'-'
}

/// The first character YAML does not allow in a stream, if any: C0 controls but tab, line feed
/// and carriage return, DEL, C1 controls but NEL, surrogates and U+FFFE/U+FFFF (YAML 1.2 §5.1,
/// `c-printable`).
pub(super) fn first_unprintable(text: &str) -> Option<(usize, char)> {
    text.char_indices().find(|&(_, c)| {
        !matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{a0}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
    })
}

impl<'t> Scanner<'t> {
    pub(super) fn new(text: &'t str) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            mark: Mark::default(),
            tokens: VecDeque::new(),
            tokens_parsed: 0,
            started: false,
            ended: false,
            indent: -1,
            indents: Vec::new(),
            flow_level: 0,
            simple_key_allowed: false,
            simple_keys: Vec::new(),
        }
    }

    /// The next token, left in place.
    pub(super) fn peek(&mut self) -> Scan<&Token> {
        self.fetch_more()?;
        self.tokens.front().ok_or_else(|| self.mark.error("the text ends where more YAML was expected"))
    }

    /// The next token, taken.
    pub(super) fn next(&mut self) -> Scan<Token> {
        self.fetch_more()?;
        let token =
            self.tokens.pop_front().ok_or_else(|| self.mark.error("the text ends where more YAML was expected"))?;
        self.tokens_parsed += 1;
        Ok(token)
    }

    /// Gives back the token [`Scanner::next`] gave last.
    pub(super) fn unread(&mut self, token: Token) {
        self.tokens.push_front(token);
        self.tokens_parsed -= 1;
    }

    // Bytes and characters at the reading position.

    fn at(&self, k: usize) -> u8 {
        self.bytes.get(self.mark.index + k).copied().unwrap_or(0)
    }

    fn is_z(&self, k: usize) -> bool {
        self.mark.index + k >= self.bytes.len()
    }

    fn is_break(&self, k: usize) -> bool {
        match self.at(k) {
            b'\r' | b'\n' => true,
            0xc2 => self.at(k + 1) == 0x85,
            0xe2 => self.at(k + 1) == 0x80 && matches!(self.at(k + 2), 0xa8 | 0xa9),
            _ => false,
        }
    }

    fn is_blank(&self, k: usize) -> bool {
        matches!(self.at(k), b' ' | b'\t') && !self.is_z(k)
    }

    fn is_blankz(&self, k: usize) -> bool {
        self.is_z(k) || self.is_blank(k) || self.is_break(k)
    }

    fn is_bom(&self) -> bool {
        self.at(0) == 0xef && self.at(1) == 0xbb && self.at(2) == 0xbf
    }

    fn check(&self, b: u8) -> bool {
        !self.is_z(0) && self.at(0) == b
    }

    fn skip(&mut self) {
        self.mark.index += width(self.at(0));
        self.mark.column += 1;
    }

    fn skip_line(&mut self) {
        if self.at(0) == b'\r' && self.at(1) == b'\n' {
            self.mark.index += 2;
        } else if self.is_break(0) {
            self.mark.index += width(self.at(0));
        } else {
            return;
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }

    fn read(&mut self, into: &mut String) {
        let w = width(self.at(0));
        into.push_str(&self.text[self.mark.index..self.mark.index + w]);
        self.mark.index += w;
        self.mark.column += 1;
    }

    /// Reads the current character and the ordinary ones after it — up to a byte `special`
    /// names or one that may start a line break (CR, LF, and the lead bytes of NEL, LS and PS) —
    /// in one piece: most of a scalar's text is read so.
    fn read_run(&mut self, into: &mut String, special: fn(u8) -> bool) {
        let start = self.mark.index;
        self.mark.index += width(self.at(0));
        self.mark.column += 1;
        let mut i = self.mark.index;
        let mut chars = 0;
        while let Some(&b) = self.bytes.get(i) {
            if special(b) || matches!(b, b'\r' | b'\n' | 0xc2 | 0xe2) {
                break;
            }
            chars += usize::from(b & 0xc0 != 0x80);
            i += 1;
        }
        into.push_str(&self.text[start..i]);
        self.mark.index = i;
        self.mark.column += chars;
    }

    /// Skips to the end of the line (not its line break).
    fn skip_to_break(&mut self) {
        while !self.is_z(0) && !self.is_break(0) {
            let mut i = self.mark.index;
            let mut chars = 0;
            while let Some(&b) = self.bytes.get(i) {
                if matches!(b, b'\r' | b'\n' | 0xc2 | 0xe2) {
                    break;
                }
                chars += usize::from(b & 0xc0 != 0x80);
                i += 1;
            }
            self.mark.index = i;
            self.mark.column += chars;
            if !self.is_z(0) && !self.is_break(0) {
                self.skip();
            }
        }
    }

    /// Reads a line break: CR, LF, CRLF and NEL as a line feed, LS and PS as themselves.
    fn read_line(&mut self, into: &mut String) {
        match self.at(0) {
            b'\r' if self.at(1) == b'\n' => {
                into.push('\n');
                self.mark.index += 2;
            }
            b'\r' | b'\n' => {
                into.push('\n');
                self.mark.index += 1;
            }
            0xc2 if self.is_break(0) => {
                into.push('\n');
                self.mark.index += 2;
            }
            0xe2 if self.is_break(0) => {
                into.push_str(&self.text[self.mark.index..self.mark.index + 3]);
                self.mark.index += 3;
            }
            _ => return,
        }
        self.mark.column = 0;
        self.mark.line += 1;
    }

    // The token queue.

    fn fetch_more(&mut self) -> Scan<()> {
        loop {
            let mut need_more = self.tokens.is_empty();
            if !need_more {
                self.stale_simple_keys()?;
                need_more = self.simple_keys.iter().any(|key| key.possible && key.token_number == self.tokens_parsed);
            }
            if !need_more || self.ended {
                return Ok(());
            }
            self.fetch_next()?;
        }
    }

    fn push(&mut self, kind: Kind, start: Mark) {
        self.tokens.push_back(Token { kind, start });
    }

    fn fetch_next(&mut self) -> Scan<()> {
        if !self.started {
            self.started = true;
            // A byte-order mark may start the stream, and is not content (YAML 1.2 §5.2): it
            // does not count as a column. (libyaml given a string counted it, and so refused a
            // template with a mark and two top-level keys.)
            if self.is_bom() {
                self.mark.index = 3;
            }
            self.indent = -1;
            self.simple_keys.push(NO_KEY);
            self.simple_key_allowed = true;
            self.push(Kind::StreamStart, self.mark);
            return Ok(());
        }
        self.scan_to_next_token();
        self.stale_simple_keys()?;
        self.unroll_indent(self.mark.column as isize);
        if self.is_z(0) {
            return self.fetch_stream_end();
        }
        let (b, column) = (self.at(0), self.mark.column);
        if column == 0 && b == b'%' {
            return self.fetch_directive();
        }
        if column == 0 && self.is_blankz(3) {
            let three = &self.bytes[self.mark.index..(self.mark.index + 3).min(self.bytes.len())];
            if three == b"---" {
                return self.fetch_document_indicator(Kind::DocumentStart);
            }
            if three == b"..." {
                return self.fetch_document_indicator(Kind::DocumentEnd);
            }
        }
        match b {
            b'[' => return self.fetch_flow_start(Kind::FlowSequenceStart),
            b'{' => return self.fetch_flow_start(Kind::FlowMappingStart),
            b']' => return self.fetch_flow_end(Kind::FlowSequenceEnd),
            b'}' => return self.fetch_flow_end(Kind::FlowMappingEnd),
            b',' => return self.fetch_flow_entry(),
            b'-' if self.is_blankz(1) => return self.fetch_block_entry(),
            b'?' if self.flow_level > 0 || self.is_blankz(1) => return self.fetch_key(),
            b':' if self.flow_level > 0 || self.is_blankz(1) => return self.fetch_value(),
            b'*' => return self.fetch_anchor(true),
            b'&' => return self.fetch_anchor(false),
            b'!' => return self.fetch_tag(),
            b'|' if self.flow_level == 0 => return self.fetch_block_scalar(true),
            b'>' if self.flow_level == 0 => return self.fetch_block_scalar(false),
            b'\'' => return self.fetch_flow_scalar(true),
            b'"' => return self.fetch_flow_scalar(false),
            _ => {}
        }
        let indicator = self.is_blankz(0) || super::is_indicator(b);
        if !indicator
            || b == b'-' && !self.is_blank(1)
            || self.flow_level == 0 && matches!(b, b'?' | b':') && !self.is_blankz(1)
        {
            return self.fetch_plain_scalar();
        }
        let shown = self.text[self.mark.index..].chars().next().unwrap_or(' ');
        Err(self.mark.error(match shown {
            '\t' => {
                "a tab where YAML expects a value: YAML indents with spaces only; replace the tab by spaces".to_owned()
            }
            '@' | '`' => format!("`{shown}` cannot start a plain value (YAML reserves it): quote the value"),
            _ => format!("`{shown}` cannot start a value here: quote the value, or remove the character"),
        }))
    }

    fn stale_simple_keys(&mut self) -> Scan<()> {
        let mark = self.mark;
        for key in &mut self.simple_keys {
            if key.possible && (key.mark.line < mark.line || key.mark.index + MAX_SIMPLE_KEY < mark.index) {
                if key.required {
                    return Err(key.mark.error(
                        "a key without its `:` — a mapping's key and its `:` must be on one line, within 1024 bytes: add the `: `, or indent this line to continue the value above",
                    ));
                }
                key.possible = false;
            }
        }
        Ok(())
    }

    fn save_simple_key(&mut self) -> Scan<()> {
        let required = self.flow_level == 0 && self.indent == self.mark.column as isize;
        if self.simple_key_allowed {
            let key = SimpleKey {
                possible: true,
                required,
                token_number: self.tokens_parsed + self.tokens.len(),
                mark: self.mark,
            };
            self.remove_simple_key()?;
            if let Some(top) = self.simple_keys.last_mut() {
                *top = key;
            }
        }
        Ok(())
    }

    fn remove_simple_key(&mut self) -> Scan<()> {
        if let Some(key) = self.simple_keys.last_mut() {
            if key.possible && key.required {
                return Err(key.mark.error(
                    "a key without its `:` — a mapping's key and its `:` must be on one line, within 1024 bytes: add the `: `, or indent this line to continue the value above",
                ));
            }
            key.possible = false;
        }
        Ok(())
    }

    fn roll_indent(&mut self, column: usize, number: Option<usize>, kind: Kind, mark: Mark) {
        if self.flow_level > 0 {
            return;
        }
        if self.indent < column as isize {
            self.indents.push(self.indent);
            self.indent = column as isize;
            let token = Token { kind, start: mark };
            match number {
                None => self.tokens.push_back(token),
                Some(number) => self.tokens.insert((number - self.tokens_parsed).min(self.tokens.len()), token),
            }
        }
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow_level > 0 {
            return;
        }
        while self.indent > column {
            self.push(Kind::BlockEnd, self.mark);
            self.indent = self.indents.pop().unwrap_or(-1);
        }
    }

    fn scan_to_next_token(&mut self) {
        loop {
            if self.mark.column == 0 && self.is_bom() {
                self.skip();
            }
            while self.check(b' ') || (self.flow_level > 0 || !self.simple_key_allowed) && self.check(b'\t') {
                self.skip();
            }
            if self.check(b'#') {
                self.skip_to_break();
            }
            if !self.is_break(0) {
                return;
            }
            self.skip_line();
            if self.flow_level == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    fn fetch_stream_end(&mut self) -> Scan<()> {
        if self.mark.column != 0 {
            self.mark.column = 0;
            self.mark.line += 1;
        }
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        self.ended = true;
        self.push(Kind::StreamEnd, self.mark);
        Ok(())
    }

    fn fetch_document_indicator(&mut self, kind: Kind) -> Scan<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        self.skip();
        self.skip();
        self.push(kind, start);
        Ok(())
    }

    fn fetch_flow_start(&mut self, kind: Kind) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_keys.push(NO_KEY);
        self.flow_level += 1;
        self.simple_key_allowed = true;
        self.push_indicator(kind)
    }

    fn fetch_flow_end(&mut self, kind: Kind) -> Scan<()> {
        self.remove_simple_key()?;
        if self.flow_level > 0 {
            self.flow_level -= 1;
            self.simple_keys.pop();
        }
        self.simple_key_allowed = false;
        self.push_indicator(kind)
    }

    fn fetch_flow_entry(&mut self) -> Scan<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.push_indicator(Kind::FlowEntry)
    }

    fn fetch_block_entry(&mut self) -> Scan<()> {
        self.open_block("a list item (`- `)", Kind::BlockSequenceStart)?;
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        self.push_indicator(Kind::BlockEntry)
    }

    fn fetch_key(&mut self) -> Scan<()> {
        self.open_block("an explicit key (`? `)", Kind::BlockMappingStart)?;
        self.remove_simple_key()?;
        self.simple_key_allowed = self.flow_level == 0;
        self.push_indicator(Kind::Key)
    }

    /// Reads the one-character token at the mark (an indicator: `[`, `,`, `- `, `? `, `: `) and
    /// queues it.
    fn push_indicator(&mut self, kind: Kind) -> Scan<()> {
        let start = self.mark;
        self.skip();
        self.push(kind, start);
        Ok(())
    }

    /// Reads one blank or line break between the words of a flow or plain scalar: blanks after a
    /// line break are skipped (indentation), others kept until a word follows; the first break
    /// is kept apart from the ones after it, which YAML folds differently.
    fn fold_one(
        &mut self,
        leading_blanks: &mut bool,
        whitespaces: &mut String,
        leading_break: &mut String,
        trailing_breaks: &mut String,
    ) {
        if self.is_blank(0) {
            if *leading_blanks {
                self.skip();
            } else {
                self.read(whitespaces);
            }
        } else if *leading_blanks {
            self.read_line(trailing_breaks);
        } else {
            whitespaces.clear();
            self.read_line(leading_break);
            *leading_blanks = true;
        }
    }

    /// Outside flow collections, a list item or an explicit key may open a block collection at
    /// its column (`start`), but only where a new line of content could begin.
    fn open_block(&mut self, what: &str, start: Kind) -> Scan<()> {
        if self.flow_level == 0 {
            if !self.simple_key_allowed {
                return Err(self.mark.error(format!(
                    "{what} cannot start here, after a value on the same line: start it on a line of its own"
                )));
            }
            self.roll_indent(self.mark.column, None, start, self.mark);
        }
        Ok(())
    }

    fn fetch_value(&mut self) -> Scan<()> {
        let key = self.simple_keys.last().copied().unwrap_or(NO_KEY);
        if key.possible {
            let at = (key.token_number - self.tokens_parsed).min(self.tokens.len());
            self.tokens.insert(at, Token { kind: Kind::Key, start: key.mark });
            self.roll_indent(key.mark.column, Some(key.token_number), Kind::BlockMappingStart, key.mark);
            if let Some(top) = self.simple_keys.last_mut() {
                top.possible = false;
            }
            self.simple_key_allowed = false;
        } else {
            if self.flow_level == 0 {
                if !self.simple_key_allowed {
                    return Err(self.mark.error(
                        "a `: ` where no mapping can start (a value cannot be a `key: value` on the line of another key): quote the value if the `: ` is part of it, or put the mapping on the lines below, indented",
                    ));
                }
                self.roll_indent(self.mark.column, None, Kind::BlockMappingStart, self.mark);
            }
            self.simple_key_allowed = self.flow_level == 0;
        }
        self.push_indicator(Kind::Value)
    }

    fn fetch_anchor(&mut self, alias: bool) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let from = self.mark.index;
        while is_alpha(self.at(0)) && !self.is_z(0) {
            self.skip();
        }
        let name = &self.text[from..self.mark.index];
        let ends = self.is_blankz(0) || matches!(self.at(0), b'?' | b':' | b',' | b']' | b'}' | b'%' | b'@' | b'`');
        if name.is_empty() || !ends {
            let what = if alias { "an alias (`*name`)" } else { "an anchor (`&name`)" };
            return Err(start.error(format!(
                "{what} needs a name of letters, digits, `-` and `_`, followed by a space: write it so, or quote the value if the `{}` is part of it",
                if alias { '*' } else { '&' }
            )));
        }
        let name = name.to_owned();
        self.push(if alias { Kind::Alias(name) } else { Kind::Anchor(name) }, start);
        Ok(())
    }

    fn fetch_tag(&mut self) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let (handle, suffix);
        if self.at(1) == b'<' {
            // A verbatim tag: `!<tag:yaml.org,2002:str>`.
            self.skip();
            self.skip();
            suffix = self.scan_tag_uri(true, "", start)?;
            if !self.check(b'>') {
                return Err(start.error("a verbatim tag `!<…>` has no closing `>`: close it"));
            }
            self.skip();
            handle = String::new();
        } else {
            let first = self.scan_tag_handle(false, start)?;
            if first.len() > 1 && first.starts_with('!') && first.ends_with('!') {
                handle = first;
                suffix = self.scan_tag_uri(false, "", start)?;
            } else {
                let rest = self.scan_tag_uri(false, &first, start)?;
                if rest.is_empty() {
                    // A lone `!`: the non-specific tag.
                    handle = String::new();
                    suffix = "!".to_owned();
                } else {
                    handle = "!".to_owned();
                    suffix = rest;
                }
            }
        }
        if !(self.is_blankz(0) || self.flow_level > 0 && self.check(b',')) {
            return Err(start.error(
                "a tag (`!Name`) must be followed by a space or the end of the line: add a space between the tag and its value",
            ));
        }
        self.push(Kind::Tag(handle, suffix), start);
        Ok(())
    }

    /// `!`, `!!` or `!name!` — or `!name` when the name is the start of a tag's suffix.
    fn scan_tag_handle(&mut self, directive: bool, start: Mark) -> Scan<String> {
        if !self.check(b'!') {
            return Err(start.error(if directive {
                "a %TAG directive's handle must start with `!`: write it as `!`, `!!` or `!name!`"
            } else {
                "a tag must start with `!`"
            }));
        }
        let mut handle = String::from("!");
        self.skip();
        while is_alpha(self.at(0)) && !self.is_z(0) {
            self.read(&mut handle);
        }
        if self.check(b'!') {
            self.read(&mut handle);
        } else if directive && handle != "!" {
            return Err(start.error("a %TAG directive's handle must end with `!`: write it as `!`, `!!` or `!name!`"));
        }
        Ok(handle)
    }

    /// A tag's URI characters after `head` (the handle read before, less its `!`), with `%XX`
    /// escapes decoded. `verbatim`: in `!<…>` and %TAG prefixes, where `,`, `[` and `]` belong
    /// to the URI.
    fn scan_tag_uri(&mut self, verbatim: bool, head: &str, start: Mark) -> Scan<String> {
        let mut bytes: Vec<u8> = head.as_bytes().get(1..).unwrap_or_default().to_vec();
        let mut length = head.len();
        loop {
            let b = self.at(0);
            let uri = !self.is_z(0)
                && (is_alpha(b)
                    || matches!(
                        b,
                        b';' | b'/'
                            | b'?'
                            | b':'
                            | b'@'
                            | b'&'
                            | b'='
                            | b'+'
                            | b'$'
                            | b'.'
                            | b'%'
                            | b'!'
                            | b'~'
                            | b'*'
                            | b'\''
                            | b'('
                            | b')'
                    )
                    || verbatim && matches!(b, b',' | b'[' | b']'));
            if !uri {
                break;
            }
            if b == b'%' {
                self.scan_uri_escapes(&mut bytes, start)?;
            } else {
                bytes.push(b);
                self.skip();
            }
            length += 1;
        }
        if length == 0 {
            return Err(start.error("a tag has no name: write it as `!Name`, or remove the `!`"));
        }
        // A tag escaped into bytes that are not UTF-8 names no type this reader knows: it is
        // kept as a tag that is not a CloudFormation short form, as the parser before did.
        Ok(String::from_utf8(bytes).unwrap_or_else(|_| "tag:invalid-utf-8".to_owned()))
    }

    fn scan_uri_escapes(&mut self, into: &mut Vec<u8>, start: Mark) -> Scan<()> {
        let mut left = 0;
        loop {
            let hex = |b: u8| (b as char).to_digit(16);
            let (Some(high), Some(low)) = (hex(self.at(1)), hex(self.at(2))) else {
                return Err(start.error("a `%` in a tag must start an escape of two hexadecimal digits (`%21`)"));
            };
            if !self.check(b'%') {
                return Err(start.error("a tag's escaped character is cut short: complete its UTF-8 bytes (`%C3%A9`)"));
            }
            let octet = (high << 4 | low) as u8;
            if left == 0 {
                left = match octet {
                    0..=0x7f => 1,
                    0xc0..=0xdf => 2,
                    0xe0..=0xef => 3,
                    0xf0..=0xf7 => 4,
                    _ => return Err(start.error("a tag's escape does not start a UTF-8 character")),
                };
            } else if octet & 0xc0 != 0x80 {
                return Err(start.error("a tag's escape does not continue a UTF-8 character"));
            }
            into.push(octet);
            self.skip();
            self.skip();
            self.skip();
            left -= 1;
            if left == 0 {
                return Ok(());
            }
        }
    }

    fn fetch_directive(&mut self) -> Scan<()> {
        self.unroll_indent(-1);
        self.remove_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        self.skip();
        let from = self.mark.index;
        while is_alpha(self.at(0)) && !self.is_z(0) {
            self.skip();
        }
        let name = &self.text[from..self.mark.index];
        if name.is_empty() || !self.is_blankz(0) {
            return Err(start.error("a directive (`%` at the start of a line) needs a name: `%YAML 1.2`; quote a value that starts with `%`"));
        }
        let kind = match name {
            "YAML" => {
                while self.is_blank(0) {
                    self.skip();
                }
                let major = self.version_number(start)?;
                if !self.check(b'.') {
                    return Err(start.error("a %YAML directive gives the version as `1.2`"));
                }
                self.skip();
                let minor = self.version_number(start)?;
                Kind::VersionDirective(major, minor)
            }
            "TAG" => {
                while self.is_blank(0) {
                    self.skip();
                }
                let handle = self.scan_tag_handle(true, start)?;
                if !self.is_blank(0) {
                    return Err(start.error("a %TAG directive is `%TAG !handle! prefix`: put a space after the handle"));
                }
                while self.is_blank(0) {
                    self.skip();
                }
                let prefix = self.scan_tag_uri(true, "", start)?;
                if !self.is_blankz(0) {
                    return Err(start.error("a %TAG directive is `%TAG !handle! prefix`, and nothing after it"));
                }
                Kind::TagDirective(handle, prefix)
            }
            _ => {
                return Err(start.error(format!(
                    "unknown directive `%{name}`: YAML has %YAML and %TAG; quote a value that starts with `%`"
                )));
            }
        };
        while self.is_blank(0) {
            self.skip();
        }
        if self.check(b'#') {
            while !self.is_z(0) && !self.is_break(0) {
                self.skip();
            }
        }
        if !self.is_z(0) && !self.is_break(0) {
            return Err(start.error("a directive ends at the end of its line: remove what follows it"));
        }
        self.skip_line();
        self.push(kind, start);
        Ok(())
    }

    fn version_number(&mut self, start: Mark) -> Scan<u32> {
        let mut value: u32 = 0;
        let mut length = 0;
        while self.at(0).is_ascii_digit() && !self.is_z(0) {
            length += 1;
            if length > 9 {
                return Err(start.error("a %YAML directive's version number is too long: write `1.2`"));
            }
            value = value * 10 + u32::from(self.at(0) - b'0');
            self.skip();
        }
        if length == 0 {
            return Err(start.error("a %YAML directive gives the version as `1.2`"));
        }
        Ok(value)
    }

    fn fetch_block_scalar(&mut self, literal: bool) -> Scan<()> {
        self.remove_simple_key()?;
        self.simple_key_allowed = true;
        let start = self.mark;
        let (value, style) = self.scan_block_scalar(literal, start)?;
        self.push(Kind::Scalar(value, style), start);
        Ok(())
    }

    fn scan_block_scalar(&mut self, literal: bool, start: Mark) -> Scan<(String, Style)> {
        self.skip();
        // Chomping (`-` strip, `+` keep, clip by default) and an indentation indicator, in
        // either order.
        let mut chomping = 0i8;
        let mut increment = 0isize;
        let zero =
            || start.error("a block scalar's indentation indicator is 1 to 9, not 0: write `|2`, or leave it out");
        if matches!(self.at(0), b'+' | b'-') {
            chomping = if self.at(0) == b'+' { 1 } else { -1 };
            self.skip();
            if self.at(0).is_ascii_digit() {
                if self.at(0) == b'0' {
                    return Err(zero());
                }
                increment = (self.at(0) - b'0') as isize;
                self.skip();
            }
        } else if self.at(0).is_ascii_digit() {
            if self.at(0) == b'0' {
                return Err(zero());
            }
            increment = (self.at(0) - b'0') as isize;
            self.skip();
            if matches!(self.at(0), b'+' | b'-') {
                chomping = if self.at(0) == b'+' { 1 } else { -1 };
                self.skip();
            }
        }
        while self.is_blank(0) {
            self.skip();
        }
        if self.check(b'#') {
            while !self.is_z(0) && !self.is_break(0) {
                self.skip();
            }
        }
        if !self.is_z(0) && !self.is_break(0) {
            return Err(start.error(
                "a block scalar (`|` or `>`) starts on the next line: after the indicator only `+`, `-`, a digit and a comment may follow",
            ));
        }
        self.skip_line();
        let mut indent: isize = 0;
        if increment != 0 {
            indent = if self.indent >= 0 { self.indent + increment } else { increment };
        }
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start)?;
        let mut leading_blank = false;
        while self.mark.column as isize == indent && !self.is_z(0) {
            let trailing_blank = self.is_blank(0);
            if !literal && leading_break.starts_with('\n') && !leading_blank && !trailing_blank {
                if trailing_breaks.is_empty() {
                    string.push(' ');
                }
                leading_break.clear();
            } else {
                string.push_str(&leading_break);
                leading_break.clear();
            }
            string.push_str(&trailing_breaks);
            trailing_breaks.clear();
            leading_blank = self.is_blank(0);
            let from = self.mark.index;
            self.skip_to_break();
            string.push_str(&self.text[from..self.mark.index]);
            self.read_line(&mut leading_break);
            self.block_scalar_breaks(&mut indent, &mut trailing_breaks, start)?;
        }
        if chomping != -1 {
            string.push_str(&leading_break);
        }
        if chomping == 1 {
            string.push_str(&trailing_breaks);
        }
        Ok((string, if literal { Style::Literal } else { Style::Folded }))
    }

    /// The indentation and the empty lines before a block scalar's next line of content; the
    /// first content line sets the indentation when no indicator gave it.
    fn block_scalar_breaks(&mut self, indent: &mut isize, breaks: &mut String, start: Mark) -> Scan<()> {
        let mut max_indent = 0;
        loop {
            while (*indent == 0 || (self.mark.column as isize) < *indent) && self.check(b' ') {
                self.skip();
            }
            max_indent = max_indent.max(self.mark.column as isize);
            if (*indent == 0 || (self.mark.column as isize) < *indent) && self.check(b'\t') {
                return Err(self.mark.error(format!(
                    "a tab in the indentation of the block scalar that starts at line {}: YAML indents with spaces only; replace the tab by spaces",
                    start.line + 1
                )));
            }
            if !self.is_break(0) {
                break;
            }
            self.read_line(breaks);
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
        Ok(())
    }

    fn fetch_flow_scalar(&mut self, single: bool) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let value = self.scan_flow_scalar(single, start)?;
        self.push(Kind::Scalar(value, if single { Style::SingleQuoted } else { Style::DoubleQuoted }), start);
        Ok(())
    }

    fn document_indicator(&self) -> bool {
        self.mark.column == 0
            && (self.bytes[self.mark.index..].starts_with(b"---") || self.bytes[self.mark.index..].starts_with(b"..."))
            && self.is_blankz(3)
    }

    fn scan_flow_scalar(&mut self, single: bool, start: Mark) -> Scan<String> {
        let quote = if single { b'\'' } else { b'"' };
        self.skip();
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        loop {
            if self.document_indicator() {
                return Err(self.mark.error(format!(
                    "a document marker (`---` or `...`) inside the quoted value that starts at line {}: close the quote before it, or indent the line",
                    start.line + 1
                )));
            }
            if self.is_z(0) {
                return Err(start.error(format!(
                    "this quoted value has no closing {}: add it",
                    if single { "`'`" } else { "`\"`" }
                )));
            }
            let mut leading_blanks = false;
            while !self.is_blankz(0) {
                let b = self.at(0);
                if single && b == b'\'' && self.at(1) == b'\'' {
                    string.push('\'');
                    self.skip();
                    self.skip();
                } else if b == quote {
                    break;
                } else if !single && b == b'\\' && self.is_break(1) {
                    self.skip();
                    self.skip_line();
                    leading_blanks = true;
                    break;
                } else if !single && b == b'\\' {
                    self.escape(&mut string)?;
                } else if single {
                    self.read_run(&mut string, |b| matches!(b, b' ' | b'\t' | b'\''));
                } else {
                    self.read_run(&mut string, |b| matches!(b, b' ' | b'\t' | b'"' | b'\\'));
                }
            }
            if self.check(quote) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                self.fold_one(&mut leading_blanks, &mut whitespaces, &mut leading_break, &mut trailing_breaks);
            }
            fold(&mut string, leading_blanks, &mut leading_break, &mut trailing_breaks, &mut whitespaces);
        }
        self.skip();
        Ok(string)
    }

    /// One escape in a double-quoted scalar (YAML 1.2 §5.7).
    fn escape(&mut self, string: &mut String) -> Scan<()> {
        let at = self.mark;
        let code_length = match self.at(1) {
            b'0' => Some('\0'),
            b'a' => Some('\u{7}'),
            b'b' => Some('\u{8}'),
            b't' | b'\t' => Some('\t'),
            b'n' => Some('\n'),
            b'v' => Some('\u{b}'),
            b'f' => Some('\u{c}'),
            b'r' => Some('\r'),
            b'e' => Some('\u{1b}'),
            b' ' => Some(' '),
            b'"' => Some('"'),
            b'/' => Some('/'),
            b'\\' => Some('\\'),
            b'N' => Some('\u{85}'),
            b'_' => Some('\u{a0}'),
            b'L' => Some('\u{2028}'),
            b'P' => Some('\u{2029}'),
            b'x' | b'u' | b'U' => None,
            _ => {
                let shown = self.text[self.mark.index + 1..].chars().next().unwrap_or(' ');
                return Err(at.error(format!(
                    "unknown escape `\\{shown}` in double quotes: write `\\\\` for a backslash, or use single quotes, where `\\` is plain"
                )));
            }
        };
        if let Some(c) = code_length {
            string.push(c);
            self.skip();
            self.skip();
            return Ok(());
        }
        let digits = match self.at(1) {
            b'x' => 2,
            b'u' => 4,
            _ => 8,
        };
        self.skip();
        self.skip();
        let mut value: u32 = 0;
        for k in 0..digits {
            let Some(d) = (self.at(k) as char).to_digit(16).filter(|_| !self.is_z(k)) else {
                return Err(at.error(format!(
                    "the escape `\\{}` takes {digits} hexadecimal digits: write them all (`\\x41`, `\\u00e9`, `\\U0001F600`)",
                    match digits {
                        2 => 'x',
                        4 => 'u',
                        _ => 'U',
                    }
                )));
            };
            value = (value << 4) | d;
        }
        let Some(c) = char::from_u32(value) else {
            return Err(at.error(format!(
                "the escape gives U+{value:X}, which is not a Unicode character (a surrogate, or past U+10FFFF)"
            )));
        };
        string.push(c);
        for _ in 0..digits {
            self.skip();
        }
        Ok(())
    }

    fn fetch_plain_scalar(&mut self) -> Scan<()> {
        self.save_simple_key()?;
        self.simple_key_allowed = false;
        let start = self.mark;
        let (value, leading_blanks) = self.scan_plain_scalar(start)?;
        if leading_blanks {
            self.simple_key_allowed = true;
        }
        self.push(Kind::Scalar(value, Style::Plain), start);
        Ok(())
    }

    fn scan_plain_scalar(&mut self, start: Mark) -> Scan<(String, bool)> {
        let indent = self.indent + 1;
        let mut string = String::new();
        let mut leading_break = String::new();
        let mut trailing_breaks = String::new();
        let mut whitespaces = String::new();
        let mut leading_blanks = false;
        loop {
            if self.document_indicator() || self.check(b'#') {
                break;
            }
            while !self.is_blankz(0) {
                let b = self.at(0);
                if self.flow_level > 0 && b == b':' && matches!(self.at(1), b',' | b'?' | b'[' | b']' | b'{' | b'}') {
                    return Err(self.mark.error(
                        "a `:` right before `,`, `?` or a bracket in a flow collection is ambiguous: put a space after the `:`, or quote the value",
                    ));
                }
                if b == b':' && self.is_blankz(1)
                    || self.flow_level > 0 && matches!(b, b',' | b'[' | b']' | b'{' | b'}')
                {
                    break;
                }
                if leading_blanks || !whitespaces.is_empty() {
                    fold(&mut string, leading_blanks, &mut leading_break, &mut trailing_breaks, &mut whitespaces);
                    leading_blanks = false;
                }
                self.read_run(&mut string, |b| matches!(b, b' ' | b'\t' | b':' | b',' | b'[' | b']' | b'{' | b'}'));
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if leading_blanks && (self.mark.column as isize) < indent && self.check(b'\t') {
                    return Err(self.mark.error(format!(
                        "a tab in the indentation of the value that starts at line {}: YAML indents with spaces only; replace the tab by spaces",
                        start.line + 1
                    )));
                }
                self.fold_one(&mut leading_blanks, &mut whitespaces, &mut leading_break, &mut trailing_breaks);
            }
            if self.flow_level == 0 && (self.mark.column as isize) < indent {
                break;
            }
        }
        Ok((string, leading_blanks))
    }
}

/// Joins the next piece of a scalar written over several lines (YAML 1.2 §6.5, line folding):
/// one line break between two pieces is a space, more are the line breaks less one; on one
/// line, the spaces between the pieces are kept.
fn fold(
    string: &mut String,
    leading_blanks: bool,
    leading_break: &mut String,
    trailing_breaks: &mut String,
    whitespaces: &mut String,
) {
    if leading_blanks {
        if leading_break.starts_with('\n') {
            if trailing_breaks.is_empty() {
                string.push(' ');
            } else {
                string.push_str(trailing_breaks);
                trailing_breaks.clear();
            }
            leading_break.clear();
        } else {
            string.push_str(leading_break);
            string.push_str(trailing_breaks);
            leading_break.clear();
            trailing_breaks.clear();
        }
    } else {
        string.push_str(whitespaces);
        whitespaces.clear();
    }
}
