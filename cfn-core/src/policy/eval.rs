//! Decides, the way AWS does, whether a policy document lets one request through, and says why.
//!
//! [`evaluate`] matches every statement of an IAM or KMS key policy against a [`Request`]: an
//! explicit `Deny` wins, then an `Allow`; with neither the request is implicitly denied. Each
//! part of a statement (principal, action, resource, condition) matches yes, no or maybe: maybe
//! when it depends on a value the caller's [`Resolve`] cannot make concrete (a parameter,
//! `Fn::If`, a policy variable). A maybe that could change the answer gives
//! [`Decision::Unknown`].

use std::fmt;

use crate::node::{Node, NodeMap};

/// Turns a policy value into concrete text, or `None` when it cannot be known before deployment
/// (a parameter, `Fn::If`, `Fn::ImportValue`, …). Strings, booleans and numbers are read as they
/// are; only the other nodes (intrinsics) are passed to it.
pub type Resolve<'a> = &'a dyn Fn(&Node) -> Option<String>;

/// Who makes a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// An AWS service acting for itself, by its service principal (`logs.us-east-1.amazonaws.com`).
    Service(String),
    /// An IAM principal (user, role, role session) of an account.
    Aws {
        /// The principal's ARN.
        arn: String,
        /// The 12-digit ID of its account.
        account: String,
    },
}

impl fmt::Display for Caller {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Caller::Service(name) => write!(f, "the service {name}"),
            Caller::Aws { arn, .. } => write!(f, "the principal {arn}"),
        }
    }
}

/// One request: who calls, which action, on which resource, with which condition context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// Who calls.
    pub caller: Caller,
    /// The action, `service:Name` (`kms:GenerateDataKey`).
    pub action: String,
    /// The ARN of the resource acted on.
    pub resource: String,
    /// The context keys and their values. Key names compare case-insensitively, values
    /// case-sensitively; a key given several times is multi-valued.
    pub context: Vec<(String, String)>,
}

impl Request {
    /// A request without context keys.
    pub fn new(caller: Caller, action: impl Into<String>, resource: impl Into<String>) -> Request {
        Request { caller, action: action.into(), resource: resource.into(), context: Vec::new() }
    }

    /// Adds one value of a context key.
    pub fn with(mut self, key: impl Into<String>, value: impl Into<String>) -> Request {
        self.context.push((key.into(), value.into()));
        self
    }

    /// The values the request carries for `key`, compared case-insensitively.
    fn values(&self, key: &str) -> Vec<&str> {
        let matching = self.context.iter().filter(|(k, _)| k.eq_ignore_ascii_case(key));
        matching.map(|(_, v)| v.as_str()).collect()
    }
}

/// The answer for one request, with its reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// An Allow statement matched and no Deny did.
    Allowed {
        /// The statement that allows it.
        statement: String,
    },
    /// A Deny statement matched: an explicit deny wins.
    Denied {
        /// The statement that denies it.
        statement: String,
    },
    /// Nothing allows it (implicit deny). `misses` says, per Allow statement whose principal
    /// and action matched (or, if none, per Allow statement), what did not match.
    NotAllowed {
        /// What each Allow statement did not match.
        misses: Vec<Miss>,
    },
    /// Cannot be decided: a value the resolver could not resolve, or a malformed statement,
    /// decides it.
    Unknown {
        /// The statement and the value that decide it.
        because: String,
    },
}

/// Why one Allow statement does not let the request through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Miss {
    /// The statement: `statement "Sid"`, or `statement 3` (1-based) without a Sid.
    pub statement: String,
    /// The first part of it that did not match.
    pub reason: String,
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.statement, self.reason)
    }
}

impl fmt::Display for Decision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Decision::Allowed { statement } => write!(f, "allowed by {statement}"),
            Decision::Denied { statement } => write!(f, "denied by {statement}"),
            Decision::NotAllowed { misses } if misses.is_empty() => {
                write!(f, "no statement allows it: the policy has no Allow statement")
            }
            Decision::NotAllowed { misses } => {
                let misses: Vec<String> = misses.iter().map(Miss::to_string).collect();
                write!(f, "no statement allows it: {}", misses.join("; "))
            }
            Decision::Unknown { because } => write!(f, "cannot be decided: {because}"),
        }
    }
}

/// Decides whether `policy` lets `request` through; `resolve` makes intrinsics concrete.
pub fn evaluate(policy: &Node, request: &Request, resolve: Resolve<'_>) -> Decision {
    let statements = match policy {
        Node::Map(doc) => doc.get("Statement").map_or(&[][..], items),
        other => {
            let because = format!("the policy {} is not a mapping", show(other, resolve));
            return Decision::Unknown { because };
        }
    };
    // Judged first without the words of each `No` (a statement for another principal, an action
    // it does not grant): only a request no statement allows reports them, so only then are the
    // statements judged again, with the words.
    let judge_all = |words: Words| -> Vec<Verdict> {
        statements.iter().enumerate().map(|(i, statement)| judge(i + 1, statement, request, resolve, words)).collect()
    };
    match decide(&judge_all(Words::Maybe), resolve) {
        Decision::NotAllowed { .. } => decide(&judge_all(Words::All), resolve),
        decision => decision,
    }
}

/// Which reasons the parts of a statement are worded with: a `Maybe`'s always (it decides an
/// unknown answer), a `No`'s when they are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Words {
    Maybe,
    All,
}

// ---- Three-valued matching ----

/// How something matches: `No` and `Maybe` carry why (a `No` from a low-level test is empty
/// until the statement part that knows the context explains it).
#[derive(Debug, Clone, PartialEq)]
enum Tri {
    Yes,
    No(String),
    Maybe(String),
}

impl Tri {
    fn from(matched: bool) -> Tri {
        if matched { Tri::Yes } else { Tri::No(String::new()) }
    }

    fn is_no(&self) -> bool {
        matches!(self, Tri::No(_))
    }

    fn not(self) -> Tri {
        match self {
            Tri::Yes => Tri::No(String::new()),
            Tri::No(_) => Tri::Yes,
            maybe => maybe,
        }
    }

    fn reason(&self) -> &str {
        match self {
            Tri::Yes => "",
            Tri::No(why) | Tri::Maybe(why) => why,
        }
    }

    /// Words a `No` with `no()` (when `words` asks for it) and prefixes a `Maybe`'s reason with
    /// `what()`; neither is written for a `Yes` (the common case, and the words cost more than
    /// the match).
    fn explain(self, words: Words, what: impl FnOnce() -> String, no: impl FnOnce() -> String) -> Tri {
        match self {
            Tri::Yes => Tri::Yes,
            Tri::No(_) if words == Words::All => Tri::No(no()),
            no @ Tri::No(_) => no,
            Tri::Maybe(why) => Tri::Maybe(format!("{}: {why}", what())),
        }
    }
}

