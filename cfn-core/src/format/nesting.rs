//! How deep a YAML text nests, estimated in one pass before it is parsed.
//!
//! The YAML parser reads a whole document into events before the reader's depth limit (128
//! levels) can refuse it, and its time grows with the square of the depth: a 80 KB line of forty
//! thousand `[` takes seconds to refuse, a file from a pull request minutes. This pass reads each
//! line once and bounds the depth from above, so a document too deep to be a template is refused
//! in time linear in its length, before the parser sees it.
//!
//! The bound: a block collection nested in another is indented further (a sequence may share
//! its mapping key's column, so each column holds at most two levels), compact sequence entries
//! (`- - x`) count as indentation, and each open `[` or `{` is one level. Quoted scalars, block
//! scalars (`|`, `>`) and comments are skipped, so the brackets and indentation inside them do
//! not count.

/// What the pass found: the deepest estimate, and the line (counted from 1) it was found on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nesting {
    /// An upper bound of how many lists and mappings enclose the deepest value.
    pub estimate: usize,
    /// The line of that value.
    pub line: usize,
}

/// The estimate past which a text is refused unread: far deeper than any template (the reader
/// stops at 128), shallow enough that the parser refuses anything below it in milliseconds.
pub const MAX_ESTIMATE: usize = 1000;

/// What one fast pass over a text's bytes finds, before it is parsed: whether it could nest past
/// [`MAX_ESTIMATE`] at all (if not, the line-by-line scan of [`yaml_nesting`] is not needed), and
/// whether it holds a run of 39 digits or more (a whole number past 128 bits, which the reader
/// keeps exactly).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Prescan {
    pub could_be_too_deep: bool,
    pub long_digits: bool,
}

/// The [`Prescan`] of `text`.
pub fn prescan(text: &str) -> Prescan {
    Prescan { could_be_too_deep: could_be_too_deep(text), long_digits: has_long_digits(text) }
}

/// Whether `text` could nest past [`MAX_ESTIMATE`] by [`yaml_nesting`]'s estimate. The estimate
/// on a line is at most twice the line's column plus two (the column counts indentation and `- `
/// markers, so it is at most the line's length), plus the `[` and `{` open at that point (at most
/// all of the text's): a text whose longest line and brackets keep that within [`MAX_ESTIMATE`]
/// cannot be refused by it. A count of brackets, then a look for a line longer than they leave
/// room for, which reads only the ends of stretches that long: the line-by-line scan runs only
/// on texts it might refuse.
pub fn could_be_too_deep(text: &str) -> bool {
    let bytes = text.as_bytes();
    let brackets = bytes.iter().filter(|&&b| b == b'[' || b == b'{').count();
    // 2 × longest + 2 + brackets > MAX_ESTIMATE, that is: longest > room / 2.
    let Some(room) = MAX_ESTIMATE.checked_sub(2 + brackets) else { return true };
    let limit = room / 2;
    let mut start = 0;
    while bytes.len() - start > limit {
        // The lines starting before the last line break among the next `limit + 1` bytes are
        // no longer than `limit`; without one, the line at `start` is.
        match bytes[start..=start + limit].iter().rposition(|&b| b == b'\n') {
            Some(at) => start += at + 1,
            None => return true,
        }
    }
    false
}

/// Whether `text` holds a run of 39 digits or more (a whole number past 128 bits).
pub fn has_long_digits(text: &str) -> bool {
    let mut digits = 0;
    for &byte in text.as_bytes() {
        digits = if byte.is_ascii_digit() { digits + 1 } else { 0 };
        if digits >= 39 {
            return true;
        }
    }
    false
}

/// The nesting of a YAML (or JSON) text: see the module's documentation. Stops early once the
/// estimate passes `MAX_ESTIMATE`.
pub fn yaml_nesting(text: &str) -> Nesting {
    let mut scan = Scan::default();
    let mut deepest = Nesting { estimate: 0, line: 0 };
    for (index, line) in text.lines().enumerate() {
        let estimate = scan.line(line);
        if estimate > deepest.estimate {
            deepest = Nesting { estimate, line: index + 1 };
            if estimate > MAX_ESTIMATE {
                break;
            }
        }
    }
    deepest
}

