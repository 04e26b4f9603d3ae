//! Building a [`Node`] as the readers read one: the budget a document may expand to, the
//! scalars a YAML reader resolves, mappings whose one key is an intrinsic's long form
//! (`{"Fn::Sub": …}`) and short-form tags (`!Sub …`) as intrinsics. Shared by the JSON reader
//! (`json_read.rs`), the YAML readers (`yaml.rs`, `compose.rs`) and serde's
//! (`serde_read.rs`); none of it uses serde.

use std::cell::Cell;
use std::fmt;

use crate::node::{Function, Node, NodeMap};

/// Why the node builder refused a value: a malformed intrinsic, a key given twice, the budget
/// spent. Each reader turns it into its own error, placed where it read the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal(pub(crate) String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A key given twice in one mapping: CloudFormation refuses the template; "the last one wins"
/// would hide a mistake.
pub(crate) fn duplicate_key(key: &str) -> Refusal {
    Refusal(format!("`{key}` is given twice in one mapping: CloudFormation refuses duplicate keys, keep one"))
}

/// How much a document may expand to, in values and in bytes. YAML aliases repeat the node they
/// name, so a few kilobytes of nested aliases expand to billions of values (the "billion laughs"
/// document), or to a long string repeated millions of times: the reader counts what it builds
/// and stops at either limit, in bounded memory, with an error.
pub(crate) struct Budget<'t> {
    /// The YAML text being read (empty for JSON): a plain scalar is told from a quoted one by
    /// the byte before it ([`Budget::yaml11_boolean`]).
    yaml: &'t str,
    left: Cell<usize>,
    limit: usize,
    /// The bytes the values built take (each node, each mapping entry, each string's text).
    bytes_left: Cell<usize>,
    bytes_limit: usize,
    /// The digit runs of a YAML text too long for 128 bits (39 digits or more, with their sign),
    /// which serde_yaml hands over as floats: the reader gives back the one that reads as the
    /// float it is handed ([`long_digit_runs`]).
    long_digits: Vec<String>,
}

/// The values any YAML text may expand to, besides one per byte of its text. Without aliases a
/// text holds at most one value per two bytes (`[1,1,…]`), so a template within CloudFormation's
/// 1,000,000-byte limit always fits; a small document of aliases is held to about this many.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) const YAML_VALUES_BASE: usize = 100_000;

/// The bytes any YAML text may expand to, besides [`YAML_BYTES_PER_TEXT_BYTE`] per byte of its
/// text: a document of a few kilobytes costs at most about this much memory, whatever its aliases
/// repeat.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) const YAML_BYTES_BASE: usize = 16 << 20;

/// What a byte of YAML text may expand to, in the bytes of the values built: a text without
/// aliases costs at most about its length in strings plus one node (and a mapping entry) per two
/// bytes.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) const YAML_BYTES_PER_TEXT_BYTE: usize = 64;

/// What one value costs besides its text: the node, and for a mapping's entry its key's
/// `String` and its hash and index slots.
#[cfg_attr(not(any(feature = "yaml", feature = "serde")), allow(dead_code))]
const NODE_BYTES: usize = std::mem::size_of::<Node>();
#[cfg_attr(not(any(feature = "yaml", feature = "serde")), allow(dead_code))]
const ENTRY_BYTES: usize = std::mem::size_of::<String>() + std::mem::size_of::<Node>() + 16;

#[cfg_attr(not(any(feature = "yaml", feature = "serde")), allow(dead_code))]
impl<'t> Budget<'t> {
    /// A budget of `limit` values, bytes unlimited.
    pub(crate) fn new(limit: usize) -> Self {
        Budget {
            yaml: "",
            left: Cell::new(limit),
            limit,
            bytes_left: Cell::new(usize::MAX),
            bytes_limit: usize::MAX,
            long_digits: Vec::new(),
        }
    }

    #[cfg(feature = "serde")]
    pub(crate) fn unlimited() -> Self {
        Budget::new(usize::MAX)
    }

