//! Ordinary work: new files in a module and edits of existing ones, the
//! bulk of every history.

use crate::code::{block, header};
use crate::edits::{delete_block, insert_block, is_test_path, tweak_line};
use crate::events::{Author, Event, Size};
use crate::messages::{body, subject};
use crate::people::ROSTER;
use crate::repos::{Kind, Lang, Module};
use crate::rng::Rng;
use crate::words::{Words, pascal};
use crate::writer::{Body, Draft, Writer};
use crate::{SENIOR, STAFF};

impl Writer<'_> {
    /// Creates a new file in a module and returns its path.
    pub(super) fn new_file(&mut self, module: &Module) -> String {
        let words = Words::pick(&mut self.rng, module.nouns);
        let path = self.new_path(module, &words);
        let test = is_test_path(&path) || module.kind == Kind::Tests;
        let mut lines = header(module, &words, test);
        let blocks = 1 + self.rng.below(3);
        for _ in 0..blocks {
            let w = Words::pick(&mut self.rng, module.nouns);
            let target = self.rng.between(5, 16) as usize;
            lines.push(String::new());
            lines.extend(block(&mut self.rng, module, &w, test, target));
        }
        self.put_text(path.clone(), lines);
        path
    }

    /// A path for a new file that does not exist yet; other word choices
    /// are tried before falling back to a numbered name.
    fn new_path(&mut self, module: &Module, w: &Words) -> String {
        let mut name = self.file_name(module, w);
        for _ in 0..8 {
            if !self.files.contains_key(&format!("{}{name}", module.dir)) {
                break;
            }
            let other = Words::pick(&mut self.rng, module.nouns);
            name = self.file_name(module, &other);
        }
        let mut path = format!("{}{}", module.dir, name);
        let mut counter = 2;
        while self.files.contains_key(&path) {
            let (stem, ext) = name.rsplit_once('.').unwrap_or((&name, ""));
            path = format!("{}{stem}{counter}.{ext}", module.dir);
            counter += 1;
        }
        path
    }

    fn file_name(&mut self, module: &Module, w: &Words) -> String {
        let (noun, noun2) = (w.noun, w.noun2);
        match (module.lang, module.kind) {
            (_, Kind::Workflows) => format!("{noun}.yml"),
            (Lang::Sql, Kind::Migrations) => {
                let number = self.module_files(module).len() + 1;
                format!("{number:04}_{}_{noun}_{noun2}.sql", w.verb.base)
            }
            (Lang::Go, _) if self.rng.chance(0.3) => format!("{noun}_test.go"),
            (Lang::Ts, Kind::Tests) => format!("{noun}{}.test.ts", pascal(noun2)),
            (Lang::Python, Kind::Tests) => format!("test_{noun}_{noun2}.py"),
            (Lang::Tsx, _) => format!("{}{}.tsx", pascal(noun), pascal(noun2)),
            (Lang::Kotlin, _) => format!("{}{}.kt", pascal(noun), pascal(noun2)),
            (Lang::Ts, _) => format!("{noun}{}.ts", pascal(noun2)),
            (Lang::Markdown, _) | (Lang::Yaml, _) | (Lang::Css, _) => {
                format!("{}-{}.{}", noun, noun2, module.lang.ext())
            }
            (Lang::Go, _) if self.rng.chance(0.5) => format!("{noun}.go"),
            (lang, _) => format!("{noun}_{noun2}.{}", lang.ext()),
        }
    }

    /// An ordinary change in module `m`: files created, edited and now and
    /// then deleted, and a message in the author's style.
    pub(super) fn change(&mut self, event: &Event, m: usize, size: Size, first: bool) -> Draft {
        let repo = self.repo;
        let module = &repo.modules[m];
        let words = Words::pick(&mut self.rng, module.nouns);
        self.change_files(module, size, &words);
        let subject = subject(&mut self.rng, event, module, &words, first);
        let body_rate = match event.author {
            Author::Person(p) if ROSTER[p].handle == STAFF => 0.6,
            Author::Person(p) if ROSTER[p].handle == SENIOR => 0.5,
            _ => 0.3,
        };
        let body = if self.rng.chance(body_rate) {
            Some(body(&mut self.rng, event.intent, &words))
        } else {
            None
        };
        let handle = match event.author {
            Author::Person(p) => ROSTER[p].handle.split('.').next().unwrap_or("dev"),
            Author::Bot(_) => "bot",
        };
        Draft {
            subject,
            body,
            branch: format!(
                "{handle}/{}-{}-{}",
                module.scope, words.verb.base, words.noun
            ),
        }
    }

    /// The files one change touches: a new migration, or a few files edited
    /// or created, and rarely one deleted.
    fn change_files(&mut self, module: &Module, size: Size, words: &Words) {
        let existing = self.module_files(module);
        let file_count = match size {
            Size::Small => 1 + self.rng.below(2),
            Size::Normal => 1 + self.rng.below(4),
            Size::Large => 2 + self.rng.below(5),
        } as usize;
        let mut edited: Vec<String> = Vec::new();
        if module.kind == Kind::Migrations {
            edited.push(self.new_file(module));
            return;
        }
        let create_rate = match (module.kind, existing.len()) {
            // A repository has a handful of workflows, not one per topic.
            (Kind::Workflows, n) if n >= module.nouns.len() => 0.0,
            (Kind::Workflows, _) => 0.03,
            (_, 0..=2) => 0.5,
            _ => 0.08,
        };
        for slot in 0..file_count {
            let available: Vec<&String> = existing.iter().filter(|p| !edited.contains(p)).collect();
            if available.is_empty() || (slot == 0 && self.rng.chance(create_rate)) {
                edited.push(self.new_file(module));
                continue;
            }
            let path = available[self.rng.index(available.len())].clone();
            self.edit_file(module, &path, size, words);
            edited.push(path);
        }
        if existing.len() > 5 && self.rng.chance(0.015) {
            let candidates: Vec<&String> =
                existing.iter().filter(|p| !edited.contains(p)).collect();
            if !candidates.is_empty() {
                let doomed = candidates[self.rng.index(candidates.len())].clone();
                self.remove(&doomed);
            }
        }
    }

    /// Edits one file: blocks added, deleted or tweaked, more of them for a
    /// large change. An edit always changes the file.
    fn edit_file(&mut self, module: &Module, path: &str, size: Size, words: &Words) {
        let Some(Body::Text(current)) = self.files.get(path) else {
            return;
        };
        let mut lines = current.clone();
        let test = is_test_path(path) || module.kind == Kind::Tests;
        let before = lines.clone();
        let rng = &mut self.rng;
        match size {
            Size::Large => large_edit(rng, &mut lines, module, test, words),
            _ => small_edit(rng, &mut lines, module, test, size, words),
        }
        // Keep files at a believable size by retiring old code.
        while lines.len() > 420 {
            if !delete_block(rng, &mut lines) {
                break;
            }
        }
        if lines == before {
            let target = rng.between(4, 12) as usize;
            add_block(rng, &mut lines, module, test, words, target);
        }
        self.put_text(path.to_string(), lines);
    }
}

