//! The `lexcite` command: parse legal texts and (later) ingest, serve and verify.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use lexcite_core::{Document, DocumentMeta, UnitKind};
use lexcite_ingest::corpus::{self, Corpus, MANIFEST, Manifest};

#[derive(Parser, Debug)]
#[command(
    name = "lexcite",
    version,
    about = "Vietnamese legal texts: parse, search, verify citations"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Parse a legal text (or every text of a corpus folder) into its units.
    Parse {
        /// A text file, or a folder with a manifest.toml.
        path: PathBuf,
        /// One line per document (number, type, unit counts per kind) instead of JSON.
        #[arg(long)]
        summary: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse { path, summary } => parse(&path, summary),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line with every cause: "cannot parse x.txt: the text is empty".
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Parses a file, with the manifest's metadata when its folder has one.
fn parse_file(path: &Path) -> Result<Document> {
    let text = corpus::read_text(path)?;
    let is_html = path.extension().is_some_and(|e| e == "html" || e == "htm");
    let text = if is_html {
        lexcite_ingest::html::page_text(&text)
    } else {
        text
    };
    let known = match (path.parent(), path.file_name().and_then(|n| n.to_str())) {
        (Some(dir), Some(name)) if dir.join(MANIFEST).is_file() => {
            let manifest_path = dir.join(MANIFEST);
            let manifest = Manifest::parse(&corpus::read_text(&manifest_path)?, &manifest_path)?;
            manifest.entry(name).map(|e| e.meta()).unwrap_or_default()
        }
        _ => DocumentMeta::default(),
    };
    lexcite_core::parse(&text, &known).with_context(|| format!("cannot parse {}", path.display()))
}

fn parse(path: &Path, summary: bool) -> Result<()> {
    let docs: Vec<Document> = if path.is_dir() {
        let corpus = Corpus::open(path)?;
        corpus.documents()?.into_iter().map(|(_, d)| d).collect()
    } else if path.is_file() {
        vec![parse_file(path)?]
    } else {
        bail!("{} is neither a file nor a folder", path.display());
    };
    if !summary {
        let json = if docs.len() == 1 {
            serde_json::to_string_pretty(&docs[0])?
        } else {
            serde_json::to_string_pretty(&docs)?
        };
        println!("{json}");
        return Ok(());
    }
    for doc in &docs {
        println!("{}", summary_line(doc));
        for w in &doc.warnings {
            eprintln!("  warning: {} : {w}", doc.id);
        }
    }
    Ok(())
}

fn summary_line(doc: &Document) -> String {
    let counts = doc.counts();
    let kinds: Vec<String> = counts
        .iter()
        .filter(|(k, _)| !matches!(k, UnitKind::Preamble | UnitKind::Closing))
        .map(|(k, n)| format!("{k}={n}"))
        .collect();
    format!(
        "{:<16} {:<11} {:<10} {}",
        doc.meta
            .number
            .as_ref()
            .map(|n| n.to_string())
            .unwrap_or_else(|| "-".into()),
        doc.meta
            .doc_type
            .map(|t| format!("{t:?}").to_lowercase())
            .unwrap_or_else(|| "-".into()),
        if doc.meta.completeness.is_complete() {
            "complete"
        } else {
            "partial"
        },
        kinds.join(" ")
    )
}
