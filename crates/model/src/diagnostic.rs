//! Problems in input files, named by file and line, for every stage that
//! reads one (configuration, teams and identities files, rubrics, exports).

use std::fmt;

/// A problem in an input file, named by file and line.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

impl Diagnostic {
    pub fn at(file: &str, line: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: Some(line),
            message: message.into(),
        }
    }

    pub fn in_file(file: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            file: file.to_string(),
            line: None,
            message: message.into(),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}", self.file, line, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Lines of a text by byte offset, for files that name many lines: built
/// in one pass, each lookup a binary search (calling [`line_of`] for each
/// of 100,000 entries counted the newlines 100,000 times).
pub struct LineIndex {
    /// Byte offsets where each line after the first starts.
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(content: &str) -> LineIndex {
        let starts = content
            .bytes()
            .enumerate()
            .filter(|(_, b)| *b == b'\n')
            .map(|(at, _)| at + 1)
            .collect();
        LineIndex { starts }
    }

    /// The 1-based line of a byte offset.
    pub fn line(&self, offset: usize) -> usize {
        self.starts.partition_point(|start| *start <= offset) + 1
    }
}

/// The 1-based line of a byte offset.
pub fn line_of(content: &str, offset: usize) -> usize {
    content[..offset.min(content.len())]
        .bytes()
        .filter(|&b| b == b'\n')
        .count()
        + 1
}

/// Turns a TOML syntax or shape error into a diagnostic naming the line.
pub fn toml_error(file: &str, content: &str, error: &toml::de::Error) -> Diagnostic {
    let line = error.span().map(|span| line_of(content, span.start));
    let message = error.message().trim().to_string();
    Diagnostic {
        file: file.to_string(),
        line,
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_index_agrees_with_counting() {
        let text = "a\nbb\n\nccc\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(index.line(offset), line_of(text, offset), "{offset}");
        }
    }
}
