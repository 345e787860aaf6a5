//! The device catalogue: where profiles live and which groups a run names.
//!
//! `devices/*.toml` are the **reference** profiles: the four device classes
//! every test, benchmark and starter app is measured on (`console`,
//! `tv-midrange`, `stick-lowend`, `tv-legacy`); their figures do not move.
//! `devices/fleet/*.toml` are the rest of the **fleet**: real device
//! classes (vendor TVs by year, sticks, streamers, consoles, a set-top box),
//! many of them `extends` variants of a reference profile. Keeping them in
//! a subdirectory keeps `--device all` (the reference set, what CI and the
//! starter template certify on) at four runs however large the fleet
//! grows; `--device fleet` runs every profile. Ids are unique across both.

use std::path::{Path, PathBuf};

use super::{Profile, ProfileError};

/// The fleet subdirectory of the devices directory.
pub const FLEET_DIR: &str = "fleet";

/// A named set of profiles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Group {
    /// `devices/*.toml` (`all` or `reference` on the command line).
    Reference,
    /// The reference profiles and `devices/fleet/*.toml` (`fleet`).
    Fleet,
}

impl Group {
    /// The group a `--device` word names, if it names one.
    pub fn parse(word: &str) -> Option<Self> {
        match word {
            "all" | "reference" => Some(Self::Reference),
            "fleet" => Some(Self::Fleet),
            _ => None,
        }
    }
}

/// `*.toml` stems directly in `dir`.
fn stems(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let p = e.path();
            if p.is_file() && p.extension().and_then(|x| x.to_str()) == Some("toml") {
                p.file_stem().and_then(|s| s.to_str()).map(str::to_string)
            } else {
                None
            }
        })
        .collect()
}

/// The files of `group` under `dir`, sorted by id (a duplicate id keeps
/// both files, next to each other).
pub fn files(dir: &Path, group: Group) -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = stems(dir).into_iter().map(|id| (id.clone(), dir.join(format!("{id}.toml")))).collect();
    if group == Group::Fleet {
        let fleet = dir.join(FLEET_DIR);
        out.extend(stems(&fleet).into_iter().map(|id| (id.clone(), fleet.join(format!("{id}.toml")))));
    }
    out.sort();
    out
}

/// Ids of `group` under `dir`, sorted, each once.
pub fn ids(dir: &Path, group: Group) -> Vec<String> {
    let mut ids: Vec<String> = files(dir, group).into_iter().map(|(id, _)| id).collect();
    ids.dedup();
    ids
}

/// The file of profile `id` under `dir`: `<dir>/<id>.toml`, else
/// `<dir>/fleet/<id>.toml`.
pub fn path_of(id: &str, dir: &Path) -> Option<PathBuf> {
    [dir.join(format!("{id}.toml")), dir.join(FLEET_DIR).join(format!("{id}.toml"))].into_iter().find(|p| p.is_file())
}

/// Loads every profile of `group` (each with its own result), sorted by
/// id; an id defined twice is a [`ProfileError::DuplicateId`].
pub fn load_group(dir: &Path, group: Group) -> Vec<Result<Profile, ProfileError>> {
    let files = files(dir, group);
    let mut out = Vec::with_capacity(files.len());
    for (i, (id, path)) in files.iter().enumerate() {
        if i > 0 && files[i - 1].0 == *id {
            continue;
        }
        if let Some((_, other)) = files.get(i + 1).filter(|(next, _)| next == id) {
            out.push(Err(ProfileError::DuplicateId { id: id.clone(), paths: [path.clone(), other.clone()] }));
            continue;
        }
        out.push(Profile::load_path_in(path, Some(dir)));
    }
    out
}

/// Resolves `extends = "id"` of the file `child`: the catalogue around the
/// child (its directory, that directory's `fleet/`, and the parent
/// directory when the child is in a `fleet/`), then `devices_dir`, then
/// the workspace's devices directory ([`crate::paths::devices_dir`]).
/// Not found: the ids that exist there.
pub fn find_parent(id: &str, child: &Path, devices_dir: Option<&Path>) -> Result<PathBuf, Vec<String>> {
    let mut roots: Vec<PathBuf> = Vec::new();
    if let Some(dir) = child.parent() {
        let dir = if dir.as_os_str().is_empty() { Path::new(".") } else { dir };
        roots.push(dir.to_path_buf());
        if dir.file_name().and_then(|n| n.to_str()) == Some(FLEET_DIR) {
            if let Some(up) = dir.parent() {
                roots.push(up.to_path_buf());
            }
        }
    }
    roots.extend(devices_dir.map(Path::to_path_buf));
    roots.push(crate::paths::devices_dir());
    for root in &roots {
        if let Some(p) = path_of(id, root) {
            return Ok(p);
        }
    }
    let mut available: Vec<String> = roots.iter().flat_map(|r| ids(r, Group::Fleet)).collect();
    available.sort();
    available.dedup();
    Err(available)
}
