#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(error) = staffscope::resolve::files::parse_identities_file("identities.toml", text) {
        assert!(error.to_string().starts_with("identities.toml"), "{error}");
    }
});
