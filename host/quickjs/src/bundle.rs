//! The app bundle: which directory an app may read from, and which module
//! starts it.
//!
//! # Why the boundary is here
//! `reel run`/`reel certify` take what a bundler writes, unchanged: Vite's
//! `dist/` (an `index.html` whose `<script type="module" src="/assets/index-…js">`
//! names the entry, chunks beside it under `assets/` importing each other
//! by relative paths, images and data files), a single esbuild file, or a
//! plain module with its own files. Everything the host later lets the app
//! read — modules ([`crate::sandbox`]), `fetch` (the prelude over
//! [`read_file`]) and image `src`s — is resolved against one directory,
//! the bundle's **root**, as a browser resolves against its document:
//! `/assets/x.png` and `assets/x.png` name the same file. So the root is
//! decided once, here, before anything runs:
//!
//! * `APP` a directory: the root; its `index.html` names the entry;
//! * `APP` an `.html` file: its directory is the root; the first
//!   `<script type="module" src=…>` is the entry;
//! * `APP` a `.js`/`.mjs` file: the root is its directory, or `--root DIR`
//!   (which must contain it).
//!
//! The root and the entry are canonical paths; the entry is inside the root.

use std::fmt;
use std::path::{Component, Path, PathBuf};

/// The origin the native host gives the app's document: `location.origin`,
/// the base of `fetch` and `import.meta.url`. Only URLs of this origin (or
/// root-relative paths) name bundle files.
pub const APP_ORIGIN: &str = reel_host::images::APP_ORIGIN;

/// An app bundle: its root directory and its entry module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppBundle {
    /// Canonical root directory: everything the app may read is under it.
    pub root: PathBuf,
    /// Canonical entry module (inside `root`).
    pub entry: PathBuf,
    /// The document's path (`/` or `/index.html`'s directory): the initial
    /// `location.pathname`.
    pub document_path: String,
}

/// Why an app bundle cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BundleError {
    /// `APP` (or `--root`) does not exist or cannot be read.
    Missing {
        /// The path as given.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A directory without `index.html`.
    NoIndex {
        /// The directory as given.
        dir: PathBuf,
    },
    /// An HTML page without `<script type="module" src=…>`.
    NoModuleScript {
        /// The page as given.
        page: PathBuf,
    },
    /// The module script's `src` is not a file of the bundle.
    BadScriptSrc {
        /// The page as given.
        page: PathBuf,
        /// The `src` as written.
        src: String,
        /// Why.
        message: String,
    },
    /// The entry is not inside `--root`.
    EntryOutsideRoot {
        /// The entry as given.
        entry: PathBuf,
        /// The root as given.
        root: PathBuf,
    },
    /// Neither a directory, an `.html` page nor a `.js`/`.mjs` module.
    NotAnApp {
        /// The path as given.
        path: PathBuf,
    },
}

impl fmt::Display for BundleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Missing { path, message } => write!(f, "{}: {message}", path.display()),
            Self::NoIndex { dir } => write!(
                f,
                "{}: a directory app needs an index.html with <script type=\"module\" src=...> (or give the entry module file)",
                dir.display()
            ),
            Self::NoModuleScript { page } => write!(
                f,
                "{}: no <script type=\"module\" src=...> (inline module scripts are not run; give the entry module file instead)",
                page.display()
            ),
            Self::BadScriptSrc { page, src, message } => {
                write!(f, "{}: <script type=\"module\" src=\"{src}\">: {message}", page.display())
            }
            Self::EntryOutsideRoot { entry, root } => {
                write!(f, "{} is not inside --root {}", entry.display(), root.display())
            }
            Self::NotAnApp { path } => write!(
                f,
                "{}: not an app (give a .js/.mjs module, an .html page with a module script, or a bundle directory)",
                path.display()
            ),
        }
    }
}

impl std::error::Error for BundleError {}

fn canon(p: &Path) -> Result<PathBuf, BundleError> {
    std::fs::canonicalize(p).map_err(|e| BundleError::Missing { path: p.to_path_buf(), message: e.to_string() })
}

