//! Writing a [`Node`]: JSON long form and YAML short form, through one small interface both
//! writers implement.
//!
//! A value that can be written ([`WriteTo`]: a [`Styled`] node, a [`StyledMap`], the template's
//! sections in `template/sections.rs`) tells a [`Writer`] what it holds, in order: scalars,
//! `begin_list` … `item` before each element … `end`, `begin_map` … `key` before each value …
//! `end`. The JSON writer (`json_write.rs`) and the YAML emitter (`yaml_write.rs`) each turn
//! those calls into text. Both are used as `dyn Writer`, so each value's writing is compiled
//! once, not once per writer.

use std::borrow::Cow;
use std::fmt;

use crate::node::{Function, Node, NodeMap};

/// Why writing stopped.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// The text grew past the limit: `bytes` is the limit plus one (what fit, and the byte that
    /// did not).
    TooLarge {
        /// How much was written when writing stopped.
        bytes: usize,
    },
    /// A value that has no form in the text being written (a node with two YAML tags, a big
    /// integer that is not a whole number).
    Unsupported(String),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WriteError::TooLarge { bytes } => write!(f, "the text grew past {bytes} bytes"),
            WriteError::Unsupported(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for WriteError {}

/// Where a value's parts go: a JSON or YAML text being written.
pub(crate) trait Writer {
    /// Whether intrinsics take YAML's short-form tags (`!Sub …`, `!GetAtt A.B`) rather than
    /// JSON's long form (`{"Fn::Sub": …}`).
    fn short_forms(&self) -> bool;
    /// `null`.
    fn null(&mut self) -> Result<(), WriteError>;
    /// `true` or `false`.
    fn bool(&mut self, value: bool) -> Result<(), WriteError>;
    /// A whole number of 64 bits.
    fn int(&mut self, value: i64) -> Result<(), WriteError>;
    /// A floating-point number.
    fn float(&mut self, value: f64) -> Result<(), WriteError>;
    /// A whole number past 64 bits, as checked decimal digits ([`whole_number`]).
    fn big_int(&mut self, digits: &str) -> Result<(), WriteError>;
    /// Text.
    fn string(&mut self, text: &str) -> Result<(), WriteError>;
    /// The next node carries this YAML tag (`Sub` for `!Sub`); asked only of a writer of short
    /// forms.
    fn tag(&mut self, tag: &'static str) -> Result<(), WriteError>;
    /// A list begins; `item` comes before each of its elements, `end` after the last.
    fn begin_list(&mut self) -> Result<(), WriteError>;
    /// The next element of the innermost list follows.
    fn item(&mut self) -> Result<(), WriteError>;
    /// A mapping begins; `key` comes before each of its values, `end` after the last.
    fn begin_map(&mut self) -> Result<(), WriteError>;
    /// The value of `key` in the innermost mapping follows.
    fn key(&mut self, key: &str) -> Result<(), WriteError>;
    /// The innermost list or mapping ends.
    fn end(&mut self) -> Result<(), WriteError>;
}

/// A value that writes itself into a [`Writer`].
pub(crate) trait WriteTo {
    fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError>;
}

/// A node in JSON's long form (`{"Fn::Sub": "…"}`) or YAML's short form (`!Sub "…"`,
/// `!GetAtt Key.Arn`), as its writer asks.
#[derive(Clone, Copy)]
pub(crate) struct Styled<'a> {
    node: &'a Node,
    /// Write this node's intrinsic in the long form even in YAML: a YAML node carries one tag,
    /// so `!Base64 !Sub …` is written `!Base64 {Fn::Sub: …}`, which CloudFormation reads the same.
    long_form: bool,
}

impl<'a> Styled<'a> {
    pub(crate) fn new(node: &'a Node) -> Self {
        Styled { node, long_form: false }
    }

    /// The argument of an intrinsic: long form if it is itself an intrinsic.
    fn argument(node: &'a Node) -> Self {
        Styled { node, long_form: matches!(node, Node::Fn(..)) }
    }
}

/// `Resource.Attribute` when both parts of a `Fn::GetAtt` are plain strings.
fn get_att_short_form(arg: &Node) -> Option<String> {
    match arg {
        Node::List(parts) => match parts.as_slice() {
            [Node::String(resource), Node::String(attribute)] => Some(format!("{resource}.{attribute}")),
            _ => None,
        },
        _ => None,
    }
}

/// The digits of a [`Node::BigInt`] as they are written: the number's shortest digits when it
/// fits 128 bits (`+12` and `0012` are written `12`), else the digits as they are, after checking
/// that they are a whole number.
pub(crate) fn whole_number(digits: &str) -> Result<Cow<'_, str>, WriteError> {
    if let Ok(n) = digits.parse::<i128>() {
        return Ok(Cow::Owned(n.to_string()));
    }
    if let Ok(n) = digits.parse::<u128>() {
        return Ok(Cow::Owned(n.to_string()));
    }
    let unsigned = digits.strip_prefix('-').unwrap_or(digits);
    if unsigned.is_empty() || !unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Err(WriteError::Unsupported(format!(
            "`{digits}` is not a whole number: a big integer holds decimal digits, with a leading `-` if negative"
        )));
    }
    Ok(Cow::Borrowed(digits))
}

