//! Dependencies: the packages each ecosystem starts with, and their
//! manifests and lock files, which the bots' bumps rewrite.

use crate::repos::{Ecosystem, Repo};
use crate::rng::Rng;

/// A dependency as manifests and bots name it, at its current version.
#[derive(Debug, Clone)]
pub(crate) struct Dep {
    pub(crate) name: &'static str,
    pub(crate) alias: &'static str,
    pub(crate) url: &'static str,
    pub(crate) version: (u32, u32, u32),
}

pub(crate) const fn dep(
    name: &'static str,
    alias: &'static str,
    url: &'static str,
    version: (u32, u32, u32),
) -> Dep {
    Dep {
        name,
        alias,
        url,
        version,
    }
}

/// The dependencies a repository of `ecosystem` starts with, at their first
/// versions; the bots bump them from there.
pub(crate) fn initial_deps(ecosystem: Ecosystem) -> Vec<Dep> {
    match ecosystem {
        Ecosystem::Go => GO_DEPS,
        Ecosystem::Npm => NPM_DEPS,
        Ecosystem::Cargo => CARGO_DEPS,
        Ecosystem::Poetry => POETRY_DEPS,
        Ecosystem::Terraform => TERRAFORM_DEPS,
        Ecosystem::Gradle => GRADLE_DEPS,
    }
    .to_vec()
}

/// Go modules of the Go services.
const GO_DEPS: &[Dep] = &[
    dep(
        "github.com/jackc/pgx/v5",
        "pgx",
        "https://github.com/jackc/pgx",
        (5, 5, 5),
    ),
    dep(
        "github.com/prometheus/client_golang",
        "prometheus",
        "https://github.com/prometheus/client_golang",
        (1, 19, 1),
    ),
    dep(
        "github.com/stretchr/testify",
        "testify",
        "https://github.com/stretchr/testify",
        (1, 9, 0),
    ),
    dep(
        "go.opentelemetry.io/otel",
        "otel",
        "https://github.com/open-telemetry/opentelemetry-go",
        (1, 28, 0),
    ),
    dep(
        "golang.org/x/sync",
        "xsync",
        "https://github.com/golang/sync",
        (0, 7, 0),
    ),
    dep(
        "google.golang.org/grpc",
        "grpc",
        "https://github.com/grpc/grpc-go",
        (1, 64, 1),
    ),
    dep(
        "github.com/redis/go-redis/v9",
        "goredis",
        "https://github.com/redis/go-redis",
        (9, 5, 3),
    ),
];

/// npm packages of the TypeScript front ends and libraries.
const NPM_DEPS: &[Dep] = &[
    dep(
        "react",
        "react",
        "https://github.com/facebook/react",
        (18, 3, 1),
    ),
    dep(
        "react-dom",
        "react-dom",
        "https://github.com/facebook/react",
        (18, 3, 1),
    ),
    dep(
        "react-i18next",
        "react-i18next",
        "https://github.com/i18next/react-i18next",
        (14, 1, 2),
    ),
    dep(
        "zod",
        "zod",
        "https://github.com/colinhacks/zod",
        (3, 23, 8),
    ),
    dep("vite", "vite", "https://github.com/vitejs/vite", (5, 3, 4)),
    dep(
        "vitest",
        "vitest",
        "https://github.com/vitest-dev/vitest",
        (2, 0, 3),
    ),
    dep(
        "typescript",
        "typescript",
        "https://github.com/microsoft/TypeScript",
        (5, 5, 3),
    ),
    dep(
        "@testing-library/react",
        "testing-library",
        "https://github.com/testing-library/react-testing-library",
        (16, 0, 0),
    ),
];

/// Crates of the Rust search index.
const CARGO_DEPS: &[Dep] = &[
    dep(
        "anyhow",
        "anyhow",
        "https://github.com/dtolnay/anyhow",
        (1, 0, 86),
    ),
    dep(
        "serde",
        "serde",
        "https://github.com/serde-rs/serde",
        (1, 0, 204),
    ),
    dep(
        "tokio",
        "tokio",
        "https://github.com/tokio-rs/tokio",
        (1, 38, 1),
    ),
    dep(
        "tantivy",
        "tantivy",
        "https://github.com/quickwit-oss/tantivy",
        (0, 22, 0),
    ),
    dep(
        "tracing",
        "tracing",
        "https://github.com/tokio-rs/tracing",
        (0, 1, 40),
    ),
    dep(
        "rayon",
        "rayon",
        "https://github.com/rayon-rs/rayon",
        (1, 10, 0),
    ),
    dep(
        "bytes",
        "bytes",
        "https://github.com/tokio-rs/bytes",
        (1, 6, 1),
    ),
];

