//! The web app's worker: the messages the page and the worker exchange ([`protocol`]) and the
//! worker's side of them ([`session`]). The page links only the protocol; the heavy part of the
//! core (placement, availability, importers, exports) is linked into the worker alone.

pub mod protocol;
pub mod session;
