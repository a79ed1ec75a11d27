#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    // Files are read as UTF-8 text; other bytes are refused before parsing.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match staffscope::resolve::evidence_log::parse("evidence/a.yaml", text) {
        Ok((_, problems)) => {
            for problem in problems {
                assert!(
                    problem.to_string().starts_with("evidence/a.yaml"),
                    "{problem}"
                );
            }
        }
        Err(problem) => assert!(
            problem.to_string().starts_with("evidence/a.yaml"),
            "{problem}"
        ),
    }
});
