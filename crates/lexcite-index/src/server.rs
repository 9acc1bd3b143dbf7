//! The server store: a collection on a Qdrant server or cluster, over gRPC (qdrant-client).
//!
//! The same vectors, payload indexes and hybrid query as the embedded store. Calls are
//! blocking: the client runs on a small runtime of its own, so callers (the CLI, the HTTP
//! server's blocking pool) need no async code.

use std::collections::HashMap;

use qdrant_client::qdrant::{
    Condition, CountPointsBuilder, CreateCollectionBuilder, CreateFieldIndexCollectionBuilder,
    DeletePointsBuilder, Distance, FieldType, Filter, GetPointsBuilder, Modifier, NamedVectors,
    PayloadExcludeSelector, PointId, PointStruct, PointsIdsList, PrefetchQueryBuilder,
    Query as QdrantQuery, QueryPointsBuilder, Range, RrfBuilder, ScrollPointsBuilder,
    SparseVectorParamsBuilder, SparseVectorsConfigBuilder, UpsertPointsBuilder,
    Value as QdrantValue, Vector, VectorInput, VectorParamsBuilder, VectorsConfigBuilder,
    vectors_config, with_payload_selector::SelectorOptions,
};
use qdrant_client::{Payload, Qdrant};

use crate::record::{Record, point_id};
use crate::store::{
    DENSE, FieldKind, Filters, Hit, INDEXED_FIELDS, Mode, OUTLINE_OMITS, Point, Query, SPARSE,
    Store, StoreError,
};

const PAGE: u32 = 1000;

/// How the collection is created when it does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerOptions {
    pub url: String,
    pub collection: String,
    pub api_key: Option<String>,
    /// Copies of each shard (2 on a 3-node cluster survives one node down).
    pub replication_factor: Option<u32>,
    pub shards: Option<u32>,
}

/// A collection on a Qdrant server.
pub struct ServerStore {
    client: Qdrant,
    collection: String,
    url: String,
    runtime: tokio::runtime::Runtime,
}

impl std::fmt::Debug for ServerStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerStore")
            .field("url", &self.url)
            .field("collection", &self.collection)
            .finish_non_exhaustive()
    }
}

fn unavailable(e: impl std::fmt::Display) -> StoreError {
    StoreError::Unavailable(e.to_string())
}

fn failed(e: impl std::fmt::Display) -> StoreError {
    StoreError::Failed(e.to_string())
}

fn pid(id: &str) -> PointId {
    PointId::from(point_id(id).to_string())
}

impl ServerStore {
    /// Connects and makes sure the collection exists with vectors of `dim` dimensions.
    pub fn open(options: &ServerOptions, dim: usize) -> Result<Self, StoreError> {
        let location = format!("{}/{}", options.url, options.collection);
        let open_error = |e: &dyn std::fmt::Display| StoreError::Open {
            location: location.clone(),
            message: e.to_string(),
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| open_error(&e))?;
        let mut builder = Qdrant::from_url(&options.url);
        if let Some(key) = &options.api_key {
            builder = builder.api_key(key.clone());
        }
        let client = builder.build().map_err(|e| open_error(&e))?;
        let store = Self {
            client,
            collection: options.collection.clone(),
            url: options.url.clone(),
            runtime,
        };
        let exists = store
            .runtime
            .block_on(store.client.collection_exists(&store.collection))
            .map_err(unavailable)?;
        if exists {
            let found = store.dense_size()?;
            if found != dim {
                return Err(StoreError::Incompatible {
                    location,
                    found,
                    expected: dim,
                });
            }
        } else {
            store.create(options, dim)?;
        }
        Ok(store)
    }

    fn dense_size(&self) -> Result<usize, StoreError> {
        let info = self
            .runtime
            .block_on(self.client.collection_info(&self.collection))
            .map_err(unavailable)?;
        let config = info
            .result
            .and_then(|r| r.config)
            .and_then(|c| c.params)
            .and_then(|p| p.vectors_config)
            .and_then(|v| v.config);
        match config {
            Some(vectors_config::Config::ParamsMap(map)) => map
                .map
                .get(DENSE)
                .and_then(|p| usize::try_from(p.size).ok())
                .ok_or_else(|| failed("the collection has no dense vector named `dense`")),
            _ => Err(failed("the collection has no named vectors")),
        }
    }

