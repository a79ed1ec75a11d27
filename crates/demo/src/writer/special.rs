//! One-off commits: dependency bumps, the ownership move, the reformat
//! and its blame-ignore file, vendored code, planted documents and
//! patterns, and binary assets.

use super::{Body, Draft, Writer};
use crate::calendar::AUTH_MOVE;
use crate::code::{block, header, mit_licence};
use crate::deps::{Dep, render_manifests, version_text};
use crate::edits::prettier_line;
use crate::events::Author;
use crate::events::Doc;
use crate::furniture::codeowners;
use crate::messages::{wrap, wrap_paragraphs};
use crate::patterns::PlantedChange;
use crate::people::Team;
use crate::repos::{Bot, Ecosystem, Kind, Lang, Module, Repo};
use crate::words::Words;

/// The vendored copy of fastavro's schema helpers, written as if it were a
/// module so that the code generators can produce it.
const VENDORED: Module = Module {
    dir: "vendor/fastavro_schema/",
    lang: Lang::Python,
    kind: Kind::Code,
    owner: Team::Data,
    moved: None,
    weight: 0,
    scope: "fastavro_schema",
    nouns: &[
        "schema", "record", "field", "union", "enum", "fixed", "array", "decimal",
    ],
    initial: 0,
    commands: &[],
};

/// The vendored files and about how many lines each has.
const VENDORED_PARTS: &[(&str, usize)] = &[
    ("_schema.py", 950),
    ("_validation.py", 800),
    ("_parser.py", 900),
    ("_types.py", 450),
    ("_logical.py", 300),
];

