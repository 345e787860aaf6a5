//! Sharded certification: `--shard K/N` runs a deterministic slice of the
//! run matrix, `reel certify merge DIR... --out DIR` joins the slices.
//!
//! A fleet run is devices × key scripts (script by script); on a CI matrix
//! each job runs one shard. The (device, script) runs are dealt
//! round-robin ([`deal_order`]): first those on the JS fallback engine (no
//! Wasm: several times the emulation cost of a Wasm device), then the rest,
//! each in the whole run's order; the `p`-th dealt goes to shard
//! `p mod N + 1`. So the slice depends only on the device list, the
//! scripts and N, the expensive devices spread over the shards, and
//! neighbouring devices (often variants of one class) land on different
//! shards.
//!
//! The outputs are built from per-run [`Piece`]s — the run's entry of
//! `certify.json`, its JUnit `<testsuite>` and counts, its column of the
//! HTML check matrix and its HTML section — plus run-level text computed
//! from the pieces. A whole run assembles its pieces directly; a shard also
//! writes them to `shard.json`, and a merge assembles the pieces of all
//! shards in the whole run's order with the same functions. So the merged
//! `certify.json`, `junit.xml` and `report.html` are byte-identical to a
//! whole run's (tested in `tests/certify.rs`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::{device_json, html, json_document, junit, DeviceResult};

/// `shard.json`'s format tag.
pub const SHARD_FORMAT: &str = "reel-certify-shard/1";

/// Most shards accepted.
pub const MAX_SHARDS: u32 = 1000;

/// `--shard K/N`: the K-th (1-based) of N slices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// K, 1..=N.
    pub index: u32,
    /// N.
    pub count: u32,
}

impl Shard {
    /// Parses `K/N`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let bad = || format!("--shard takes K/N with 1 <= K <= N <= {MAX_SHARDS}, not `{s}`");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (index, count) = (k.trim().parse::<u32>().map_err(|_| bad())?, n.trim().parse::<u32>().map_err(|_| bad())?);
        if index == 0 || count == 0 || index > count || count > MAX_SHARDS {
            return Err(bad());
        }
        Ok(Self { index, count })
    }

    /// Whether the item at `i` (0-based, whole-run order) is in this shard.
    pub fn owns(self, i: usize) -> bool {
        i % self.count as usize == (self.index - 1) as usize
    }
}

/// The dealing position of each device (index in run order -> position):
/// devices without Wasm first, then the others, each group in run order.
pub fn deal_order(wasm: &[bool]) -> Vec<usize> {
    let dealt: Vec<usize> = (0..wasm.len()).filter(|&i| !wasm[i]).chain((0..wasm.len()).filter(|&i| wasm[i])).collect();
    let mut pos = vec![0; wasm.len()];
    for (p, &i) in dealt.iter().enumerate() {
        pos[i] = p;
    }
    pos
}

/// One device's share of the outputs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Piece {
    /// The run's key: the device id, `DEVICE@SCRIPT` with several scripts.
    pub device: String,
    /// The device passed every check.
    pub passed: bool,
    /// Its entry in `certify.json`.
    pub json: String,
    /// Its JUnit counts.
    pub counts: junit::Counts,
    /// Its JUnit `<testsuite>`.
    pub suite: String,
    /// Its column of the HTML check matrix.
    pub column: html::Column,
    /// Its HTML section.
    pub section: String,
}

impl Piece {
    /// The piece of `d` in a run of `script`.
    pub fn of(script: &str, d: &DeviceResult) -> Self {
        Self {
            device: d.key.clone(),
            passed: d.status == "passed",
            json: device_json(d),
            counts: junit::Counts::of(d),
            suite: junit::suite(script, d),
            column: html::column(d),
            section: html::section(d),
        }
    }
}

/// `certify.json`, `junit.xml` and `report.html` of a run from its pieces
/// in run order.
pub fn documents(app: &str, script: &str, baseline: Option<&str>, pieces: &[Piece]) -> [String; 3] {
    let passed = pieces.iter().all(|p| p.passed);
    let json: Vec<String> = pieces.iter().map(|p| p.json.clone()).collect();
    let counts: Vec<junit::Counts> = pieces.iter().map(|p| p.counts).collect();
    let suites: Vec<String> = pieces.iter().map(|p| p.suite.clone()).collect();
    let columns: Vec<html::Column> = pieces.iter().map(|p| p.column.clone()).collect();
    let sections: Vec<String> = pieces.iter().map(|p| p.section.clone()).collect();
    [
        json_document(app, script, baseline, passed, &json),
        junit::document(app, &counts, &suites),
        html::document(app, script, baseline, passed, &columns, &sections),
    ]
}

