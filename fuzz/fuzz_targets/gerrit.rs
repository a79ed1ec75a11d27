#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (_, problems) = staffscope::collect::gerrit::parse("r", "gerrit.jsonl", text);
    for problem in problems {
        assert!(
            problem.to_string().starts_with("gerrit.jsonl:"),
            "{problem}"
        );
    }
});
