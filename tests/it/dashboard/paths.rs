//! Each reader's path through the demo organization, by clicking only: a
//! manager from the organization to a team, a person, a dimension and one
//! piece of evidence and back; calibration to the evidence behind a cell;
//! the packet to its evidence; a recurring problem to an occurrence; a cell
//! of the team matrix to the people behind it. Every page on the way must
//! link every person's name and every evidence id it shows, and is saved as a
//! screenshot; then the same pages at a phone's width must not overflow it.

use serde_json::{Value, json};

use super::browser::Browser;
use super::serve_demo;

/// Texts outside links that name a person who has a page, or hold an
/// evidence id; a page's own subject (its `h1`) and chart tooltips aside.
const UNLINKED: &str = r#"
const names = arguments[0];
const ids = /(^|[\s(])[A-Za-z0-9._\/-]+(@[0-9a-f]{12}|#[0-9]+)(?=$|[\s),.;:])/;
const found = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
while (walker.nextNode()) {
  const node = walker.currentNode;
  const parent = node.parentElement;
  if (!parent || parent.closest('a, h1, option, .kind, svg')) continue;
  const text = node.textContent;
  const id = text.match(ids);
  if (id) found.push('id ' + id[0].trim() + ' in: ' + text.trim().slice(0, 120));
  for (const name of names) {
    if (text.includes(name)) found.push('name ' + name + ' in: ' + text.trim().slice(0, 120));
  }
}
return found;
"#;

/// Whether the page is wider than the window (a table may scroll inside
/// its own box; the page itself must not), and navigation links past its edge.
const OVERFLOW: &str = r#"
const width = window.innerWidth;
const out = [];
if (document.documentElement.scrollWidth > width + 1) out.push('page ' + document.documentElement.scrollWidth + 'px wide in ' + width);
for (const a of document.querySelectorAll('header nav a')) {
  const r = a.getBoundingClientRect();
  if (r.right > width + 1 || r.width === 0) out.push('navigation link ' + a.textContent + ' out of view');
}
return out;
"#;

/// What a screen reader or keyboard needs: one `h1`, headings that do not
/// skip a level, every control labelled, tables with headers, charts titled.
const ACCESSIBLE: &str = r##"
const out = [];
const h1 = document.querySelectorAll('h1').length;
if (h1 !== 1) out.push(h1 + ' h1 headings');
let level = 1;
for (const h of document.querySelectorAll('h1, h2, h3, h4')) {
  const n = Number(h.tagName[1]);
  if (n > level + 1) out.push(h.tagName + ' after H' + level + ': ' + h.textContent.slice(0, 60));
  level = n;
}
for (const c of document.querySelectorAll('input, select, button')) {
  const named = c.closest('label') || c.getAttribute('aria-label') || (c.tagName === 'BUTTON' && c.textContent.trim());
  if (!named) out.push('a ' + c.tagName + ' without a label');
}
for (const t of document.querySelectorAll('table')) if (!t.querySelector('th')) out.push('a table without headers');
for (const s of document.querySelectorAll('svg[role=img]')) if (!s.querySelector('title')) out.push('a chart without a title');
if (!document.querySelector('a.skip[href="#main"]') || !document.getElementById('main')) out.push('no skip link');
return out;
"##;

struct Walk<'a> {
    browser: &'a Browser,
    names: Vec<String>,
    pages: Vec<String>,
}

impl Walk<'_> {
    /// Checks the page now shown, saves its screenshot and remembers it for the phone.
    fn page(&mut self, name: &str) {
        let found = self.browser.run(UNLINKED, json!([self.names]));
        let found: Vec<&str> = found
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        assert!(
            found.is_empty(),
            "{} shows names or ids that do not link:\n{}",
            self.browser.url(),
            found.join("\n")
        );
        let barriers = self.browser.run(ACCESSIBLE, json!([]));
        assert_eq!(barriers, json!([]), "{}", self.browser.url());
        self.browser.screenshot(name);
        self.pages.push(self.browser.url());
    }
}