/// Python packages of the data pipeline.
const POETRY_DEPS: &[Dep] = &[
    dep(
        "pandas",
        "pandas",
        "https://github.com/pandas-dev/pandas",
        (2, 2, 2),
    ),
    dep(
        "pyarrow",
        "pyarrow",
        "https://github.com/apache/arrow",
        (16, 1, 0),
    ),
    dep(
        "sqlalchemy",
        "sqlalchemy",
        "https://github.com/sqlalchemy/sqlalchemy",
        (2, 0, 31),
    ),
    dep(
        "pydantic",
        "pydantic",
        "https://github.com/pydantic/pydantic",
        (2, 8, 2),
    ),
    dep(
        "requests",
        "requests",
        "https://github.com/psf/requests",
        (2, 32, 3),
    ),
    dep(
        "pytest",
        "pytest",
        "https://github.com/pytest-dev/pytest",
        (8, 2, 2),
    ),
];

/// Terraform providers of the infrastructure.
const TERRAFORM_DEPS: &[Dep] = &[
    dep(
        "hashicorp/aws",
        "aws",
        "https://github.com/hashicorp/terraform-provider-aws",
        (5, 58, 0),
    ),
    dep(
        "hashicorp/kubernetes",
        "kubernetes",
        "https://github.com/hashicorp/terraform-provider-kubernetes",
        (2, 31, 0),
    ),
    dep(
        "hashicorp/helm",
        "helm",
        "https://github.com/hashicorp/terraform-provider-helm",
        (2, 14, 0),
    ),
    dep(
        "hashicorp/random",
        "random",
        "https://github.com/hashicorp/terraform-provider-random",
        (3, 6, 2),
    ),
];

/// Gradle libraries of the Android app.
const GRADLE_DEPS: &[Dep] = &[
    dep(
        "org.jetbrains.kotlin:kotlin-gradle-plugin",
        "kotlin",
        "https://github.com/JetBrains/kotlin",
        (2, 0, 0),
    ),
    dep(
        "org.jetbrains.kotlinx:kotlinx-coroutines-android",
        "coroutines",
        "https://github.com/Kotlin/kotlinx.coroutines",
        (1, 8, 1),
    ),
    dep(
        "androidx.compose:compose-bom",
        "compose-bom",
        "https://developer.android.com/jetpack/androidx/releases/compose",
        (2024, 6, 0),
    ),
    dep(
        "com.squareup.okhttp3:okhttp",
        "okhttp",
        "https://github.com/square/okhttp",
        (4, 12, 0),
    ),
    dep(
        "com.squareup.retrofit2:retrofit",
        "retrofit",
        "https://github.com/square/retrofit",
        (2, 11, 0),
    ),
];

pub(crate) fn version_text(v: (u32, u32, u32)) -> String {
    format!("{}.{}.{}", v.0, v.1, v.2)
}

/// Stable pseudo-hashes for lock files, derived from the package and version.
fn fake_hash(
    name: &str,
    version: (u32, u32, u32),
    salt: u64,
    len: usize,
    alphabet: &[u8],
) -> String {
    let mut seed = 0xCBF2_9CE4_8422_2325u64 ^ salt;
    for byte in name.bytes() {
        seed = (seed ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3);
    }
    seed ^= (u64::from(version.0) << 40) ^ (u64::from(version.1) << 20) ^ u64::from(version.2);
    let mut rng = Rng::new(seed);
    (0..len)
        .map(|_| char::from(alphabet[rng.index(alphabet.len())]))
        .collect()
}

const HEX: &[u8] = b"0123456789abcdef";
const BASE64: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// An ecosystem's manifest and lock file, named relative to the manifest
/// folder; an empty lock name means there is no lock file.
struct Manifests {
    manifest_name: &'static str,
    manifest: Vec<String>,
    lock_name: &'static str,
    lock: Vec<String>,
}

