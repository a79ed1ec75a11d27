//! HTML building blocks: escaping, links and the page frame. Every text that
//! reaches a page goes through [`text`], which escapes it and hides anything
//! shaped like an email address, so neither markup planted in a commit
//! message nor an address in a name can reach the browser.

use std::fmt::Write;

use model::EvidenceId;

pub use report::html::{hide_emails, text};

/// Percent-encodes one path segment or query value: only unreserved characters stay.
pub fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// Decodes `%XX` (and `+` as a space in queries); `None` when not UTF-8.
pub fn decode(raw: &str, plus_is_space: bool) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'%' if index + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[index + 1..index + 3]).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                index += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                index += 1;
            }
            byte => {
                out.push(byte);
                index += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// A person's page.
pub fn person_href(handle: &str) -> String {
    format!("/person/{}", encode(handle))
}

/// A person's name, linked to their page.
pub fn person_link(name: &str, handle: &str) -> String {
    format!(
        "<a href=\"{}\">{}</a>",
        text(&person_href(handle)),
        text(name)
    )
}

/// A team's page.
pub fn team_href(name: &str) -> String {
    format!("/team/{}", encode(name))
}

/// A team's name, linked to its page.
pub fn team_link(name: &str) -> String {
    format!("<a href=\"{}\">{}</a>", text(&team_href(name)), text(name))
}

/// Teams' names, each linked, separated by commas.
pub fn team_links(names: &[String]) -> String {
    names
        .iter()
        .map(|name| team_link(name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The page behind one cell of the team matrix: `from`'s work towards `to`.
pub fn pair_href(from: &str, to: &str) -> String {
    format!("/team/{}/to/{}", encode(from), encode(to))
}

/// The anchor of a class of problems on the patterns page, from its name.
pub fn pattern_anchor(name: &str) -> String {
    let mut slug = String::from("class-");
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// An evidence reference as a path segment. A reference holding an
/// address (a document named `ana@example.org.md`) is written in hex behind
/// `~x`, so that no link shows the address, even percent-encoded.
pub fn reference_segment(reference: &str) -> String {
    if reference.contains('@') {
        let hex: String = reference.bytes().map(|b| format!("{b:02x}")).collect();
        format!("~x{hex}")
    } else {
        encode(reference)
    }
}

/// The reference a path segment stands for: [`reference_segment`] undone.
pub fn reference_of(segment: &str) -> Option<String> {
    let Some(hex) = segment.strip_prefix("~x") else {
        return Some(segment.to_string());
    };
    if hex.len() % 2 != 0 {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..hex.len())
        .step_by(2)
        .map(|at| u8::from_str_radix(hex.get(at..at + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// One piece of evidence, seen from one person's numbers when given.
pub fn evidence_href(evidence: &analysis::measure::Evidence, person: Option<&str>) -> String {
    let mut href = format!(
        "/evidence/{}/{}",
        encode(&evidence.repo),
        reference_segment(&evidence.reference.to_string())
    );
    if let Some(handle) = person {
        let _ = write!(href, "?person={}", encode(handle));
    }
    href
}

/// An evidence id as views print it (`repo@shortid`, `repo#N`, `repo:path`),
/// linked to its page.
pub fn id_link(id: &str) -> String {
    match id.parse::<EvidenceId>().ok() {
        Some(EvidenceId { repo, reference }) => format!(
            "<a class=\"evidence-id\" href=\"/evidence/{}/{}\"><code>{}</code></a>",
            encode(&repo),
            reference_segment(&reference.to_string()),
            text(id)
        ),
        None => format!("<code>{}</code>", text(id)),
    }
}

/// An evidence id, linked to its page.
pub fn evidence_link(evidence: &analysis::measure::Evidence, person: Option<&str>) -> String {
    format!(
        "<a class=\"evidence-id\" href=\"{}\"><code>{}</code></a>",
        text(&evidence_href(evidence, person)),
        text(&evidence.id())
    )
}

/// Which part of the dashboard a page belongs to, for the navigation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Org,
    People,
    Patterns,
    Calibrate,
    None,
}

/// The frame every page shares: head, navigation, main content.
pub fn page(title: &str, section: Section, body: &str) -> String {
    let mut out = String::with_capacity(body.len() + 1024);
    let _ = write!(
        out,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{} · staffscope</title><link rel=\"stylesheet\" href=\"/static/style.css\"></head>\
         <body><a class=\"skip\" href=\"#main\">Skip to the content</a><header class=\"top\"><a class=\"brand\" href=\"/\">staffscope</a><nav aria-label=\"Dashboard\">",
        text(title)
    );
    for (href, label, which) in [
        ("/", "Organization", Section::Org),
        ("/people", "People", Section::People),
        ("/patterns", "Patterns", Section::Patterns),
        ("/calibrate", "Calibration", Section::Calibrate),
    ] {
        let _ = write!(
            out,
            "<a href=\"{href}\"{}>{label}</a>",
            if which == section {
                " class=\"current\" aria-current=\"page\""
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        out,
        "</nav></header><main id=\"main\">{body}</main><footer>For self-assessment, growth and calibration \
         conversations, not for ranking people. Every number links to the evidence behind it.</footer>\
         </body></html>"
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escapes_markup_and_hides_emails() {
        let check = |raw: &str, expected: &str| assert_eq!(text(raw), expected, "{raw}");
        check(
            "<script>alert('x')</script> & \"y\"",
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;",
        );
        check(
            "Priya Raman <priya@acme.example>",
            "Priya Raman &lt;[email hidden]&gt;",
        );
        check("mail a.b+c@mail.acme.example.", "mail [email hidden].");
        check("Priya (@priya)", "Priya (@priya)");
        check("payments@1a2b3c4d5e6f", "payments@1a2b3c4d5e6f");
        check("@handle and x@y", "@handle and x@y");
        check("ünï@ç", "ünï@ç");
    }

    #[test]
    fn printed_evidence_ids_link_to_their_page() {
        let check = |id: &str, href: &str| {
            assert!(
                id_link(id).contains(&format!("href=\"{href}\"")),
                "{id}: {}",
                id_link(id)
            )
        };
        check("payments@1a2b3c4d5e6f", "/evidence/payments/1a2b3c4d5e6f");
        check("payments#12", "/evidence/payments/%2312");
        check("docs:adr/0001.md", "/evidence/docs/adr%2F0001.md");
        check("evidence/ana.yaml:7", "/evidence/evidence%2Fana.yaml/7");
    }

    #[test]
    fn references_holding_an_address_never_show_it_in_a_link() {
        let reference = "people/ana@acme.example.md";
        let segment = reference_segment(reference);
        assert!(!segment.contains('@') && !segment.contains("%40") && !segment.contains("acme"));
        assert_eq!(reference_of(&segment).as_deref(), Some(reference));
        assert_eq!(reference_of("adr/0001.md").as_deref(), Some("adr/0001.md"));
        assert_eq!(reference_of("~xzz"), None);
    }

    #[test]
    fn encode_and_decode_round_trip() {
        for raw in [
            "docs/adr/0001 x.md",
            "#12",
            "evidence/priya.yaml",
            "a%b",
            "ü",
        ] {
            assert_eq!(decode(&encode(raw), false).as_deref(), Some(raw));
        }
        assert_eq!(encode("../etc"), "..%2Fetc");
        assert_eq!(decode("a+b%20c", true).as_deref(), Some("a b c"));
        assert_eq!(decode("%zz", false), None);
        assert_eq!(decode("%4", false).as_deref(), Some("%4"));
    }
}
