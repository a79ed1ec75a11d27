//! Where git defines a behaviour, staffscope must agree with git on the same input.

use std::collections::BTreeMap;

use crate::common::{self, TestOrg, Who, at, git};
use analysis::resolve::Mailmap;
use collect::git::GitRepo;
use model::Signature;

const ANA: Who = ("Ana Lima", "ana@x.example");

/// Per commit: (path, added, removed) as `git log --numstat --no-renames` prints them; binary as None.
type Numstat = BTreeMap<String, Vec<(String, Option<(u32, u32)>)>>;

fn git_numstat(repo: &std::path::Path) -> Numstat {
    let out = git(
        repo,
        &[
            "-c",
            "core.quotepath=false",
            "log",
            "--numstat",
            "--no-renames",
            "--format=commit %H",
        ],
    );
    let mut result: Numstat = BTreeMap::new();
    let mut current = String::new();
    for line in out.lines() {
        if let Some(id) = line.strip_prefix("commit ") {
            current = id.to_string();
            result.entry(current.clone()).or_default();
        } else if !line.is_empty() {
            let mut parts = line.splitn(3, '\t');
            let (added, removed, path) = (
                parts.next().unwrap(),
                parts.next().unwrap(),
                parts.next().unwrap(),
            );
            let counts = if added == "-" {
                None
            } else {
                Some((added.parse().unwrap(), removed.parse().unwrap()))
            };
            result
                .get_mut(&current)
                .unwrap()
                .push((path.to_string(), counts));
        }
    }
    for files in result.values_mut() {
        files.sort();
    }
    result
}

fn staffscope_numstat(repo: &std::path::Path) -> Numstat {
    let opened = GitRepo::open(repo).unwrap();
    let plan = opened.plan(None, Default::default).unwrap();
    let batch = opened.read_commits("r", &plan.new, 2).unwrap();
    assert_eq!(batch.missing_contents, 0);
    batch
        .commits
        .into_iter()
        .map(|commit| {
            let mut files: Vec<(String, Option<(u32, u32)>)> = commit
                .files
                .into_iter()
                .map(|f| {
                    (
                        f.path,
                        if f.binary {
                            None
                        } else {
                            Some((f.added, f.removed))
                        },
                    )
                })
                .collect();
            files.sort();
            (commit.id, files)
        })
        .collect()
}

#[test]
fn line_counts_match_git_log_numstat() {
    let org = TestOrg::new();
    let repo = org.repo("r");
    let t = at("2025-01-01");
    repo.commit(
        ANA,
        t,
        &[
            ("a.txt", Some("one\ntwo\nthree\n")),
            ("empty", Some("")),
            ("docs/café.md", Some("# café\n")),
        ],
        "start",
    );
    repo.commit(
        ANA,
        t + 1,
        &[
            ("a.txt", Some("one\n2\nthree\nfour")),
            ("b.bin", Some("bin\0ary\0data")),
        ],
        "edit, no final newline, binary",
    );
    repo.commit(
        ANA,
        t + 2,
        &[
            ("a.txt", Some("one\r\n2\r\nthree\r\nfour\r\n")),
            ("empty", None),
        ],
        "crlf and delete",
    );
    repo.commit(
        ANA,
        t + 3,
        &[
            ("b.bin", Some("other\0binary")),
            ("dir/deep/x.rs", Some(&common::lines("x", 40))),
        ],
        "binary change",
    );
    std::os::unix::fs::symlink("a.txt", repo.path.join("link")).unwrap();
    repo.commit(ANA, t + 4, &[], "symlink");
    let mut perms = std::fs::metadata(repo.path.join("a.txt"))
        .unwrap()
        .permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(repo.path.join("a.txt"), perms).unwrap();
    repo.commit(ANA, t + 5, &[], "mode change only");
    repo.git(&["checkout", "-q", "-b", "side"]);
    repo.commit(ANA, t + 6, &[("side.txt", Some("s\n"))], "side");
    repo.git(&["checkout", "-q", "main"]);
    repo.commit(
        ANA,
        t + 7,
        &[("dir/deep/x.rs", Some(&common::lines("y", 35)))],
        "rewrite most lines",
    );
    repo.merge(ANA, t + 8, "side", "Merge branch 'side'");
    repo.commit(
        ANA,
        t + 9,
        &[
            ("dir/deep/x.rs", None),
            ("moved/x.rs", Some(&common::lines("y", 35))),
        ],
        "a rename, read as delete and add",
    );

    let expected = git_numstat(&repo.path);
    let got = staffscope_numstat(&repo.path);
    assert_eq!(got.len(), 10);
    assert_eq!(got, expected);
}