    /// Limits the bytes built too.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(super) fn with_bytes(mut self, limit: usize) -> Self {
        self.bytes_left = Cell::new(limit);
        self.bytes_limit = limit;
        self
    }

    /// The YAML budget for `text`, with its long digit runs.
    /// `long_digits`: whether the text holds a run of 39 digits ([`super::nesting::prescan`]);
    /// if not, it is not searched for them.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(crate) fn for_yaml(text: &'t str, long_digits: bool) -> Self {
        let mut budget = Budget::new(YAML_VALUES_BASE.saturating_add(text.len()))
            .with_bytes(YAML_BYTES_BASE.saturating_add(YAML_BYTES_PER_TEXT_BYTE.saturating_mul(text.len())));
        if long_digits {
            budget.long_digits = long_digit_runs(text);
        }
        budget.yaml = text;
        budget
    }

    /// Spends `cost` values (a string costs one per 64 bytes besides its own) and `bytes`.
    fn spend(&self, cost: usize, bytes: usize) -> Result<(), Refusal> {
        match (self.left.get().checked_sub(cost), self.bytes_left.get().checked_sub(bytes)) {
            (Some(left), Some(bytes_left)) => {
                self.left.set(left);
                self.bytes_left.set(bytes_left);
                Ok(())
            }
            (None, _) => Err(Refusal(format!(
                "the document expands to more than {} values: YAML aliases (`*name`) repeat what they name, and these repeat it beyond any template CloudFormation takes (its limit is 1,000,000 bytes of text). Write the repeated values out, or use fewer aliases",
                self.limit
            ))),
            (_, None) => Err(Refusal(format!(
                "the document expands to more than {} of values: YAML aliases (`*name`) repeat what they name, and these repeat it beyond any template CloudFormation takes (its limit is 1,000,000 bytes of text). Write the repeated values out, or use fewer aliases",
                if self.bytes_limit >= 1 << 20 {
                    format!("{} MB", self.bytes_limit >> 20)
                } else {
                    format!("{} bytes", self.bytes_limit)
                }
            ))),
        }
    }

    /// The boolean a plain YAML scalar is under YAML 1.1, which CloudFormation reads: `yes`,
    /// `no`, `on` and `off` in the three spellings YAML 1.1 lists (`Yes`, `YES`, `yes`), besides
    /// the `true` and `false` serde_yaml's YAML 1.2 reads already. The one-letter `y` and `n`
    /// stay strings, as the YAML 1.1 readers in use (PyYAML, SnakeYAML) read them. A quoted
    /// `'Yes'` is a string: `scalar` is a slice of the text, and a quote before it says so.
    /// YAML 1.1's booleans: <https://yaml.org/type/bool.html>.
    pub(crate) fn yaml11_boolean(&self, scalar: &str) -> Option<bool> {
        let value = match scalar {
            "yes" | "Yes" | "YES" | "on" | "On" | "ON" => true,
            "no" | "No" | "NO" | "off" | "Off" | "OFF" => false,
            _ => return None,
        };
        let start = (scalar.as_ptr() as usize).checked_sub(self.yaml.as_ptr() as usize)?;
        if self.yaml.is_empty() || start + scalar.len() > self.yaml.len() {
            return None;
        }
        let quoted = start > 0 && matches!(self.yaml.as_bytes()[start - 1], b'\'' | b'"');
        (!quoted).then_some(value)
    }

    /// Spends one scalar or empty collection.
    pub(super) fn spend_node(&self) -> Result<(), Refusal> {
        self.spend(1, NODE_BYTES)
    }

    /// Spends one mapping entry with the key `key`.
    pub(super) fn spend_entry(&self, key: &str) -> Result<(), Refusal> {
        self.spend(1 + key.len() / 64, ENTRY_BYTES + key.len())
    }

    /// The values and bytes spent so far: what a node cost is the difference before and after
    /// it is built, and an alias that repeats it spends that again ([`Budget::spend_again`]).
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(super) fn spent(&self) -> (usize, usize) {
        (self.limit - self.left.get(), self.bytes_limit - self.bytes_left.get())
    }

    /// Spends what a node built before cost, for an alias that repeats it.
    #[cfg_attr(not(feature = "yaml"), allow(dead_code))]
    pub(super) fn spend_again(&self, values: usize, bytes: usize) -> Result<(), Refusal> {
        self.spend(values, bytes)
    }

    /// Spends one string of `len` bytes.
    pub(super) fn spend_string(&self, len: usize) -> Result<(), Refusal> {
        self.spend(1 + len / 64, NODE_BYTES + len)
    }
}

