//! The module sandbox: what an app may import.
//!
//! # Why the boundary is here
//! The native host runs third-party app code. QuickJS itself has no I/O; all
//! of it lives in `quickjs-libc` (`std`, `os`), which this host never links.
//! What is left is the module loader, the one place where the app can make
//! the host read a file. So the loader is the sandbox. It serves
//!
//! * relative and root-relative specifiers (`./tiles.js`, `../lib/x.js`,
//!   `/assets/chunk.js`) from the app's modules: files **inside the app
//!   bundle's root** (the entry's directory, or the root
//!   [`crate::bundle::AppBundle`] found: a Vite `dist/`). A leading `/`
//!   means the root, as it means the document's origin in a browser — an
//!   absolute host path cannot be named at all;
//! * `@reel/shim` and `@reel/shim/<sub>`: only the entry points js-shim's
//!   `package.json` `"exports"` declares (conditions `quickjs`, `import`,
//!   `default`; `*` patterns expanded), never an arbitrary file of the
//!   package (its `node_modules`, tools, tests);
//! * relative specifiers from the shim's modules: only the files those
//!   entry points import (the closure of their static and literal dynamic
//!   imports, computed once when the VM starts, `node_modules` excluded);
//!
//! and refuses everything else — bare names (`os`, `std`, `fs`, `node:*`,
//! URLs), paths that leave the bundle (including through symlinks: found
//! files are canonicalised and checked again), shim files that are not
//! entry points, and files that are not `.js`/`.mjs`.
//!
//! # One answer for everything outside
//! Specifiers are normalised lexically (`.`/`..`) **before** anything
//! touches the file system, and every refusal is the same message
//! ([`REFUSAL`]; QuickJS adds the specifier the app wrote): whether a file
//! outside the sandbox exists, or where the host keeps it, cannot be told
//! from the answer. Only a missing file inside the bundle gets its own
//! message (with the specifier, not the host path).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::{Ctx, Error, Module, Result};

/// The package name apps import the shim by.
pub const SHIM_PACKAGE: &str = "@reel/shim";

/// Export conditions this host matches, in priority order.
const CONDITIONS: [&str; 3] = ["quickjs", "import", "default"];

/// The directories and files modules may come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roots {
    /// The app bundle's root (canonical): the entry module's directory
    /// unless a root was given.
    pub bundle: PathBuf,
    /// The js-shim package directory (canonical); `None` when absent.
    pub shim: Option<PathBuf>,
    /// The shim's main entry (canonical): `exports["."]`, else `module`,
    /// `main` or `src/index.js`.
    pub shim_entry: Option<PathBuf>,
    /// `exports` of the shim's `package.json`: subpath (`.`, `./encoder`,
    /// `./paint/*`) and target (`./src/encoder.js`, `./src/paint/*.js`),
    /// JS targets under this host's conditions only.
    pub shim_exports: Vec<(String, String)>,
    /// Every shim file a module may be loaded from (canonical): the
    /// export targets and the files they import, transitively.
    pub shim_files: BTreeSet<PathBuf>,
}

impl Roots {
    /// Roots for an entry module and a shim package directory.
    pub fn new(entry: &Path, shim_dir: Option<&Path>) -> std::io::Result<(Self, PathBuf)> {
        Self::with_root(entry, None, shim_dir)
    }

