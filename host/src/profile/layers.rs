//! Profile files as layers: `extends = "parent"` inheritance with the file
//! and line of every value kept.
//!
//! A fleet has many vendor variants of a few device classes; a variant
//! should be three lines (`extends`, `id`, `name`) plus what differs, and a
//! bad figure must be reported where it was written — in the variant or in
//! the parent it inherited from. So a profile is read as a chain of layers
//! (the file, its parent, the parent's parent ...): each file is parsed with
//! `toml_edit` (which keeps byte spans), its keys are checked against
//! [`SCHEMA`] (unknown keys and wrong types rejected with their line, per
//! file, before anything is merged), the layers are merged key by key (the
//! child wins), and the merged table is deserialised into [`Profile`] and
//! validated; a bad value is reported at the line that set it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use toml_edit::{ImDocument, Item, TableLike};

use super::{Location, Profile, ProfileError};

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A string.
    Str,
    /// `true` / `false`.
    Bool,
    /// A whole number in `0..=u32::MAX`.
    U32,
    /// A whole number in `0..=i64::MAX` (TOML integers are i64).
    U64,
    /// A number (an integer is accepted and read as a float).
    F64,
}

impl Kind {
    /// The expectation, for error messages.
    pub fn expected(self) -> &'static str {
        match self {
            Self::Str => "a string",
            Self::Bool => "true or false",
            Self::U32 => "a whole number from 0 to 4294967295",
            Self::U64 => "a whole number from 0 to 9223372036854775807",
            Self::F64 => "a number",
        }
    }
}

/// The tables a profile may have.
pub const TABLES: &[&str] = &["display", "engine", "cpu", "js", "video", "certify"];

/// Every key a profile file may set (dotted), its kind, and whether the
/// merged profile must have it. `extends` is not listed: it is read per
/// file and never merged. Kept equal to the serde structs of [`Profile`]
/// by the test `schema_matches_the_structs`.
pub const SCHEMA: &[(&str, Kind, bool)] = &[
    ("id", Kind::Str, true),
    ("name", Kind::Str, true),
    ("display.width", Kind::U32, true),
    ("display.height", Kind::U32, true),
    ("display.fps", Kind::U32, true),
    ("engine.wasm", Kind::Bool, true),
    ("engine.memory_cap_mib", Kind::U32, true),
    ("engine.memory_reservation_mib", Kind::U32, true),
    ("engine.fuel_per_frame_limit", Kind::U64, true),
    ("engine.texture_budget_mib", Kind::U32, true),
    ("cpu.fuel_per_ms", Kind::U64, true),
    ("cpu.js_ticks_per_ms", Kind::U64, false),
    ("js.ticks_per_ms", Kind::U64, false),
    ("js.frame_limit_ms", Kind::F64, false),
    ("js.overrun_frames", Kind::U32, false),
    ("video.max_decoders", Kind::U32, false),
    ("video.max_ttff_ms", Kind::F64, false),
    ("certify.startup_frames", Kind::U32, false),
    ("certify.max_startup_ms", Kind::F64, false),
    ("certify.frame_p95_factor", Kind::F64, false),
    ("certify.frame_p99_factor", Kind::F64, false),
    ("certify.max_dropped_pct", Kind::F64, false),
    ("certify.max_input_latency_ms", Kind::F64, false),
    ("certify.memory_ratio", Kind::F64, false),
    ("certify.texture_ratio", Kind::F64, false),
    ("certify.js_heap_mib", Kind::U32, false),
    ("certify.js_long_task_ms", Kind::F64, false),
    ("certify.max_js_long_tasks", Kind::U32, false),
    ("certify.regression_time_pct", Kind::F64, false),
    ("certify.regression_memory_pct", Kind::F64, false),
    ("certify.regression_dropped_points", Kind::F64, false),
    ("certify.regression_count", Kind::U32, false),
    ("certify.a11y_names", Kind::Bool, false),
    ("certify.a11y_focus", Kind::Bool, false),
    ("certify.min_contrast", Kind::F64, false),
    ("certify.min_contrast_large", Kind::F64, false),
];

/// Longest `extends` chain (a guard beside the loop check).
pub const MAX_DEPTH: usize = 16;

/// One parsed file.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    /// The file.
    pub path: PathBuf,
    /// `extends = "id"` and its line.
    pub extends: Option<(String, usize)>,
    /// The keys the file sets: dotted key, value, line.
    pub values: Vec<(&'static str, toml::Value, usize)>,
}

