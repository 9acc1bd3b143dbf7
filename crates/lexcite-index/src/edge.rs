//! The embedded store: a Qdrant Edge shard in a folder, in this process.
//!
//! Qdrant Edge 0.7 does not replay its write-ahead log when a shard is reopened, so every
//! write is followed by a flush of the segments: when `upsert` or `delete` returns, the
//! change is on disk and survives a crash.
//!
//! The shard maps its log and segments into memory, and a write into a mapping on a full disk
//! kills the process with SIGBUS. So the free space is checked before the store opens and
//! before every write, and a write is refused with [`StoreError::NoSpace`] instead. Edge's
//! flush panics when the disk refuses it; here it becomes an error (on drop, a logged one).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use qdrant_edge::external::ordered_float::OrderedFloat;
use qdrant_edge::{
    CountRequest, Distance, EdgeConfigBuilder, EdgeShard, EdgeSparseVectorParamsBuilder,
    EdgeVectorParams, Filter, Fusion, JsonPath, Modifier, NamedQuery, PayloadSelector,
    PayloadSelectorExclude, PointId, PointOperations, PointStruct, Prefetch, QueryEnum,
    QueryRequest, ScoringQuery, ScrollRequest, UpdateOperation, VectorInternal, Vectors,
    WithPayloadInterface, WithVector,
};
use serde_json::{Value, json};

use crate::record::{Record, point_id};
use crate::store::{
    DENSE, FieldKind, Filters, Hit, INDEXED_FIELDS, Mode, OUTLINE_OMITS, Point, Query, SPARSE,
    Store, StoreError,
};

/// Records read per scroll page.
const PAGE: usize = 1000;

/// Free space the store wants by default before it opens or writes: two 32 MiB log
/// segments and room for segment files.
pub const DEFAULT_MIN_FREE: u64 = 128 << 20;

/// A Qdrant Edge shard on disk.
pub struct EdgeStore {
    path: PathBuf,
    /// Taken on drop, where Edge's own flush may panic.
    shard: Option<EdgeShard>,
    /// Free space kept on the disk.
    min_free: u64,
    /// Edge's flush asserts that no write holds the log: writes and flushes take turns.
    writes: Mutex<()>,
}

impl std::fmt::Debug for EdgeStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EdgeStore")
            .field("path", &self.path)
            .finish_non_exhaustive()
    }
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Failed(e.to_string())
}

impl EdgeStore {
    /// Opens the shard in `path`, creating it (and the folder) when there is none. `dim` is
    /// the embedding model's dimension; a shard made for another dimension is refused.
    pub fn open(path: &Path, dim: usize) -> Result<Self, StoreError> {
        Self::open_keeping(path, dim, DEFAULT_MIN_FREE)
    }

