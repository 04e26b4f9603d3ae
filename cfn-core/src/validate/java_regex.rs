//! Whether a parameter's `AllowedPattern` can be a regular expression at all.
//!
//! CloudFormation reads its regular expressions with Java's syntax
//! (<https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cfn-regexes.html>, which
//! points to `java.util.regex.Pattern`:
//! <https://docs.oracle.com/en/java/javase/17/docs/api/java.base/java/util/regex/Pattern.html>).
//! This is not a regex engine: it walks the pattern once and refuses only what Java refuses for
//! its structure — a group or character class left open, a `)` with no group, a character range
//! written backwards, a quantifier with nothing before it, a `{` that starts no count, a counted
//! repetition `{n,m}` left open or with `n > m`, a backslash that ends the pattern. Everything
//! else is given the benefit of the doubt: look-arounds, back-references, named groups,
//! possessive and lazy quantifiers, `\p{…}` classes, class intersections (`[a-z&&[^e]]`),
//! `\Q…\E` quoting, and what Java refuses for reasons other than structure (an unknown escape,
//! property or inline flag, a back-reference to a group that does not exist, a count too large).
//! A pattern in comments mode (`(?x)`, where white space and `#…` are ignored) is not read at all.

/// What is wrong with a pattern, worded as the message a user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    GroupUnclosed,
    GroupUnopened,
    ClassUnclosed,
    ClassRangeInvalid,
    RepetitionMissing,
    RepetitionCountUnclosed,
    RepetitionCountInvalid,
    RepetitionCountMissing,
    EscapeUnexpectedEof,
}

impl Kind {
    fn message(self) -> &'static str {
        match self {
            Kind::GroupUnclosed => "unclosed group",
            Kind::GroupUnopened => "unopened group",
            Kind::ClassUnclosed => "unclosed character class",
            Kind::ClassRangeInvalid => "invalid character class range, the start must be <= the end",
            Kind::RepetitionMissing => "repetition operator missing expression",
            Kind::RepetitionCountUnclosed => "unclosed counted repetition",
            Kind::RepetitionCountInvalid => "invalid repetition count range, the start must be <= the end",
            Kind::RepetitionCountMissing => {
                "a `{` that starts no repetition count; write `\\{` for the character itself"
            }
            Kind::EscapeUnexpectedEof => "incomplete escape sequence, reached end of pattern prematurely",
        }
    }
}

/// A structural error at a position (an index into the pattern's characters).
#[derive(Debug)]
struct Error {
    kind: Kind,
    at: usize,
}

type Found<T> = Result<T, Error>;

/// Why `pattern` is no Java regular expression, as "what (at character N)", N counted from 1;
/// `None` when it may be one.
pub(super) fn structure_problem(pattern: &str) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let reader = Reader { chars: &chars };
    match reader.pattern() {
        Ok(()) => None,
        Err(error) => Some(format!("{} (at character {})", error.kind.message(), error.at + 1)),
    }
}

/// What came just before the current position, for deciding whether a quantifier has
/// something to repeat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Before {
    /// The start of the pattern, of a group or of an alternative, or inline flags (`(?i)`):
    /// `*`, `+` or `?` here is an error; `{n}` is not (Java repeats an empty sequence there).
    Nothing,
    /// Something a quantifier applies to (a character, class, group, anchor or escape).
    Atom,
    /// A quantifier (with its lazy `?` or possessive `+`): another `*`, `+` or `?` is an error;
    /// `{n}` is not (Java repeats an empty sequence there).
    Quantifier,
}

struct Reader<'a> {
    chars: &'a [char],
}

