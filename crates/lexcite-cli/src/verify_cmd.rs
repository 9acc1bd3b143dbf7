//! `verify`: the citation verifier on a file, printed as the text with each reference marked;
//! `verify-eval`: the verifier's scores on a labelled development set.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use lexcite_engine::devset::DevSet;
use lexcite_engine::verify::{Status, Verdict, VerifyReport, VerifyRequest};
use lexcite_engine::{Access, Engine};
use lexcite_http::drafts;

use crate::settings_args::SettingsArgs;

/// What the verifier needs besides the index.
#[derive(clap::Args, Debug, Clone)]
pub struct VerifyArgs {
    /// Known-documents registry (JSON list of {number, type, issuer, issued, title}), such as
    /// the Công báo list: tells a real number the corpus lacks from an invented one
    /// (else the `registry` setting or LEXCITE_REGISTRY).
    #[arg(long)]
    pub registry: Option<PathBuf>,
    /// Only check that documents and units exist and what is stated about them, not what
    /// sentences claim about their content.
    #[arg(long)]
    pub no_content: bool,
    /// The date the text speaks at (YYYY-MM-DD) when it has no dateline of its own; what is
    /// no longer in force then is `outdated`. Default today.
    #[arg(long)]
    pub as_of: Option<chrono::NaiveDate>,
    #[command(flatten)]
    pub settings: SettingsArgs,
}

impl VerifyArgs {
    pub fn engine(&self) -> Result<Engine> {
        let mut settings = self.settings.settings()?;
        if let Some(path) = &self.registry {
            settings.registry = Some(path.clone());
        }
        // The verifier writes nothing: no language model is needed.
        settings.llm = None;
        let engine = Engine::open(&settings)?;
        if engine.catalog().docs.is_empty() {
            bail!(
                "the index in {} is empty: run `lexcite ingest corpus/` first",
                settings.index_location()
            );
        }
        Ok(engine)
    }
}

/// Reads a file (any format `parse` reads; a .docx as its comments anchor in) or standard
/// input ("-") as text.
fn read_input(path: &Path) -> Result<String> {
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("cannot read standard input")?;
        return Ok(text);
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let draft =
        drafts::text_of(&bytes).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(draft.text)
}

/// How `verify` prints its report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Report {
    /// The text with each reference marked, then a line per reference.
    Marked,
    Json,
    Csv,
}

pub fn verify(
    path: &Path,
    report_as: Report,
    annotate: Option<&Path>,
    args: &VerifyArgs,
) -> Result<()> {
    if let Some(out) = annotate {
        if path == Path::new("-") {
            bail!("--annotate needs a .docx file, not standard input");
        }
        if out.exists() && std::fs::canonicalize(out).ok() == std::fs::canonicalize(path).ok() {
            bail!("--annotate must name a new file, not the draft itself");
        }
    }
    let text = read_input(path)?;
    let engine = args.engine()?;
    let options = drafts::Options {
        as_of: args.as_of,
        check_content: !args.no_content,
    };
    if annotate.is_none() && report_as == Report::Json {
        let req = VerifyRequest {
            text,
            check_content: options.check_content,
            as_of: options.as_of,
        };
        return match json_streamed(&engine, &req) {
            Err(e) if is_broken_pipe(&e) => Ok(()),
            done => done,
        };
    }
    let report = match annotate {
        Some(out) => {
            let bytes =
                std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            let (docx, report) =
                drafts::annotate(&engine, &bytes, options, Access::ALL, chrono::Utc::now())
                    .with_context(|| format!("cannot annotate {}", path.display()))?;
            std::fs::write(out, docx).with_context(|| format!("cannot write {}", out.display()))?;
            eprintln!(
                "wrote {} with {} comments (one per reference and a summary)",
                out.display(),
                report.summary.total + 1
            );
            report
        }
        None => {
            let req = VerifyRequest {
                text: text.clone(),
                check_content: options.check_content,
                as_of: options.as_of,
            };
            engine.verify(&req, Access::ALL)?
        }
    };
    match report_as {
        Report::Json => {
            crate::print_out(&serde_json::to_string_pretty(&report).context("JSON report")?)
        }
        Report::Csv => crate::print_out(&drafts::csv(&report)),
        Report::Marked => crate::print_out(&marked(&text, &report)),
    }
}

