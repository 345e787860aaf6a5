//! Keeps the JS shim in lock-step with the Rust protocol.
//!
//! 1. `js-shim/src/props.js` is *generated* from [`reel_engine::protocol::props`]
//!    (the property table with its animation facts, and the protocol
//!    constants): this test renders the module text
//!    and fails when the checked-in file differs. `js-shim/src/wire/layout.js`,
//!    the byte layouts and wire vocabularies the JS wire module reads
//!    (display item offsets, texture delta framing, image and video
//!    state/reason codes: [`render_layout_js`]), likewise. `js-shim/src/props.d.ts`,
//!    its declarations plus the TypeScript value type of every property
//!    (`NodeProps`, `AnimatableProps`, the enum unions, `ErrorKindName`), is
//!    generated and checked the same way; `index.d.ts` re-exports it.
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
use reel_engine::protocol::props::{
    animatable, expand, key, ty, Anim, Check, PropSpec, PropValue as V, ARRAY_PROPS, MAX_TRACKS, PROPS, STRING_PROPS,
};
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

/// `PROPS[i].anim` in props.js.
fn anim_name(a: Anim) -> &'static str {
    match a {
        Anim::No => "null",
        Anim::Num => "'number'",
        Anim::Colour => "'color'",
    }
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
        ErrorKind::NotVideo(_) => "NotVideo",
        ErrorKind::BadGradient { .. } => "BadGradient",
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
        ErrorKind::NotVideo(0),
        ErrorKind::BadGradient { at: 0, what: "" },
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
    let _ = writeln!(w, "// @generated by engine/tests/js_props_in_sync.rs from engine/wire/src/protocol/ — DO NOT EDIT.");
    let _ = writeln!(w, "// Regenerate: REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync");
    let _ = writeln!(w, "//");
    let _ = writeln!(w, "// The Rust property table is the single source of truth; this module is its JS image.");
    let _ = writeln!(w, "// Its tables are marked pure, so bundlers drop the ones a bundle does not use.");
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
    for (name, i) in item_kinds() {
        let _ = writeln!(w, "  {name}: {i},");
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);

    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Every numeric property, in table order.");
    let _ = writeln!(w, " * `accepts` is a bit mask of `1 << TY.*` (RESET is always accepted);");
    let _ = writeln!(w, " * `check` is one of 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum';");
    let _ = writeln!(w, " * `enums` lists an enum's value names in wire order (index = wire value);");
    let _ = writeln!(w, " * `anim` is how ANIMATE/TRANSITION drive it: 'number', 'color' or null (not animatable);");
    let _ = writeln!(w, " * `min`..`max` is the range the engine's decoder accepts (a 32-bit float's");
    let _ = writeln!(w, " * finite range, >= 0, 0..1, an integer type's range; a percentage as its fraction).");
    let _ = writeln!(w, " * @type {{readonly {{ key: number, name: string, accepts: number, check: string, layout: boolean, enums: readonly string[] | null, anim: 'number' | 'color' | null, min: number, max: number }}[]}}");
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
            "  Object.freeze({{ key: {}, name: {}, accepts: {:#04x}, check: {}, layout: {}, enums: {}, anim: {}, min: {min:?}, max: {max:?} }}),",
            p.key,
            js_str(p.name),
            p.accepts,
            js_str(check_name(p.check)),
            p.affects_layout,
            enums,
            anim_name(p.anim)
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
    let _ = writeln!(w);
    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Properties that also take an array (`radius: [tl, tr, br, bl]`): the names of");
    let _ = writeln!(w, " * the properties its elements set, in order.");
    let _ = writeln!(w, " */");
    let _ = writeln!(w, "export const ARRAY_PROPS = Object.freeze({{");
    for (k, parts) in ARRAY_PROPS {
        let names: Vec<String> = parts.iter().map(|&p| js_str(prop_name(p))).collect();
        let _ = writeln!(w, "  {}: Object.freeze([{}]),", prop_name(*k), names.join(", "));
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);
    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Colour names and their 0xRRGGBBAA values (engine/wire/src/color.rs): what");
    let _ = writeln!(w, " * colour properties (src/color.js) and gradient strings (the engine) accept.");
    let _ = writeln!(w, " */");
    let _ = writeln!(w, "export const COLOR_NAMES = Object.freeze({{");
    for (n, v) in reel_engine::color::NAMES.iter().zip(reel_engine::color::VALUES) {
        let _ = writeln!(w, "  {}: 0x{v:08x},", n);
    }
    let _ = writeln!(w, "}});");
    let _ = writeln!(w);
    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Animatable properties (`anim` in engine/wire/src/protocol/props.rs), each with the");
    let _ = writeln!(w, " * number of engine tracks it drives (`drives`/`expand`: 'color' is 4 corners).");
    let _ = writeln!(w, " */");
    let _ = writeln!(w, "export const ANIMATABLE_PROPS = Object.freeze([");
    for p in PROPS.iter().filter(|p| animatable(p.key)) {
        let _ = writeln!(w, "  Object.freeze([{}, {}]),", js_str(p.name), expand(p.key).len());
    }
    let _ = writeln!(w, "]);");
    let _ = writeln!(w, "/** Engine tracks (single animated properties) one animation may drive. */");
    let _ = writeln!(w, "export const MAX_TRACKS = {MAX_TRACKS};");
    let _ = writeln!(w, "/** Transitions one node keeps. */");
    let _ = writeln!(w, "export const MAX_TRANSITIONS = {};", reel_engine::scene::node::MAX_TRANSITIONS);
    // Every table marked pure: a bundle keeps only the tables it uses (the
    // Worker's bundle needs a few constants, not the property table:
    // 18.2 -> 1.3 KB of minified code with esbuild).
    s.replace("Object.freeze(", "/* @__PURE__ */ Object.freeze(")
}

