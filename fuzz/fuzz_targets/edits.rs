//! libFuzzer target: see `travesia_fuzzing::edits` for what it checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| travesia_fuzzing::edits(data));
