//! Writing history: the files of a repository as they change and the
//! `git fast-import` stream of its commits. This module holds the
//! writer's state, its stream output and how an event becomes commits;
//! the changes themselves are in the submodules.

mod changes;
mod setup;
mod special;

use std::collections::{BTreeMap, BTreeSet};

use crate::deps::{Dep, initial_deps};
use crate::edits::{prettier_line, render_lines};
use crate::events::{Author, Event, Work};
use crate::messages::wrap_paragraphs;
use crate::org::Org;
use crate::patterns::PLANTED_CHANGES;
use crate::people::{
    DANA_OLD, DEPENDABOT, GITHUB, Ident, RENOVATE, person_ident, trailer_reviewers,
};
use crate::repos::{Bot, Module, Repo};
use crate::rng::Rng;

/// A file's content.
#[derive(Debug, Clone)]
pub(crate) enum Body {
    Text(Vec<String>),
    Binary(Vec<u8>),
}

/// The parent a commit is written on top of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tip {
    /// No parent: the root commit.
    None,
    /// A commit written earlier in this stream.
    Mark(u32),
    /// The tip of `refs/heads/main` written by an earlier fast-import run.
    Continue,
}

/// Writes one repository's history: its files as they change, and the
/// fast-import stream of its commits.
pub(crate) struct Writer<'a> {
    repo: &'a Repo,
    rng: Rng,
    pub(crate) files: BTreeMap<String, Body>,
    deps: Vec<Dep>,
    out: Vec<u8>,
    pub(crate) tip: Tip,
    next_mark: u32,
    /// The highest pull request number used so far.
    pub(crate) pr_number: u32,
    /// Paths changed by the commit being built.
    touched: BTreeSet<String>,
    /// While a pull request is being built: every path it touched and whether it existed before.
    pr_base: Option<BTreeMap<String, bool>>,
    /// Whether checkout-web has been reformatted with prettier.
    formatted: bool,
    /// The id of the reformat commit, once git has written it.
    pub(crate) prettier_id: Option<String>,
    /// Pull requests merged with a merge commit, in the order they were written.
    pub(crate) pulls: Vec<PullRecord>,
}

/// A pull request that was merged with a `Merge pull request #N` commit, as
/// the code-review export needs it.
#[derive(Debug, Clone)]
pub(crate) struct PullRecord {
    pub(crate) number: u32,
    pub(crate) title: String,
    pub(crate) branch: String,
    pub(crate) author: Author,
    /// When the pull request was opened (after its first commit was pushed).
    pub(crate) opened: i64,
    /// The merge commit's time.
    pub(crate) merged: i64,
    /// People named by the branch commits' `Reviewed-by` trailers.
    pub(crate) reviewers: Vec<usize>,
    /// Paths the pull request changed that still exist after it (all of them if none does).
    pub(crate) paths: Vec<String>,
}

/// One commit's subject, body and trailers before trailers are attached.
struct Draft {
    subject: String,
    body: Option<String>,
    branch: String,
}

impl<'a> Writer<'a> {
    pub(crate) fn new(org: &'a Org, index: usize, rng: Rng) -> Self {
        let repo = &org.repos[index];
        Writer {
            repo,
            rng,
            files: BTreeMap::new(),
            deps: initial_deps(repo.ecosystem),
            out: Vec::with_capacity(4 << 20),
            tip: Tip::None,
            next_mark: 1,
            pr_number: 0,
            touched: BTreeSet::new(),
            pr_base: None,
            formatted: false,
            prettier_id: None,
            pulls: Vec::new(),
        }
    }

    pub(crate) fn take_stream(&mut self) -> Vec<u8> {
        let mut stream = std::mem::take(&mut self.out);
        stream.extend_from_slice(b"done\n");
        stream
    }

    // --- file bookkeeping -------------------------------------------------

    fn touch(&mut self, path: &str) {
        let existed = self.files.contains_key(path);
        if let Some(base) = &mut self.pr_base {
            base.entry(path.to_string()).or_insert(existed);
        }
        self.touched.insert(path.to_string());
    }

    fn put_text(&mut self, path: String, lines: Vec<String>) {
        let lines = self.house_style(&path, lines);
        self.touch(&path);
        self.files.insert(path, Body::Text(lines));
    }

    fn remove(&mut self, path: &str) {
        self.touch(path);
        self.files.remove(path);
    }

    /// After the reformat, checkout-web code is written the way prettier wants it.
    fn house_style(&self, path: &str, lines: Vec<String>) -> Vec<String> {
        if self.formatted && path.starts_with("src/") {
            lines.into_iter().map(|l| prettier_line(path, &l)).collect()
        } else {
            lines
        }
    }

