#![no_main]

use libfuzzer_sys::fuzz_target;

// What the parser promises is written once, in the `parser-checks` crate,
// for this target and the property tests alike.
fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    if let Ok(text) = std::str::from_utf8(data) {
        parser_checks::maintainers(text);
    }
});
