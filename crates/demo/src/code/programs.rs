//! Functions and tests in the programming languages of the demo: Go,
//! Rust, TypeScript, React components, Python and Kotlin.

use super::{indent, statements};
use crate::repos::Module;
use crate::rng::Rng;
use crate::words::{COMMENTS, Words, capitalize, lower_first, pascal};

/// A Go file's package clause and imports; outside tests, also the store
/// interface its functions use.
pub(super) fn go_header(pkg: &str, w: &Words, test: bool) -> Vec<String> {
    if test {
        return vec![
            format!("package {pkg}"),
            String::new(),
            "import (".into(),
            "\t\"context\"".into(),
            "\t\"testing\"".into(),
            ")".into(),
        ];
    }
    vec![
        format!("package {pkg}"),
        String::new(),
        "import (".into(),
        "\t\"context\"".into(),
        "\t\"errors\"".into(),
        "\t\"fmt\"".into(),
        "\t\"log/slog\"".into(),
        "\t\"time\"".into(),
        ")".into(),
        String::new(),
        format!(
            "// {}Store persists {} records for the {pkg} package.",
            w.ty(),
            w.noun
        ),
        format!("type {}Store interface {{", w.ty()),
        format!(
            "\tLoad{}(ctx context.Context, id string) (*{}, error)",
            w.ty(),
            w.ty()
        ),
        format!("\tSave{}(ctx context.Context, v *{}) error", w.ty(), w.ty()),
        "}".into(),
    ]
}

/// A Rust file's module documentation and imports.
pub(super) fn rust_header(w: &Words, test: bool) -> Vec<String> {
    if test {
        return vec![
            format!("//! Benchmarks and tests for {} {}.", w.noun, w.noun2),
            String::new(),
            "use std::hint::black_box;".into(),
        ];
    }
    vec![
        format!("//! {} {} handling.", capitalize(w.noun), w.noun2),
        String::new(),
        "use std::collections::HashMap;".into(),
        "use std::time::{Duration, Instant};".into(),
        String::new(),
        "use crate::error::Error;".into(),
        "use crate::store::Store;".into(),
    ]
}

/// A TypeScript file's imports.
pub(super) fn ts_header(w: &Words, test: bool) -> Vec<String> {
    if test {
        return vec![
            "import { describe, expect, it } from \"vitest\";".into(),
            format!(
                "import {{ {} }} from \"../src/{}/{}\";",
                w.camel(),
                w.noun,
                w.noun
            ),
        ];
    }
    vec![
        "import { client } from \"../api/client\";".into(),
        "import { logger } from \"../lib/logger\";".into(),
        format!(
            "import type {{ {}, {}Options }} from \"./types\";",
            w.ty(),
            w.ty()
        ),
    ]
}

/// A React component file's imports.
pub(super) fn tsx_header(w: &Words) -> Vec<String> {
    vec![
        "import { useState } from \"react\";".into(),
        "import { useTranslation } from \"react-i18next\";".into(),
        format!("import type {{ {} }} from \"../types\";", w.ty()),
    ]
}

/// A Python file's docstring and imports.
pub(super) fn python_header(w: &Words, test: bool) -> Vec<String> {
    if test {
        return vec![
            format!("\"\"\"Tests for {} {}.\"\"\"", w.noun, w.noun2),
            String::new(),
            "import pytest".into(),
            String::new(),
            format!("from pipeline.jobs.{} import {}", w.noun, w.snake()),
        ];
    }
    vec![
        format!("\"\"\"{} {} helpers.\"\"\"", capitalize(w.noun), w.noun2),
        String::new(),
        "from __future__ import annotations".into(),
        String::new(),
        "import logging".into(),
        "from dataclasses import dataclass".into(),
        String::new(),
        "logger = logging.getLogger(__name__)".into(),
    ]
}

/// A Kotlin file's package, imports and log tag.
pub(super) fn kotlin_header(pkg: &str, w: &Words) -> Vec<String> {
    vec![
        format!("package com.acme.{pkg}"),
        String::new(),
        "import android.util.Log".into(),
        "import kotlinx.coroutines.withTimeout".into(),
        String::new(),
        format!(
            "private const val TAG = \"{}{}\"",
            pascal(pkg),
            pascal(w.noun)
        ),
    ]
}