    /// Opens the shard as [`EdgeStore::open`] does, refusing to open or to write when less
    /// than `min_free` bytes would be left on its disk.
    pub fn open_keeping(path: &Path, dim: usize, min_free: u64) -> Result<Self, StoreError> {
        let location = path.display().to_string();
        let open_error = |e: &dyn std::fmt::Display| StoreError::Open {
            location: location.clone(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(path).map_err(|e| open_error(&e))?;
        ensure_free(path, min_free)?;
        let existing = path.join("edge_config.json").is_file();
        let shard = if existing {
            trim_log(&path.join("wal"));
            EdgeShard::load(path, None).map_err(|e| open_error(&e))?
        } else {
            let config = EdgeConfigBuilder::new()
                .vector(
                    DENSE,
                    EdgeVectorParams::builder(dim, Distance::Cosine).build(),
                )
                .sparse_vector(
                    SPARSE,
                    EdgeSparseVectorParamsBuilder::new()
                        .modifier(Modifier::Idf)
                        .build(),
                )
                .build();
            EdgeShard::new(path, config).map_err(|e| open_error(&e))?
        };
        let found = shard.config().vectors.get(DENSE).map(|v| v.size);
        match found {
            Some(found) if found == dim => {}
            Some(found) => {
                return Err(StoreError::Incompatible {
                    location,
                    found,
                    expected: dim,
                });
            }
            None => return Err(open_error(&"it has no dense vector named `dense`")),
        }
        let store = Self {
            path: path.to_path_buf(),
            shard: Some(shard),
            min_free,
            writes: Mutex::new(()),
        };
        if !existing {
            store.create_indexes()?;
        }
        Ok(store)
    }

    fn create_indexes(&self) -> Result<(), StoreError> {
        for (field, kind) in INDEXED_FIELDS {
            let schema = match kind {
                FieldKind::Keyword => "keyword",
                FieldKind::Integer => "integer",
            };
            let op: qdrant_edge::CreateIndex =
                serde_json::from_value(json!({"field_name": field, "field_schema": schema}))
                    .map_err(failed)?;
            self.write(UpdateOperation::FieldIndexOperation(
                qdrant_edge::FieldIndexOperations::CreateIndex(op),
            ))?;
        }
        Ok(())
    }

    fn write(&self, op: UpdateOperation) -> Result<(), StoreError> {
        let _turn = self
            .writes
            .lock()
            .map_err(|_| failed("a previous write panicked"))?;
        let shard = self.shard()?;
        shard.update(op).map_err(failed)?;
        flush(shard)
    }

    fn shard(&self) -> Result<&EdgeShard, StoreError> {
        self.shard
            .as_ref()
            .ok_or_else(|| failed("the store is closed"))
    }
}

impl Drop for EdgeStore {
    fn drop(&mut self) {
        // Every write was flushed when it returned; a flush that fails here loses nothing.
        if let Some(shard) = self.shard.take()
            && std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| drop(shard))).is_err()
        {
            tracing::error!(path = %self.path.display(), "the store could not be flushed on close");
        }
    }
}

/// Deletes the write-ahead log's closed segments but the newest. Edge 0.7 never truncates
/// its log and never replays it on open, and every write here is followed by a flush of the
/// segments: the closed log segments hold nothing that is not already in the segments, yet
/// they grow with everything ever written (512 MB for 105k records) and are mapped whole
/// when the shard opens. The newest one is kept so that the log's numbering goes on from
/// where it was (a point's version is the number of the write that made it). Failures are
/// logged: the shard opens as it would have.
fn trim_log(wal: &Path) {
    let Ok(entries) = std::fs::read_dir(wal) else {
        return;
    };
    let mut closed: Vec<(u64, PathBuf)> = entries
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let start = name.strip_prefix("closed-")?.parse().ok()?;
            Some((start, e.path()))
        })
        .collect();
    closed.sort();
    closed.pop();
    for (_, file) in &closed {
        if let Err(e) = std::fs::remove_file(file) {
            tracing::warn!(path = %file.display(), error = %e, "an old log segment could not be removed");
        }
    }
    if !closed.is_empty() {
        tracing::info!(
            path = %wal.display(),
            removed = closed.len(),
            "old write-ahead log segments removed (their writes are in the segments)"
        );
    }
}

/// Edge's flush, whose failures are panics, as a `Result`.
fn flush(shard: &EdgeShard) -> Result<(), StoreError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| shard.flush()))
        .map_err(|_| failed("the store could not write its changes to disk (is the disk full?)"))
}

/// Bytes free for unprivileged writers on the disk holding `path`.
pub fn free_bytes(path: &Path) -> std::io::Result<u64> {
    let stat = rustix::fs::statvfs(path)?;
    Ok(stat.f_bavail.saturating_mul(stat.f_frsize))
}

/// Refuses with [`StoreError::NoSpace`] when fewer than `needed` bytes are free at `path`.
fn ensure_free(path: &Path, needed: u64) -> Result<(), StoreError> {
    if needed == 0 {
        return Ok(());
    }
    let free = free_bytes(path).map_err(|e| StoreError::Open {
        location: path.display().to_string(),
        message: format!("cannot read the free space: {e}"),
    })?;
    if free < needed {
        return Err(StoreError::NoSpace {
            location: path.display().to_string(),
            free_mib: free >> 20,
            needed_mib: needed.div_ceil(1 << 20),
        });
    }
    Ok(())
}

