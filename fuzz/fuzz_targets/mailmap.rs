#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut mailmap = staffscope::resolve::Mailmap::default();
    for problem in mailmap.merge(".mailmap", text) {
        assert!(problem.to_string().starts_with(".mailmap:"), "{problem}");
    }
});
