#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let mut export = staffscope::model::ReviewExport::default();
    let mut comments = std::collections::HashMap::new();
    for name in [
        "pulls.json",
        "reviews-7.json",
        "comments-7.json",
        "events-7.json",
    ] {
        for problem in
            staffscope::collect::github::parse_file("r", name, text, &mut export, &mut comments)
        {
            assert!(problem.to_string().starts_with(name), "{problem}");
        }
    }
});
