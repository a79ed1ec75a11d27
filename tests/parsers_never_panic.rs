//! Property tests for every parser of outside input: on random text built from
//! the fragments each format is made of, a parser returns a value or an error
//! that names the file; it never panics.

use staffscope::assess::{DEFAULT_RUBRIC, parse_rubric};
use staffscope::model::parse_trailers;
use staffscope::resolve::files::{parse_identities_file, parse_teams_file};
use staffscope::resolve::{CodeOwners, Mailmap};

/// A small deterministic generator, so a failure reproduces.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const FRAGMENTS: &[&str] = &[
    "[[team]]",
    "[[person]]",
    "[[dimension]]",
    "[team.owns]",
    "name",
    "members",
    "who",
    "from",
    "to",
    "handle",
    "emails",
    "metric",
    "when",
    "thresholds",
    "levels",
    "target",
    " = ",
    "\"",
    "'",
    "[",
    "]",
    "{",
    "}",
    ",",
    "\n",
    "\n\n",
    "#",
    "@",
    "@org/team",
    "<",
    ">",
    "a@b.example",
    "*",
    "**",
    "/",
    "\\",
    "!",
    "2025-01-01",
    "2025-13-45",
    "teams_reached >= 3",
    ">=",
    "<=",
    "1",
    "-1",
    "1e400",
    "nan",
    " ",
    "\t",
    "é",
    "\u{0}",
    "Reviewed-by: ",
    "Co-authored-by:",
    ":",
    "x",
    "docs/*",
    "\r\n",
];

fn random_text(rng: &mut Rng) -> String {
    let pieces = rng.below(40);
    (0..pieces)
        .map(|_| FRAGMENTS[rng.below(FRAGMENTS.len())])
        .collect()
}

fn check_cases(mut parse: impl FnMut(&str)) {
    let mut rng = Rng(0x5eed_1234_abcd_ef01);
    for _ in 0..3_000 {
        parse(&random_text(&mut rng));
    }
}

#[test]
fn teams_file() {
    check_cases(|text| {
        if let Err(error) = parse_teams_file("teams.toml", text) {
            assert!(error.to_string().starts_with("teams.toml"), "{error}");
        }
    });
}

#[test]
fn identities_file() {
    check_cases(|text| {
        if let Err(error) = parse_identities_file("identities.toml", text) {
            assert!(error.to_string().starts_with("identities.toml"), "{error}");
        }
    });
}

#[test]
fn rubric_file() {
    check_cases(|text| {
        if let Err(error) = parse_rubric("rubric.toml", text) {
            assert!(error.to_string().starts_with("rubric.toml"), "{error}");
        }
    });
    // Mutations of the real rubric: every line removed in turn.
    let lines: Vec<&str> = DEFAULT_RUBRIC.lines().collect();
    for skip in 0..lines.len() {
        let text: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let _ = parse_rubric("rubric.toml", &text);
    }
}

#[test]
fn codeowners_file() {
    check_cases(|text| {
        let (owners, problems) = CodeOwners::parse("CODEOWNERS", text);
        for problem in problems {
            assert!(problem.to_string().starts_with("CODEOWNERS:"), "{problem}");
        }
        let _ = owners.owners_of("docs/a/b.md");
    });
}

#[test]
fn mailmap_file() {
    check_cases(|text| {
        let mut mailmap = Mailmap::default();
        for problem in mailmap.merge(".mailmap", text) {
            assert!(problem.to_string().starts_with(".mailmap:"), "{problem}");
        }
    });
}

#[test]
fn commit_trailers() {
    check_cases(|text| {
        let _ = parse_trailers(text);
    });
}

#[test]
fn github_export() {
    check_cases(|text| {
        let mut export = staffscope::model::ReviewExport::default();
        let mut comments = std::collections::HashMap::new();
        for problem in staffscope::collect::github::parse_file(
            "r",
            "events-7.json",
            text,
            &mut export,
            &mut comments,
        ) {
            assert!(
                problem.to_string().starts_with("events-7.json"),
                "{problem}"
            );
        }
    });
}

#[test]
fn gerrit_query_lines() {
    check_cases(|text| {
        let (_, problems) = staffscope::collect::gerrit::parse("r", "gerrit.jsonl", text);
        for problem in problems {
            assert!(
                problem.to_string().starts_with("gerrit.jsonl:"),
                "{problem}"
            );
        }
    });
}

