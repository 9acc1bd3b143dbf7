//! Documents written over the API, one job at a time: a file read, parsed and ingested (or a
//! document removed) on a worker thread of its own, with its state, progress and outcome kept
//! for `GET /v1/jobs/{id}`. The catalog and lookup see a document as soon as its job has
//! succeeded. Jobs live in memory; the last [`KEPT`] are kept.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex, mpsc};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

use lexcite_core::DocumentMeta;
use lexcite_engine::{Access, Engine};
use lexcite_index::Classification;

use crate::error::{ApiError, ErrorCode, ErrorDetail};
use crate::pushed::{Provenance, PushedEntry};

/// How many finished jobs are remembered.
pub const KEPT: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// A new document, or a new version of one pushed before.
    Add,
    /// A new version of a given document.
    Replace,
    Delete,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Succeeded,
    Failed,
}

/// What became of the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Not in the store before.
    Added,
    /// In the store before; what changed was written.
    Updated,
    /// The same text was already there: nothing was written.
    Unchanged,
    Deleted,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct JobFile {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub bytes: usize,
    /// SHA-256 of the file, hex.
    pub sha256: String,
}

#[derive(Clone, Debug, Default, Serialize, ToSchema)]
pub struct JobProgress {
    /// Records (the document and its units) written so far.
    pub records_done: usize,
    /// Records to write; known once the file is parsed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub records_total: Option<usize>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct JobDocument {
    pub id: String,
    /// "Nghị định số 13/2023/NĐ-CP …".
    pub name: String,
    pub outcome: Outcome,
    /// Records added, updated, deleted and left as they were.
    pub added: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
}

/// A document write and where it stands.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Job {
    pub id: String,
    pub kind: JobKind,
    pub state: JobState,
    pub submitted: DateTime<Utc>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub started: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub finished: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<JobFile>,
    pub progress: JobProgress,
    /// Once known: the document and, when done, what became of it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<JobDocument>,
    /// Why it failed: the readers' codes for a file that cannot be read
    /// (`pdf_no_text_layer`, `no_legal_text`, …), `document_unidentified`, `document_from_corpus`,
    /// `document_mismatch`, `forbidden`, `store_unavailable`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorDetail>,
    /// The key that submitted it: only that key sees it.
    #[serde(skip)]
    pub owner: String,
}

/// What a job does.
#[derive(Debug)]
pub enum Work {
    /// Read `bytes` with `meta` as known, and ingest the document as `class`; when
    /// `replacing` is set, the file must be that document.
    Write {
        bytes: Vec<u8>,
        meta: Box<DocumentMeta>,
        class: Classification,
        replacing: Option<String>,
    },
    Delete {
        id: String,
    },
}

struct Task {
    job: String,
    work: Work,
    access: Access,
}

#[derive(Default)]
struct Table {
    jobs: HashMap<String, Job>,
    order: VecDeque<String>,
}

/// The jobs, and the worker that runs them in order.
#[derive(Default)]
pub struct Jobs {
    table: Arc<Mutex<Table>>,
    queue: Mutex<Option<mpsc::Sender<Task>>>,
}

impl std::fmt::Debug for Jobs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Jobs")
    }
}

fn lock(table: &Mutex<Table>) -> std::sync::MutexGuard<'_, Table> {
    match table.lock() {
        Ok(t) => t,
        Err(poisoned) => poisoned.into_inner(),
    }
}

