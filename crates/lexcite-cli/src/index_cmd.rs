//! The index commands: `ingest`, `search` and `documents`.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use indicatif::{ProgressBar, ProgressStyle};

use lexcite_core::Document;
use lexcite_engine::settings::MAIN_INDEX;
use lexcite_index::{Classification, Filters, Index, Mode};
use lexcite_ingest::corpus::{Corpus, MANIFEST};

use crate::settings_args::SettingsArgs;

/// A parsed document with the access class it is filed under.
struct Source {
    doc: Document,
    classification: Classification,
}

/// Reads every PATH: corpus folders with their manifest, plain folders, single files.
fn sources(paths: &[PathBuf]) -> Result<Vec<Source>> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() && path.join(MANIFEST).is_file() {
            let corpus = Corpus::open(path)?;
            for (entry, doc) in corpus.documents()? {
                out.push(Source {
                    doc,
                    classification: entry.classification,
                });
            }
        } else if path.is_dir() {
            for file in crate::folder_files(path)? {
                match crate::parse_file(&file) {
                    Ok(doc) => out.push(Source {
                        doc,
                        classification: Classification::Public,
                    }),
                    Err(e) => eprintln!("skipped: {e:#}"),
                }
            }
        } else if path.is_file() {
            out.push(Source {
                doc: crate::parse_file(path)?,
                classification: Classification::Public,
            });
        } else {
            bail!("{} is neither a file nor a folder", path.display());
        }
    }
    Ok(out)
}

pub fn bar(len: usize, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{elapsed_precise}} [{{bar:40}}] {{pos}}/{{len}} {what} ({{eta}} left) {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> "),
    );
    bar
}

fn secs(d: Duration) -> String {
    format!("{:.1} s", d.as_secs_f64())
}

pub fn ingest(paths: &[PathBuf], prune: bool, args: &SettingsArgs) -> Result<()> {
    let settings = args.settings()?;
    let t = Instant::now();
    let sources = sources(paths)?;
    if sources.is_empty() {
        bail!("nothing to ingest");
    }
    let parse_time = t.elapsed();
    let t = Instant::now();
    let index = settings.open_index(MAIN_INDEX)?;
    let load_time = t.elapsed();
    let total: usize = sources.iter().map(|s| Index::record_count(&s.doc)).sum();
    let progress = bar(total, "records");
    let (mut changes, mut embed_time, mut store_time) = (0, Duration::ZERO, Duration::ZERO);
    for s in &sources {
        progress.set_message(s.doc.id.clone());
        let report = index
            .write_document(&s.doc, s.classification, &mut |n| progress.inc(n as u64))
            .with_context(|| format!("cannot index {}", s.doc.id))?;
        changes += report.changes();
        embed_time += report.embed_time;
        store_time += report.store_time;
        let line = format!(
            "{}: {} added, {} updated, {} deleted, {} unchanged",
            report.document_id, report.added, report.updated, report.deleted, report.unchanged
        );
        if progress.is_hidden() {
            println!("{line}");
        } else {
            progress.println(line);
        }
    }
    progress.finish_and_clear();
    if prune {
        let keep: Vec<&str> = sources.iter().map(|s| s.doc.id.as_str()).collect();
        for id in index.prune(&keep)? {
            println!("{id}: removed (not among the paths given)");
        }
    }
    // Segments merged and, past the store's threshold, the dense vectors' graph built.
    let t = Instant::now();
    if changes > 0 {
        index.store().optimize()?;
    }
    let optimize_time = t.elapsed();
    println!(
        "{} documents, {total} records, {changes} changes in {}",
        sources.len(),
        index.store().location()
    );
    println!(
        "time: parse {}, model load {}, embed {}, store {}, optimize {}",
        secs(parse_time),
        secs(load_time),
        secs(embed_time),
        secs(store_time),
        secs(optimize_time)
    );
    Ok(())
}

pub fn search(query: &str, mode: Mode, limit: usize, args: &SettingsArgs) -> Result<()> {
    let index = args.settings()?.open_index(MAIN_INDEX)?;
    let hits = index.search(query, mode, Filters::units(), limit)?;
    if hits.is_empty() {
        println!("no results");
    }
    for (i, h) in hits.iter().enumerate() {
        let text: String = h.record.text.chars().take(160).collect();
        println!(
            "{}. [{:.4}] {}\n   {}",
            i + 1,
            h.score,
            h.record.citation,
            text.replace('\n', " ")
        );
    }
    Ok(())
}

pub fn documents(args: &SettingsArgs) -> Result<()> {
    let index = args.settings()?.open_index(MAIN_INDEX)?;
    let docs = index.documents()?;
    if docs.is_empty() {
        println!("the index at {} is empty", index.store().location());
    }
    for d in docs {
        println!(
            "{}\t{}\t{} units\t{}",
            d.id,
            d.classification.as_str(),
            d.units.unwrap_or(0),
            d.citation
        );
    }
    Ok(())
}
