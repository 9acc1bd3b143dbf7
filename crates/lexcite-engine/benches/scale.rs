//! Builds a store of at least 100,000 units from real texts for the scale benchmark
//! (`scripts/scale.sh` serves it and measures). Not a criterion bench: a program.
//!
//! The texts: the corpus documents and the 16 laws of ALQAC 2023, written once as they are,
//! then again and again under distinct generated numbers ("1091/2025/QH15", titles marked
//! "bản tổng hợp N") until the target is reached: **synthetic copies**, labelled so in their
//! titles. Sparse vectors are computed for every record as ingestion computes them. Dense
//! vectors are the real model's, computed once per original text and cached in a file; a copy
//! reuses the vector of the record it copies (its text differs only in the document's
//! number). Search latency and memory are what this measures, not search quality.
//!
//! Once written, the store is optimized (segments merged, the dense vectors' HNSW graph built)
//! unless `--no-optimize` is given.
//!
//! cargo bench -p lexcite-engine --bench scale -- --out DIR [--units 100000] [--cache FILE]
//!     [--no-optimize]

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use lexcite_core::{DocNumber, DocType, Document, DocumentMeta};
use lexcite_engine::Engine;
use lexcite_engine::testing::{corpus, repo_root, settings_in};
use lexcite_index::record::{Prepared, prepare};
use lexcite_index::{Classification, Role};

struct Args {
    out: PathBuf,
    units: usize,
    cache: PathBuf,
    optimize: bool,
}

fn args() -> Args {
    let mut out = None;
    let mut units = 100_000;
    let mut cache = repo_root().join("target/scale-vectors.bin");
    let mut optimize = true;
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--out" => out = it.next().map(PathBuf::from),
            "--units" => {
                units = it
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or_else(|| fail("--units needs a number"))
            }
            "--cache" => cache = it.next().map(PathBuf::from).unwrap_or(cache),
            "--no-optimize" => optimize = false,
            "--bench" => {}
            other => fail(&format!("unknown argument {other}")),
        }
    }
    Args {
        out: out.unwrap_or_else(|| fail("--out DIR is required")),
        units,
        cache,
        optimize,
    }
}

fn fail(message: &str) -> ! {
    eprintln!("scale: {message}");
    std::process::exit(2)
}

/// One source text: its metadata and how to parse it under other metadata.
struct Source {
    doc: Document,
    classification: Classification,
    /// The text the parser reads, and whether it goes through the file readers.
    raw: Vec<u8>,
    file: bool,
}

fn sources() -> Vec<Source> {
    let mut out: Vec<Source> = corpus()
        .into_iter()
        .map(|(entry, doc)| {
            let raw = std::fs::read(repo_root().join("corpus").join(&entry.file))
                .unwrap_or_else(|e| fail(&format!("{}: {e}", entry.file)));
            Source {
                doc,
                classification: entry.classification,
                raw,
                file: true,
            }
        })
        .collect();
    let path = repo_root().join("../shared/datasets/alqac2023/law.json");
    let laws: Vec<serde_json::Value> = serde_json::from_slice(
        &std::fs::read(&path).unwrap_or_else(|e| fail(&format!("{}: {e}", path.display()))),
    )
    .unwrap_or_else(|e| fail(&format!("{}: {e}", path.display())));
    for (i, law) in laws.iter().enumerate() {
        let name = law["id"].as_str().unwrap_or_default();
        let mut body = format!("LUẬT\n{}\n\n", name.to_uppercase());
        for a in law["articles"].as_array().into_iter().flatten() {
            let id = a["id"].as_str().unwrap_or_default();
            let text = a["text"].as_str().unwrap_or_default().trim();
            let (heading, rest) = text.split_once('\n').unwrap_or((text, ""));
            body.push_str(&format!("Điều {id}. {heading}\n{}\n\n", rest.trim()));
        }
        let subject = name
            .trim_start_matches("Bộ luật ")
            .trim_start_matches("Luật ")
            .to_string();
        let meta = DocumentMeta {
            number: DocNumber::parse(&format!("{}/2090/QH14", 9000 + i)).ok(),
            doc_type: Some(if name.starts_with("Bộ luật") {
                DocType::Code
            } else {
                DocType::Law
            }),
            issuer: Some("Quốc hội".into()),
            issued: chrono::NaiveDate::from_ymd_opt(2090, 1, 1),
            title: Some(subject),
            source: Some("ALQAC 2023 law.json".into()),
            ..DocumentMeta::default()
        };
        let doc = lexcite_core::parser::parse(&body, &meta)
            .unwrap_or_else(|e| fail(&format!("{name}: {e}")));
        out.push(Source {
            doc,
            classification: Classification::Public,
            raw: body.into_bytes(),
            file: false,
        });
    }
    out
}

/// The same text under copy number `copy`: a new number (serial raised by 1000 × copy) and
/// a title that says it is synthetic.
fn copy_of(source: &Source, copy: usize) -> Document {
    let mut meta = source.doc.meta.clone();
    let number = meta
        .number
        .as_ref()
        .unwrap_or_else(|| fail("a source document has no number"));
    let written = number.to_string();
    let serial = number.serial();
    let renumbered = format!(
        "{}{}",
        serial.parse::<usize>().unwrap_or(0) + 1000 * copy,
        &written[serial.len()..]
    );
    meta.number =
        Some(DocNumber::parse(&renumbered).unwrap_or_else(|e| fail(&format!("{renumbered}: {e}"))));
    meta.title = Some(format!(
        "{} (bản tổng hợp {copy})",
        meta.title.as_deref().unwrap_or_default()
    ));
    meta.events.clear();
    let parsed = if source.file {
        lexcite_ingest::read_document(&source.raw, &meta)
            .map(|(d, _)| d)
            .map_err(|e| e.to_string())
    } else {
        lexcite_core::parser::parse(&String::from_utf8_lossy(&source.raw), &meta)
            .map_err(|e| e.to_string())
    };
    parsed.unwrap_or_else(|e| fail(&format!("copy {copy} of {}: {e}", source.doc.id)))
}

