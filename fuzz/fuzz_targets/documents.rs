#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // Front matter (YAML and TOML fences) and the headers of ADRs, RFCs,
    // PEPs, KEPs and post-incident reviews: the path picks the kind.
    for path in [
        "rfcs/0001-x.md",
        "docs/adr/0002-y.md",
        "peps/pep-0008.rst",
        "keps/sig-x/123-y/kep.yaml",
        "postmortems/p.md",
    ] {
        let (_, problems) = staffscope::resolve::documents::parse(path, text);
        for problem in problems {
            assert!(problem.to_string().starts_with(path), "{problem}");
        }
    }
    let _ = staffscope::resolve::documents::cited_ids(text);
});