/// Many small edits to a few files over a long history: lines repeated
/// (blank lines, braces) so some are too common to anchor the diff on,
/// versions reverted to (a blob read before, found again), the same content
/// in two files, and a file turning binary and back. Blobs are read once
/// and their lines reused by the older commits; the counts must not change.
#[test]
fn line_counts_match_git_over_a_history_of_edits_and_reverts() {
    let org = TestOrg::new();
    let repo = org.repo("r");
    let t = at("2025-01-01");
    const VOCABULARY: [&str; 8] = [
        "",
        "}",
        "{",
        "    return 0;",
        "int main(void)",
        "x = x + 1;",
        "// note",
        "if (x) {",
    ];
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut files: Vec<Vec<String>> = vec![Vec::new(); 4];
    let mut history: Vec<String> = Vec::new();
    for step in 0..80 {
        let which = (next() % 4) as usize;
        let file = &mut files[which];
        // A few edits: insert, delete or replace a line, anywhere.
        for _ in 0..1 + next() % 6 {
            let at_line = if file.is_empty() {
                0
            } else {
                (next() % file.len() as u64) as usize
            };
            let word = VOCABULARY[(next() % VOCABULARY.len() as u64) as usize];
            let line = if next() % 3 == 0 {
                format!("{word} /* {step} */")
            } else {
                word.to_string()
            };
            match next() % 3 {
                0 if !file.is_empty() => {
                    file.remove(at_line);
                }
                1 if !file.is_empty() => file[at_line] = line,
                _ => file.insert(at_line, line),
            }
        }
        let mut text: String = file.iter().map(|line| format!("{line}\n")).collect();
        if step % 9 == 4 {
            // Back to a version seen before, whole.
            if let Some(old) = history.get(history.len() / 2) {
                text = old.clone();
            }
        }
        if step % 13 == 6 {
            text.push_str("no final newline");
        }
        history.push(text.clone());
        let path = format!("src/f{which}.c");
        let mut changes = vec![(path.as_str(), Some(text.as_str()))];
        if step % 10 == 3 {
            // The same content in another file: one blob, two paths.
            changes.push(("copy.c", Some(text.as_str())));
        }
        let blob = if step % 15 == 7 {
            format!("bin\0{step}")
        } else {
            format!("text {step}\n")
        };
        if step % 5 == 0 {
            changes.push(("sometimes.bin", Some(blob.as_str())));
        }
        repo.commit(ANA, t + step as i64, &changes, &format!("edit {step}"));
    }
    let expected = git_numstat(&repo.path);
    let got = staffscope_numstat(&repo.path);
    assert_eq!(got.len(), 80);
    assert_eq!(got, expected);
}

#[test]
fn mailmap_matches_git_check_mailmap() {
    let org = TestOrg::new();
    let repo = org.repo("r");
    let mailmap = "\
# every form git knows
Proper Name <commit@a.example>
<proper@b.example> <commit@b.example>
Proper C <proper@c.example> <commit@c.example>
Proper D <proper@d.example> Commit D <commit@d.example>
Proper E <proper@e.example> <COMMIT@E.example>
";
    repo.write(".mailmap", mailmap);
    let mut ours = Mailmap::default();
    assert!(ours.merge(".mailmap", mailmap).is_empty());
    let inputs = [
        ("Someone", "commit@a.example"),
        ("Someone", "commit@b.example"),
        ("Someone", "commit@c.example"),
        ("Commit D", "commit@d.example"),
        ("Other D", "commit@d.example"),
        ("Someone", "commit@e.example"),
        ("Nobody", "nobody@z.example"),
    ];
    for (name, email) in inputs {
        let theirs = git(&repo.path, &["check-mailmap", &format!("{name} <{email}>")]);
        let resolved = ours.resolve(&Signature {
            name: name.into(),
            email: email.into(),
        });
        assert_eq!(
            format!("{} <{}>", resolved.name, resolved.email),
            theirs.trim(),
            "for {name} <{email}>"
        );
    }
}

#[test]
fn trailers_match_git_interpret_trailers() {
    let messages = [
        "fix: a\n\nbody\n\nReviewed-by: Ana Lima <ana@x.example>\nAcked-by: Bo <bo@x.example>\n",
        "fix: b\n\nSigned-off-by: Cy <cy@x.example>\nCo-authored-by: Di <di@x.example>\n",
        "subject only Reviewed-by: Ana <ana@x.example>\n",
        "fix: c\n\nprose paragraph\nReviewed-by: Ana <ana@x.example>\n",
    ];
    let org = TestOrg::new();
    for message in messages {
        let out = common::git_command(org.path())
            .args(["interpret-trailers", "--only-trailers", "--parse"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .and_then(|mut child| {
                use std::io::Write;
                child.stdin.take().unwrap().write_all(message.as_bytes())?;
                child.wait_with_output()
            })
            .unwrap();
        let theirs: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .filter(|l| model::TrailerKind::from_key(l.split(':').next().unwrap_or("")).is_some())
            .map(str::to_string)
            .collect();
        let ours: Vec<String> = model::parse_trailers(message)
            .into_iter()
            .map(|t| format!("{}: {} <{}>", t.kind.key(), t.who.name, t.who.email))
            .collect();
        assert_eq!(ours, theirs, "for {message:?}");
    }
}
