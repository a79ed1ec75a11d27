//! Documents' `Key: value` headers: PEP style (a field continues on
//! indented lines) and rust-lang RFC style (`- Key: value` lines), and the
//! people a header names.
//!
//! A header names people as `Name <address>` (the address sometimes written
//! `name at example.org`), a bare name, or a login, separated by commas;
//! every one is kept, with its address, so that resolution can match the
//! address exactly before it tries the name.

use super::{DocumentKind, ParsedDocument};
use model::{Timestamp, parse_date};

/// Markdown links read at most in one header field.
const MAX_LINKS: usize = 64;

/// Lines read at most before the header block is given up on.
const HEADER_LINES: usize = 60;

/// Reads the header block at the top of a document's body.
pub(super) fn read_headers(body: &str, document: &mut ParsedDocument) {
    for (key, value) in fields(body) {
        let value = value.trim().trim_matches('`');
        match key.to_lowercase().as_str() {
            "pep" if document.id.is_none() => {
                document.id = Some(format!("PEP-{value}"));
                if document.kind.is_none() {
                    document.kind = Some(DocumentKind::Proposal);
                    document.kind_rule = "a PEP header".to_string();
                }
            }
            "title" if document.title.is_empty() => document.title = value.to_string(),
            "author" | "authors" | "author(s)" if document.authors.is_empty() => {
                document.authors = people(value);
            }
            // Who sponsored or decided a PEP shaped it as a reviewer does.
            "sponsor" | "bdfl-delegate" | "pep-delegate" => {
                for person in people(value) {
                    if !document.reviewers.contains(&person) {
                        document.reviewers.push(person);
                    }
                }
            }
            "status" if document.status.is_none() => document.status = Some(value.to_string()),
            "created" | "start date" if document.date.is_none() => {
                document.set_date(value, parse_date(value).ok().or_else(|| pep_date(value)));
            }
            // The pull request that merged an RFC, or the message that
            // resolved a PEP: the process's decision, written down.
            "rfc pr" | "resolution" if document.decided_in.is_none() && has_link(value) => {
                document.decided_in = Some(format!("its `{key}` header"));
                if key.eq_ignore_ascii_case("rfc pr") {
                    document.pull_request = pull_number(value);
                }
            }
            "feature name" => {
                if document.kind.is_none() {
                    document.kind = Some(DocumentKind::Rfc);
                    document.kind_rule = "an RFC header (`Feature Name:`)".to_string();
                }
                // The template's `(fill me in ...)` and `N/A` are no name.
                let name = value.trim_matches(['`', '"', '\'']);
                if document.title.is_empty()
                    && !name.is_empty()
                    && !name.starts_with('(')
                    && !super::is_placeholder(name)
                {
                    document.title = name.to_string();
                }
            }
            _ => {}
        }
    }
}

/// A byline under the title, as Go's design documents write one: the first
/// paragraph after the `# Title` holds one name per line, joined by
/// Markdown hard breaks (`Russ Cox\`), perhaps followed by a date or a note
/// (`July 2020`, `based on work by ...`). Read only when a line ends in a
/// hard break or a date follows the names, so a one-line paragraph of two
/// capitalised words is never taken for an author.
pub(super) fn read_byline(body: &str, document: &mut ParsedDocument) {
    let mut lines = body.lines().skip_while(|l| l.trim().is_empty());
    if !lines.next().is_some_and(|l| l.starts_with('#')) {
        return;
    }
    let paragraph: Vec<&str> = lines
        .skip_while(|l| l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .take(HEADER_LINES)
        .collect();
    let names: Vec<&str> = paragraph
        .iter()
        .map(|l| l.trim().trim_end_matches('\\').trim())
        .take_while(|l| is_name_line(l))
        .collect();
    let hard_breaks = paragraph.iter().any(|l| l.trim_end().ends_with('\\'));
    let dated = paragraph
        .get(names.len())
        .is_some_and(|l| l.chars().any(|c| c.is_ascii_digit()) && l.len() < 40);
    if !names.is_empty() && (hard_breaks || dated) {
        document.authors = names.iter().map(|n| n.to_string()).collect();
    }
}

/// `Marcel van Lohuizen`: two to four words, each capitalised or a name
/// particle, no digits or punctuation beyond `.`, `-` and `'`.
fn is_name_line(line: &str) -> bool {
    const PARTICLES: &[&str] = &["van", "von", "de", "der", "da", "la", "le", "di"];
    let words: Vec<&str> = line.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|word| {
            PARTICLES.contains(word)
                || (word.starts_with(char::is_uppercase)
                    && word
                        .chars()
                        .all(|c| c.is_alphabetic() || matches!(c, '.' | '-' | '\'')))
        })
}