impl Reader<'_> {
    fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// The index of the first `close` at or after `from`, or the end of the pattern.
    fn skip_to(&self, from: usize, close: char) -> usize {
        self.chars[from.min(self.chars.len())..]
            .iter()
            .position(|&c| c == close)
            .map_or(self.chars.len(), |offset| from + offset + 1)
    }

    fn pattern(&self) -> Found<()> {
        let mut open_groups: Vec<usize> = Vec::new();
        let mut before = Before::Nothing;
        let mut i = 0;
        while let Some(c) = self.at(i) {
            match c {
                '\\' => {
                    let (_, next) = self.escape(i)?;
                    // An empty quotation (`\Q\E`) stands for nothing.
                    if !(self.at(i + 1) == Some('Q') && next == i + 4 && self.at(i + 2) == Some('\\')) {
                        before = Before::Atom;
                    }
                    i = next;
                }
                '(' => match self.group_opening(i)? {
                    Opening::Group(next) => {
                        open_groups.push(i);
                        before = Before::Nothing;
                        i = next;
                    }
                    Opening::Flags(next) => {
                        before = Before::Nothing;
                        i = next;
                    }
                    Opening::CommentsMode => return Ok(()),
                },
                ')' => {
                    if open_groups.pop().is_none() {
                        return Err(Error { kind: Kind::GroupUnopened, at: i });
                    }
                    before = Before::Atom;
                    i += 1;
                }
                '|' => {
                    before = Before::Nothing;
                    i += 1;
                }
                '[' => {
                    i = self.class(i)?;
                    before = Before::Atom;
                }
                '*' | '+' | '?' => {
                    if matches!(before, Before::Nothing | Before::Quantifier) {
                        return Err(Error { kind: Kind::RepetitionMissing, at: i });
                    }
                    i = self.lazy_or_possessive(i + 1);
                    before = Before::Quantifier;
                }
                '{' => {
                    i = self.counted_repetition(i)?;
                    before = Before::Quantifier;
                }
                // Anything else, a lone `]` or `}` included, is a character.
                _ => {
                    before = Before::Atom;
                    i += 1;
                }
            }
        }
        match open_groups.last() {
            Some(&at) => Err(Error { kind: Kind::GroupUnclosed, at }),
            None => Ok(()),
        }
    }

    /// Past a quantifier's lazy (`?`) or possessive (`+`) mark, if it has one.
    fn lazy_or_possessive(&self, i: usize) -> usize {
        if matches!(self.at(i), Some('?' | '+')) { i + 1 } else { i }
    }

    /// `{n}`, `{n,}` or `{n,m}` starting at `start`: the index past it. Java reads every `{`
    /// outside a class as a count, and refuses one that does not start with a digit (`{,3}`,
    /// `{x}`) even where other flavours read the `{` as itself.
    fn counted_repetition(&self, start: usize) -> Found<usize> {
        if !self.at(start + 1).is_some_and(|d| d.is_ascii_digit()) {
            return Err(Error { kind: Kind::RepetitionCountMissing, at: start });
        }
        let mut i = start + 1;
        let min = self.number(&mut i);
        let mut max = Some(min);
        if self.at(i) == Some(',') {
            i += 1;
            max = self.at(i).is_some_and(|d| d.is_ascii_digit()).then(|| self.number(&mut i));
        }
        if self.at(i) != Some('}') {
            return Err(Error { kind: Kind::RepetitionCountUnclosed, at: start });
        }
        if max.is_some_and(|max| max < min) {
            return Err(Error { kind: Kind::RepetitionCountInvalid, at: start });
        }
        Ok(self.lazy_or_possessive(i + 1))
    }

    /// The decimal number at `i` (saturating: Java refuses counts past its integers anyway).
    fn number(&self, i: &mut usize) -> u64 {
        let mut value: u64 = 0;
        while let Some(d) = self.at(*i).and_then(|c| c.to_digit(10)) {
            value = value.saturating_mul(10).saturating_add(u64::from(d));
            *i += 1;
        }
        value
    }

    /// What the `(` at `start` opens.
    fn group_opening(&self, start: usize) -> Found<Opening> {
        if self.at(start + 1) != Some('?') {
            return Ok(Opening::Group(start + 1));
        }
        let kind = start + 2;
        Ok(match self.at(kind) {
            // Non-capturing, look-ahead, atomic.
            Some(':' | '=' | '!' | '>') => Opening::Group(kind + 1),
            // Look-behind, or a named group `(?<name>…)`.
            Some('<') => match self.at(kind + 1) {
                Some('=' | '!') => Opening::Group(kind + 2),
                _ => {
                    let mut end = kind + 1;
                    while self.at(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
                        end += 1;
                    }
                    Opening::Group(if self.at(end) == Some('>') { end + 1 } else { kind + 1 })
                }
            },
            // Inline flags: `(?i)` for the rest of the group, `(?i:…)` for a group of its own
            // (`(?)` sets none).
            Some(')') => Opening::Flags(kind + 1),
            Some(c) if c.is_ascii_alphabetic() || c == '-' => {
                let mut end = kind;
                while self.at(end).is_some_and(|c| c.is_ascii_alphabetic() || c == '-') {
                    end += 1;
                }
                let switched_on = self.chars[kind..end].iter().take_while(|&&c| c != '-');
                if switched_on.clone().any(|&c| c == 'x') {
                    return Ok(Opening::CommentsMode);
                }
                match self.at(end) {
                    Some(')') => Opening::Flags(end + 1),
                    Some(':') => Opening::Group(end + 1),
                    _ => Opening::Group(kind),
                }
            }
            // Unknown to us: a group, whose contents are read as they come.
            _ => Opening::Group(kind),
        })
    }

    /// The character class whose `[` is at `start` (nested classes and `&&` as Java reads them):
    /// the index past its `]`.
    fn class(&self, start: usize) -> Found<usize> {
        let mut i = start + 1;
        if self.at(i) == Some('^') {
            i += 1;
        }
        // A `]` first in the class is a character, not its end.
        let mut empty = true;
        loop {
            let Some(c) = self.at(i) else {
                return Err(Error { kind: Kind::ClassUnclosed, at: start });
            };
            match c {
                ']' if !empty => return Ok(i + 1),
                '[' => i = self.class(i)?,
                '&' if self.at(i + 1) == Some('&') => i += 2,
                _ => {
                    let element = i;
                    let (first, next) = self.class_character(i)?;
                    i = next;
                    if self.at(i) == Some('-') && !matches!(self.at(i + 1), None | Some(']' | '[')) {
                        let (last, next) = self.class_character(i + 1)?;
                        if let (Some(first), Some(last)) = (first, last)
                            && last < first
                        {
                            return Err(Error { kind: Kind::ClassRangeInvalid, at: element });
                        }
                        i = next;
                    }
                }
            }
            empty = false;
        }
    }

    /// One character of a class at `i`: its code point when it is a single known character,
    /// and the index past it.
    fn class_character(&self, i: usize) -> Found<(Option<u32>, usize)> {
        match self.at(i) {
            Some('\\') => self.escape(i),
            Some(c) => Ok((Some(u32::from(c)), i + 1)),
            None => Ok((None, i)),
        }
    }

    /// The escape whose `\` is at `start`: the code point it stands for when it is one
    /// character we can tell, and the index past it.
    fn escape(&self, start: usize) -> Found<(Option<u32>, usize)> {
        let Some(e) = self.at(start + 1) else {
            return Err(Error { kind: Kind::EscapeUnexpectedEof, at: start });
        };
        let after = start + 2;
        Ok(match e {
            't' => (Some(0x09), after),
            'n' => (Some(0x0A), after),
            'r' => (Some(0x0D), after),
            'f' => (Some(0x0C), after),
            'a' => (Some(0x07), after),
            'e' => (Some(0x1B), after),
            // `\0n`, `\0nn`, `\0mnn` (m at most 3): octal.
            '0' => {
                let mut end = after;
                let mut value = 0;
                while end < after + 3
                    && let Some(d) = self.at(end).and_then(|c| c.to_digit(8))
                    && (value * 8 + d) <= 0o377
                {
                    value = value * 8 + d;
                    end += 1;
                }
                ((end > after).then_some(value), end)
            }
            'x' if self.at(after) == Some('{') => {
                let end = self.skip_to(after, '}');
                let closed = self.at(end - 1) == Some('}') && end - 1 > after;
                let digits: String =
                    if closed { self.chars[after + 1..end - 1].iter().collect() } else { String::new() };
                (u32::from_str_radix(&digits, 16).ok(), end)
            }
            'x' => self.hex(after, 2),
            'u' => self.utf16(after),
            // `\cX`: a control character.
            'c' => match self.at(after) {
                Some(x) => (Some(u32::from(x) ^ 0x40), after + 1),
                None => (None, after),
            },
            // `\Q…\E`: everything between is quoted (to the end of the pattern without `\E`).
            'Q' => {
                let mut end = after;
                while end < self.chars.len() && !(self.chars[end] == '\\' && self.at(end + 1) == Some('E')) {
                    end += 1;
                }
                (None, (end + 2).min(self.chars.len()))
            }
            // `\p{…}`, `\P{…}`, `\N{…}`: a property or a named character; `\pL`: one letter;
            // `\b{g}`: a grapheme boundary.
            'p' | 'P' | 'N' | 'b' | 'B' if self.at(after) == Some('{') => (None, self.skip_to(after, '}')),
            'p' | 'P' => (None, (after + 1).min(self.chars.len())),
            // Classes (`\d`, `\w`…), anchors, back-references and escapes Java may refuse.
            c if c.is_ascii_alphanumeric() => (None, after),
            // Any other character escaped stands for itself.
            c => (Some(u32::from(c)), after),
        })
    }

    /// The four hexadecimal digits of `\\uXXXX` at `at`. A high surrogate followed by
    /// `\\u` and a low surrogate is one character, as Java reads it (`\\uD800\\uDC00` is
    /// U+10000); a surrogate on its own is no character we can tell.
    fn utf16(&self, at: usize) -> (Option<u32>, usize) {
        let (unit, next) = self.hex(at, 4);
        match unit {
            Some(high @ 0xD800..=0xDBFF) if self.at(next) == Some('\\') && self.at(next + 1) == Some('u') => match self
                .hex(next + 2, 4)
            {
                (Some(low @ 0xDC00..=0xDFFF), end) => (Some(0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)), end),
                _ => (None, next),
            },
            Some(0xD800..=0xDFFF) => (None, next),
            unit => (unit, next),
        }
    }

    /// `count` hexadecimal digits at `at`: their value when they are all there.
    fn hex(&self, at: usize, count: usize) -> (Option<u32>, usize) {
        let digits: String = self.chars[at.min(self.chars.len())..(at + count).min(self.chars.len())].iter().collect();
        if digits.chars().count() == count && digits.chars().all(|c| c.is_ascii_hexdigit()) {
            (u32::from_str_radix(&digits, 16).ok(), at + count)
        } else {
            (None, at)
        }
    }
}

