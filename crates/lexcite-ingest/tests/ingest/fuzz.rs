//! Property tests with arbitrary and mutated bytes: every reader returns a document or an
//! error, never a panic. `scripts/fuzz.sh` runs them for minutes with many more cases.

use proptest::prelude::*;
use proptest::sample::Index;

use lexcite_core::DocumentMeta;
use lexcite_ingest::legacy;
use lexcite_ingest::read::read_document;

/// Real files of every format, to mutate.
const SEEDS: &[&str] = &[
    "pdf/decree-two-pages.pdf",
    "pdf/broken-glyph-map.pdf",
    "pdf/scanned.pdf",
    "docx/nghi_dinh_356_2025_ND_CP.docx",
    "zip/not-a-docx.docx",
    "html/no-legal-text.html",
    "legacy/nd13-excerpt.vni.txt",
    "legacy/nd13-excerpt.tcvn3.txt",
];

fn seed(i: &Index) -> Vec<u8> {
    let name = SEEDS[i.index(SEEDS.len())];
    std::fs::read(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures")
            .join(name),
    )
    .expect("fixture")
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        let _ = read_document(&bytes, &DocumentMeta::default());
        let _ = legacy::decode(&bytes);
    }

    #[test]
    fn mutated_files_never_panic(
        which in any::<Index>(),
        edits in prop::collection::vec((any::<Index>(), any::<u8>()), 0..24),
        cut in any::<Index>(),
        truncate in any::<bool>(),
    ) {
        let mut bytes = seed(&which);
        for (at, value) in edits {
            let i = at.index(bytes.len());
            bytes[i] = value;
        }
        if truncate {
            let keep = cut.index(bytes.len());
            bytes.truncate(keep);
        }
        let _ = read_document(&bytes, &DocumentMeta::default());
    }

    #[test]
    fn arbitrary_text_in_any_legacy_form_never_panics(text in "\\PC{0,400}") {
        let _ = legacy::repair_legacy(&text);
        let _ = legacy::encode_tcvn3(&text);
        let _ = legacy::encode_vni(&text);
        if let Ok(bytes) = legacy::encode_vni(&text) {
            let _ = legacy::decode_vni(&bytes);
        }
    }
}
