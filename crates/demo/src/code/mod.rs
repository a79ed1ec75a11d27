//! Source code generators: a new file's header and self-contained blocks
//! of code in each language, of about the size asked for. The languages'
//! own generators are in the submodules.

mod declarative;
mod programs;

pub(crate) use declarative::mit_licence;

use crate::repos::{Kind, Lang, Module};
use crate::rng::Rng;
use crate::words::{Words, capitalize};
use declarative::{
    css_rule, k8s_document, markdown_section, sql_header, sql_migration, sql_model,
    terraform_block, terraform_header, workflow_job, yaml_header,
};
use programs::{
    go_func, go_header, go_test, kotlin_fn, kotlin_header, python_fn, python_header, python_test,
    rust_fn, rust_header, rust_test, ts_fn, ts_header, ts_test, tsx_component, tsx_header,
};

/// The header of a new file: package clause, imports and the like.
pub(crate) fn header(module: &Module, w: &Words, test: bool) -> Vec<String> {
    let pkg = module.package().replace('-', "");
    match module.lang {
        Lang::Go => go_header(&pkg, w, test),
        Lang::Rust => rust_header(w, test),
        Lang::Ts => ts_header(w, test),
        Lang::Tsx => tsx_header(w),
        Lang::Python => python_header(w, test),
        Lang::Kotlin => kotlin_header(&pkg, w),
        Lang::Sql => sql_header(module, w),
        Lang::Terraform => terraform_header(w),
        Lang::Yaml => yaml_header(module, w),
        Lang::Markdown => vec![format!("# {} {}", capitalize(w.noun), w.noun2)],
        Lang::Css => vec![format!("/* {} {} styles */", w.noun, w.noun2)],
        Lang::Json => vec![
            "{".into(),
            format!("    \"{}\": \"{}\"", w.noun, w.noun2),
            "}".into(),
        ],
    }
}

/// A self-contained block (a function, resource, section...) of about `target` lines.
pub(crate) fn block(
    rng: &mut Rng,
    module: &Module,
    w: &Words,
    test: bool,
    target: usize,
) -> Vec<String> {
    let target = target.max(3);
    match module.lang {
        Lang::Go if test => go_test(rng, w),
        Lang::Go => go_func(rng, module, w, target),
        Lang::Rust if test || module.dir == "benches/" => rust_test(rng, w),
        Lang::Rust => rust_fn(rng, w, target),
        Lang::Ts if test => ts_test(rng, w),
        Lang::Ts => ts_fn(rng, w, target),
        Lang::Tsx => tsx_component(rng, w, target),
        Lang::Python if test => python_test(rng, w),
        Lang::Python => python_fn(rng, w, target),
        Lang::Kotlin => kotlin_fn(rng, w, target),
        Lang::Sql if module.kind == Kind::Migrations => sql_migration(rng, w),
        Lang::Sql => sql_model(rng, w),
        Lang::Terraform => terraform_block(rng, w),
        Lang::Yaml if module.kind == Kind::Workflows => workflow_job(rng, module, w),
        Lang::Yaml => k8s_document(rng, w),
        Lang::Markdown => markdown_section(rng, w, target),
        Lang::Css => css_rule(rng, w),
        Lang::Json => vec![format!("    \"{}\": \"{}\"", w.noun, w.noun2)],
    }
}

fn indent(prefix: &str, lines: Vec<String>) -> Vec<String> {
    lines.into_iter().map(|l| format!("{prefix}{l}")).collect()
}

/// Takes statements in a random order, each at most once, until the body
/// reaches `target` lines; real functions rarely repeat a statement.
fn statements(rng: &mut Rng, mut candidates: Vec<Vec<String>>, target: usize) -> Vec<String> {
    for i in (1..candidates.len()).rev() {
        let j = rng.index(i + 1);
        candidates.swap(i, j);
    }
    let mut body = Vec::new();
    for statement in candidates {
        if !body.is_empty() && body.len() + statement.len() > target {
            continue;
        }
        body.extend(statement);
        if body.len() >= target {
            break;
        }
    }
    body
}
