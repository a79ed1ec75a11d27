//! A bound on how deeply YAML from outside may nest, checked in one pass
//! before it is parsed: the YAML parser's cost grows with the square of the
//! nesting (a 200 KB front matter nested 100,000 deep took 20 s), and no
//! front matter, KEP, OWNERS file or evidence log needs more than a few
//! levels.

use model::Diagnostic;

/// Levels of nesting YAML may have: flow collections (`[`, `{`) open at
/// once, or block levels (indentation of two spaces, or `- ` entries on
/// one line).
pub const MAX_DEPTH: usize = 64;

/// An error naming the first line where `text` nests deeper than
/// [`MAX_DEPTH`], with `first_line` the line of `path` that `text` starts
/// on; `None` when it does not. Brackets inside quoted strings are counted
/// too: it takes 64 unclosed ones to matter.
pub fn check(path: &str, text: &str, first_line: usize) -> Option<Diagnostic> {
    let mut flow = 0usize;
    for (index, line) in text.lines().enumerate() {
        let rest = line.trim_start_matches(' ');
        let indent = line.len() - rest.len();
        let mut rest = rest;
        let mut entries = 0;
        while let Some(after) = rest.strip_prefix("- ") {
            entries += 1;
            rest = after.trim_start_matches(' ');
        }
        for c in rest.chars() {
            match c {
                '[' | '{' => flow += 1,
                ']' | '}' => flow = flow.saturating_sub(1),
                _ => {}
            }
            if flow > MAX_DEPTH {
                break;
            }
        }
        if flow > MAX_DEPTH || indent / 2 + entries > MAX_DEPTH {
            return Some(Diagnostic::at(
                path,
                first_line + index,
                format!("YAML nested more than {MAX_DEPTH} levels deep; not read"),
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_is_found_in_one_pass_and_ordinary_yaml_passes() {
        let deep = format!("a: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let problem = check("x.md", &format!("title: x\n{deep}"), 2).expect("too deep");
        assert_eq!(
            problem.to_string(),
            "x.md:3: YAML nested more than 64 levels deep; not read"
        );
        let entries = format!("a:\n{}b\n", "- ".repeat(100));
        assert!(check("o", &entries, 1).is_some());
        let ordinary = "title: x\nauthors: [ana, \"bo [the second]\"]\nremediation:\n  - item: a\n    owner: ana\n";
        assert!(check("x.md", ordinary, 1).is_none());
    }
}