#[test]
fn each_reader_walks_the_dashboard_by_clicking_and_every_name_links() {
    let (_dir, server) = serve_demo(&[]);
    let base = format!("http://{}", server.address);
    let browser = Browser::start("paths");
    browser.open(&format!("{base}/people"));
    let names: Vec<String> = browser
        .run(
            "return [...document.querySelectorAll('table.people th a')].map(a => a.textContent)",
            json!([]),
        )
        .as_array()
        .expect("names")
        .iter()
        .filter_map(|n| n.as_str().map(String::from))
        .collect();
    assert!(names.len() >= 20, "{names:?}");
    let mut walk = Walk {
        browser: &browser,
        names,
        pages: Vec::new(),
    };
    walk.page("people");

    // A manager: the organization, a team, one of its people, a dimension,
    // one piece of evidence, and back.
    browser.click("a.brand");
    walk.page("org");
    browser.click_href("table.levels-table a", "/team/payments");
    assert_eq!(browser.text("h1"), "payments");
    walk.page("team");
    browser.click_href("ul.columns a", "/person/");
    let person = browser.url();
    let verdict = browser.text(".verdict h2");
    assert!(verdict.starts_with("Meets staff on "), "{verdict}");
    let above = browser.run(
        "return document.querySelector('.verdict').getBoundingClientRect().top < document.querySelector('table.dimensions').getBoundingClientRect().top",
        json!([]),
    );
    assert_eq!(above, json!(true), "the verdict comes first");
    walk.page("person");
    // Choosing an archetype shows what it changes.
    assert!(browser.elements("td.changed").is_empty());
    browser.click("select[name='archetype'] option[value='tech-lead']");
    browser.click("form.inline button");
    browser.wait_for_url("archetype=tech-lead");
    assert!(
        browser.text(".verdict").contains("Tech lead archetype"),
        "the verdict says which thresholds"
    );
    assert!(
        !browser.elements("td.changed").is_empty(),
        "a changed threshold shows"
    );
    browser.back();
    browser.click_href("table.dimensions a", "/scope");
    let explain = browser.url();
    assert!(browser.text("h1").contains("Scope"));
    walk.page("explain");
    browser.click("a.evidence-id");
    assert!(browser.url().contains("/evidence/"), "{}", browser.url());
    walk.page("evidence");
    browser.back();
    assert_eq!(browser.url(), explain);
    browser.back();
    assert_eq!(browser.url(), person);

    // A cell of the team matrix: the people and evidence behind it.
    browser.click("a.brand");
    browser.click_href("table.matrix td a", "/to/");
    assert!(browser.text("h1").contains('→'));
    walk.page("matrix-cell");
    browser.click("a.evidence-id");
    assert!(browser.url().contains("/evidence/"), "{}", browser.url());

    // Calibration: a cell opens the evidence behind it.
    browser.click("header nav a[href='/calibrate']");
    walk.page("calibrate");
    browser.click_href("table.calibrate a.cell", "/person/priya/");
    assert!(
        browser.url().contains("/person/priya/"),
        "{}",
        browser.url()
    );
    browser.click("a.evidence-id");
    assert!(browser.url().contains("/evidence/"), "{}", browser.url());
    browser.back();
    browser.back();
    browser.click_href("table.calibrate td a", "/team/");
    assert!(browser.url().contains("/team/"), "{}", browser.url());
    browser.click_href("a.button", "/calibrate?team=");
    walk.page("calibrate-team");
    let fits = browser.run(
        "const box = document.querySelector('table.calibrate').parentElement; return box.scrollWidth <= box.clientWidth",
        json!([]),
    );
    assert_eq!(fits, json!(true), "one team's calibration fits 1400 px");

    // The packet: every piece of evidence opens.
    browser.click("header nav a[href='/people']");
    browser.click_href("table.people th a", "/person/priya");
    browser.click("a.button[href='/packet/priya']");
    walk.page("packet");
    browser.click("a.evidence-id");
    assert!(browser.url().contains("/evidence/"), "{}", browser.url());

    // A recurring problem: from the triage table to one occurrence.
    browser.click("header nav a[href='/patterns']");
    walk.page("patterns");
    browser.click("table.triage a[href^='#class-']");
    let anchor = browser.url();
    let class = anchor.rsplit('#').next().expect("an anchor").to_string();
    browser.click(&format!("section#{class} details summary"));
    browser.click(&format!("section#{class} details a.evidence-id"));
    assert!(browser.url().contains("/evidence/"), "{}", browser.url());
    walk.page("occurrence");

    // The same pages on a phone.
    browser.resize(390);
    let width = browser.run("return window.innerWidth", json!([]));
    assert!(width.as_u64().is_some_and(|w| w <= 400), "{width}");
    let pages = walk.pages.clone();
    for (index, url) in pages.iter().enumerate() {
        browser.open(url);
        let overflow = browser.run(OVERFLOW, json!([]));
        assert_eq!(overflow, json!([]), "{url} at 390 px");
        browser.screenshot(&format!("phone-{index:02}"));
    }
}