pub(super) fn go_func(rng: &mut Rng, module: &Module, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let pkg = module.package().replace('-', "");
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = go_candidates(w, &pkg, comment);
    let mut lines = vec![
        format!("// {} {}", w.pascal(), lower_first(&doc)),
        format!(
            "func (s *{}Service) {}(ctx context.Context, {n} *{ty}) (*{res}, error) {{",
            pascal(&pkg),
            w.pascal()
        ),
    ];
    lines.extend(indent(
        "\t",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!("\treturn &{res}{{ID: {n}.ID}}, nil"));
    lines.push("}".into());
    lines
}

/// The statements a Go service method may contain. `statements` picks some of them in a random order.
fn go_candidates(w: &Words, pkg: &str, comment: &str) -> Vec<Vec<String>> {
    let (n, ty) = (w.noun, w.ty());
    vec![
        vec![
            format!("if {n} == nil {{"),
            format!("\treturn nil, errors.New(\"{pkg}: nil {n}\")"),
            "}".into(),
        ],
        vec![
            format!("if err := {n}.Validate(); err != nil {{"),
            format!("\treturn nil, fmt.Errorf(\"invalid {n}: %w\", err)"),
            "}".into(),
        ],
        vec![
            format!(
                "if _, err := s.store.Load{}(ctx, {n}.ID); err != nil {{",
                pascal(w.noun2)
            ),
            format!("\treturn nil, fmt.Errorf(\"{} {n}: %w\", err)", w.verb.base),
            "}".into(),
        ],
        vec![format!("s.metrics.{ty}{}Total.Inc()", pascal(w.verb.past))],
        vec![
            format!(
                "ctx, cancel := context.WithTimeout(ctx, {}*time.Second)",
                w.num
            ),
            "defer cancel()".into(),
        ],
        vec![format!(
            "s.log.InfoContext(ctx, \"{n} {}\", \"id\", {n}.ID, \"attempt\", {})",
            w.verb.past,
            w.num % 7
        )],
        vec![
            format!("for _, item := range {n}.Items {{"),
            "\tif item.Amount <= 0 {".into(),
            "\t\tcontinue".into(),
            "\t}".into(),
            format!("\t{n}.Total += item.Amount"),
            "}".into(),
        ],
        vec![
            "start := time.Now()".into(),
            format!(
                "defer func() {{ s.metrics.{ty}Duration.Observe(time.Since(start).Seconds()) }}()"
            ),
        ],
        vec![
            format!("if {n}.Status == {ty}StatusClosed {{"),
            format!("\treturn nil, Err{ty}Closed"),
            "}".into(),
        ],
        vec![
            format!("if err := s.store.Save{ty}(ctx, {n}); err != nil {{"),
            format!("\treturn nil, fmt.Errorf(\"save {n}: %w\", err)"),
            "}".into(),
        ],
        vec![format!("// {comment}")],
    ]
}

pub(super) fn go_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let variant = rng.pick(&["", "Empty", "Retries", "Stale", "Concurrent", "Timeout"]);
    let id = format!("{}-{}", w.noun, w.num);
    vec![
        format!("func Test{}{variant}(t *testing.T) {{", w.pascal()),
        format!("\ts := newTest{}Service(t)", w.ty()),
        format!(
            "\tgot, err := s.{}(context.Background(), &{}{{ID: \"{id}\"}})",
            w.pascal(),
            w.ty()
        ),
        "\tif err != nil {".into(),
        format!("\t\tt.Fatalf(\"{}: %v\", err)", w.pascal()),
        "\t}".into(),
        format!("\tif got.ID != \"{id}\" {{"),
        format!("\t\tt.Errorf(\"ID = %q, want %q\", got.ID, \"{id}\")"),
        "\t}".into(),
        "}".into(),
    ]
}

pub(super) fn rust_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = rust_candidates(w, comment);
    let mut lines = vec![
        format!("/// {doc}"),
        format!(
            "pub fn {}(store: &Store, {n}: &{ty}) -> Result<{res}, Error> {{",
            w.snake()
        ),
    ];
    lines.extend(indent(
        "    ",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!("    Ok({res}::from({n}))"));
    lines.push("}".into());
    lines
}

/// The statements a Rust function may contain. `statements` picks some of them in a random order.
fn rust_candidates(w: &Words, comment: &str) -> Vec<Vec<String>> {
    let (n, ty) = (w.noun, w.ty());
    vec![
        vec![
            format!("if {n}.is_empty() {{"),
            format!("    return Err(Error::Empty{ty});"),
            "}".into(),
        ],
        vec![format!(
            "let {} = store.{}s().get(&{n}.id).ok_or(Error::Missing{})?;",
            w.noun2,
            w.noun2,
            pascal(w.noun2)
        )],
        vec![format!(
            "tracing::debug!(id = %{n}.id, \"{n} {}\");",
            w.verb.past
        )],
        vec![
            "let mut total = 0u64;".into(),
            format!("for item in &{n}.items {{"),
            "    if item.weight == 0 {".into(),
            "        continue;".into(),
            "    }".into(),
            "    total += u64::from(item.weight);".into(),
            "}".into(),
        ],
        vec![format!(
            "let deadline = Instant::now() + Duration::from_millis({});",
            w.num * 10
        )],
        vec![
            "let mut seen = HashMap::new();".into(),
            format!("for (position, term) in {n}.terms.iter().enumerate() {{"),
            "    seen.entry(term.as_str()).or_insert(position);".into(),
            "}".into(),
        ],
        vec![
            format!("if {n}.len() > store.limits().max_{} {{", w.noun2),
            format!(
                "    return Err(Error::TooLarge {{ limit: store.limits().max_{} }});",
                w.noun2
            ),
            "}".into(),
        ],
        vec![format!(
            "store.record_{}({n}.id, deadline_or_now());",
            w.verb.base
        )],
        vec![format!("// {comment}")],
    ]
}

