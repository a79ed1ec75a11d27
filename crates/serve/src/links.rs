//! Links in free text. Views write some things as prose (a step of the path
//! names a recurring problem and its evidence, a suggestion names a person);
//! the dashboard links what such a text names without the view knowing about
//! pages: evidence ids of collected repositories, the names and `@handles`
//! of people who have a page, and a recurring problem named at the start of
//! the text. A name is linked only when it has two words or more and no one
//! else bears it: a one-word name ("bob") is a word of the prose too often,
//! and is linked through its handle instead.

use std::collections::{HashMap, HashSet};
use std::fmt::Write;

use super::html::{encode, pattern_anchor, person_href, reference_segment, text};
use model::EvidenceId;
use report::stored::{Directory, Links};

/// What free text may link to, gathered once.
pub struct Linker {
    repos: HashSet<String>,
    /// People with a page: handle to name.
    handles: HashMap<String, String>,
    /// Longest first, so a name that starts another is tried after it.
    patterns: Vec<String>,
    /// Finds people's names in a text, and the handle of each name.
    names: Option<(aho_corasick::AhoCorasick, Vec<String>)>,
}

/// Characters around a token that are punctuation, not part of it.
const OPENERS: &[char] = &['(', '[', '{', '"', '\''];
const CLOSERS: &[char] = &[')', ']', '}', ',', '.', ';', ':', '!', '?', '"', '\''];

impl Linker {
    /// From who is active and what was collected, as kept or as an
    /// analysis has them ([`Directory::new`], [`Links::new`]): one way, so
    /// the dashboard links alike before and after its analysis is built.
    pub fn new(directory: &Directory, links: &Links) -> Linker {
        let repos = links.repos.iter().cloned().collect();
        let handles = directory
            .active()
            .map(|(handle, name)| (handle.to_string(), name.to_string()))
            .collect();
        let mut patterns = links.patterns.clone();
        patterns.sort_by_key(|name| std::cmp::Reverse(name.len()));
        Linker::with(repos, handles, patterns)
    }

