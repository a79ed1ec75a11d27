#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = staffscope::model::parse_trailers(text);
    let _ = staffscope::patterns::problem_kind(text, text);
    let _ = staffscope::patterns::references(text);
    let _ = staffscope::patterns::terms(text);
});