impl AppBundle {
    /// Resolves `app` (a module, a page or a directory) and an optional
    /// explicit root; see the module docs.
    pub fn open(app: &Path, root: Option<&Path>) -> Result<Self, BundleError> {
        let app_c = canon(app)?;
        let explicit_root = root.map(canon).transpose()?;
        let page = if app_c.is_dir() {
            let index = app_c.join("index.html");
            if !index.is_file() {
                return Err(BundleError::NoIndex { dir: app.to_path_buf() });
            }
            Some(index)
        } else if matches!(ext(&app_c), Some("html" | "htm")) {
            Some(app_c.clone())
        } else if matches!(ext(&app_c), Some("js" | "mjs")) {
            None
        } else {
            return Err(BundleError::NotAnApp { path: app.to_path_buf() });
        };
        let Some(page) = page else {
            let root_c = match explicit_root {
                Some(r) => r,
                None => app_c.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/")),
            };
            if !app_c.starts_with(&root_c) {
                return Err(BundleError::EntryOutsideRoot {
                    entry: app.to_path_buf(),
                    root: root.map(Path::to_path_buf).unwrap_or_default(),
                });
            }
            return Ok(Self { root: root_c, entry: app_c, document_path: "/".into() });
        };
        let page_dir = page.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/"));
        let root_c = explicit_root.unwrap_or_else(|| page_dir.clone());
        if !page.starts_with(&root_c) {
            return Err(BundleError::EntryOutsideRoot {
                entry: app.to_path_buf(),
                root: root.map(Path::to_path_buf).unwrap_or_default(),
            });
        }
        let html = std::fs::read_to_string(&page)
            .map_err(|e| BundleError::Missing { path: app.to_path_buf(), message: e.to_string() })?;
        let src = module_script_src(&html).ok_or_else(|| BundleError::NoModuleScript { page: app.to_path_buf() })?;
        let bad = |message: String| BundleError::BadScriptSrc { page: app.to_path_buf(), src: src.clone(), message };
        let page_rel = page.strip_prefix(&root_c).map(Path::to_path_buf).unwrap_or_default();
        let doc_dir = url_dir(&page_rel);
        let file = resolve_url_path(&root_c, &doc_dir, &src).map_err(|e| bad(e.to_string()))?;
        if !matches!(ext(&file), Some("js" | "mjs")) {
            return Err(bad("not a .js/.mjs module".into()));
        }
        Ok(Self { root: root_c, entry: file, document_path: doc_dir })
    }

    /// The bundle-relative URL path of a file under the root (`/assets/x.js`).
    pub fn url_path(&self, file: &Path) -> Option<String> {
        url_path_in(&self.root, file)
    }
}

/// `/a/b/` for a page at `a/b/index.html` (the directory its relative URLs resolve against).
fn url_dir(page_rel: &Path) -> String {
    let mut s = String::from("/");
    if let Some(parent) = page_rel.parent() {
        for c in parent.components() {
            s.push_str(&c.as_os_str().to_string_lossy());
            s.push('/');
        }
    }
    s
}

/// The root-relative URL path of `file` (`/assets/x.js`), if it is under `root`.
pub fn url_path_in(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let mut s = String::new();
    for c in rel.components() {
        s.push('/');
        s.push_str(&c.as_os_str().to_string_lossy());
    }
    Some(if s.is_empty() { "/".into() } else { s })
}

fn ext(p: &Path) -> Option<&str> {
    p.extension().and_then(|e| e.to_str())
}

/// Why a URL reference written in the document is not a file of the app
/// bundle. The text names what was tried, never a host path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlPathError {
    /// Another origin or scheme (only the app's origin and paths are files).
    Foreign {
        /// The reference as written.
        reference: String,
    },
    /// Outside the bundle, or a segment unusable as a file name.
    Outside {
        /// The reference as written.
        reference: String,
    },
    /// No such file in the bundle.
    Missing {
        /// The reference as written.
        reference: String,
        /// The bundle path tried (`/a/b.js`).
        tried: String,
    },
}

impl fmt::Display for UrlPathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Foreign { reference } => {
                write!(f, "{reference}: not a file of the app bundle (only {APP_ORIGIN}/... and paths are)")
            }
            Self::Outside { reference } => write!(f, "{reference}: not a file of the app bundle"),
            Self::Missing { reference, tried } => {
                write!(f, "{reference}: no such file in the app bundle (tried {tried})")
            }
        }
    }
}

impl std::error::Error for UrlPathError {}

/// Resolves a URL reference written in the document (`/assets/x.js`,
/// `./x.js`, `x.js`, `http://localhost/x.js`; query and fragment dropped)
/// to a canonical file under `root`. The message names what was tried,
/// never a host path.
pub fn resolve_url_path(root: &Path, doc_dir: &str, reference: &str) -> Result<PathBuf, UrlPathError> {
    let r = reference.split(['?', '#']).next().unwrap_or("");
    let r = match r.strip_prefix(APP_ORIGIN) {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => rest,
        _ => r,
    };
    if r.contains("://") || r.starts_with("//") || r.split_once(':').is_some_and(|(s, _)| !s.contains('/')) {
        return Err(UrlPathError::Foreign { reference: reference.to_string() });
    }
    let outside = || UrlPathError::Outside { reference: reference.to_string() };
    let joined = if r.starts_with('/') { r.to_string() } else { format!("{doc_dir}{r}") };
    let rel = normalize_url_path(&joined).ok_or_else(outside)?;
    let missing = || UrlPathError::Missing { reference: reference.to_string(), tried: format!("/{rel}") };
    let file = std::fs::canonicalize(root.join(&rel)).map_err(|_| missing())?;
    if !file.starts_with(root) {
        return Err(outside());
    }
    if !file.is_file() {
        return Err(missing());
    }
    Ok(file)
}

