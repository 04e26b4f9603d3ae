//! The YAML parser: tokens from [`super::scan`] in, one [`Node`] tree out — every YAML 1.2 form,
//! for the texts the one-pass reader ([`super::yaml`]) leaves to it.
//!
//! The grammar follows the YAML 1.2 specification (<https://yaml.org/spec/1.2.2/>, chapters 6
//! to 9) as libyaml's parser, which serde_yaml 0.9 used, reads it; values are resolved as serde_yaml
//! resolved them for the template reader before ([`super::read`]): YAML 1.2's core schema
//! (`null`, `true`, whole numbers in decimal, `0x`, `0o` and `0b`, floats with `.inf` and
//! `.nan`), YAML 1.1's `yes`/`no`/`on`/`off` booleans as CloudFormation reads them, the core
//! tags `!!str`, `!!int`, `!!float`, `!!bool` and `!!null`, and CloudFormation's short-form
//! tags (`!Ref`, `!Sub`, …) as intrinsics.
//!
//! Aliases (`*name`) repeat the node their anchor (`&name`) names. What they expand to is
//! counted against the reader's [`Budget`] (values and bytes) before it is copied, so a "billion
//! laughs" document is refused in bounded time and memory; as before, aliases may not repeat
//! more than 100 values per value written, and lists and mappings nest at most 128 deep,
//! aliases included.

use std::collections::HashMap;

use super::read::{self, Budget};
use super::scan::{Kind, Mark, Scanner, Style, Token};
use super::yaml_error::YamlError;
use crate::node::{Function, Node, NodeMap};

type Parse<T> = Result<T, YamlError>;

/// How deep lists and mappings nest, at most (as serde_yaml read them).
const MAX_DEPTH: usize = 128;

/// How many values aliases may repeat per value written (event) in the text (as serde_yaml
/// read them).
const MAX_REPEATS_PER_EVENT: usize = 100;

/// The core schema's tags, as `!!` expands them (<https://yaml.org/spec/1.2.2/#1032-tag-resolution>).
const TAG_BOOL: &str = "tag:yaml.org,2002:bool";
const TAG_INT: &str = "tag:yaml.org,2002:int";
const TAG_FLOAT: &str = "tag:yaml.org,2002:float";
const TAG_NULL: &str = "tag:yaml.org,2002:null";
const TAG_STR: &str = "tag:yaml.org,2002:str";

/// Reads `text` as one YAML document.
pub(super) fn read(text: &str, budget: &Budget<'_>) -> Parse<Node> {
    if let Some((index, c)) = super::scan::first_unprintable(text) {
        let line = text[..index].bytes().filter(|&b| b == b'\n').count() + 1;
        let column = text[..index].rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        return Err(YamlError::new(
            line,
            column,
            format!(
                "the control character U+{:04X} is not allowed in YAML: remove it, or write it as an escape in double quotes (`\"\\x{:02X}\"`)",
                c as u32, c as u32
            ),
        ));
    }
    let mut composer = Composer {
        scan: Scanner::new(text),
        budget,
        anchors: HashMap::new(),
        anchored: Vec::new(),
        tags: Vec::new(),
        depth: 0,
        events: 0,
        jumps: 0,
        copies: (0, 0),
    };
    composer.stream()
}

/// A scalar as written: read again for each alias that repeats it, as a key or as a value.
#[derive(Clone)]
struct Scalar {
    value: String,
    style: Style,
    /// The resolved tag (`!Ref`, `tag:yaml.org,2002:str`).
    tag: Option<String>,
    mark: Mark,
}

/// A node whose anchor an alias may name.
enum Anchored {
    /// A list or mapping being read: an alias to it would make it contain itself.
    Open,
    Scalar(Scalar),
    Collection {
        node: Node,
        /// What building it cost.
        values: usize,
        bytes: usize,
        /// How deep its lists and mappings nest.
        height: usize,
        /// The aliases repeated inside it (each with those inside what it names).
        jumps: usize,
    },
}

/// A node parsed, before it is taken as a key or a value.
enum Parsed {
    Scalar(Scalar),
    /// A list or mapping, and how deep it nests.
    Built(Node, usize),
    /// An alias to a list or mapping (an index of `anchored`), and where it is.
    Alias(usize, Mark),
}

struct Composer<'t, 'b> {
    scan: Scanner<'t>,
    budget: &'b Budget<'t>,
    anchors: HashMap<String, usize>,
    anchored: Vec<Anchored>,
    /// The document's %TAG directives, then the default handles.
    tags: Vec<(String, String)>,
    depth: usize,
    /// The values written (scalars, aliases, list and mapping starts and ends).
    events: usize,
    /// The aliases repeated, with those inside what they repeat.
    jumps: usize,
    /// The values and bytes spent on the copies kept for aliases.
    copies: (usize, usize),
}

/// Where a list or mapping began: the budget spent (values, bytes), the aliases repeated and
/// the copies kept before it.
type Begun = (usize, usize, usize, (usize, usize));

fn is(token: &Token, kinds: &[fn(&Kind) -> bool]) -> bool {
    kinds.iter().any(|k| k(&token.kind))
}

fn key_token(k: &Kind) -> bool {
    matches!(k, Kind::Key)
}
fn value_token(k: &Kind) -> bool {
    matches!(k, Kind::Value)
}
fn block_end(k: &Kind) -> bool {
    matches!(k, Kind::BlockEnd)
}
fn block_entry(k: &Kind) -> bool {
    matches!(k, Kind::BlockEntry)
}
fn flow_entry(k: &Kind) -> bool {
    matches!(k, Kind::FlowEntry)
}
fn flow_sequence_end(k: &Kind) -> bool {
    matches!(k, Kind::FlowSequenceEnd)
}
fn flow_mapping_end(k: &Kind) -> bool {
    matches!(k, Kind::FlowMappingEnd)
}
fn document_boundary(k: &Kind) -> bool {
    matches!(
        k,
        Kind::VersionDirective(..) | Kind::TagDirective(..) | Kind::DocumentStart | Kind::DocumentEnd | Kind::StreamEnd
    )
}

/// What a token is, in words, for messages.
fn described(kind: &Kind) -> &'static str {
    match kind {
        Kind::StreamStart | Kind::StreamEnd => "the end of the text",
        Kind::VersionDirective(..) | Kind::TagDirective(..) => "a directive",
        Kind::DocumentStart => "a document start `---`",
        Kind::DocumentEnd => "a document end `...`",
        Kind::BlockSequenceStart | Kind::BlockEntry => "a list item `- `",
        Kind::BlockMappingStart | Kind::Key => "a mapping key",
        Kind::BlockEnd => "a line indented less",
        Kind::FlowSequenceStart => "`[`",
        Kind::FlowSequenceEnd => "`]`",
        Kind::FlowMappingStart => "`{`",
        Kind::FlowMappingEnd => "`}`",
        Kind::FlowEntry => "`,`",
        Kind::Value => "`:`",
        Kind::Alias(_) => "an alias `*name`",
        Kind::Anchor(_) => "an anchor `&name`",
        Kind::Tag(..) => "a tag",
        Kind::Scalar(..) => "a value",
    }
}