pub(super) fn rust_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let variant = rng.pick(&[
        "works",
        "handles_empty_input",
        "is_stable",
        "respects_limit",
    ]);
    vec![
        "#[test]".into(),
        format!("fn {}_{variant}() {{", w.snake()),
        "    let store = Store::in_memory();".into(),
        format!("    let {} = {}::sample({});", w.noun, w.ty(), w.num),
        format!(
            "    let result = {}(&store, black_box(&{})).expect(\"{} succeeds\");",
            w.snake(),
            w.noun,
            w.snake()
        ),
        format!("    assert_eq!(result.id, {}.id);", w.noun),
        "}".into(),
    ]
}

pub(super) fn ts_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = ts_candidates(w, comment);
    let mut lines = vec![
        format!("/** {doc} */"),
        format!(
            "export async function {}({n}: {ty}, options: {ty}Options = {{}}): Promise<{res}> {{",
            w.camel()
        ),
    ];
    lines.extend(indent(
        "  ",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!(
        "  return {{ id: {n}.id, {}: {n}.{} }};",
        w.noun2, w.noun2
    ));
    lines.push("}".into());
    lines
}

/// The statements a TypeScript function may contain. `statements` picks some of them in a random order.
fn ts_candidates(w: &Words, comment: &str) -> Vec<Vec<String>> {
    let n = w.noun;
    let timeout = w.num * 100;
    vec![
        vec![
            format!("if (!{n}) {{"),
            format!("  throw new Error(\"{n} is required\");"),
            "}".into(),
        ],
        vec![format!(
            "const response = await client.get(`/{n}s/${{{n}.id}}/{}`);",
            w.noun2
        )],
        vec![format!(
            "logger.debug(\"{n} {}\", {{ id: {n}.id }});",
            w.verb.past
        )],
        vec![format!(
            "const total = {n}.items.reduce((sum, item) => sum + item.amount, 0);"
        )],
        vec![
            format!("if (options.timeoutMs === undefined || options.timeoutMs > {timeout}) {{"),
            format!("  options.timeoutMs = {timeout};"),
            "}".into(),
        ],
        vec![
            "try {".into(),
            format!(
                "  await client.post(`/{n}s/${{{n}.id}}/{}`, {{ reason: options.reason }});",
                w.verb.base
            ),
            "} catch (error) {".into(),
            format!(
                "  logger.warn(\"{n} {} failed\", {{ id: {n}.id, error }});",
                w.verb.base
            ),
            "  throw error;".into(),
            "}".into(),
        ],
        vec![format!(
            "const {}s = {n}.items.filter((item) => item.quantity > 0);",
            w.noun2
        )],
        vec![format!("// {comment}")],
    ]
}

pub(super) fn ts_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let case = rng.pick(&[
        "for an empty cart",
        "when the coupon expired",
        "with several currencies",
        "after a retry",
    ]);
    let id = format!("{}-{}", w.noun, w.num);
    vec![
        format!("describe(\"{}\", () => {{", w.camel()),
        format!(
            "  it(\"{} the {} {case}\", async () => {{",
            w.verb.third, w.noun
        ),
        format!("    const {} = make{}({{ id: \"{id}\" }});", w.noun, w.ty()),
        format!(
            "    await expect({}({})).resolves.toMatchObject({{ id: \"{id}\" }});",
            w.camel(),
            w.noun
        ),
        "  });".into(),
        "});".into(),
    ]
}

