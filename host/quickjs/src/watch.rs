//! `reel run --watch`: notices that the app bundle (or the key script)
//! changed, by polling file modification times and sizes.
//!
//! # Why polling
//! The host has no file-notification dependency and a bundler writes a
//! handful of files per build: a poll of the bundle's tree every few
//! hundred milliseconds costs nothing next to a run, works on every file
//! system (containers, network mounts) and needs no platform code. A change
//! is reported once the tree has stayed the same for one more poll, so a
//! build that writes several files gives one re-run, not several.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Most files one snapshot looks at (a bundle with more is cut there).
const MAX_FILES: usize = 20_000;

/// (modification time, size) of every file watched.
type Snapshot = BTreeMap<PathBuf, (Option<SystemTime>, u64)>;

/// What `--watch` looks at: the bundle's root directory (recursively; not
/// `node_modules`) and the key script.
#[derive(Debug)]
pub struct Watched {
    root: PathBuf,
    extra: Vec<PathBuf>,
    last: Snapshot,
}

impl Watched {
    /// Watches the bundle of `app` (its root as `reel run` finds it; the
    /// app's directory when it cannot be opened now) and `keys`.
    pub fn new(app: &Path, root: Option<&Path>, keys: Option<&Path>) -> Self {
        let root = match crate::bundle::AppBundle::open(app, root) {
            Ok(b) => b.root,
            Err(_) => root.map(Path::to_path_buf).unwrap_or_else(|| {
                if app.is_dir() {
                    app.to_path_buf()
                } else {
                    app.parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
                }
            }),
        };
        let mut w = Self { root, extra: keys.map(Path::to_path_buf).into_iter().collect(), last: Snapshot::new() };
        w.last = w.snapshot();
        w
    }

    /// The directory watched.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The current state of every watched file.
    fn snapshot(&self) -> Snapshot {
        let mut out = Snapshot::new();
        let mut todo = vec![self.root.clone()];
        while let Some(dir) = todo.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                if out.len() >= MAX_FILES {
                    return out;
                }
                let p = e.path();
                let Ok(m) = e.metadata() else { continue };
                if m.is_dir() {
                    if e.file_name() != "node_modules" && !e.file_name().to_string_lossy().starts_with('.') {
                        todo.push(p);
                    }
                } else {
                    out.insert(p, (m.modified().ok(), m.len()));
                }
            }
        }
        for p in &self.extra {
            let m = std::fs::metadata(p).ok();
            out.insert(p.clone(), (m.as_ref().and_then(|m| m.modified().ok()), m.map_or(0, |m| m.len())));
        }
        out
    }

    /// The first path that differs between two snapshots.
    fn first_change(a: &Snapshot, b: &Snapshot) -> Option<PathBuf> {
        a.iter()
            .find(|(p, v)| b.get(*p) != Some(v))
            .map(|(p, _)| p.clone())
            .or_else(|| b.keys().find(|p| !a.contains_key(*p)).cloned())
    }

    /// Whether something changed since the last call (or since [`Watched::new`]);
    /// `Some(path)` once the tree has been stable for one poll after it changed.
    pub fn poll(&mut self, interval: Duration) -> Option<PathBuf> {
        let now = self.snapshot();
        let changed = Self::first_change(&self.last, &now)?;
        // Settle: wait until a poll sees no further change (a build in progress).
        let mut settled = now;
        loop {
            std::thread::sleep(interval);
            let again = self.snapshot();
            if again == settled {
                break;
            }
            settled = again;
        }
        self.last = settled;
        Some(changed)
    }

    /// Blocks until something changed; returns the first changed path.
    pub fn wait_for_change(mut self, interval: Duration) -> PathBuf {
        loop {
            if let Some(p) = self.poll(interval) {
                return p;
            }
            std::thread::sleep(interval);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn notices_edits_new_files_and_removals() {
        let d = std::env::temp_dir().join(format!("reel-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("assets")).expect("mkdir");
        std::fs::write(d.join("main.js"), "1").expect("write");
        std::fs::write(d.join("assets/a.js"), "a").expect("write");
        let mut w = Watched::new(&d.join("main.js"), None, None);
        let tick = Duration::from_millis(5);
        assert_eq!(w.poll(tick), None);
        std::fs::write(d.join("assets/a.js"), "aa").expect("write");
        assert_eq!(w.poll(tick), Some(d.join("assets/a.js")));
        assert_eq!(w.poll(tick), None, "reported once");
        std::fs::write(d.join("assets/b.js"), "b").expect("write");
        assert_eq!(w.poll(tick), Some(d.join("assets/b.js")));
        std::fs::remove_file(d.join("assets/a.js")).expect("rm");
        assert_eq!(w.poll(tick), Some(d.join("assets/a.js")));
        let _ = std::fs::remove_dir_all(&d);
    }
}