impl<'t> Composer<'t, '_> {
    fn peek(&mut self) -> Parse<&Token> {
        self.scan.peek()
    }

    fn peek_is(&mut self, kinds: &[fn(&Kind) -> bool]) -> Parse<bool> {
        Ok(is(self.scan.peek()?, kinds))
    }

    fn stream(&mut self) -> Parse<Node> {
        self.scan.next()?; // the stream start
        let first = &self.scan.peek()?.kind;
        let explicit = document_boundary(first) && !matches!(first, Kind::DocumentEnd);
        let empty = matches!(first, Kind::StreamEnd);
        let node = if !explicit {
            self.directives()?;
            let parsed = self.node(true, false)?;
            self.value(parsed)?.0
        } else if empty {
            // No document at all: null, as an empty document.
            self.budget.spend_node()?;
            return Ok(Node::Null);
        } else {
            self.directives()?;
            let token = self.scan.next()?;
            if !matches!(token.kind, Kind::DocumentStart) {
                return Err(token.start.error(format!(
                    "found {} where the document start `---` should follow the directives: add `---` on a line of its own",
                    described(&token.kind)
                )));
            }
            if self.peek_is(&[document_boundary])? {
                self.events += 1;
                let mark = self.peek()?.start;
                self.value(Parsed::Scalar(Scalar { value: String::new(), style: Style::Plain, tag: None, mark }))?.0
            } else {
                let parsed = self.node(true, false)?;
                self.value(parsed)?.0
            }
        };
        // The end of the document, then of the text: any other document is refused.
        while matches!(self.peek()?.kind, Kind::DocumentEnd) {
            self.scan.next()?;
        }
        let token = self.scan.next()?;
        match token.kind {
            Kind::StreamEnd => {}
            Kind::DocumentStart | Kind::VersionDirective(..) | Kind::TagDirective(..) => {
                return Err(token.start.error(
                    "several YAML documents in one text; a template is one document: remove the `---` and what follows it, or put each template in a file of its own",
                ));
            }
            kind => {
                return Err(token.start.error(format!(
                    "found {} after the document's value ended: indent it under a key, or remove it",
                    described(&kind)
                )));
            }
        }
        if self.jumps > self.events.saturating_mul(MAX_REPEATS_PER_EVENT) {
            return Err(YamlError::new(
                0,
                0,
                format!(
                    "the document's aliases (`*name`) repeat values {} times, more than {MAX_REPEATS_PER_EVENT} times per value written: write the repeated values out, or use fewer aliases",
                    self.jumps
                ),
            ));
        }
        Ok(node)
    }

    /// The document's %YAML and %TAG directives, and the default tag handles.
    fn directives(&mut self) -> Parse<()> {
        self.tags.clear();
        let mut version = false;
        loop {
            let token = self.scan.peek()?;
            match &token.kind {
                Kind::VersionDirective(major, minor) => {
                    let (major, minor, mark) = (*major, *minor, token.start);
                    if version {
                        return Err(mark.error("a second %YAML directive: keep one"));
                    }
                    if major != 1 || (minor != 1 && minor != 2) {
                        return Err(mark.error(format!(
                            "YAML {major}.{minor} is not read: this reader reads YAML 1.1 and 1.2; write `%YAML 1.2`, or remove the directive"
                        )));
                    }
                    version = true;
                }
                Kind::TagDirective(handle, prefix) => {
                    if self.tags.iter().any(|(h, _)| h == handle) {
                        return Err(token.start.error(format!("a second %TAG directive for `{handle}`: keep one")));
                    }
                    self.tags.push((handle.clone(), prefix.clone()));
                }
                _ => break,
            }
            self.scan.next()?;
        }
        for (handle, prefix) in [("!", "!"), ("!!", "tag:yaml.org,2002:")] {
            if !self.tags.iter().any(|(h, _)| h == handle) {
                self.tags.push((handle.to_owned(), prefix.to_owned()));
            }
        }
        Ok(())
    }

    /// A node: an alias, or a scalar, list or mapping with an optional anchor and tag.
    /// `block`: a block list or mapping may start here; `indentless`: a list whose `- ` items
    /// are not indented under their key may start here.
    fn node(&mut self, block: bool, indentless: bool) -> Parse<Parsed> {
        let token = self.scan.next()?;
        let start = token.start;
        if let Kind::Alias(name) = token.kind {
            return self.alias(&name, start);
        }
        let (mut anchor, mut tag) = (None, None);
        let mut token = token;
        for _ in 0..2 {
            match token.kind {
                Kind::Anchor(name) if anchor.is_none() => anchor = Some(name),
                Kind::Tag(handle, suffix) if tag.is_none() => tag = Some((handle, suffix, token.start)),
                kind => {
                    token = Token { kind, start: token.start };
                    break;
                }
            }
            token = self.scan.next()?;
        }
        let tag = match tag {
            None => None,
            Some((handle, suffix, _)) if handle.is_empty() => Some(suffix),
            Some((handle, suffix, mark)) => match self.tags.iter().find(|(h, _)| *h == handle) {
                Some((_, prefix)) => Some(format!("{prefix}{suffix}")),
                None => {
                    return Err(mark.error(format!(
                        "the tag handle `{handle}` is not declared: declare it with `%TAG {handle} prefix` before `---`, or write the tag as `!Name`"
                    )));
                }
            },
        };
        let slot = anchor.map(|name| {
            self.anchored.push(Anchored::Open);
            let slot = self.anchored.len() - 1;
            self.anchors.insert(name, slot);
            slot
        });
        let mark = token.start;
        let parsed = match token.kind {
            Kind::BlockEntry if indentless => {
                let begun = self.begin_collection(mark)?;
                let items = self.indentless_sequence(token)?;
                self.end_collection(begun, slot, tag, Node::List(items.0), items.1, mark)?
            }
            Kind::Scalar(value, style) => {
                self.events += 1;
                Parsed::Scalar(Scalar { value, style, tag, mark: start })
            }
            Kind::FlowSequenceStart => {
                let begun = self.begin_collection(mark)?;
                let (items, height) = self.flow_sequence(mark)?;
                self.end_collection(begun, slot, tag, Node::List(items), height, mark)?
            }
            Kind::FlowMappingStart => {
                let begun = self.begin_collection(mark)?;
                let (map, height) = self.flow_mapping(mark)?;
                let node =
                    read::finish_map(map).map_err(|e| YamlError::from(e).or_at(mark.line + 1, mark.column + 1))?;
                self.end_collection(begun, slot, tag, node, height, mark)?
            }
            Kind::BlockSequenceStart if block => {
                let begun = self.begin_collection(mark)?;
                let (items, height) = self.block_sequence(mark)?;
                self.end_collection(begun, slot, tag, Node::List(items), height, mark)?
            }
            Kind::BlockMappingStart if block => {
                let begun = self.begin_collection(mark)?;
                let (map, height) = self.block_mapping(mark)?;
                let node =
                    read::finish_map(map).map_err(|e| YamlError::from(e).or_at(mark.line + 1, mark.column + 1))?;
                self.end_collection(begun, slot, tag, node, height, mark)?
            }
            kind if slot.is_some() || tag.is_some() => {
                // An anchor or tag on nothing: an empty scalar (`!GetAZs` alone, `key: !Ref`).
                self.scan.unread(Token { kind, start: mark });
                self.events += 1;
                Parsed::Scalar(Scalar { value: String::new(), style: Style::Plain, tag, mark: start })
            }
            kind => {
                return Err(mark.error(format!(
                    "found {} where a value was expected: write the value (or `null`), or quote it if it starts with an indicator",
                    described(&kind)
                )));
            }
        };
        if let (Some(slot), Parsed::Scalar(scalar)) = (slot, &parsed) {
            self.anchored[slot] = Anchored::Scalar(scalar.clone());
        }
        Ok(parsed)
    }

    fn alias(&mut self, name: &str, mark: Mark) -> Parse<Parsed> {
        self.events += 1;
        self.jumps = self.jumps.saturating_add(1);
        let Some(&slot) = self.anchors.get(name) else {
            return Err(mark.error(format!(
                "the alias `*{name}` names no anchor before it: mark the value it repeats with `&{name}` above, or write the value out"
            )));
        };
        match &self.anchored[slot] {
            Anchored::Open => Err(mark.error(format!(
                "the alias `*{name}` is inside the list or mapping its anchor `&{name}` marks, which would contain itself without end: write the value out"
            ))),
            Anchored::Scalar(scalar) => Ok(Parsed::Scalar(Scalar { mark, ..scalar.clone() })),
            Anchored::Collection { jumps, .. } => {
                self.jumps = self.jumps.saturating_add(*jumps);
                Ok(Parsed::Alias(slot, mark))
            }
        }
    }

    /// Enters a list or mapping: (the budget spent and the aliases repeated before it).
    fn begin_collection(&mut self, mark: Mark) -> Parse<Begun> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(mark.error(format!(
                "lists and mappings nest more than {MAX_DEPTH} deep here: no template nests so deep; flatten the document"
            )));
        }
        self.events += 2;
        let (values, bytes) = self.budget.spent();
        self.budget.spend_node().map_err(|e| YamlError::from(e).or_at(mark.line + 1, mark.column + 1))?;
        Ok((values, bytes, self.jumps, self.copies))
    }

    /// Leaves a list or mapping: applies its tag, and records it for the aliases to its anchor.
    fn end_collection(
        &mut self,
        (values, bytes, jumps, copies): Begun,
        slot: Option<usize>,
        tag: Option<String>,
        node: Node,
        height: usize,
        mark: Mark,
    ) -> Parse<Parsed> {
        self.depth -= 1;
        let node = match tag.as_deref().and_then(short_form) {
            Some(name) => apply_tag(name, node).map_err(|e| e.or_at(mark.line + 1, mark.column + 1))?,
            None => node,
        };
        let height = height + 1;
        if let Some(slot) = slot {
            // What the node cost, less the copies kept for anchors inside it (an alias to it
            // does not copy those).
            let (now_values, now_bytes) = self.budget.spent();
            let (values, bytes) =
                (now_values - values - (self.copies.0 - copies.0), now_bytes - bytes - (self.copies.1 - copies.1));
            // The copy kept for the aliases costs what the node did: anchors nested over a long
            // list keep no more copies than the budget allows.
            self.budget
                .spend_again(values, bytes)
                .map_err(|e| YamlError::from(e).or_at(mark.line + 1, mark.column + 1))?;
            self.copies = (self.copies.0 + values, self.copies.1 + bytes);
            self.anchored[slot] =
                Anchored::Collection { node: node.clone(), values, bytes, height, jumps: self.jumps - jumps };
        }
        Ok(Parsed::Built(node, height))
    }

    /// A parsed node as a value, and how deep it nests.
    fn value(&mut self, parsed: Parsed) -> Parse<(Node, usize)> {
        match parsed {
            Parsed::Scalar(scalar) => {
                let mark = scalar.mark;
                let node = scalar_value(scalar, self.budget).map_err(|e| e.or_at(mark.line + 1, mark.column + 1))?;
                Ok((node, 0))
            }
            Parsed::Built(node, height) => Ok((node, height)),
            Parsed::Alias(slot, mark) => {
                let Anchored::Collection { node, values, bytes, height, .. } = &self.anchored[slot] else {
                    return Err(mark.error("an alias to a value not read"));
                };
                if self.depth + height > MAX_DEPTH {
                    return Err(mark.error(format!(
                        "this alias repeats lists and mappings that nest, here, more than {MAX_DEPTH} deep: no template nests so deep; write the value out flatter"
                    )));
                }
                self.budget
                    .spend_again(*values, *bytes)
                    .map_err(|e| YamlError::from(e).or_at(mark.line + 1, mark.column + 1))?;
                Ok((node.clone(), *height))
            }
        }
    }

    /// A parsed node as a mapping key.
    fn key(&self, parsed: Parsed) -> Parse<String> {
        match parsed {
            Parsed::Scalar(scalar) => {
                let mark = scalar.mark;
                scalar_key(scalar).map_err(|message| mark.error(message))
            }
            Parsed::Built(node, _) => Err(YamlError::new(
                0,
                0,
                format!(
                    "a mapping key is a {}: CloudFormation's keys are names; quote the key if it is one",
                    if matches!(node, Node::List(_)) { "list" } else { "mapping" }
                ),
            )),
            Parsed::Alias(_, mark) => Err(mark.error(
                "a mapping key is an alias to a list or mapping: CloudFormation's keys are names; write the key out",
            )),
        }
    }

    /// A key and its value, into `map`.
    fn entry(
        &mut self,
        map: &mut NodeMap,
        key: Parsed,
        value: Option<Parsed>,
        at: Mark,
        height: &mut usize,
    ) -> Parse<()> {
        let key_mark = match &key {
            Parsed::Scalar(s) => s.mark,
            Parsed::Alias(_, mark) => *mark,
            Parsed::Built(..) => at,
        };
        let name = self.key(key).map_err(|e| e.or_at(key_mark.line + 1, key_mark.column + 1))?;
        self.budget.spend_entry(&name).map_err(|e| YamlError::from(e).or_at(key_mark.line + 1, key_mark.column + 1))?;
        if map.contains_key(&name) {
            return Err(key_mark.error(format!(
                "duplicate key `{name}` in this mapping; a key may appear once (CloudFormation refuses the template): remove or rename one of them"
            )));
        }
        let value = match value {
            Some(parsed) => parsed,
            None => {
                self.events += 1;
                Parsed::Scalar(Scalar { value: String::new(), style: Style::Plain, tag: None, mark: at })
            }
        };
        let (node, h) = self.value(value)?;
        *height = (*height).max(h);
        map.insert(name, node);
        Ok(())
    }

    fn empty(&mut self, mark: Mark) -> Parsed {
        self.events += 1;
        Parsed::Scalar(Scalar { value: String::new(), style: Style::Plain, tag: None, mark })
    }

    fn item(&mut self, items: &mut Vec<Node>, parsed: Parsed, height: &mut usize) -> Parse<()> {
        let (node, h) = self.value(parsed)?;
        *height = (*height).max(h);
        items.push(node);
        Ok(())
    }

    fn block_sequence(&mut self, start: Mark) -> Parse<(Vec<Node>, usize)> {
        let (mut items, mut height) = (Vec::new(), 0);
        loop {
            let token = self.scan.next()?;
            match token.kind {
                Kind::BlockEntry => {
                    let parsed = if self.peek_is(&[block_entry, block_end])? {
                        self.empty(token.start)
                    } else {
                        self.node(true, false)?
                    };
                    self.item(&mut items, parsed, &mut height)?;
                }
                Kind::BlockEnd => return Ok((items, height)),
                kind => {
                    return Err(token.start.error(format!(
                        "found {} in the list that starts at line {}, where a `- ` item or a line indented less was expected: check the indentation",
                        described(&kind),
                        start.line + 1
                    )));
                }
            }
        }
    }

    /// A list whose `- ` items stand at the indentation of the key they belong to.
    fn indentless_sequence(&mut self, first: Token) -> Parse<(Vec<Node>, usize)> {
        let (mut items, mut height) = (Vec::new(), 0);
        let mut entry = Some(first);
        loop {
            let token = match entry.take() {
                Some(token) => token,
                None if self.peek_is(&[block_entry])? => self.scan.next()?,
                None => return Ok((items, height)),
            };
            let parsed = if self.peek_is(&[block_entry, key_token, value_token, block_end])? {
                self.empty(token.start)
            } else {
                self.node(true, false)?
            };
            self.item(&mut items, parsed, &mut height)?;
        }
    }

    fn block_mapping(&mut self, start: Mark) -> Parse<(NodeMap, usize)> {
        let (mut map, mut height) = (NodeMap::new(), 0);
        loop {
            let token = self.scan.next()?;
            match token.kind {
                Kind::Key => {
                    let key = if self.peek_is(&[key_token, value_token, block_end])? {
                        self.empty(token.start)
                    } else {
                        self.node(true, true)?
                    };
                    let value = if self.peek_is(&[value_token])? {
                        let colon = self.scan.next()?;
                        Some(if self.peek_is(&[key_token, value_token, block_end])? {
                            self.empty(colon.start)
                        } else {
                            self.node(true, true)?
                        })
                    } else {
                        None
                    };
                    self.entry(&mut map, key, value, token.start, &mut height)?;
                }
                Kind::BlockEnd => return Ok((map, height)),
                kind => {
                    return Err(token.start.error(format!(
                        "found {} in the mapping that starts at line {}, where a `key: value` was expected: check the indentation, or quote a value that holds `: ` or starts with an indicator",
                        described(&kind),
                        start.line + 1
                    )));
                }
            }
        }
    }

    fn flow_sequence(&mut self, start: Mark) -> Parse<(Vec<Node>, usize)> {
        let (mut items, mut height) = (Vec::new(), 0);
        let mut first = true;
        loop {
            if self.peek_is(&[flow_sequence_end])? {
                self.scan.next()?;
                return Ok((items, height));
            }
            if !first {
                let token = self.scan.next()?;
                if !matches!(token.kind, Kind::FlowEntry) {
                    return Err(token.start.error(format!(
                        "found {} in the list `[` that starts at line {}, column {}, where `,` or `]` was expected: separate items with `,`, close the list with `]`, or quote an item that holds `[`, `]`, `,` or `: `",
                        described(&token.kind),
                        start.line + 1,
                        start.column + 1
                    )));
                }
                if self.peek_is(&[flow_sequence_end])? {
                    continue;
                }
            }
            first = false;
            if self.peek_is(&[key_token])? {
                // `[key: value]`: a mapping of one pair.
                let at = self.scan.next()?.start;
                let (node, h) = self.flow_pair(at)?;
                height = height.max(h);
                items.push(node);
            } else {
                let parsed = self.node(false, false)?;
                self.item(&mut items, parsed, &mut height)?;
            }
        }
    }

    /// A mapping of one pair in a flow list (`[key: value]`), from after its key's start, and
    /// how deep it nests.
    fn flow_pair(&mut self, at: Mark) -> Parse<(Node, usize)> {
        self.begin_collection(at)?;
        let key = if self.peek_is(&[value_token, flow_entry, flow_sequence_end])? {
            // As libyaml reads it: with no key, the token after the `?` is taken too.
            let taken = self.scan.next()?;
            self.empty(taken.start)
        } else {
            self.node(false, false)?
        };
        let value = if self.peek_is(&[value_token])? {
            self.scan.next()?;
            Some(if self.peek_is(&[flow_entry, flow_sequence_end])? {
                let mark = self.peek()?.start;
                self.empty(mark)
            } else {
                self.node(false, false)?
            })
        } else {
            None
        };
        let mut map = NodeMap::new();
        let mut height = 0;
        self.entry(&mut map, key, value, at, &mut height)?;
        self.depth -= 1;
        let node = read::finish_map(map).map_err(|e| YamlError::from(e).or_at(at.line + 1, at.column + 1))?;
        Ok((node, height + 1))
    }

    fn flow_mapping(&mut self, start: Mark) -> Parse<(NodeMap, usize)> {
        let (mut map, mut height) = (NodeMap::new(), 0);
        let mut first = true;
        loop {
            if self.peek_is(&[flow_mapping_end])? {
                self.scan.next()?;
                return Ok((map, height));
            }
            if !first {
                let token = self.scan.next()?;
                if !matches!(token.kind, Kind::FlowEntry) {
                    return Err(token.start.error(format!(
                        "found {} in the mapping `{{` that starts at line {}, column {}, where `,` or `}}` was expected: separate entries with `,`, close the mapping with `}}`, or quote a value that holds `{{`, `}}`, `,` or `: `",
                        described(&token.kind),
                        start.line + 1,
                        start.column + 1
                    )));
                }
                if self.peek_is(&[flow_mapping_end])? {
                    continue;
                }
            }
            first = false;
            let at = self.peek()?.start;
            if self.peek_is(&[key_token])? {
                self.scan.next()?;
                let key = if self.peek_is(&[value_token, flow_entry, flow_mapping_end])? {
                    let mark = self.peek()?.start;
                    self.empty(mark)
                } else {
                    self.node(false, false)?
                };
                let value = if self.peek_is(&[value_token])? {
                    self.scan.next()?;
                    Some(if self.peek_is(&[flow_entry, flow_mapping_end])? {
                        let mark = self.peek()?.start;
                        self.empty(mark)
                    } else {
                        self.node(false, false)?
                    })
                } else {
                    let mark = self.peek()?.start;
                    Some(self.empty(mark))
                };
                self.entry(&mut map, key, value, at, &mut height)?;
            } else {
                let key = self.node(false, false)?;
                let mark = self.peek()?.start;
                let value = self.empty(mark);
                self.entry(&mut map, key, Some(value), at, &mut height)?;
            }
        }
    }
}

