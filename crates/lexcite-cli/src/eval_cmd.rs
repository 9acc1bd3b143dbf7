//! `eval`: retrieval quality on a dataset in the ALQAC layout, cross-validated.

use std::path::Path;

use anyhow::Result;

use lexcite_index::eval::cv::{Run, mode_str};
use lexcite_index::eval::{self, CUTOFFS, Dataset, Report};

use crate::index_cmd::bar;
use crate::settings_args::SettingsArgs;

/// Indexes the dataset into its own index (named after the folder) and prints the
/// cross-validated scores, as tables or as JSON.
pub fn evaluate(
    dataset: &Path,
    questions: Option<&Path>,
    folds: usize,
    json: bool,
    args: &SettingsArgs,
) -> Result<()> {
    let data = Dataset::load(dataset, questions)?;
    let name = dataset
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "eval".into());
    let index = args.settings()?.open_index(&format!("eval-{name}"))?;
    let records: usize = data
        .laws
        .iter()
        .map(|l| eval::prepare_law(l, &index.model_tag()).len())
        .sum();
    let progress = bar(records, "records");
    let report = eval::cv::evaluate(&index, &data, folds, &mut |n| progress.inc(n as u64))?;
    progress.finish_and_clear();
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_report(&report);
    }
    Ok(())
}

fn row(label: &str, s: &eval::cv::Scores) -> String {
    format!(
        "| {label} | {:.3} | {:.3} | {:.3} | {:.3} |",
        s.recall[0], s.recall[1], s.recall[2], s.mrr10
    )
}

fn header(first: &str) {
    println!(
        "| {first} | Recall@{} | Recall@{} | Recall@{} | MRR@10 |",
        CUTOFFS[0], CUTOFFS[1], CUTOFFS[2]
    );
    println!("|---|---|---|---|---|");
}

fn folds_table(run: &Run) {
    println!("\n{} — held-out folds:\n", run.label);
    println!("| fold | Recall@1 | Recall@5 | Recall@10 | MRR@10 | picked on the other folds |");
    println!("|---|---|---|---|---|---|");
    for f in &run.folds {
        let s = &f.held_out;
        println!(
            "| {} ({} q) | {:.3} | {:.3} | {:.3} | {:.3} | {} |",
            f.fold,
            s.questions,
            s.recall[0],
            s.recall[1],
            s.recall[2],
            s.mrr10,
            f.chosen.describe()
        );
    }
}

fn print_report(r: &Report) {
    println!(
        "{} questions over {} laws, {} articles ({} records with clauses); {}-fold cross-validation by question\n",
        r.questions, r.laws, r.articles, r.records, r.folds
    );
    println!("Mean over the held-out folds, each mode's parameters picked on the other folds:\n");
    header("mode");
    for m in &r.modes {
        println!("{}", row(mode_str(m.mode), &m.mean));
    }
    println!(
        "{}",
        row(
            "hybrid, the defaults in the code (picked on all questions: an upper estimate)",
            &r.default.mean
        )
    );
    println!("\nHybrid with one step at a time (mean over held-out folds):\n");
    header("steps allowed");
    for a in &r.ablation {
        println!("{}", row(&a.label, &a.mean));
    }
    for m in r.modes.iter().chain([&r.default]) {
        folds_table(m);
    }
    println!("\nPicked on all questions (what the defaults should be):");
    for m in &r.modes {
        println!("  {}: {}", mode_str(m.mode), m.picked_on_all.describe());
    }
}

/// `eval-ask`: search and answers on a question set over the indexed corpus.
pub fn evaluate_answers(
    set: &Path,
    details: Option<&Path>,
    args: &crate::verify_cmd::VerifyArgs,
) -> Result<()> {
    use lexcite_engine::askset::{self, AskScores};
    let cases = askset::load(set)?;
    let engine = args.engine()?;
    let (s, outcomes) = askset::evaluate(&engine, &cases, lexcite_engine::Access::ALL)?;
    if let Some(path) = details {
        let lines: Vec<String> = outcomes
            .iter()
            .map(|o| serde_json::to_string(o).unwrap_or_default())
            .collect();
        std::fs::write(path, lines.join("\n") + "\n")?;
    }
    let pct = |n, of| format!("{n}/{of} ({:.2})", AskScores::ratio(n, of));
    println!("{}: {} questions", set.display(), s.questions);
    for (what, n, of) in [
        ("gold unit in the first 5 results", s.gold_at5, s.answerable),
        ("answers holding the expected facts", s.facts, s.answerable),
        (
            "answerable questions answered \"not found\"",
            s.answerable_not_found,
            s.answerable,
        ),
        (
            "questions without an answer in the corpus answered \"not found\"",
            s.unanswerable_not_found,
            s.unanswerable,
        ),
    ] {
        println!("  {what}: {}", pct(n, of));
    }
    Ok(())
}
