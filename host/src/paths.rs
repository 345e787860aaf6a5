//! Where things are: the workspace root, `engine.wasm`, `devices/`.
//!
//! The `reel` binary may be run from anywhere inside the workspace (or
//! installed elsewhere), so defaults are found by walking up from the
//! current directory to the workspace root, with environment variables to
//! override them: `REEL_ENGINE_WASM` (the engine file, as `tools/test.sh`
//! exports it), `REEL_ENGINE_WASM2JS` (the JS fallback engine, the
//! wasm2js build devices with `wasm = false` run), `REEL_ENGINE_DEBUG_WASM`
//! (the debug module with the egui overlay, `reel run --debug-overlay`) and
//! `REEL_DEVICES_DIR`.

use std::fmt;
use std::path::{Path, PathBuf};

/// Environment variable naming the engine file.
pub const ENGINE_ENV: &str = "REEL_ENGINE_WASM";
/// Environment variable naming the wasm2js engine file.
pub const ENGINE_JS_ENV: &str = "REEL_ENGINE_WASM2JS";
/// Environment variable naming the debug engine file (with the overlay).
pub const ENGINE_DEBUG_ENV: &str = "REEL_ENGINE_DEBUG_WASM";
/// Environment variable naming the devices directory.
pub const DEVICES_ENV: &str = "REEL_DEVICES_DIR";

/// The engine file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EnginePathError {
    /// No file there.
    Missing {
        /// Where it was looked for.
        path: PathBuf,
        /// How that path was chosen.
        source: &'static str,
    },
    /// It exists but cannot be read.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// No debug module (`engine-debug.wasm`, with the overlay) there.
    MissingDebug {
        /// Where it was looked for.
        path: PathBuf,
        /// How that path was chosen.
        source: &'static str,
    },
}

impl fmt::Display for EnginePathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { path, source } => write!(
                f,
                "engine.wasm not found at {} ({source}).\n  Build it with `bash tools/build-wasm.sh` \
                 (run `bash tools/setup.sh` once first for its toolchain; `bash tools/test.sh` does both),\n  \
                 or point at one with --engine PATH or {ENGINE_ENV}=PATH.",
                path.display()
            ),
            Self::Unreadable { path, message } => write!(f, "cannot read engine {}: {message}", path.display()),
            Self::MissingDebug { path, source } => write!(
                f,
                "the debug engine (engine-debug.wasm, with the egui overlay) was not found at {} ({source}).\n  \
                 Build it with `bash tools/build-wasm-debug.sh` (run `bash tools/setup.sh` once first for its toolchain),\n  \
                 or point at one with --engine PATH or {ENGINE_DEBUG_ENV}=PATH.",
                path.display()
            ),
        }
    }
}

impl std::error::Error for EnginePathError {}

/// The rule every engine file follows: the command line's path
/// (`explicit`, `flag_note` says which option), else the environment
/// variable (`env_note` names it), else `<workspace>/target/<file>`; with a
/// note of which it was.
fn pick(explicit: Option<&Path>, flag_note: &'static str, env: &str, env_note: &'static str, file: &str) -> (PathBuf, &'static str) {
    if let Some(p) = explicit {
        return (p.to_path_buf(), flag_note);
    }
    if let Some(p) = std::env::var_os(env).filter(|p| !p.is_empty()) {
        return (PathBuf::from(p), env_note);
    }
    (workspace_root().join("target").join(file), "the default path")
}

/// The debug engine path (`reel run --debug-overlay`): `explicit`, else
/// `$REEL_ENGINE_DEBUG_WASM`, else `<workspace>/target/engine-debug.wasm`;
/// with a note of which it was.
pub fn engine_debug_path(explicit: Option<&Path>) -> (PathBuf, &'static str) {
    pick(explicit, "from --engine", ENGINE_DEBUG_ENV, "from $REEL_ENGINE_DEBUG_WASM", "engine-debug.wasm")
}

/// Reads the debug engine file chosen by [`engine_debug_path`].
pub fn load_debug_engine(explicit: Option<&Path>) -> Result<(PathBuf, Vec<u8>), EnginePathError> {
    let (path, source) = engine_debug_path(explicit);
    if !path.is_file() {
        return Err(EnginePathError::MissingDebug { path, source });
    }
    read_engine(path)
}

/// The bytes of an engine file that exists.
fn read_engine(path: PathBuf) -> Result<(PathBuf, Vec<u8>), EnginePathError> {
    match std::fs::read(&path) {
        Ok(b) => Ok((path, b)),
        Err(e) => Err(EnginePathError::Unreadable { path, message: e.to_string() }),
    }
}

