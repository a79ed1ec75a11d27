//! What a repository is made of: languages, modules and how each module's
//! files change, dependency ecosystems, bots and the ways ownership is
//! recorded. The concrete repositories are listed in `org`.

use crate::people::Team;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Go,
    Rust,
    Ts,
    Tsx,
    Python,
    Kotlin,
    Sql,
    Terraform,
    Yaml,
    Markdown,
    Css,
    Json,
}

impl Lang {
    pub(crate) fn ext(self) -> &'static str {
        match self {
            Lang::Go => "go",
            Lang::Rust => "rs",
            Lang::Ts => "ts",
            Lang::Tsx => "tsx",
            Lang::Python => "py",
            Lang::Kotlin => "kt",
            Lang::Sql => "sql",
            Lang::Terraform => "tf",
            Lang::Yaml => "yaml",
            Lang::Markdown => "md",
            Lang::Css => "css",
            Lang::Json => "json",
        }
    }
}

/// How a module's files come to be and change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Ordinary source files that are edited over time.
    Code,
    /// Database migrations: every change adds a new numbered file.
    Migrations,
    /// GitHub Actions workflows.
    Workflows,
    /// Tests only.
    Tests,
    /// Generated icon components, only touched by the reformat.
    Icons,
    /// Translation catalogues, only touched by the reformat.
    Locales,
}

#[derive(Debug, Clone)]
pub(crate) struct Module {
    pub(crate) dir: &'static str,
    pub(crate) lang: Lang,
    pub(crate) kind: Kind,
    pub(crate) owner: Team,
    /// An ownership change recorded in CODEOWNERS: from this moment on the module belongs to another team.
    pub(crate) moved: Option<(i64, Team)>,
    /// How often the owning team works here, relative to its other modules.
    pub(crate) weight: u32,
    /// Scope used in commit subjects, e.g. `ledger`.
    pub(crate) scope: &'static str,
    pub(crate) nouns: &'static [&'static str],
    /// Files created by the initial import.
    pub(crate) initial: usize,
    /// Commands that CI jobs run, for workflow modules.
    pub(crate) commands: &'static [&'static str],
}

impl Module {
    pub(crate) fn owner_at(&self, time: i64) -> Team {
        match self.moved {
            Some((moment, team)) if time >= moment => team,
            _ => self.owner,
        }
    }

    /// File extension of the module's files.
    pub(crate) fn ext(&self) -> &'static str {
        if self.kind == Kind::Workflows {
            "yml"
        } else {
            self.lang.ext()
        }
    }

    /// The Go package, Kotlin package or similar name for the module.
    pub(crate) fn package(&self) -> &'static str {
        self.scope
    }
}

pub(crate) fn module(
    dir: &'static str,
    lang: Lang,
    owner: Team,
    weight: u32,
    scope: &'static str,
    nouns: &'static [&'static str],
    initial: usize,
) -> Module {
    Module {
        dir,
        lang,
        kind: Kind::Code,
        owner,
        moved: None,
        weight,
        scope,
        nouns,
        initial,
        commands: &[],
    }
}

pub(crate) fn with_kind(mut m: Module, kind: Kind) -> Module {
    m.kind = kind;
    m
}

/// Dependency manifests and lock files that bots keep bumping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ecosystem {
    Go,
    Npm,
    Cargo,
    Poetry,
    Terraform,
    Gradle,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bot {
    Dependabot,
    Renovate,
}

#[derive(Debug, Clone)]
pub(crate) struct Repo {
    pub(crate) name: &'static str,
    pub(crate) owner: Team,
    pub(crate) description: &'static str,
    /// The team member who made the initial import.
    pub(crate) initializer: &'static str,
    pub(crate) modules: Vec<Module>,
    /// How the repository records which team owns which paths.
    pub(crate) team_map: TeamMap,
    pub(crate) ecosystem: Ecosystem,
    /// Folder of the manifest and lock file, "" for the repository root.
    pub(crate) manifest_dir: &'static str,
    pub(crate) bot: Bot,
    pub(crate) mailmap: bool,
}

#[derive(Debug, Clone, Copy)]
pub(crate) enum Owners {
    /// A fixed list of owners.
    Fixed(&'static [&'static str]),
    /// Whoever owns the module with this index at the time.
    Module(usize),
}

/// The team-map format a repository uses.
#[derive(Debug, Clone)]
pub(crate) enum TeamMap {
    /// `.github/CODEOWNERS`: a catch-all for the repository's owner, then these
    /// lines, each a pattern and the owners that apply to it.
    Codeowners(Vec<(&'static str, Owners)>),
    /// Kubernetes-style `OWNERS` files with a root `OWNERS_ALIASES`.
    Owners(&'static KubeOwners),
}

/// Kubernetes-style ownership: aliases for groups of handles and the `OWNERS`
/// files that name them.
#[derive(Debug)]
pub(crate) struct KubeOwners {
    /// `OWNERS_ALIASES` entries: alias name and the handles it stands for.
    pub(crate) aliases: &'static [(&'static str, &'static [&'static str])],
    pub(crate) files: &'static [OwnersFile],
}

/// One `OWNERS` file.
#[derive(Debug)]
pub(crate) struct OwnersFile {
    /// Folder holding the file, "" for the repository root.
    pub(crate) dir: &'static str,
    /// Whether approvers of parent folders stop applying here.
    pub(crate) no_parent_owners: bool,
    pub(crate) approvers: &'static [&'static str],
    pub(crate) reviewers: &'static [&'static str],
    pub(crate) labels: &'static [&'static str],
}

impl TeamMap {
    /// Where ownership is recorded, for commit messages.
    pub(crate) fn described(&self) -> &'static str {
        match self {
            TeamMap::Codeowners(_) => ".github/CODEOWNERS",
            TeamMap::Owners(_) => "OWNERS files",
        }
    }

    /// Where ownership is recorded, for Markdown.
    pub(crate) fn described_md(&self) -> &'static str {
        match self {
            TeamMap::Codeowners(_) => "`.github/CODEOWNERS`",
            TeamMap::Owners(_) => "the `OWNERS` files (aliases in `OWNERS_ALIASES`)",
        }
    }
}

impl OwnersFile {
    pub(crate) fn path(&self) -> String {
        format!("{}OWNERS", self.dir)
    }
}
