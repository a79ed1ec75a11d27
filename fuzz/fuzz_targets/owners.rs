#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(problem) = staffscope::resolve::owners::parse_owners("a/OWNERS", text) {
        assert!(problem.to_string().starts_with("a/OWNERS"), "{problem}");
    }
    if let Err(problem) = staffscope::resolve::owners::parse_aliases("OWNERS_ALIASES", text) {
        assert!(
            problem.to_string().starts_with("OWNERS_ALIASES"),
            "{problem}"
        );
    }
});