fn is_workspace_root(dir: &Path) -> bool {
    dir.join("engine").join("Cargo.toml").is_file()
        && std::fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|s| s.contains("[workspace]"))
}

/// The workspace root: the nearest ancestor of the current directory that
/// is the Reel workspace, else the one this crate was built in.
pub fn workspace_root() -> PathBuf {
    if let Ok(cwd) = std::env::current_dir() {
        for dir in cwd.ancestors() {
            if is_workspace_root(dir) {
                return dir.to_path_buf();
            }
        }
    }
    let built = Path::new(env!("CARGO_MANIFEST_DIR"));
    built.parent().map(Path::to_path_buf).unwrap_or_else(|| built.to_path_buf())
}

/// The engine path to use: `explicit`, else `$REEL_ENGINE_WASM`, else
/// `<workspace>/target/engine.wasm`; with a note of which it was.
pub fn engine_path(explicit: Option<&Path>) -> (PathBuf, &'static str) {
    pick(explicit, "from --engine", ENGINE_ENV, "from $REEL_ENGINE_WASM", "engine.wasm")
}

/// Reads the engine file chosen by [`engine_path`].
pub fn load_engine(explicit: Option<&Path>) -> Result<(PathBuf, Vec<u8>), EnginePathError> {
    let (path, source) = engine_path(explicit);
    if !path.is_file() {
        return Err(EnginePathError::Missing { path, source });
    }
    read_engine(path)
}

/// The JS fallback engine file cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EngineJsPathError {
    /// No file there.
    Missing {
        /// Where it was looked for.
        path: PathBuf,
        /// How that path was chosen.
        source: &'static str,
    },
    /// It exists but cannot be read as UTF-8 text.
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The OS or decoding error.
        message: String,
    },
}

impl fmt::Display for EngineJsPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { path, source } => write!(
                f,
                "the JS fallback engine (wasm2js build) was not found at {} ({source}); devices with \
                 engine.wasm = false run it.\n  Build it from target/engine.wasm with \
                 `node js-shim/tools/build-wasm2js.mjs` (needs `npm ci` in js-shim/ once),\n  \
                 or point at one with --engine-js PATH or {ENGINE_JS_ENV}=PATH.",
                path.display()
            ),
            Self::Unreadable { path, message } => write!(f, "cannot read JS engine {}: {message}", path.display()),
        }
    }
}

impl std::error::Error for EngineJsPathError {}

/// The wasm2js engine path to use: `explicit`, else `$REEL_ENGINE_WASM2JS`,
/// else `<workspace>/target/engine-wasm2js.mjs`; with a note of which it was.
pub fn engine_js_path(explicit: Option<&Path>) -> (PathBuf, &'static str) {
    pick(explicit, "from --engine-js", ENGINE_JS_ENV, "from $REEL_ENGINE_WASM2JS", "engine-wasm2js.mjs")
}

/// Reads the JS engine file chosen by [`engine_js_path`].
pub fn load_engine_js(explicit: Option<&Path>) -> Result<(PathBuf, String), EngineJsPathError> {
    let (path, source) = engine_js_path(explicit);
    if !path.is_file() {
        return Err(EngineJsPathError::Missing { path, source });
    }
    match std::fs::read_to_string(&path) {
        Ok(s) => Ok((path, s)),
        Err(e) => Err(EngineJsPathError::Unreadable { path, message: e.to_string() }),
    }
}

/// Family name the default font is registered under.
pub const DEFAULT_FONT_FAMILY: &str = "DejaVu Sans";
/// Environment variable naming the default font file.
pub const FONT_ENV: &str = "REEL_DEFAULT_FONT";

/// The project's default font (`$REEL_DEFAULT_FONT`, else
/// `<workspace>/engine/fonts/DejaVuSans.ttf`), read once per process;
/// `None` when it cannot be read (text then draws nothing).
pub fn default_font() -> Option<&'static [u8]> {
    static FONT: std::sync::OnceLock<Option<Vec<u8>>> = std::sync::OnceLock::new();
    FONT.get_or_init(|| {
        let path = match std::env::var_os(FONT_ENV).filter(|p| !p.is_empty()) {
            Some(p) => PathBuf::from(p),
            None => workspace_root().join("engine").join("fonts").join("DejaVuSans.ttf"),
        };
        std::fs::read(path).ok()
    })
    .as_deref()
}

/// The devices directory: `$REEL_DEVICES_DIR`, else `<workspace>/devices`.
pub fn devices_dir() -> PathBuf {
    match std::env::var_os(DEVICES_ENV).filter(|p| !p.is_empty()) {
        Some(p) => PathBuf::from(p),
        None => workspace_root().join("devices"),
    }
}