/// What a `(` opens.
enum Opening {
    /// A group, whose contents start at the index.
    Group(usize),
    /// Inline flags (`(?i)`), ending before the index: no group.
    Flags(usize),
    /// Comments mode (`(?x)`): white space and `#` comments are ignored from here, which this
    /// reader does not follow; the pattern is left to CloudFormation.
    CommentsMode,
}

#[cfg(test)]
mod tests {
    use super::structure_problem;

    #[track_caller]
    fn refused(pattern: &str, expected: &str) {
        assert_eq!(structure_problem(pattern).as_deref(), Some(expected), "{pattern}");
    }

    #[test]
    fn groups_left_open_or_closed_twice_are_refused() {
        refused("(ab", "unclosed group (at character 1)");
        refused("a(b(c)", "unclosed group (at character 2)");
        refused("(?:ab", "unclosed group (at character 1)");
        refused("(?<name>ab", "unclosed group (at character 1)");
        refused("(?i:ab", "unclosed group (at character 1)");
        refused("ab)", "unopened group (at character 3)");
        refused("(a))", "unopened group (at character 4)");
    }

    #[test]
    fn classes_left_open_are_refused() {
        refused("[ab", "unclosed character class (at character 1)");
        refused("x[a-z", "unclosed character class (at character 2)");
        // A `]` first in a class is a character: `[]` and `[^]` are not closed.
        refused("[]", "unclosed character class (at character 1)");
        refused("[^]", "unclosed character class (at character 1)");
        // Java nests classes: the inner `[` opens a class of its own.
        refused("[a[b]", "unclosed character class (at character 1)");
        // An escaped `]` does not close the class.
        refused("[a\\]", "unclosed character class (at character 1)");
        // Nor does one inside a quotation that runs to the end.
        refused("[\\Q]", "unclosed character class (at character 1)");
    }