    /// Roots for an entry module inside the bundle root `root` (`None`:
    /// the entry's directory).
    pub fn with_root(entry: &Path, root: Option<&Path>, shim_dir: Option<&Path>) -> std::io::Result<(Self, PathBuf)> {
        let entry = std::fs::canonicalize(entry)?;
        let bundle = match root {
            Some(r) => std::fs::canonicalize(r)?,
            None => entry.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("/")),
        };
        let shim = shim_dir.and_then(|d| std::fs::canonicalize(d).ok());
        let (shim_entry, shim_exports, shim_files) = match shim.as_deref() {
            Some(dir) => shim_package(dir),
            None => (None, Vec::new(), BTreeSet::new()),
        };
        Ok((
            Self {
                bundle,
                shim,
                shim_entry,
                shim_exports,
                shim_files,
            },
            entry,
        ))
    }

    /// Whether a module may be loaded from `path` (canonical).
    pub fn allows(&self, path: &Path) -> bool {
        path.starts_with(&self.bundle) || self.shim_files.contains(path)
    }

    /// `import.meta.url` of a module file: its URL under the app's origin
    /// (`http://localhost/assets/index.js`) for bundle files, `reel-shim:/src/x.js`
    /// for the shim package's. Never a host path.
    pub fn module_url(&self, path: &Path) -> String {
        if let Some(p) = crate::bundle::url_path_in(&self.bundle, path) {
            return format!("{}{p}", crate::bundle::APP_ORIGIN);
        }
        match self.shim.as_deref().and_then(|d| crate::bundle::url_path_in(d, path)) {
            Some(p) => format!("reel-shim:{p}"),
            None => "reel-shim:/".into(),
        }
    }

    /// The file the shim exports as `@reel/shim` + `sub` (`sub`: `""` or
    /// `/encoder`), if it does.
    fn export(&self, sub: &str) -> Option<PathBuf> {
        let dir = self.shim.as_deref()?;
        let key = format!(".{sub}");
        let target = self.shim_exports.iter().find_map(|(k, t)| {
            if *k == key {
                return Some(t.clone());
            }
            let (pre, post) = k.split_once('*')?;
            let star = key.strip_prefix(pre)?.strip_suffix(post)?;
            (!star.is_empty()).then(|| t.replacen('*', star, 1))
        });
        let target = match (target, sub.is_empty()) {
            (Some(t), _) => normalize(&dir.join(t)),
            (None, true) => self.shim_entry.clone()?,
            (None, false) => return None,
        };
        let found = std::fs::canonicalize(target).ok()?;
        self.shim_files.contains(&found).then_some(found)
    }
}

/// The one refusal for every specifier outside the sandbox. QuickJS keeps
/// only the first 256 bytes of an error message and prefixes it with
/// `Error resolving module '<specifier>' from '<importer>': `, so it is
/// short, constant (it does not even repeat the specifier) and says what
/// is allowed.
pub const REFUSAL: &str = "outside the sandbox: Reel apps may import only @reel/shim (its exported entry points) and files in their own bundle; no std/os/fs/network/process modules";

/// Why an import is not resolved (the resolver's message to QuickJS is its
/// text).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResolveError {
    /// Outside the sandbox ([`REFUSAL`]): the same answer whether or not
    /// the file exists.
    Refused,
    /// `@reel/shim` imported, but no js-shim package was found.
    NoShim,
    /// No such module file in the app bundle (the specifier).
    NotFound(String),
    /// A file that is not a `.js`/`.mjs` module (the specifier).
    NotAModule(String),
}

impl std::fmt::Display for ResolveError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused => f.write_str(REFUSAL),
            Self::NoShim => write!(f, "`{SHIM_PACKAGE}` is not available: no js-shim package was found (pass --shim DIR)"),
            Self::NotFound(name) => write!(f, "no such module file in the app bundle: `{name}`"),
            Self::NotAModule(name) => write!(f, "not a .js/.mjs module: `{name}`"),
        }
    }
}

impl std::error::Error for ResolveError {}

fn refusal() -> ResolveError {
    ResolveError::Refused
}