/// The name of a tag that stands for a short form or the non-specific `!`: a tag starting with
/// `!` (`!Ref` gives `Ref`, `!` gives `!`); `None` for the core schema's and other URI tags.
fn short_form(tag: &str) -> Option<&str> {
    let rest = tag.strip_prefix('!')?;
    Some(if rest.is_empty() { tag } else { rest })
}

/// A node under a short-form tag: the intrinsic it names, or the node itself under `!`.
fn apply_tag(name: &str, content: Node) -> Parse<Node> {
    let name = name.trim_start_matches('!');
    if name.is_empty() {
        return Ok(content);
    }
    let function = Function::from_yaml_tag(name).ok_or_else(|| {
        let tags: Vec<String> = Function::ALL.iter().map(|f| format!("!{}", f.yaml_tag())).collect();
        YamlError::new(0, 0, format!("unknown tag `!{name}`: CloudFormation's short forms are {}", tags.join(", ")))
    })?;
    read::tagged(function, content).map_err(YamlError::from)
}

/// A scalar as a value.
fn scalar_value(scalar: Scalar, budget: &Budget<'_>) -> Parse<Node> {
    let Scalar { value: text, style, tag, .. } = scalar;
    let plain = style == Style::Plain;
    let Some(tag) = tag else {
        return if plain { untagged(text, budget, false) } else { string(text, budget) };
    };
    if let Some(name) = short_form(&tag) {
        // The value under the tag: as written, resolved if plain, never a YAML 1.1 boolean.
        let content = if plain { untagged(text, budget, true)? } else { string(text, budget)? };
        return apply_tag(name, content);
    }
    let wrong = |text: &str, what: &str| {
        YamlError::new(
            0,
            0,
            format!("`{text}` under the tag `{tag}` is not {what}: correct the value, or remove the tag"),
        )
    };
    match tag.as_str() {
        TAG_BOOL => {
            let b = core_bool(&text).ok_or_else(|| wrong(&text, "a boolean (`true` or `false`)"))?;
            budget.spend_node()?;
            Ok(Node::Bool(b))
        }
        TAG_INT => match int(&text) {
            Some(whole) => whole_node(whole, budget),
            None => Err(wrong(&text, "a whole number")),
        },
        TAG_FLOAT => match float(&text) {
            Some(f) => float_node(&text, f, budget),
            None => Err(wrong(&text, "a number")),
        },
        TAG_NULL => {
            if !is_null(&text) {
                return Err(wrong(&text, "null (`null`, `Null`, `NULL` or `~`)"));
            }
            budget.spend_node()?;
            Ok(Node::Null)
        }
        // `!!str yes` is the text `yes`: the tag says so (the old reader, serde_yaml's, read a
        // plain one as a YAML 1.1 boolean all the same). <https://yaml.org/type/str.html>
        TAG_STR => string(text, budget),
        // Other tags: the text, read as a YAML 1.1 boolean if plain, as before.
        _ if plain => yaml11_or_string(text, budget, false),
        _ => string(text, budget),
    }
}