/// `Fn::GetAtt`'s argument in the long form: `["Resource", "Attribute"]`. The short form
/// `Resource.Attribute` splits on the first dot only (`Db.Endpoint.Address`).
fn get_att_argument(arg: Node) -> Result<Node, Refusal> {
    match arg {
        Node::String(ref dotted) => match dotted.split_once('.') {
            Some((resource, attribute)) => Ok(Node::List(vec![Node::string(resource), Node::string(attribute)])),
            None => Err(Refusal(format!("Fn::GetAtt `{dotted}` needs the form Resource.Attribute"))),
        },
        Node::List(ref parts) if parts.len() == 2 => Ok(arg),
        _ => Err(Refusal("Fn::GetAtt takes [Resource, Attribute] or Resource.Attribute".to_owned())),
    }
}

pub(super) fn intrinsic(function: Function, arg: Node) -> Result<Node, Refusal> {
    let arg = match (function, arg) {
        (Function::GetAtt, arg) => get_att_argument(arg)?,
        // `{"Fn::GetAZs": null}` is read as `""`, the Region the stack is in, as the YAML form
        // `!GetAZs` with nothing after it is: both write back as `!GetAZs ''`.
        (Function::GetAZs, Node::Null) => Node::string(""),
        // No other intrinsic takes null: `{"Ref": null}`, `{"Fn::Or": null}` are refused by
        // CloudFormation ("Template format error"), and written back they would read as other
        // values (`!Ref null` names a resource `null`).
        (function, Node::Null) => {
            return Err(Refusal(format!(
                "{} is given null: it takes {}; CloudFormation refuses the template",
                function.json_key(),
                takes(function)
            )));
        }
        (_, arg) => arg,
    };
    Ok(Node::call(function, arg))
}

/// What an intrinsic takes, in words, for the message refusing a null argument (the function
/// reference: <https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/intrinsic-function-reference.html>).
fn takes(function: Function) -> &'static str {
    match function {
        Function::Ref => "the logical ID of a parameter or resource, or a pseudo parameter, as a string",
        Function::And | Function::Or => "a list of 2 to 10 conditions",
        Function::Not => "a list of one condition",
        Function::Equals => "a list of two values",
        Function::If => "a list of a condition's name and two values",
        Function::Join => "a list of a delimiter and a list of values",
        Function::Select => "a list of an index and a list of values",
        Function::Split => "a list of a delimiter and a string",
        Function::FindInMap => "a list of a mapping's name and two keys",
        Function::Sub => "a string, or a list of a string and a mapping of variables",
        _ => "a value (a string, a list or a mapping, as its documentation says)",
    }
}

/// Builds the scalars a reader reads, within its [`Budget`]. `tagged`: the value stands under
/// a tag (`!Sub Yes`), and a scalar with an explicit tag is not resolved as YAML 1.1 resolves
/// plain scalars.
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
pub(crate) struct Scalars<'b, 't> {
    pub(crate) budget: &'b Budget<'t>,
    pub(crate) tagged: bool,
}

#[cfg_attr(not(any(feature = "yaml", feature = "serde")), allow(dead_code))]
impl Scalars<'_, '_> {
    pub(crate) fn null(&self) -> Result<Node, Refusal> {
        self.budget.spend_node()?;
        Ok(Node::Null)
    }

