//! The workspace for people: `GET /` and `GET /assets/{file}`, the files of `web/` embedded in
//! the binary, so the page needs no internet, no CDN and no build step. The page asks for the
//! API key itself and calls the same `/v1` routes as any other client; what it serves is
//! public. Every response carries a Content-Security-Policy that allows only the page's own
//! files (no inline script or style), and may not be framed.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, web};
use rust_embed::RustEmbed;

use crate::error::{ApiError, ErrorCode};
use crate::handlers::resource;

#[derive(RustEmbed)]
#[folder = "web/"]
struct Files;

/// What the page may load: its own scripts, styles, images and fonts, and calls to this
/// server; nothing inline, no frames of it anywhere.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; \
     style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; \
     form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/", "GET, HEAD").route(web::get().to(index)))
        .service(resource("/assets/{file:.+}", "GET, HEAD").route(web::get().to(asset)));
}

async fn index() -> Result<HttpResponse, ApiError> {
    served("index.html")
}

async fn asset(file: web::Path<String>) -> Result<HttpResponse, ApiError> {
    served(&file)
}

fn served(name: &str) -> Result<HttpResponse, ApiError> {
    let missing = || {
        ApiError::new(
            ErrorCode::RouteNotFound,
            format!("the workspace has no file {name}"),
        )
    };
    let data = match std::env::var_os(WEB_DIR) {
        Some(dir) => from_folder(std::path::Path::new(&dir), name).ok_or_else(missing)?,
        None => Files::get(name).ok_or_else(missing)?.data.into_owned(),
    };
    let mut res = HttpResponse::Ok();
    res.insert_header((header::CONTENT_TYPE, content_type(name)))
        .insert_header((header::CACHE_CONTROL, "no-cache"));
    for (name, value) in security_headers() {
        res.insert_header((name, value));
    }
    Ok(res.body(data))
}

/// Set, the page is read from this folder at every request instead of from the binary: for
/// working on the page without rebuilding.
pub const WEB_DIR: &str = "LEXCITE_WEB_DIR";

/// A file of the folder by its plain name: no path that climbs out of it.
fn from_folder(dir: &std::path::Path, name: &str) -> Option<Vec<u8>> {
    let plain = name
        .split('/')
        .all(|part| !part.is_empty() && part != "." && part != ".." && !part.contains('\\'));
    if !plain {
        return None;
    }
    std::fs::read(dir.join(name)).ok()
}

/// The headers every page response carries.
pub fn security_headers() -> [(header::HeaderName, HeaderValue); 5] {
    [
        (
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        ),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
        (
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ),
        (header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY")),
        (
            header::HeaderName::from_static("cross-origin-opener-policy"),
            HeaderValue::from_static("same-origin"),
        ),
    ]
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("html") => "text/html; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("json") => "application/json",
        Some("woff2") => "font/woff2",
        _ => "application/octet-stream",
    }
}