fn string(text: String, budget: &Budget<'_>) -> Parse<Node> {
    budget.spend_string(text.len())?;
    Ok(Node::String(text))
}

fn yaml11_or_string(text: String, budget: &Budget<'_>, tagged: bool) -> Parse<Node> {
    if !tagged && let Some(b) = yaml11_boolean(&text) {
        budget.spend_node()?;
        return Ok(Node::Bool(b));
    }
    string(text, budget)
}

/// YAML 1.1's booleans besides `true` and `false`, as CloudFormation reads a plain scalar
/// (see [`super::read`]): <https://yaml.org/type/bool.html>.
fn yaml11_boolean(text: &str) -> Option<bool> {
    match text {
        "yes" | "Yes" | "YES" | "on" | "On" | "ON" => Some(true),
        "no" | "No" | "NO" | "off" | "Off" | "OFF" => Some(false),
        _ => None,
    }
}

/// A plain scalar's value under YAML 1.2's core schema (with YAML 1.1's booleans unless
/// `tagged`: under a tag they are strings).
fn untagged(text: String, budget: &Budget<'_>, tagged: bool) -> Parse<Node> {
    if text.is_empty() || is_null(&text) {
        budget.spend_node()?;
        return Ok(Node::Null);
    }
    if let Some(b) = core_bool(&text) {
        budget.spend_node()?;
        return Ok(Node::Bool(b));
    }
    if let Some(whole) = int(&text) {
        return whole_node(whole, budget);
    }
    if !leading_zero_digits(&text)
        && let Some(f) = float(&text)
    {
        return float_node(&text, f, budget);
    }
    yaml11_or_string(text, budget, tagged)
}