/// `Object.freeze([null, 'a', 'b'])`: names by wire value (`None`: no name).
fn js_names(names: &[Option<&str>]) -> String {
    let list: Vec<String> = names.iter().map(|n| n.map_or_else(|| "null".into(), js_str)).collect();
    format!("Object.freeze([{}])", list.join(", "))
}

/// Names by wire value from `(code, name)` pairs; codes without a name are `null`.
fn names_by_code(codes: &[(u32, &'static str)]) -> String {
    let n = codes.iter().map(|&(c, _)| c as usize + 1).max().unwrap_or(0);
    let mut out: Vec<Option<&str>> = vec![None; n];
    for &(c, name) in codes {
        out[c as usize] = Some(name);
    }
    js_names(&out)
}

/// Renders `js-shim/src/wire/layout.js`: the byte layouts and wire
/// vocabularies the JS wire module (js-shim/src/wire/) reads and writes,
/// from the engine's own structs (`offset_of!`) and constants — display
/// item, list header and mesh vertex field offsets, texture delta framing,
/// and the state / reason codes of IMAGE_STATE, IMAGE_FAILED, VIDEO and
/// VIDEO_STATE. Plain numbers, not objects: bundlers (esbuild) inline them,
/// so the painters' loops read `o + 40` after bundling as they did when the
/// offsets were written by hand. Not part of props.js: the app's
/// `protocol` namespace re-exports props.js whole, and these are the wire
/// module's.
fn render_layout_js() -> String {
    use core::mem::{offset_of, size_of};
    use reel_engine::display_list::{DisplayItem as I, DisplayListHeader as H, MeshVertex as M};
    use reel_engine::{resources, texture, video};
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "// @generated by engine/tests/js_props_in_sync.rs from engine/src/ — DO NOT EDIT.");
    let _ = writeln!(w, "// Regenerate: REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync");
    let _ = writeln!(w, "//");
    let _ = writeln!(w, "// Byte layouts and wire vocabularies of the JS wire module (./), from the engine's");
    let _ = writeln!(w, "// structs (offset_of!) and constants. Plain numbers, so bundlers inline them.");
    let _ = writeln!(w);
    let num = |w: &mut String, name: &str, v: usize| {
        let _ = writeln!(w, "export const {name} = {v};");
    };
    let _ = writeln!(w, "// Display list (engine/src/display_list.rs): item kinds.");
    for (name, i) in item_kinds() {
        num(w, &format!("KIND_{name}"), i as usize);
    }
    let _ = writeln!(w, "// Byte offsets inside a display item (`DisplayItem`).");
    let t = offset_of!(I, transform);
    let (sz, c, uv) = (offset_of!(I, size), offset_of!(I, colors), offset_of!(I, uv));
    for (name, v) in [
        ("OFF_KIND", offset_of!(I, kind)),
        ("OFF_NODE", offset_of!(I, node)),
        ("OFF_TEXTURE", offset_of!(I, texture)),
        ("OFF_PARAM", offset_of!(I, param)),
        ("OFF_A", t),
        ("OFF_B", t + 4),
        ("OFF_C", t + 8),
        ("OFF_D", t + 12),
        ("OFF_E", t + 16),
        ("OFF_F", t + 20),
        ("OFF_W", sz),
        ("OFF_H", sz + 4),
        ("OFF_COLOR0", c),
        ("OFF_COLOR1", c + 4),
        ("OFF_COLOR2", c + 8),
        ("OFF_COLOR3", c + 12),
        ("OFF_U0", uv),
        ("OFF_V0", uv + 4),
        ("OFF_U1", uv + 8),
        ("OFF_V1", uv + 12),
    ] {
        num(w, name, v);
    }
    let _ = writeln!(w, "// Byte offsets inside the list header (`DisplayListHeader`; the mesh section's counts are its reserved words).");
    for (name, v) in [
        ("LIST_MAGIC", offset_of!(H, magic)),
        ("LIST_VERSION", offset_of!(H, version)),
        ("LIST_ITEM_COUNT", offset_of!(H, item_count)),
        ("LIST_FRAME", offset_of!(H, frame)),
        ("LIST_VIEWPORT_W", offset_of!(H, viewport_w)),
        ("LIST_VIEWPORT_H", offset_of!(H, viewport_h)),
        ("LIST_MESH_VERTICES", offset_of!(H, _reserved)),
        ("LIST_MESH_INDICES", offset_of!(H, _reserved) + 4),
    ] {
        num(w, name, v);
    }
    let _ = writeln!(w, "// The mesh section's vertices (`MeshVertex`: pos, uv f32 x2, premultiplied colour bytes).");
    num(w, "MESH_VERTEX_BYTES", size_of::<M>());
    for (name, v) in [
        ("VERTEX_X", offset_of!(M, pos)),
        ("VERTEX_Y", offset_of!(M, pos) + 4),
        ("VERTEX_U", offset_of!(M, uv)),
        ("VERTEX_V", offset_of!(M, uv) + 4),
        ("VERTEX_RGBA", offset_of!(M, color)),
    ] {
        num(w, name, v);
    }
    let _ = writeln!(w, "// Texture deltas (engine/src/texture.rs): `RETX`, version, record tags.");
    let _ = writeln!(w, "export const TEXTURE_DELTAS_MAGIC = {:#010x};", texture::DELTAS_MAGIC);
    num(w, "TEXTURE_DELTAS_VERSION", texture::DELTAS_VERSION as usize);
    num(w, "TEXTURE_TAG_SET", texture::TAG_SET as usize);
    num(w, "TEXTURE_TAG_FREE", texture::TAG_FREE as usize);
    let image_reasons: Vec<(u32, &'static str)> =
        (1..=resources::reason::OTHER).map(|c| (c, resources::reason::name(c))).collect();
    let lists = [
        (
            "`IMAGE_STATE.state` names by wire value (engine/src/resources `state`).",
            "IMAGE_STATES",
            names_by_code(&[
                (resources::state::LOADED, "loaded"),
                (resources::state::FAILED, "failed"),
                (resources::state::RELEASED, "released"),
            ]),
        ),
        (
            "Image failure reason names by code (`IMAGE_FAILED.reason`, `IMAGE_STATE.reason`; engine/src/resources `reason`; 0: none).",
            "IMAGE_REASONS",
            names_by_code(&image_reasons),
        ),
        (
            "`VIDEO_STATE.state` / `VIDEO.state` names by wire value (engine/src/video.rs `state`).",
            "VIDEO_STATES",
            names_by_code(&[
                (video::state::LOADEDMETADATA, "loadedmetadata"),
                (video::state::PLAYING, "playing"),
                (video::state::WAITING, "waiting"),
                (video::state::TIMEUPDATE, "timeupdate"),
                (video::state::ENDED, "ended"),
                (video::state::ERROR, "error"),
            ]),
        ),
        (
            "Video error reason names by code (engine/src/video.rs `reason`; 0: none).",
            "VIDEO_REASONS",
            names_by_code(&[
                (video::reason::NOT_FOUND, "not-found"),
                (video::reason::DECODE, "decode"),
                (video::reason::UNSUPPORTED, "unsupported"),
                (video::reason::DECODER_LIMIT, "decoder-limit"),
            ]),
        ),
    ];
    for (doc, name, value) in lists {
        let _ = writeln!(w, "/** {doc} */");
        let _ = writeln!(w, "export const {name} = {value};");
    }
    use reel_engine::protocol::exports::{Export, Presence};
    let required: Vec<String> =
        Export::ALL.iter().filter(|x| x.presence() == Presence::Required).map(|x| format!("'{}'", x.name())).collect();
    let _ = writeln!(w, "/** The C ABI's exports every engine has (engine/wire/src/protocol/exports.rs). */");
    let _ = writeln!(w, "export const REQUIRED_EXPORTS = [{}];", required.join(", "));
    let _ = writeln!(w, "/** What `reel_submit` would answer when `reel_input_reserve` found no memory (ErrorKind::OutOfMemory). */");
    num(w, "ERR_OUT_OF_MEMORY", reel_engine::protocol::ErrorKind::OutOfMemory.code() as usize);
    s.replace("Object.freeze(", "/* @__PURE__ */ Object.freeze(")
}

fn prop_name(k: u16) -> &'static str {
    PROPS.iter().find(|p| p.key == k).map(|p| p.name).unwrap_or_else(|| panic!("no property {k}"))
}

/// Display item kinds with their JS names, in wire order.
fn item_kinds() -> Vec<(&'static str, u32)> {
    (0..16)
        .filter_map(|i| {
            ItemKind::from_u32(i).map(|kind| {
                let name = match kind {
                    ItemKind::Rect => "RECT",
                    ItemKind::Image => "IMAGE",
                    ItemKind::ClipPush => "CLIP_PUSH",
                    ItemKind::ClipPop => "CLIP_POP",
                    ItemKind::Mesh => "MESH",
                    ItemKind::Shadow => "SHADOW",
                    ItemKind::Shape => "SHAPE",
                    ItemKind::ClipShape => "CLIP_SHAPE",
                    ItemKind::Video => "VIDEO",
                    ItemKind::Gradient => "GRADIENT",
                };
                (name, i)
            })
        })
        .collect()
}

/// `///` doc lines of each key in the `keys!` block of props.rs, by wire
/// key: the JSDoc of the generated declarations, so an editor shows the
/// engine's own words for a property.
fn key_docs() -> std::collections::HashMap<u16, String> {
    const SRC: &str = include_str!("../wire/src/protocol/props.rs");
    let mut out = std::collections::HashMap::new();
    let Some(start) = SRC.find("keys! {") else { panic!("props.rs: no `keys! {{` block") };
    let mut doc: Vec<&str> = Vec::new();
    for line in SRC[start..].lines().skip(1) {
        let t = line.trim();
        if t == "}" {
            break;
        }
        if let Some(d) = t.strip_prefix("///") {
            doc.push(d.trim());
        } else if let Some((_, v)) = t.strip_suffix(';').and_then(|t| t.split_once('=')) {
            let k: u16 = v.trim().parse().unwrap_or_else(|_| panic!("props.rs keys!: cannot read key in {t:?}"));
            out.insert(k, doc.join(" "));
            doc.clear();
        }
    }
    out
}

/// `flexDirection` -> `FlexDirection`: the name of a property's enum type.
fn pascal(name: &str) -> String {
    let mut c = name.chars();
    c.next().map(|f| f.to_ascii_uppercase().to_string() + c.as_str()).unwrap_or_default()
}

/// The TS type of a value the shim's encoder accepts for `p`
/// (js-shim/src/encoder.js `classify`, node.js `setProp`), without the reset.
fn ts_value_type(p: &PropSpec) -> String {
    match p.check {
        Check::Color => "Color".into(),
        Check::Bool => "boolean | 0 | 1".into(),
        Check::Enum(_) => pascal(p.name),
        Check::NodeId => "ReelNode | number".into(),
        Check::Any | Check::NonNegative | Check::Unit => {
            let mut parts = vec!["number"];
            if let Some((_, keys)) = ARRAY_PROPS.iter().find(|(k, _)| *k == p.key) {
                assert_eq!(keys.len(), 4, "{}: only four-element arrays are typed", p.name);
                parts.push("[number, number, number, number]");
            }
            if p.accepts & (1 << ty::PERCENT) != 0 {
                parts.push("Percent");
            }
            if p.accepts & (1 << ty::AUTO) != 0 {
                parts.push("'auto'");
            }
            parts.join(" | ")
        }
    }
}

/// What the type cannot say (range, integer), for the JSDoc line.
fn ts_value_note(p: &PropSpec) -> Option<String> {
    let int = p.accepts & ((1 << ty::I32) | (1 << ty::U32)) != 0;
    match p.check {
        Check::Unit => Some("0..1".into()),
        Check::NonNegative => Some(">= 0".into()),
        Check::Any if p.accepts & (1 << ty::I32) != 0 => Some("a 32-bit signed integer".into()),
        Check::Any if int => Some("an integer >= 0".into()),
        _ => None,
    }
}

/// Renders `js-shim/src/props.d.ts`: the declarations of `props.js` plus the
/// per-property value types (`NodeProps`, `AnimatableProps`, the enum unions)
/// that `index.d.ts`, `solid/` and `react/` build on.
fn render_props_dts() -> String {
    let docs = key_docs();
    let mut s = String::new();
    let w = &mut s;
    let _ = writeln!(w, "// @generated by engine/tests/js_props_in_sync.rs from engine/wire/src/protocol/ — DO NOT EDIT.");
    let _ = writeln!(w, "// Regenerate: REEL_UPDATE_GOLDEN=1 cargo test -p reel-engine --test js_props_in_sync");
    let _ = writeln!(w, "//");
    let _ = writeln!(w, "// Types of props.js, and the value type of every engine property as the shim accepts it");
    let _ = writeln!(w, "// (js-shim/src/encoder.js): index.d.ts re-exports them.");
    let _ = writeln!(w);
    let _ = writeln!(w, "import type {{ ReelNode }} from './index.js';");
    let _ = writeln!(w);
    let _ = writeln!(w, "/** A colour: 0xRRGGBBAA, '#rgb[a]', '#rrggbb[aa]', 'rgb(…)', 'rgba(…)' or a name (js-shim/src/color.js). */");
    let names: Vec<String> = reel_engine::color::NAMES.iter().map(|n| js_str(n)).collect();
    let _ = writeln!(w, "/** A colour name Reel knows (engine/wire/src/color.rs; any letter case at run time). */");
    let _ = writeln!(w, "export type ColorName = {};", names.join(" | "));
    // The functions and names in the cases CSS writers use (the parser
    // takes any case): 'White', 'WHITE', 'RGBA(…)'.
    let _ = writeln!(
        w,
        "export type Color = number | `#${{string}}` | `rgb(${{string}})` | `rgba(${{string}})` | `RGB(${{string}})` | `RGBA(${{string}})` | ColorName | Capitalize<ColorName> | Uppercase<ColorName>;"
    );
    let _ = writeln!(w, "/** A percentage of the parent's size, e.g. '50%' (sent as the fraction 0.5). */");
    let _ = writeln!(w, "export type Percent = `${{number}}%`;");
    let _ = writeln!(w);

    // Enum unions, one per enum property.
    for p in PROPS.iter().filter(|p| matches!(p.check, Check::Enum(_))) {
        let names: Vec<String> = p.enum_names.iter().map(|n| js_str(n)).collect();
        let _ = writeln!(w, "/** Values of `{}` (wire value = index). */", p.name);
        let _ = writeln!(w, "export type {} = {};", pascal(p.name), names.join(" | "));
    }
    let _ = writeln!(w, "/** Every enum property's value type, by property name. */");
    let _ = writeln!(w, "export interface PropEnums {{");
    for p in PROPS.iter().filter(|p| matches!(p.check, Check::Enum(_))) {
        let _ = writeln!(w, "  {}: {};", p.name, pascal(p.name));
    }
    let _ = writeln!(w, "}}");
    let _ = writeln!(w);

    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Every engine property with the values the shim accepts for it; `null` (or");
    let _ = writeln!(w, " * `undefined`) resets it to the engine's default. Out-of-range numbers throw a");
    let _ = writeln!(w, " * RangeError naming the property in dev builds and are clamped in production.");
    let _ = writeln!(w, " */");
    let _ = writeln!(w, "export interface NodeProps {{");
    for p in PROPS {
        let mut tags: Vec<String> = ts_value_note(p).into_iter().collect();
        if p.affects_layout {
            tags.push("layout".into());
        }
        if animatable(p.key) {
            tags.push("animatable".into());
        }
        let doc = docs.get(&p.key).map(String::as_str).unwrap_or_default();
        let tags = if tags.is_empty() { String::new() } else { format!(" [{}]", tags.join(", ")) };
        let _ = writeln!(w, "  /** {doc}{tags} */");
        let _ = writeln!(w, "  {}?: {} | null;", p.name, ts_value_type(p));
    }
    for (k, n) in STRING_PROPS {
        let _ = writeln!(w, "  /** {} */", docs.get(k).map(String::as_str).unwrap_or_default());
        let _ = writeln!(w, "  {n}?: string | null;");
    }
    let _ = writeln!(w, "}}");
    let _ = writeln!(w);

    let anim: Vec<&PropSpec> = PROPS.iter().filter(|p| animatable(p.key)).collect();
    let _ = writeln!(w, "/** The properties `animate()` and transitions drive (`anim` in engine/wire/src/protocol/props.rs). */");
    let _ = writeln!(w, "export type AnimatableProp =");
    for p in &anim {
        let _ = writeln!(w, "  | {}", js_str(p.name));
    }
    let _ = writeln!(w, "  ;");
    let _ = writeln!(w, "/**");
    let _ = writeln!(w, " * Animation targets: numbers for numeric properties (no '50%' or 'auto'),");
    let _ = writeln!(w, " * colours for colour ones; one animation drives at most 8 engine tracks");
    let _ = writeln!(w, " * (`ANIMATABLE_PROPS` gives each property's count).");
    let _ = writeln!(w, " */");
    let _ = writeln!(w, "export interface AnimatableProps {{");
    for p in &anim {
        let t = if p.anim == Anim::Colour { "Color" } else { "number" };
        let _ = writeln!(w, "  {}?: {t};", p.name);
    }
    let _ = writeln!(w, "}}");
    let _ = writeln!(w);

    let _ = writeln!(w, "/** Names of the engine's errors (`EngineError.kind`). */");
    let _ = writeln!(w, "export type ErrorKindName =");
    for e in error_samples() {
        let _ = writeln!(w, "  | {}", js_str(error_name(&e)));
    }
    let _ = writeln!(w, "  ;");
    let _ = writeln!(w);

    // Declarations of props.js, constant by constant.
    let _ = writeln!(w, "export const PROTOCOL_VERSION: {PROTOCOL_VERSION};");
    let _ = writeln!(w, "export const BATCH_MAGIC: {BATCH_MAGIC};");
    let _ = writeln!(w, "export const EVENTS_MAGIC: {EVENTS_MAGIC};");
    let _ = writeln!(w, "export const HEADER_BYTES: {HEADER_BYTES};");
    let _ = writeln!(w, "export const NONE: {NONE};");
    let _ = writeln!(w, "export const ROOT: {ROOT};");
    let _ = writeln!(w, "export const ABI_VERSION: {};", reel_engine::abi::ABI_VERSION);
    let ops: Vec<u16> = (1..=0x7F).filter(|&o| op::name(o) != "UNKNOWN").collect();
    let list: Vec<String> = ops.iter().map(|&o| format!("{}: {o}", op::name(o))).collect();
    let _ = writeln!(w, "export const OP: Readonly<{{ {} }}>;", list.join("; "));
    let list: Vec<String> = ops.iter().map(|&o| format!("{o}: {}", js_str(op::name(o)))).collect();
    let _ = writeln!(w, "export const OP_NAMES: Readonly<{{ {} }}>;", list.join("; "));
    let evs: Vec<u16> = (0x80..=0xFF).filter(|&e| ev::name(e) != "UNKNOWN").collect();
    let list: Vec<String> = evs.iter().map(|&e| format!("{}: {e}", ev::name(e))).collect();
    let _ = writeln!(w, "export const EV: Readonly<{{ {} }}>;", list.join("; "));
    let mut kinds = Vec::new();
    let mut k = 0;
    while let Some(kind) = NodeKind::from_u32(k) {
        kinds.push(format!("{}: {}", kind.name(), kind as u32));
        k += 1;
    }
    let _ = writeln!(w, "export const NODE_KIND: Readonly<{{ {} }}>;", kinds.join("; "));
    let list: Vec<String> =
        [ty::F32, ty::U32, ty::I32, ty::PERCENT, ty::AUTO, ty::RESET].iter().map(|&t| format!("{}: {t}", ty::name(t).to_uppercase())).collect();
    let _ = writeln!(w, "export const TY: Readonly<{{ {} }}>;", list.join("; "));
    let list: Vec<String> = error_samples().iter().map(|e| format!("{}: {}", e.code(), js_str(error_name(e)))).collect();
    let _ = writeln!(w, "export const ERROR_CODES: Readonly<{{ {} }}>;", list.join("; "));
    let _ = writeln!(w, "export const DISPLAY_LIST_MAGIC: {DISPLAY_LIST_MAGIC};");
    let _ = writeln!(w, "export const DISPLAY_LIST_VERSION: {DISPLAY_LIST_VERSION};");
    let _ = writeln!(
        w,
        "export const DISPLAY_LIST_HEADER_BYTES: {};",
        core::mem::size_of::<reel_engine::display_list::DisplayListHeader>()
    );
    let _ = writeln!(w, "export const DISPLAY_ITEM_BYTES: {};", core::mem::size_of::<reel_engine::display_list::DisplayItem>());
    let list: Vec<String> = item_kinds().iter().map(|(n, i)| format!("{n}: {i}")).collect();
    let _ = writeln!(w, "export const ITEM_KIND: Readonly<{{ {} }}>;", list.join("; "));
    let _ = writeln!(w);
    let _ = writeln!(w, "/** A numeric property's row of the generated table. */");
    let _ = writeln!(w, "export interface PropTableEntry {{");
    let _ = writeln!(w, "  readonly key: number;");
    let _ = writeln!(w, "  readonly name: Exclude<keyof NodeProps, StringPropName>;");
    let _ = writeln!(w, "  /** Bit mask of `1 << TY.*` (RESET is always accepted). */");
    let _ = writeln!(w, "  readonly accepts: number;");
    let _ = writeln!(w, "  readonly check: 'any' | 'nonNegative' | 'unit' | 'bool' | 'color' | 'enum' | 'nodeId';");
    let _ = writeln!(w, "  readonly layout: boolean;");
    let _ = writeln!(w, "  readonly enums: readonly string[] | null;");
    let _ = writeln!(w, "  /** How ANIMATE/TRANSITION drive it (null: not animatable). */");
    let _ = writeln!(w, "  readonly anim: 'number' | 'color' | null;");
    let _ = writeln!(w, "  readonly min: number;");
    let _ = writeln!(w, "  readonly max: number;");
    let _ = writeln!(w, "}}");
    let names: Vec<String> = STRING_PROPS.iter().map(|(_, n)| js_str(n)).collect();
    let _ = writeln!(w, "/** Properties set with SET_STR. */");
    let _ = writeln!(w, "export type StringPropName = {};", names.join(" | "));
    let _ = writeln!(w, "export const PROPS: readonly PropTableEntry[];");
    let _ = writeln!(w, "export const STRING_PROPS: readonly {{ readonly key: number; readonly name: StringPropName }}[];");
    let list: Vec<String> = ARRAY_PROPS
        .iter()
        .map(|(k, parts)| {
            let names: Vec<String> = parts.iter().map(|&p| js_str(prop_name(p))).collect();
            format!("{}: readonly [{}]", prop_name(*k), names.join(", "))
        })
        .collect();
    let _ = writeln!(w, "/** Properties that also take an array, and the properties its elements set. */");
    let _ = writeln!(w, "export const ARRAY_PROPS: Readonly<{{ {} }}>;", list.join("; "));
    let _ = writeln!(w, "/** Colour names and their 0xRRGGBBAA values. */");
    let _ = writeln!(w, "export const COLOR_NAMES: Readonly<Record<string, number>>;");
    let _ = writeln!(w, "/** Each animatable property and the number of engine tracks it drives. */");
    let _ = writeln!(w, "export const ANIMATABLE_PROPS: readonly (readonly [AnimatableProp, number])[];");
    let _ = writeln!(w, "export const MAX_TRACKS: {MAX_TRACKS};");
    let _ = writeln!(w, "export const MAX_TRANSITIONS: {};", reel_engine::scene::node::MAX_TRANSITIONS);
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
fn wire_layout_js_matches_the_rust_structs() {
    check_golden("js-shim/src/wire/layout.js", render_layout_js().as_bytes());
}

#[test]
fn props_dts_matches_the_rust_table() {
    // Every animatable property drives at least one track, and every key has
    // a doc line for the editor.
    let docs = key_docs();
    for p in PROPS {
        assert!(!animatable(p.key) || !expand(p.key).is_empty(), "{}: animatable but expands to no track", p.name);
        assert!(docs.get(&p.key).is_some_and(|d| !d.is_empty()), "{}: no /// doc in props.rs keys!", p.name);
    }
    check_golden("js-shim/src/props.d.ts", render_props_dts().as_bytes());
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

/// The colour corpus `js-shim/test/color.test.js` holds the shim's
/// `parseColor` to: each string with what the engine's parser
/// (`reel_engine::gradient::parse_color`, the grammar gradient stops use)
/// makes of it, `null` when it refuses it. Colour properties are parsed in
/// JS and gradient strings in the engine; this keeps them one grammar.
#[test]
fn color_corpus_matches_the_engine_parser() {
    let mut cases: Vec<String> = [
        "#fff", "#FFF", "#ffff", "#0f08", "#ff8000", "#FF8000CC", "#12345", "#1234567", "#", "#ggg", " #abc ", "#abc x",
        "transparent", "TRANSPARENT", "Black", "white", "grey", "gold", "rebeccapurple", "lightgoldenrodyellow", "",
        "rgb(255,128,0)", "rgb(255, 128, 0)", "rgb(255 128 0)", "rgb( 255 , 128 , 0 )", "rgb(255 128 0 / 50%)",
        "rgb(255 128 0 / .5)", "rgba(0,0,0,0.5)", "rgba(0, 0, 0, .25)", "rgba(0,0,0)", "rgb(100%, 0%, 50%)",
        "rgb(300, -20, 12.5)", "rgba(0,0,0,2)", "rgba(0,0,0,-1)", "rgb(1, 2)", "rgb(1 2 3 4 5)", "rgb 1 2 3", "rgb(1,2,3",
        "RGB(1,2,3)", "rgb(1e2,0,0)", "rgb(1234567890,0,0)", "rgb(12345678.9,0,0)", "rgb(.5,.5,.5)", "rgb(5.,5.,5.)",
        "rgb(-0,0,0)", "rgb(- 1,0,0)", "rgb(0,0,0)x", "hsl(120, 100%, 50%)", "hsl(120 100% 50%)", "hsl(120deg 100% 50%)",
        "hsl(0.5turn 100% 50% / 0.5)", "hsla(240, 100%, 25%, 1)", "hsl(-120, 100%, 50%)", "hsl(780, 100%, 50%)",
        "hsl(200, 50, 50)", "hsl(200, 150%, -5%)", "hsl(1 2 3 4 5)", "hsl(30rad, 1%, 1%)", "HSLA(10 20% 30% / 40%)",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for n in reel_engine::color::NAMES {
        cases.push(n.to_string());
        cases.push(n.to_uppercase());
    }
    // Every rounding the channels and the hsl conversion can meet.
    for i in 0..64 {
        let x = i as f32 * 4.13 - 3.0;
        cases.push(format!("rgb({x:.2}, {:.1}%, {:.3})", x * 0.7, 255.0 - x));
        cases.push(format!("rgba({}, {}, {}, {:.3})", i * 4, 255 - i * 4, i * 7 % 256, i as f32 / 63.0));
        cases.push(format!("hsl({:.1} {:.1}% {:.1}% / {:.0}%)", i as f32 * 11.25 - 90.0, (i * 17 % 101) as f32, (i * 29 % 101) as f32, i as f32 * 1.6));
        cases.push(format!("hsla({}turn, {}%, {}%, .{})", i as f32 / 16.0, 100 - i, i + 10, i % 10));
    }
    let mut json = String::from("[\n");
    for (k, s) in cases.iter().enumerate() {
        let v = reel_engine::gradient::parse_color(s).map_or("null".to_string(), |c| c.to_string());
        let sep = if k + 1 == cases.len() { "" } else { "," };
        let quoted: String = s.chars().flat_map(|c| if c == '"' || c == '\\' { vec!['\\', c] } else { vec![c] }).collect();
        let _ = writeln!(json, "  [\"{quoted}\", {v}]{sep}");
    }
    json.push_str("]\n");
    check_golden("js-shim/test/fixtures/colors.json", json.as_bytes());
}
