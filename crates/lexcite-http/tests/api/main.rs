//! The HTTP API, end to end: the real server on port 0, the real store and model.

mod access;
mod answers;
mod common;
mod drafts;
mod errors;
mod lookup;
mod operations;
mod push;
mod search;
mod spec;
mod verify;