/// An AsciiDoc document header: `= Title`, then an author line
/// (`Ana Lima <ana@example.org>; Bo Chen`), and attribute entries
/// (`:author:`, `:revdate:`, `:status:`).
pub(super) fn read_asciidoc(body: &str, document: &mut ParsedDocument) {
    let mut lines = body
        .lines()
        .skip_while(|l| l.trim().is_empty() || l.starts_with("//"));
    let Some(title) = lines.next().and_then(|l| l.strip_prefix("= ")) else {
        return;
    };
    if document.title.is_empty() {
        document.title = title.trim().to_string();
    }
    for (index, line) in lines.take(HEADER_LINES).enumerate() {
        let line = line.trim();
        if line.is_empty() {
            break;
        }
        if let Some(attribute) = line.strip_prefix(':')
            && let Some((key, value)) = attribute.split_once(':')
        {
            let value = value.trim();
            match key.trim().to_lowercase().as_str() {
                "author" | "authors" | "author(s)" if document.authors.is_empty() => {
                    document.authors = value.split(';').flat_map(people).collect();
                }
                "revdate" | "date" | "created" if document.date.is_none() => {
                    document.set_date(value, parse_date(value.get(..10).unwrap_or(value)).ok());
                }
                "status" if document.status.is_none() => document.status = Some(value.to_string()),
                _ => {}
            }
        } else if index == 0 && !line.starts_with("//") && document.authors.is_empty() {
            document.authors = line.split(';').flat_map(people).collect();
        }
    }
}

/// Whether a header's value points somewhere (`rust-lang/rfcs#1`, a URL
/// with a number in it), not a placeholder waiting to be filled in
/// (`rust-lang/rfcs#0000`).
fn has_link(value: &str) -> bool {
    (value.contains("://") || value.contains('#'))
        && value
            .split(|c: char| !c.is_ascii_digit())
            .any(|digits| digits.chars().any(|c| c != '0'))
}

/// The pull request a header links: the number after `#` or `/pull/`
/// (`[rust-lang/rfcs#2094](https://github.com/rust-lang/rfcs/pull/2094)`).
pub(super) fn pull_number(value: &str) -> Option<u32> {
    let after = value
        .split_once('#')
        .or_else(|| value.split_once("/pull/"))
        .map(|(_, after)| after)?;
    let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok().filter(|n| *n > 0)
}

/// The header's fields in order, each with its continuation lines joined
/// (an indented line, or the line after one ending in a Markdown hard
/// break `\`); the block ends at the first blank line after it began. A
/// title heading above the block (`# Proposal: ...`, at any level, as Go's design
/// documents open) is passed over.
fn fields(body: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = Vec::new();
    let mut open = false;
    let mut lines = body.lines().skip_while(|l| l.trim().is_empty()).peekable();
    if lines
        .peek()
        .is_some_and(|l| l.starts_with('#') && l.trim_start_matches('#').starts_with(' '))
    {
        lines.next();
        while lines.peek().is_some_and(|l| l.trim().is_empty()) {
            lines.next();
        }
    }
    for line in lines.take(HEADER_LINES) {
        if line.trim().is_empty() {
            break;
        }
        let continues = fields.last().is_some_and(|(_, v)| v.ends_with('\\'));
        if open && (line.starts_with([' ', '\t']) || continues) {
            if let Some((_, value)) = fields.last_mut() {
                let hard_break = value.ends_with('\\');
                let value_end = value.trim_end_matches('\\').trim_end().len();
                value.truncate(value_end);
                value.push_str(if hard_break { ", " } else { " " });
                value.push_str(line.trim());
            }
            continue;
        }
        let line = line.trim().trim_start_matches("- ");
        match line.split_once(':') {
            Some((key, value)) if is_key(key) => {
                fields.push((key.trim().to_string(), value.trim().to_string()));
                open = true;
            }
            _ => open = false,
        }
    }
    for (_, value) in &mut fields {
        let end = value.trim_end_matches('\\').trim_end().len();
        value.truncate(end);
    }
    fields
}

/// `Author`, `BDFL-Delegate`, `Start Date`, `Author(s)`: a header key,
/// not prose that happens to hold a colon.
fn is_key(key: &str) -> bool {
    let key = key.trim();
    !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | ' ' | '_' | '(' | ')'))
}

/// The people a header field names, each as `Name <address>` (the address
/// made plain), a name or a login. Names are separated by commas, `&` or
/// `and`; HTML-escaped brackets and Markdown links to an address
/// (`[Ana](ana@example.org)`) are addresses.
pub(super) fn people(value: &str) -> Vec<String> {
    let value = unescape(value);
    let mut people: Vec<String> = Vec::new();
    for piece in split_outside_brackets(&value) {
        let piece = piece
            .trim()
            .trim_end_matches('.')
            .trim_matches(['[', ']'])
            .trim();
        if !piece.chars().any(char::is_alphabetic) || super::is_placeholder(piece) {
            continue;
        }
        // `Fred L. Drake, Jr. <fred@example.org>`: the suffix is part of
        // the name before it.
        if let Some(previous) = people.last_mut()
            && is_name_suffix(piece)
            && !previous.contains('<')
        {
            previous.push_str(", ");
            previous.push_str(&plain_address(piece));
            continue;
        }
        people.push(plain_address(piece));
    }
    people
}

/// Where a field stops naming authors: notes on who helped, and a second
/// field run into the first.
const NOTES: &[&str] = &[
    "with input",
    "with substantial input",
    "with help",
    "with contributions",
    "based on",
    "last updated",
];

