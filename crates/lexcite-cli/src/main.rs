//! The `lexcite` command: parse legal texts, index them, search the index.

mod eval_cmd;
mod index_cmd;
mod relations_cmd;
mod settings_args;
mod verify_cmd;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Parser, Subcommand};

use lexcite_core::{Document, DocumentMeta, UnitKind};
use lexcite_ingest::corpus::{self, Corpus, MANIFEST, Manifest};
use lexcite_ingest::legacy;
use lexcite_ingest::read::{extract, read_path};

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
    /// Parse a legal text (TXT, HTML, PDF or DOCX, sniffed from its content) or every text of a
    /// folder into its units.
    Parse {
        /// A file, a corpus folder with a manifest.toml, or any folder of legal texts.
        path: PathBuf,
        /// One line per document (number, type, unit counts per kind) instead of JSON.
        #[arg(long)]
        summary: bool,
        /// Print only the text extracted from the file (one paragraph per line), not parsed.
        #[arg(long, conflicts_with = "summary")]
        text: bool,
        /// One line per relation each document states with another (amends, repeals,
        /// replaces, ends), with the units concerned and from when.
        #[arg(long, conflicts_with_all = ["summary", "text"])]
        relations: bool,
    },
    /// Convert a text file to UTF-8 from whatever it is in (UTF-16, Windows-1258, TCVN3, VNI),
    /// or from UTF-8 to a legacy font encoding. Writes to standard output.
    Convert {
        path: PathBuf,
        /// Target encoding.
        #[arg(long, value_enum, default_value_t = Target::Utf8)]
        to: Target,
    },
    /// Measure how Vietnamese each page of PDFs reads (the garbled-text check, page by page).
    PdfQuality {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Index legal texts (files, corpus folders, plain folders) into the embedded store.
    /// Unchanged documents are skipped; changed ones are rewritten unit by unit.
    Ingest {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// Also remove from the store every document not among PATHS.
        #[arg(long)]
        prune: bool,
        #[command(flatten)]
        index: settings_args::SettingsArgs,
    },
    /// Search the index.
    Search {
        query: String,
        #[arg(long, value_enum, default_value_t = SearchMode::Hybrid)]
        mode: SearchMode,
        #[arg(long, default_value_t = 5)]
        limit: usize,
        #[command(flatten)]
        index: settings_args::SettingsArgs,
    },
    /// List the indexed documents (the index's manifest).
    Documents {
        #[command(flatten)]
        index: settings_args::SettingsArgs,
    },
    /// What indexed documents amend, repeal, replace or end, what is done to them, and where
    /// each stands on a date (default today).
    Relations {
        /// One document, by id; default every one.
        doc: Option<String>,
        #[arg(long)]
        as_of: Option<chrono::NaiveDate>,
        #[command(flatten)]
        index: settings_args::SettingsArgs,
    },
    /// Serve the HTTP API (Swagger UI at /swagger-ui/). At every start the store is brought in
    /// step with the corpus (new, changed or half-ingested documents written, removed ones
    /// deleted) before /readyz says ready; settings come from --config / LEXCITE_CONFIG and
    /// LEXCITE_* variables. Exits non-zero when start-up cannot succeed.
    Serve {
        #[command(flatten)]
        settings: settings_args::SettingsArgs,
    },
    /// Make a new API key: prints the key (give it to the caller) and the settings line with
    /// its hash (keep it in the server's configuration).
    Key {
        /// Name shown in logs and the audit trail.
        #[arg(long)]
        name: String,
        /// Scopes: read, ask, verify, write, internal, restricted.
        #[arg(long, value_delimiter = ',', default_value = "read,ask,verify")]
        scopes: Vec<String>,
    },
    /// Find every legal reference in a text (TXT, HTML, PDF, DOCX, or "-" for standard input)
    /// and check it against the index: prints the text with each reference marked, then one
    /// line per reference with its status and why.
    Verify {
        file: PathBuf,
        /// The full report as JSON (the API's response) instead of the marked text.
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        /// The report as CSV, one row per reference.
        #[arg(long)]
        csv: bool,
        /// For a .docx draft: also write it here with a Word comment on every reference and a
        /// summary comment at the top.
        #[arg(long, value_name = "OUT.docx")]
        annotate: Option<PathBuf>,
        #[command(flatten)]
        args: verify_cmd::VerifyArgs,
    },
    /// Score the verifier on a labelled development set (tests/verifier/devset.json).
    VerifyEval {
        devset: PathBuf,
        /// Only the cases of one half of a generated set's documents: `tune` or `report`.
        #[arg(long)]
        split: Option<String>,
        /// Also write one JSON line per labelled reference (expected, got, word support,
        /// similarity) to this file.
        #[arg(long)]
        details: Option<PathBuf>,
        #[command(flatten)]
        args: verify_cmd::VerifyArgs,
    },
    /// Score search and answers on a question set over the indexed corpus
    /// (tests/questions/corpus-tune.json): gold unit in the first five results, answers
    /// holding the expected facts, "not found" for questions the corpus does not answer.
    EvalAsk {
        set: PathBuf,
        /// Also write one JSON line per question (gold rank, answer, missing facts) here.
        #[arg(long)]
        details: Option<PathBuf>,
        #[command(flatten)]
        args: verify_cmd::VerifyArgs,
    },
    /// Print the OpenAPI document of the HTTP API.
    Openapi,
    /// Measure retrieval quality on a dataset in the ALQAC layout (law.json and questions with
    /// their relevant articles), each mode's parameters picked by k-fold cross-validation
    Eval {
        /// The dataset folder.
        #[arg(long, default_value = "../shared/datasets/alqac2023")]
        dataset: PathBuf,
        /// The question file (default: the folder's train.json); `text` + `relevant_articles`
        /// or `statement` + `legal_passages`.
        #[arg(long)]
        questions: Option<PathBuf>,
        /// Number of folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        index: settings_args::SettingsArgs,
    },
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum SearchMode {
    Dense,
    Sparse,
    Hybrid,
}

impl From<SearchMode> for lexcite_index::Mode {
    fn from(m: SearchMode) -> Self {
        match m {
            SearchMode::Dense => lexcite_index::Mode::Dense,
            SearchMode::Sparse => lexcite_index::Mode::Sparse,
            SearchMode::Hybrid => lexcite_index::Mode::Hybrid,
        }
    }
}

#[derive(clap::ValueEnum, Clone, Copy, Debug)]
enum Target {
    Utf8,
    Tcvn3,
    Vni,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse {
            path,
            summary,
            text,
            relations,
        } => parse(&path, summary, text, relations),
        Command::Convert { path, to } => convert(&path, to),
        Command::PdfQuality { paths } => pdf_quality(&paths),
        Command::Ingest {
            paths,
            prune,
            index,
        } => index_cmd::ingest(&paths, prune, &index),
        Command::Search {
            query,
            mode,
            limit,
            index,
        } => index_cmd::search(&query, mode.into(), limit, &index),
        Command::Documents { index } => index_cmd::documents(&index),
        Command::Relations { doc, as_of, index } => {
            relations_cmd::relations(doc.as_deref(), as_of, &index)
        }
        Command::Eval {
            dataset,
            questions,
            folds,
            json,
            index,
        } => eval_cmd::evaluate(&dataset, questions.as_deref(), folds, json, &index),
        Command::Serve { settings } => settings.settings().and_then(lexcite_http::serve),
        Command::Key { name, scopes } => new_key(&name, &scopes),
        Command::Verify {
            file,
            json,
            csv,
            annotate,
            args,
        } => {
            let report = match (json, csv) {
                (true, _) => verify_cmd::Report::Json,
                (_, true) => verify_cmd::Report::Csv,
                _ => verify_cmd::Report::Marked,
            };
            verify_cmd::verify(&file, report, annotate.as_deref(), &args)
        }
        Command::VerifyEval {
            devset,
            split,
            details,
            args,
        } => verify_cmd::evaluate(&devset, split.as_deref(), details.as_deref(), &args),
        Command::EvalAsk { set, details, args } => {
            eval_cmd::evaluate_answers(&set, details.as_deref(), &args)
        }
        Command::Openapi => lexcite_http::routes::spec()
            .to_pretty_json()
            .map_err(anyhow::Error::from)
            .and_then(|s| print_out(&s)),
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

fn new_key(name: &str, scopes: &[String]) -> Result<()> {
    use lexcite_http::auth::{ApiKey, Scope, hash_key};
    let scopes = scopes
        .iter()
        .map(|s| s.parse::<Scope>().map_err(anyhow::Error::msg))
        .collect::<Result<Vec<_>>>()?;
    let key = lexcite_http::auth::new_key()?;
    let entry = ApiKey {
        name: name.to_string(),
        sha256: hash_key(&key),
        scopes,
    };
    entry.validate()?;
    let scope_list: Vec<&str> = entry.scopes.iter().map(|s| s.as_str()).collect();
    println!("key (give to the caller, shown once): {key}");
    println!(
        "\n# settings file:\n[[api_keys]]\nname = {:?}\nsha256 = {:?}\nscopes = {:?}",
        entry.name, entry.sha256, scope_list
    );
    println!(
        "\n# or LEXCITE_API_KEYS (entries joined by ';'):\n{}:{}:{}",
        entry.name,
        entry.sha256,
        scope_list.join(",")
    );
    Ok(())
}

fn pdf_quality(paths: &[PathBuf]) -> Result<()> {
    let mut out = String::from("file\tpage\tchars\tchar_share\tsyllable_share\n");
    for path in paths {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let pages = lexcite_ingest::pdf::page_quality(&bytes)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        for (page, q) in pages {
            out.push_str(&format!(
                "{name}\t{page}\t{}\t{:.4}\t{:.4}\n",
                q.chars,
                q.char_share(),
                q.syllable_share()
            ));
        }
    }
    print_out(out.trim_end())
}

fn convert(path: &Path, to: Target) -> Result<()> {
    use std::io::Write;
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let decoded = legacy::decode(&bytes);
    eprintln!("{}: read as {}", path.display(), decoded.encoding.name());
    let out = match to {
        Target::Utf8 => decoded.text.into_bytes(),
        Target::Tcvn3 => legacy::encode_tcvn3(&decoded.text)
            .map_err(|c| anyhow::anyhow!("{c:?} has no TCVN3 code"))?,
        Target::Vni => legacy::encode_vni(&decoded.text)
            .map_err(|c| anyhow::anyhow!("{c:?} has no VNI code"))?,
    };
    match std::io::stdout().lock().write_all(&out) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// The manifest's metadata for a file, when its folder has a manifest that lists it.
fn known_meta(path: &Path) -> Result<DocumentMeta> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Ok(DocumentMeta::default());
    };
    let manifest_path = dir.join(MANIFEST);
    if !manifest_path.is_file() {
        return Ok(DocumentMeta::default());
    }
    let manifest = Manifest::parse(&corpus::read_text(&manifest_path)?, &manifest_path)?;
    Ok(manifest.entry(name).map(|e| e.meta()).unwrap_or_default())
}

/// Reads and parses one file of any supported format.
fn parse_file(path: &Path) -> Result<Document> {
    let (doc, _) = read_path(path, &known_meta(path)?)
        .with_context(|| format!("cannot read {}", path.display()))?;
    Ok(doc)
}

/// The files of a folder that is not a corpus, in name order (hidden files skipped).
fn folder_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot list {}", dir.display()))? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if path.is_file() && !hidden {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn parse(path: &Path, summary: bool, text_only: bool, relations: bool) -> Result<()> {
    if text_only {
        if !path.is_file() {
            bail!("--text takes one file, and {} is not one", path.display());
        }
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let extracted =
            extract(&bytes).with_context(|| format!("cannot read {}", path.display()))?;
        return print_out(&extracted.text);
    }
    let docs: Vec<Document> = if path.is_dir() && path.join(MANIFEST).is_file() {
        let corpus = Corpus::open(path)?;
        corpus.documents()?.into_iter().map(|(_, d)| d).collect()
    } else if path.is_dir() {
        // A plain folder: every file that reads as a legal text; the others are reported.
        let mut docs = Vec::new();
        let mut failed = 0;
        for file in folder_files(path)? {
            match parse_file(&file) {
                Ok(doc) => docs.push(doc),
                Err(e) => {
                    failed += 1;
                    eprintln!("skipped: {e:#}");
                }
            }
        }
        if docs.is_empty() {
            bail!(
                "no legal text could be read in {} ({failed} files tried)",
                path.display()
            );
        }
        docs
    } else if path.is_file() {
        vec![parse_file(path)?]
    } else {
        bail!("{} is neither a file nor a folder", path.display());
    };
    if relations {
        let lines: Vec<String> = docs.iter().flat_map(relation_lines).collect();
        return print_out(&lines.join("\n"));
    }
    if !summary {
        let json = if docs.len() == 1 {
            serde_json::to_string_pretty(&docs[0])?
        } else {
            serde_json::to_string_pretty(&docs)?
        };
        return print_out(&json);
    }
    let mut lines = String::new();
    for doc in &docs {
        lines.push_str(&summary_line(doc));
        lines.push('\n');
        for w in &doc.warnings {
            eprintln!("  warning: {} : {w}", doc.id);
        }
    }
    print_out(lines.trim_end())
}

/// Writes to standard output; a reader that stops early (`| head`) is not an error.
fn print_out(text: &str) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// "134/2025/QH15  Điều 33 …  repeals  Luật … số 71/2025/QH15  khoản 9 Điều 3  with this document".
fn relation_lines(doc: &Document) -> Vec<String> {
    use lexcite_core::relation::{Effective, relations};
    let source = doc
        .meta
        .number
        .as_ref()
        .map_or_else(|| doc.id.clone(), ToString::to_string);
    relations(doc)
        .into_iter()
        .map(|r| {
            let kind = r.kind.as_str();
            let when = match &r.effective {
                Effective::On(d) => format!("from {d}"),
                Effective::WithThisDocument => "with this document".to_string(),
                Effective::WithDocument(other) => format!("with {other}"),
            };
            let units = if r.units.is_empty() {
                "whole document".to_string()
            } else {
                r.units.join(", ")
            };
            format!(
                "{source}\t{}\t{kind}\t{}\t{units}\t{when}{}",
                r.unit_citation,
                r.document,
                if r.wording.is_some() {
                    "\tnew wording quoted"
                } else {
                    ""
                }
            )
        })
        .collect()
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
