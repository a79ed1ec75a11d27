//! The organization's eight repositories, each written out as data: who
//! owns it, its modules, how ownership is recorded and which bot keeps its
//! dependencies current. Each repository is one function in a submodule, so
//! that one can be read without scrolling past the others; this module
//! holds what they share.

mod shared;
mod single_team;

use crate::people::Team;
use crate::repos::Lang::{Markdown, Yaml};
use crate::repos::{Kind, Module, Repo, module, with_kind};
use shared::{mobile_app, shared_libs};
use single_team::{
    checkout_web, data_pipeline, identity_service, payments_api, platform_infra, search_indexer,
};

/// The demo organization: its repositories, in the order they are planned
/// and written.
pub(crate) struct Org {
    pub(crate) repos: Vec<Repo>,
}

// The commands CI workflows run, by the languages of a repository.
const GO_CI: &[&str] = &[
    "go test ./...",
    "go vet ./...",
    "golangci-lint run",
    "make migrate-check",
];
const NPM_CI: &[&str] = &[
    "npm ci && npm test",
    "npm run lint",
    "npm run build",
    "npx playwright test",
];
const RUST_CI: &[&str] = &[
    "cargo test --locked",
    "cargo clippy -- -D warnings",
    "cargo bench --no-run",
];
const PY_CI: &[&str] = &[
    "poetry run pytest -q",
    "poetry run ruff check .",
    "dbt build --select state:modified+",
];
const TF_CI: &[&str] = &[
    "terraform fmt -check -recursive",
    "terraform validate",
    "kubeconform k8s/",
];
const GRADLE_CI: &[&str] = &[
    "./gradlew check",
    "./gradlew assembleRelease",
    "./gradlew lint",
];
const MIXED_CI: &[&str] = &[
    "make test",
    "make lint",
    "go test ./libs/...",
    "cargo test --manifest-path libs/money/Cargo.toml",
];
// The CODEOWNERS owners of a repository's workflows: its own team together
// with platform.
const CI_OWNERS_PAYMENTS: &[&str] = &["@acme/payments", "@acme/platform"];
const CI_OWNERS_CHECKOUT: &[&str] = &["@acme/checkout", "@acme/platform"];
const CI_OWNERS_IDENTITY: &[&str] = &["@acme/identity", "@acme/platform"];
const CI_OWNERS_SEARCH: &[&str] = &["@acme/search", "@acme/platform"];
const CI_OWNERS_DATA: &[&str] = &["@acme/data", "@acme/platform"];

impl Org {
    pub(crate) fn new() -> Self {
        Org {
            repos: vec![
                payments_api(),
                checkout_web(),
                identity_service(),
                search_indexer(),
                data_pipeline(),
                platform_infra(),
                mobile_app(),
                shared_libs(),
            ],
        }
    }

    pub(crate) fn repo_index(&self, name: &str) -> usize {
        self.repos
            .iter()
            .position(|r| r.name == name)
            .expect("planted repositories are in the static table")
    }
}

/// The GitHub Actions workflows of a repository, whose jobs run `commands`.
fn workflows(owner: Team, commands: &'static [&'static str]) -> Module {
    Module {
        commands,
        ..with_kind(
            module(
                ".github/workflows/",
                Yaml,
                owner,
                2,
                "ci",
                &["build", "test", "lint", "release", "deploy"],
                1,
            ),
            Kind::Workflows,
        )
    }
}

/// A repository's Markdown documentation.
fn docs(owner: Team, weight: u32, nouns: &'static [&'static str]) -> Module {
    module("docs/", Markdown, owner, weight, "docs", nouns, 2)
}
