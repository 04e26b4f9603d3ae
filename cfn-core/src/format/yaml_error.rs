//! Why a YAML text could not be read: what is wrong, where (line and column, counted from 1),
//! and how to fix it.

use super::read::Refusal;

/// A YAML text that could not be read as a template value. [`Display`](std::fmt::Display)
/// gives `line L, column C: message` (or the message alone where no place applies, such as a
/// document whose aliases expand too far).
#[derive(Clone, PartialEq, Eq)]
pub struct YamlError {
    line: usize,
    column: usize,
    message: String,
}

impl YamlError {
    /// An error at `line` and `column` (counted from 1; 0 when no place applies).
    pub(crate) fn new(line: usize, column: usize, message: impl Into<String>) -> Self {
        YamlError { line, column, message: message.into() }
    }

    /// Places an error made without a place (by the node builder or the budget) at `line` and
    /// `column`; an error with a place keeps it.
    pub(crate) fn or_at(mut self, line: usize, column: usize) -> Self {
        if self.line == 0 {
            (self.line, self.column) = (line, column);
        }
        self
    }

    /// The line of the error, counted from 1 (0 when the error is about the whole document).
    pub fn line(&self) -> usize {
        self.line
    }

    /// The column of the error in characters, counted from 1 (0 when the error is about the
    /// whole document).
    pub fn column(&self) -> usize {
        self.column
    }

    /// What is wrong and how to fix it, without the place.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.line == 0 {
            f.write_str(&super::printable(&self.message))
        } else {
            write!(f, "line {}, column {}: {}", self.line, self.column, super::printable(&self.message))
        }
    }
}

impl std::fmt::Debug for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for YamlError {}

/// The node builder shared with the JSON reader refuses without a place (a malformed
/// intrinsic, the budget spent); the YAML reader places the error by line and column
/// afterwards ([`YamlError::or_at`]).
impl From<Refusal> for YamlError {
    fn from(refusal: Refusal) -> Self {
        YamlError::new(0, 0, refusal.0)
    }
}
