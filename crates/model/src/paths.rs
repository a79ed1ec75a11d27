//! Which files of a repository staffscope reads, by path: documents and
//! CODEOWNERS. Collecting decides what to keep with these rules and resolving
//! what to read, so both stages share them here.

/// The places GitHub (the first three) and GitLab (the last three) look for the file.
pub const CODEOWNERS_LOCATIONS: [&str; 4] = [
    ".github/CODEOWNERS",
    "CODEOWNERS",
    "docs/CODEOWNERS",
    ".gitlab/CODEOWNERS",
];

/// The version of these rules: a collect under other rules (a newer
/// staffscope) reads the files kept at HEAD again, as when the folders
/// change. Raise it with every change to which files are kept.
pub const RULES_VERSION: u32 = 3;

/// Files that declare or pin a project's dependencies, by name (lowercase).
pub const DEPENDENCY_MANIFESTS: &[&str] = &[
    "cargo.toml",
    "cargo.lock",
    "go.mod",
    "go.sum",
    "package.json",
    "package-lock.json",
    "yarn.lock",
    "pnpm-lock.yaml",
    "pyproject.toml",
    "poetry.lock",
    "pipfile.lock",
    "gemfile",
    "gemfile.lock",
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "libs.versions.toml",
    "composer.lock",
    "mix.lock",
];

/// Whether a file declares or pins dependencies (`requirements-dev.txt` too).
pub fn is_dependency_manifest(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    DEPENDENCY_MANIFESTS.contains(&name.as_str())
        || (name.starts_with("requirements") && name.ends_with(".txt"))
}

/// Folder names under which documents are read (at any depth).
pub const FOLDERS: &[&str] = &[
    "docs",
    "doc",
    "rfcs",
    "rfc",
    "adr",
    "adrs",
    "decisions",
    "design",
    "designs",
    "postmortems",
    "postmortem",
    "incidents",
    "pir",
    "proposals",
    "enhancements",
    "keps",
    "peps",
    "strategy",
];

/// Files read at HEAD that are team maps or identity files, not documents.
pub const NOT_DOCUMENT_FILES: &[&str] = &[
    ".mailmap",
    ".git-blame-ignore-revs",
    "MAINTAINERS",
    "OWNERS",
    "OWNERS_ALIASES",
    ".gitattributes",
];

/// File names in those folders that index, template or surround documents
/// rather than being one (mdBook's `SUMMARY`, Hugo's `_index`).
const NOT_DOCUMENTS: &[&str] = &[
    "readme",
    "index",
    "_index",
    "summary",
    "toc",
    "glossary",
    "template",
    "0000-template",
    "_template",
    "changelog",
    "license",
    "contributing",
    "code_of_conduct",
    "security",
    "codeowners",
];

/// The formats documents are read in.
const EXTENSIONS: &[&str] = &["md", "markdown", "rst", "txt", "adoc", "asciidoc"];

/// Why a file in a document folder is not read as a document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Skip {
    Template,
    TestData,
    /// An index, table of contents, glossary, licence or the like.
    Furniture,
    /// A format documents are not written in (images, code, data).
    Format,
}

impl Skip {
    pub fn reason(self) -> &'static str {
        match self {
            Skip::Template => "a template (in a folder named for templates)",
            Skip::TestData => "test data (under a testdata, fixtures or tests folder)",
            Skip::Furniture => {
                "an index, table of contents, glossary, licence or contributing guide, by its name"
            }
            Skip::Format => "not a format documents are read in (.md, .rst, .txt, .adoc)",
        }
    }
}

/// Whether the innermost folder is numbered (`1234-name`): a document
/// kept as a folder, whose README is the document itself (a KEP's body).
fn is_numbered(dirs: &str) -> bool {
    let folder = dirs.rsplit('/').next().unwrap_or(dirs);
    let digits = folder.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && folder[digits..].starts_with(['-', '_'])
}

/// What the path rules say of a file: `None` when it is in no document
/// folder; otherwise whether it is read as a document, or why not.
pub fn document_verdict<S: AsRef<str>>(path: &str, folders: &[S]) -> Option<Result<(), Skip>> {
    let lower = path.to_lowercase();
    let (dirs, file) = lower.rsplit_once('/').unwrap_or(("", lower.as_str()));
    let in_folder = dirs.split('/').any(|dir| {
        folders
            .iter()
            .any(|folder| folder.as_ref().eq_ignore_ascii_case(dir))
    });
    if !in_folder {
        return None;
    }
    let (stem, extension) = file.rsplit_once('.').unwrap_or((file, ""));
    Some(if is_template(path) {
        Err(Skip::Template)
    } else if is_test_data(dirs) {
        Err(Skip::TestData)
    } else if file == "kep.yaml" {
        Ok(())
    } else if !EXTENSIONS.contains(&extension) {
        Err(Skip::Format)
    } else if NOT_DOCUMENTS.contains(&stem) && !(stem == "readme" && is_numbered(dirs)) {
        Err(Skip::Furniture)
    } else {
        Ok(())
    })
}

