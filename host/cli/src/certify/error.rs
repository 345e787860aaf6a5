//! Why a `reel certify` run (or merge) could not produce its report.
//!
//! A device whose app fails to run is not an error here: it is a device
//! with status `error` in the report (the run goes on with the others).
//! These are the failures that stop the whole command: unreadable inputs,
//! unwritable outputs.

use std::fmt;
use std::path::PathBuf;

use reel_host::profile::ProfileError;
use reel_quickjs::keys::KeyScriptError;

use super::baseline::BaselineError;
use super::shard::MergeError;

/// A failure that stops `reel certify`.
#[derive(Debug)]
pub enum CertifyError {
    /// A file or directory could not be read or written.
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        error: std::io::Error,
    },
    /// A key script that does not parse.
    Script {
        /// The script file.
        path: PathBuf,
        /// Where and why.
        error: KeyScriptError,
    },
    /// A device profile that cannot be loaded.
    Profile(ProfileError),
    /// The `--baseline` report cannot be used.
    Baseline(BaselineError),
    /// Shards that cannot be merged.
    Merge(MergeError),
    /// A report that cannot be serialised (a bug).
    Json {
        /// The file it was for.
        path: PathBuf,
        /// The serialiser's message.
        error: serde_json::Error,
    },
    /// A checkpoint screenshot that cannot be encoded.
    Png {
        /// The painted frame.
        frame: u32,
        /// The encoder's message.
        message: String,
    },
}

impl CertifyError {
    /// An I/O error at `path`.
    pub fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |error| Self::Io { path, error }
    }
}

impl fmt::Display for CertifyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, error } => write!(f, "{}: {error}", path.display()),
            Self::Script { path, error } => write!(f, "{}: {error}", path.display()),
            Self::Profile(e) => write!(f, "{e}"),
            Self::Baseline(e) => write!(f, "{e}"),
            Self::Merge(e) => write!(f, "{e}"),
            Self::Json { path, error } => write!(f, "{}: {error}", path.display()),
            Self::Png { frame, message } => write!(f, "frame {frame}: {message}"),
        }
    }
}

impl std::error::Error for CertifyError {}

impl From<ProfileError> for CertifyError {
    fn from(e: ProfileError) -> Self {
        Self::Profile(e)
    }
}

impl From<BaselineError> for CertifyError {
    fn from(e: BaselineError) -> Self {
        Self::Baseline(e)
    }
}

impl From<MergeError> for CertifyError {
    fn from(e: MergeError) -> Self {
        Self::Merge(e)
    }
}
