#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let window = staffscope::model::Window {
        since: 0,
        until: 2_000_000_000,
    };
    let (_, problems) = staffscope::resolve::calendar::parse("c.ics", text, window);
    for problem in problems {
        assert!(problem.to_string().starts_with("c.ics"), "{problem}");
    }
});