/// The shim package: its main entry, its JS exports and the files they
/// reach.
fn shim_package(dir: &Path) -> (Option<PathBuf>, Vec<(String, String)>, BTreeSet<PathBuf>) {
    let pkg = std::fs::read_to_string(dir.join("package.json"))
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .unwrap_or(serde_json::Value::Null);
    let pick = |v: &serde_json::Value| -> Option<String> {
        match v {
            serde_json::Value::String(s) => Some(s.clone()),
            serde_json::Value::Object(c) => CONDITIONS
                .iter()
                .find_map(|k| c.get(*k).and_then(|v| v.as_str()).map(str::to_string)),
            _ => None,
        }
    };
    let is_js = |t: &str| t.ends_with(".js") || t.ends_with(".mjs");
    let mut exports: Vec<(String, String)> = Vec::new();
    match pkg.get("exports") {
        Some(serde_json::Value::Object(m)) if m.keys().all(|k| k.starts_with('.')) => {
            for (k, v) in m {
                if let Some(t) = pick(v).filter(|t| is_js(t)) {
                    exports.push((k.clone(), t));
                }
            }
        }
        Some(v) => {
            if let Some(t) = pick(v).filter(|t| is_js(t)) {
                exports.push((".".into(), t));
            }
        }
        None => {}
    }
    // Without exports the package's main entry is its only entry point.
    let mut mains: Vec<String> = exports.iter().filter(|(k, _)| k == ".").map(|(_, t)| t.clone()).collect();
    if mains.is_empty() {
        for k in ["module", "main"] {
            if let Some(s) = pkg.get(k).and_then(|v| v.as_str()) {
                mains.push(s.to_string());
            }
        }
        mains.push("src/index.js".into());
        mains.push("index.js".into());
    }
    let entry = mains.iter().find_map(|c| {
        std::fs::canonicalize(dir.join(c))
            .ok()
            .filter(|p| p.is_file() && in_package(dir, p))
    });
    let mut roots: Vec<PathBuf> = entry.iter().cloned().collect();
    for (_, t) in &exports {
        match t.split_once('*') {
            None => roots.extend(std::fs::canonicalize(dir.join(t)).ok()),
            Some((pre, post)) => {
                let base = normalize(&dir.join(pre));
                let (walk_dir, name_pre) = if pre.ends_with('/') {
                    (base.clone(), String::new())
                } else {
                    let name = base.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                    (base.parent().map(Path::to_path_buf).unwrap_or_default(), name)
                };
                let mut found = Vec::new();
                walk_js(&walk_dir, &mut found);
                for f in found {
                    let rest = f.strip_prefix(&walk_dir).map(|r| r.to_string_lossy().into_owned()).unwrap_or_default();
                    if rest.starts_with(&name_pre) && rest.ends_with(post) {
                        roots.extend(std::fs::canonicalize(&f).ok());
                    }
                }
            }
        }
    }
    let mut files = BTreeSet::new();
    let mut todo: Vec<PathBuf> = roots.into_iter().filter(|p| p.is_file() && in_package(dir, p)).collect();
    while let Some(f) = todo.pop() {
        if !files.insert(f.clone()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&f) else { continue };
        let base = f.parent().map(Path::to_path_buf).unwrap_or_default();
        for spec in import_specifiers(&text) {
            if !(spec.starts_with("./") || spec.starts_with("../")) {
                continue;
            }
            if let Some(found) = find_file(&normalize(&base.join(&spec))) {
                if in_package(dir, &found) && !files.contains(&found) {
                    todo.push(found);
                }
            }
        }
    }
    (entry, exports, files)
}

/// Inside the package directory and not in any `node_modules`.
fn in_package(dir: &Path, p: &Path) -> bool {
    let is_js = matches!(p.extension().and_then(|e| e.to_str()), Some("js" | "mjs"));
    is_js
        && p.strip_prefix(dir)
            .is_ok_and(|rel| !rel.components().any(|c| c.as_os_str() == "node_modules"))
}

/// `.js`/`.mjs` files under `dir` (not in `node_modules`), recursively.
fn walk_js(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<PathBuf> = rd.flatten().map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if p.file_name().is_some_and(|n| n != "node_modules") {
                walk_js(&p, out);
            }
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("js" | "mjs")) {
            out.push(p);
        }
    }
}