/// A scalar as a mapping key: as CloudFormation reads keys, a string; numbers and booleans
/// are written as text, as the reader before wrote them.
fn scalar_key(scalar: Scalar) -> Result<String, String> {
    // Most keys are names, written plain or quoted, untagged: taken as they are.
    if scalar.tag.is_none() && (scalar.style != Style::Plain || plain_text_key(&scalar.value)) {
        return Ok(scalar.value);
    }
    let text = scalar.value.as_str();
    let plain = scalar.style == Style::Plain;
    let resolved = |text: &str| -> Result<String, String> {
        if text.is_empty() || is_null(text) {
            return Err(
                "a mapping key is empty or null: give the key a name (quote `null` or `~` to use it as one)".to_owned()
            );
        }
        if let Some(b) = core_bool(text) {
            return Ok(b.to_string());
        }
        match int(text) {
            Some(Whole::Small(i)) => return Ok(i.to_string()),
            Some(Whole::Unsigned(u)) => return Ok(u.to_string()),
            Some(Whole::Wide(_)) => {
                return Err(format!("the mapping key `{text}` is a whole number past 64 bits: quote it"));
            }
            None => {}
        }
        if !leading_zero_digits(text)
            && let Some(f) = float(text)
        {
            return Ok(f.to_string());
        }
        Ok(text.to_owned())
    };
    let Some(tag) = scalar.tag.as_deref() else {
        return if plain { resolved(text) } else { Ok(text.to_owned()) };
    };
    if let Some(name) = short_form(tag) {
        let name = name.trim_start_matches('!');
        if !name.is_empty() {
            return Err(format!("a mapping key cannot be tagged `!{name}`: remove the tag"));
        }
        return if plain { resolved(text) } else { Ok(text.to_owned()) };
    }
    let wrong =
        |what: &str| format!("the key `{text}` under the tag `{tag}` is not {what}: correct it, or remove the tag");
    match tag {
        TAG_BOOL => core_bool(text).map(|b| b.to_string()).ok_or_else(|| wrong("a boolean")),
        TAG_INT => match int(text) {
            Some(Whole::Small(i)) => Ok(i.to_string()),
            Some(Whole::Unsigned(u)) => Ok(u.to_string()),
            Some(Whole::Wide(_)) => Err(format!("the mapping key `{text}` is a whole number past 64 bits: quote it")),
            None => Err(wrong("a whole number")),
        },
        TAG_FLOAT => float(text).map(|f| f.to_string()).ok_or_else(|| wrong("a number")),
        TAG_NULL => Err("a mapping key is null: give the key a name".to_owned()),
        _ => Ok(text.to_owned()),
    }
}