/// Yes if any item is Yes; else the first Maybe; else No.
fn any<T>(items: impl IntoIterator<Item = T>, test: impl Fn(T) -> Tri) -> Tri {
    let mut result = Tri::from(false);
    for item in items {
        match test(item) {
            Tri::Yes => return Tri::Yes,
            Tri::Maybe(why) if result.is_no() => result = Tri::Maybe(why),
            _ => {}
        }
    }
    result
}

/// The first No if any item is No; else the first Maybe; else Yes.
fn all<T>(items: impl IntoIterator<Item = T>, test: impl Fn(T) -> Tri) -> Tri {
    let mut result = Tri::Yes;
    for item in items {
        match test(item) {
            no @ Tri::No(_) => return no,
            Tri::Maybe(why) if result == Tri::Yes => result = Tri::Maybe(why),
            _ => {}
        }
    }
    result
}

// ---- Statements and the decision ----

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Effect {
    Allow,
    Deny,
}

/// One statement, judged. `effect` is `None` when it is malformed; its outcome is then never Yes.
struct Verdict<'p> {
    /// The statement's place, 1-based, and its `Sid`: named only when the decision needs it.
    index: usize,
    sid: Option<&'p Node>,
    effect: Option<Effect>,
    outcome: Tri,
    /// Its principal and action are not ruled out.
    targets: bool,
}

impl Verdict<'_> {
    /// `statement "Sid"`, or `statement 3` without a Sid.
    fn name(&self, resolve: Resolve<'_>) -> String {
        match self.sid.and_then(|sid| text(sid, resolve)) {
            Some(sid) if !sid.is_empty() => format!("statement {}", quote(&sid)),
            _ => format!("statement {}", self.index),
        }
    }

    fn unknown(&self, resolve: Resolve<'_>) -> Decision {
        Decision::Unknown { because: format!("{}: {}", self.name(resolve), self.outcome.reason()) }
    }
}

fn judge<'p>(index: usize, statement: &'p Node, request: &Request, resolve: Resolve<'_>, words: Words) -> Verdict<'p> {
    let Node::Map(map) = statement else {
        let why = format!("{} is not a statement mapping", show(statement, resolve));
        return Verdict { index, sid: None, effect: None, outcome: Tri::Maybe(why), targets: false };
    };
    let sid = map.get("Sid");
    // The parts in order, each judged only while none before it is a No: the outcome is the
    // first No, else the first Maybe, else Yes (as `all` decides), without the cost of explaining
    // parts that cannot change it.
    let action_part = || {
        element(map, ["Action", "NotAction"], &request.action, true, resolve, words, |list| {
            any_pattern(list, resolve, |pattern| glob_ignore_case(pattern, &request.action))
        })
    };
    let resource_part = || {
        element(map, ["Resource", "NotResource"], &request.resource, false, resolve, words, |list| {
            any_pattern(list, resolve, |pattern| glob(pattern, &request.resource))
        })
    };
    let condition_part = || conditions(map, request, resolve, words);
    let parts: [&dyn Fn() -> Tri; 4] =
        [&|| principal(map, &request.caller, resolve, words), &action_part, &resource_part, &condition_part];
    let mut outcome = Tri::Yes;
    let mut targets = true;
    for (i, part) in parts.iter().enumerate() {
        match part() {
            no @ Tri::No(_) => {
                // Principal (0) or action (1) ruled out: the statement does not target the request.
                targets &= i > 1;
                outcome = no;
                break;
            }
            Tri::Maybe(why) if outcome == Tri::Yes => outcome = Tri::Maybe(why),
            _ => {}
        }
    }
    let effect = match effect(map, resolve) {
        Ok(effect) => Some(effect),
        Err(why) => {
            if !outcome.is_no() {
                outcome = Tri::Maybe(why);
            }
            None
        }
    };
    Verdict { index, sid, effect, outcome, targets }
}

fn effect(map: &NodeMap, resolve: Resolve<'_>) -> Result<Effect, String> {
    let node = map.get("Effect").ok_or("it has no Effect")?;
    match item(node, resolve).map_err(|why| format!("Effect: {why}"))?.as_str() {
        "Allow" => Ok(Effect::Allow),
        "Deny" => Ok(Effect::Deny),
        other => Err(format!("Effect {} is neither Allow nor Deny", quote(other))),
    }
}

/// Explicit Deny first; no possible Allow is an implicit deny; then any doubt is Unknown.
fn decide(verdicts: &[Verdict<'_>], resolve: Resolve<'_>) -> Decision {
    let deny = strongest(verdicts, Effect::Deny);
    let allow = strongest(verdicts, Effect::Allow);
    match (deny, allow) {
        (Some(d), _) if d.outcome == Tri::Yes => Decision::Denied { statement: d.name(resolve) },
        (_, None) => Decision::NotAllowed { misses: misses(verdicts, resolve) },
        (Some(d), Some(_)) => d.unknown(resolve),
        (None, Some(a)) if a.outcome == Tri::Yes => Decision::Allowed { statement: a.name(resolve) },
        (None, Some(a)) => a.unknown(resolve),
    }
}

/// The first statement that may have `effect` and matches Yes, else the first that matches Maybe.
fn strongest<'v, 'p>(verdicts: &'v [Verdict<'p>], effect: Effect) -> Option<&'v Verdict<'p>> {
    let mut candidates = verdicts.iter().filter(|v| v.effect.is_none_or(|e| e == effect) && !v.outcome.is_no());
    let first = candidates.clone().next();
    candidates.find(|v| v.outcome == Tri::Yes).or(first)
}

