//! Blocks of the declarative files: SQL, Terraform, workflows, Kubernetes
//! manifests, Markdown and CSS, and the licence of vendored code.

use crate::events::Intent;
use crate::messages::{body_sentence, wrap};
use crate::repos::{Kind, Module};
use crate::rng::Rng;
use crate::words::{COMMENTS, Words, capitalize};

/// The comment that opens a migration or a model.
pub(super) fn sql_header(module: &Module, w: &Words) -> Vec<String> {
    if module.kind == Kind::Migrations {
        return vec![
            format!("-- Migration: {} {} {}.", w.verb.base, w.noun, w.noun2),
            "-- Runs inside a transaction; keep it backwards compatible with the running release."
                .into(),
        ];
    }
    vec![format!(
        "-- {} model: one row per {} and day.",
        capitalize(w.noun),
        w.noun2
    )]
}

/// A Terraform file's comment and the tags its resources share.
pub(super) fn terraform_header(w: &Words) -> Vec<String> {
    vec![
        format!("# {} {} resources.", capitalize(w.noun), w.noun2),
        String::new(),
        "locals {".into(),
        "  common_tags = {".into(),
        "    team   = \"platform\"".into(),
        format!("    module = \"{}\"", w.noun),
        "  }".into(),
        "}".into(),
    ]
}

/// A workflow's name and triggers, or a Kubernetes manifest's comment.
pub(super) fn yaml_header(module: &Module, w: &Words) -> Vec<String> {
    if module.kind == Kind::Workflows {
        return vec![
            format!("name: {}", capitalize(w.noun)),
            String::new(),
            "on:".into(),
            "  push:".into(),
            "    branches: [main]".into(),
            "  pull_request:".into(),
            String::new(),
            "jobs:".into(),
        ];
    }
    vec![format!(
        "# {} manifests, applied by Argo CD.",
        capitalize(w.noun)
    )]
}

pub(super) fn sql_migration(rng: &mut Rng, w: &Words) -> Vec<String> {
    let table = format!("{}_{}s", w.noun, w.noun2);
    match rng.below(3) {
        0 => vec![
            format!("CREATE TABLE IF NOT EXISTS {table} ("),
            "    id BIGSERIAL PRIMARY KEY,".into(),
            format!("    {}_id BIGINT NOT NULL,", w.noun),
            "    amount_minor BIGINT NOT NULL,".into(),
            "    currency CHAR(3) NOT NULL,".into(),
            "    created_at TIMESTAMPTZ NOT NULL DEFAULT now()".into(),
            ");".into(),
        ],
        1 => vec![format!(
            "CREATE INDEX CONCURRENTLY IF NOT EXISTS {table}_{}_id_idx ON {table} ({}_id);",
            w.noun, w.noun
        )],
        _ => vec![
            format!("ALTER TABLE {table}"),
            format!(
                "    ADD COLUMN IF NOT EXISTS {}_{} TEXT;",
                w.verb.past, w.noun2
            ),
        ],
    }
}

pub(super) fn sql_model(rng: &mut Rng, w: &Words) -> Vec<String> {
    vec![
        format!("-- {}", rng.pick(COMMENTS)),
        "select".into(),
        format!("    {}_id,", w.noun),
        "    date_trunc('day', created_at) as day,".into(),
        "    sum(amount_minor) as amount_minor,".into(),
        format!("    count(*) as {}_count", w.noun2),
        format!("from {{{{ ref('stg_{}s') }}}}", w.noun),
        format!(
            "where created_at >= current_date - interval '{} days'",
            w.num
        ),
        "group by 1, 2;".into(),
    ]
}

