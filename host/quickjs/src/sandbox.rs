//! The module sandbox: what an app may import.
//!
//! # Why the boundary is here
//! The native host runs third-party app code. QuickJS itself has no I/O; all
//! of it lives in `quickjs-libc` (`std`, `os`), which this host never links.
//! What is left is the module loader, the one place where the app can make
//! the host read a file. So the loader is the sandbox: it resolves
//!
//! * relative and absolute specifiers (`./tiles.js`, `../lib/x.js`) to files
//!   **inside the app's bundle directory** (the directory of the entry
//!   module), and
//! * `@reel/shim` (and `@reel/shim/<sub>`) to the js-shim package,
//!   whose own relative imports must stay inside the package,
//!
//! and refuses everything else — bare names (`os`, `std`, `fs`, `node:*`,
//! URLs), paths that leave both roots (including through symlinks: paths
//! are canonicalised before the check), and files that are not `.js`/`.mjs`
//! — with a message that says what is allowed.

use std::path::{Component, Path, PathBuf};

use rquickjs::loader::{ImportAttributes, Loader, Resolver};
use rquickjs::{Ctx, Error, Module, Result};

/// The package name apps import the shim by.
pub const SHIM_PACKAGE: &str = "@reel/shim";

/// The directories modules may come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Roots {
    /// The app bundle: the entry module's directory (canonical).
    pub bundle: PathBuf,
    /// The js-shim package directory (canonical); `None` when absent.
    pub shim: Option<PathBuf>,
    /// The shim's entry module (canonical), from its `package.json`
    /// (`exports["."]`, `module` or `main`) or `src/index.js`.
    pub shim_entry: Option<PathBuf>,
}

impl Roots {
    /// Roots for an entry module and a shim package directory.
    pub fn new(entry: &Path, shim_dir: Option<&Path>) -> std::io::Result<(Self, PathBuf)> {
        let entry = std::fs::canonicalize(entry)?;
        let bundle = entry
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("/"));
        let shim = shim_dir.and_then(|d| std::fs::canonicalize(d).ok());
        let shim_entry = shim.as_deref().and_then(shim_entry);
        Ok((
            Self {
                bundle,
                shim,
                shim_entry,
            },
            entry,
        ))
    }

    /// Whether `path` (canonical) lies in an allowed root.
    pub fn allows(&self, path: &Path) -> bool {
        path.starts_with(&self.bundle) || self.shim.as_deref().is_some_and(|s| path.starts_with(s))
    }

    fn describe(&self) -> String {
        format!("bundle: {}", self.bundle.display())
    }
}

/// What may be imported, said first in every refusal (QuickJS keeps only
/// the first 256 bytes of an error message).
const ALLOWED: &str = "Reel apps may import only @reel/shim and files in their own bundle (no std/os/fs/network/process modules)";

/// The shim package's entry file.
fn shim_entry(dir: &Path) -> Option<PathBuf> {
    let mut candidates: Vec<String> = Vec::new();
    if let Ok(text) = std::fs::read_to_string(dir.join("package.json")) {
        if let Ok(pkg) = serde_json::from_str::<serde_json::Value>(&text) {
            let exp = pkg.get("exports");
            let dot = match exp {
                Some(serde_json::Value::String(s)) => Some(s.clone()),
                Some(serde_json::Value::Object(m)) => {
                    let e = m.get(".").unwrap_or(&serde_json::Value::Null);
                    match e {
                        serde_json::Value::String(s) => Some(s.clone()),
                        serde_json::Value::Object(c) => ["quickjs", "import", "default"]
                            .iter()
                            .find_map(|k| c.get(*k).and_then(|v| v.as_str()).map(str::to_string)),
                        _ => None,
                    }
                }
                _ => None,
            };
            candidates.extend(dot);
            for k in ["module", "main"] {
                if let Some(s) = pkg.get(k).and_then(|v| v.as_str()) {
                    candidates.push(s.to_string());
                }
            }
        }
    }
    candidates.push("src/index.js".into());
    candidates.push("index.js".into());
    candidates.into_iter().find_map(|c| {
        std::fs::canonicalize(dir.join(c))
            .ok()
            .filter(|p| p.is_file())
    })
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
    pub fn resolve_path(&self, base: &str, name: &str) -> std::result::Result<PathBuf, String> {
        let allowed = || self.roots.describe();
        let target = if name == SHIM_PACKAGE {
            match &self.roots.shim_entry {
                Some(p) => return Ok(p.clone()),
                None => return Err(format!("`{SHIM_PACKAGE}` is not available: no js-shim package was found (pass --shim DIR)")),
            }
        } else if let Some(sub) = name
            .strip_prefix(SHIM_PACKAGE)
            .and_then(|s| s.strip_prefix('/'))
        {
            match &self.roots.shim {
                Some(dir) => dir.join(sub),
                None => {
                    return Err(format!(
                        "`{name}` is not available: no js-shim package was found"
                    ))
                }
            }
        } else if name.starts_with("./") || name.starts_with("../") || name.starts_with('/') {
            let base_dir = Path::new(base)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| self.roots.bundle.clone());
            normalize(&base_dir.join(name))
        } else {
            return Err(format!("no module `{name}` here: {ALLOWED}; {}", allowed()));
        };
        if !self.roots.allows(&target) {
            return Err(format!(
                "`{name}` is outside the sandbox: {ALLOWED}; {}",
                allowed()
            ));
        }
        let found = find_file(&target)
            .ok_or_else(|| format!("no such module file: {}", target.display()))?;
        if !self.roots.allows(&found) {
            return Err(format!(
                "`{name}` links outside the sandbox: {ALLOWED}; {} -> {}",
                allowed(),
                found.display()
            ));
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
            Err(m) => Err(Error::new_resolving_message(base, name, m)),
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
        Module::declare(ctx.clone(), name, source)
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

    #[test]
    fn resolves_inside_only() {
        let dir = std::env::temp_dir().join(format!("reel-qjs-sandbox-{}", std::process::id()));
        let app = dir.join("app");
        std::fs::create_dir_all(app.join("lib")).expect("mkdir");
        std::fs::write(app.join("main.js"), "").expect("write");
        std::fs::write(app.join("lib/x.js"), "").expect("write");
        std::fs::write(dir.join("secret.js"), "").expect("write");
        let (roots, entry) = Roots::new(&app.join("main.js"), None).expect("roots");
        let r = SandboxResolver::new(roots);
        let base = entry.to_string_lossy().into_owned();
        assert!(r.resolve_path(&base, "./lib/x.js").is_ok());
        assert!(r.resolve_path(&base, "./lib/x").is_ok());
        let e = r.resolve_path(&base, "../secret.js").expect_err("outside");
        assert!(e.contains("outside the sandbox"), "{e}");
        let e = r.resolve_path(&base, "os").expect_err("bare");
        assert!(e.contains("no module `os`"), "{e}");
        let e = r.resolve_path(&base, "/etc/passwd").expect_err("abs");
        assert!(e.contains("outside the sandbox"), "{e}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