/// The value without notes: cut at the first of [`NOTES`]; a parenthesis
/// holding an address (`Ana (ana@example.org)`) is the address, any other
/// parenthesis (an affiliation, a note) is dropped.
fn without_notes(value: &str) -> String {
    let lower = value.to_lowercase();
    let cut = NOTES
        .iter()
        .filter_map(|note| lower.find(note))
        .min()
        .unwrap_or(value.len());
    let value = value.get(..cut).unwrap_or(value);
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(open) = rest.find('(') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(')').map(|c| open + c) else {
            rest = "";
            break;
        };
        let inner = rest[open + 1..close].trim();
        if inner.contains('@') && !inner.contains(' ') {
            out.push_str(&format!("<{inner}>"));
        }
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out.trim_end_matches([',', ' ']).to_string()
}

/// `&lt;a@b&gt;` and `\<a@b\>` as `<a@b>`, `[Name](a@b)` as `Name <a@b>`,
/// and ` & ` or ` and ` (before a capital) between names as a comma.
fn unescape(value: &str) -> String {
    let text = value
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("\\<", "<")
        .replace("\\>", ">")
        .replace(" & ", ", ");
    // `Ana Lima and Bo Chen`, not `the core team and community`.
    let mut joined = String::with_capacity(text.len());
    for (index, part) in text.split(" and ").enumerate() {
        if index > 0 {
            joined.push_str(if part.starts_with(char::is_uppercase) {
                ", "
            } else {
                " and "
            });
        }
        joined.push_str(part);
    }
    let mut text = joined;
    // A header names a handful of people; a bound keeps a crafted line linear.
    for _ in 0..MAX_LINKS {
        let Some(open) = text.find('[') else { break };
        let Some(close) = text[open..].find("](").map(|c| open + c) else {
            break;
        };
        let Some(end) = text[close..].find(')').map(|e| close + e) else {
            break;
        };
        let name = text[open + 1..close].to_string();
        let target = text[close + 2..end]
            .trim_start_matches("mailto:")
            .to_string();
        let replaced = if target.contains('@') && !target.contains('/') {
            format!("{name} <{target}>")
        } else {
            name
        };
        text.replace_range(open..=end, &replaced);
    }
    without_notes(&text)
}

fn split_outside_brackets(value: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    for (at, c) in value.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                pieces.push(&value[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    pieces.push(&value[start..]);
    pieces
}

fn is_name_suffix(piece: &str) -> bool {
    let word = piece.split('<').next().unwrap_or(piece).trim();
    let word = word.trim_end_matches('.').to_lowercase();
    matches!(word.as_str(), "jr" | "sr" | "ii" | "iii" | "iv" | "phd")
}

/// `Name <name at example.org>` as `Name <name@example.org>`.
fn plain_address(piece: &str) -> String {
    let Some((name, rest)) = piece.split_once('<') else {
        return piece.to_string();
    };
    let address = rest.trim_end().trim_end_matches('>').trim();
    let words: Vec<&str> = address.split_whitespace().collect();
    let address = match words.as_slice() {
        [local, "at", domain] => format!("{local}@{domain}"),
        _ => address.to_string(),
    };
    format!("{} <{address}>", name.trim())
}

/// `05-Jul-2001`, as PEPs write dates.
fn pep_date(text: &str) -> Option<Timestamp> {
    let parts: Vec<&str> = text.split('-').collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let months = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let month = months
        .iter()
        .position(|m| month.to_lowercase().starts_with(m))?
        + 1;
    parse_date(&format!(
        "{year}-{month:02}-{:02}",
        day.parse::<u32>().ok()?
    ))
    .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_field_continues_on_indented_lines() {
        let mut pep = ParsedDocument::default();
        read_headers(
            "PEP: 8\nTitle: Style Guide\nAuthor: Guido van Rossum <guido@python.example>,\n        Barry Warsaw <barry at python.example>,\n        Alyssa Coghlan\nStatus: Active\n\nAuthor: not a header\n",
            &mut pep,
        );
        assert_eq!(
            pep.authors,
            [
                "Guido van Rossum <guido@python.example>",
                "Barry Warsaw <barry@python.example>",
                "Alyssa Coghlan"
            ]
        );
        assert_eq!(pep.status.as_deref(), Some("Active"));
    }

    #[test]
    fn sponsors_and_delegates_are_reviewers() {
        let mut pep = ParsedDocument::default();
        read_headers(
            "PEP: 9\nAuthor: Ana\nSponsor: Guido <guido at python.example>\nPEP-Delegate: Barry, TODO\n\nText\n",
            &mut pep,
        );
        assert_eq!(
            pep.reviewers,
            ["Guido <guido@python.example>", "Barry"],
            "TODO is nobody"
        );
    }

    #[test]
    fn people_keep_suffixes_and_drop_empty_pieces() {
        assert_eq!(
            people("Fred L. Drake, Jr. <fred@example.org>, Ana Lima,"),
            ["Fred L. Drake, Jr. <fred@example.org>", "Ana Lima"]
        );
        assert_eq!(people("A, B <b@x.example, c>"), ["A", "B <b@x.example, c>"]);
    }
}