/// Dense vectors by the fingerprint of the original record, kept between runs.
struct Cache {
    path: PathBuf,
    dim: usize,
    vectors: HashMap<String, Vec<f32>>,
}

impl Cache {
    fn load(path: &Path) -> Self {
        let mut cache = Self {
            path: path.to_path_buf(),
            dim: 0,
            vectors: HashMap::new(),
        };
        let Ok(mut f) = std::fs::File::open(path) else {
            return cache;
        };
        let mut bytes = Vec::new();
        if f.read_to_end(&mut bytes).is_err() || bytes.len() < 4 {
            return cache;
        }
        cache.dim = u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) as usize;
        let entry = 32 + 4 * cache.dim;
        for chunk in bytes[4..].chunks_exact(entry) {
            let key = String::from_utf8_lossy(&chunk[..32]).into_owned();
            let v = chunk[32..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            cache.vectors.insert(key, v);
        }
        cache
    }

    fn save(&self) {
        let mut bytes = (self.dim as u32).to_le_bytes().to_vec();
        for (k, v) in &self.vectors {
            bytes.extend_from_slice(k.as_bytes());
            for x in v {
                bytes.extend_from_slice(&x.to_le_bytes());
            }
        }
        if let Some(dir) = self.path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let written = std::fs::File::create(&self.path).and_then(|mut f| f.write_all(&bytes));
        if let Err(e) = written {
            eprintln!(
                "scale: the vector cache {} was not saved: {e}",
                self.path.display()
            );
        }
    }
}

fn main() {
    let args = args();
    let settings = settings_in(&args.out);
    let engine = Engine::open(&settings).unwrap_or_else(|e| fail(&e.to_string()));
    let index = engine.index();
    let tag = index.model_tag();
    let sources = sources();
    let originals: Vec<Vec<Prepared>> = sources
        .iter()
        .map(|s| prepare(&s.doc, s.classification, &tag))
        .collect();
    let per_round: usize = originals.iter().map(Vec::len).sum();
    let rounds = args.units.div_ceil(per_round.max(1));
    eprintln!(
        "{} source documents, {per_round} records each round, {rounds} rounds (1 original + {} copies)",
        sources.len(),
        rounds - 1
    );

    let mut cache = Cache::load(&args.cache);
    let mut missing: Vec<&Prepared> = originals
        .iter()
        .flatten()
        .filter(|p| !cache.vectors.contains_key(&p.record.fingerprint))
        .collect();
    if !missing.is_empty() {
        let started = Instant::now();
        eprintln!("embedding {} original texts once", missing.len());
        missing.sort_by_key(|p| p.dense_text.len());
        for (n, batch) in missing.chunks(32).enumerate() {
            let texts: Vec<&str> = batch.iter().map(|p| p.dense_text.as_str()).collect();
            let vectors = index
                .embedder()
                .embed(&texts, Role::Passage)
                .unwrap_or_else(|e| fail(&e.to_string()));
            for (p, v) in batch.iter().zip(vectors) {
                cache.dim = v.len();
                cache.vectors.insert(p.record.fingerprint.clone(), v);
            }
            if n % 50 == 49 {
                eprintln!("  {} / {}", (n + 1) * 32, missing.len());
                cache.save();
            }
        }
        cache.save();
        eprintln!("embedded in {:.0} s", started.elapsed().as_secs_f64());
    }

    let started = Instant::now();
    let mut written = 0usize;
    for round in 0..rounds {
        for (source, original) in sources.iter().zip(&originals) {
            let copy;
            let records = if round == 0 {
                original
            } else {
                copy = prepare(&copy_of(source, round), source.classification, &tag);
                if copy.len() != original.len() {
                    fail(&format!(
                        "copy {round} of {} has {} records, the original {}",
                        source.doc.id,
                        copy.len(),
                        original.len()
                    ));
                }
                &copy
            };
            let pairs = records
                .iter()
                .zip(original)
                .map(|(p, o)| (p, cache.vectors[&o.record.fingerprint].clone()))
                .collect();
            index
                .write_with_vectors(pairs)
                .unwrap_or_else(|e| fail(&e.to_string()));
            written += records.len();
        }
        eprintln!(
            "round {}: {written} records written, {:.0} s",
            round + 1,
            started.elapsed().as_secs_f64()
        );
    }
    if args.optimize {
        let optimizing = Instant::now();
        let changed = index
            .store()
            .optimize()
            .unwrap_or_else(|e| fail(&e.to_string()));
        eprintln!(
            "store optimized (changed: {changed}) in {:.0} s",
            optimizing.elapsed().as_secs_f64()
        );
    }
    let units = index
        .store()
        .count(&lexcite_index::Filters::units())
        .unwrap_or_else(|e| fail(&e.to_string()));
    let documents = index
        .store()
        .count(&lexcite_index::Filters::documents())
        .unwrap_or_else(|e| fail(&e.to_string()));
    println!(
        "store {}: {units} unit records, {documents} documents, written in {:.0} s",
        settings.index_location(),
        started.elapsed().as_secs_f64()
    );
}
