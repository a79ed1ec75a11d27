//! HTML escaping shared by every HTML output (the packet and the dashboard):
//! text from repositories is escaped, and anything shaped like an email
//! address is hidden, so neither planted markup nor an address in a name
//! reaches a page. Pure.

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

/// Replaces `local@domain.tld` with a placeholder; handles (`@alice`) and
/// evidence ids (`payments@1a2b3c4d5e6f`, no dot after the `@`) stay.
pub fn hide_emails(raw: &str) -> String {
    if !raw.contains('@') {
        return raw.to_string();
    }
    let is_local = |c: char| c.is_ascii_alphanumeric() || "._%+-".contains(c);
    let is_domain = |c: char| c.is_ascii_alphanumeric() || ".-".contains(c);
    let chars: Vec<char> = raw.chars().collect();
    let mut out = String::with_capacity(raw.len());
    let mut index = 0;
    while index < chars.len() {
        if chars[index] == '@' {
            let mut start = out.len();
            for (position, c) in out.char_indices().rev() {
                if is_local(c) {
                    start = position;
                } else {
                    break;
                }
            }
            let mut end = index + 1;
            while end < chars.len() && is_domain(chars[end]) {
                end += 1;
            }
            let domain: String = chars[index + 1..end].iter().collect();
            let domain = domain.trim_end_matches(['.', '-']);
            let dotted = domain
                .split_once('.')
                .is_some_and(|(head, tail)| !head.is_empty() && !tail.is_empty());
            if start < out.len() && dotted {
                out.truncate(start);
                out.push_str("[email hidden]");
                index += 1 + domain.chars().count();
                continue;
            }
        }
        out.push(chars[index]);
        index += 1;
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