    /// Editable source files of a module.
    fn module_files(&self, module: &Module) -> Vec<String> {
        let ext = format!(".{}", module.ext());
        self.files
            .range(module.dir.to_string()..)
            .take_while(|(path, _)| path.starts_with(module.dir))
            .filter(|(path, body)| {
                path.ends_with(&ext)
                    && !path[module.dir.len()..].contains('/')
                    && matches!(body, Body::Text(_))
            })
            .map(|(path, _)| path.clone())
            .collect()
    }

    // --- stream output ----------------------------------------------------

    fn write_ident(&mut self, role: &str, ident: Ident, time: i64) {
        let sign = if ident.tz < 0 { '-' } else { '+' };
        let tz = ident.tz.abs();
        let line = format!(
            "{role} {} <{}> {time} {sign}{:02}{:02}\n",
            ident.name,
            ident.email,
            tz / 60,
            tz % 60
        );
        self.out.extend_from_slice(line.as_bytes());
    }

    fn write_data(&mut self, bytes: &[u8]) {
        self.out
            .extend_from_slice(format!("data {}\n", bytes.len()).as_bytes());
        self.out.extend_from_slice(bytes);
        self.out.push(b'\n');
    }

    fn write_file(&mut self, path: &str, deleted_ok: bool) {
        match self.files.get(path) {
            Some(body) => {
                let bytes = match body {
                    Body::Text(lines) => render_lines(lines).into_bytes(),
                    Body::Binary(bytes) => bytes.clone(),
                };
                self.out
                    .extend_from_slice(format!("M 100644 inline {path}\n").as_bytes());
                self.write_data(&bytes);
            }
            None if deleted_ok => {
                self.out.extend_from_slice(format!("D {path}\n").as_bytes());
            }
            None => {}
        }
    }

    /// Writes one commit and returns its mark. File changes come from
    /// `self.touched`, or, for a merge, from the whole pull request.
    fn commit(
        &mut self,
        author: (Ident, i64),
        committer: (Ident, i64),
        message: &str,
        from: Tip,
        merge: Option<u32>,
    ) -> u32 {
        let mark = self.next_mark;
        self.next_mark += 1;
        self.out
            .extend_from_slice(format!("commit refs/heads/main\nmark :{mark}\n").as_bytes());
        self.write_ident("author", author.0, author.1);
        self.write_ident("committer", committer.0, committer.1);
        self.write_data(message.as_bytes());
        match from {
            Tip::None => {}
            Tip::Mark(parent) => self
                .out
                .extend_from_slice(format!("from :{parent}\n").as_bytes()),
            Tip::Continue => self.out.extend_from_slice(b"from refs/heads/main^0\n"),
        }
        if let Some(branch) = merge {
            self.out
                .extend_from_slice(format!("merge :{branch}\n").as_bytes());
            let base = self.pr_base.take().unwrap_or_default();
            for (path, existed) in base {
                self.write_file(&path, existed);
            }
        } else {
            let touched = std::mem::take(&mut self.touched);
            for path in &touched {
                self.write_file(path, true);
            }
        }
        self.touched.clear();
        self.out.push(b'\n');
        mark
    }

