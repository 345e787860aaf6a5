//! Keeps the JS shim in lock-step with the Rust protocol.
//!
//! 1. `js-shim/src/props.js` is *generated* from [`reel_engine::protocol::props`]
//!    (and the protocol constants): this test renders the module text and
//!    fails when the checked-in file differs.
//! 2. `js-shim/test/fixtures/golden-batch.bin` is a batch written by the Rust
//!    reference encoder ([`BatchBuilder`]) for a fixed scene; the JS test
//!    `js-shim/test/encoder.test.js` encodes the same scene and compares bytes.
//!
//! Regenerate both after changing the protocol:
//!
//! ```sh
//! REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync
//! ```

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use reel_engine::display_list::{ItemKind, DISPLAY_LIST_MAGIC, DISPLAY_LIST_VERSION};
use reel_engine::protocol::events::ev;
use reel_engine::protocol::props::{key, ty, Check, PropSpec, PropValue as V, PROPS, STRING_PROPS};
use reel_engine::protocol::{
    op, BatchBuilder, ErrorKind, NodeKind, BATCH_MAGIC, EVENTS_MAGIC, HEADER_BYTES, NONE, PROTOCOL_VERSION, ROOT,
};
use reel_engine::Engine;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn updating() -> bool {
    std::env::var("REEL_UPDATE_GOLDEN").is_ok_and(|v| v == "1")
}

/// Compares `actual` with the file at `rel` (repo-relative); rewrites it when
/// `REEL_UPDATE_GOLDEN=1`, otherwise fails with a hint.
fn check_golden(rel: &str, actual: &[u8]) {
    let path = repo_root().join(rel);
    let current = std::fs::read(&path).ok();
    if current.as_deref() == Some(actual) {
        return;
    }
    if updating() {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("create fixture dir");
        }
        std::fs::write(&path, actual).expect("write golden");
        eprintln!("updated {rel}");
        return;
    }
    let why = if current.is_none() { "is missing" } else { "is out of date" };
    panic!(
        "{rel} {why} (generated from the Rust protocol).\n\
         Regenerate: REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync"
    );
}

/// A JS string literal (single quotes).
fn js_str(s: &str) -> String {
    let mut out = String::from("'");
    for c in s.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

fn check_name(c: Check) -> &'static str {
    match c {
        Check::Any => "any",
        Check::NonNegative => "nonNegative",
        Check::Unit => "unit",
        Check::Bool => "bool",
        Check::Color => "color",
        Check::Enum(_) => "enum",
        Check::NodeId => "nodeId",
    }
}

/// The values the decoder accepts for `p`, as `(min, max)` in the wire's
/// numbers (a percentage as its fraction: `'50%'` is 0.5). The shim checks
/// them at the call site in dev builds and clamps to them in production, so
/// a value never gets a whole batch rejected; `ranges_match_the_decoder`
/// holds them against [`reel_engine::protocol::PropEntry::decode`].
fn wire_range(p: &PropSpec) -> (f64, f64) {
    let float = p.accepts & ((1 << ty::F32) | (1 << ty::PERCENT)) != 0;
    let max_f32 = f64::from(f32::MAX);
    if float {
        return match p.check {
            Check::Any => (-max_f32, max_f32),
            Check::NonNegative => (0.0, max_f32),
            Check::Unit => (0.0, 1.0),
            other => panic!("{}: float property with check {other:?}", p.name),
        };
    }
    if p.accepts & (1 << ty::I32) != 0 {
        return (f64::from(i32::MIN), f64::from(i32::MAX));
    }
    match p.check {
        Check::Bool => (0.0, 1.0),
        Check::Enum(n) => (0.0, f64::from(n.saturating_sub(1))),
        _ => (0.0, f64::from(u32::MAX)),
    }
}

