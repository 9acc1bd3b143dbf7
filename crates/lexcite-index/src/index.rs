//! The index: a store, the embedding model and BM25 together. Writes documents idempotently
//! and answers searches in three modes.
//!
//! Writing a document compares each record's fingerprint with what the store holds: only new
//! or changed units are embedded and written, units that disappeared are deleted, and the
//! document record goes last. An unchanged document costs one lookup and writes nothing; a run
//! cut short leaves complete batches behind and the next run picks up from there.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::{Duration, Instant};

use lexcite_core::Document;
use lexcite_core::sparse::Bm25;

use crate::embed::{EmbedError, Embedder, Role};
use crate::rank::{self, Ranking};
use crate::record::{Classification, Prepared, Record, RecordKind, prepare};
use crate::store::{Filters, Hit, Mode, Point, Query, Store, StoreError};

/// Records embedded and written together.
pub const WRITE_BATCH: usize = 32;

/// Average length in syllables of the texts BM25 indexes (whole units, children included):
/// the mean over the 3,216 units of corpus/ (median 46).
pub const AVG_UNIT_SYLLABLES: f32 = 130.0;

/// Why indexing or searching failed.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// What writing one document did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DocumentReport {
    pub document_id: String,
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
    /// Time spent in the embedding model and in the store.
    pub embed_time: Duration,
    pub store_time: Duration,
}

impl DocumentReport {
    /// Records written or deleted.
    pub fn changes(&self) -> usize {
        self.added + self.updated + self.deleted
    }
}

/// A store with its model.
#[derive(Clone, Debug)]
pub struct Index {
    store: Arc<dyn Store>,
    embedder: Arc<Embedder>,
    bm25: Bm25,
    ranking: Ranking,
}

impl Index {
    pub fn new(store: Arc<dyn Store>, embedder: Arc<Embedder>) -> Self {
        Self {
            store,
            embedder,
            bm25: Bm25 {
                avg_len: AVG_UNIT_SYLLABLES,
                ..Bm25::default()
            },
            ranking: Ranking::default(),
        }
    }

    /// The same index ranking another way.
    pub fn with_ranking(mut self, ranking: Ranking) -> Self {
        self.ranking = ranking;
        self
    }

    pub fn ranking(&self) -> &Ranking {
        &self.ranking
    }