#[test]
fn owners_and_maintainers_files() {
    check_cases(|text| {
        if let Err(problem) = staffscope::resolve::owners::parse_owners("a/OWNERS", text) {
            assert!(problem.to_string().starts_with("a/OWNERS"), "{problem}");
        }
        if let Err(problem) = staffscope::resolve::owners::parse_aliases("OWNERS_ALIASES", text) {
            assert!(
                problem.to_string().starts_with("OWNERS_ALIASES"),
                "{problem}"
            );
        }
        let (maintainers, problems) =
            staffscope::resolve::owners::Maintainers::parse("MAINTAINERS", text);
        for problem in problems {
            assert!(problem.to_string().starts_with("MAINTAINERS:"), "{problem}");
        }
        let _ = maintainers.section_of("drivers/net/a.c");
    });
}

#[test]
fn documents() {
    check_cases(|text| {
        for path in ["rfcs/0001-x.md", "docs/adr/2.md", "postmortems/p.md"] {
            let (_, problems) = staffscope::resolve::documents::parse(path, text);
            for problem in problems {
                assert!(problem.to_string().starts_with(path), "{problem}");
            }
        }
        let _ = staffscope::resolve::documents::cited_ids(text);
        // Front matter around random text, both fences.
        let _ =
            staffscope::resolve::documents::parse("docs/d.md", &format!("---\n{text}\n---\nbody"));
        let _ =
            staffscope::resolve::documents::parse("docs/d.md", &format!("+++\n{text}\n+++\nbody"));
    });
    // A YAML bomb in front matter is refused, not expanded.
    let bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n# Title\n";
    let (document, _) = staffscope::resolve::documents::parse("docs/bomb.md", bomb);
    assert_eq!(document.title, "Title");
}

#[test]
fn evidence_logs() {
    check_cases(
        |text| match staffscope::resolve::evidence_log::parse("evidence/a.yaml", text) {
            Ok((_, problems)) => {
                for problem in problems {
                    assert!(
                        problem.to_string().starts_with("evidence/a.yaml"),
                        "{problem}"
                    );
                }
            }
            Err(problem) => assert!(
                problem.to_string().starts_with("evidence/a.yaml"),
                "{problem}"
            ),
        },
    );
}

#[test]
fn calendars() {
    let window = staffscope::model::Window {
        since: 0,
        until: 2_000_000_000,
    };
    check_cases(|text| {
        let ics = format!(
            "BEGIN:VEVENT\nDTSTART:20250106T100000Z\nDURATION:PT1H\nRRULE:{text}\nATTENDEE:mailto:a@x.example\nEND:VEVENT\n{text}"
        );
        for input in [text, ics.as_str()] {
            let (_, problems) = staffscope::resolve::calendar::parse("c.ics", input, window);
            for problem in problems {
                assert!(problem.to_string().starts_with("c.ics"), "{problem}");
            }
        }
    });
}

#[test]
fn patterns_text() {
    use staffscope::patterns::{problem_kind, references, terms};
    const WORDS: &[&str] = &[
        "Fix",
        "fix(",
        "):",
        "Revert \"",
        "\"",
        "camelCase",
        "HTTPClient",
        "max_connections",
        "kebab-case",
        "golang.org/x/net",
        "CVE-2025-1234",
        "INC-",
        "RFC-0001",
        "GHSA-",
        "-",
        "_",
        ".",
        "/",
        "429",
        "5xx",
        "9",
        "flaky",
        "retries",
        "ies",
        "ed",
        "ing",
        "sses",
        "e",
        "ẞ",
        "İ",
        "Ⅻ",
        "ﬁ",
        "\u{301}",
        "日本",
        "🦀",
    ];
    check_cases(|text| {
        let _ = terms(text);
        let _ = references(text);
        let _ = problem_kind(text.lines().next().unwrap_or(""), text);
    });
    let mut rng = Rng(0x0dd_ba11);
    for _ in 0..3_000 {
        let text: String = (0..rng.below(30))
            .map(|_| WORDS[rng.below(WORDS.len())])
            .collect();
        let found = terms(&text);
        assert!(
            found.windows(2).all(|w| w[0] < w[1]),
            "sorted and unique: {found:?}"
        );
        assert!(found.iter().all(|t| !t.is_empty()), "{text:?}");
        let _ = references(&text);
        let _ = problem_kind(&text, &text);
    }
}
