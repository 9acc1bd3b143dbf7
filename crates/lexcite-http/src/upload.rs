//! A file handed in as `multipart/form-data`: one `file` part and a few named text fields.
//! The whole body is read under the same size limit and timeout as a JSON body and kept in
//! memory only; nothing of it is written to disk.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

use actix_multipart::Multipart;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::StreamExt;

use crate::body;
use crate::error::{ApiError, ErrorCode};

/// The longest text field taken, in bytes.
const MAX_FIELD: usize = 1024;

/// An uploaded file and the form's other fields.
#[derive(Debug)]
pub struct Upload {
    pub file: web::Bytes,
    /// The file name the client gave, if any (only ever shown back, never used as a path).
    pub filename: Option<String>,
    pub fields: BTreeMap<String, String>,
}

impl Upload {
    /// A field read as `T`; an empty field is no field (as a browser sends an empty input);
    /// a value that does not parse is a 400 naming the field.
    pub fn field<T: std::str::FromStr>(&self, name: &str) -> Result<Option<T>, ApiError>
    where
        T::Err: std::fmt::Display,
    {
        self.fields
            .get(name)
            .filter(|v| !v.trim().is_empty())
            .map(|v| {
                v.trim()
                    .parse()
                    .map_err(|e| ApiError::new(ErrorCode::InvalidParameter, format!("{name}: {e}")))
            })
            .transpose()
    }

    /// "draft.docx (12345 bytes)", for the audit log.
    pub fn describe(&self) -> String {
        format!(
            "{} ({} bytes)",
            self.filename.as_deref().unwrap_or("file"),
            self.file.len()
        )
    }
}

/// Whether the request carries a form (and so an [`Upload`]).
pub fn is_form(req: &HttpRequest) -> bool {
    body::content_type(req).starts_with("multipart/form-data")
}

/// Reads an upload whose form may hold `file` and the fields named in `fields`.
pub fn read(
    req: &HttpRequest,
    payload: &mut actix_web::dev::Payload,
    fields: &'static [&'static str],
) -> Pin<Box<dyn Future<Output = Result<Upload, ApiError>>>> {
    let form = is_form(req);
    let oversized = body::oversized(req);
    let headers = req.headers().clone();
    let bytes = body::read(req, payload);
    Box::pin(async move {
        if let Some(e) = oversized {
            return Err(e);
        }
        if !form {
            return Err(ApiError::new(
                ErrorCode::InvalidContentType,
                "the file must be sent as multipart/form-data with a part named \"file\"",
            ));
        }
        let bytes = bytes.await?;
        let stream =
            futures_util::stream::once(
                async move { Ok::<_, actix_web::error::PayloadError>(bytes) },
            );
        let mut parts = Multipart::new(&headers, stream);
        let mut upload = Upload {
            file: web::Bytes::new(),
            filename: None,
            fields: BTreeMap::new(),
        };
        let mut seen_file = false;
        while let Some(part) = parts.next().await {
            let mut part = part.map_err(malformed)?;
            let name = part.name().unwrap_or_default().to_string();
            let filename = part
                .content_disposition()
                .and_then(|d| d.get_filename())
                .map(str::to_string);
            let mut data = web::BytesMut::new();
            while let Some(chunk) = part.next().await {
                data.extend_from_slice(&chunk.map_err(malformed)?);
            }
            if name == "file" {
                if seen_file {
                    return Err(ApiError::new(
                        ErrorCode::InvalidBody,
                        "one file at a time: the form has more than one part named \"file\"",
                    ));
                }
                seen_file = true;
                upload.file = data.freeze();
                upload.filename = filename;
            } else if fields.contains(&name.as_str()) {
                if data.len() > MAX_FIELD {
                    return Err(ApiError::new(
                        ErrorCode::InvalidParameter,
                        format!("{name}: at most {MAX_FIELD} bytes"),
                    ));
                }
                let value = String::from_utf8(data.to_vec()).map_err(|_| {
                    ApiError::new(ErrorCode::InvalidParameter, format!("{name}: not UTF-8"))
                })?;
                upload.fields.insert(name, value);
            } else {
                let known = std::iter::once("file")
                    .chain(fields.iter().copied())
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(ApiError::new(
                    ErrorCode::InvalidBody,
                    format!("unknown form field \"{name}\" (the form takes {known})"),
                ));
            }
        }
        if !seen_file {
            return Err(ApiError::new(
                ErrorCode::InvalidBody,
                "the form has no part named \"file\"",
            ));
        }
        Ok(upload)
    })
}

fn malformed(e: actix_multipart::MultipartError) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidBody,
        format!("cannot read the multipart form: {e}"),
    )
}

/// The fields of a verify or annotate form.
pub const VERIFY_FIELDS: &[&str] = &["as_of", "check_content"];

impl FromRequest for Upload {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut actix_web::dev::Payload) -> Self::Future {
        read(req, payload, VERIFY_FIELDS)
    }
}

/// A form's date field: YYYY-MM-DD, or empty as a browser sends an empty input (no date).
pub fn date_or_empty() -> utoipa::openapi::schema::Schema {
    use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, OneOfBuilder, SchemaFormat, Type};
    OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Date))),
        )
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(0)),
        )
        .description(Some("YYYY-MM-DD; empty for none"))
        .build()
        .into()
}