/// Manifest and lock file contents for the current dependency versions.
pub(crate) fn render_manifests(repo: &Repo, deps: &[Dep]) -> Vec<(String, Vec<String>)> {
    let dir = repo.manifest_dir;
    let Manifests {
        manifest_name,
        manifest,
        lock_name,
        lock,
    } = match repo.ecosystem {
        Ecosystem::Go => go_manifests(repo, deps),
        Ecosystem::Npm => npm_manifests(repo, deps),
        Ecosystem::Cargo => cargo_manifests(repo, deps),
        Ecosystem::Poetry => poetry_manifests(repo, deps),
        Ecosystem::Terraform => terraform_manifests(deps),
        Ecosystem::Gradle => gradle_manifests(deps),
    };
    let mut files = vec![(format!("{dir}{manifest_name}"), manifest)];
    if !lock_name.is_empty() {
        files.push((format!("{dir}{lock_name}"), lock));
    }
    files
}

/// `go.mod` and `go.sum`.
fn go_manifests(repo: &Repo, deps: &[Dep]) -> Manifests {
    let mut manifest: Vec<String> = Vec::new();
    let mut lock: Vec<String> = Vec::new();
    manifest.push(format!("module github.com/acme/{}", repo.name));
    manifest.push(String::new());
    manifest.push("go 1.22".into());
    manifest.push(String::new());
    manifest.push("require (".into());
    for d in deps {
        let v = version_text(d.version);
        manifest.push(format!("\t{} v{v}", d.name));
        lock.push(format!(
            "{} v{v} h1:{}=",
            d.name,
            fake_hash(d.name, d.version, 1, 43, BASE64)
        ));
        lock.push(format!(
            "{} v{v}/go.mod h1:{}=",
            d.name,
            fake_hash(d.name, d.version, 2, 43, BASE64)
        ));
    }
    manifest.push(")".into());
    Manifests {
        manifest_name: "go.mod",
        manifest,
        lock_name: "go.sum",
        lock,
    }
}

/// `package.json` and `package-lock.json`; shared-libs keeps its UI library
/// in a subfolder, named `@acme/ui`.
fn npm_manifests(repo: &Repo, deps: &[Dep]) -> Manifests {
    let dir = repo.manifest_dir;
    let mut manifest: Vec<String> = Vec::new();
    let mut lock: Vec<String> = Vec::new();
    let package = if dir.is_empty() {
        repo.name.to_string()
    } else {
        "ui".to_string()
    };
    manifest.extend([
        "{".to_string(),
        format!("  \"name\": \"@acme/{package}\","),
        "  \"version\": \"1.0.0\",".into(),
        "  \"private\": true,".into(),
        "  \"scripts\": {".into(),
        "    \"build\": \"vite build\",".into(),
        "    \"test\": \"vitest run\"".into(),
        "  },".into(),
        "  \"dependencies\": {".into(),
    ]);
    lock.extend([
        "{".to_string(),
        format!("  \"name\": \"@acme/{package}\","),
        "  \"version\": \"1.0.0\",".into(),
        "  \"lockfileVersion\": 3,".into(),
        "  \"requires\": true,".into(),
        "  \"packages\": {".into(),
    ]);
    for (i, d) in deps.iter().enumerate() {
        let v = version_text(d.version);
        let comma = if i + 1 < deps.len() { "," } else { "" };
        manifest.push(format!("    \"{}\": \"^{v}\"{comma}", d.name));
        let base = d.name.rsplit('/').next().unwrap_or(d.name);
        lock.push(format!("    \"node_modules/{}\": {{", d.name));
        lock.push(format!("      \"version\": \"{v}\","));
        lock.push(format!(
            "      \"resolved\": \"https://registry.npmjs.org/{}/-/{base}-{v}.tgz\",",
            d.name
        ));
        lock.push(format!(
            "      \"integrity\": \"sha512-{}==\"",
            fake_hash(d.name, d.version, 3, 86, BASE64)
        ));
        lock.push(format!("    }}{comma}"));
    }
    manifest.push("  }".into());
    manifest.push("}".into());
    lock.push("  }".into());
    lock.push("}".into());
    Manifests {
        manifest_name: "package.json",
        manifest,
        lock_name: "package-lock.json",
        lock,
    }
}