/// Exhaustive on purpose: a new [`ErrorKind`] variant fails to compile here,
/// which is the reminder to add it to [`error_samples`].
fn error_name(k: &ErrorKind) -> &'static str {
    match k {
        ErrorKind::Truncated { .. } => "Truncated",
        ErrorKind::BadMagic(_) => "BadMagic",
        ErrorKind::UnsupportedVersion(_) => "UnsupportedVersion",
        ErrorKind::BadFlags(_) => "BadFlags",
        ErrorKind::TrailingBytes(_) => "TrailingBytes",
        ErrorKind::UnknownOpcode(_) => "UnknownOpcode",
        ErrorKind::BadLength { .. } => "BadLength",
        ErrorKind::UnknownNodeKind(_) => "UnknownNodeKind",
        ErrorKind::UnknownNode(_) => "UnknownNode",
        ErrorKind::IdInUse(_) => "IdInUse",
        ErrorKind::ReservedId(_) => "ReservedId",
        ErrorKind::Cycle { .. } => "Cycle",
        ErrorKind::AnchorNotChild { .. } => "AnchorNotChild",
        ErrorKind::UnknownProp(_) => "UnknownProp",
        ErrorKind::WrongType { .. } => "WrongType",
        ErrorKind::NonFinite { .. } => "NonFinite",
        ErrorKind::OutOfRange { .. } => "OutOfRange",
        ErrorKind::BadEnum { .. } => "BadEnum",
        ErrorKind::BadKeywordBits { .. } => "BadKeywordBits",
        ErrorKind::BadUtf8 { .. } => "BadUtf8",
        ErrorKind::NotText(_) => "NotText",
        ErrorKind::OutOfMemory => "OutOfMemory",
        ErrorKind::NotAnimatable(_) => "NotAnimatable",
        ErrorKind::BadArgument(_) => "BadArgument",
        ErrorKind::BadFont(_) => "BadFont",
        ErrorKind::TooDeep { .. } => "TooDeep",
        ErrorKind::FlexTooDeep { .. } => "FlexTooDeep",
    }
}

fn error_samples() -> Vec<ErrorKind> {
    vec![
        ErrorKind::Truncated { needed: 0, got: 0 },
        ErrorKind::BadMagic(0),
        ErrorKind::UnsupportedVersion(0),
        ErrorKind::BadFlags(0),
        ErrorKind::TrailingBytes(0),
        ErrorKind::UnknownOpcode(0),
        ErrorKind::BadLength { words: 0 },
        ErrorKind::UnknownNodeKind(0),
        ErrorKind::UnknownNode(0),
        ErrorKind::IdInUse(0),
        ErrorKind::ReservedId(0),
        ErrorKind::Cycle { parent: 0, child: 0 },
        ErrorKind::AnchorNotChild { parent: 0, anchor: 0 },
        ErrorKind::UnknownProp(0),
        ErrorKind::WrongType { prop: 0, ty: 0 },
        ErrorKind::NonFinite { prop: 0 },
        ErrorKind::OutOfRange { prop: 0, value: 0.0 },
        ErrorKind::BadEnum { prop: 0, value: 0 },
        ErrorKind::BadKeywordBits { prop: 0 },
        ErrorKind::BadUtf8 { valid_up_to: 0 },
        ErrorKind::NotText(0),
        ErrorKind::OutOfMemory,
        ErrorKind::NotAnimatable(0),
        ErrorKind::BadArgument(""),
        ErrorKind::BadFont(""),
        ErrorKind::TooDeep { node: 0, depth: 0, limit: 0 },
        ErrorKind::FlexTooDeep { node: 0, depth: 0, limit: 0 },
    ]
}