/// Writes the three documents to `out`.
pub fn write_documents(out: &Path, docs: &[String; 3]) -> Result<(), super::CertifyError> {
    for (name, text) in ["certify.json", "junit.xml", "report.html"].iter().zip(docs) {
        let path = out.join(name);
        std::fs::write(&path, text).map_err(super::CertifyError::io(&path))?;
    }
    Ok(())
}

/// `shard.json`: a shard's pieces and what a merge checks them against.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShardFile {
    /// [`SHARD_FORMAT`].
    pub format: String,
    /// The app as given.
    pub app: String,
    /// The script as given.
    pub script: String,
    /// `--baseline` as given (every shard of a run compares with the same).
    #[serde(default)]
    pub baseline: Option<String>,
    /// K.
    pub index: u32,
    /// N.
    pub count: u32,
    /// Every device of the whole run, in run order.
    pub devices: Vec<String>,
    /// This shard's pieces, in run order.
    pub pieces: Vec<Piece>,
}

/// Why shards cannot be merged.
#[derive(Clone, Debug, PartialEq)]
pub enum MergeError {
    /// A file cannot be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        message: String,
    },
    /// `shard.json` is not a shard file of this format.
    BadShardFile {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A shard of another run (app, script, device list or shard count differ).
    OtherRun {
        /// The shard's file.
        path: PathBuf,
        /// What differs.
        what: &'static str,
    },
    /// The same shard twice.
    DuplicateShard {
        /// K.
        index: u32,
        /// Both files.
        paths: [PathBuf; 2],
    },
    /// Shards missing from the merge.
    MissingShards {
        /// The missing Ks.
        missing: Vec<u32>,
        /// N.
        count: u32,
    },
    /// A device not covered exactly once by the shards.
    Coverage {
        /// The device.
        device: String,
        /// How many pieces it has.
        pieces: usize,
    },
    /// No directories given.
    NoShards,
}

impl fmt::Display for MergeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Io { path, message } => write!(f, "{}: {message}", path.display()),
            Self::BadShardFile { path, message } => write!(f, "{}: not a reel certify shard: {message}", path.display()),
            Self::OtherRun { path, what } => write!(f, "{}: a shard of another run (its {what} differs from the first shard's)", path.display()),
            Self::DuplicateShard { index, paths } => {
                write!(f, "shard {index} given twice: {} and {}", paths[0].display(), paths[1].display())
            }
            Self::MissingShards { missing, count } => write!(
                f,
                "shard(s) {} of {count} missing",
                missing.iter().map(u32::to_string).collect::<Vec<_>>().join(", ")
            ),
            Self::Coverage { device, pieces } => write!(f, "device `{device}` has {pieces} results in the shards (expected 1)"),
            Self::NoShards => write!(f, "merge needs at least one shard directory"),
        }
    }
}

/// Reads `DIR/shard.json`.
pub fn read_shard(dir: &Path) -> Result<ShardFile, MergeError> {
    let path = dir.join("shard.json");
    let text = std::fs::read_to_string(&path).map_err(|e| MergeError::Io { path: path.clone(), message: e.to_string() })?;
    let s: ShardFile = serde_json::from_str(&text).map_err(|e| MergeError::BadShardFile { path: path.clone(), message: e.to_string() })?;
    if s.format != SHARD_FORMAT {
        return Err(MergeError::BadShardFile { path, message: format!("format `{}`, expected `{SHARD_FORMAT}`", s.format) });
    }
    Ok(s)
}

/// What a merge produced.
#[derive(Clone, Debug, PartialEq)]
pub struct Merged {
    /// The pieces in run order.
    pub pieces: Vec<Piece>,
    /// The app.
    pub app: String,
    /// The script.
    pub script: String,
    /// The baseline the shards compared with.
    pub baseline: Option<String>,
}