pub(super) fn tsx_component(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let suffix = rng.pick(&["Panel", "Row", "Card", "List", "Footer", "Header"]);
    let name = format!("{}{}{suffix}", w.ty(), pascal(w.noun2));
    let n = w.noun;
    let on = format!("on{}", pascal(w.verb.base));
    let mut lines = vec![
        format!("type {name}Props = {{"),
        format!("  {n}: {};", w.ty()),
        format!("  {on}: ({n}: {}) => void;", w.ty()),
        "};".into(),
        format!("export function {name}({{ {n}, {on} }}: {name}Props) {{"),
        "  const { t } = useTranslation();".into(),
        "  const [open, setOpen] = useState(false);".into(),
    ];
    let comment = rng.pick(COMMENTS);
    let extras = vec![
        vec![format!("  // {comment}")],
        vec![format!(
            "  const label = {n}.{} ?? t(\"{n}.empty\");",
            w.noun2
        )],
        vec![
            "  useEffect(() => {".into(),
            format!("    if (open) track(\"{n}_opened\", {{ id: {n}.id }});"),
            "  }, [open]);".into(),
        ],
    ];
    lines.extend(statements(rng, extras, target.saturating_sub(16)));
    lines.extend([
        "  return (".to_string(),
        format!("    <section className=\"{}-{}\">", w.noun, w.noun2),
        format!("      <h2>{{t(\"{n}.title\")}}</h2>"),
        format!(
            "      <button type=\"button\" onClick={{() => {{ setOpen(!open); {on}({n}); }}}}>"
        ),
        format!("        {{t(\"{n}.{}\")}}", w.verb.base),
        "      </button>".into(),
        "    </section>".into(),
        "  );".into(),
        "}".into(),
    ]);
    lines
}

pub(super) fn python_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = vec![
        vec![
            format!("if not {n}.rows:"),
            format!("    raise ValueError(\"{n} has no rows\")"),
        ],
        vec![format!("logger.info(\"%s {}\", {n}.id)", w.verb.past)],
        vec![format!(
            "frame = read_partition({n}.partition, limit=limit)"
        )],
        vec![format!(
            "{}s = [row for row in {n}.rows if row.{} is not None]",
            w.noun2, w.noun2
        )],
        vec![
            "total = 0".into(),
            format!("for row in {n}.rows:"),
            "    if row.amount < 0:".into(),
            "        continue".into(),
            "    total += row.amount".into(),
        ],
        vec![
            "with metrics.timer(\"{}_seconds\"):".replace("{}", &w.snake()),
            format!("    write_partition({n}.partition, {n}.rows)"),
        ],
        vec![format!("seen = {{row.id for row in {n}.rows}}")],
        vec![format!("# {comment}")],
    ];
    let mut lines = vec![
        format!(
            "def {}({n}: {ty}, *, limit: int = {}) -> {res}:",
            w.snake(),
            w.num
        ),
        format!("    \"\"\"{doc}\"\"\""),
    ];
    lines.extend(indent(
        "    ",
        statements(rng, candidates, target.saturating_sub(3)),
    ));
    lines.push(format!("    return {res}(id={n}.id)"));
    lines
}

pub(super) fn python_test(rng: &mut Rng, w: &Words) -> Vec<String> {
    let variant = rng.pick(&[
        "handles_empty_input",
        "keeps_order",
        "skips_negative_amounts",
        "is_idempotent",
    ]);
    vec![
        format!("def test_{}_{variant}() -> None:", w.snake()),
        format!("    {} = make_{}(rows={})", w.noun, w.noun, w.num),
        format!("    result = {}({})", w.snake(), w.noun),
        format!("    assert result.id == {}.id", w.noun),
    ]
}

pub(super) fn kotlin_fn(rng: &mut Rng, w: &Words, target: usize) -> Vec<String> {
    let (n, ty, res) = (w.noun, w.ty(), w.result_ty());
    let doc = w.doc(rng);
    let comment = rng.pick(COMMENTS);
    let candidates = vec![
        vec![format!(
            "require({n}.id.isNotBlank()) {{ \"{n} id must not be blank\" }}"
        )],
        vec![format!("Log.d(TAG, \"{n} {}: ${{{n}.id}}\")", w.verb.past)],
        vec![format!(
            "val {}s = {n}.items.filter {{ it.quantity > 0 }}",
            w.noun2
        )],
        vec![format!(
            "withTimeout({}_000L) {{ repository.refresh({n}.id) }}",
            w.num
        )],
        vec![
            format!("if ({n}.isExpired()) {{"),
            format!("    return {res}.Expired"),
            "}".into(),
        ],
        vec![
            format!("val cached = cache.get({n}.id)"),
            "if (cached != null) {".into(),
            "    return cached".into(),
            "}".into(),
        ],
        vec![format!(
            "analytics.track(\"{n}_{}\", mapOf(\"id\" to {n}.id))",
            w.verb.past
        )],
        vec![format!("// {comment}")],
    ];
    let mut lines = vec![
        format!("/** {doc} */"),
        format!(
            "suspend fun {}({n}: {ty}, {}: {}? = null): {res} {{",
            w.camel(),
            w.noun2,
            pascal(w.noun2)
        ),
    ];
    lines.extend(indent(
        "    ",
        statements(rng, candidates, target.saturating_sub(4)),
    ));
    lines.push(format!("    return {res}(id = {n}.id)"));
    lines.push("}".into());
    lines
}