/// `Cargo.toml` and `Cargo.lock`.
fn cargo_manifests(repo: &Repo, deps: &[Dep]) -> Manifests {
    let mut manifest: Vec<String> = Vec::new();
    let mut lock: Vec<String> = Vec::new();
    manifest.extend([
        "[package]".to_string(),
        format!("name = \"{}\"", repo.name),
        "version = \"0.1.0\"".into(),
        "edition = \"2021\"".into(),
        String::new(),
        "[dependencies]".into(),
    ]);
    lock.extend([
        "# This file is automatically @generated by Cargo.".to_string(),
        "# It is not intended for manual editing.".into(),
        "version = 4".into(),
    ]);
    for d in deps {
        let v = version_text(d.version);
        manifest.push(format!("{} = \"{v}\"", d.name));
        lock.extend([
            String::new(),
            "[[package]]".into(),
            format!("name = \"{}\"", d.name),
            format!("version = \"{v}\""),
            "source = \"registry+https://github.com/rust-lang/crates.io-index\"".into(),
            format!(
                "checksum = \"{}\"",
                fake_hash(d.name, d.version, 4, 64, HEX)
            ),
        ]);
    }
    Manifests {
        manifest_name: "Cargo.toml",
        manifest,
        lock_name: "Cargo.lock",
        lock,
    }
}

/// `pyproject.toml` and `poetry.lock`.
fn poetry_manifests(repo: &Repo, deps: &[Dep]) -> Manifests {
    let mut manifest: Vec<String> = Vec::new();
    let mut lock: Vec<String> = Vec::new();
    manifest.extend([
        "[tool.poetry]".to_string(),
        format!("name = \"{}\"", repo.name),
        "version = \"0.1.0\"".into(),
        "description = \"Warehouse batch jobs\"".into(),
        String::new(),
        "[tool.poetry.dependencies]".into(),
        "python = \"^3.11\"".into(),
    ]);
    lock.push("# This file is automatically @generated by Poetry 1.8.3 and should not be changed by hand.".into());
    for d in deps {
        let v = version_text(d.version);
        manifest.push(format!("{} = \"^{v}\"", d.name));
        lock.extend([
            String::new(),
            "[[package]]".into(),
            format!("name = \"{}\"", d.name),
            format!("version = \"{v}\""),
            "optional = false".into(),
            "python-versions = \">=3.9\"".into(),
            "files = [".into(),
            format!(
                "    {{file = \"{}-{v}.tar.gz\", hash = \"sha256:{}\"}},",
                d.name,
                fake_hash(d.name, d.version, 5, 64, HEX)
            ),
            "]".into(),
        ]);
    }
    Manifests {
        manifest_name: "pyproject.toml",
        manifest,
        lock_name: "poetry.lock",
        lock,
    }
}

/// `versions.tf` and `.terraform.lock.hcl`.
fn terraform_manifests(deps: &[Dep]) -> Manifests {
    let mut manifest: Vec<String> = Vec::new();
    let mut lock: Vec<String> = Vec::new();
    manifest.extend(["terraform {".to_string(), "  required_providers {".into()]);
    lock.extend([
        "# This file is maintained automatically by \"terraform init\".".to_string(),
        "# Manual edits may be lost in future updates.".into(),
    ]);
    for d in deps {
        let (major, minor, _) = d.version;
        manifest.extend([
            format!("    {} = {{", d.alias),
            format!("      source  = \"{}\"", d.name),
            format!("      version = \"~> {major}.{minor}\""),
            "    }".into(),
        ]);
        lock.extend([
            String::new(),
            format!("provider \"registry.terraform.io/{}\" {{", d.name),
            format!("  version     = \"{}\"", version_text(d.version)),
            format!("  constraints = \"~> {major}.{minor}\""),
            "  hashes = [".into(),
            format!(
                "    \"h1:{}=\",",
                fake_hash(d.name, d.version, 6, 43, BASE64)
            ),
            format!("    \"zh:{}\",", fake_hash(d.name, d.version, 7, 64, HEX)),
            format!("    \"zh:{}\",", fake_hash(d.name, d.version, 8, 64, HEX)),
            "  ]".into(),
            "}".into(),
        ]);
    }
    manifest.extend(["  }".to_string(), "}".into()]);
    Manifests {
        manifest_name: "versions.tf",
        manifest,
        lock_name: ".terraform.lock.hcl",
        lock,
    }
}

/// The Gradle version catalogue, which has no lock file.
fn gradle_manifests(deps: &[Dep]) -> Manifests {
    let mut manifest: Vec<String> = Vec::new();
    manifest.push("[versions]".into());
    for d in deps {
        manifest.push(format!("{} = \"{}\"", d.alias, version_text(d.version)));
    }
    manifest.push(String::new());
    manifest.push("[libraries]".into());
    for d in deps {
        manifest.push(format!(
            "{} = {{ module = \"{}\", version.ref = \"{}\" }}",
            d.alias, d.name, d.alias
        ));
    }
    Manifests {
        manifest_name: "libs.versions.toml",
        manifest,
        lock_name: "",
        lock: Vec::new(),
    }
}