pub(super) fn terraform_block(rng: &mut Rng, w: &Words) -> Vec<String> {
    let name = format!("{}_{}", w.noun, w.noun2);
    if rng.chance(0.3) {
        return vec![
            format!("variable \"{name}_count\" {{"),
            format!(
                "  description = \"How many {} {} instances to run.\"",
                w.noun, w.noun2
            ),
            "  type        = number".into(),
            format!("  default     = {}", w.num),
            "}".into(),
        ];
    }
    let kind = rng.pick(&[
        "security_group",
        "iam_role",
        "s3_bucket",
        "cloudwatch_metric_alarm",
        "sqs_queue",
        "lb_target_group",
    ]);
    vec![
        format!("resource \"aws_{kind}\" \"{name}\" {{"),
        format!("  name = \"${{var.environment}}-{}-{}\"", w.noun, w.noun2),
        format!(
            "  description = \"{} {} for ${{var.environment}}\"",
            capitalize(w.noun),
            w.noun2
        ),
        "  tags = local.common_tags".into(),
        "}".into(),
    ]
}

pub(super) fn workflow_job(rng: &mut Rng, module: &Module, w: &Words) -> Vec<String> {
    let command = rng.pick(module.commands);
    vec![
        format!("  {}-{}:", w.noun2, w.verb.base),
        "    runs-on: ubuntu-latest".into(),
        format!("    timeout-minutes: {}", 5 + w.num % 40),
        "    steps:".into(),
        "      - uses: actions/checkout@v4".into(),
        format!("      - run: {command}"),
    ]
}

pub(super) fn k8s_document(rng: &mut Rng, w: &Words) -> Vec<String> {
    let namespace = rng.pick(&[
        "payments", "checkout", "identity", "search", "data", "platform",
    ]);
    vec![
        "---".into(),
        "apiVersion: v1".into(),
        "kind: ConfigMap".into(),
        "metadata:".into(),
        format!("  name: {}-{}", w.noun, w.noun2),
        format!("  namespace: {namespace}"),
        "data:".into(),
        format!(
            "  {}_{}_TIMEOUT_SECONDS: \"{}\"",
            w.noun.to_uppercase(),
            w.noun2.to_uppercase(),
            w.num
        ),
    ]
}

pub(super) fn markdown_section(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let mut lines = vec![
        format!("## {} {}", capitalize(w.noun), w.noun2),
        String::new(),
    ];
    let mut paragraph = String::new();
    let sentences = 1 + target / 4;
    for _ in 0..sentences {
        let sentence = body_sentence(rng, Intent::Docs, w);
        if paragraph.contains(&sentence) {
            continue;
        }
        if !paragraph.is_empty() {
            paragraph.push(' ');
        }
        paragraph.push_str(&sentence);
    }
    lines.extend(wrap(&paragraph).lines().map(str::to_string));
    if rng.chance(0.4) {
        lines.push(String::new());
        lines.push(format!(
            "- Check the {} dashboard before paging anyone.",
            w.noun
        ));
        lines.push(format!(
            "- Escalate to the owning team if the {} backlog keeps growing.",
            w.noun2
        ));
    }
    lines
}

pub(super) fn css_rule(rng: &mut Rng, w: &Words) -> Vec<String> {
    let hex = rng.pick(&[
        "#1A73E8", "#FFFFFF", "#202124", "#E8F0FE", "#D93025", "#188038",
    ]);
    vec![
        format!(".{}-{} {{", w.noun, w.noun2),
        "  display: flex;".into(),
        format!("  gap: {}px;", 4 + w.num % 20),
        format!("  color: {hex};"),
        "}".into(),
    ]
}

pub(crate) fn mit_licence() -> Vec<String> {
    [
        "MIT License",
        "",
        "Copyright (c) 2011 Miki Tebeka",
        "",
        "Permission is hereby granted, free of charge, to any person obtaining a copy",
        "of this software and associated documentation files (the \"Software\"), to deal",
        "in the Software without restriction, including without limitation the rights",
        "to use, copy, modify, merge, publish, distribute, sublicense, and/or sell",
        "copies of the Software, and to permit persons to whom the Software is",
        "furnished to do so, subject to the following conditions:",
        "",
        "The above copyright notice and this permission notice shall be included in all",
        "copies or substantial portions of the Software.",
        "",
        "THE SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR",
        "IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,",
        "FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT.",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}