    #[test]
    fn ranges_written_backwards_are_refused() {
        refused("[z-a]", "invalid character class range, the start must be <= the end (at character 2)");
        refused("[a0-9Z-A]", "invalid character class range, the start must be <= the end (at character 6)");
        refused("[\\x5A-\\x41]", "invalid character class range, the start must be <= the end (at character 2)");
        refused("[\\u0062-a]", "invalid character class range, the start must be <= the end (at character 2)");
        refused("[b-\\t]", "invalid character class range, the start must be <= the end (at character 2)");
        refused(
            "[\\uD83D\\uDE4F-\\uD83D\\uDE00]",
            "invalid character class range, the start must be <= the end (at character 2)",
        );
    }

    #[test]
    fn quantifiers_with_nothing_to_repeat_are_refused() {
        refused("*a", "repetition operator missing expression (at character 1)");
        refused("+", "repetition operator missing expression (at character 1)");
        refused("a|?b", "repetition operator missing expression (at character 3)");
        refused("(*a)", "repetition operator missing expression (at character 2)");
        refused("(?:+a)", "repetition operator missing expression (at character 4)");
        // A quantifier after a quantifier (beyond its lazy `?` or possessive `+` mark).
        refused("a**", "repetition operator missing expression (at character 3)");
        refused("a+?*", "repetition operator missing expression (at character 4)");
        refused("a{2}*", "repetition operator missing expression (at character 5)");
        refused("a*+?", "repetition operator missing expression (at character 4)");
        // Inline flags are no atom: Java finds nothing for the quantifier to repeat.
        refused("(?i)*a", "repetition operator missing expression (at character 5)");
        refused("a(?i)+", "repetition operator missing expression (at character 6)");
        refused("(?)?", "repetition operator missing expression (at character 4)");
        // An empty quotation stands for nothing.
        refused("\\Q\\E*", "repetition operator missing expression (at character 5)");
    }