/// Renders the text of `js-shim/src/props.js`.
fn render_props_js() -> String {
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "// @generated by engine/tests/js_props_in_sync.rs from engine/src/protocol/ — DO NOT EDIT.");
    let _ = writeln!(w, "// Regenerate: REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync");
    let _ = writeln!(w, "//");
    let _ = writeln!(w, "// The Rust property table is the single source of truth; this module is its JS image.");
    let _ = writeln!(w);
    let _ = writeln!(w, "/** Protocol version of batches and events. */");
    let _ = writeln!(w, "export const PROTOCOL_VERSION = {PROTOCOL_VERSION};");
    let _ = writeln!(w, "/** `REEL` as a little-endian u32. */");
    let _ = writeln!(w, "export const BATCH_MAGIC = {BATCH_MAGIC:#010x};");
    let _ = writeln!(w, "/** `REEV` as a little-endian u32. */");
    let _ = writeln!(w, "export const EVENTS_MAGIC = {EVENTS_MAGIC:#010x};");
    let _ = writeln!(w, "/** Batch header size in bytes. */");
    let _ = writeln!(w, "export const HEADER_BYTES = {HEADER_BYTES};");
    let _ = writeln!(w, "/** \"No node\" (append when used as an anchor). */");
    let _ = writeln!(w, "export const NONE = {NONE:#010x};");
    let _ = writeln!(w, "/** The root node's id. */");
    let _ = writeln!(w, "export const ROOT = {ROOT};");
    let _ = writeln!(w, "/** C ABI version exported by engine.wasm (`reel_abi_version`). */");
    let _ = writeln!(w, "export const ABI_VERSION = {};", reel_engine::abi::ABI_VERSION);
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Command opcodes. */");
    let _ = writeln!(w, "export const OP = Object.freeze({{");
    // Every defined opcode, straight from the engine's own name table.
    let ops: Vec<u16> = (1..=0x7F).filter(|&o| op::name(o) != "UNKNOWN").collect();
    for &o in &ops {
        let _ = writeln!(w, "  {}: {o},", op::name(o));
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w, "/** Opcode -> name, for messages. */");
    let _ = writeln!(w, "export const OP_NAMES = Object.freeze({{");
    for &o in &ops {
        let _ = writeln!(w, "  {o}: {},", js_str(op::name(o)));
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Event opcodes. */");
    let evs: Vec<u16> = (0x80..=0xFF).filter(|&e| ev::name(e) != "UNKNOWN").collect();
    let list: Vec<String> = evs.iter().map(|&e| format!("{}: {e:#04x}", ev::name(e))).collect();
    let _ = writeln!(w, "export const EV = Object.freeze({{ {} }});", list.join(", "));
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Node kinds for `CREATE`, by API name. */");
    let _ = writeln!(w, "export const NODE_KIND = Object.freeze({{");
    let mut k = 0;
    while let Some(kind) = NodeKind::from_u32(k) {
        let _ = writeln!(w, "  {}: {},", kind.name(), kind as u32);
        k += 1;
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Wire value types of a property entry. */");
    let _ = writeln!(w, "export const TY = Object.freeze({{");
    for t in [ty::F32, ty::U32, ty::I32, ty::PERCENT, ty::AUTO, ty::RESET] {
        let _ = writeln!(w, "  {}: {t},", ty::name(t).to_uppercase());
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Error codes carried by ERROR events and returned by `reel_submit`. */");
    let _ = writeln!(w, "export const ERROR_CODES = Object.freeze({{");
    for e in error_samples() {
        let _ = writeln!(w, "  {}: {},", e.code(), js_str(error_name(&e)));
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Display list framing (see engine/src/display_list.rs). */");
    let _ = writeln!(w, "export const DISPLAY_LIST_MAGIC = {DISPLAY_LIST_MAGIC:#010x};");
    let _ = writeln!(w, "export const DISPLAY_LIST_VERSION = {DISPLAY_LIST_VERSION};");
    let _ = writeln!(
        w,
        "export const DISPLAY_LIST_HEADER_BYTES = {};",
        core::mem::size_of::<reel_engine::display_list::DisplayListHeader>()
    );
    let _ = writeln!(
        w,
        "export const DISPLAY_ITEM_BYTES = {};",
        core::mem::size_of::<reel_engine::display_list::DisplayItem>()
    );
    let _ = writeln!(w, "export const ITEM_KIND = Object.freeze({{");
    let mut i = 0;
    while i < 16 {
        if let Some(kind) = ItemKind::from_u32(i) {
            let name = match kind {
                ItemKind::Rect => "RECT",
                ItemKind::Image => "IMAGE",
                ItemKind::ClipPush => "CLIP_PUSH",
                ItemKind::ClipPop => "CLIP_POP",
                ItemKind::Mesh => "MESH",
            };
            let _ = writeln!(w, "  {name}: {i},");
        }
        i += 1;
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);

    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Every numeric property, in table order.");
    let _ = writeln!(w, " * `accepts` is a bit mask of `1 << TY.*` (RESET is always accepted);");
    let _ = writeln!(w, " * `check` is one of 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum';");
    let _ = writeln!(w, " * `enums` lists an enum's value names in wire order (index = wire value);");
    let _ = writeln!(w, " * `min`..`max` is the range the engine's decoder accepts (a 32-bit float's");
    let _ = writeln!(w, " * finite range, >= 0, 0..1, an integer type's range; a percentage as its fraction).");
    let _ = writeln!(w, " * @type {{readonly {{ key: number, name: string, accepts: number, check: string, layout: boolean, enums: readonly string[] | null, min: number, max: number }}[]}}");
    let _ = writeln!(w, " */");
    let _ = writeln!(w, "export const PROPS = Object.freeze([");
    for p in PROPS {
        let enums = if p.enum_names.is_empty() {
            "null".to_string()
        } else {
            let names: Vec<String> = p.enum_names.iter().map(|n| js_str(n)).collect();
            format!("Object.freeze([{}])", names.join(", "))
        };
        let (min, max) = wire_range(p);
        let _ = writeln!(
            w,
            "  Object.freeze({{ key: {}, name: {}, accepts: {:#04x}, check: {}, layout: {}, enums: {}, min: {min:?}, max: {max:?} }}),",
            p.key,
            js_str(p.name),
            p.accepts,
            js_str(check_name(p.check)),
            p.affects_layout,
            enums
        );
    }
    let _ = writeln!(w, "]);");
    let _ = writeln!(w);
    let _ = writeln!(w, "/** String properties, set with SET_STR. */");
    let _ = writeln!(w, "export const STRING_PROPS = Object.freeze([");
    for (k, n) in STRING_PROPS {
        let _ = writeln!(w, "  Object.freeze({{ key: {k}, name: {} }}),", js_str(n));
    }
    let _ = writeln!(w, "]);");
    s
}

#[test]
fn props_js_matches_the_rust_table() {
    // Enum checks must agree with their name lists, or the JS side would
    // accept names the engine rejects.
    for p in PROPS {
        if let Check::Enum(n) = p.check {
            assert_eq!(n as usize, p.enum_names.len(), "{}: enum count vs names", p.name);
        }
    }
    check_golden("js-shim/src/props.js", render_props_js().as_bytes());
}

#[test]
fn ranges_match_the_decoder() {
    use reel_engine::protocol::PropEntry;
    for p in PROPS {
        let (min, max) = wire_range(p);
        let entries: Vec<(u16, Box<dyn Fn(f64) -> V>)> = vec![
            (ty::F32, Box::new(|v| V::F32(v as f32))),
            (ty::PERCENT, Box::new(|v| V::Percent(v as f32))),
            (ty::I32, Box::new(|v| V::I32(v as i32))),
            (ty::U32, Box::new(|v| V::U32(v as u32))),
        ];
        for (t, make) in entries {
            if p.accepts & (1 << t) == 0 {
                continue;
            }
            for v in [min, max] {
                let got = PropEntry::new(p.key, make(v)).decode();
                assert!(got.is_ok(), "{} {}: {v} is in the range the shim allows but the decoder says {got:?}", p.name, ty::name(t));
            }
            // Just outside the range, where the wire type can carry it.
            let outside: Vec<f64> = match t {
                ty::F32 | ty::PERCENT => vec![min - 1e-3_f64.max(min.abs() * 1e-6), f64::INFINITY, f64::NEG_INFINITY]
                    .into_iter()
                    .filter(|&v| (v as f32) < min as f32 || v > max)
                    .chain(if max < f64::from(f32::MAX) { vec![max + 1e-3] } else { vec![] })
                    .collect(),
                ty::U32 if max < f64::from(u32::MAX) => vec![max + 1.0],
                _ => vec![],
            };
            for v in outside {
                let e = PropEntry::new(p.key, make(v));
                assert!(e.decode().is_err(), "{} {}: {v} is outside the shim's range but the decoder accepts it", p.name, ty::name(t));
            }
        }
    }
}

/// The fixed scene of the cross-check. `js-shim/test/encoder.test.js`
/// encodes exactly these calls; keep the two in step.
fn golden_scene() -> BatchBuilder {
    let mut b = BatchBuilder::new(7);
    b.create(1, NodeKind::View)
        .set_props(
            1,
            &[
                (key::X, V::F32(10.5)),
                (key::Y, V::F32(-20.0)),
                (key::W, V::Percent(0.5)),
                (key::H, V::Auto),
                (key::ALPHA, V::F32(0.1)),
                (key::COLOR, V::U32(0xff80_00ff)),
            ],
        )
        .insert(ROOT, 1, NONE)
        .create(2, NodeKind::Image)
        .set_props(
            2,
            &[
                (key::W, V::F32(64.0)),
                (key::H, V::F32(36.0)),
                (key::Z_INDEX, V::I32(-3)),
                (key::CLIPPING, V::U32(1)),
                (key::ROTATION, V::F32(1.5)),
                (key::COLOR_TOP, V::U32(0x1234_5678)),
            ],
        )
        .set_str(2, key::SRC, "https://cdn.example/poster_é.png")
        .insert(1, 2, NONE)
        .create(3, NodeKind::Text)
        .set_text(3, "Hello, Reel — 👋")
        .set_props(
            3,
            &[
                (key::MOUNT_X, V::F32(0.5)),
                (key::DISPLAY, V::U32(1)),
                (key::FLEX_DIRECTION, V::U32(1)),
                (key::JUSTIFY_CONTENT, V::U32(3)),
                (key::MARGIN, V::Auto),
                (key::PADDING, V::Percent(0.25)),
                (key::VISIBLE, V::U32(0)),
            ],
        )
        .insert(1, 3, 2)
        .set_props(1, &[(key::W, V::Reset)])
        .create(4, NodeKind::View)
        .insert(ROOT, 4, 1)
        .remove(4)
        .destroy(4)
        .set_text(3, "abcd")
        .set_text(3, "")
        .set_str(2, key::SRC, "a.png")
        .frame(16.75);
    b
}

#[test]
fn golden_batch_for_the_js_encoder() {
    let bytes = golden_scene().finish();
    // The fixture must be a batch the engine accepts.
    let mut e = Engine::new(1280, 720);
    e.submit(&bytes).expect("golden scene is a valid batch");
    assert_eq!(e.stats().nodes, 4, "root + 3 nodes after the scene");
    check_golden("js-shim/test/fixtures/golden-batch.bin", &bytes);
}