/// Checks the shards of `dirs` and joins their pieces in run order.
pub fn join(dirs: &[PathBuf]) -> Result<Merged, MergeError> {
    let mut shards: Vec<(PathBuf, ShardFile)> = Vec::new();
    for dir in dirs {
        shards.push((dir.join("shard.json"), read_shard(dir)?));
    }
    let Some((_, first)) = shards.first() else { return Err(MergeError::NoShards) };
    let first = first.clone();
    for (path, s) in &shards {
        let what = if s.app != first.app {
            Some("app")
        } else if s.script != first.script {
            Some("key script")
        } else if s.baseline != first.baseline {
            Some("baseline")
        } else if s.count != first.count {
            Some("shard count")
        } else if s.devices != first.devices {
            Some("device list")
        } else {
            None
        };
        if let Some(what) = what {
            return Err(MergeError::OtherRun { path: path.clone(), what });
        }
    }
    for (i, (path, s)) in shards.iter().enumerate() {
        if let Some((other, _)) = shards[..i].iter().find(|(_, o)| o.index == s.index) {
            return Err(MergeError::DuplicateShard { index: s.index, paths: [other.clone(), path.clone()] });
        }
    }
    let missing: Vec<u32> = (1..=first.count).filter(|k| !shards.iter().any(|(_, s)| s.index == *k)).collect();
    if !missing.is_empty() {
        return Err(MergeError::MissingShards { missing, count: first.count });
    }
    let all: Vec<&Piece> = shards.iter().flat_map(|(_, s)| &s.pieces).collect();
    let mut pieces = Vec::with_capacity(first.devices.len());
    for device in &first.devices {
        let found: Vec<&&Piece> = all.iter().filter(|p| p.device == *device).collect();
        match found.as_slice() {
            [p] => pieces.push((**p).clone()),
            _ => return Err(MergeError::Coverage { device: device.clone(), pieces: found.len() }),
        }
    }
    if let Some(stray) = all.iter().find(|p| !first.devices.contains(&p.device)) {
        return Err(MergeError::Coverage { device: stray.device.clone(), pieces: 1 });
    }
    Ok(Merged { pieces, app: first.app, script: first.script, baseline: first.baseline })
}

/// Copies `from/<device>/` (the checkpoint screenshots) into `to/<device>/`.
pub fn copy_device_dir(from: &Path, to: &Path, device: &str) -> Result<(), MergeError> {
    let src = from.join(device);
    let Ok(entries) = std::fs::read_dir(&src) else { return Ok(()) };
    let dst = to.join(device);
    std::fs::create_dir_all(&dst).map_err(|e| MergeError::Io { path: dst.clone(), message: e.to_string() })?;
    for e in entries.flatten() {
        let p = e.path();
        if p.is_file() {
            let target = dst.join(e.file_name());
            std::fs::copy(&p, &target).map_err(|e| MergeError::Io { path: target, message: e.to_string() })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_specs() {
        assert_eq!(Shard::parse("1/2"), Ok(Shard { index: 1, count: 2 }));
        assert_eq!(Shard::parse("3/3"), Ok(Shard { index: 3, count: 3 }));
        for bad in ["0/2", "3/2", "1/0", "1", "a/2", "1/2/3", "1/1001", ""] {
            assert!(Shard::parse(bad).is_err(), "{bad}");
        }
        // Round robin: every item in exactly one shard.
        for n in 1..6u32 {
            for i in 0..20 {
                assert_eq!((1..=n).filter(|&k| Shard { index: k, count: n }.owns(i)).count(), 1);
            }
        }
        let two: Vec<usize> = (0..5).filter(|&i| Shard { index: 2, count: 2 }.owns(i)).collect();
        assert_eq!(two, [1, 3]);
        // Three no-Wasm devices at even positions of the run order would all
        // land on shard 1 by position; dealt first, they spread.
        let wasm = [true, true, false, true, false, true, false, true];
        let deal = deal_order(&wasm);
        assert_eq!(deal, [3, 4, 0, 5, 1, 6, 2, 7]);
        let js_on = |k| (0..8).filter(|&i| !wasm[i] && Shard { index: k, count: 2 }.owns(deal[i])).count();
        assert_eq!((js_on(1), js_on(2)), (2, 1));
    }
}
