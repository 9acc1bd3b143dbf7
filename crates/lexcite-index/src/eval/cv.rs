//! k-fold cross-validation of the ranking. Each question's candidate lists are fetched from
//! the store once; every configuration of the grid is then ranked from them in memory, so the
//! whole grid costs one pass over the questions.

use serde::Serialize;

use lexcite_core::UnitKind;

use super::{Dataset, EvalError, article_id, article_of, law_id};
use crate::embed::Role;
use crate::index::{Index, IndexError};
use crate::rank::{self, Ranking};
use crate::store::{Filters, Fusion, Hit, Mode, Query};

/// Cut-offs reported.
pub const CUTOFFS: [usize; 3] = [1, 5, 10];

/// Results asked for per question.
const LIMIT: usize = 10;

/// Which of the ranking's steps a configuration may use; cross-validation picks among the
/// configurations allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Features {
    /// Question framing taken out of the BM25 query.
    pub reduce_query: bool,
    /// Units of a document the question names lifted.
    pub named_boost: bool,
    /// Clause records searched beside articles (a clause hit counts for its article).
    pub clauses: bool,
}

impl Features {
    pub const NONE: Features = Features {
        reduce_query: false,
        named_boost: false,
        clauses: false,
    };
    pub const ALL: Features = Features {
        reduce_query: true,
        named_boost: true,
        clauses: true,
    };

    /// The feature sets compared: none, each alone, all.
    pub fn ablations() -> Vec<(&'static str, Features)> {
        vec![
            ("none", Features::NONE),
            (
                "question framing out of BM25",
                Features {
                    reduce_query: true,
                    ..Features::NONE
                },
            ),
            (
                "named documents boosted",
                Features {
                    named_boost: true,
                    ..Features::NONE
                },
            ),
            (
                "clauses searched",
                Features {
                    clauses: true,
                    ..Features::NONE
                },
            ),
            ("all", Features::ALL),
        ]
    }
}

/// One configuration: a mode, its ranking, and whether clause records are searched.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Config {
    #[serde(serialize_with = "mode_name")]
    pub mode: Mode,
    pub k: usize,
    pub dense_weight: f32,
    pub sparse_weight: f32,
    pub named_boost: f32,
    pub reduce_query: bool,
    pub clauses: bool,
}

fn mode_name<S: serde::Serializer>(mode: &Mode, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(mode_str(*mode))
}

pub fn mode_str(mode: Mode) -> &'static str {
    match mode {
        Mode::Dense => "dense",
        Mode::Sparse => "bm25",
        Mode::Hybrid => "hybrid",
    }
}

impl Config {
    pub fn ranking(&self) -> Ranking {
        Ranking {
            fusion: Fusion {
                k: self.k,
                dense_weight: self.dense_weight,
                sparse_weight: self.sparse_weight,
            },
            named_boost: self.named_boost,
            reduce_query: self.reduce_query,
        }
    }

    /// "k=10 dense 1 / BM25 1.5, boost 1, framing out, clauses".
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        if self.mode == Mode::Hybrid {
            parts.push(format!(
                "k={} dense {} / BM25 {}",
                self.k, self.dense_weight, self.sparse_weight
            ));
        }
        if self.named_boost > 0.0 {
            parts.push(format!("named boost {}", self.named_boost));
        }
        if self.reduce_query && self.mode != Mode::Dense {
            parts.push("framing out".into());
        }
        if self.clauses {
            parts.push("clauses".into());
        }
        if parts.is_empty() {
            "plain".into()
        } else {
            parts.join(", ")
        }
    }
}

/// The configurations of a mode that a feature set allows, simplest first (ties in the
/// selection go to the earlier one).
pub fn grid(mode: Mode, features: Features) -> Vec<Config> {
    let base = Config {
        mode,
        k: 60,
        dense_weight: 1.0,
        sparse_weight: 1.0,
        named_boost: 0.0,
        reduce_query: false,
        clauses: false,
    };
    let mut out = Vec::new();
    let fusions: Vec<(usize, f32)> = match mode {
        Mode::Hybrid => [60, 20, 10, 5]
            .into_iter()
            .flat_map(|k| [1.0, 1.5, 2.0, 0.75, 3.0, 0.5].map(|w| (k, w)))
            .collect(),
        Mode::Dense | Mode::Sparse => vec![(60, 1.0)],
    };
    let reduce: &[bool] = match (mode, features.reduce_query) {
        (Mode::Dense, _) | (_, false) => &[false],
        _ => &[false, true],
    };
    let boosts: &[f32] = if features.named_boost {
        &[0.0, 0.5, 1.0, 2.0]
    } else {
        &[0.0]
    };
    let clauses: &[bool] = if features.clauses {
        &[false, true]
    } else {
        &[false]
    };
    for &c in clauses {
        for &b in boosts {
            for &r in reduce {
                for &(k, w) in &fusions {
                    out.push(Config {
                        k,
                        sparse_weight: w,
                        named_boost: b,
                        reduce_query: r,
                        clauses: c,
                        ..base
                    });
                }
            }
        }
    }
    out
}