/// The state carried from one line to the next.
#[derive(Default)]
struct Scan {
    /// Open `[` and `{`.
    flow: usize,
    /// The block estimate of the line on which the outermost open `[` or `{` stands.
    flow_base: usize,
    /// Inside a quoted scalar that continues on the next line: its quote character.
    quote: Option<char>,
    /// Inside a block scalar: the indentation of the line that began it (content lines are
    /// indented further).
    block_scalar: Option<usize>,
}

impl Scan {
    /// Scans one line, giving the deepest estimate on it.
    fn line(&mut self, line: &str) -> usize {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if let Some(parent) = self.block_scalar {
            if content.trim().is_empty() || indent > parent {
                return 0;
            }
            self.block_scalar = None;
        }
        if self.quote.is_none() && self.flow == 0 && (content.trim().is_empty() || content.starts_with('#')) {
            return 0;
        }
        let in_block = self.quote.is_none() && self.flow == 0;
        let mut chars = content.char_indices().peekable();
        // Compact sequence entries (`- - x`) and complex keys (`? x`) nest like indentation.
        let mut column = indent;
        if in_block {
            while let Some(&(_, c)) = chars.peek() {
                let mut ahead = chars.clone();
                ahead.next();
                let spaced = ahead.peek().is_none_or(|&(_, next)| next == ' ');
                if (c == '-' || c == '?') && spaced {
                    column += 2;
                    chars.next();
                    while chars.next_if(|&(_, c)| c == ' ').is_some() {}
                } else {
                    break;
                }
            }
        }
        let block = if in_block { 2 * column + 2 } else { self.flow_base };
        let mut deepest = block + self.flow;
        let mut token_start = self.quote.is_none();
        let mut previous = ' ';
        while let Some((at, c)) = chars.next() {
            if let Some(quote) = self.quote {
                match c {
                    '\\' if quote == '"' => {
                        chars.next();
                    }
                    '\'' if quote == '\'' && chars.peek().is_some_and(|&(_, next)| next == '\'') => {
                        chars.next();
                    }
                    _ if c == quote => {
                        self.quote = None;
                        token_start = false;
                    }
                    _ => {}
                }
                previous = c;
                continue;
            }
            match c {
                '#' if previous == ' ' || previous == '\t' => break,
                '"' | '\'' if token_start => self.quote = Some(c),
                '[' | '{' => {
                    if self.flow == 0 {
                        self.flow_base = block;
                    }
                    self.flow += 1;
                    deepest = deepest.max(block + self.flow);
                    token_start = true;
                }
                ']' | '}' => {
                    self.flow = self.flow.saturating_sub(1);
                    token_start = false;
                }
                ',' => token_start = true,
                ':' if chars.peek().is_none_or(|&(_, next)| next == ' ')
                    || (self.flow > 0 && matches!(previous, '"' | '\'')) =>
                {
                    token_start = true;
                }
                '|' | '>' if token_start && self.flow == 0 && is_block_scalar_header(&content[at..]) => {
                    self.block_scalar = Some(indent);
                    break;
                }
                ' ' | '\t' => {}
                // A tag or an anchor before a scalar (`!Sub "…"`, `&name '…'`): the scalar after
                // it still starts a token.
                '!' | '&' if token_start => while chars.next_if(|&(_, c)| c != ' ').is_some() {},
                _ => token_start = false,
            }
            previous = c;
        }
        deepest
    }
}

/// Whether `rest` (starting at `|` or `>`) is a block scalar header: the indicator, optional
/// chomping and indentation indicators, then nothing but a comment.
fn is_block_scalar_header(rest: &str) -> bool {
    let header = rest.split(" #").next().unwrap_or(rest).trim_end();
    header.len() <= 3 && header[1..].chars().all(|c| matches!(c, '+' | '-' | '1'..='9'))
}

#[cfg(test)]
mod prescan_tests {
    use super::*;