impl Writer<'_> {
    /// A bot's dependency bump: one dependency moves up a patch or minor
    /// version, and the manifest and lock file follow.
    pub(super) fn bump(&mut self, author: Author) -> Draft {
        let index = self.rng.index(self.deps.len());
        let old = self.deps[index].version;
        let minor = self.rng.chance(0.3);
        let new = if minor {
            (old.0, old.1 + 1, 0)
        } else {
            (old.0, old.1, old.2 + 1 + self.rng.below(3) as u32)
        };
        self.deps[index].version = new;
        for (path, lines) in render_manifests(self.repo, &self.deps) {
            let changed = match self.files.get(&path) {
                Some(Body::Text(existing)) => *existing != lines,
                _ => true,
            };
            if changed {
                // Lock files are never reformatted, so they bypass house style.
                self.touch(&path);
                self.files.insert(path, Body::Text(lines));
            }
        }
        let dep = &self.deps[index];
        match author {
            Author::Bot(Bot::Renovate) => renovate_draft(self.repo, dep, old, new),
            _ => dependabot_draft(self.repo, dep, old, new, minor),
        }
    }

    pub(super) fn codeowners_move(&mut self) -> Draft {
        self.put_text(
            ".github/CODEOWNERS".into(),
            codeowners(self.repo, AUTH_MOVE),
        );
        Draft {
            subject: "codeowners: move libs/auth to platform".into(),
            body: Some(wrap(
                "Identity is handing the shared auth middleware over to platform so that it can evolve together with libs/http. Identity keeps an eye on token validation changes, but platform now owns reviews and releases of libs/auth.",
            )),
            branch: "felix/codeowners-libs-auth".into(),
        }
    }

    pub(super) fn prettier(&mut self) -> Draft {
        let paths: Vec<String> = self
            .files
            .range("src/".to_string()..)
            .take_while(|(p, _)| p.starts_with("src/"))
            .map(|(p, _)| p.clone())
            .chain(
                self.files
                    .range("tests/".to_string()..)
                    .take_while(|(p, _)| p.starts_with("tests/"))
                    .map(|(p, _)| p.clone()),
            )
            .collect();
        for path in paths {
            let Some(Body::Text(lines)) = self.files.get(&path) else {
                continue;
            };
            let formatted: Vec<String> = lines.iter().map(|l| prettier_line(&path, l)).collect();
            if formatted != *lines {
                self.touch(&path);
                self.files.insert(path, Body::Text(formatted));
            }
        }
        self.put_text(
            ".prettierrc.json".into(),
            vec![
                "{".into(),
                "  \"singleQuote\": true,".into(),
                "  \"printWidth\": 100".into(),
                "}".into(),
            ],
        );
        self.put_text(
            ".prettierignore".into(),
            vec![
                "package-lock.json".into(),
                "dist/".into(),
                "coverage/".into(),
            ],
        );
        self.formatted = true;
        Draft {
            subject: "Reformat codebase with prettier".into(),
            body: Some(wrap(
                "Mechanical change produced by `npx prettier --write src tests` with the new shared configuration. No behaviour changes; the commit id goes into .git-blame-ignore-revs in a follow-up.",
            )),
            branch: "lucas/prettier".into(),
        }
    }

    pub(super) fn blame_ignore(&mut self) -> Draft {
        let id = self
            .prettier_id
            .clone()
            .unwrap_or_else(|| "0000000000000000000000000000000000000000".to_string());
        self.put_text(
            ".git-blame-ignore-revs".into(),
            vec![
                "# Commits that `git blame` should skip; GitHub honours this file too.".into(),
                "# prettier reformat".into(),
                id,
            ],
        );
        Draft {
            subject: "chore: ignore the prettier reformat in git blame".into(),
            body: Some(wrap(
                "Run `git config blame.ignoreRevsFile .git-blame-ignore-revs` locally to get the same view as GitHub.",
            )),
            branch: "lucas/blame-ignore".into(),
        }
    }

    pub(super) fn vendor(&mut self) -> Draft {
        let dir = VENDORED.dir;
        let vendored = &VENDORED;
        for (name, target) in VENDORED_PARTS {
            let words = Words::pick(&mut self.rng, vendored.nouns);
            let mut lines = vec![
                "# Vendored from fastavro 1.9.7 (MIT licence); see vendor/fastavro_schema/LICENSE."
                    .to_string(),
                "# Do not edit by hand: update with scripts/vendor.sh instead.".to_string(),
            ];
            lines.extend(header(vendored, &words, false));
            while lines.len() < *target {
                let w = Words::pick(&mut self.rng, vendored.nouns);
                let size = self.rng.between(8, 30) as usize;
                lines.push(String::new());
                lines.extend(block(&mut self.rng, vendored, &w, false, size));
            }
            self.put_text(format!("{dir}{name}"), lines);
        }
        self.put_text(
            format!("{dir}__init__.py"),
            vec![
                "\"\"\"Schema helpers vendored from fastavro 1.9.7.\"\"\"".into(),
                String::new(),
                "from ._parser import parse_schema".into(),
                "from ._validation import validate".into(),
                String::new(),
                "__all__ = [\"parse_schema\", \"validate\"]".into(),
            ],
        );
        self.put_text(format!("{dir}LICENSE"), mit_licence());
        self.put_text(
            "vendor/modules.txt".into(),
            vec![
                "# Vendored third-party code; one line per package.".into(),
                "fastavro_schema 1.9.7 MIT".into(),
            ],
        );
        Draft {
            subject: "vendor: pin fastavro schema helpers 1.9.7".into(),
            body: Some(wrap(
                "Upstream 1.10 drops the legacy schema parser that the nightly export still relies on. Vendoring the helpers keeps the export working until the migration to the new parser lands.",
            )),
            branch: "arjun/vendor-fastavro".into(),
        }
    }

    pub(super) fn planted(&mut self, change: &PlantedChange) -> Draft {
        self.put_text(
            change.path.to_string(),
            change.content.lines().map(str::to_string).collect(),
        );
        Draft {
            subject: change.subject.into(),
            body: Some(wrap_paragraphs(change.body)),
            branch: format!("{}/{}", change.author, change.class),
        }
    }

    pub(super) fn document(&mut self, doc: Doc) -> Draft {
        self.put_text(doc.path().to_string(), doc.lines());
        let (subject, body, branch) = doc.message();
        Draft {
            subject: subject.into(),
            body: Some(wrap_paragraphs(body)),
            branch: branch.into(),
        }
    }

    pub(super) fn binary(&mut self, path: &str) -> Draft {
        let mut bytes = vec![
            0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D,
        ];
        bytes.extend_from_slice(b"IHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00");
        let length = 1500 + self.rng.below(2500) as usize;
        for _ in 0..length {
            let byte = if self.rng.chance(0.25) {
                0
            } else {
                self.rng.below(256) as u8
            };
            bytes.push(byte);
        }
        bytes.extend_from_slice(b"\x00\x00\x00\x00IEND\xAE\x42\x60\x82");
        self.touch(path);
        self.files.insert(path.to_string(), Body::Binary(bytes));
        let subject = if path.contains("splash") {
            "assets: add the new splash screen"
        } else {
            "assets: add the refreshed brand logo"
        };
        Draft {
            subject: subject.into(),
            body: None,
            branch: "assets".into(),
        }
    }
}

