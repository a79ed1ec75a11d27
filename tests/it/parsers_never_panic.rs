//! Property tests for every parser of outside input: on random text built from
//! the fragments each format is made of, a parser returns a value or an error
//! that names the file; it never panics.

use analysis::assess::DEFAULT_RUBRIC;
use parser_checks as checks;

use crate::common::Rng;

const FRAGMENTS: &[&str] = &[
    "[[team]]",
    "[[person]]",
    "[[dimension]]",
    "[team.owns]",
    "name",
    "members",
    "leads",
    "alumni",
    "github",
    "subteam-of",
    "kind = \"marker-team\"",
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
    "name,email,team",
    "team,login,level\n",
    "job_family",
    "yes",
    ",,",
    "kind: Group\n",
    "apiVersion: backstage.io/v1alpha1\n",
    "metadata:\n  name: a\n",
    "spec:\n  parent: ",
    "  members: [",
    "---\n",
    "{\"slug\":\"x\",\"parent\":",
    "{\"login\":",
    "\"role_name\":\"admin\"",
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

// The checks themselves (no panic; every problem names the file) live in
// `parser_checks`, shared with the cargo-fuzz targets in `fuzz/`.

#[test]
fn teams_file() {
    check_cases(checks::teams_file);
}

#[test]
fn people_csv() {
    // Random rows under a header the reader knows.
    check_cases(|text| {
        checks::teams_file(&format!(
            "name,email,login,team,parent_team,level,from,to,primary\n{text}"
        ))
    });
}

#[test]
fn identities_file() {
    check_cases(checks::identities_file);
}

#[test]
fn rubric_file() {
    check_cases(checks::rubric);
    // Mutations of the real rubric: every line removed in turn.
    let lines: Vec<&str> = DEFAULT_RUBRIC.lines().collect();
    for skip in 0..lines.len() {
        let text: String = lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        checks::rubric(&text);
    }
}

#[test]
fn codeowners_file() {
    check_cases(checks::codeowners);
}

#[test]
fn mailmap_file() {
    check_cases(checks::mailmap);
}

#[test]
fn commit_trailers() {
    check_cases(checks::commit_message);
}

#[test]
fn github_export() {
    check_cases(checks::github_export);
}

#[test]
fn gerrit_query_lines() {
    check_cases(checks::gerrit);
}

#[test]
fn owners_and_maintainers_files() {
    check_cases(|text| {
        checks::owners(text);
        checks::maintainers(text);
    });
}

#[test]
fn documents() {
    check_cases(|text| {
        checks::documents(text);
        // Front matter around random text, both fences.
        checks::documents(&format!("---\n{text}\n---\nbody"));
        checks::documents(&format!("+++\n{text}\n+++\nbody"));
    });
    // A YAML bomb in front matter is refused, not expanded.
    let bomb = "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n# Title\n";
    let (document, _) = analysis::resolve::documents::parse("docs/bomb.md", bomb);
    assert_eq!(document.title, "Title");
}

#[test]
fn rust_team_repository() {
    check_cases(checks::rust_team);
    check_cases(|text| checks::rust_team(&format!("name = \"x\"\n[people]\n{text}")));
}

#[test]
fn evidence_logs() {
    check_cases(checks::evidence_log);
}

#[test]
fn calendars() {
    check_cases(|text| {
        checks::calendar(text);
        // Random text where a recurrence rule goes, inside a real event.
        checks::calendar(&format!(
            "BEGIN:VEVENT\nDTSTART:20250106T100000Z\nDURATION:PT1H\nRRULE:{text}\nATTENDEE:mailto:a@x.example\nEND:VEVENT\n{text}"
        ));
    });
}

#[test]
fn patterns_text() {
    use analysis::patterns::{problem_kind, references, terms};
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