    #[test]
    fn counted_repetitions_left_open_or_backwards_are_refused() {
        refused("a{2", "unclosed counted repetition (at character 2)");
        refused("a{2,", "unclosed counted repetition (at character 2)");
        refused("a{2,x}", "unclosed counted repetition (at character 2)");
        refused("a{1, 3}", "unclosed counted repetition (at character 2)");
        refused("a{3,1}", "invalid repetition count range, the start must be <= the end (at character 2)");
        // Java reads every `{` outside a class as the start of a count.
        refused("a{x}", "a `{` that starts no repetition count; write `\\{` for the character itself (at character 2)");
        refused(
            "a{,3}",
            "a `{` that starts no repetition count; write `\\{` for the character itself (at character 2)",
        );
        refused("{", "a `{` that starts no repetition count; write `\\{` for the character itself (at character 1)");
    }

    #[test]
    fn a_trailing_backslash_is_refused() {
        refused("\\", "incomplete escape sequence, reached end of pattern prematurely (at character 1)");
        refused("ab\\", "incomplete escape sequence, reached end of pattern prematurely (at character 3)");
        refused("[a\\", "incomplete escape sequence, reached end of pattern prematurely (at character 3)");
        refused("[a-\\", "incomplete escape sequence, reached end of pattern prematurely (at character 4)");
    }

    #[test]
    fn positions_count_characters_not_bytes() {
        refused("é(", "unclosed group (at character 2)");
    }

    #[test]
    fn patterns_java_accepts_pass() {
        for good in [
            "",
            "^[a-z][a-z0-9]{0,11}$",
            "^[a-z]{1,63}$",
            "^[a-z0-9-]+$",
            "\\d+(\\.\\d+)?",
            // `]` first in a class, and `-` first or last, are characters.
            "[]a]",
            "[^]a]",
            "[]-a]",
            "[-a]",
            "[a-]",
            "[%--]",
            // Escaped parentheses, brackets and quantifiers.
            "\\(a\\)",
            "\\[\\]",
            "\\*\\+\\?\\{",
            "[\\[\\]]",
            "[(]",
            "[)*+?{|]",
            // Groups of every kind.
            "(?:ab)+",
            "(?=x)y",
            "(?!x)y",
            "(?<=x)y",
            "(?<!x)y",
            "(?>ab)",
            "(?<year>\\d{4})-\\k<year>",
            "(?i)abc",
            "(?i:abc)",
            "(?i-s:a.b)",
            "(?i){2}",
            "()",
            "(|a)",
            "a|",
            // Back-references, properties, classes, anchors.
            "(a)\\1",
            "\\1",
            "(?<n>x)",
            "\\p{L}+",
            "\\p{javaLowerCase}",
            "\\P{IsAlphabetic}",
            "\\pL\\PN",
            "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*",
            "[^abc]",
            "[a-z&&[^e]]",
            "[a-d[m-p]]",
            "[\\w-]",
            "[\\w-z]",
            "\\bword\\b",
            "\\b{g}+",
            "\\A\\z",
            "^*",
            "\\b+",
            // Quantifiers: lazy, possessive, counted, open-ended.
            "a*?",
            "a*+",
            "a++",
            "a?+",
            "a??",
            "a{2,}",
            "a{2,}?",
            "a{2,5}+",
            "a{0}",
            // Java repeats an empty sequence: `{n}` with nothing before it compiles.
            "{2}a",
            "a*{2}",
            "a{2}{3}",
            // Lone `]` and `}` are characters.
            "a}",
            "}{2}",
            "]",
            // Escapes that carry their own braces or characters.
            "\\x{1F600}",
            "\\x41\\u0042",
            "[\\x{41}-\\x{5A}]",
            "\\N{LATIN SMALL LETTER A}",
            "\\c(",
            "[\\0101-\\0132]",
            "[\\t-\\r]",
            // UTF-16 escapes: a surrogate pair is one character (AWS's own schemas write XML's
            // character range this way).
            "^[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\r\\n\\t]*$",
            "[\\uD83D\\uDE00-\\uD83D\\uDE4F]",
            // Quotations: everything inside is a character.
            "\\Q(a[b*\\E",
            "\\Q(unterminated",
            "[\\Q]\\E]",
            "\\Q\\E",
            // Comments mode is left to CloudFormation.
            "(?x) a # ( not a group",
        ] {
            assert_eq!(structure_problem(good), None, "{good}");
        }
    }
}