/// The string-literal specifiers of `import ... from 'x'`, `export ... from
/// 'x'`, `import 'x'` and `import('x')` in `text`. A plain scan, not a
/// parser: it may also pick up specifiers written in comments, which only
/// ever adds files of the package itself.
pub fn import_specifiers(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$';
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let kw = if b[i..].starts_with(b"from") {
            4
        } else if b[i..].starts_with(b"import") {
            6
        } else {
            i += 1;
            continue;
        };
        let start_ok = i == 0 || !ident(b[i - 1]);
        let mut j = i + kw;
        if !start_ok || b.get(j).is_some_and(|&c| ident(c)) {
            i += kw;
            continue;
        }
        while b.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
            j += 1;
        }
        if kw == 6 && b.get(j) == Some(&b'(') {
            j += 1;
            while b.get(j).is_some_and(|c| c.is_ascii_whitespace()) {
                j += 1;
            }
        }
        if let Some(&q) = b.get(j).filter(|&&c| c == b'\'' || c == b'"' || c == b'`') {
            if let Some(len) = b[j + 1..].iter().position(|&c| c == q || c == b'\n') {
                let spec = &text[j + 1..j + 1 + len];
                if b[j + 1 + len] == q && !spec.contains("${") {
                    out.push(spec.to_string());
                }
                i = j + 1 + len;
                continue;
            }
        }
        i = j.max(i + 1);
    }
    out
}

/// Lexically normalises `.` and `..` (no file system access).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The first existing file among `path`, `path.js`, `path.mjs`,
/// `path/index.js`, canonicalised.
fn find_file(path: &Path) -> Option<PathBuf> {
    let mut tries = vec![path.to_path_buf()];
    let s = path.as_os_str().to_string_lossy().into_owned();
    tries.push(PathBuf::from(format!("{s}.js")));
    tries.push(PathBuf::from(format!("{s}.mjs")));
    tries.push(path.join("index.js"));
    tries
        .into_iter()
        .find(|p| p.is_file())
        .and_then(|p| std::fs::canonicalize(p).ok())
}

/// Resolves specifiers inside [`Roots`]; see the module docs.
#[derive(Clone, Debug)]
pub struct SandboxResolver {
    roots: Roots,
}

impl SandboxResolver {
    /// A resolver for these roots.
    pub fn new(roots: Roots) -> Self {
        Self { roots }
    }

    /// Resolves `name` imported from module `base` to a canonical path, or
    /// says why not.
    pub fn resolve_path(&self, base: &str, name: &str) -> std::result::Result<PathBuf, ResolveError> {
        let r = &self.roots;
        if let Some(sub) = name.strip_prefix(SHIM_PACKAGE).filter(|s| s.is_empty() || s.starts_with('/')) {
            if r.shim.is_none() {
                return Err(ResolveError::NoShim);
            }
            return r.export(sub).ok_or_else(refusal);
        }
        if !(name.starts_with("./") || name.starts_with("../") || name.starts_with('/')) {
            return Err(refusal());
        }
        // Lexical first: nothing outside is looked at.
        let base_path = Path::new(base);
        let in_bundle = base_path.starts_with(&r.bundle);
        let target = match name.strip_prefix('/') {
            // Root-relative, as against the document's origin.
            Some(rest) if in_bundle => normalize(&r.bundle.join(rest)),
            _ => normalize(&base_path.parent().unwrap_or(Path::new("")).join(name)),
        };
        if r.shim_files.contains(base_path) {
            // The shim's own imports: only files of its import closure.
            return find_file(&target)
                .filter(|f| r.shim_files.contains(f))
                .ok_or_else(refusal);
        }
        if !in_bundle || !target.starts_with(&r.bundle) {
            return Err(refusal());
        }
        let found = find_file(&target)
            .ok_or_else(|| ResolveError::NotFound(name.to_string()))?;
        if !found.starts_with(&r.bundle) {
            // A symlink out of the bundle.
            return Err(refusal());
        }
        if !matches!(found.extension().and_then(|e| e.to_str()), Some("js" | "mjs")) {
            return Err(ResolveError::NotAModule(name.to_string()));
        }
        Ok(found)
    }
}

impl Resolver for SandboxResolver {
    fn resolve<'js>(
        &mut self,
        _ctx: &Ctx<'js>,
        base: &str,
        name: &str,
        _a: Option<ImportAttributes<'js>>,
    ) -> Result<String> {
        match self.resolve_path(base, name) {
            Ok(p) => Ok(p.to_string_lossy().into_owned()),
            Err(e) => Err(Error::new_resolving_message(base, name, e.to_string())),
        }
    }
}

