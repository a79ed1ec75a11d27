//! Email addresses never leave the machine in an output, whatever field a
//! source put them in (an author name that is an address, a bare
//! `Co-authored-by:` address, a document's title): every renderer's text,
//! HTML or not, goes through [`hide_emails`] on its way out. Pure.

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
    use super::hide_emails;

    #[test]
    fn addresses_are_hidden_wherever_they_stand() {
        let cases = [
            ("ana@acme.example", "[email hidden]"),
            ("# toon@mail.example.org", "# [email hidden]"),
            (
                "Co-authored-by: a.b+c@x.io",
                "Co-authored-by: [email hidden]",
            ),
            (
                "\"name\": \"ana@acme.example\"",
                "\"name\": \"[email hidden]\"",
            ),
            ("<ana@acme.example>", "<[email hidden]>"),
        ];
        for (raw, expected) in cases {
            assert_eq!(hide_emails(raw), expected, "{raw}");
        }
    }

    #[test]
    fn handles_ids_and_masked_addresses_stay() {
        for kept in [
            "@ana",
            "payments-api@0123456789ab",
            "a***@acme.example",
            "reviewed by @ana and @ben.",
            "no address here",
        ] {
            assert_eq!(hide_emails(kept), kept);
        }
    }
}