/// Templates are copied to write documents; they are not documents. A
/// folder whose name says only that it is a template (`templates`,
/// `NNNN-kep-template`, `_template`) holds templates; a proposal about
/// templates (`5978-cluster-resource-claim-template`) is a document.
pub fn is_template(path: &str) -> bool {
    let lower = path.to_lowercase();
    let dirs = lower.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    dirs.split('/').any(is_template_folder)
}

fn is_template_folder(dir: &str) -> bool {
    const PLACEHOLDERS: &[&str] = &[
        "nnnn", "xxxx", "kep", "rfc", "adr", "pep", "design", "doc", "docs", "example",
    ];
    let words: Vec<&str> = dir
        .split(['-', '_', '.', ' '])
        .filter(|w| !w.is_empty())
        .collect();
    words.iter().any(|w| w.starts_with("template"))
        && words.iter().all(|w| {
            w.starts_with("template")
                || PLACEHOLDERS.contains(w)
                || w.chars().all(|c| c.is_ascii_digit())
        })
}

/// Folders that hold test data: anything under them is a fixture.
const TEST_DATA: &[&str] = &[
    "testdata",
    "test-data",
    "test_data",
    "fixtures",
    "__fixtures__",
    "__tests__",
];

/// Folders of tests: a folder inside one (`tests/peps/pep-9000.rst`) holds
/// fixtures; a document directly in one (`docs/tests/plan.md`) is a plan.
const TESTS: &[&str] = &["test", "tests", "spec", "specs"];

/// Whether a file under `dirs` is test data, not writing.
fn is_test_data(dirs: &str) -> bool {
    let dirs: Vec<&str> = dirs.split('/').collect();
    dirs.iter().any(|dir| TEST_DATA.contains(dir))
        || dirs
            .iter()
            .position(|dir| TESTS.contains(dir))
            .is_some_and(|tests| tests + 1 < dirs.len())
}

/// Whether a file's changes belong to the histories of documents: any file
/// of a document format in a document folder, templates and indexes
/// included, since a proposal may be drafted in a copy of the template
/// and renamed (its history starts there).
pub fn in_document_history<S: AsRef<str>>(path: &str, folders: &[S]) -> bool {
    document_verdict(path, folders).is_some_and(|verdict| verdict != Err(Skip::Format))
}

/// Why a document already collected is a fixture or a template, whatever
/// the folder names: what resolution leaves out of stores collected before
/// these rules.
pub fn not_writing(path: &str) -> Option<Skip> {
    let lower = path.to_lowercase();
    let dirs = lower.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    if is_template(path) {
        Some(Skip::Template)
    } else if is_test_data(dirs) {
        Some(Skip::TestData)
    } else {
        None
    }
}

/// Whether a document path is a fixture or a template.
pub fn is_not_writing(path: &str) -> bool {
    not_writing(path).is_some()
}

/// Whether `path` is a document staffscope reads, with the default folders.
pub fn is_document_path(path: &str) -> bool {
    is_document_path_in(path, FOLDERS)
}

/// Whether `path` is a document under one of `folders` (folder names, any
/// depth). A Kubernetes KEP is its folder's `kep.yaml`.
pub fn is_document_path_in<S: AsRef<str>>(path: &str, folders: &[S]) -> bool {
    document_verdict(path, folders) == Some(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_data_is_not_writing() {
        for fixture in [
            "pkg/kep/testdata/keps/sig-x/1-a/kep.yaml",
            "pep_sphinx_extensions/tests/peps/pep-9000.rst",
            "docs/fixtures/adr/0001-x.md",
        ] {
            assert!(!is_document_path(fixture), "{fixture}");
        }
        for document in [
            "docs/tests/plan.md",
            "peps/pep-0008.rst",
            "keps/sig-node/1-a/kep.yaml",
            // A document kept as a folder: its README is the document.
            "keps/sig-node/1-a/README.md",
        ] {
            assert!(is_document_path(document), "{document}");
        }
    }

    #[test]
    fn template_folders_hold_templates_and_proposals_about_templates_are_documents() {
        for template in [
            "keps/NNNN-kep-template/kep.yaml",
            "docs/templates/design.md",
            "rfcs/_template/README.md",
            "keps/0000-template/kep.yaml",
        ] {
            assert!(is_template(template), "{template}");
        }
        for document in [
            "keps/sig-node/5978-cluster-resource-claim-template/kep.yaml",
            "docs/design/templating-engine.md",
        ] {
            assert!(!is_template(document), "{document}");
            assert!(is_document_path(document), "{document}");
        }
    }
}