/// 1-based line of byte `offset` in `text`.
fn line_at(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// Parses one file into a layer: TOML syntax, known keys, value kinds.
pub fn parse_layer(text: &str, path: &Path) -> Result<Layer, ProfileError> {
    let doc = ImDocument::parse(text).map_err(|e| ProfileError::Parse {
        path: path.to_path_buf(),
        line: e.span().map(|s| line_at(text, s.start)),
        message: e.message().trim_end().to_string(),
    })?;
    let mut layer = Layer { path: path.to_path_buf(), extends: None, values: Vec::new() };
    let root: &dyn TableLike = doc.as_table();
    for (key, item) in root.iter() {
        let line = key_line(text, root, key, item);
        if key == "extends" {
            match item.as_str() {
                Some(parent) => layer.extends = Some((parent.to_string(), line)),
                None => return Err(bad_type(path, line, "extends", Kind::Str)),
            }
        } else if TABLES.contains(&key) {
            let Some(table) = item.as_table_like() else {
                return Err(ProfileError::BadType { path: path.to_path_buf(), line, key: key.to_string(), expected: "a table" });
            };
            for (sub, item) in table.iter() {
                let line = key_line(text, table, sub, item);
                let dotted = format!("{key}.{sub}");
                push(&mut layer, path, &dotted, item, line)?;
            }
        } else {
            push(&mut layer, path, key, item, line)?;
        }
    }
    Ok(layer)
}

/// The line of `key` in `table` (its key's span, else its value's).
fn key_line(text: &str, table: &dyn TableLike, key: &str, item: &Item) -> usize {
    let span = table.key(key).and_then(|k| k.span()).or_else(|| item.span());
    span.map_or(1, |s| line_at(text, s.start))
}

fn bad_type(path: &Path, line: usize, key: &str, kind: Kind) -> ProfileError {
    ProfileError::BadType { path: path.to_path_buf(), line, key: key.to_string(), expected: kind.expected() }
}

/// Checks `dotted` against the schema and converts its value.
fn push(layer: &mut Layer, path: &Path, dotted: &str, item: &Item, line: usize) -> Result<(), ProfileError> {
    let Some(&(key, kind, _)) = SCHEMA.iter().find(|(k, _, _)| *k == dotted) else {
        return Err(ProfileError::UnknownKey { path: path.to_path_buf(), line, key: dotted.to_string() });
    };
    let value = match kind {
        Kind::Str => item.as_str().map(|s| toml::Value::String(s.to_string())),
        Kind::Bool => item.as_bool().map(toml::Value::Boolean),
        Kind::U32 => item.as_integer().filter(|&v| (0..=i64::from(u32::MAX)).contains(&v)).map(toml::Value::Integer),
        Kind::U64 => item.as_integer().filter(|&v| v >= 0).map(toml::Value::Integer),
        Kind::F64 => item.as_float().or_else(|| item.as_integer().map(|v| v as f64)).map(toml::Value::Float),
    };
    let value = value.ok_or_else(|| bad_type(path, line, dotted, kind))?;
    layer.values.push((key, value, line));
    Ok(())
}

/// Where parent ids are looked up: the candidate files for an id, in order.
pub type ParentLookup<'a> = dyn Fn(&str, &Path) -> Result<PathBuf, Vec<String>> + 'a;

/// Reads `path` and its `extends` chain, merges and validates: the profile.
/// `text` is the file's content when the caller has it (else it is read).
/// `find(parent_id, child_path)` resolves a parent to a file, or returns
/// the ids that exist.
pub fn resolve(path: &Path, text: Option<&str>, find: &ParentLookup<'_>) -> Result<Profile, ProfileError> {
    let read = |p: &Path| {
        std::fs::read_to_string(p).map_err(|e| ProfileError::Io { path: p.to_path_buf(), message: e.to_string() })
    };
    let first = match text {
        Some(t) => t.to_string(),
        None => read(path)?,
    };
    let mut chain = vec![parse_layer(&first, path)?];
    let mut seen: Vec<PathBuf> = vec![canonical(path)];
    while let Some((parent, line)) = chain.last().and_then(|l| l.extends.clone()) {
        let child = chain.last().map(|l| l.path.clone()).unwrap_or_default();
        let parent_path = find(&parent, &child).map_err(|available| ProfileError::ParentNotFound {
            path: child.clone(),
            line,
            parent: parent.clone(),
            available,
        })?;
        let key = canonical(&parent_path);
        if seen.contains(&key) || chain.len() > MAX_DEPTH {
            let mut files: Vec<PathBuf> = chain.iter().map(|l| l.path.clone()).collect();
            files.push(parent_path);
            return Err(ProfileError::ExtendsLoop { path: child, line, chain: files });
        }
        seen.push(key);
        let text = read(&parent_path)?;
        chain.push(parse_layer(&text, &parent_path)?);
    }
    // Merge: the root ancestor first, the file itself last (it wins).
    let mut merged: BTreeMap<&'static str, (toml::Value, Location)> = BTreeMap::new();
    for layer in chain.iter().rev() {
        for (key, value, line) in &layer.values {
            merged.insert(key, (value.clone(), Location { path: layer.path.clone(), line: *line }));
        }
    }
    for (key, _, required) in SCHEMA {
        if *required && !merged.contains_key(key) {
            return Err(ProfileError::MissingKey { path: path.to_path_buf(), key });
        }
    }
    let mut root = toml::Table::new();
    for (key, (value, _)) in &merged {
        match key.split_once('.') {
            Some((table, sub)) => {
                let t = root.entry(table).or_insert_with(|| toml::Value::Table(toml::Table::new()));
                if let toml::Value::Table(t) = t {
                    t.insert(sub.to_string(), value.clone());
                }
            }
            None => {
                root.insert(key.to_string(), value.clone());
            }
        }
    }
    // The schema already checked keys and kinds, so this can only fail if
    // the schema and the structs disagree; still an error, not a panic.
    let profile: Profile = toml::Value::Table(root).try_into().map_err(|e: toml::de::Error| ProfileError::Parse {
        path: path.to_path_buf(),
        line: None,
        message: e.message().trim_end().to_string(),
    })?;
    profile.validate().map_err(|(field, problem)| ProfileError::Invalid {
        path: path.to_path_buf(),
        field,
        problem,
        at: merged.get(field).map(|(_, at)| at.clone()),
    })?;
    Ok(profile)
}

fn canonical(p: &Path) -> PathBuf {
    p.canonicalize().unwrap_or_else(|_| p.to_path_buf())
}