/// Whether a plain key reads as itself: not null, a boolean or a number.
fn plain_text_key(text: &str) -> bool {
    !(text.is_empty()
        || is_null(text)
        || core_bool(text).is_some()
        || int(text).is_some()
        || !leading_zero_digits(text) && float(text).is_some())
}

fn is_null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn core_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A whole number as YAML 1.2's core schema reads it.
enum Whole {
    Small(i64),
    /// Past `i64`, within `u64`.
    Unsigned(u64),
    /// Past 64 bits, within 128: its decimal digits.
    Wide(String),
}

fn whole_node(whole: Whole, budget: &Budget<'_>) -> Parse<Node> {
    budget.spend_node()?;
    Ok(match whole {
        Whole::Small(i) => Node::Int(i),
        Whole::Unsigned(u) => Node::BigInt(u.to_string()),
        Whole::Wide(digits) => Node::BigInt(digits),
    })
}

/// A float; a whole number past 128 bits written in decimal digits is kept exactly, as
/// [`Node::BigInt`].
fn float_node(text: &str, f: f64, budget: &Budget<'_>) -> Parse<Node> {
    budget.spend_node()?;
    let digits = text.strip_prefix('+').unwrap_or(text);
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    if f.is_finite() && f.fract() == 0.0 && unsigned.len() >= 39 && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Node::BigInt(digits.to_owned()));
    }
    Ok(Node::Float(f))
}

/// `0` followed by digits (with a sign or not): a string in YAML 1.2, not an octal number.
fn leading_zero_digits(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    unsigned.len() > 1 && unsigned.starts_with('0') && unsigned[1..].bytes().all(|b| b.is_ascii_digit())
}