fn new_id() -> String {
    let mut bytes = [0u8; 12];
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        bytes[..8].copy_from_slice(&nanos.to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl Jobs {
    /// Queues `work` for `owner` and returns the job as it stands.
    pub fn submit(
        &self,
        engine: Arc<Engine>,
        provenance: Arc<Provenance>,
        owner: &str,
        file: Option<JobFile>,
        work: Work,
        access: Access,
    ) -> Result<Job, ApiError> {
        let kind = match &work {
            Work::Write {
                replacing: Some(_), ..
            } => JobKind::Replace,
            Work::Write { .. } => JobKind::Add,
            Work::Delete { .. } => JobKind::Delete,
        };
        let job = Job {
            id: new_id(),
            kind,
            state: JobState::Queued,
            submitted: Utc::now(),
            started: None,
            finished: None,
            file,
            progress: JobProgress::default(),
            document: None,
            error: None,
            owner: owner.to_string(),
        };
        {
            let mut t = lock(&self.table);
            t.jobs.insert(job.id.clone(), job.clone());
            t.order.push_back(job.id.clone());
            while t.order.len() > KEPT {
                let Some(oldest) = t.order.front().cloned() else {
                    break;
                };
                if t.jobs
                    .get(&oldest)
                    .is_some_and(|j| matches!(j.state, JobState::Queued | JobState::Running))
                {
                    break;
                }
                t.order.pop_front();
                t.jobs.remove(&oldest);
            }
        }
        let mut queue = match self.queue.lock() {
            Ok(q) => q,
            Err(poisoned) => poisoned.into_inner(),
        };
        let sender = queue.get_or_insert_with(|| {
            let (tx, rx) = mpsc::channel::<Task>();
            let table = self.table.clone();
            std::thread::Builder::new()
                .name("lexcite-jobs".into())
                .spawn(move || {
                    for task in rx {
                        run(&table, &engine, &provenance, task);
                    }
                })
                .map(|_| ())
                .unwrap_or_else(|e| tracing::error!(error = %e, "cannot start the job worker"));
            tx
        });
        sender
            .send(Task {
                job: job.id.clone(),
                work,
                access,
            })
            .map_err(|_| ApiError::internal("the job worker has stopped"))?;
        Ok(job)
    }

    /// The job, if `owner` submitted it.
    pub fn get(&self, id: &str, owner: &str) -> Option<Job> {
        lock(&self.table)
            .jobs
            .get(id)
            .filter(|j| j.owner == owner)
            .cloned()
    }
}

/// SHA-256 of a file, hex.
pub fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn update(table: &Mutex<Table>, id: &str, f: impl FnOnce(&mut Job)) {
    if let Some(job) = lock(table).jobs.get_mut(id) {
        f(job);
    }
}

fn failed(code: ErrorCode, message: impl Into<String>) -> ErrorDetail {
    ErrorDetail {
        code,
        message: message.into(),
    }
}

fn run(table: &Mutex<Table>, engine: &Engine, provenance: &Provenance, task: Task) {
    update(table, &task.job, |j| {
        j.state = JobState::Running;
        j.started = Some(Utc::now());
    });
    let owner = lock(table)
        .jobs
        .get(&task.job)
        .map(|j| (j.owner.clone(), j.file.as_ref().map(|f| f.sha256.clone())))
        .unwrap_or_default();
    let result = match task.work {
        Work::Write {
            bytes,
            meta,
            class,
            replacing,
        } => write(
            table,
            &task.job,
            engine,
            provenance,
            (&bytes, &meta, class, replacing.as_deref()),
            task.access,
            owner,
        ),
        Work::Delete { id } => delete(engine, provenance, &id),
    };
    let (state, error, document) = match result {
        Ok(document) => (JobState::Succeeded, None, Some(document)),
        Err(e) => (JobState::Failed, Some(e), None),
    };
    if let Some(e) = &error {
        tracing::info!(job = %task.job, code = %e.code, message = %e.message, "document job failed");
    }
    update(table, &task.job, |j| {
        j.state = state;
        j.finished = Some(Utc::now());
        j.error = error;
        if document.is_some() {
            j.document = document;
        }
    });
}

fn write(
    table: &Mutex<Table>,
    job: &str,
    engine: &Engine,
    provenance: &Provenance,
    (bytes, meta, class, replacing): (&[u8], &DocumentMeta, Classification, Option<&str>),
    access: Access,
    (owner, sha): (String, Option<String>),
) -> Result<JobDocument, ErrorDetail> {
    let unreadable = |e: lexcite_ingest::ReadError| {
        let e = ApiError::from(e);
        failed(e.code, e.message)
    };
    // A new version read with the document's known metadata must not say in its own header
    // that it is another document.
    if let Some(target) = replacing {
        let (alone, _) =
            lexcite_ingest::read_document(bytes, &DocumentMeta::default()).map_err(unreadable)?;
        if alone.meta.number.is_some() && meta.number.is_some() && alone.meta.number != meta.number
        {
            return Err(failed(
                ErrorCode::DocumentMismatch,
                format!(
                    "the file says it is {}, not the document {target}",
                    alone.meta.citation_name()
                ),
            ));
        }
    }
    let (doc, _) = lexcite_ingest::read_document(bytes, meta).map_err(unreadable)?;
    if doc.meta.number.is_none() {
        return Err(failed(
            ErrorCode::DocumentUnidentified,
            "the text does not say which document it is (no number in its header): give its \
             number, type and issuer with the file",
        ));
    }
    let id = doc.id.clone();
    let name = doc.meta.citation_name();
    update(table, job, |j| {
        j.progress.records_total = Some(lexcite_index::Index::record_count(&doc));
        j.document = Some(JobDocument {
            id: id.clone(),
            name: name.clone(),
            outcome: Outcome::Unchanged,
            added: 0,
            updated: 0,
            deleted: 0,
            unchanged: 0,
        });
    });
    if provenance.is_corpus(&id) {
        return Err(failed(
            ErrorCode::DocumentFromCorpus,
            format!("the file is {name} ({id}), a document of the corpus folder: change it there"),
        ));
    }
    if let Some(target) = replacing
        && target != id
    {
        return Err(failed(
            ErrorCode::DocumentMismatch,
            format!("the file is {name} ({id}), not the document {target}"),
        ));
    }
    let existing = engine.catalog().doc(&id).map(|d| d.classification);
    if existing.is_some_and(|c| !access.can_see(c)) || !access.can_see(class) {
        return Err(failed(
            ErrorCode::Forbidden,
            "this key may not write a document of that classification",
        ));
    }
    let was_pushed = provenance.is_pushed(&id);
    // Recorded before the store is written: a crash part-way leaves a document the next
    // push of the same file completes, never one that a restart silently deletes.
    provenance
        .add(
            &id,
            PushedEntry {
                by: owner,
                at: Utc::now(),
                sha256: sha.unwrap_or_default(),
            },
        )
        .map_err(|e| {
            failed(
                ErrorCode::StoreUnavailable,
                format!("cannot record the document: {e}"),
            )
        })?;
    let mut report = None;
    let written = engine.ingest(
        &[(doc, class)],
        &mut |n| update(table, job, |j| j.progress.records_done += n),
        &mut |r| report = Some(r.clone()),
    );
    if let Err(e) = written {
        if !was_pushed && existing.is_none() {
            let _ = provenance.remove(&id);
        }
        let e = ApiError::from(e);
        return Err(failed(e.code, e.message));
    }
    let r = report.unwrap_or_default();
    let outcome = match (existing.is_some(), r.changes()) {
        (false, _) => Outcome::Added,
        (true, 0) => Outcome::Unchanged,
        (true, _) => Outcome::Updated,
    };
    tracing::info!(document = %id, ?outcome, added = r.added, updated = r.updated, deleted = r.deleted, "document written over the API");
    Ok(JobDocument {
        id,
        name,
        outcome,
        added: r.added,
        updated: r.updated,
        deleted: r.deleted,
        unchanged: r.unchanged,
    })
}

fn delete(engine: &Engine, provenance: &Provenance, id: &str) -> Result<JobDocument, ErrorDetail> {
    let name = engine
        .catalog()
        .doc(id)
        .map(|d| d.name.clone())
        .unwrap_or_else(|| id.to_string());
    let removed = engine.remove(id).map_err(|e| {
        let e = ApiError::from(e);
        failed(e.code, e.message)
    })?;
    provenance.remove(id).map_err(|e| {
        failed(
            ErrorCode::StoreUnavailable,
            format!("cannot record the removal: {e}"),
        )
    })?;
    tracing::info!(document = %id, records = removed, "document removed over the API");
    Ok(JobDocument {
        id: id.to_string(),
        name,
        outcome: Outcome::Deleted,
        added: 0,
        updated: 0,
        deleted: removed,
        unchanged: 0,
    })
}
