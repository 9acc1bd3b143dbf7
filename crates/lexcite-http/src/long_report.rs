//! `POST /v1/citations/verify` on a long text: the same JSON report, written as the verifier
//! hands each reference on, so that neither the report nor its JSON is held whole (the JSON
//! of a claim-dense text is ten times the text). An error before the first byte is an
//! ordinary error response; one after it cuts the body short, which no JSON reader takes for
//! a whole report.

use std::ops::ControlFlow;
use std::sync::Arc;

use actix_web::{HttpRequest, HttpResponse, web};
use tokio::sync::mpsc;

use lexcite_engine::verify::{CheckedReference, VerifyRequest};
use lexcite_engine::{Access, Engine};

use crate::audit::note;
use crate::auth::Caller;
use crate::error::ApiError;

/// Texts from this size on are answered as they are judged.
pub const FROM_BYTES: usize = 256 * 1024;

/// Bytes gathered before they are sent on.
const CHUNK: usize = 64 * 1024;

enum Part {
    /// Every unit the report will name, for the audit line (read before judging, which
    /// resolution alone settles).
    Units(Vec<String>),
    Bytes(web::Bytes),
    Failed(ApiError),
}

/// Answers `wanted` with its report as JSON, written as it is made.
pub async fn verify(
    engine: Arc<Engine>,
    req: &HttpRequest,
    caller: Caller,
    wanted: VerifyRequest,
) -> Result<HttpResponse, ApiError> {
    let (tx, mut rx) = mpsc::channel::<Part>(4);
    let access = caller.access();
    let chars = wanted.text.chars().count();
    let span = tracing::Span::current();
    // The engine runs on the blocking pool; the caller's permit is held until it is done.
    actix_web::rt::task::spawn_blocking(move || {
        let _held = caller;
        span.in_scope(|| write(&engine, wanted, access, &tx));
    });
    match rx.recv().await {
        Some(Part::Units(ids)) => note(req, format!("{chars} characters"), ids),
        Some(Part::Failed(e)) => return Err(e),
        _ => return Err(ApiError::internal("the report stopped before it began")),
    }
    let body = futures_util::stream::unfold(rx, |mut rx| async move {
        match rx.recv().await? {
            Part::Bytes(b) => Some((Ok::<_, actix_web::Error>(b), rx)),
            Part::Failed(e) => Some((Err(e.into()), rx)),
            Part::Units(_) => None,
        }
    });
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .streaming(body))
}

/// Resolves the text once to name its units, then judges it and sends the JSON in chunks.
fn write(engine: &Engine, mut wanted: VerifyRequest, access: Access, tx: &mpsc::Sender<Part>) {
    let judged = std::mem::replace(&mut wanted.check_content, false);
    let mut ids = Vec::new();
    let resolved = engine.verify_each(&wanted, access, &mut |r| {
        ids.extend(r.units.into_iter().filter_map(|u| u.unit_id));
        ControlFlow::Continue(())
    });
    if let Err(e) = resolved {
        let _ = tx.blocking_send(Part::Failed(e.into()));
        return;
    }
    if tx.blocking_send(Part::Units(ids)).is_err() {
        return;
    }
    wanted.check_content = judged;
    let mut out = b"{\"references\":[".to_vec();
    let mut first = true;
    let mut stopped = false;
    let send = |out: &mut Vec<u8>| {
        let chunk = web::Bytes::from(std::mem::take(out));
        tx.blocking_send(Part::Bytes(chunk)).is_ok()
    };
    let result = engine.verify_each(&wanted, access, &mut |r: CheckedReference| {
        if !std::mem::take(&mut first) {
            out.push(b',');
        }
        if let Err(e) = serde_json::to_writer(&mut out, &r) {
            let _ = tx.blocking_send(Part::Failed(ApiError::internal(e.to_string())));
            stopped = true;
        } else if out.len() >= CHUNK && !send(&mut out) {
            // The caller went away.
            stopped = true;
        }
        if stopped {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    });
    if stopped {
        return;
    }
    match result.map(|summary| serde_json::to_vec(&summary)) {
        Ok(Ok(summary)) => {
            out.extend_from_slice(b"],\"summary\":");
            out.extend_from_slice(&summary);
            out.push(b'}');
            send(&mut out);
        }
        Ok(Err(e)) => {
            let _ = tx.blocking_send(Part::Failed(ApiError::internal(e.to_string())));
        }
        Err(e) => {
            let _ = tx.blocking_send(Part::Failed(e.into()));
        }
    }
}