/// Loads resolved module files, re-checking the sandbox.
#[derive(Clone, Debug)]
pub struct SandboxLoader {
    roots: Roots,
}

impl SandboxLoader {
    /// A loader for these roots.
    pub fn new(roots: Roots) -> Self {
        Self { roots }
    }
}

impl Loader for SandboxLoader {
    fn load<'js>(
        &mut self,
        ctx: &Ctx<'js>,
        name: &str,
        _a: Option<ImportAttributes<'js>>,
    ) -> Result<Module<'js>> {
        let path = Path::new(name);
        let ok_ext = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("js" | "mjs")
        );
        if !self.roots.allows(path) || !ok_ext {
            return Err(Error::new_loading_message(
                name,
                "not a .js/.mjs file inside the sandbox",
            ));
        }
        let source =
            std::fs::read(path).map_err(|e| Error::new_loading_message(name, e.to_string()))?;
        let m = Module::declare(ctx.clone(), name, source)?;
        m.meta()?.set("url", self.roots.module_url(path))?;
        Ok(m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_dots() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d.js")),
            PathBuf::from("/a/c/d.js")
        );
        assert_eq!(
            normalize(Path::new("/a/../../etc/passwd")),
            PathBuf::from("/etc/passwd")
        );
    }

    fn write(p: &Path, text: &str) {
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(p, text).expect("write");
    }

    /// A temp tree: `app/` (the bundle), `shim/` (a package with exports,
    /// an internal import, tools and node_modules) and `secret.js` beside.
    fn tree(tag: &str) -> (PathBuf, SandboxResolver, String) {
        let dir = std::env::temp_dir().join(format!("reel-qjs-sandbox-{}-{tag}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let app = dir.join("app");
        write(&app.join("main.js"), "");
        write(&app.join("lib/x.js"), "");
        write(&app.join("data.json"), "{}");
        write(&dir.join("secret.js"), "");
        let shim = dir.join("shim");
        write(
            &shim.join("package.json"),
            r#"{"name":"@reel/shim","main":"./src/index.js","exports":{".":{"types":"./src/index.d.ts","default":"./src/index.js"},
               "./encoder":"./src/encoder.js","./node":{"node":"./src/node.js"},"./paint/*":"./src/paint/*.js","./package.json":"./package.json"}}"#,
        );
        write(&shim.join("src/index.js"), "import { a } from './internal.js';\nexport * from \"./encoder.js\";\n");
        write(&shim.join("src/internal.js"), "export const a = 1;\n");
        write(&shim.join("src/encoder.js"), "");
        write(&shim.join("src/node.js"), "");
        write(&shim.join("src/unexported.js"), "");
        write(&shim.join("src/paint/webgl.js"), "");
        write(&shim.join("tools/evil.js"), "");
        write(&shim.join("node_modules/esbuild/lib/main.js"), "");
        let (roots, entry) = Roots::new(&app.join("main.js"), Some(&shim)).expect("roots");
        (dir, SandboxResolver::new(roots), entry.to_string_lossy().into_owned())
    }

    #[test]
    fn resolves_inside_only() {
        let (dir, r, base) = tree("inside");
        assert!(r.resolve_path(&base, "./lib/x.js").is_ok());
        assert!(r.resolve_path(&base, "./lib/x").is_ok());
        assert!(r.resolve_path(&base, "./lib/../lib/x.js").is_ok());
        for name in ["../secret.js", "/../secret.js", "os", "node:fs", "https://example.com/x.js", "../../../../../../etc/passwd"] {
            assert_eq!(r.resolve_path(&base, name).expect_err(name), refusal());
        }
        // A leading `/` is the bundle's root (as a document's origin), never the host's.
        assert_eq!(r.resolve_path(&base, "/lib/x.js"), r.resolve_path(&base, "./lib/x.js"));
        let lib = r.resolve_path(&base, "./lib/x.js").expect("lib").to_string_lossy().into_owned();
        assert_eq!(r.resolve_path(&lib, "/main.js"), r.resolve_path(&base, "./main.js"));
        assert_eq!(r.resolve_path(&base, "/etc/passwd").expect_err("host path").to_string(), "no such module file in the app bundle: `/etc/passwd`");
        let e = r.resolve_path(&base, "./lib/missing.js").expect_err("missing inside");
        assert_eq!(e.to_string(), "no such module file in the app bundle: `./lib/missing.js`");
        assert_eq!(r.resolve_path(&base, "./data.json").expect_err("json").to_string(), "not a .js/.mjs module: `./data.json`");
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn outside_files_answer_the_same_whether_they_exist_or_not() {
        let (dir, r, base) = tree("exists");
        let escapes = [
            "../secret.js".to_string(),
            "../shim/tools/evil.js".to_string(),
            "/../secret.js".to_string(),
            "@reel/shim/../secret.js".into(),
            "@reel/shim/../../secret.js".into(),
            "@reel/shim/../../../../../../../etc/hostname".into(),
            "@reel/shim/paint/../../../secret".into(),
            "@reel/shim/paint/../../tools/evil".into(),
        ];
        let present: Vec<ResolveError> = escapes.iter().map(|n| r.resolve_path(&base, n).expect_err(n)).collect();
        std::fs::remove_file(dir.join("secret.js")).expect("rm");
        std::fs::remove_dir_all(dir.join("shim/tools")).expect("rm");
        let absent: Vec<ResolveError> = escapes.iter().map(|n| r.resolve_path(&base, n).expect_err(n)).collect();
        assert_eq!(present, absent, "existence outside the sandbox must not show");
        for (n, m) in escapes.iter().zip(&present) {
            assert_eq!(*m, refusal());
            let m = m.to_string();
            assert!(!m.contains(&*dir.to_string_lossy()) || n.contains(&*dir.to_string_lossy()), "no host path: {m}");
        }
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn only_the_shims_exports_and_their_imports() {
        let (dir, r, base) = tree("shim");
        let shim = std::fs::canonicalize(dir.join("shim")).expect("shim");
        assert_eq!(r.resolve_path(&base, "@reel/shim").expect("main"), shim.join("src/index.js"));
        assert_eq!(r.resolve_path(&base, "@reel/shim/encoder").expect("export"), shim.join("src/encoder.js"));
        assert_eq!(r.resolve_path(&base, "@reel/shim/paint/webgl").expect("pattern"), shim.join("src/paint/webgl.js"));
        for name in [
            "@reel/shim/node",
            "@reel/shim/package.json",
            "@reel/shim/src/unexported.js",
            "@reel/shim/src/index.js",
            "@reel/shim/tools/evil.js",
            "@reel/shim/node_modules/esbuild/lib/main.js",
            "@reel/shim/paint/nope",
            "../shim/src/encoder.js",
        ] {
            assert_eq!(r.resolve_path(&base, name).expect_err(name), refusal());
        }
        // The shim's own imports resolve within its closure only.
        let index = shim.join("src/index.js").to_string_lossy().into_owned();
        assert!(r.resolve_path(&index, "./internal.js").is_ok());
        assert!(r.resolve_path(&index, "./encoder.js").is_ok());
        for name in ["./unexported.js", "../node_modules/esbuild/lib/main.js", "../../app/main.js", "../../secret.js"] {
            assert_eq!(r.resolve_path(&index, name).expect_err(name), refusal());
        }
        let files: Vec<String> = r.roots.shim_files.iter().map(|f| f.strip_prefix(&shim).expect("in shim").display().to_string()).collect();
        assert_eq!(files, ["src/encoder.js", "src/index.js", "src/internal.js", "src/paint/webgl.js"]);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn scans_import_specifiers() {
        let text = "import a from './a.js';\nimport {\n  b,\n} from \"../b.js\";\nexport * from './c.js';\nimport './d.js';\nconst e = await import( `./e.js` );\nimport(`./${x}.js`);\nconst fromage = 1; important('./no.js');";
        assert_eq!(import_specifiers(text), ["./a.js", "../b.js", "./c.js", "./d.js", "./e.js"]);
    }
}