/// What each Allow statement missed: those whose principal and action matched, else all of them.
fn misses(verdicts: &[Verdict<'_>], resolve: Resolve<'_>) -> Vec<Miss> {
    let allows: Vec<&Verdict> = verdicts.iter().filter(|v| v.effect == Some(Effect::Allow)).collect();
    let targeted: Vec<&Verdict> = allows.iter().copied().filter(|v| v.targets).collect();
    let chosen = if targeted.is_empty() { allows } else { targeted };
    let miss = |v: &Verdict| Miss { statement: v.name(resolve), reason: v.outcome.reason().into() };
    chosen.into_iter().map(miss).collect()
}

// ---- Principal, Action, Resource ----

/// Matches the element `name` (or its negation `not_name`) against `subject` with `hit`.
/// Absent, it matches unless `required`.
fn element(
    map: &NodeMap,
    [name, not_name]: [&str; 2],
    subject: &dyn std::fmt::Display,
    required: bool,
    resolve: Resolve<'_>,
    words: Words,
    hit: impl Fn(&Node) -> Tri,
) -> Tri {
    match (map.get(name), map.get(not_name)) {
        (None, None) if required => Tri::Maybe(format!("it has neither {name} nor {not_name}")),
        (None, None) => Tri::Yes,
        (Some(_), Some(_)) => Tri::Maybe(format!("it has both {name} and {not_name}")),
        (Some(node), None) => hit(node).explain(
            words,
            || name.to_owned(),
            || format!("{} {} does not include {subject}", name.to_lowercase(), show(node, resolve)),
        ),
        (None, Some(node)) => hit(node).not().explain(
            words,
            || not_name.to_owned(),
            || format!("{not_name} {} includes {subject}", show(node, resolve)),
        ),
    }
}

fn principal(map: &NodeMap, caller: &Caller, resolve: Resolve<'_>, words: Words) -> Tri {
    element(map, ["Principal", "NotPrincipal"], caller, false, resolve, words, |principal| {
        let Node::Map(kinds) = principal else {
            return match item(principal, resolve) {
                Ok(star) if star == "*" => Tri::Yes,
                Ok(other) => Tri::Maybe(format!("{} is neither \"*\" nor a mapping", quote(&other))),
                Err(why) => Tri::Maybe(why),
            };
        };
        let named = kinds.iter().flat_map(|(kind, names)| items(names).iter().map(move |n| (kind, n)));
        any(named, |(kind, name)| match item(name, resolve) {
            Ok(name) => Tri::from(names_caller(kind, &name, caller)),
            Err(why) => Tri::Maybe(why),
        })
    })
}

/// Whether the principal `name` of kind `kind` (`AWS`, `Service`, …) is `caller`.
fn names_caller(kind: &str, name: &str, caller: &Caller) -> bool {
    match (kind, caller) {
        ("AWS", _) if name == "*" => true,
        ("AWS", Caller::Aws { arn, account }) => name == arn || name == account || root_account(name) == Some(account),
        ("Service", Caller::Service(service)) => name.eq_ignore_ascii_case(service),
        _ => false,
    }
}

/// The account of `arn:<partition>:iam::<account>:root`.
pub(crate) fn root_account(name: &str) -> Option<&str> {
    match name.split(':').collect::<Vec<_>>()[..] {
        ["arn", _, "iam", "", account, "root"] => Some(account),
        _ => None,
    }
}

/// Whether any value of `list` (a list or a single value) is a pattern that `matches`.
fn any_pattern(list: &Node, resolve: Resolve<'_>, matches: impl Fn(&str) -> bool) -> Tri {
    any(items(list), |node| match item(node, resolve) {
        Ok(pattern) => Tri::from(matches(&pattern)),
        Err(why) => Tri::Maybe(why),
    })
}

/// IAM wildcard match: `*` is any run of characters, `?` any one character.
fn glob(pattern: &str, text: &str) -> bool {
    glob_by(pattern, text, |p, t| p == t)
}

/// [`glob`] ignoring ASCII case, as IAM compares actions.
fn glob_ignore_case(pattern: &str, text: &str) -> bool {
    glob_by(pattern, text, |p, t| p.eq_ignore_ascii_case(&t))
}

/// `*` matches any run of characters, `?` one character, anything else a character `same` as it.
/// ASCII text (nearly every ARN and action) is matched byte by byte, without allocating.
fn glob_by(pattern: &str, text: &str, same: impl Fn(char, char) -> bool) -> bool {
    if pattern.is_ascii() && text.is_ascii() {
        let (p, t) = (pattern.as_bytes(), text.as_bytes());
        glob_units(p.len(), t.len(), |pi| char::from(p[pi]), |ti| char::from(t[ti]), same)
    } else {
        let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
        glob_units(p.len(), t.len(), |pi| p[pi], |ti| t[ti], same)
    }
}

fn glob_units(
    p_len: usize,
    t_len: usize,
    p: impl Fn(usize) -> char,
    t: impl Fn(usize) -> char,
    same: impl Fn(char, char) -> bool,
) -> bool {
    let (mut pi, mut ti) = (0, 0);
    let mut star: Option<(usize, usize)> = None; // (pattern index after `*`, text index)
    while ti < t_len {
        if pi < p_len && (p(pi) == '?' || (p(pi) != '*' && same(p(pi), t(ti)))) {
            (pi, ti) = (pi + 1, ti + 1);
        } else if pi < p_len && p(pi) == '*' {
            star = Some((pi + 1, ti));
            pi += 1;
        } else if let Some((after, from)) = star {
            star = Some((after, from + 1));
            (pi, ti) = (after, from + 1);
        } else {
            return false;
        }
    }
    (pi..p_len).all(|i| p(i) == '*')
}

/// ARN match: the first six `:`-separated parts compared one by one, each with wildcards (the
/// last part keeps its colons). A value with fewer than six parts is not an ARN and never matches.
fn arn_like(pattern: &str, arn: &str) -> bool {
    let (p, a): (Vec<&str>, Vec<&str>) = (pattern.splitn(6, ':').collect(), arn.splitn(6, ':').collect());
    p.len() == 6 && a.len() == 6 && p.iter().zip(&a).all(|(p, a)| glob(p, a))
}

// ---- Conditions ----

/// A condition operator such as `ForAnyValue:StringNotLikeIfExists`, taken apart.
struct Operator {
    set: Set,
    test: Test,
    negated: bool,
    if_exists: bool,
}

#[derive(Clone, Copy)]
enum Set {
    Single,
    AnyValue,
    AllValues,
}

/// What compares one request value with one policy value.
#[derive(Clone, Copy)]
enum Test {
    Equals,
    EqualsIgnoreCase,
    Like,
    Arn,
    /// `(request, policy)`.
    Numeric(fn(f64, f64) -> bool),
    Bool,
    Null,
    /// Date, IP address and binary operators: not evaluated here.
    Undecided,
}

impl Operator {
    fn parse(name: &str) -> Option<Operator> {
        let (set, rest) = match name.split_once(':') {
            Some(("ForAnyValue", rest)) => (Set::AnyValue, rest),
            Some(("ForAllValues", rest)) => (Set::AllValues, rest),
            Some(_) => return None,
            None => (Set::Single, name),
        };
        let (base, if_exists) = rest.strip_suffix("IfExists").map_or((rest, false), |b| (b, true));
        let (test, negated) = match base {
            "StringEquals" => (Test::Equals, false),
            "StringNotEquals" => (Test::Equals, true),
            "StringEqualsIgnoreCase" => (Test::EqualsIgnoreCase, false),
            "StringNotEqualsIgnoreCase" => (Test::EqualsIgnoreCase, true),
            "StringLike" => (Test::Like, false),
            "StringNotLike" => (Test::Like, true),
            "ArnEquals" | "ArnLike" => (Test::Arn, false),
            "ArnNotEquals" | "ArnNotLike" => (Test::Arn, true),
            "NumericEquals" => (Test::Numeric(|r, p| r == p), false),
            "NumericNotEquals" => (Test::Numeric(|r, p| r == p), true),
            "NumericLessThan" => (Test::Numeric(|r, p| r < p), false),
            "NumericLessThanEquals" => (Test::Numeric(|r, p| r <= p), false),
            "NumericGreaterThan" => (Test::Numeric(|r, p| r > p), false),
            "NumericGreaterThanEquals" => (Test::Numeric(|r, p| r >= p), false),
            "Bool" => (Test::Bool, false),
            "Null" => (Test::Null, false),
            "DateNotEquals" | "NotIpAddress" => (Test::Undecided, true),
            b if b.starts_with("Date") || b == "IpAddress" || b == "BinaryEquals" => (Test::Undecided, false),
            _ => return None,
        };
        Some(Operator { set, test, negated, if_exists })
    }
}

impl Test {
    /// Whether the request value matches the policy value (before any negation).
    fn matches(self, policy: &str, request: &str) -> Tri {
        Tri::from(match self {
            Test::Equals => policy == request,
            Test::EqualsIgnoreCase => policy.to_lowercase() == request.to_lowercase(),
            Test::Like => glob(policy, request),
            Test::Arn => arn_like(policy, request),
            Test::Numeric(compare) => match (request.parse(), policy.parse()) {
                (Ok(r), Ok(p)) => compare(r, p),
                _ => false,
            },
            Test::Bool => policy.eq_ignore_ascii_case(request),
            Test::Null | Test::Undecided => {
                return Tri::Maybe("the operator is not evaluated".into());
            }
        })
    }
}

/// All operators, and all keys of each, must hold.
fn conditions(map: &NodeMap, request: &Request, resolve: Resolve<'_>, words: Words) -> Tri {
    let Some(block) = map.get("Condition") else { return Tri::Yes };
    let Node::Map(operators) = block else {
        return Tri::Maybe(format!("Condition {} is not a mapping", show(block, resolve)));
    };
    all(operators, |(name, keys)| {
        let Some(operator) = Operator::parse(name) else {
            return Tri::Maybe(format!("condition operator {name} is unknown"));
        };
        let Node::Map(keys) = keys else {
            return Tri::Maybe(format!("condition {name}: {} is not a mapping", show(keys, resolve)));
        };
        all(keys, |(key, values)| {
            let result = condition(&operator, key, values, request, resolve);
            result.explain(
                words,
                || format!("condition {name} {key}"),
                || {
                    let policy = format!("{{{}: {}}}", quote(key), show(values, resolve));
                    format!("condition {name} {policy} is not met: {}", carries(key, &request.values(key)))
                },
            )
        })
    })
}

/// "the request carries no k" / "the request has k = "v"" / "the request has k = ["v", "w"]".
fn carries(key: &str, values: &[&str]) -> String {
    let quoted: Vec<String> = values.iter().map(|v| quote(v)).collect();
    match &quoted[..] {
        [] => format!("the request carries no {key}"),
        [one] => format!("the request has {key} = {one}"),
        many => format!("the request has {key} = [{}]", many.join(", ")),
    }
}

/// One key of one operator: any policy value may match.
fn condition(operator: &Operator, key: &str, values: &Node, request: &Request, resolve: Resolve<'_>) -> Tri {
    let policy: Vec<Result<String, String>> = items(values).iter().map(|n| item(n, resolve)).collect();
    let present = request.values(key);
    match operator.test {
        Test::Null => any(&policy, |value| match value {
            Ok(value) => null(value, present.is_empty()),
            Err(why) => Tri::Maybe(why.clone()),
        }),
        _ if present.is_empty() => absent(operator),
        _ => compare(operator, &policy, &present),
    }
}

/// `Null`: "true" holds when the key is absent, "false" when it is present.
fn null(policy: &str, absent: bool) -> Tri {
    Tri::from(match policy.to_ascii_lowercase().as_str() {
        "true" => absent,
        "false" => !absent,
        _ => false,
    })
}

/// A key the request lacks: `ForAllValues` holds, `ForAnyValue` does not (even with `IfExists`);
/// otherwise negated and `…IfExists` operators hold and positive ones do not.
fn absent(operator: &Operator) -> Tri {
    Tri::from(match operator.set {
        Set::AnyValue => false,
        Set::AllValues => true,
        Set::Single => operator.negated || operator.if_exists,
    })
}

/// The request's values against the policy's: a negated operator holds for a request value
/// that matches none of the policy values.
fn compare(operator: &Operator, policy: &[Result<String, String>], present: &[&str]) -> Tri {
    let matches_any = |request: &&str| {
        any(policy, |value| match value {
            Ok(value) => operator.test.matches(value, request),
            Err(why) => Tri::Maybe(why.clone()),
        })
    };
    let holds = |request: &&str| {
        let matched = matches_any(request);
        if operator.negated { matched.not() } else { matched }
    };
    match operator.set {
        Set::Single if operator.negated => any(present, matches_any).not(),
        Set::Single | Set::AnyValue => any(present, holds),
        Set::AllValues => all(present, holds),
    }
}

// ---- Values ----

/// The elements of a list, or the one value that stands for a list.
fn items(node: &Node) -> &[Node] {
    match node {
        Node::List(items) => items,
        one => std::slice::from_ref(one),
    }
}

/// Scalars as they are; anything else through the resolver.
fn text(node: &Node, resolve: Resolve<'_>) -> Option<String> {
    match node {
        Node::String(s) => Some(s.clone()),
        Node::Bool(b) => Some(b.to_string()),
        Node::Int(i) => Some(i.to_string()),
        Node::Float(x) => Some(x.to_string()),
        Node::BigInt(digits) => Some(digits.clone()),
        _ => resolve(node),
    }
}

/// A concrete policy value, or why it is not known (unresolvable, or a policy variable).
fn item(node: &Node, resolve: Resolve<'_>) -> Result<String, String> {
    match text(node, resolve) {
        Some(value) if value.contains("${") => Err(format!("{} uses a policy variable", quote(&value))),
        Some(value) => Ok(value),
        None => Err(format!("{} cannot be resolved", show(node, resolve))),
    }
}

/// A policy value as compact JSON, with intrinsics resolved where they can be.
fn show(node: &Node, resolve: Resolve<'_>) -> String {
    match node {
        Node::String(s) => quote(s),
        Node::List(items) => {
            let items: Vec<String> = items.iter().map(|n| show(n, resolve)).collect();
            format!("[{}]", items.join(", "))
        }
        Node::Map(map) => {
            let entries: Vec<String> = map.iter().map(|(k, v)| format!("{}: {}", quote(k), show(v, resolve))).collect();
            format!("{{{}}}", entries.join(", "))
        }
        Node::Fn(function, argument) => match resolve(node) {
            Some(value) => quote(&value),
            None => format!("{{{}: {}}}", quote(function.json_key()), show(argument, resolve)),
        },
        Node::Null => "null".into(),
        scalar => text(scalar, resolve).unwrap_or_default(),
    }
}

fn quote(s: &str) -> String {
    crate::format::json_write::quoted(s)
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::format::node_from_json;
    use crate::node::Function;

    const KEY: &str = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const LOG_ARN: &str = "kms:EncryptionContext:aws:logs:arn";
    const LOG_GROUP: &str = "arn:aws:logs:us-east-1:123456789012:log-group:/aws/vpc/flowlogs-x";

    /// Strings as they are; `Fn::Sub` with the pseudo parameters of one stack; nothing else.
    fn resolve(node: &Node) -> Option<String> {
        match node {
            Node::String(s) => Some(s.clone()),
            Node::Fn(Function::Sub, text) => Some(
                text.as_str()?
                    .replace("${AWS::Region}", "us-east-1")
                    .replace("${AWS::AccountId}", "123456789012")
                    .replace("${AWS::Partition}", "aws"),
            ),
            _ => None,
        }
    }

    fn eval(statements: Value, request: &Request) -> Decision {
        let policy = node_from_json(json!({"Version": "2012-10-17", "Statement": statements}));
        evaluate(&policy, request, &resolve)
    }

    fn role(arn: &str) -> Caller {
        let account = arn.split(':').nth(4).unwrap_or_default().to_owned();
        Caller::Aws { arn: arn.into(), account }
    }

    fn app_role() -> Caller {
        role("arn:aws:iam::123456789012:role/app")
    }

    /// `action` on the key by a role of the key's account.
    fn app(action: &str) -> Request {
        Request::new(app_role(), action, KEY)
    }

    fn logs(action: &str, log_group: &str) -> Request {
        let caller = Caller::Service("logs.us-east-1.amazonaws.com".into());
        Request::new(caller, action, KEY).with(LOG_ARN, log_group)
    }

    fn allowed(decision: &Decision) -> bool {
        match decision {
            Decision::Allowed { .. } => true,
            Decision::NotAllowed { .. } | Decision::Denied { .. } => false,
            Decision::Unknown { because } => panic!("undecided: {because}"),
        }
    }

    /// An Allow-everything statement guarded by `condition`, for a request with `context`.
    fn guarded(condition: Value, context: &[(&str, &str)]) -> Decision {
        let mut request = Request::new(app_role(), "s3:GetObject", "arn:aws:s3:::bucket/key");
        for (key, value) in context {
            request = request.with(*key, *value);
        }
        let statement = json!({"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*",
            "Condition": condition});
        eval(statement, &request)
    }

    fn holds(condition: Value, context: &[(&str, &str)]) -> bool {
        allowed(&guarded(condition, context))
    }

    fn allow_to(principal: Value) -> Value {
        json!({"Effect": "Allow", "Principal": principal, "Action": "kms:*", "Resource": "*"})
    }

    // ---- Condition operators ----

    #[test]
    fn string_equals_is_exact_and_ors_values() {
        let c = json!({"StringEquals": {"aws:SourceAccount": ["111111111111", "123456789012"]}});
        assert!(holds(c.clone(), &[("aws:SourceAccount", "123456789012")]));
        assert!(!holds(c.clone(), &[("aws:SourceAccount", "999999999999")]));
        assert!(!holds(c, &[]));
        assert!(!holds(json!({"StringEquals": {"k": "Abc"}}), &[("k", "abc")]));
    }

    #[test]
    fn string_not_equals_holds_when_absent_or_different() {
        let c = json!({"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}});
        assert!(holds(c.clone(), &[]));
        assert!(holds(c.clone(), &[("aws:PrincipalAccount", "999999999999")]));
        assert!(!holds(c, &[("aws:PrincipalAccount", "123456789012")]));
    }

    #[test]
    fn ignore_case_operators() {
        assert!(holds(json!({"StringEqualsIgnoreCase": {"k": "Abc"}}), &[("k", "aBC")]));
        assert!(!holds(json!({"StringNotEqualsIgnoreCase": {"k": "Abc"}}), &[("k", "aBC")]));
        assert!(holds(json!({"StringNotEqualsIgnoreCase": {"k": "Abc"}}), &[("k", "xyz")]));
    }

    #[test]
    fn string_like_wildcards_are_case_sensitive() {
        let c = json!({"StringLike": {"s3:prefix": "home/??/*"}});
        assert!(holds(c.clone(), &[("s3:prefix", "home/ab/docs/x")]));
        assert!(!holds(c.clone(), &[("s3:prefix", "home/abc")]));
        assert!(!holds(c, &[("s3:prefix", "HOME/ab/x")]));
        assert!(holds(json!({"StringNotLike": {"s3:prefix": "tmp/*"}}), &[("s3:prefix", "home/x")]));
        assert!(!holds(json!({"StringNotLike": {"s3:prefix": "tmp/*"}}), &[("s3:prefix", "tmp/x")]));
    }

    #[test]
    fn arn_like_compares_segment_by_segment() {
        let like =
            |pattern: &str, arn: &str| holds(json!({"ArnLike": {"aws:SourceArn": pattern}}), &[("aws:SourceArn", arn)]);
        assert!(like("arn:aws:logs:*:123456789012:*", LOG_GROUP));
        assert!(like("arn:aws:logs:us-east-?:123456789012:log-group:*", LOG_GROUP));
        // `*` does not span segments: five parts are not an ARN.
        assert!(!like("arn:aws:*:123456789012:*", LOG_GROUP));
        assert!(!like("*", LOG_GROUP));
        assert!(!like("arn:aws:logs:*:999999999999:*", LOG_GROUP));
        assert!(!like("arn:aws:logs:*:*:*", "not-an-arn"));
    }

    #[test]
    fn arn_equals_and_negations() {
        let arn = "arn:aws:sns:us-east-1:123456789012:topic";
        assert!(holds(json!({"ArnEquals": {"aws:SourceArn": arn}}), &[("aws:SourceArn", arn)]));
        assert!(!holds(json!({"ArnNotEquals": {"aws:SourceArn": arn}}), &[("aws:SourceArn", arn)]));
        assert!(holds(json!({"ArnNotLike": {"aws:SourceArn": "arn:aws:sqs:*:*:*"}}), &[("aws:SourceArn", arn)]));
        assert!(holds(json!({"ArnNotLike": {"aws:SourceArn": "arn:aws:sqs:*:*:*"}}), &[]));
    }

    #[test]
    fn bool_is_case_insensitive() {
        let c = json!({"Bool": {"aws:SecureTransport": "false"}});
        assert!(holds(c.clone(), &[("aws:SecureTransport", "FALSE")]));
        assert!(!holds(c.clone(), &[("aws:SecureTransport", "true")]));
        assert!(!holds(c, &[]));
        assert!(holds(
            json!({"Bool": {"aws:MultiFactorAuthPresent": true}}),
            &[("aws:MultiFactorAuthPresent", "true")]
        ));
    }

    #[test]
    fn numeric_operators() {
        let age = |op: &str, limit: i64, value: &str| {
            holds(json!({op: {"aws:MultiFactorAuthAge": limit}}), &[("aws:MultiFactorAuthAge", value)])
        };
        assert!(age("NumericLessThan", 3600, "60"));
        assert!(!age("NumericLessThan", 3600, "3600"));
        assert!(age("NumericLessThanEquals", 3600, "3600"));
        assert!(age("NumericGreaterThan", 10, "11.5"));
        assert!(age("NumericGreaterThanEquals", 10, "10"));
        assert!(age("NumericEquals", 10, "10.0"));
        assert!(age("NumericNotEquals", 10, "11"));
        assert!(!age("NumericEquals", 10, "ten"));
    }

    #[test]
    fn null_checks_presence() {
        let absent = json!({"Null": {"aws:TokenIssueTime": "true"}});
        let present = json!({"Null": {"aws:TokenIssueTime": "false"}});
        assert!(holds(absent.clone(), &[]));
        assert!(!holds(absent, &[("aws:TokenIssueTime", "2024-01-01T00:00:00Z")]));
        assert!(holds(present.clone(), &[("aws:TokenIssueTime", "2024-01-01T00:00:00Z")]));
        assert!(!holds(present, &[]));
    }

    #[test]
    fn if_exists_holds_when_absent_only() {
        let c = json!({"StringEqualsIfExists": {"aws:SourceVpc": "vpc-1"}});
        assert!(holds(c.clone(), &[]));
        assert!(holds(c.clone(), &[("aws:SourceVpc", "vpc-1")]));
        assert!(!holds(c, &[("aws:SourceVpc", "vpc-2")]));
    }

    #[test]
    fn for_any_value_needs_one_match_and_the_key() {
        let c = json!({"ForAnyValue:StringEquals": {"aws:TagKeys": ["env", "team"]}});
        assert!(holds(c.clone(), &[("aws:TagKeys", "owner"), ("aws:TagKeys", "team")]));
        assert!(!holds(c.clone(), &[("aws:TagKeys", "owner")]));
        assert!(!holds(c, &[]));
        // A missing key fails `ForAnyValue` even with `IfExists`.
        assert!(!holds(json!({"ForAnyValue:StringEqualsIfExists": {"aws:TagKeys": "env"}}), &[]));
        let not = json!({"ForAnyValue:StringNotEquals": {"aws:TagKeys": ["env", "team"]}});
        assert!(holds(not.clone(), &[("aws:TagKeys", "env"), ("aws:TagKeys", "owner")]));
        assert!(!holds(not, &[("aws:TagKeys", "env")]));
    }

    #[test]
    fn for_all_values_needs_every_value_and_holds_when_absent() {
        let c = json!({"ForAllValues:StringLike": {"aws:TagKeys": ["env", "team-*"]}});
        assert!(holds(c.clone(), &[("aws:TagKeys", "env"), ("aws:TagKeys", "team-a")]));
        assert!(!holds(c.clone(), &[("aws:TagKeys", "env"), ("aws:TagKeys", "owner")]));
        assert!(holds(c, &[]));
        let not = json!({"ForAllValues:StringNotEquals": {"aws:TagKeys": "secret"}});
        assert!(holds(not.clone(), &[("aws:TagKeys", "a"), ("aws:TagKeys", "b")]));
        assert!(!holds(not, &[("aws:TagKeys", "a"), ("aws:TagKeys", "secret")]));
    }

    #[test]
    fn condition_keys_are_case_insensitive_and_everything_ands() {
        let c = json!({
            "StringEquals": {"AWS:SourceAccount": "123456789012", "aws:SourceVpc": "vpc-1"},
            "Bool": {"aws:SecureTransport": "true"},
        });
        let all = [("aws:sourceaccount", "123456789012"), ("aws:SourceVpc", "vpc-1"), ("aws:SecureTransport", "true")];
        assert!(holds(c.clone(), &all));
        assert!(!holds(c.clone(), &all[..2]));
        assert!(!holds(c, &all[1..]));
    }

    #[test]
    fn undecided_operators_are_unknown_only_when_the_key_is_present() {
        let ip = json!({"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}});
        assert!(matches!(guarded(ip.clone(), &[("aws:SourceIp", "10.1.2.3")]), Decision::Unknown { .. }));
        assert!(!holds(ip, &[]));
        assert!(holds(json!({"NotIpAddress": {"aws:SourceIp": "10.0.0.0/8"}}), &[]));
        let date = json!({"DateGreaterThan": {"aws:CurrentTime": "2024-01-01T00:00:00Z"}});
        assert!(matches!(guarded(date, &[("aws:CurrentTime", "2025-01-01T00:00:00Z")]), Decision::Unknown { .. }));
    }

    #[test]
    fn unresolved_values_and_policy_variables_are_unknown() {
        let c = json!({"StringEquals": {"aws:SourceAccount": {"Ref": "TrustedAccount"}}});
        let decision = guarded(c, &[("aws:SourceAccount", "123456789012")]);
        assert_eq!(
            decision.to_string(),
            r#"cannot be decided: statement 1: condition StringEquals aws:SourceAccount: {"Ref": "TrustedAccount"} cannot be resolved"#
        );
        let c = json!({"StringLike": {"s3:prefix": "home/${aws:username}/*"}});
        let decision = guarded(c, &[("s3:prefix", "home/bob/x")]);
        assert!(decision.to_string().ends_with(r#""home/${aws:username}/*" uses a policy variable"#), "{decision}");
        // A definite match among the values decides despite an unresolved one.
        let c = json!({"StringEquals": {"aws:SourceAccount": [{"Ref": "Other"}, "123456789012"]}});
        assert!(holds(c, &[("aws:SourceAccount", "123456789012")]));
    }

    #[test]
    fn condition_misses_name_operator_key_and_values() {
        let c = json!({"ArnLike": {LOG_ARN: "arn:aws:logs:us-east-1:123456789012:*"}});
        let other = "arn:aws:logs:us-east-1:999999999999:log-group:/x";
        assert_eq!(
            guarded(c.clone(), &[(LOG_ARN, other)]).to_string(),
            format!(
                r#"no statement allows it: statement 1: condition ArnLike {{"{LOG_ARN}": "arn:aws:logs:us-east-1:123456789012:*"}} is not met: the request has {LOG_ARN} = "{other}""#
            )
        );
        assert!(guarded(c, &[]).to_string().ends_with(&format!("is not met: the request carries no {LOG_ARN}")));
    }

    // ---- Principals, actions, resources ----

    #[test]
    fn star_principals_match_services_and_accounts() {
        for principal in [json!("*"), json!({"AWS": "*"})] {
            assert!(allowed(&eval(allow_to(principal.clone()), &logs("kms:Decrypt", LOG_GROUP))));
            let request = Request::new(role("arn:aws:iam::999999999999:user/x"), "kms:Decrypt", KEY);
            assert!(allowed(&eval(allow_to(principal), &request)));
        }
    }

    #[test]
    fn aws_principal_forms() {
        let request = app("kms:Decrypt");
        for name in ["123456789012", "arn:aws:iam::123456789012:root", "arn:aws:iam::123456789012:role/app"] {
            assert!(allowed(&eval(allow_to(json!({"AWS": name})), &request)), "{name}");
        }
        for name in ["999999999999", "arn:aws:iam::999999999999:root", "arn:aws:iam::123456789012:role/other"] {
            assert!(!allowed(&eval(allow_to(json!({"AWS": name})), &request)), "{name}");
        }
        let root = json!({"AWS": {"Fn::Sub": "arn:${AWS::Partition}:iam::${AWS::AccountId}:root"}});
        assert!(allowed(&eval(allow_to(root), &request)));
    }

    #[test]
    fn principal_kinds_do_not_cross() {
        let service = logs("kms:Decrypt", LOG_GROUP);
        let account = app("kms:Decrypt");
        assert!(!allowed(&eval(allow_to(json!({"AWS": "123456789012"})), &service)));
        assert!(!allowed(&eval(allow_to(json!({"Service": "logs.us-east-1.amazonaws.com"})), &account)));
        assert!(allowed(&eval(allow_to(json!({"Service": "LOGS.us-east-1.amazonaws.com"})), &service)));
        for kind in ["Federated", "CanonicalUser"] {
            assert!(!allowed(&eval(allow_to(json!({kind: "*"})), &service)));
            assert!(!allowed(&eval(allow_to(json!({kind: "*"})), &account)));
        }
    }

    #[test]
    fn not_principal_matches_everyone_else() {
        let statement =
            |names: Value| json!({"Effect": "Deny", "NotPrincipal": {"AWS": names}, "Action": "*", "Resource": "*"});
        let request = app("kms:Decrypt");
        assert_eq!(
            eval(statement(json!("arn:aws:iam::123456789012:role/admin")), &request),
            Decision::Denied { statement: "statement 1".into() }
        );
        let exempt = eval(statement(json!(["arn:aws:iam::123456789012:role/app"])), &request);
        assert!(matches!(exempt, Decision::NotAllowed { .. }));
    }

    #[test]
    fn actions_match_with_wildcards_ignoring_case() {
        let statement = |actions: Value| json!({"Effect": "Allow", "Action": actions, "Resource": "*"});
        assert!(allowed(&eval(statement(json!("kms:ReEncrypt*")), &app("kms:ReEncryptFrom"))));
        assert!(allowed(&eval(statement(json!("KMS:decrypt")), &app("kms:Decrypt"))));
        assert!(allowed(&eval(statement(json!("kms:*")), &app("kms:CreateGrant"))));
        assert!(allowed(&eval(statement(json!("*")), &app("s3:GetObject"))));
        assert!(allowed(&eval(statement(json!("kms:?ecrypt")), &app("kms:Decrypt"))));
        assert!(!allowed(&eval(statement(json!(["kms:Encrypt", "kms:Decrypt"])), &app("kms:ReEncryptTo"))));
    }

    #[test]
    fn not_action_matches_every_other_action() {
        let statement = json!({"Effect": "Allow", "Principal": "*", "NotAction": ["kms:Delete*", "kms:ScheduleKeyDeletion"], "Resource": "*"});
        assert!(allowed(&eval(statement.clone(), &app("kms:Decrypt"))));
        let decision = eval(statement, &app("kms:ScheduleKeyDeletion"));
        assert_eq!(
            decision.to_string(),
            r#"no statement allows it: statement 1: NotAction ["kms:Delete*", "kms:ScheduleKeyDeletion"] includes kms:ScheduleKeyDeletion"#
        );
    }

    #[test]
    fn resources_match_with_case_sensitive_wildcards() {
        let statement = |resource: Value| json!({"Effect": "Allow", "Action": "s3:*", "Resource": resource});
        let request = Request::new(app_role(), "s3:GetObject", "arn:aws:s3:::logs/2024/a.gz");
        assert!(allowed(&eval(statement(json!("arn:aws:s3:::logs/*")), &request)));
        assert!(!allowed(&eval(statement(json!("arn:aws:s3:::LOGS/*")), &request)));
        assert!(!allowed(&eval(statement(json!(["arn:aws:s3:::other/*"])), &request)));
        let not = json!({"Effect": "Allow", "Action": "s3:*", "NotResource": "arn:aws:s3:::secret/*"});
        assert!(allowed(&eval(not, &request)));
    }

    // ---- Combining statements ----

    #[test]
    fn explicit_deny_beats_allow() {
        let statements = json!([
            allow_to(json!("*")),
            {"Sid": "NoDeletes", "Effect": "Deny", "Principal": "*", "Action": "kms:ScheduleKeyDeletion", "Resource": "*"},
        ]);
        let decision = eval(statements.clone(), &app("kms:ScheduleKeyDeletion"));
        assert_eq!(decision.to_string(), r#"denied by statement "NoDeletes""#);
        assert_eq!(eval(statements, &app("kms:Decrypt")).to_string(), "allowed by statement 1");
    }

    #[test]
    fn maybe_deny_makes_allow_unknown_but_not_a_refusal() {
        let maybe_deny =
            json!({"Effect": "Deny", "Principal": {"AWS": {"Ref": "Blocked"}}, "Action": "*", "Resource": "*"});
        let request = app("kms:Decrypt");
        let decision = eval(json!([allow_to(json!("*")), maybe_deny.clone()]), &request);
        assert_eq!(
            decision.to_string(),
            r#"cannot be decided: statement 2: Principal: {"Ref": "Blocked"} cannot be resolved"#
        );
        // Nothing could allow it anyway: the refusal is certain.
        assert!(matches!(eval(json!([maybe_deny]), &request), Decision::NotAllowed { .. }));
    }

    #[test]
    fn maybe_allow_is_unknown_unless_another_allow_is_definite() {
        let maybe = json!({"Effect": "Allow", "Principal": {"AWS": {"Fn::ImportValue": "Admins"}}, "Action": "*", "Resource": "*"});
        let request = app("kms:Decrypt");
        assert!(matches!(eval(json!([maybe.clone()]), &request), Decision::Unknown { .. }));
        assert!(allowed(&eval(json!([maybe, allow_to(json!({"AWS": "123456789012"}))]), &request)));
    }

    #[test]
    fn malformed_statements_matter_only_when_they_could_match() {
        let request = app("kms:Decrypt");
        let no_effect = json!({"Sid": "Broken", "Principal": "*", "Action": "kms:*", "Resource": "*"});
        let decision = eval(json!([allow_to(json!("*")), no_effect]), &request);
        assert_eq!(decision.to_string(), r#"cannot be decided: statement "Broken": it has no Effect"#);
        let elsewhere = json!({"Effect": "Permit", "Action": "s3:*", "Resource": "*"});
        assert!(allowed(&eval(json!([allow_to(json!("*")), elsewhere]), &request)));
        let not_a_map = json!({"Fn::If": ["Strict", {"Effect": "Deny"}, {"Ref": "AWS::NoValue"}]});
        assert!(matches!(eval(json!([allow_to(json!("*")), not_a_map]), &request), Decision::Unknown { .. }));
    }

    #[test]
    fn single_statement_and_identity_policy() {
        let statement = json!({"Effect": "Allow", "Action": "kms:Decrypt", "Resource": KEY});
        assert!(allowed(&eval(statement, &logs("kms:Decrypt", LOG_GROUP))));
        let none =
            evaluate(&node_from_json(json!({"Version": "2012-10-17"})), &logs("kms:Decrypt", LOG_GROUP), &resolve);
        assert_eq!(none.to_string(), "no statement allows it: the policy has no Allow statement");
        let conditional = node_from_json(json!({"Fn::If": ["Strict", {"Statement": []}, {}]}));
        let decision = evaluate(&conditional, &logs("kms:Decrypt", LOG_GROUP), &resolve);
        assert!(decision.to_string().ends_with("is not a mapping"), "{decision}");
    }

    #[test]
    fn misses_prefer_statements_that_target_the_caller_and_action() {
        let statements = json!([
            allow_to(json!({"AWS": "999999999999"})),
            {"Sid": "Scoped", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*",
             "Condition": {"StringEquals": {"kms:CallerAccount": "123456789012"}}},
        ]);
        let decision = eval(statements, &app("kms:Decrypt"));
        let Decision::NotAllowed { misses } = decision else { panic!("{decision}") };
        assert_eq!(misses.len(), 1);
        assert_eq!(misses[0].statement, r#"statement "Scoped""#);
        assert!(misses[0].reason.ends_with("the request carries no kms:CallerAccount"));
    }

    // ---- The two failure analyses' key policies: the PCI stack's and the HIPAA stack's ----

    fn root() -> Value {
        json!({"Sid": "Enable IAM policies", "Effect": "Allow",
            "Principal": {"AWS": {"Fn::Sub": "arn:aws:iam::${AWS::AccountId}:root"}}, "Action": "kms:*", "Resource": "*"})
    }

    fn pci_stack_broken() -> Vec<Value> {
        vec![
            root(),
            json!({"Sid": "Allow services to use the key", "Effect": "Allow",
                "Principal": {"Service": ["s3.amazonaws.com", "lambda.amazonaws.com", "logs.amazonaws.com"]},
                "Action": ["kms:Decrypt", "kms:GenerateDataKey", "kms:CreateGrant"], "Resource": "*"}),
        ]
    }

    fn pci_stack_fixed() -> Vec<Value> {
        let mut statements = pci_stack_broken();
        statements.push(json!({"Sid": "Allow CloudWatch Logs to use the key", "Effect": "Allow",
            "Principal": {"Service": {"Fn::Sub": "logs.${AWS::Region}.amazonaws.com"}},
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:DescribeKey"],
            "Resource": "*",
            "Condition": {"ArnLike": {LOG_ARN: {"Fn::Sub": "arn:aws:logs:${AWS::Region}:${AWS::AccountId}:*"}}}}));
        statements
    }

    #[test]
    fn the_pci_stacks_generic_statement_with_the_global_logs_principal_refuses_logs() {
        let decision = eval(Value::from(pci_stack_broken()), &logs("kms:GenerateDataKey", LOG_GROUP));
        assert!(matches!(decision, Decision::NotAllowed { ref misses } if misses.len() == 2), "{decision}");
        assert_eq!(
            decision.to_string(),
            "no statement allows it: \
             statement \"Enable IAM policies\": principal {\"AWS\": \"arn:aws:iam::123456789012:root\"} does not include the service logs.us-east-1.amazonaws.com; \
             statement \"Allow services to use the key\": principal {\"Service\": [\"s3.amazonaws.com\", \"lambda.amazonaws.com\", \"logs.amazonaws.com\"]} \
             does not include the service logs.us-east-1.amazonaws.com"
        );
    }

    #[test]
    fn the_pci_stacks_fixed_statement_allows_logs_in_its_account_only() {
        let fixed = Value::from(pci_stack_fixed());
        for action in ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"] {
            assert_eq!(
                eval(fixed.clone(), &logs(action, LOG_GROUP)).to_string(),
                r#"allowed by statement "Allow CloudWatch Logs to use the key""#
            );
        }
        let foreign = "arn:aws:logs:us-east-1:999999999999:log-group:/x";
        let decision = eval(fixed, &logs("kms:GenerateDataKey", foreign));
        let Decision::NotAllowed { misses } = &decision else { panic!("{decision}") };
        assert_eq!(misses.len(), 1, "{decision}");
        assert_eq!(
            misses[0].reason,
            format!(
                r#"condition ArnLike {{"{LOG_ARN}": "arn:aws:logs:us-east-1:123456789012:*"}} is not met: the request has {LOG_ARN} = "{foreign}""#
            )
        );
    }

    #[test]
    fn the_pci_stacks_fixed_policy_with_a_data_perimeter_denies_service_principals() {
        let mut statements = pci_stack_fixed();
        statements.push(
            json!({"Sid": "DenyOutsideAccount", "Effect": "Deny", "Principal": "*", "Action": "kms:*", "Resource": "*",
            "Condition": {"StringNotEquals": {"aws:PrincipalAccount": "123456789012"}}}),
        );
        let decision = eval(Value::from(statements), &logs("kms:GenerateDataKey", LOG_GROUP));
        assert_eq!(decision.to_string(), r#"denied by statement "DenyOutsideAccount""#);
    }

    #[test]
    fn the_hipaa_stacks_rds_key_without_a_logs_statement_refuses_logs() {
        let statements = json!([
            root(),
            {"Sid": "Allow access through RDS", "Effect": "Allow", "Principal": {"AWS": "*"},
             "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:DescribeKey"],
             "Resource": "*",
             "Condition": {"StringEquals": {"kms:ViaService": "rds.us-east-1.amazonaws.com"}}},
        ]);
        let decision = eval(statements, &logs("kms:GenerateDataKey", LOG_GROUP));
        assert_eq!(
            decision.to_string(),
            "no statement allows it: statement \"Allow access through RDS\": condition StringEquals \
             {\"kms:ViaService\": \"rds.us-east-1.amazonaws.com\"} is not met: the request carries no kms:ViaService"
        );
    }
}