    fn with(
        repos: HashSet<String>,
        handles: HashMap<String, String>,
        patterns: Vec<String>,
    ) -> Linker {
        let mut borne: HashMap<&str, Vec<&str>> = HashMap::new();
        for (handle, name) in &handles {
            borne.entry(name.as_str()).or_default().push(handle);
        }
        let (names, name_handles): (Vec<&str>, Vec<String>) = borne
            .into_iter()
            .filter(|(name, handles)| handles.len() == 1 && name.trim().contains(' '))
            .map(|(name, handles)| (name, handles[0].to_string()))
            .unzip();
        let names = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&names)
            .ok()
            .map(|finder| (finder, name_handles));
        Linker {
            repos,
            handles,
            patterns,
            names,
        }
    }

    /// Whether `handle` has a page (is active in the window).
    pub fn has_page(&self, handle: &str) -> bool {
        self.handles.contains_key(handle)
    }

    /// A person's name, linked when they have a page.
    pub fn person(&self, name: &str, handle: &str) -> String {
        if self.has_page(handle) {
            super::html::person_link(name, handle)
        } else {
            text(name)
        }
    }

    /// `raw` escaped as [`text`] escapes it, with what it names linked;
    /// evidence links carry `person` so the evidence page shows their numbers.
    pub fn rich(&self, raw: &str, person: Option<&str>) -> String {
        let mut out = String::with_capacity(raw.len() + 64);
        let mut rest = raw;
        if let Some(name) = self
            .patterns
            .iter()
            .find(|name| raw.starts_with(name.as_str()) && raw[name.len()..].starts_with(':'))
        {
            let _ = write!(
                out,
                "<a href=\"/patterns#{}\">{}</a>",
                pattern_anchor(name),
                text(name)
            );
            rest = &raw[name.len()..];
        }
        let mut last = 0;
        if let Some((finder, handles)) = &self.names {
            for found in finder.find_iter(rest) {
                let before = rest[..found.start()].chars().next_back();
                let after = rest[found.end()..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                    || found.start() < last
                {
                    continue;
                }
                self.tokens(&rest[last..found.start()], person, &mut out);
                let _ = write!(
                    out,
                    "<a href=\"{}\">{}</a>",
                    text(&person_href(&handles[found.pattern().as_usize()])),
                    text(&rest[found.start()..found.end()])
                );
                last = found.end();
            }
        }
        self.tokens(&rest[last..], person, &mut out);
        out
    }

    /// Links the evidence ids and handles among `rest`'s words.
    fn tokens(&self, rest: &str, person: Option<&str>, out: &mut String) {
        let mut plain = String::new();
        for token in rest.split_inclusive(char::is_whitespace) {
            let word = token.trim_end();
            let core = word.trim_start_matches(OPENERS).trim_end_matches(CLOSERS);
            match self.link(core, person) {
                Some(link) if !core.is_empty() => {
                    let start = word.len() - word.trim_start_matches(OPENERS).len();
                    plain.push_str(&word[..start]);
                    out.push_str(&text(&plain));
                    plain.clear();
                    out.push_str(&link);
                    plain.push_str(&token[start + core.len()..]);
                }
                _ => plain.push_str(token),
            }
        }
        out.push_str(&text(&plain));
    }

    fn link(&self, core: &str, person: Option<&str>) -> Option<String> {
        if let Some(handle) = core.strip_prefix('@')
            && self.handles.contains_key(handle)
        {
            return Some(format!(
                "<a href=\"{}\">@{}</a>",
                text(&person_href(handle)),
                text(handle)
            ));
        }
        let id: EvidenceId = core.parse().ok()?;
        if !self.repos.contains(id.repo.as_ref() as &str) {
            return None;
        }
        let mut href = format!(
            "/evidence/{}/{}",
            encode(&id.repo),
            reference_segment(&id.reference.to_string())
        );
        if let Some(handle) = person {
            let _ = write!(href, "?person={}", encode(handle));
        }
        Some(format!(
            "<a class=\"evidence-id\" href=\"{}\"><code>{}</code></a>",
            text(&href),
            text(core)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn linker() -> Linker {
        Linker::with(
            ["payments".to_string(), "docs".to_string()].into(),
            [
                ("priya".to_string(), "Priya Raman".to_string()),
                ("bob".to_string(), "bob".to_string()),
            ]
            .into(),
            vec!["workers race".to_string()],
        )
    }

    #[test]
    fn ids_handles_and_a_leading_problem_are_linked() {
        let out = linker().rich(
            "workers race: 3 occurrences (evidence: payments@0123456789ab, docs:adr/1.md). Ask Priya Raman (@priya) or @nobody.",
            Some("priya"),
        );
        assert!(
            out.starts_with("<a href=\"/patterns#class-workers-race\">workers race</a>:"),
            "{out}"
        );
        assert!(out.contains("(evidence: <a class=\"evidence-id\" href=\"/evidence/payments/0123456789ab?person=priya\"><code>payments@0123456789ab</code></a>, "), "{out}");
        assert!(out.contains("href=\"/evidence/docs/adr%2F1.md?person=priya\"><code>docs:adr/1.md</code></a>). Ask"), "{out}");
        assert!(out.contains(" Ask <a href=\"/person/priya\">Priya Raman</a> (<a href=\"/person/priya\">@priya</a>) or @nobody."), "{out}");
    }

    #[test]
    fn names_of_two_words_link_at_word_boundaries() {
        let out = linker().rich(
            "review of Priya Raman's change; Priya Ramanathan; bob",
            None,
        );
        assert_eq!(
            out,
            "review of <a href=\"/person/priya\">Priya Raman</a>&#39;s change; Priya Ramanathan; bob"
        );
    }

    #[test]
    fn unknown_repositories_markup_and_addresses_stay_text() {
        let out = linker().rich("see other@0123456789ab <b> ana@acme.example", None);
        assert_eq!(out, "see other@0123456789ab &lt;b&gt; [email hidden]");
    }
}