/// What one question brings to the grid: its relevant articles, the documents it names, and
/// its candidate lists (mapped to articles).
struct Asked {
    relevant: Vec<String>,
    named: Vec<String>,
    /// [articles only, with clauses]
    dense: [Vec<Hit>; 2],
    /// [articles only, with clauses] × [question whole, framing out]
    sparse: [[Vec<Hit>; 2]; 2],
}

impl Asked {
    /// The rank (from 0) of the first relevant article under a configuration.
    fn rank(&self, c: &Config) -> Option<usize> {
        let ranking = c.ranking();
        let clauses = usize::from(c.clauses);
        let dense = &self.dense[clauses];
        let sparse = &self.sparse[clauses][usize::from(c.reduce_query)];
        let hits = match c.mode {
            Mode::Dense => rank::single(dense, &self.named, &ranking, LIMIT),
            Mode::Sparse => rank::single(sparse, &self.named, &ranking, LIMIT),
            Mode::Hybrid => rank::fuse(dense, sparse, &self.named, &ranking, LIMIT),
        };
        hits.iter()
            .position(|h| self.relevant.contains(&h.record.id))
    }
}

/// Best rank per article: clause hits renamed to their article, later repeats dropped.
fn by_article(hits: Vec<Hit>) -> Vec<Hit> {
    let mut out: Vec<Hit> = Vec::with_capacity(hits.len());
    for mut h in hits {
        let article = article_of(&h.record.id).to_string();
        if !out.iter().any(|o| o.record.id == article) {
            h.record.id = article;
            out.push(h);
        }
    }
    out
}

fn ask(index: &Index, data: &Dataset) -> Result<Vec<Asked>, EvalError> {
    let names: Vec<(String, String)> = data
        .laws
        .iter()
        .map(|l| (law_id(&l.id), l.id.clone()))
        .collect();
    let depth = rank::depth(LIMIT);
    let mut out = Vec::with_capacity(data.questions.len());
    for q in &data.questions {
        let dense = index
            .embedder()
            .embed_one(&q.text, Role::Query)
            .map_err(IndexError::from)?;
        let zeros = vec![0.0; dense.len()];
        let list = |mode: Mode, dense: &[f32], reduce: bool, clauses: bool| {
            let mut filters = Filters::units();
            if !clauses {
                filters.kinds = vec![UnitKind::Article];
            }
            let ranking = Ranking {
                reduce_query: reduce,
                ..Ranking::default()
            };
            let hits = index
                .store()
                .search(&Query {
                    dense: dense.to_vec(),
                    sparse: index.sparse_query(&q.text, &ranking),
                    mode,
                    filters,
                    limit: depth,
                    fusion: ranking.fusion,
                })
                .map_err(IndexError::from)?;
            Ok::<_, EvalError>(by_article(hits))
        };
        out.push(Asked {
            relevant: q
                .relevant_articles
                .iter()
                .map(|r| article_id(&r.law_id, &r.article_id))
                .collect(),
            named: rank::named_in(&q.text, names.iter().map(|(i, n)| (i.as_str(), n.as_str()))),
            dense: [
                list(Mode::Dense, &dense, false, false)?,
                list(Mode::Dense, &dense, false, true)?,
            ],
            sparse: [
                [
                    list(Mode::Sparse, &zeros, false, false)?,
                    list(Mode::Sparse, &zeros, true, false)?,
                ],
                [
                    list(Mode::Sparse, &zeros, false, true)?,
                    list(Mode::Sparse, &zeros, true, true)?,
                ],
            ],
        });
    }
    Ok(out)
}

/// Recall at [`CUTOFFS`] and MRR@10 over some questions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Scores {
    pub questions: usize,
    pub recall: [f64; 3],
    pub mrr10: f64,
}

impl Scores {
    fn of(ranks: impl Iterator<Item = Option<usize>>) -> Scores {
        let mut s = Scores::default();
        let mut hits = [0usize; 3];
        let mut rr = 0.0;
        for r in ranks {
            s.questions += 1;
            if let Some(r) = r {
                rr += 1.0 / (r as f64 + 1.0);
                for (i, c) in CUTOFFS.iter().enumerate() {
                    if r < *c {
                        hits[i] += 1;
                    }
                }
            }
        }
        let n = s.questions.max(1) as f64;
        s.recall = hits.map(|h| h as f64 / n);
        s.mrr10 = rr / n;
        s
    }

    fn mean(all: &[Scores]) -> Scores {
        let n = all.len().max(1) as f64;
        let mut s = Scores::default();
        for a in all {
            s.questions += a.questions;
            for i in 0..3 {
                s.recall[i] += a.recall[i] / n;
            }
            s.mrr10 += a.mrr10 / n;
        }
        s
    }

    /// Selection order: MRR@10, then Recall@5.
    fn better_than(&self, other: &Scores) -> bool {
        const EPS: f64 = 1e-9;
        self.mrr10 > other.mrr10 + EPS
            || ((self.mrr10 - other.mrr10).abs() <= EPS && self.recall[1] > other.recall[1] + EPS)
    }
}