/// `text` as a whole number: decimal, or hexadecimal (`0x`), octal (`0o`) or binary (`0b`),
/// with a sign or not; within 64 bits, else within 128.
fn int(text: &str) -> Option<Whole> {
    if let Some(u) = unsigned::<u64>(text, u64::from_str_radix) {
        return Some(i64::try_from(u).map_or(Whole::Unsigned(u), Whole::Small));
    }
    if let Some(i) = negative::<i64>(text, i64::from_str_radix) {
        return Some(Whole::Small(i));
    }
    if let Some(u) = unsigned::<u128>(text, u128::from_str_radix) {
        return Some(Whole::Wide(u.to_string()));
    }
    negative::<i128>(text, i128::from_str_radix).map(|i| Whole::Wide(i.to_string()))
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

fn unsigned<T>(text: &str, parse: Radix<T>) -> Option<T> {
    let unsigned = text.strip_prefix('+').unwrap_or(text);
    for (prefix, radix) in [("0x", 16), ("0o", 8), ("0b", 2)] {
        if let Some(rest) = unsigned.strip_prefix(prefix) {
            if rest.starts_with(['+', '-']) {
                return None;
            }
            if let Ok(n) = parse(rest, radix) {
                return Some(n);
            }
        }
    }
    if unsigned.starts_with(['+', '-']) || leading_zero_digits(text) {
        return None;
    }
    parse(unsigned, 10).ok()
}

fn negative<T>(text: &str, parse: Radix<T>) -> Option<T> {
    for (prefix, radix) in [("-0x", 16), ("-0o", 8), ("-0b", 2)] {
        if let Some(rest) = text.strip_prefix(prefix)
            && let Ok(n) = parse(&format!("-{rest}"), radix)
        {
            return Some(n);
        }
    }
    if leading_zero_digits(text) {
        return None;
    }
    parse(text, 10).ok()
}

/// `text` as a float: decimal with a fraction or an exponent, or `.inf`, `-.inf` and `.nan` in
/// their three spellings; other infinities and not-a-numbers are strings.
fn float(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        return Some(f64::INFINITY);
    }
    if matches!(text, "-.inf" | "-.Inf" | "-.INF") {
        return Some(f64::NEG_INFINITY);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}

#[cfg(test)]
mod tests {

    use super::super::read::Budget;
    use crate::node::{Function, Node};

    fn ours(text: &str) -> Result<Node, super::YamlError> {
        super::read(text, &Budget::for_yaml(text, false))
    }

    use super::super::serde_read::read_yaml_with_serde as theirs;

    /// Reads `text` as serde_yaml did: the same node, or an error for an error. Returns
    /// whether it read.
    #[track_caller]
    fn agrees(text: &str) -> bool {
        match (theirs(text), ours(text)) {
            // serde_yaml read `!!str yes` as a YAML 1.1 boolean; the tag says it is text.
            (Ok(_), Ok(_)) if text.contains("!!str") || text.contains("2002:str") => true,
            (Ok(t), Ok(o)) => {
                assert_eq!(format!("{o:?}"), format!("{t:?}"), "read differently:\n{text:?}");
                true
            }
            (Err(_), Err(_)) => false,
            (Err(t), Ok(_)) if t.contains("two whole numbers of over 38 digits") => true,
            (Err(t), Ok(o)) => panic!("serde_yaml refused ({t}), we read {o:?}:\n{text:?}"),
            (Ok(t), Err(o)) => panic!("serde_yaml read {t:?}, we refused ({o}):\n{text:?}"),
        }
    }

    #[track_caller]
    fn reads(text: &str) {
        assert!(agrees(text), "refused ({:?}, as serde_yaml did):\n{text:?}", ours(text).err());
    }

    #[track_caller]
    fn refuses(text: &str, wording: &str) {
        assert!(!agrees(text), "read, where serde_yaml refused it:\n{text:?}");
        let message = ours(text).unwrap_err().to_string();
        assert!(message.contains(wording), "{message}");
    }

    #[test]
    fn anchors_aliases_and_explicit_keys() {
        reads("a: &x 1\nb: *x\n");
        reads("a: &x [1, {b: c}]\nd: *x\ne: [*x, *x]\n");
        reads("base: &base\n  Type: AWS::S3::Bucket\none: *base\ntwo: *base\n");
        reads("&k key: 1\nother: *k\n");
        reads("a: &x 1\nb: &x 2\nc: *x\n");
        reads("a: &x !Ref Bucket\nb: *x\n");
        reads("? a\n: b\n? c\n");
        reads("? a\n? b\n: c\n");
        reads("{? a: b, ? c}\n");
        reads("[? a : b, c: d, ? e]\n");
        // libyaml takes the `:` after a `?` with no key in a flow list as part of the key.
        assert!(!agrees("[? : e]\n"));
        reads("a: &x\nb: *x\n");
        refuses("a: *x\n", "names no anchor");
        refuses("a: &x [*x]\n", "contain itself");
        refuses("? [a]\n: b\n", "mapping key is a list");
        refuses("a: &x [1]\n*x : 2\n", "alias to a list");
    }

    #[test]
    fn directives_and_documents() {
        reads("%YAML 1.2\n---\na: 1\n");
        reads("%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n");
        reads("%TAG ! tag:example.com,2000:\n---\na: !Ref 1\n");
        reads("---\na: 1\n...\n");
        reads("--- !Ref x\n");
        reads("---\n");
        reads("");
        reads("# only a comment\n");
        reads("a: 1\n...\n...\n# after\n");
        refuses("a: 1\n---\nb: 2\n", "several YAML documents");
        refuses("a: 1\n---\n", "several YAML documents");
        refuses("%YAML 2.0\n---\na: 1\n", "YAML 2.0");
        refuses("%YAML 1.2\n%YAML 1.2\n---\na\n", "second %YAML");
        refuses("%FOO\n---\na\n", "unknown directive");
        refuses("%YAML 1.2\na: 1\n", "document start");
        refuses("a: !e!x 1\n", "not declared");
    }

    #[test]
    fn scalars_over_several_lines_and_escapes() {
        reads("a: 'one\n  two\n\n  three'\n");
        reads("a: \"one\\\n  two \\\n  three\"\n");
        reads("a: \"\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\a\\b\\t\\\t\\n\\v\\f\\r\\e\\ \\\"\\/\\\\\"\n");
        reads("a: \"  lead\n   \n  trail  \"\n");
        reads("a: plain\n  more\n\n\n  end\n");
        reads("- [a\n  b, c]\n");
        reads("a: |2\n   x\n  y\n");
        reads("a: >+\n  x\n\n");
        reads("a: |-2\n    x\n");
        reads("a: >2-\n   x\n   y\n\n   z\n");
        reads("a: >\n  one\n   indented\n  two\n");
        refuses("a: \"\\q\"\n", "unknown escape");
        refuses("a: \"\\x4\"\n", "hexadecimal digits");
        refuses("a: \"\\uD800\"\n", "not a Unicode character");
        refuses("a: 'open\n", "no closing");
        refuses("a: \"x\n---\n\"\n", "document marker");
        refuses("a: |0\n x\n", "1 to 9");
    }

    #[test]
    fn line_breaks_tabs_and_marks() {
        reads("a: 1\r\nb:\r\n  - x\r\n  - 'y\r\n    z'\r\n");
        reads("a: 1\rb: 2\r");
        reads("\u{feff}a: 1\nb: 2\n");
        reads("a: x\u{85}b: y\n");
        // A mark inside the text counts as a column, as in libyaml: `b` is indented past `a`.
        assert!(!agrees("a: x\n\u{feff}b: y\n"));
        reads("a: x\u{85}b: y\n");
        reads("a: x\u{2028}  y\n");
        reads("a: \"x\u{2029} y\"\n");
        reads("a:\t1\n");
        reads("a: [1,\t2]\n");
        reads("a: 1 \t# comment\n");
        refuses("a:\n\t- 1\n", "tab");
        refuses("a: |\n\tx\n", "tab");
        refuses("a: \u{1}\n", "control character U+0001");
        refuses("a: \u{7f}\n", "U+007F");
    }

    #[test]
    fn numbers_as_the_core_schema_reads_them() {
        let doc =
            ours("a: 0x1F\nb: 0o17\nc: 0b101\nd: -0x10\ne: +12\nf: 1e3\ng: -.inf\nh: 012\ni: 1_000\nj: .5\n").unwrap();
        assert_eq!(
            format!("{doc:?}"),
            format!(
                "{:?}",
                crate::node::Node::Map(crate::node::NodeMap::from_iter([
                    ("a".to_owned(), Node::Int(31)),
                    ("b".to_owned(), Node::Int(15)),
                    ("c".to_owned(), Node::Int(5)),
                    ("d".to_owned(), Node::Int(-16)),
                    ("e".to_owned(), Node::Int(12)),
                    ("f".to_owned(), Node::Float(1000.0)),
                    ("g".to_owned(), Node::Float(f64::NEG_INFINITY)),
                    ("h".to_owned(), Node::string("012")),
                    ("i".to_owned(), Node::string("1_000")),
                    ("j".to_owned(), Node::Float(0.5)),
                ]))
            )
        );
        for text in [
            "a: 0x1F\nb: 0o17\nc: 0b101\nd: -0x10\ne: +12\nf: 1e3\ng: -.inf\nh: .NaN\ni: +.INF\n",
            "a: 9223372036854775808\nb: -9223372036854775809\nc: 0xFFFFFFFFFFFFFFFFFF\n",
            "a: 340282366920938463463374607431768211456\nb: -1234567890123456789012345678901234567890\n",
            "a: 1.0\nb: -0.0\nc: 1e400\nd: infinity\ne: +-1\nf: 0x\ng: 0x-1\nh: -0o7\n",
            "1.5: a\n0x10: b\ntrue: c\n.inf: d\n-7: e\n",
            "a: !!int 0x10\nb: !!float 1\nc: !!bool true\nd: !!null null\ne: !!str 12\nf: !!str yes\n",
            "a: !<tag:yaml.org,2002:str> 1\nb: !<!Ref> x\nc: ! 12\nd: ! yes\n",
            "a: !Ref 1\nb: !Sub yes\nc: !Ref ''\n",
        ] {
            reads(text);
        }
        // The tag `!!str` makes text of what would be a boolean.
        let tagged = ours("a: !!str yes\nb: !<tag:yaml.org,2002:str> off\nc: yes\n").unwrap();
        assert_eq!(
            tagged,
            Node::Map(crate::node::NodeMap::from_iter([
                ("a".to_owned(), Node::string("yes")),
                ("b".to_owned(), Node::string("off")),
                ("c".to_owned(), Node::Bool(true)),
            ]))
        );
        refuses("a: !!int x\n", "not a whole number");
        refuses("a: !!null\n", "not null");
        refuses("~: x\n", "empty or null");
        refuses("340282366920938463463374607431768211455: x\n", "past 64 bits");
    }

    #[test]
    fn errors_say_where_and_what() {
        let message = ours("Resources:\n  B:\n    Type: x\n    Type: y\n").unwrap_err().to_string();
        assert_eq!(
            message,
            "line 4, column 5: duplicate key `Type` in this mapping; a key may appear once (CloudFormation refuses the template): remove or rename one of them"
        );
        let message = ours("a: !Reff Bucket\n").unwrap_err().to_string();
        assert!(
            message.starts_with("line 1, column 4: unknown tag `!Reff`: CloudFormation's short forms are !Ref, "),
            "{message}"
        );
        let message = ours("a: [b, c\nd: e\n").unwrap_err();
        assert_eq!((message.line(), message.column()), (2, 2), "{message}");
        assert!(message.message().contains("where `,` or `]` was expected"), "{message}");
        let message = ours("a: !GetAtt nodot\n").unwrap_err().to_string();
        assert!(
            message.starts_with("line 1, column 4: Fn::GetAtt `nodot` needs the form Resource.Attribute"),
            "{message}"
        );
        let message = ours("a:\n  b: 1\n c: 2\n").unwrap_err().to_string();
        assert!(message.starts_with("line 3, column 2: "), "{message}");
    }

    #[test]
    fn alias_bombs_are_refused_within_the_budget() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let started = std::time::Instant::now();
        let message = ours(&text).unwrap_err().to_string();
        assert!(message.contains("expands to more than"), "{message}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5));
        // A long string repeated: refused by the bytes it would take.
        let long = format!("s: &s '{}'\nl: [{}]\n", "x".repeat(50_000), vec!["*s"; 400].join(", "));
        let message = ours(&long).unwrap_err().to_string();
        assert!(message.contains("expands to more than"), "{message}");
        let bytes = Budget::new(usize::MAX).with_bytes(10 << 20);
        let message = super::read(&long, &bytes).unwrap_err().to_string();
        assert!(message.contains("expands to more than 10 MB of values"), "{message}");
        // Nesting through aliases is bounded as nesting written out is.
        let mut deep = String::from("a0: &a0 [1]\n");
        for i in 1..140 {
            deep.push_str(&format!("a{i}: &a{i} [*a{}]\n", i - 1));
        }
        assert!(ours(&deep).unwrap_err().to_string().contains("128 deep"));
        // Anchors nested over a long list: each keeps a copy for its aliases, within the budget.
        let mut nested = String::new();
        for i in 0..100 {
            nested.push_str(&format!("{}k{i}: &k{i}\n", "  ".repeat(i)));
        }
        nested.push_str(&format!("{}- [{}]\n", "  ".repeat(100), vec!["x"; 20_000].join(", ")));
        let message = ours(&nested).unwrap_err().to_string();
        assert!(message.contains("expands to more than"), "{message}");
        // Nodes of a function call keep their intrinsic when repeated.
        let node = ours("a: &r !Ref B\nb: *r\n").unwrap();
        let Node::Map(ref map) = node else { panic!() };
        assert_eq!(map.get("b"), Some(&Node::call(Function::Ref, Node::string("B"))));
    }

    use crate::format::tests::Shuffle;

    /// Documents of every form the one-pass reader leaves here, edited at random (pieces of
    /// YAML syntax inserted, characters removed or replaced): read as serde_yaml read them,
    /// and never a panic.
    #[test]
    fn edits_of_every_form_read_as_serde_yaml_read_them() {
        let seeds = [
            "%YAML 1.2\n%TAG !e! tag:e.com,2000:\n---\nb2: &b2 z\nbase: &b\n  Type: AWS::S3::Bucket\n  Props: {a: 1, b: [x, *b2]}\nuse: *b\n? k\n: v\nq: 'one\n  two'\nd: \"x\\ty\\\n  z \\u00e9\"\n...\n",
            "a: |2-\n   one\n  two\n\nb: >+\n  folded\n  text\n\n\nc: !!int 0x1F\nd: [-.inf, .NaN, 1e5, 0o17, +3, 007]\n",
            "- &x !Sub '${A}'\n- *x\n- ? a\n  : b\n- !!str yes\n- ! 12\n- [a: b, ? c, d: ]\n- {a, b: c, ? d}\n",
            "Resources:\r\n  B:\r\n    Type: x\r\n    Properties:\r\n      - 'a\r\n        b'\r\n      - c\r\n",
            "\u{feff}a: x\u{85}b: \"y\u{2028}z\"\nc: plain\n  folded\u{2029}\n",
        ];
        let pieces = [
            "&a ", "*a", "*b2", "? ", ": ", "%", "---\n", "...\n", "\r\n", "\r", "\t", "\u{85}", "\u{2028}",
            "\u{feff}", "\\", "!!", "!<x>", "|2", ">-", "'", "\"", "[", "]", "{", "}", ",", "#", "- ", "\n", "  ", "!",
            "0x", ".inf", "\\x4", "\\u", "''",
        ];
        let mut shuffle = Shuffle(0x2545_f491_4f6c_dd1d);
        let (mut read, mut total) = (0, 0);
        for seed in seeds {
            reads(seed);
            for _ in 0..1500 {
                let mut text = seed.to_owned();
                for _ in 0..=shuffle.below(3) {
                    let at = shuffle.below(text.len() + 1);
                    let Some(at) = (at..=text.len()).find(|&i| text.is_char_boundary(i)) else { continue };
                    match shuffle.below(3) {
                        0 => {
                            if let Some(c) = text[at..].chars().next() {
                                text.replace_range(at..at + c.len_utf8(), "");
                            }
                        }
                        1 => text.insert_str(at, pieces[shuffle.below(pieces.len())]),
                        _ => {
                            if let Some(c) = text[at..].chars().next() {
                                text.replace_range(at..at + c.len_utf8(), pieces[shuffle.below(pieces.len())]);
                            }
                        }
                    }
                }
                total += 1;
                read += usize::from(agrees(&text));
            }
        }
        println!("{read} of {total} edited documents read");
        assert!(read * 10 > total, "only {read} of {total} edits read: the edits test errors only");
    }

    /// Random texts of YAML's indicators, letters and line breaks: an answer, never a panic,
    /// and the same answer as serde_yaml's.
    #[test]
    fn random_texts_never_panic() {
        let alphabet: Vec<char> =
            " \n\r\t-?:,[]{}#&*!|>'\"%@`\\.0123456789abexyz~\u{85}\u{2028}\u{feff}é".chars().collect();
        let mut shuffle = Shuffle(0x9e37_79b9_7f4a_7c15);
        for _ in 0..20_000 {
            let len = shuffle.below(40);
            let text: String = (0..len).map(|_| alphabet[shuffle.below(alphabet.len())]).collect();
            agrees(&text);
        }
    }
}
