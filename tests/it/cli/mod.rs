//! End-to-end: real git repositories in temp folders, the real binary.
//! The small organization every module here starts from, and the tests
//! by topic.

mod calendars;
mod collect;
mod documents;
mod evidence_log;
mod identities;
mod init;
mod kept;
mod privacy;
mod report;
mod reviews;
mod rubric;
mod teams;

use crate::common::{self, TestOrg, Who, at, lines};

const SAM: Who = ("Sam Staff", "sam@acme.example");
const CODY: Who = ("Cody Coder", "cody@acme.example");
const CODY_OLD: Who = ("C. Coder", "cody@old.example");
const PAT: Who = ("Pat Pay", "pat@acme.example");
const WENDY: Who = ("Wendy Web", "wendy@acme.example");
const SUE: Who = ("Sue Search", "sue@acme.example");
const BOT: Who = (
    "dependabot[bot]",
    "49699333+dependabot[bot]@users.noreply.github.com",
);

const TEAMS: &str = r#"
[[team]]
name = "platform"
codeowners = ["@acme/platform"]
members = ["sam"]

[[team]]
name = "payments"
codeowners = ["@acme/payments"]
members = ["cody", "pat"]

[[team]]
name = "web"
members = ["wendy"]

[[team]]
name = "search"
members = ["Sue Search"]
"#;

const CONFIG: &str = r#"
store = ".staffscope/store.sqlite"
repositories = ["*"]
teams_file = "teams.toml"

[window]
since = "2025-01-01"
until = "2026-01-01"
"#;

fn trailer(kind: &str, who: Who) -> String {
    format!("{kind}: {} <{}>", who.0, who.1)
}

/// A small organization with the behaviours the rubric should find: Sam works
/// across teams and reviews a lot; Cody codes a lot in one team.
fn small_org() -> TestOrg {
    let org = TestOrg::new();
    let day = |n: i64| at("2025-01-06") + n * 86_400;

    let payments = org.repo("payments-api");
    payments.commit(
        CODY_OLD,
        day(0),
        &[
            (".github/CODEOWNERS", Some("* @acme/payments\n")),
            (".mailmap", Some("# one person, two emails\nCody Coder <cody@acme.example> C. Coder <cody@old.example>\n")),
            ("src/ledger.go", Some(&lines("ledger", 30))),
        ],
        "ledger: first version",
    );
    for i in 1..40 {
        let who = if i < 10 { CODY_OLD } else { CODY };
        payments.commit(
            who,
            day(i),
            &[(&format!("src/ledger/part{i}.go"), Some(&lines("part", 30)))],
            &format!("ledger: add part {i}"),
        );
    }
    for i in 0..10 {
        let mut message = format!("api: endpoint {i}");
        if i < 5 {
            message.push_str(&format!("\n\n{}", trailer("Reviewed-by", SAM)));
        } else if i < 8 {
            message.push_str(&format!("\n\n{}", trailer("Reviewed-by", CODY)));
        }
        payments.commit(
            PAT,
            day(40 + i),
            &[(&format!("src/api/e{i}.go"), Some(&lines("endpoint", 12)))],
            &message,
        );
    }
    payments.commit(
        BOT,
        day(60),
        &[("go.sum", Some("bump\n"))],
        "Bump a dependency",
    );

    let web = org.repo("web-app");
    web.commit(
        WENDY,
        day(1),
        &[
            ("CODEOWNERS", Some("* @acme/web\n")),
            ("src/App.tsx", Some(&lines("app", 10))),
        ],
        "app: start",
    );
    for i in 0..9 {
        let mut message = format!("ui: screen {i}");
        if i < 6 {
            message.push_str(&format!(
                "\n\nSome context.\n\n{}",
                trailer("Reviewed-by", SAM)
            ));
        }
        web.commit(
            WENDY,
            day(10 + i),
            &[(&format!("src/screens/s{i}.tsx"), Some(&lines("screen", 15)))],
            &message,
        );
    }
    web.git(&["checkout", "-q", "-b", "feature"]);
    web.commit(
        SAM,
        day(30),
        &[("src/perf.ts", Some(&lines("perf", 25)))],
        &format!(
            "perf: cache the bundle\n\n{}",
            trailer("Co-authored-by", WENDY)
        ),
    );
    web.git(&["checkout", "-q", "main"]);
    web.merge(
        WENDY,
        day(31),
        "feature",
        "Merge pull request #7 from acme/feature",
    );

    let search = org.repo("search");
    search.commit(
        SUE,
        day(2),
        &[
            (".github/CODEOWNERS", Some("* @acme/search\n")),
            ("index.py", Some(&lines("index", 10))),
        ],
        "index: start",
    );
    for i in 0..7 {
        let mut message = format!("index: shard {i}");
        if i < 6 {
            message.push_str(&format!("\n\n{}", trailer("Reviewed-by", SAM)));
        }
        search.commit(
            SUE,
            day(20 + i),
            &[(&format!("shards/s{i}.py"), Some(&lines("shard", 10)))],
            &message,
        );
    }
    search.commit(
        SAM,
        day(50),
        &[("timeouts.py", Some(&lines("timeout", 30)))],
        "timeouts: one retry policy",
    );

    let platform = org.repo("platform");
    platform.commit(
        SAM,
        day(3),
        &[
            (".github/CODEOWNERS", Some("* @acme/platform\n")),
            ("ci/pipeline.yml", Some(&lines("step", 10))),
        ],
        "ci: pipeline",
    );
    platform.commit(
        SAM,
        day(4),
        &[("ci/cache.yml", Some(&lines("cache", 10)))],
        "ci: cache",
    );

    let shared = org.repo("shared");
    shared.commit(
        SAM,
        day(5),
        &[
            (
                ".github/CODEOWNERS",
                Some("* @acme/platform\n/money/ @acme/payments\n/ui/ @acme/web\n"),
            ),
            ("money/round.go", Some(&lines("round", 25))),
        ],
        "money: one rounding rule",
    );

    org.write("teams.toml", TEAMS);
    org
}

fn collected_small_org() -> TestOrg {
    let org = small_org();
    org.write("staffscope.toml", CONFIG);
    org.run(&["collect"])
        .success()
        .stderr_has("payments-api: 51 commits read");
    org
}

/// Copies the checked-in GitHub export for web-app, pointing pull request #7
/// at the real merge commit the test built.
fn write_github_export(org: &TestOrg, merge_commit: &str) {
    for (name, content) in common::github_export(merge_commit) {
        org.write(&format!("exports/web-app/{name}"), &content);
    }
}