/// Adds a new block of about `target` lines to a file of `module`.
fn add_block(
    rng: &mut Rng,
    lines: &mut Vec<String>,
    module: &Module,
    test: bool,
    w: &Words,
    target: usize,
) {
    let new_block = block(rng, module, w, test, target);
    insert_block(rng, lines, new_block);
}

/// A large edit: one to four new blocks, sometimes one deleted.
fn large_edit(rng: &mut Rng, lines: &mut Vec<String>, module: &Module, test: bool, words: &Words) {
    let blocks = 1 + rng.below(4);
    for i in 0..blocks {
        let w = if i == 0 {
            *words
        } else {
            Words::pick(rng, module.nouns)
        };
        let target = rng.between(12, 40) as usize;
        add_block(rng, lines, module, test, &w, target);
    }
    if rng.chance(0.3) {
        delete_block(rng, lines);
    }
}

/// A small or normal edit: a block added, a few lines tweaked, a block
/// deleted, or a block replaced.
fn small_edit(
    rng: &mut Rng,
    lines: &mut Vec<String>,
    module: &Module,
    test: bool,
    size: Size,
    words: &Words,
) {
    let target = if size == Size::Small {
        rng.between(3, 10)
    } else {
        rng.between(6, 24)
    } as usize;
    match rng.below(100) {
        0..=49 => add_block(rng, lines, module, test, words, target),
        50..=74 => {
            let count = 1 + rng.below(3);
            for _ in 0..count {
                tweak_line(rng, lines, module.nouns);
            }
        }
        75..=87 => {
            delete_block(rng, lines);
        }
        _ => {
            delete_block(rng, lines);
            add_block(rng, lines, module, test, words, target);
        }
    }
}