    /// The BM25 sparse vector of a question, its framing taken out when the ranking says so.
    pub fn sparse_query(
        &self,
        text: &str,
        ranking: &Ranking,
    ) -> lexcite_core::sparse::SparseVector {
        if ranking.reduce_query {
            self.bm25.query(&rank::reduce(text))
        } else {
            self.bm25.query(text)
        }
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    pub fn embedder(&self) -> &Arc<Embedder> {
        &self.embedder
    }

    /// Writes a document's records; `progress` is told how many records were dealt with.
    pub fn write_document(
        &self,
        doc: &Document,
        classification: Classification,
        progress: &mut dyn FnMut(usize),
    ) -> Result<DocumentReport, IndexError> {
        let prepared = prepare(doc, classification, &self.model_tag());
        self.write_prepared(&doc.id, prepared, progress)
    }

    /// What the vectors depend on besides the text: recorded in every fingerprint, so that a
    /// new model or new BM25 parameters rewrite every point.
    pub fn model_tag(&self) -> String {
        format!(
            "{} bm25 k1={} b={} avg={}",
            self.embedder.name(),
            self.bm25.k1,
            self.bm25.b,
            self.bm25.avg_len
        )
    }

    /// How many records `write_document` will deal with for this document.
    pub fn record_count(doc: &Document) -> usize {
        crate::record::record_count(doc)
    }

    /// Writes prepared records of one document (the document record last).
    pub fn write_prepared(
        &self,
        document_id: &str,
        mut prepared: Vec<Prepared>,
        progress: &mut dyn FnMut(usize),
    ) -> Result<DocumentReport, IndexError> {
        let mut report = DocumentReport {
            document_id: document_id.to_string(),
            ..DocumentReport::default()
        };
        let total = prepared.len();
        let doc_record = match prepared.last() {
            Some(p) if p.record.record == RecordKind::Document => prepared.pop(),
            _ => None,
        };
        let started = Instant::now();
        let mut doc_stored = false;
        if let Some(d) = &doc_record {
            let stored = self.store.get(std::slice::from_ref(&d.record.id))?;
            if stored
                .first()
                .is_some_and(|s| s.fingerprint == d.record.fingerprint)
            {
                report.unchanged = total;
                report.store_time = started.elapsed();
                progress(total);
                return Ok(report);
            }
            doc_stored = !stored.is_empty();
        }
        let existing: HashMap<String, String> = self
            .store
            .scan_outline(&Filters {
                document_ids: vec![document_id.to_string()],
                record: Some(RecordKind::Unit),
                ..Filters::default()
            })?
            .into_iter()
            .map(|r| (r.id, r.fingerprint))
            .collect();
        report.store_time += started.elapsed();

        let wanted: HashSet<&str> = prepared.iter().map(|p| p.record.id.as_str()).collect();
        let stale: Vec<String> = existing
            .keys()
            .filter(|id| !wanted.contains(id.as_str()))
            .cloned()
            .collect();
        let mut todo = Vec::new();
        for p in prepared.iter() {
            match existing.get(&p.record.id) {
                Some(f) if *f == p.record.fingerprint => {
                    report.unchanged += 1;
                    progress(1);
                }
                Some(_) => {
                    report.updated += 1;
                    todo.push(p);
                }
                None => {
                    report.added += 1;
                    todo.push(p);
                }
            }
        }
        // Texts of similar length together: a batch is padded to its longest text, and
        // sorting cuts the model's work about fourfold on the corpus.
        todo.sort_by_key(|p| p.dense_text.len());
        for batch in todo.chunks(WRITE_BATCH) {
            let points = self.points(batch, &mut report)?;
            let t = Instant::now();
            self.store.upsert(&points)?;
            report.store_time += t.elapsed();
            progress(batch.len());
        }
        let t = Instant::now();
        self.store.delete(&stale)?;
        report.deleted = stale.len();
        report.store_time += t.elapsed();
        if let Some(d) = doc_record {
            if doc_stored {
                report.updated += 1;
            } else {
                report.added += 1;
            }
            let points = self.points(&[&d], &mut report)?;
            let t = Instant::now();
            self.store.upsert(&points)?;
            report.store_time += t.elapsed();
            progress(1);
        }
        Ok(report)
    }

    fn points(
        &self,
        batch: &[&Prepared],
        report: &mut DocumentReport,
    ) -> Result<Vec<Point>, IndexError> {
        let t = Instant::now();
        let texts: Vec<&str> = batch.iter().map(|p| p.dense_text.as_str()).collect();
        let dense = self.embedder.embed(&texts, Role::Passage)?;
        report.embed_time += t.elapsed();
        Ok(batch
            .iter()
            .zip(dense)
            .map(|(p, dense)| self.point(p, dense))
            .collect())
    }

    /// The point of a prepared record: its dense vector as given, its sparse vector made here.
    fn point(&self, p: &Prepared, dense: Vec<f32>) -> Point {
        Point {
            record: p.record.clone(),
            dense,
            sparse: self.bm25.document(&p.sparse_text),
        }
    }

    /// Writes prepared records with dense vectors the caller already has (embeddings computed
    /// once and reused: the scale benchmark). Sparse vectors are made as ingestion makes
    /// them. Every record is written.
    pub fn write_with_vectors(
        &self,
        records: Vec<(&Prepared, Vec<f32>)>,
    ) -> Result<(), IndexError> {
        let points: Vec<Point> = records
            .into_iter()
            .map(|(p, dense)| self.point(p, dense))
            .collect();
        for batch in points.chunks(WRITE_BATCH) {
            self.store.upsert(batch)?;
        }
        Ok(())
    }

    /// Deletes every record of a document. Returns how many there were.
    pub fn remove_document(&self, document_id: &str) -> Result<usize, IndexError> {
        let ids: Vec<String> = self
            .store
            .scan_outline(&Filters {
                document_ids: vec![document_id.to_string()],
                ..Filters::default()
            })?
            .into_iter()
            .map(|r| r.id)
            .collect();
        self.store.delete(&ids)?;
        Ok(ids.len())
    }

    /// Deletes every document not in `keep` (by id), with its units. Returns the ids removed.
    pub fn prune(&self, keep: &[&str]) -> Result<Vec<String>, IndexError> {
        let mut removed = Vec::new();
        for doc in self.documents()? {
            if !keep.contains(&doc.document_id.as_str()) {
                self.remove_document(&doc.document_id)?;
                removed.push(doc.document_id);
            }
        }
        Ok(removed)
    }

    /// The document records: what is indexed.
    pub fn documents(&self) -> Result<Vec<Record>, IndexError> {
        let mut docs = self.store.scan(&Filters::documents())?;
        docs.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(docs)
    }

    /// Searches unit records (unless the filters say otherwise) for a question.
    pub fn search(
        &self,
        text: &str,
        mode: Mode,
        filters: Filters,
        limit: usize,
    ) -> Result<Vec<Hit>, IndexError> {
        Ok(self.search_found(text, mode, filters, limit, &[])?.hits)
    }

    /// Searches for a question that names documents (`named`, document ids): their units are
    /// lifted by the ranking's named boost, the others stay in the running. Says how close the
    /// nearest unit came to the question.
    pub fn search_found(
        &self,
        text: &str,
        mode: Mode,
        mut filters: Filters,
        limit: usize,
        named: &[String],
    ) -> Result<Found, IndexError> {
        if filters.record.is_none() {
            filters.record = Some(RecordKind::Unit);
        }
        let ranking = &self.ranking;
        // One list alone is re-ranked only when a named document lifts some of its units;
        // otherwise the store's first `limit` are the answer.
        let single = mode != Mode::Hybrid && (named.is_empty() || ranking.named_boost <= 0.0);
        let depth = if single { limit } else { rank::depth(limit) };
        let list = |mode: Mode, dense: Vec<f32>| -> Result<Vec<Hit>, IndexError> {
            Ok(self.store.search(&Query {
                dense,
                sparse: self.sparse_query(text, ranking),
                mode,
                filters: filters.clone(),
                limit: depth,
                fusion: ranking.fusion,
            })?)
        };
        let dense = || self.embedder.embed_query(text);
        let nearest = |list: &[Hit]| list.first().map(|h| h.score);
        Ok(match mode {
            Mode::Dense => {
                let by_meaning = list(Mode::Dense, dense()?)?;
                Found {
                    nearest: nearest(&by_meaning),
                    hits: rank::single(&by_meaning, named, ranking, limit),
                }
            }
            Mode::Sparse => {
                let zeros = vec![0.0; self.embedder.dim()];
                Found {
                    hits: rank::single(&list(Mode::Sparse, zeros)?, named, ranking, limit),
                    nearest: None,
                }
            }
            Mode::Hybrid => {
                let by_meaning = list(Mode::Dense, dense()?)?;
                let by_words = list(Mode::Sparse, vec![0.0; self.embedder.dim()])?;
                Found {
                    nearest: nearest(&by_meaning),
                    hits: rank::fuse(&by_meaning, &by_words, named, ranking, limit),
                }
            }
        })
    }
}

/// What a search found.
#[derive(Clone, Debug)]
pub struct Found {
    pub hits: Vec<Hit>,
    /// The model's cosine similarity between the question and the nearest unit the filters
    /// allow (dense and hybrid modes): how close the corpus comes to the question at all.
    pub nearest: Option<f32>,
}