    fn message(draft: &Draft, trailers: &[(&'static str, String)]) -> String {
        let mut message = draft.subject.clone();
        if let Some(body) = &draft.body {
            message.push_str("\n\n");
            message.push_str(body);
        }
        if !trailers.is_empty() {
            message.push_str("\n\n");
            let lines: Vec<String> = trailers.iter().map(|(k, v)| format!("{k}: {v}")).collect();
            message.push_str(&lines.join("\n"));
        }
        message.push('\n');
        message
    }

    fn author_ident(&self, event: &Event) -> Ident {
        match event.author {
            Author::Person(_) if event.alias => DANA_OLD,
            Author::Person(p) => person_ident(p),
            Author::Bot(Bot::Dependabot) => DEPENDABOT,
            Author::Bot(Bot::Renovate) => RENOVATE,
        }
    }

    // --- events -----------------------------------------------------------

    /// Writes the commits of one event: a pull request when the event has
    /// branch commits and the next event leaves time for them, otherwise a
    /// single commit on main.
    pub(crate) fn process(&mut self, event: &Event, next: i64) {
        let gap = next - event.time;
        if event.branch_commits > 0 && gap >= 900 {
            self.pull_request(event, gap);
        } else {
            self.direct_commit(event);
        }
    }

    /// A short-lived branch merged with a merge commit; nothing else lands on
    /// main in between, so the merge result is the branch tip.
    fn pull_request(&mut self, event: &Event, gap: i64) {
        let commits = i64::from(event.branch_commits);
        let step = gap.min(8 * 3600) / (commits + 2);
        let base = self.tip;
        self.pr_base = Some(BTreeMap::new());
        let (branch_mark, title, branch) = self.branch_commits(event, step, base);
        self.pr_number += 1 + self.rng.below(3) as u32;
        let merger = match (event.author, event.merger) {
            (_, Some(m)) => person_ident(m),
            (Author::Person(p), None) => person_ident(p),
            (Author::Bot(_), None) => GITHUB,
        };
        let merge_time = event.time + (commits + 1) * step;
        let changed = self.pull_request_paths();
        self.pulls.push(PullRecord {
            number: self.pr_number,
            title: title.clone(),
            branch: branch.clone(),
            author: event.author,
            opened: event.time + step / 2,
            merged: merge_time,
            reviewers: trailer_reviewers(&event.trailers),
            paths: changed,
        });
        let message = format!(
            "Merge pull request #{} from acme/{branch}\n\n{title}\n",
            self.pr_number
        );
        let mark = self.commit(
            (merger, merge_time),
            (GITHUB, merge_time),
            &message,
            base,
            Some(branch_mark),
        );
        self.tip = Tip::Mark(mark);
    }

    /// Writes a pull request's branch on top of `base`, one commit every
    /// `step` seconds. Returns the mark of the branch tip, and the subject
    /// and branch name of the first commit, which name the pull request.
    fn branch_commits(&mut self, event: &Event, step: i64, base: Tip) -> (u32, String, String) {
        let author = self.author_ident(event);
        let mut branch_tip = base;
        let mut branch_mark = 0;
        let mut title = String::new();
        let mut branch = String::new();
        for part in 0..u64::from(event.branch_commits) {
            let time = event.time + part as i64 * step;
            let draft = self.draft(event, part == 0);
            if part == 0 {
                title = draft.subject.clone();
                branch = draft.branch.clone();
            }
            let message = Self::message(&draft, &event.trailers);
            let mark = self.commit((author, time), (author, time), &message, branch_tip, None);
            branch_tip = Tip::Mark(mark);
            branch_mark = mark;
        }
        (branch_mark, title, branch)
    }

    /// The paths the pull request being built changed and that still exist
    /// after it, or all of them if none does.
    fn pull_request_paths(&self) -> Vec<String> {
        self.pr_base.as_ref().map_or_else(Vec::new, |base| {
            let paths: Vec<String> = base.keys().cloned().collect();
            let kept: Vec<String> = paths
                .iter()
                .filter(|p| self.files.contains_key(p.as_str()))
                .cloned()
                .collect();
            if kept.is_empty() { paths } else { kept }
        })
    }

    /// One commit straight on main; some carry the number of a pull request
    /// that was squashed into them.
    fn direct_commit(&mut self, event: &Event) {
        let author = self.author_ident(event);
        let mut draft = self.draft(event, true);
        if matches!(event.work, Work::Change { .. } | Work::Cite { .. }) && self.rng.chance(0.25) {
            self.pr_number += 1 + self.rng.below(3) as u32;
            draft.subject = format!("{} (#{})", draft.subject, self.pr_number);
        }
        let message = Self::message(&draft, &event.trailers);
        let mark = self.commit(
            (author, event.time),
            (author, event.time),
            &message,
            self.tip,
            None,
        );
        self.tip = Tip::Mark(mark);
    }

    /// Applies one commit's worth of changes and describes it.
    fn draft(&mut self, event: &Event, first: bool) -> Draft {
        match &event.work {
            Work::Initial => self.initial_import(),
            Work::Change { module, size } => self.change(event, *module, *size, first),
            Work::Bump => self.bump(event.author),
            Work::CodeownersMove => self.codeowners_move(),
            Work::Prettier => self.prettier(),
            Work::BlameIgnore => self.blame_ignore(),
            Work::Vendor => self.vendor(),
            Work::Binary(path) => self.binary(path),
            Work::Document(doc) => self.document(*doc),
            Work::Planted(index) => self.planted(&PLANTED_CHANGES[*index]),
            Work::Cite {
                module,
                size,
                subject,
                body,
            } => {
                let mut draft = self.change(event, *module, *size, first);
                if first {
                    draft.subject = subject.to_string();
                    draft.body = Some(wrap_paragraphs(body));
                }
                draft
            }
        }
    }
}
