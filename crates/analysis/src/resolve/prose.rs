//! Whether a file in a document folder holds writing at all: text that is
//! mostly words, not a dump of encoded data, binary bytes, placeholder
//! text or a file too short to say anything. Only what is written counts:
//! front matter, fenced code, addresses and numbers are left out before
//! the words are weighed, so a design full of code and tables still reads
//! as writing when its prose does. One pass over the text.

/// Below this many words a file says too little to count as writing.
const MIN_WORDS: usize = 10;

/// The share of counted characters that must be in words.
const MIN_WORD_SHARE: f64 = 0.5;

/// The share of characters that may be control characters or the
/// replacement character before a file reads as binary.
const MAX_UNREADABLE_SHARE: f64 = 0.01;

/// The longest token read as a word; longer runs of letters are encoded
/// data (base64, hashes), not language.
const MAX_WORD_CHARS: usize = 30;

/// Why `content` is not writing, or `None` when it is.
pub fn not_prose(content: &str) -> Option<String> {
    let mut tally = Tally::default();
    let mut fence: Option<&str> = None;
    for line in body_lines(content) {
        let trimmed = line.trim_start();
        if let Some(open) = fence {
            if trimmed.starts_with(open) {
                fence = None;
            }
            tally.unreadable(line);
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(&trimmed[..3]);
            continue;
        }
        tally.line(line);
    }
    tally.verdict()
}

/// The lines after a leading front matter block (`---` ... `---`).
fn body_lines(content: &str) -> impl Iterator<Item = &str> {
    let mut lines = content.lines().peekable();
    let front = lines.peek().is_some_and(|first| first.trim_end() == "---");
    let mut in_front = front;
    let mut first = front;
    lines.filter(move |line| {
        if first {
            first = false;
            return false;
        }
        if in_front {
            if matches!(line.trim_end(), "---" | "...") {
                in_front = false;
            }
            return false;
        }
        true
    })
}

#[derive(Default)]
struct Tally {
    chars: usize,
    unreadable: usize,
    /// Characters in tokens that are counted (not addresses or numbers).
    counted: usize,
    /// ... of them in words.
    in_words: usize,
    words: usize,
    /// Words of the placeholder text "Lorem ipsum dolor sit amet ...".
    placeholder: usize,
}

/// Words of "Lorem ipsum" that are not English words.
const LOREM: &[&str] = &[
    "lorem",
    "ipsum",
    "dolor",
    "amet",
    "consectetur",
    "adipiscing",
    "elit",
    "eiusmod",
    "tempor",
    "incididunt",
    "labore",
    "dolore",
    "magna",
    "aliqua",
    "enim",
    "minim",
    "veniam",
    "nostrud",
];

impl Tally {
    fn unreadable(&mut self, line: &str) {
        for c in line.chars() {
            self.chars += 1;
            if c == char::REPLACEMENT_CHARACTER || (c.is_control() && c != '\t') {
                self.unreadable += 1;
            }
        }
    }

    fn line(&mut self, line: &str) {
        self.unreadable(line);
        for token in line.split_whitespace() {
            self.token(token);
        }
    }

    fn token(&mut self, token: &str) {
        let is_mark = |c: char| !c.is_alphanumeric();
        let core = token.trim_matches(is_mark);
        if core.is_empty() || is_neutral(core) {
            return;
        }
        self.counted += core.chars().count();
        // `word,word` and `句子，句子` hold more than one word.
        for piece in core.split(|c: char| !c.is_alphanumeric() && !is_joiner(c)) {
            let length = piece.chars().count();
            if let Some(words) = words_in(piece, length) {
                self.words += words;
                self.in_words += length;
                if LOREM.contains(&piece.to_lowercase().as_str()) {
                    self.placeholder += 1;
                }
            }
        }
    }

    fn verdict(&self) -> Option<String> {
        if self.chars > 0 && self.unreadable as f64 > self.chars as f64 * MAX_UNREADABLE_SHARE {
            return Some(
                "not text: it holds control characters or bytes that are not UTF-8".into(),
            );
        }
        let share = self.in_words as f64 / self.counted.max(1) as f64;
        let not_prose = || {
            Some(format!(
                "not prose: {:.0}% of its text outside code is words",
                share * 100.0
            ))
        };
        // Encoded data has few words because it is data, not because it is short.
        if self.counted >= MIN_WORDS * 10 && share < MIN_WORD_SHARE {
            return not_prose();
        }
        if self.words < MIN_WORDS {
            return Some(format!(
                "too short to be writing: {} words outside code and front matter",
                self.words
            ));
        }
        // A document that quotes the placeholder in an example is still writing.
        if self.placeholder * 4 > self.words {
            return Some("placeholder text (lorem ipsum), not writing".into());
        }
        if share < MIN_WORD_SHARE {
            return not_prose();
        }
        None
    }
}

