//! HTML escaping shared by every HTML output (the packet and the dashboard):
//! text from repositories is escaped, and anything shaped like an email
//! address is hidden, so neither planted markup nor an address in a name
//! reaches a page. Pure.

pub use crate::redact::hide_emails;

/// Escaped for HTML text and attribute values, with email addresses hidden.
pub fn text(raw: &str) -> String {
    let hidden = hide_emails(raw);
    let mut out = String::with_capacity(hidden.len());
    for c in hidden.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn html_escapes_everything_from_repositories_and_hides_emails() {
        assert_eq!(
            text("<script>alert('x')</script> & \"y\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;y&quot;"
        );
        assert!(!text("Ana <ana@acme.example>").contains("ana@acme.example"));
        assert!(text("@ana reviewed payments@1a2b3c4d5e6f").contains("@ana"));
    }
}