impl WriteTo for Styled<'_> {
    fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError> {
        match self.node {
            Node::Null => out.null(),
            Node::Bool(b) => out.bool(*b),
            Node::Int(i) => out.int(*i),
            Node::Float(f) => out.float(*f),
            Node::BigInt(digits) => out.big_int(&whole_number(digits)?),
            Node::String(text) => out.string(text),
            Node::List(items) => {
                out.begin_list()?;
                for item in items {
                    out.item()?;
                    Styled::new(item).write_to(out)?;
                }
                out.end()
            }
            Node::Map(map) => StyledMap(map).write_to(out),
            Node::Fn(function, arg) if !out.short_forms() || self.long_form => {
                out.begin_map()?;
                out.key(function.json_key())?;
                Styled::argument(arg).write_to(out)?;
                out.end()
            }
            Node::Fn(Function::GetAtt, arg) => {
                out.tag(Function::GetAtt.yaml_tag())?;
                match get_att_short_form(arg) {
                    Some(dotted) => out.string(&dotted),
                    None => Styled::argument(arg).write_to(out),
                }
            }
            Node::Fn(function, arg) => {
                out.tag(function.yaml_tag())?;
                Styled::argument(arg).write_to(out)
            }
        }
    }
}

/// A mapping of nodes, written in place (a resource's properties, without copying them into a
/// node first).
pub(crate) struct StyledMap<'a>(pub(crate) &'a NodeMap);

impl WriteTo for StyledMap<'_> {
    fn write_to(&self, out: &mut dyn Writer) -> Result<(), WriteError> {
        out.begin_map()?;
        for (key, value) in self.0 {
            out.key(key)?;
            Styled::new(value).write_to(out)?;
        }
        out.end()
    }
}

/// How an exponent is written: `1e16` (serde_yaml's Ryū) or `1e+16` (serde_json's float writer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exponent {
    Bare,
    Signed,
}

/// A finite `float` in the layout both writers' former libraries share: the shortest digits that
/// read back as the same number, `1.0` for whole numbers, plain from 10⁻⁵ up to below 10¹⁶, an
/// exponent beyond (`1e16`, `1.5e-7`, spelled as `exponent_style` says).
pub(crate) fn decimal(float: f64, exponent_style: Exponent) -> String {
    let sign = if float.is_sign_negative() { "-" } else { "" };
    if float == 0.0 {
        return format!("{sign}0.0");
    }
    let (digits, exponent) = shortest_digits(float.abs());
    let length = digits.len() as isize;
    // The value is 0.DIGITS × 10^point.
    let point = exponent + 1;
    let zeros = |n: isize| "0".repeat(n.max(0) as usize);
    let body = if length <= point && point <= 16 {
        format!("{digits}{}.0", zeros(point - length))
    } else if 0 < point && point <= 16 {
        let (whole, fraction) = digits.split_at(point as usize);
        format!("{whole}.{fraction}")
    } else if -5 < point && point <= 0 {
        format!("0.{}{digits}", zeros(-point))
    } else {
        let fraction = if length > 1 { format!(".{}", &digits[1..]) } else { String::new() };
        let plus = if exponent_style == Exponent::Signed && exponent >= 0 { "+" } else { "" };
        format!("{}{fraction}e{plus}{exponent}", &digits[..1])
    };
    format!("{sign}{body}")
}

/// The shortest decimal digits that read back as `float` (positive, finite), and the exponent
/// of the first: `("15", -7)` for 1.5e-7. Where two candidates of that length are equally
/// close, the one ending in an even digit, as Ryū chooses (the standard library rounds up).
fn shortest_digits(float: f64) -> (String, isize) {
    let (digits, exponent) = scientific(&format!("{float:e}"));
    let Some(&last) = digits.as_bytes().last() else {
        return (digits, exponent);
    };
    if last % 2 == 0 {
        return (digits, exponent);
    }
    let mut lower = digits[..digits.len() - 1].to_owned();
    lower.push(char::from(last - 1));
    let lower_text = if lower.len() == 1 {
        format!("{lower}e{exponent}")
    } else {
        format!("{}.{}e{exponent}", &lower[..1], &lower[1..])
    };
    if lower_text.parse::<f64>() != Ok(float) {
        return (digits, exponent);
    }
    // Both read back as `float`: a tie if its exact value is the midpoint, `lower` and a 5. A
    // double's exact decimal expansion has at most 767 significant digits.
    let (exact, exact_exponent) = scientific(&format!("{float:.800e}"));
    let tie = exact_exponent == exponent
        && exact
            .strip_prefix(lower.as_str())
            .and_then(|rest| rest.strip_prefix('5'))
            .is_some_and(|rest| rest.bytes().all(|b| b == b'0'));
    if tie { (lower, exponent) } else { (digits, exponent) }
}

/// The digits and the exponent of `d.ddde±x`.
fn scientific(text: &str) -> (String, isize) {
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text, "0"));
    (mantissa.chars().filter(char::is_ascii_digit).collect(), exponent.parse().unwrap_or(0))
}