/// `/a/./b/../c` → `a/c`: a URL path's dot segments removed, percent-escapes
/// decoded, as a relative file path; `None` when a segment is unusable as a
/// file name (a NUL, a `/` or `\` decoded from an escape).
pub fn normalize_url_path(path: &str) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                out.pop();
            }
            s => {
                let d = percent_decode(s)?;
                if d.contains(['\0', '/', '\\']) || d == ".." || d == "." {
                    return None;
                }
                out.push(d);
            }
        }
    }
    let rel = out.join("/");
    // What the OS sees must be plain names (no prefix or root components).
    Path::new(&rel).components().all(|c| matches!(c, Component::Normal(_))).then_some(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = b.get(i + 1..i + 3)?;
            let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(v);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The `src` of the first `<script type="module" src=...>` of `html` (a
/// plain scan of the tags, not an HTML parser; comments are skipped).
pub fn module_script_src(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while let Some(off) = lower[i..].find('<') {
        let at = i + off;
        if lower[at..].starts_with("<!--") {
            i = lower[at..].find("-->").map_or(lower.len(), |e| at + e + 3);
            continue;
        }
        let end = lower[at..].find('>').map(|e| at + e)?;
        let tag = &html[at + 1..end];
        i = end + 1;
        if !tag.to_ascii_lowercase().starts_with("script") {
            continue;
        }
        let attrs = attributes(&tag[6..]);
        let get = |k: &str| attrs.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone());
        if get("type").is_some_and(|t| t.eq_ignore_ascii_case("module")) {
            if let Some(src) = get("src").filter(|s| !s.is_empty()) {
                return Some(src);
            }
        }
    }
    None
}

/// `name=value` / `name="value"` / `name='value'` / `name` pairs of a tag.
fn attributes(s: &str) -> Vec<(String, String)> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && (b[i].is_ascii_whitespace() || b[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'=' && b[i] != b'/' {
            i += 1;
        }
        if start == i {
            i += 1;
            continue;
        }
        let name = s[start..i].to_ascii_lowercase();
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if b.get(i) == Some(&b'=') {
            i += 1;
            while i < b.len() && b[i].is_ascii_whitespace() {
                i += 1;
            }
            if let Some(&q) = b.get(i).filter(|&&c| c == b'"' || c == b'\'') {
                let vs = i + 1;
                let ve = s[vs..].find(q as char).map_or(s.len(), |e| vs + e);
                value = s[vs..ve].to_string();
                i = ve + 1;
            } else {
                let vs = i;
                while i < b.len() && !b[i].is_ascii_whitespace() {
                    i += 1;
                }
                value = s[vs..i].to_string();
            }
        }
        out.push((name, value));
    }
    out
}

/// Reads `url_path` (a root-relative, already dot-normalised URL path such
/// as `/api/home.json`) from the bundle: `Ok(None)` when there is no such
/// file (a 404), `Err` with a constant message when the path is unusable
/// or resolves out of the bundle (a symlink).
pub fn read_file(root: &Path, url_path: &str) -> Result<Option<Vec<u8>>, &'static str> {
    const REFUSED: &str = "not a file of the app bundle";
    let rel = normalize_url_path(url_path).ok_or(REFUSED)?;
    let Ok(file) = std::fs::canonicalize(root.join(&rel)) else { return Ok(None) };
    if !file.starts_with(root) {
        return Err(REFUSED);
    }
    if !file.is_file() {
        return Ok(None);
    }
    std::fs::read(&file).map(Some).map_err(|_| "the file could not be read")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_module_script() {
        let vite = "<!doctype html><html><head><title>x</title>  <script type=\"module\" crossorigin src=\"/assets/index-ok_xUNJ9.js\"></script>\n</head><body></body></html>";
        assert_eq!(module_script_src(vite).as_deref(), Some("/assets/index-ok_xUNJ9.js"));
        let html = "<!-- <script type=module src=a.js> --><script src=legacy.js></script><SCRIPT TYPE='module'>inline</SCRIPT><script type=module src=./b.js>";
        assert_eq!(module_script_src(html).as_deref(), Some("./b.js"));
        assert_eq!(module_script_src("<script type=module>x</script>"), None);
    }

    #[test]
    fn url_paths_normalise_inside() {
        assert_eq!(normalize_url_path("/a/./b/../c.png").as_deref(), Some("a/c.png"));
        assert_eq!(normalize_url_path("/../../etc/passwd").as_deref(), Some("etc/passwd"));
        assert_eq!(normalize_url_path("/a%20b.png").as_deref(), Some("a b.png"));
        assert_eq!(normalize_url_path("/a%2F..%2F..%2Fx"), None);
        assert_eq!(normalize_url_path("/%2e%2e/x"), None);
        assert_eq!(normalize_url_path("/bad%zz"), None);
    }
}
