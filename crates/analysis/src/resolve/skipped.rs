//! Files kept at HEAD in document folders that are not documents of their
//! own, each with the reason: templates and test data (for stores
//! collected before those path rules), the configuration's `skip`
//! patterns, generated files, files too large to be written by hand, and
//! translations, which are grouped with their original instead of counting
//! as more writing. `staffscope documents --check` lists them.

use std::collections::BTreeMap;

use globset::GlobSet;
use serde::Serialize;

use model::{Diagnostic, RepoFile};

/// A file in a document folder that is not read as a document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SkippedDocument {
    pub repository: String,
    pub path: String,
    pub reason: String,
}

/// Language tags that name a translation's folder (`docs/zh-cn/x.md`) or
/// suffix (`x.ja.md`).
const LANGUAGES: &[&str] = &[
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "en-us", "en-gb", "es", "fa", "fi", "fr",
    "he", "hi", "hu", "id", "it", "ja", "ko", "nl", "no", "pl", "pt", "pt-br", "pt_br", "ro", "ru",
    "sk", "sv", "th", "tr", "uk", "vi", "zh", "zh-cn", "zh_cn", "zh-hans", "zh-hant", "zh-tw",
    "zh_tw",
];

/// Lines at the top of a file read for a generated-file marker.
const MARKER_LINES: usize = 10;

/// The configuration's patterns, compiled once.
pub(super) struct DocumentRules<'a> {
    pub(super) skip_patterns: &'a [String],
    pub(super) skip: &'a GlobSet,
}

/// Splits the document files at HEAD into those read and those skipped,
/// in their given order; a file too large to read is also a warning.
pub(super) fn sort_out<'f>(
    files: Vec<&'f RepoFile>,
    rules: &DocumentRules<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<&'f RepoFile>, Vec<SkippedDocument>) {
    let mut skipped = Vec::new();
    let mut read = Vec::new();
    for file in files {
        match one_file(file, rules, diagnostics) {
            Some(reason) => skipped.push(SkippedDocument {
                repository: file.repo.clone(),
                path: file.path.clone(),
                reason,
            }),
            None => read.push(file),
        }
    }
    let originals = translations(&read);
    let (read, translated): (Vec<_>, Vec<_>) = read
        .into_iter()
        .partition(|f| !originals.contains_key(&(f.repo.as_str(), f.path.as_str())));
    for file in translated {
        let original = &originals[&(file.repo.as_str(), file.path.as_str())];
        skipped.push(SkippedDocument {
            repository: file.repo.clone(),
            path: file.path.clone(),
            reason: format!("a translation of {original}, which is read instead"),
        });
    }
    (read, skipped)
}

/// A document made of two files: a KEP's `kep.yaml` (its metadata) and the
/// `README.md` beside it (its text). The README is read with the
/// `kep.yaml`, not as a document of its own: the bodies by (repository,
/// folder), and the READMEs as skipped, with why.
pub(super) fn kep_bodies<'f>(
    read: Vec<&'f RepoFile>,
    skipped: &mut Vec<SkippedDocument>,
) -> (Vec<&'f RepoFile>, BTreeMap<(&'f str, &'f str), &'f str>) {
    let folder = |path: &'f str| path.rsplit_once('/').map_or("", |(dirs, _)| dirs);
    let file = |path: &str| path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let keps: std::collections::BTreeSet<(&str, &str)> = read
        .iter()
        .filter(|f| file(&f.path) == "kep.yaml")
        .map(|f| (f.repo.as_str(), folder(&f.path)))
        .collect();
    let mut bodies = BTreeMap::new();
    let mut kept = Vec::with_capacity(read.len());
    for f in read {
        let key = (f.repo.as_str(), folder(&f.path));
        if file(&f.path) == "readme.md" && keps.contains(&key) {
            if let Some(content) = &f.content {
                bodies.insert(key, content.as_str());
            }
            skipped.push(SkippedDocument {
                repository: f.repo.clone(),
                path: f.path.clone(),
                reason: "the text of the KEP beside it, read with its kep.yaml".to_string(),
            });
        } else {
            kept.push(f);
        }
    }
    (kept, bodies)
}

/// Why one file is not a document, judged alone.
fn one_file(
    file: &RepoFile,
    rules: &DocumentRules<'_>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<String> {
    if let Some(skip) = model::paths::not_writing(&file.path) {
        return Some(skip.reason().to_string());
    }
    let matched = rules.skip.matches(&file.path);
    if let Some(&first) = matched.first() {
        let pattern = &rules.skip_patterns[first];
        return Some(format!(
            "matches `{pattern}` in the configuration's [documents] skip"
        ));
    }
    let Some(content) = &file.content else {
        diagnostics.push(Diagnostic::in_file(
            &format!("{}/{}", file.repo, file.path),
            "larger than 1 MiB; not read as a document",
        ));
        return Some("larger than 1 MiB".to_string());
    };
    if let Some(marker) = generated_marker(content) {
        return Some(format!("generated: its first lines say `{marker}`"));
    }
    // A KEP's metadata is data by design; its README is judged as its text.
    if file.path.to_lowercase().ends_with("kep.yaml") {
        return None;
    }
    super::prose::not_prose(content)
}

/// The marker in a file's first lines that says a tool wrote it.
fn generated_marker(content: &str) -> Option<&'static str> {
    let top: String = content
        .lines()
        .take(MARKER_LINES)
        .collect::<Vec<_>>()
        .join("\n")
        .to_lowercase();
    [
        "do not edit",
        "automatically generated",
        "auto-generated",
        "autogenerated",
    ]
    .into_iter()
    .find(|marker| top.contains(marker))
}

