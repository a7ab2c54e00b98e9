//! cargo fuzz run parse_raw -- -max_len=65536
//!
//! The raw-article parser must never panic or hang on any UTF-8 text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use warraq::config::IngestConfig;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let config = IngestConfig {
            debris: vec!["حمل التطبيق".into()],
            cut_markers: vec!["الأكثر قراءة".into()],
            ..Default::default()
        };
        if let Ok(p) = warraq::ingest::parse::parse(text, &config) {
            // Whatever comes out must be usable: a title and a body.
            assert!(!p.body.trim().is_empty());
        }
    }
});