/// The filters in Qdrant's JSON form, which Edge and the server share.
fn filter_json(filters: &Filters) -> Option<Value> {
    let mut must: Vec<Value> = filters
        .keyword_conditions()
        .into_iter()
        .map(|(key, values)| json!({"key": key, "match": {"any": values}}))
        .collect();
    if let Some((from, to)) = filters.issued_range() {
        let mut range = serde_json::Map::new();
        if let Some(f) = from {
            range.insert("gte".into(), json!(f));
        }
        if let Some(t) = to {
            range.insert("lte".into(), json!(t));
        }
        must.push(json!({"key": "issued", "range": range}));
    }
    (!must.is_empty()).then(|| json!({ "must": must }))
}

fn edge_filter(filters: &Filters) -> Result<Option<Filter>, StoreError> {
    filter_json(filters)
        .map(|v| serde_json::from_value(v).map_err(failed))
        .transpose()
}

fn record_of(payload: Option<qdrant_edge::Payload>) -> Result<Record, StoreError> {
    let payload = payload.ok_or_else(|| StoreError::Corrupt("a point has no payload".into()))?;
    let value = serde_json::to_value(payload).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    serde_json::from_value(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

fn nearest(vector: VectorInternal, using: &str) -> ScoringQuery {
    ScoringQuery::Vector(QueryEnum::Nearest(NamedQuery {
        query: vector,
        using: Some(using.to_string()),
    }))
}

fn sparse_vector(q: &Query) -> Result<VectorInternal, StoreError> {
    qdrant_edge::SparseVector::new(q.sparse.indices.clone(), q.sparse.values.clone())
        .map(VectorInternal::Sparse)
        .map_err(failed)
}

impl Store for EdgeStore {
    fn location(&self) -> String {
        self.path.display().to_string()
    }

    fn optimize(&self) -> Result<bool, StoreError> {
        let _turn = self
            .writes
            .lock()
            .map_err(|_| failed("a previous write panicked"))?;
        let shard = self.shard()?;
        let changed = shard.optimize().map_err(failed)?;
        flush(shard)?;
        Ok(changed)
    }

    fn upsert(&self, points: &[Point]) -> Result<(), StoreError> {
        if points.is_empty() {
            return Ok(());
        }
        // Each point lands in the log and in a segment: vector, sparse vector and payload.
        let bytes: u64 = points
            .iter()
            .map(|p| {
                (p.dense.len() * 4 + p.sparse.indices.len() * 8 + p.record.text.len() * 2 + 1024)
                    as u64
            })
            .sum();
        ensure_free(
            &self.path,
            self.min_free.saturating_add(bytes.saturating_mul(2)),
        )?;
        let mut list = Vec::with_capacity(points.len());
        for p in points {
            let sparse =
                qdrant_edge::Vector::new_sparse(p.sparse.indices.clone(), p.sparse.values.clone())
                    .map_err(failed)?;
            let vectors = Vectors::new_named([
                (
                    DENSE.to_string(),
                    qdrant_edge::Vector::new_dense(p.dense.clone()),
                ),
                (SPARSE.to_string(), sparse),
            ]);
            let payload = serde_json::to_value(&p.record).map_err(failed)?;
            list.push(
                PointStruct::new(PointId::Uuid(point_id(&p.record.id)), vectors, payload).into(),
            );
        }
        self.write(UpdateOperation::PointOperation(
            PointOperations::UpsertPoints(qdrant_edge::PointInsertOperations::PointsList(list)),
        ))
    }

    fn delete(&self, ids: &[String]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids = ids.iter().map(|id| PointId::Uuid(point_id(id))).collect();
        self.write(UpdateOperation::PointOperation(
            PointOperations::DeletePoints { ids },
        ))
    }

    fn search(&self, q: &Query) -> Result<Vec<Hit>, StoreError> {
        let filter = edge_filter(&q.filters)?;
        let dense = || nearest(VectorInternal::Dense(q.dense.clone()), DENSE);
        let (prefetches, query) = match q.mode {
            Mode::Dense => (Vec::new(), dense()),
            Mode::Sparse => (Vec::new(), nearest(sparse_vector(q)?, SPARSE)),
            Mode::Hybrid => {
                let prefetch = |query| Prefetch {
                    prefetches: Vec::new(),
                    query: Some(query),
                    limit: q.prefetch_limit(),
                    params: None,
                    filter: filter.clone(),
                    score_threshold: None,
                };
                (
                    vec![
                        prefetch(dense()),
                        prefetch(nearest(sparse_vector(q)?, SPARSE)),
                    ],
                    ScoringQuery::Fusion(Fusion::Rrf {
                        k: q.fusion.k,
                        weights: Some(vec![
                            OrderedFloat(q.fusion.dense_weight),
                            OrderedFloat(q.fusion.sparse_weight),
                        ]),
                    }),
                )
            }
        };
        let request = QueryRequest {
            prefetches,
            query: Some(query),
            filter,
            score_threshold: None,
            limit: q.limit,
            offset: 0,
            params: None,
            with_vector: WithVector::Bool(false),
            with_payload: WithPayloadInterface::Bool(true),
        };
        self.shard()?
            .query(request)
            .map_err(failed)?
            .into_iter()
            .map(|p| {
                Ok(Hit {
                    score: p.score,
                    record: record_of(p.payload)?,
                })
            })
            .collect()
    }

    fn get(&self, ids: &[String]) -> Result<Vec<Record>, StoreError> {
        let point_ids: Vec<PointId> = ids.iter().map(|id| PointId::Uuid(point_id(id))).collect();
        self.shard()?
            .retrieve(&point_ids, Some(WithPayloadInterface::Bool(true)), None)
            .map_err(failed)?
            .into_iter()
            .map(|r| record_of(r.payload))
            .collect()
    }

    fn scan(&self, filters: &Filters) -> Result<Vec<Record>, StoreError> {
        self.scroll_all(filters, WithPayloadInterface::Bool(true))
    }

    fn scan_outline(&self, filters: &Filters) -> Result<Vec<Record>, StoreError> {
        let exclude = OUTLINE_OMITS
            .iter()
            .map(|k| JsonPath::try_from(*k).map_err(|e| StoreError::Failed(format!("{e:?}"))))
            .collect::<Result<Vec<_>, _>>()?;
        self.scroll_all(
            filters,
            WithPayloadInterface::Selector(PayloadSelector::Exclude(PayloadSelectorExclude::new(
                exclude,
            ))),
        )
    }

    fn count(&self, filters: &Filters) -> Result<usize, StoreError> {
        self.shard()?
            .count(CountRequest {
                filter: edge_filter(filters)?,
                exact: true,
            })
            .map_err(failed)
    }
}

impl EdgeStore {
    fn scroll_all(
        &self,
        filters: &Filters,
        with_payload: WithPayloadInterface,
    ) -> Result<Vec<Record>, StoreError> {
        let filter = edge_filter(filters)?;
        let mut out = Vec::new();
        let mut offset = None;
        loop {
            let (page, next) = self
                .shard()?
                .scroll(ScrollRequest {
                    offset,
                    limit: Some(PAGE),
                    filter: filter.clone(),
                    with_payload: Some(with_payload.clone()),
                    with_vector: WithVector::Bool(false),
                    order_by: None,
                })
                .map_err(failed)?;
            for r in page {
                out.push(record_of(r.payload)?);
            }
            match next {
                Some(n) => offset = Some(n),
                None => return Ok(out),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_newest_closed_log_segment_is_kept() {
        let dir = tempfile::tempdir().expect("temp dir");
        for name in [
            "closed-0",
            "closed-1057",
            "closed-207",
            "open-1",
            "open-2",
            "closed-x",
        ] {
            std::fs::write(dir.path().join(name), b"").expect("write");
        }
        trim_log(dir.path());
        let mut left: Vec<String> = std::fs::read_dir(dir.path())
            .expect("read")
            .map(|e| e.expect("entry").file_name().into_string().expect("name"))
            .collect();
        left.sort();
        assert_eq!(left, ["closed-1057", "closed-x", "open-1", "open-2"]);
        trim_log(&dir.path().join("missing"));
    }
}
