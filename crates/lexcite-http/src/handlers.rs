//! What every route's handler is built from: a resource that answers the methods it does not
//! take with 405 and `Allow`, and engine work on the blocking pool.

use actix_web::{HttpResponse, Resource, web};

use crate::error::{ApiError, ErrorCode};

/// A resource that answers a method other than `allow` with 405 and `Allow`, in the error
/// shape.
pub fn resource(path: &str, allow: &'static str) -> Resource {
    web::resource(path).default_service(web::to(move || async move {
        let mut e = ApiError::new(
            ErrorCode::MethodNotAllowed,
            format!("this route takes {allow} only"),
        );
        e.allow = Some(allow);
        Err::<HttpResponse, _>(e)
    }))
}

/// Runs engine work on the blocking pool.
pub async fn blocking<T: Send + 'static, E: Send + 'static>(
    f: impl FnOnce() -> Result<T, E> + Send + 'static,
) -> Result<T, ApiError>
where
    ApiError: From<E>,
{
    // The engine's logs carry the request's span.
    let span = tracing::Span::current();
    web::block(move || span.in_scope(f))
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
        .map_err(ApiError::from)
}

/// Whether the request's `Accept` header names `media` ("text/csv", "text/event-stream").
pub fn accepts(req: &actix_web::HttpRequest, media: &str) -> bool {
    req.headers()
        .get(actix_web::http::header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains(media))
}
