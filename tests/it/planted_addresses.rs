//! Email addresses planted in every field a source can fill - an author
//! name that is an address, bare and malformed trailer addresses, a
//! document's author (obfuscated too), title and path, a teams-file member, a commit
//! subject - never reach any output, in any format, on stdout or stderr.
//! Only `identities --show-emails` and `store dump` show addresses, because
//! the user asked for them.

use crate::common::{TestOrg, Who, at, lines};

/// Every address planted below; none may be printed.
const PLANTED: &[&str] = &[
    "ann.author@planted.example",
    "nameless@planted.example",
    "bare.coauthor@planted.example",
    "malformed@planted.example",
    "doc.author@planted.example",
    "title@planted.example",
    "subject@planted.example",
    "member@planted.example",
    "path@planted.example",
    "pep.author@planted.example",
    "pep.author at planted.example",
    "unknown.author@planted.example",
];

/// An author whose name is her address, as some tools write it.
const ADDRESS_AS_NAME: Who = ("nameless@planted.example", "nameless@planted.example");
const ANN: Who = ("Ann Author", "ann.author@planted.example");

fn organization() -> TestOrg {
    let org = TestOrg::new();
    let day = |n: i64| at("2025-02-03") + n * 86_400;
    let repo = org.repo("core");
    repo.commit(
        ANN,
        day(0),
        &[("src/lib.rs", Some(&lines("lib", 30)))],
        "Fix the parser reported by subject@planted.example\n\n\
         Co-authored-by: bare.coauthor@planted.example\n\
         Reviewed-by: Someone <malformed@planted.example",
    );
    repo.commit(
        ADDRESS_AS_NAME,
        day(1),
        &[("src/io.rs", Some(&lines("io", 30)))],
        "io: buffer reads",
    );
    repo.commit(
        ANN,
        day(2),
        &[(
            "docs/rfcs/0001-path@planted.example.md",
            Some(
                "---\ntitle: Retries for title@planted.example\nauthors: [doc.author@planted.example]\n---\n\n# Retries\n\nWhy we retry.\n",
            ),
        )],
        "Add the retries RFC",
    );
    // A PEP-style header: an obfuscated address, and one nobody committed under.
    repo.commit(
        ANN,
        day(3),
        &[(
            "peps/pep-0001.rst",
            Some(
                "PEP: 1\nTitle: A proposal\nAuthor: Pep Author <pep.author at planted.example>,\n        Unknown <unknown.author@planted.example>\nStatus: Draft\n\nText.\n",
            ),
        )],
        "Add PEP 1",
    );
    org.write(
        "teams.toml",
        "[[team]]\nname = \"core\"\nmembers = [\"ann.author@planted.example\", \"member@planted.example\"]\n[team.owns]\n\"core\" = [\"src/\"]\n",
    );
    org.write(
        "staffscope.toml",
        "store = \".staffscope/store.sqlite\"\nrepositories = [\"*\"]\nteams_file = \"teams.toml\"\n\n[window]\nsince = \"2025-01-01\"\nuntil = \"2026-01-01\"\n",
    );
    org.run(&["collect"]).success();
    org
}

#[test]
fn planted_addresses_reach_no_output() {
    let org = organization();
    let commands: &[&[&str]] = &[
        &["org"],
        &["org", "--format", "json"],
        &["people"],
        &["people", "--format", "json"],
        &["report", "ann.author@planted.example"],
        &["report", "ann.author@planted.example", "--format", "json"],
        &["packet", "ann.author@planted.example"],
        &["packet", "ann.author@planted.example", "--format", "html"],
        &["explain", "ann.author@planted.example", "writing"],
        &["calibrate"],
        &["export"],
        &["export", "--format", "csv"],
        &["identities"],
        &["identities", "--suggest"],
        &["teams", "--check"],
        &["patterns"],
        &["patterns", "--format", "json"],
        &["report", "nobody@planted.example"],
        &["documents"],
        &["documents", "--format", "json"],
    ];
    for args in commands {
        let run = org.run(args);
        let (stdout, stderr) = (run.stdout(), run.stderr());
        for address in PLANTED {
            assert!(
                !stdout.contains(address) && !stderr.contains(address),
                "`{}` shows {address}\nstdout:\n{stdout}\nstderr:\n{stderr}",
                run.command
            );
        }
    }
}

#[test]
fn addresses_are_shown_only_when_asked_for() {
    let org = organization();
    let shown = org.run(&["identities", "--show-emails"]).success().stdout();
    assert!(shown.contains("ann.author@planted.example"), "{shown}");
}