    pub(crate) fn bool(&self, b: bool) -> Result<Node, Refusal> {
        self.budget.spend_node()?;
        Ok(Node::Bool(b))
    }

    pub(crate) fn int(&self, i: i64) -> Result<Node, Refusal> {
        self.budget.spend_node()?;
        Ok(Node::Int(i))
    }

    /// A float. In YAML, a whole number past 128 bits is handed over as a float: the digits
    /// of the text that read as this float are kept instead ([`long_digit_runs`]).
    pub(crate) fn float(&self, f: f64) -> Result<Node, Refusal> {
        self.budget.spend_node()?;
        if f.fract() == 0.0 && f.abs() >= 1.0e38 && !self.budget.long_digits.is_empty() {
            let mut matching = self.budget.long_digits.iter().filter(|digits| digits.parse::<f64>().ok() == Some(f));
            if let Some(digits) = matching.next() {
                if matching.any(|other| other != digits) {
                    return Err(Refusal(format!(
                        "two whole numbers of over 38 digits read as the same float ({f:e}); they cannot be kept apart exactly: quote them, or write the template in JSON"
                    )));
                }
                return Ok(Node::BigInt(digits.clone()));
            }
        }
        Ok(Node::Float(f))
    }

    /// A string that may be a slice of the YAML text: a plain `yes` or `off` there is a
    /// YAML 1.1 boolean ([`Budget::yaml11_boolean`]), unless it stands under a tag.
    pub(crate) fn plain_str(&self, s: &str) -> Result<Node, Refusal> {
        if !self.tagged
            && let Some(b) = self.budget.yaml11_boolean(s)
        {
            self.budget.spend_node()?;
            return Ok(Node::Bool(b));
        }
        self.str(s)
    }

    pub(crate) fn str(&self, s: &str) -> Result<Node, Refusal> {
        self.budget.spend_string(s.len())?;
        Ok(Node::string(s))
    }

    pub(crate) fn string(&self, s: String) -> Result<Node, Refusal> {
        self.budget.spend_string(s.len())?;
        Ok(Node::String(s))
    }
}

/// A mapping read whole: a one-key mapping whose key is an intrinsic's long form
/// (`{"Fn::Sub": …}`) is that intrinsic.
pub(super) fn finish_map(mut map: NodeMap) -> Result<Node, Refusal> {
    if map.len() == 1 {
        let (key, value) = map.first().expect("one entry");
        if let Some(function) = Function::from_json_key(key) {
            // `{"Condition": "Name"}` is a condition reference; an IAM statement's
            // `Condition` block is a mapping and stays one.
            if function != Function::Condition || matches!(value, Node::String(_)) {
                let (_, value) = map.pop().expect("one entry");
                return intrinsic(function, value);
            }
        }
    }
    Ok(Node::Map(map))
}

/// The value under a short-form tag (`!Sub …`) as the intrinsic it names.
#[cfg_attr(not(any(feature = "yaml", feature = "serde")), allow(dead_code))]
pub(super) fn tagged(function: Function, arg: Node) -> Result<Node, Refusal> {
    // A tag on an empty scalar (`!GetAZs`, "this Region") tags the empty string, not null.
    let arg = match arg {
        Node::Null => Node::string(""),
        arg => arg,
    };
    intrinsic(function, arg)
}

/// Every run of 39 or more digits in `text`, with a `-` before it: the candidates for a whole
/// number past 128 bits in YAML (the scan does not parse YAML; the reader matches them by value).
#[cfg_attr(not(feature = "yaml"), allow(dead_code))]
fn long_digit_runs(text: &str) -> Vec<String> {
    let bytes = text.as_bytes();
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i - start >= 39 {
            let signed = start > 0 && bytes[start - 1] == b'-';
            runs.push(text[if signed { start - 1 } else { start }..i].to_owned());
        }
    }
    runs
}