/// One held-out fold: what the other folds picked and how it did here.
#[derive(Clone, Debug, Serialize)]
pub struct Fold {
    pub fold: usize,
    pub chosen: Config,
    pub held_out: Scores,
}

/// A mode under a feature set, cross-validated.
#[derive(Clone, Debug, Serialize)]
pub struct Run {
    #[serde(serialize_with = "mode_name")]
    pub mode: Mode,
    pub features: Features,
    pub label: String,
    pub folds: Vec<Fold>,
    /// Mean over the held-out folds.
    pub mean: Scores,
    /// Picked on every question: what the defaults should be (its score here is on the data
    /// it was picked on, so it is not reported as a result).
    pub picked_on_all: Config,
}

/// Everything `lexcite eval` reports.
#[derive(Clone, Debug, Serialize)]
pub struct Report {
    pub questions: usize,
    pub laws: usize,
    pub articles: usize,
    pub records: usize,
    pub folds: usize,
    /// The three modes with every feature allowed.
    pub modes: Vec<Run>,
    /// Hybrid under each feature set.
    pub ablation: Vec<Run>,
    /// The ranking the code uses by default, scored per fold. Its parameters were picked on
    /// every question, so this is an upper estimate, not a held-out figure.
    pub default: Run,
}

/// The fold of each question: questions ordered by a hash of their id, then dealt round.
fn folds_of(data: &Dataset, k: usize) -> Vec<usize> {
    let hash = |s: &str| {
        s.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
        })
    };
    let mut order: Vec<usize> = (0..data.questions.len()).collect();
    order.sort_by_key(|&i| (hash(&data.questions[i].question_id), i));
    let mut fold = vec![0; order.len()];
    for (pos, &i) in order.iter().enumerate() {
        fold[i] = pos % k;
    }
    fold
}

fn cross_validate(
    asked: &[Asked],
    fold: &[usize],
    k: usize,
    mode: Mode,
    features: Features,
    label: &str,
    configs: &[Config],
) -> Run {
    let ranks: Vec<Vec<Option<usize>>> = configs
        .iter()
        .map(|c| asked.iter().map(|a| a.rank(c)).collect())
        .collect();
    let pick = |train: &dyn Fn(usize) -> bool| -> usize {
        let mut best = 0;
        let mut best_scores = None;
        for (ci, r) in ranks.iter().enumerate() {
            let s = Scores::of((0..asked.len()).filter(|&q| train(q)).map(|q| r[q]));
            if best_scores.is_none_or(|b: Scores| s.better_than(&b)) {
                best = ci;
                best_scores = Some(s);
            }
        }
        best
    };
    let folds: Vec<Fold> = (0..k)
        .map(|f| {
            let chosen = pick(&|q| fold[q] != f);
            Fold {
                fold: f + 1,
                chosen: configs[chosen],
                held_out: Scores::of(
                    (0..asked.len())
                        .filter(|&q| fold[q] == f)
                        .map(|q| ranks[chosen][q]),
                ),
            }
        })
        .collect();
    let mean = Scores::mean(&folds.iter().map(|f| f.held_out).collect::<Vec<_>>());
    Run {
        mode,
        features,
        label: label.to_string(),
        folds,
        mean,
        picked_on_all: configs[pick(&|_| true)],
    }
}

/// Indexes the dataset (idempotent) and cross-validates: the three modes with every feature,
/// the hybrid under each feature set, and the code's default ranking.
pub fn evaluate(
    index: &Index,
    data: &Dataset,
    k: usize,
    progress: &mut dyn FnMut(usize),
) -> Result<Report, EvalError> {
    if k < 2 || k > data.questions.len() {
        return Err(EvalError::Invalid(format!(
            "{k} folds for {} questions: give between 2 and the number of questions",
            data.questions.len()
        )));
    }
    let records = super::write_laws(index, &data.laws, progress)?;
    let asked = ask(index, data)?;
    let fold = folds_of(data, k);
    let run = |mode, features, label: &str| {
        cross_validate(
            &asked,
            &fold,
            k,
            mode,
            features,
            label,
            &grid(mode, features),
        )
    };
    let modes = [Mode::Dense, Mode::Sparse, Mode::Hybrid]
        .into_iter()
        .map(|m| run(m, Features::ALL, mode_str(m)))
        .collect();
    let ablation = Features::ablations()
        .into_iter()
        .map(|(label, f)| run(Mode::Hybrid, f, label))
        .collect();
    let d = index.ranking();
    let default = Config {
        mode: Mode::Hybrid,
        k: d.fusion.k,
        dense_weight: d.fusion.dense_weight,
        sparse_weight: d.fusion.sparse_weight,
        named_boost: d.named_boost,
        reduce_query: d.reduce_query,
        clauses: true,
    };
    let default = cross_validate(
        &asked,
        &fold,
        k,
        Mode::Hybrid,
        Features::ALL,
        "default",
        &[default],
    );
    Ok(Report {
        questions: data.questions.len(),
        laws: data.laws.len(),
        articles: data.articles(),
        records,
        folds: k,
        modes,
        ablation,
        default,
    })
}