/// One language's version of a document: (its language, if the path
/// names one; its path).
type Version<'f> = (Option<&'f str>, &'f str);

/// Translations among the files, each with its original's path: files
/// whose paths differ only by a language folder (`docs/ja/x.md` beside
/// `docs/x.md` or `docs/en/x.md`) or a language suffix (`x.zh-CN.md`
/// beside `x.md`). A path with a language but no counterpart is a document
/// in that language, not a translation. Of a group, the original is the
/// file without a language, then English, then the first by path.
fn translations<'f>(files: &[&'f RepoFile]) -> BTreeMap<(&'f str, &'f str), String> {
    let mut groups: BTreeMap<(&str, String), Vec<Version<'_>>> = BTreeMap::new();
    for file in files {
        let (key, language) = without_language(&file.path);
        groups
            .entry((file.repo.as_str(), key))
            .or_default()
            .push((language, file.path.as_str()));
    }
    let mut translated = BTreeMap::new();
    for ((repo, _), mut group) in groups.into_iter().filter(|(_, g)| g.len() > 1) {
        group.sort_by_key(|(language, path)| {
            let rank = match language {
                None => 0,
                Some(l) if l.starts_with("en") => 1,
                Some(_) => 2,
            };
            (rank, *path)
        });
        let original = group[0].1;
        for (_, path) in &group[1..] {
            translated.insert((repo, *path), original.to_string());
        }
    }
    translated
}

/// The path with its language folder or suffix taken out, and the language.
fn without_language(path: &str) -> (String, Option<&str>) {
    let is_language = |part: &str| LANGUAGES.contains(&part.to_lowercase().as_str());
    let (dirs, file) = path.rsplit_once('/').unwrap_or(("", path));
    // `x.zh-CN.md`: a suffix between the stem and the extension.
    let parts: Vec<&str> = file.split('.').collect();
    if parts.len() >= 3 && is_language(parts[parts.len() - 2]) {
        let mut kept = parts.clone();
        let language = kept.remove(parts.len() - 2);
        let file = kept.join(".");
        let path = if dirs.is_empty() {
            file
        } else {
            format!("{dirs}/{file}")
        };
        return (path, Some(language));
    }
    let folders: Vec<&str> = dirs.split('/').collect();
    if let Some(at) = folders.iter().rposition(|part| is_language(part)) {
        let language = folders[at];
        let mut kept: Vec<&str> = folders.clone();
        kept.remove(at);
        kept.push(file);
        return (kept.join("/"), Some(language));
    }
    (path.to_string(), None)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::PROSE;

    fn file(path: &str, content: &str) -> RepoFile {
        RepoFile {
            repo: "rfcs".into(),
            path: path.into(),
            commit: None,
            time: 0,
            content: Some(content.into()),
        }
    }

    #[test]
    fn translations_go_with_their_original_and_lone_languages_stay() {
        let files = [
            file("text/0001-retries.md", PROSE),
            file("text/zh-CN/0001-retries.md", PROSE),
            file("text/0001-retries.ja.md", PROSE),
            file("docs/en/guide.md", PROSE),
            file("docs/fr/guide.md", PROSE),
            file("docs/fr/only-in-french.md", PROSE),
            file("docs/it/ops.md", PROSE),
        ];
        let skip = GlobSet::empty();
        let rules = DocumentRules {
            skip_patterns: &[],
            skip: &skip,
        };
        let (read, skipped) = sort_out(files.iter().collect(), &rules, &mut Vec::new());
        let read: Vec<&str> = read.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            read,
            [
                "text/0001-retries.md",
                "docs/en/guide.md",
                "docs/fr/only-in-french.md",
                "docs/it/ops.md"
            ]
        );
        let reasons: Vec<(&str, &str)> = skipped
            .iter()
            .map(|s| (s.path.as_str(), s.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (
                    "text/zh-CN/0001-retries.md",
                    "a translation of text/0001-retries.md, which is read instead"
                ),
                (
                    "text/0001-retries.ja.md",
                    "a translation of text/0001-retries.md, which is read instead"
                ),
                (
                    "docs/fr/guide.md",
                    "a translation of docs/en/guide.md, which is read instead"
                ),
            ]
        );
    }

    #[test]
    fn generated_files_configured_patterns_and_fixtures_are_skipped_with_their_reason() {
        let files = [
            file(
                "docs/api.md",
                "<!-- DO NOT EDIT: generated by apigen -->\n# API\n",
            ),
            file("docs/drafts/x.md", "# Draft\n"),
            file("docs/testdata/adr/0001-x.md", "# Fixture\n"),
            file("docs/design/real.md", PROSE),
        ];
        let patterns = vec!["docs/drafts/**".to_string()];
        let mut builder = globset::GlobSetBuilder::new();
        builder.add(globset::Glob::new(&patterns[0]).unwrap());
        let skip = builder.build().unwrap();
        let rules = DocumentRules {
            skip_patterns: &patterns,
            skip: &skip,
        };
        let (read, skipped) = sort_out(files.iter().collect(), &rules, &mut Vec::new());
        assert_eq!(read.len(), 1);
        assert_eq!(read[0].path, "docs/design/real.md");
        let reasons: Vec<&str> = skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(
            reasons,
            [
                "generated: its first lines say `do not edit`",
                "matches `docs/drafts/**` in the configuration's [documents] skip",
                "test data (under a testdata, fixtures or tests folder)",
            ]
        );
    }
}
