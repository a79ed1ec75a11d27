#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Both dialects: GitHub's (plain rules) and GitLab's ([Section] headers,
    // ^optional sections, default owners) go through one parser.
    let (owners, problems) = staffscope::resolve::CodeOwners::parse("CODEOWNERS", text);
    for problem in problems {
        assert!(problem.to_string().starts_with("CODEOWNERS:"), "{problem}");
    }
    let _ = owners.owners_of("docs/a/b.md");
    let _ = owners.owners_of("src/lib.rs");
});