/// A bump as Renovate describes it.
fn renovate_draft(repo: &Repo, dep: &Dep, old: (u32, u32, u32), new: (u32, u32, u32)) -> Draft {
    let (old_v, new_v) = (version_text(old), version_text(new));
    let kind = if repo.ecosystem == Ecosystem::Terraform {
        "terraform"
    } else {
        "dependency"
    };
    Draft {
        subject: format!("chore(deps): update {kind} {} to v{new_v}", dep.alias),
        body: Some(format!(
            "This PR contains the following updates:\n\n| Package | Change |\n|---|---|\n| [{}]({}) | `{old_v}` -> `{new_v}` |\n\n---\n\n### Configuration\n\nSchedule: Branch creation - \"before 8am on monday\", Automerge - Disabled.\n\nThis PR was generated by Mend Renovate.",
            dep.name, dep.url
        )),
        branch: format!("renovate/{}-{}.x", dep.alias, new.0),
    }
}

/// A bump as Dependabot describes it, naming the manifest's folder if it
/// is not the repository root.
fn dependabot_draft(
    repo: &Repo,
    dep: &Dep,
    old: (u32, u32, u32),
    new: (u32, u32, u32),
    minor: bool,
) -> Draft {
    let (old_v, new_v) = (version_text(old), version_text(new));
    let dir = repo.manifest_dir.trim_end_matches('/');
    let in_dir = if dir.is_empty() {
        String::new()
    } else {
        format!(" in /{dir}")
    };
    let eco = match repo.ecosystem {
        Ecosystem::Go => "go_modules",
        Ecosystem::Npm => "npm_and_yarn",
        Ecosystem::Cargo => "cargo",
        Ecosystem::Poetry => "pip",
        Ecosystem::Terraform => "terraform",
        Ecosystem::Gradle => "gradle",
    };
    let branch_dir = if dir.is_empty() {
        String::new()
    } else {
        format!("{dir}/")
    };
    let update = if minor { "minor" } else { "patch" };
    Draft {
        subject: format!(
            "build(deps): bump {} from {old_v} to {new_v}{in_dir}",
            dep.name
        ),
        body: Some(format!(
            "Bumps [{name}]({url}) from {old_v} to {new_v}.\n- [Release notes]({url}/releases)\n- [Commits]({url}/compare/v{old_v}...v{new_v})\n\n---\nupdated-dependencies:\n- dependency-name: {name}\n  dependency-version: {new_v}\n  dependency-type: direct:production\n  update-type: version-update:semver-{update}\n...\n\nSigned-off-by: dependabot[bot] <support@github.com>",
            name = dep.name,
            url = dep.url,
        )),
        branch: format!(
            "dependabot/{eco}/{branch_dir}{}-{new_v}",
            dep.name.trim_start_matches('@')
        ),
    }
}