    #[test]
    fn the_prescan_bounds_the_scan_from_above() {
        // Texts around the bound: whenever the scan could refuse, the prescan says so.
        let mut texts = vec![
            "[".repeat(1200),
            format!("a:\n{}- x\n", " ".repeat(600)),
            format!("{}x\n", "- ".repeat(300)),
            "Resources:\n  A:\n    Type: AWS::SNS::Topic\n".to_owned(),
        ];
        for depth in [100, 400, 499, 500, 501, 998] {
            texts.push(format!("{}1{}", "[".repeat(depth), "]".repeat(depth)));
            texts.push((0..depth).map(|i| format!("{}k{i}:\n", " ".repeat(i))).collect());
        }
        for text in &texts {
            let scanned = yaml_nesting(text).estimate;
            let pre = prescan(text);
            assert!(pre.could_be_too_deep || scanned <= MAX_ESTIMATE, "{scanned}: {:?}", &text[..text.len().min(80)]);
        }
        assert!(!prescan("Resources: {}\n").could_be_too_deep);
        assert!(prescan(&format!("n: {}\n", "9".repeat(39))).long_digits);
        assert!(!prescan(&format!("n: {}.{}\n", "9".repeat(38), "9".repeat(38))).long_digits);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn estimate(text: &str) -> usize {
        yaml_nesting(text).estimate
    }

    #[test]
    fn flow_brackets_count_one_level_each() {
        assert_eq!(estimate("a: [[[1]]]\n"), 2 + 3);
        assert!(estimate(&format!("{}{}", "[".repeat(5000), "]".repeat(5000))) > MAX_ESTIMATE);
        // Across lines, at the depth of the line the flow collection began on.
        assert_eq!(estimate("a:\n  b: [\n    [\n      1]]\n"), 2 * 2 + 2 + 2);
    }

    #[test]
    fn quoted_and_block_scalars_and_comments_do_not_count() {
        assert_eq!(estimate("a: \"[[[[\"\nb: '{{{{'\nc: x # [[[[\n"), 2);
        assert_eq!(estimate("a: !Sub \"[[[[\"\nb: &x '[[[['\n"), 2);
        assert_eq!(estimate("a: 'it''s [[['\nb: \"\\\"[[[\"\n"), 2);
        assert_eq!(
            estimate("Code:\n  ZipFile: |\n    def f(): return [[[[\n          deeply indented code\n  Next: 1\n"),
            2 * 2 + 2
        );
        // A quote inside a plain scalar does not start a quoted one.
        assert_eq!(estimate("a: it's [x\nb: [[1]]\n"), 2 + 3);
        // A quoted scalar continues on the next line.
        assert_eq!(estimate("a: \"x\n  [[[[\"\n"), 2);
    }

    #[test]
    fn block_nesting_is_bounded_by_indentation() {
        let mut deep = String::new();
        for level in 0..40 {
            deep.push_str(&"  ".repeat(level));
            deep.push_str("a:\n");
        }
        let found = yaml_nesting(&deep);
        assert!(found.estimate >= 40, "{found:?}");
        assert_eq!(found.line, 40);
        assert!(estimate(&format!("a:\n{}x\n", "- ".repeat(600))) > MAX_ESTIMATE);
    }

    #[test]
    fn a_real_template_is_far_below_the_limit() {
        let template = "Resources:\n  Key:\n    Type: AWS::KMS::Key\n    Properties:\n      KeyPolicy:\n        Statement:\n          - Effect: Allow\n            Principal: { AWS: !Sub 'arn:${AWS::Partition}:iam::${AWS::AccountId}:root' }\n            Action: ['kms:*']\n";
        let found = yaml_nesting(template);
        assert!(found.estimate < 40, "{found:?}");
    }
}

#[cfg(test)]
mod could_be_too_deep_tests {
    use super::{MAX_ESTIMATE, could_be_too_deep};

    /// The bound written out: the longest line and the brackets.
    fn by_definition(text: &str) -> bool {
        let longest = text.split('\n').map(str::len).max().unwrap_or(0);
        let brackets = text.bytes().filter(|&b| b == b'[' || b == b'{').count();
        2 * longest + 2 + brackets > MAX_ESTIMATE
    }

    #[test]
    fn agrees_with_the_bound_written_out() {
        let mut texts = vec![String::new(), "\n".repeat(2000), "a: 1\n".repeat(5000)];
        for length in [0, 1, 497, 498, 499, 500, 501, 1000] {
            for brackets in [0, 1, 2, 3, 10, 997, 998, 999, 1000] {
                for (before, after) in [("", ""), ("x\n", ""), ("", "\ny"), ("ab\n", "\n")] {
                    let line =
                        format!("{}{}", "[".repeat(brackets.min(length)), "x".repeat(length - brackets.min(length)));
                    let rest = "{".repeat(brackets - brackets.min(length));
                    texts.push(format!("{before}{line}{after}\n{rest}"));
                }
            }
        }
        for text in &texts {
            assert_eq!(could_be_too_deep(text), by_definition(text), "{text:?}");
        }
    }
}