    fn create(&self, options: &ServerOptions, dim: usize) -> Result<(), StoreError> {
        let mut vectors = VectorsConfigBuilder::default();
        vectors.add_named_vector_params(
            DENSE,
            VectorParamsBuilder::new(dim as u64, Distance::Cosine),
        );
        let mut sparse = SparseVectorsConfigBuilder::default();
        sparse.add_named_vector_params(
            SPARSE,
            SparseVectorParamsBuilder::default().modifier(Modifier::Idf),
        );
        let mut create = CreateCollectionBuilder::new(&self.collection)
            .vectors_config(vectors)
            .sparse_vectors_config(sparse);
        if let Some(rf) = options.replication_factor {
            create = create.replication_factor(rf);
        }
        if let Some(n) = options.shards {
            create = create.shard_number(n);
        }
        self.runtime
            .block_on(self.client.create_collection(create))
            .map_err(unavailable)?;
        for (field, kind) in INDEXED_FIELDS {
            let kind = match kind {
                FieldKind::Keyword => FieldType::Keyword,
                FieldKind::Integer => FieldType::Integer,
            };
            self.runtime
                .block_on(
                    self.client.create_field_index(
                        CreateFieldIndexCollectionBuilder::new(&self.collection, *field, kind)
                            .wait(true),
                    ),
                )
                .map_err(unavailable)?;
        }
        Ok(())
    }

    /// Removes the whole collection (tests clean up with it).
    pub fn drop_collection(&self) -> Result<(), StoreError> {
        self.runtime
            .block_on(self.client.delete_collection(&self.collection))
            .map(|_| ())
            .map_err(unavailable)
    }
}

fn filter(filters: &Filters) -> Option<Filter> {
    let mut must: Vec<Condition> = filters
        .keyword_conditions()
        .into_iter()
        .map(|(key, values)| Condition::matches(key, values))
        .collect();
    if let Some((from, to)) = filters.issued_range() {
        must.push(Condition::range(
            "issued",
            Range {
                gte: from.map(|v| v as f64),
                lte: to.map(|v| v as f64),
                ..Range::default()
            },
        ));
    }
    (!must.is_empty()).then(|| Filter::must(must))
}

fn record_of(payload: HashMap<String, QdrantValue>) -> Result<Record, StoreError> {
    let json = serde_json::Value::from(Payload::from(payload));
    serde_json::from_value(json).map_err(|e| StoreError::Corrupt(e.to_string()))
}

impl Store for ServerStore {
    fn location(&self) -> String {
        format!("{}/{}", self.url, self.collection)
    }

    fn upsert(&self, points: &[Point]) -> Result<(), StoreError> {
        if points.is_empty() {
            return Ok(());
        }
        let mut list = Vec::with_capacity(points.len());
        for p in points {
            let vectors = NamedVectors::default()
                .add_vector(DENSE, Vector::new_dense(p.dense.clone()))
                .add_vector(
                    SPARSE,
                    Vector::new_sparse(p.sparse.indices.clone(), p.sparse.values.clone()),
                );
            let payload = Payload::try_from(serde_json::to_value(&p.record).map_err(failed)?)
                .map_err(failed)?;
            list.push(PointStruct::new(pid(&p.record.id), vectors, payload));
        }
        self.runtime
            .block_on(
                self.client
                    .upsert_points(UpsertPointsBuilder::new(&self.collection, list).wait(true)),
            )
            .map(|_| ())
            .map_err(unavailable)
    }

    fn delete(&self, ids: &[String]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let ids = PointsIdsList {
            ids: ids.iter().map(|id| pid(id)).collect(),
        };
        self.runtime
            .block_on(
                self.client.delete_points(
                    DeletePointsBuilder::new(&self.collection)
                        .points(ids)
                        .wait(true),
                ),
            )
            .map(|_| ())
            .map_err(unavailable)
    }