/// The JSON report written reference by reference as the verifier hands them on: the JSON of
/// a long text's report is several times the text, and none of it is kept. The same document
/// as `VerifyReport` pretty-printed, with the counts last.
fn json_streamed(engine: &Engine, req: &VerifyRequest) -> Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut failed: Option<std::io::Error> = None;
    let mut first = true;
    out.write_all(b"{\n  \"references\": [")?;
    let summary = engine.verify_each(req, Access::ALL, &mut |r| {
        let written = serde_json::to_string_pretty(&r)
            .map_err(std::io::Error::from)
            .and_then(|json| {
                out.write_all(if first { b"\n" } else { b",\n" })?;
                for (k, line) in json.lines().enumerate() {
                    if k > 0 {
                        out.write_all(b"\n")?;
                    }
                    write!(out, "    {line}")?;
                }
                Ok(())
            });
        first = false;
        match written {
            Ok(()) => std::ops::ControlFlow::Continue(()),
            Err(e) => {
                failed = Some(e);
                std::ops::ControlFlow::Break(())
            }
        }
    })?;
    if let Some(e) = failed {
        return Err(e.into());
    }
    out.write_all(if first { b"]" } else { b"\n  ]" })?;
    let summary = serde_json::to_string_pretty(&summary)?.replace('\n', "\n  ");
    writeln!(out, ",\n  \"summary\": {summary}\n}}")?;
    out.flush()?;
    Ok(())
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
}

fn symbol(status: Status) -> &'static str {
    match status {
        Status::Verified => "✓",
        Status::NotChecked | Status::Ambiguous | Status::Unsupported => "?",
        _ => "✗",
    }
}

/// The text with each reference in ⟦ ⟧ followed by its number and mark, then one line per
/// reference and the counts.
pub fn marked(text: &str, report: &VerifyReport) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + report.references.len() * 16);
    let mut at = 0;
    for (n, r) in report.references.iter().enumerate() {
        out.extend(&chars[at..r.start]);
        out.push('⟦');
        out.extend(&chars[r.start..r.end]);
        out.push_str(&format!("⟧[{}{}]", n + 1, symbol(r.status)));
        at = r.end;
    }
    out.extend(&chars[at..]);
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str("\n---\n");
    for (n, r) in report.references.iter().enumerate() {
        out.push_str(&format!(
            "[{}] {} {} «{}» {}\n",
            n + 1,
            symbol(r.status),
            r.status.as_str(),
            r.text,
            r.explanation
        ));
        if let Some(c) = &r.claim {
            out.push_str(&format!("    claim ({}): {}\n", c.kinds.join(", "), c.text));
        }
        if let Some(e) = r.evidence.as_ref().filter(|e| !e.quote.is_empty()) {
            out.push_str(&format!(
                "    {} {} [{}–{}]: “{}”\n",
                match e.verdict {
                    Verdict::Supported => "supported by",
                    Verdict::Contradicted => "contradicted by",
                    Verdict::NotFound => "closest passage in",
                },
                e.citation,
                e.start,
                e.end,
                e.quote
            ));
        }
    }
    let s = &report.summary;
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|st| s.count(**st) > 0)
        .map(|st| format!("{} {}", s.count(*st), st.as_str()))
        .collect();
    out.push_str(&format!(
        "\n{} references: {}\n",
        s.total,
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    ));
    out
}

pub fn evaluate(
    devset: &Path,
    split: Option<&str>,
    details: Option<&Path>,
    args: &VerifyArgs,
) -> Result<()> {
    let mut set = DevSet::load(devset)?;
    if let Some(split) = split {
        set = set.only_split(split);
        if set.cases.is_empty() {
            bail!("{} has no case in the split {split:?}", devset.display());
        }
    }
    let engine = args.engine()?;
    let scores = set.score(&engine)?;
    if let Some(path) = details {
        let lines: Vec<String> = scores.details.iter().map(|d| d.to_string()).collect();
        std::fs::write(path, lines.join("\n") + "\n")
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    crate::print_out(&scores.report())
}
