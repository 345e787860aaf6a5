//! Generic code that is shared between multiple layout algorithms
pub(crate) mod alignment;

#[cfg(feature = "content_size")]
pub(crate) mod content_size;
