//! How the YAML writer writes one scalar: what its text allows (libyaml's analysis), the style
//! it is given (plain, quoted, literal block) in its place, the YAML 1.1 rule CloudFormation
//! needs, and numbers as serde_yaml wrote them.

use crate::format::write::{Exponent, decimal};

/// How a scalar is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
}

/// What a scalar's text allows, from one pass over it (libyaml's analysis, for block context:
/// scalars never stand inside `[…]` or `{…}` here, which hold nothing).
#[derive(Debug, Clone, Copy)]
pub(super) struct Analysis {
    /// It holds `\n`.
    pub(super) newline: bool,
    /// It holds a line break.
    pub(super) multiline: bool,
    /// It may be written plain.
    pub(super) plain: bool,
    /// It may be single-quoted (no spaces around line breaks, nothing that needs an escape).
    pub(super) single_quoted: bool,
    /// It may be a literal block (no trailing space, nothing that needs an escape).
    pub(super) block: bool,
}

/// Whether libyaml writes `c` as it is in quotes (else it is escaped, and the scalar
/// double-quoted). Tab is not among them. U+2028 and U+2029 are left out on purpose (see the
/// module docs).
pub(super) fn printable(c: char) -> bool {
    matches!(c, '\n' | ' '..='~' | '\u{a0}'..='\u{2027}' | '\u{202a}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
        && c != '\u{feff}'
}

/// Whether the character at `at` is a line break as libyaml counts them (`\n`, `\r`, U+0085;
/// U+2028 and U+2029 are escaped here, so they break nothing).
fn break_at(bytes: &[u8], at: usize) -> bool {
    match bytes.get(at) {
        Some(b'\n' | b'\r') => true,
        Some(0xc2) => bytes.get(at + 1) == Some(&0x85),
        _ => false,
    }
}

/// Whether the character at `at` is a space, a tab, a line break or NUL, or the text ends there.
fn blank_at(bytes: &[u8], at: usize) -> bool {
    matches!(bytes.get(at), None | Some(b' ' | b'\t' | b'\0')) || break_at(bytes, at)
}

/// What was seen last, for spaces next to line breaks.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    Space,
    Break,
    Other,
}

/// One pass over the bytes: most are letters, digits and punctuation that change nothing.
pub(super) fn analyze(text: &str) -> Analysis {
    let bytes = text.as_bytes();
    let Some(&first) = bytes.first() else {
        return Analysis { newline: false, multiline: false, plain: true, single_quoted: true, block: false };
    };
    // Indicators that end a plain scalar or start another node where it stands: at the start
    // (`- `, `? `, `: ` only before a blank), or `: ` and ` #` anywhere.
    let mut indicators = bytes.starts_with(b"---")
        || bytes.starts_with(b"...")
        || (super::super::is_indicator(first) && !matches!(first, b'?' | b':' | b'-'))
        || (matches!(first, b'?' | b':' | b'-') && blank_at(bytes, 1));
    let (mut newline, mut line_breaks, mut special) = (false, false, false);
    let (mut break_space, mut space_break) = (false, false);
    let mut last = Last::Other;
    let mut preceded_by_blank = true;
    let mut at = 0;
    while at < bytes.len() {
        let byte = bytes[at];
        let mut width = 1;
        // Whether this character is blank, for a `#` after it.
        let mut blank = false;
        match byte {
            b':' => {
                indicators |= blank_at(bytes, at + 1);
                last = Last::Other;
            }
            b'#' => {
                indicators |= preceded_by_blank;
                last = Last::Other;
            }
            0x21..=0x7e => last = Last::Other,
            b' ' => {
                break_space |= last == Last::Break;
                last = Last::Space;
                blank = true;
            }
            b'\n' | b'\r' => {
                newline |= byte == b'\n';
                special |= byte == b'\r';
                line_breaks = true;
                space_break |= last == Last::Space;
                last = Last::Break;
                blank = true;
            }
            0x80.. => {
                let c = text[at..].chars().next().unwrap_or(char::REPLACEMENT_CHARACTER);
                width = c.len_utf8();
                special |= !printable(c);
                if c == '\u{85}' {
                    line_breaks = true;
                    space_break |= last == Last::Space;
                    last = Last::Break;
                    blank = true;
                } else {
                    last = Last::Other;
                }
            }
            // Tab, NUL, the other control characters and DEL are escaped.
            _ => {
                special = true;
                last = Last::Other;
                blank = matches!(byte, b'\t' | b'\0');
            }
        }
        preceded_by_blank = blank;
        at += width;
    }
    let leading_space = first == b' ';
    let trailing_space = bytes.last() == Some(&b' ');
    Analysis {
        newline,
        multiline: line_breaks,
        plain: !(leading_space || trailing_space || line_breaks || special || indicators),
        single_quoted: !(break_space || space_break || special),
        block: !(trailing_space || space_break || special),
    }
}

/// What a string asks for before its context is known: a literal block if it has a line
/// break; quotes if a YAML 1.2 reader would take it plain as a non-string (serde_yaml's
/// choice); otherwise the plainest style it allows.
pub(super) fn requested_style(text: &str, analysis: &Analysis) -> Option<Style> {
    if analysis.newline {
        Some(Style::Literal)
    } else if yaml12::non_string(text) {
        Some(Style::SingleQuoted)
    } else {
        None
    }
}