    fn search(&self, q: &Query) -> Result<Vec<Hit>, StoreError> {
        let f = filter(&q.filters);
        let dense = || QdrantQuery::new_nearest(VectorInput::new_dense(q.dense.clone()));
        let sparse = || {
            QdrantQuery::new_nearest(VectorInput::new_sparse(
                q.sparse.indices.clone(),
                q.sparse.values.clone(),
            ))
        };
        let mut request = QueryPointsBuilder::new(&self.collection)
            .limit(q.limit as u64)
            .with_payload(true);
        request = match q.mode {
            Mode::Dense => request.query(dense()).using(DENSE),
            Mode::Sparse => request.query(sparse()).using(SPARSE),
            Mode::Hybrid => {
                let prefetch = |query, using: &str| {
                    let mut p = PrefetchQueryBuilder::default()
                        .query(query)
                        .using(using)
                        .limit(q.prefetch_limit() as u64);
                    if let Some(f) = f.clone() {
                        p = p.filter(f);
                    }
                    p
                };
                request
                    .add_prefetch(prefetch(dense(), DENSE))
                    .add_prefetch(prefetch(sparse(), SPARSE))
                    .query(QdrantQuery::new_rrf(
                        RrfBuilder::with_k(u32::try_from(q.fusion.k).unwrap_or(u32::MAX))
                            .weights(vec![q.fusion.dense_weight, q.fusion.sparse_weight]),
                    ))
            }
        };
        if let Some(f) = f {
            request = request.filter(f);
        }
        let response = self
            .runtime
            .block_on(self.client.query(request))
            .map_err(unavailable)?;
        response
            .result
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
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let point_ids: Vec<PointId> = ids.iter().map(|id| pid(id)).collect();
        let response =
            self.runtime
                .block_on(self.client.get_points(
                    GetPointsBuilder::new(&self.collection, point_ids).with_payload(true),
                ))
                .map_err(unavailable)?;
        let mut by_id: HashMap<String, Record> = HashMap::new();
        for p in response.result {
            let record = record_of(p.payload)?;
            by_id.insert(record.id.clone(), record);
        }
        Ok(ids.iter().filter_map(|id| by_id.remove(id)).collect())
    }

    fn scan(&self, filters: &Filters) -> Result<Vec<Record>, StoreError> {
        self.scroll_all(filters, SelectorOptions::Enable(true))
    }

    fn scan_outline(&self, filters: &Filters) -> Result<Vec<Record>, StoreError> {
        let fields = OUTLINE_OMITS.iter().map(|k| k.to_string()).collect();
        self.scroll_all(filters, PayloadExcludeSelector { fields }.into())
    }

    fn count(&self, filters: &Filters) -> Result<usize, StoreError> {
        let mut request = CountPointsBuilder::new(&self.collection).exact(true);
        if let Some(f) = filter(filters) {
            request = request.filter(f);
        }
        let response = self
            .runtime
            .block_on(self.client.count(request))
            .map_err(unavailable)?;
        Ok(response.result.map(|r| r.count as usize).unwrap_or(0))
    }
}

impl ServerStore {
    fn scroll_all(
        &self,
        filters: &Filters,
        payload: SelectorOptions,
    ) -> Result<Vec<Record>, StoreError> {
        let f = filter(filters);
        let mut out = Vec::new();
        let mut offset: Option<PointId> = None;
        loop {
            let mut request = ScrollPointsBuilder::new(&self.collection)
                .limit(PAGE)
                .with_payload(payload.clone())
                .with_vectors(false);
            if let Some(f) = f.clone() {
                request = request.filter(f);
            }
            if let Some(o) = offset.take() {
                request = request.offset(o);
            }
            let response = self
                .runtime
                .block_on(self.client.scroll(request))
                .map_err(unavailable)?;
            for p in response.result {
                out.push(record_of(p.payload)?);
            }
            match response.next_page_offset {
                Some(next) if next.point_id_options.is_some() => offset = Some(next),
                _ => return Ok(out),
            }
        }
    }
}
