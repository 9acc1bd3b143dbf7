//! `POST /v1/ask` as Server-Sent Events, for a client that sends `Accept: text/event-stream`:
//! `passages` (the units found) as soon as retrieval is done, then `citations` (what the
//! sentences' `[n]` markers point to), one `sentence` per answer sentence, `references` (the
//! verifier's verdicts on references in the answer) and `done`
//! (the whole answer, as the JSON response has it). An error before anything was sent is an
//! ordinary error response; one after is an `error` event.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;
use tokio::sync::mpsc;

use lexcite_engine::Engine;
use lexcite_engine::types::AskRequest;

use crate::audit::note;
use crate::auth::Caller;
use crate::error::ApiError;

enum Message {
    Event(web::Bytes),
    /// The `passages` event and the ids of its units, for the audit line.
    Passages(web::Bytes, Vec<String>),
    Failed(ApiError),
}

fn event(name: &str, data: &impl Serialize) -> Message {
    let data = serde_json::to_string(data).unwrap_or_else(|_| "null".into());
    Message::Event(web::Bytes::from(format!("event: {name}\ndata: {data}\n\n")))
}

/// Streams the answer to `wanted`.
pub async fn ask(
    engine: std::sync::Arc<Engine>,
    req: &HttpRequest,
    caller: Caller,
    wanted: AskRequest,
) -> Result<HttpResponse, ApiError> {
    let (tx, mut rx) = mpsc::channel::<Message>(32);
    let question = wanted.question.clone();
    let access = caller.access();
    let span = tracing::Span::current();
    // The engine runs on the blocking pool and sends as it goes; the caller's permit is
    // held until it is done.
    let worker = tx.clone();
    actix_web::rt::task::spawn_blocking(move || {
        let _held = caller;
        span.in_scope(|| {
            let result = engine.ask_observed(&wanted, access, &mut |hits| {
                let ids = hits.iter().map(|h| h.unit_id.clone()).collect();
                if let Message::Event(bytes) = event("passages", &hits) {
                    let _ = worker.blocking_send(Message::Passages(bytes, ids));
                }
            });
            match result {
                Ok(answer) => {
                    let _ = worker.blocking_send(event("citations", &answer.citations));
                    for s in &answer.sentences {
                        let _ = worker.blocking_send(event("sentence", s));
                    }
                    let _ = worker.blocking_send(event("references", &answer.references));
                    let _ = worker.blocking_send(event("done", &answer));
                }
                Err(e) => {
                    let _ = worker.blocking_send(Message::Failed(e.into()));
                }
            }
        });
    });
    drop(tx);
    let first = match rx.recv().await {
        Some(Message::Passages(bytes, ids)) => {
            note(req, question, ids);
            bytes
        }
        Some(Message::Event(bytes)) => bytes,
        Some(Message::Failed(e)) => return Err(e),
        None => return Err(ApiError::internal("the answer stopped before it began")),
    };
    let rest = futures_util::stream::unfold(rx, |mut rx| async move {
        let bytes = match rx.recv().await? {
            Message::Event(bytes) | Message::Passages(bytes, _) => bytes,
            Message::Failed(e) => match event("error", &e.body()) {
                Message::Event(bytes) | Message::Passages(bytes, _) => bytes,
                Message::Failed(_) => return None,
            },
        };
        Some((Ok::<_, actix_web::Error>(bytes), rx))
    });
    let body = futures_util::StreamExt::chain(
        futures_util::stream::once(async move { Ok::<_, actix_web::Error>(first) }),
        rest,
    );
    Ok(HttpResponse::Ok()
        .content_type("text/event-stream")
        .insert_header((header::CACHE_CONTROL, "no-cache"))
        .insert_header(("X-Accel-Buffering", "no"))
        .streaming(body))
}