/// The style a scalar is written in: `requested` (`None`: the plainest), moved to a quoted style
/// where the text or its place does not allow it, then the YAML 1.1 rule for strings.
pub(super) fn scalar_style(
    text: &str,
    analysis: &Analysis,
    requested: Option<Style>,
    simple_key: bool,
    string: bool,
) -> Style {
    let mut style = requested.unwrap_or(Style::Plain);
    if simple_key && analysis.multiline {
        style = Style::DoubleQuoted;
    }
    if style == Style::Plain && (!analysis.plain || (text.is_empty() && simple_key)) {
        style = Style::SingleQuoted;
    }
    if style == Style::SingleQuoted && !analysis.single_quoted {
        style = Style::DoubleQuoted;
    }
    if style == Style::Literal && (!analysis.block || simple_key) {
        style = Style::DoubleQuoted;
    }
    // A YAML 1.1 reader takes these plain (and `007`, which YAML 1.2 reads as text but
    // serde_yaml quotes, as an octal number): double quotes keep them strings.
    if string && (style == Style::Plain || yaml12::leading_zero_digits(text)) && yaml11::non_string(text) {
        style = Style::DoubleQuoted;
    }
    style
}

/// `float` as serde_yaml writes it (Ryū's layout): [`decimal`] with a bare exponent (`1e20`,
/// `1.5e-7`), and `.inf`, `-.inf`, `.nan`.
pub(super) fn float_text(float: f64) -> String {
    if float.is_nan() {
        return ".nan".to_owned();
    }
    if float.is_infinite() {
        return if float > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    decimal(float, Exponent::Bare)
}

/// What serde_yaml (YAML 1.2, with its own reading of numbers) reads from a plain scalar as
/// something other than a string; such strings are written quoted.
mod yaml12 {
    /// Whether `text`, written plain, reads back as null, a boolean or a number.
    pub(super) fn non_string(text: &str) -> bool {
        let Some(first) = text.bytes().next() else {
            return true;
        };
        if !(first.is_ascii_digit()
            || matches!(first, b'+' | b'-' | b'.' | b'~' | b'n' | b'N' | b't' | b'T' | b'f' | b'F'))
        {
            return false;
        }
        matches!(text, "~" | "null" | "Null" | "NULL" | "true" | "True" | "TRUE" | "false" | "False" | "FALSE")
            || leading_zero_digits(text)
            || unsigned(text)
            || negative(text)
            || float(text)
    }

    /// Digits after a leading zero (`007`, `-01`): text in YAML 1.2, which serde_yaml quotes.
    pub(super) fn leading_zero_digits(text: &str) -> bool {
        let body = text.strip_prefix(['-', '+']).unwrap_or(text);
        body.len() > 1 && body.starts_with('0') && body.bytes().all(|b| b.is_ascii_digit())
    }

    const RADIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

    /// A whole number up to 128 bits with an optional `+`, in decimal or after `0x`, `0o`, `0b`.
    fn unsigned(text: &str) -> bool {
        let body = text.strip_prefix('+').unwrap_or(text);
        for (prefix, radix) in RADIXES {
            if let Some(rest) = body.strip_prefix(prefix) {
                if rest.starts_with(['+', '-']) {
                    return false;
                }
                if u128::from_str_radix(rest, radix).is_ok() {
                    return true;
                }
            }
        }
        !body.starts_with(['+', '-']) && !leading_zero_digits(text) && body.parse::<u128>().is_ok()
    }

    /// A signed whole number of 128 bits, in decimal or after `-0x`, `-0o`, `-0b`.
    fn negative(text: &str) -> bool {
        for (prefix, radix) in RADIXES {
            if let Some(rest) = text.strip_prefix('-').and_then(|t| t.strip_prefix(prefix))
                && !rest.starts_with(['+', '-'])
                && u128::from_str_radix(rest, radix).is_ok_and(|n| n <= 1 << 127)
            {
                return true;
            }
        }
        !leading_zero_digits(text) && text.parse::<i128>().is_ok()
    }

    /// A finite number with a fraction or an exponent, or `.inf`, `-.inf`, `.nan`.
    fn float(text: &str) -> bool {
        let body = match text.strip_prefix('+') {
            Some(body) if body.starts_with(['+', '-']) => return false,
            Some(body) => body,
            None => text,
        };
        matches!(body, ".inf" | ".Inf" | ".INF")
            || matches!(text, "-.inf" | "-.Inf" | "-.INF" | ".nan" | ".NaN" | ".NAN")
            || body.parse::<f64>().is_ok_and(f64::is_finite)
    }
}

/// YAML 1.1, which CloudFormation reads, takes more plain scalars for non-strings than YAML
/// 1.2: booleans (`y`, `Yes`, `OFF`), sexagesimal numbers (`1:30`), timestamps (`2001-12-14`),
/// numbers with `_` (`1_000`), octal numbers (`007`), and `=` and `<<`.
/// <https://yaml.org/type/> lists the types.
pub(super) mod yaml11 {
    /// A conservative test for the YAML 1.1 types other than string (bool, null, int, float,
    /// timestamp, merge, value): quoting a string that did not need it changes nothing.
    pub(crate) fn non_string(text: &str) -> bool {
        const WORDS: [&str; 27] = [
            "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true", "True", "TRUE", "false", "False",
            "FALSE", "on", "On", "ON", "off", "Off", "OFF", "~", "null", "Null", "NULL", "<<",
        ];
        if WORDS.contains(&text) || text == "=" {
            return true;
        }
        let body = text.strip_prefix(['+', '-']).unwrap_or(text);
        let starts_numeric = body.starts_with(|c: char| c.is_ascii_digit() || c == '.');
        // Numbers of every base, sexagesimals, floats, `.inf`/`.nan`, timestamps.
        starts_numeric && body.chars().all(|c| c.is_ascii_hexdigit() || "xXoObB_:.+-eEtTzZ iInNaAfF".contains(c))
    }
}