/// Tokens that weigh neither way: addresses, paths and numbers. A long
/// token with slashes is more likely base64 than a path.
fn is_neutral(core: &str) -> bool {
    core.contains("://")
        || core.starts_with("www.")
        || (core.contains('/') && core.len() <= 60 && !core.contains('+'))
        || core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | ':' | '-' | '%' | 'x'))
}

/// How many words a token holds, if it is language: letters with inner
/// apostrophes, hyphens or dots (`don't`, `well-known`, `e.g`), of a
/// word's length. A run of letters from a script written without spaces
/// (Chinese, Japanese) counts as one word per two characters.
fn words_in(core: &str, length: usize) -> Option<usize> {
    let letters = core.chars().filter(|c| c.is_alphabetic()).count();
    let joiners = core.chars().filter(|c| is_joiner(*c)).count();
    if length == 0 || letters + joiners < length || letters * 5 < length * 4 {
        return None;
    }
    let wide = core.chars().filter(|c| is_unspaced_script(*c)).count();
    if wide * 2 >= length {
        return Some(wide.div_ceil(2));
    }
    (length <= MAX_WORD_CHARS && !looks_encoded(core)).then_some(1)
}

/// Marks that join the parts of one word: `don't`, `well-known`, `e.g`.
fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '.' | '_')
}

/// Letters of scripts written without spaces between words.
fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // kana
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF // CJK ideographs
        | 0xAC00..=0xD7AF // Hangul syllables (spaced, but long runs are common)
        | 0x0E00..=0x0E7F // Thai
    )
}

/// A run of letters that reads as encoded data: mixed case switching
/// often, as base64 and identifiers of random characters do.
fn looks_encoded(core: &str) -> bool {
    if core.chars().count() < 12 {
        return false;
    }
    let switches = core
        .chars()
        .zip(core.chars().skip(1))
        .filter(|(a, b)| a.is_lowercase() != b.is_lowercase())
        .count();
    switches * 3 > core.chars().count()
}

#[cfg(test)]
mod tests {
    use super::*;

    const DESIGN: &str = "# Caching tokens\n\nWe propose to cache session tokens in the gateway, because every request \
        now asks the identity service and its latency dominates.\n\n```rust\nfn cache() -> Cache { todo!() }\n```\n\n\
        | Requests | p99 |\n|---|---|\n| 1000 | 45 ms |\n\nSee https://example.org/bench for the numbers.\n";

    #[test]
    fn a_design_with_code_and_tables_is_writing() {
        assert_eq!(not_prose(DESIGN), None);
    }

    #[test]
    fn encoded_data_is_not_prose() {
        let base64 = "aGVsbG8gd29ybGQgdGhpcyBpcyBub3QgcHJvc2UgYXQgYWxs\n".repeat(40);
        let verdict = not_prose(&base64).expect("base64 is not writing");
        assert!(verdict.contains("words"), "{verdict}");
        let hex = "3f9a 77be 0c1d 88aa ffee 1234 abcd 9f9f 0000 1111 2222\n".repeat(20);
        assert!(not_prose(&hex).is_some());
    }

    #[test]
    fn binary_bytes_are_not_text() {
        let junk = "\u{1}\u{2}\u{fffd}\u{fffd}abc\u{3}".repeat(100);
        let verdict = not_prose(&junk).expect("binary is not writing");
        assert!(verdict.starts_with("not text"), "{verdict}");
    }

    #[test]
    fn short_files_and_placeholders_are_not_writing() {
        assert!(not_prose("# TODO\n\nTBD\n").unwrap().contains("too short"));
        assert!(
            not_prose("---\ntitle: A very long title with many words in it here\n---\nTBD\n")
                .is_some()
        );
        let lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit. ".repeat(10);
        assert!(not_prose(&lorem).unwrap().contains("placeholder"));
        let quoted =
            format!("{DESIGN}\nA component shows `Lorem ipsum dolor sit amet` until loaded.\n");
        assert_eq!(not_prose(&quoted), None);
    }

    #[test]
    fn writing_in_scripts_without_spaces_is_writing() {
        let chinese =
            "我们建议在网关中缓存会话令牌，因为每个请求现在都会询问身份服务，其延迟占主导地位。\n"
                .repeat(2);
        assert_eq!(not_prose(&chinese), None);
    }

    #[test]
    fn an_unclosed_fence_leaves_the_prose_before_it() {
        let text = format!("{DESIGN}\n```\nlots of code\n");
        assert_eq!(not_prose(&text), None);
    }
}
