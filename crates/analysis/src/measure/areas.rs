//! Where a file sits: its component (a repository's top-level area) and its
//! layer of the stack, read from the path alone. Resolution and reports use
//! them too, so they are public and free of any tally.

/// Folders that only group code; the component is the folder below them.
const CONTAINERS: &[&str] = &[
    "src",
    "lib",
    "libs",
    "services",
    "packages",
    "apps",
    "app",
    "cmd",
    "pkg",
    "internal",
    "crates",
    "components",
    "modules",
    "plugins",
];

/// A component is a repository's top-level area: `repo:dir`, or
/// `repo:container/dir` for grouping folders such as `src/` or `services/`.
pub fn component_of(repo: &str, path: &str) -> String {
    let mut segments = path.split('/');
    let first = segments.next().unwrap_or("");
    let Some(second) = segments.next() else {
        return format!("{repo}:/");
    };
    if CONTAINERS.contains(&first) && segments.next().is_some() {
        format!("{repo}:{first}/{second}")
    } else {
        format!("{repo}:{first}")
    }
}

/// The layer of the stack a file belongs to, from its path; `None` when unclear.
pub fn layer_of(path: &str) -> Option<&'static str> {
    let lower = path.to_lowercase();
    let file = lower.rsplit('/').next().unwrap_or(&lower);
    let extension = file.rsplit_once('.').map(|(_, ext)| ext).unwrap_or("");
    if lower.starts_with(".github/") || file == "dockerfile" || matches!(extension, "tf" | "hcl") {
        return Some("infrastructure");
    }
    if lower.contains("k8s/") || lower.contains("deploy/") || lower.contains("helm/") {
        return Some("infrastructure");
    }
    match extension {
        "ts" | "tsx" | "js" | "jsx" | "css" | "scss" | "html" | "vue" | "svelte" => {
            Some("frontend")
        }
        "swift" | "m" => Some("mobile"),
        "kt" if lower.starts_with("app/") || lower.contains("android") => Some("mobile"),
        "go" | "rs" | "java" | "kt" | "py" | "rb" | "cs" | "scala" | "ex" | "exs" | "c" | "cc"
        | "cpp" | "h" => Some("backend"),
        "sql" | "ipynb" => Some("data"),
        "md" | "rst" | "adoc" => Some("docs"),
        "yaml" | "yml" => Some("infrastructure"),
        _ => None,
    }
}
