//! # reel-tests: the conformance suite
//!
//! Helpers shared by the integration tests in `tests/tests/`:
//!
//! * **Golden scenes** (`tests/scenes/<name>.scene`, the script format of
//!   [`reel_engine::script`]): [`check_scene`] runs a scene on the native
//!   [`Engine`], compares the last frame's display-list dump
//!   ([`DisplayListRef::to_text`](reel_engine::display_list::DisplayListRef::to_text)) with `<name>.dl.txt` exactly, and the
//!   frame painted by [`reel_engine::raster`] with `<name>.png` within
//!   [`TOLERANCE`]. A failure writes the actual dump, the actual PNG and a
//!   diff PNG under `target/conformance-out/`. With `REEL_UPDATE_GOLDEN=1`
//!   the expectations are (re)written instead.
//! * **Native vs Wasm**: [`run_wasm`] runs the same batches through
//!   `reel_host::WasmEngine` on `target/engine.wasm`; the tests assert the
//!   display-list bytes equal the native ones. A missing `engine.wasm` is a
//!   failure telling you to run `tools/build-wasm.sh`, never a silent pass.
//!
//! See `tests/README.md` for the workflow.

use std::path::{Path, PathBuf};

use reel_engine::display_list::{read_display_list, OwnedDisplayList};
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::BatchBuilder;
use reel_engine::raster::{self, RgbaImage, TextureStore, Tolerance};
use reel_engine::script::{parse_scene, Scene};
use reel_engine::Engine;

/// Viewport used when a scene file has no `viewport` line.
pub const DEFAULT_VIEWPORT: (u32, u32) = (1280, 720);

/// How close a rendered frame must be to its golden PNG: a pixel counts as
/// different when any channel differs by more than 2 (of 255), and at most
/// 0.1% of the pixels may differ. The painter is deterministic, so on one
/// machine frames are bit-exact; the slack absorbs float differences
/// between CPUs/compilers in anti-aliased edge pixels and gradient rounding.
pub const TOLERANCE: Tolerance = Tolerance {
    max_channel_diff: 2,
    max_diff_pixels_ratio: 0.001,
};

/// Environment variable that makes [`check_scene`] rewrite expectations.
pub const UPDATE_ENV: &str = "REEL_UPDATE_GOLDEN";

/// The repository root (the workspace directory).
pub fn repo_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// `tests/scenes/`.
pub fn scenes_dir() -> PathBuf {
    repo_root().join("tests").join("scenes")
}

/// `target/conformance-out/`: where failures leave actual and diff files.
pub fn out_dir() -> PathBuf {
    repo_root().join("target").join("conformance-out")
}

/// True when `REEL_UPDATE_GOLDEN` is set to something other than `0`/empty.
pub fn update_golden() -> bool {
    std::env::var(UPDATE_ENV)
        .map(|v| !v.is_empty() && v != "0")
        .unwrap_or(false)
}

/// One `#[test]` per golden scene, each running `$check(name)` (a
/// `fn(&str) -> Result<(), String>`), plus `SCENES`, the list itself. The
/// one place the scene list is written: the conformance suite and the
/// native/Wasm parity suite both expand it, and
/// `every_scene_file_has_a_test` checks it against `tests/scenes/`.
#[macro_export]
macro_rules! scene_tests {
    ($check:path) => {
        $crate::scene_tests!(@each $check;
            alpha_composition, clipping, culling, flex_column_wrap, flex_row, gradients,
            mount_pivot, nested_positions, reparent_destroy, scale_rotation, visibility,
            z_order, text_align, text_bidi, text_ellipsis, text_huge, text_spacing, text_wrap, image_fit,
            rounded, rounded_images, image_tint, shadows, effects_grid, sprites, rounded_clip, css_gradients, gradient_grid,
            css_gradient_keywords,
        );
    };
    (@each $check:path; $($name:ident),* $(,)?) => {
        /// Every scene the suite knows, so an unlisted file is caught.
        #[allow(dead_code)]
        const SCENES: &[&str] = &[$(stringify!($name)),*];
        $(
            #[test]
            fn $name() {
                if let Err(e) = $check(stringify!($name)) {
                    panic!("{e}");
                }
            }
        )*
    };
}

/// The small scene the malformed-batch suites start from: root → 1 (view)
/// → 2 (view); 3 is a text node ("hello") under root; 4 is a detached view;
/// one frame. Viewport 320×180.
pub fn base_scene_batch() -> Vec<u8> {
    use reel_engine::protocol::props::{key, PropValue};
    use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
    let mut b = BatchBuilder::new(1);
    let rect = |w: f32, h: f32, c: u32| [(key::W, PropValue::F32(w)), (key::H, PropValue::F32(h)), (key::COLOR, PropValue::U32(c))];
    b.create(1, NodeKind::View)
        .set_props(1, &rect(100.0, 80.0, 0xff0000ff))
        .insert(0, 1, NONE)
        .create(2, NodeKind::View)
        .set_props(2, &rect(10.0, 10.0, 0x00ff00ff))
        .insert(1, 2, NONE)
        .create(3, NodeKind::Text)
        .set_text(3, "hello")
        .insert(0, 3, NONE)
        .create(4, NodeKind::View)
        .frame(0.0);
    b.finish()
}

/// Names (file stems) of every `tests/scenes/*.scene`, sorted.
pub fn scene_names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(scenes_dir())
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "scene"))
                .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Reads and parses `tests/scenes/<name>.scene`.
pub fn load_scene(name: &str) -> Result<Scene, String> {
    let path = scenes_dir().join(format!("{name}.scene"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse_scene(&text).map_err(|e| format!("{}:{}: {}", path.display(), e.line, e.message))
}

/// The scene's viewport, or [`DEFAULT_VIEWPORT`].
pub fn viewport(scene: &Scene) -> (u32, u32) {
    scene.viewport.unwrap_or(DEFAULT_VIEWPORT)
}

/// Runs every batch of a scene on a fresh native [`Engine`] (each batch's
/// `FRAME` commands run frames) and returns the last display list's bytes.
/// Any rejected batch is an error: scenes must be valid.
pub fn run_native(scene: &Scene) -> Result<Vec<u8>, String> {
    let mut all = run_native_each(scene)?;
    Ok(all.pop().unwrap_or_default())
}

/// Answers the `IMAGE_REQUEST`s among `events` as a host does: `src` is a
/// path relative to `tests/scenes/` (resolved like the native host,
/// [`reel_host::images::resolve`]), decoded with [`raster::decode_png`].
/// Returns the answer batch (`IMAGE_LOADED` / `IMAGE_FAILED`, no `FRAME`:
/// the answers show from the scene's next frame; `None` without requests)
/// and the decoded images by texture id, for the painter's store. The same
/// events give the same bytes natively and in `engine.wasm`.
pub fn answer_images(events: &[Event]) -> (Option<Vec<u8>>, Vec<(u32, RgbaImage)>) {
    use reel_engine::resources::reason;
    let mut b = BatchBuilder::new(0x4000_0000);
    let (mut any, mut images) = (false, Vec::new());
    for e in events {
        let Event::ImageRequest { texture, src } = e else { continue };
        any = true;
        let decoded = reel_host::images::resolve(&scenes_dir(), src).and_then(|path| {
            let bytes = std::fs::read(&path)
                .map_err(|e| reel_host::images::ImageError { reason: reason::IO, message: format!("{src}: {e}") })?;
            raster::decode_png(&bytes)
                .map_err(|e| reel_host::images::ImageError { reason: reason::CORRUPT, message: format!("{src}: {e}") })
        });
        match decoded {
            Ok(img) => {
                b.image_loaded(*texture, img.width, img.height, img.width * img.height * 4);
                images.push((*texture, img));
            }
            Err(e) => {
                b.image_failed(*texture, e.reason, &e.message);
            }
        }
    }
    (any.then(|| b.finish()), images)
}

/// Drains the native engine's events and submits the answers to its image
/// requests ([`answer_images`]); returns the images loaded.
fn answer_native(engine: &mut Engine) -> Result<Vec<(u32, RgbaImage)>, String> {
    let bytes = engine.events_bytes().to_vec();
    engine.clear_events();
    let events = if bytes.is_empty() {
        Vec::new()
    } else {
        decode_events(&bytes).map_err(|e| format!("native events: {e}"))?
    };
    let (batch, images) = answer_images(&events);
    if let Some(batch) = batch {
        engine
            .submit(&batch)
            .map_err(|e| format!("native engine rejected the image answers: {e}"))?;
    }
    Ok(images)
}

/// [`answer_native`] for `engine.wasm`, given the events of the batch
/// just submitted (`WasmEngine::submit` drains them).
fn answer_wasm(engine: &mut reel_host::wasm_engine::WasmEngine, events: &[Event]) -> Result<(), String> {
    if let (Some(batch), _) = answer_images(events) {
        let outcome = engine
            .submit(&batch)
            .map_err(|e| format!("engine.wasm failed on the image answers: {e}"))?;
        if let Some(r) = outcome.rejected {
            return Err(format!("engine.wasm rejected the image answers: {r}"));
        }
    }
    Ok(())
}

/// Like [`run_native`], but returns the display list after every batch.
pub fn run_native_each(scene: &Scene) -> Result<Vec<Vec<u8>>, String> {
    let (w, h) = viewport(scene);
    let mut engine = native_engine(w, h)?;
    let mut out = vec![engine.display_list_bytes().to_vec()];
    for (i, batch) in scene.batches.iter().enumerate() {
        engine
            .submit(batch)
            .map_err(|e| format!("native engine rejected batch {}: {e}", i + 1))?;
        answer_native(&mut engine)?;
        out.push(engine.display_list_bytes().to_vec());
    }
    Ok(out)
}

/// The project's default font (`engine/fonts/DejaVuSans.ttf`), which every
/// conformance run registers first, as hosts do at start.
pub fn default_font() -> Result<&'static [u8], String> {
    reel_host::paths::default_font().ok_or_else(|| "cannot read engine/fonts/DejaVuSans.ttf".to_string())
}

/// Submits `bytes` to a native engine the way every host does, through the
/// ABI's path (`Engine::submit_input`: a command refused for itself alone
/// is skipped, the rest applied), so it can be compared with engine.wasm.
pub fn host_submit(engine: &mut Engine, bytes: &[u8]) -> Result<(), reel_engine::protocol::BatchError> {
    let words = bytes.len().div_ceil(4);
    let mut input = Vec::new();
    assert!(engine.reserve_input(&mut input, words), "input buffer");
    let mut padded = bytes.to_vec();
    padded.resize(words * 4, 0);
    for (w, c) in input.iter_mut().zip(padded.chunks_exact(4)) {
        *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    if bytes.len() % 4 != 0 {
        // As reel_submit: a length that is not whole words is refused.
        return engine.submit(bytes);
    }
    engine.submit_input(&mut input, words)
}

/// A native engine with the default font registered.
pub fn native_engine(w: u32, h: u32) -> Result<Engine, String> {
    let mut engine = Engine::new(w, h);
    engine
        .register_font(reel_host::paths::DEFAULT_FONT_FAMILY, default_font()?)
        .map_err(|e| format!("registering the default font: {e}"))?;
    engine.clear_texture_deltas();
    Ok(engine)
}

/// Runs a scene natively like [`run_native`], applying the engine's texture
/// deltas (glyph atlas) to a [`TextureStore`] after every batch as a painter
/// does; returns the last list and the textures it samples.
pub fn run_native_painted(scene: &Scene) -> Result<(Vec<u8>, TextureStore), String> {
    run_native_painted_with_font(scene, default_font()?)
}

/// [`run_native_painted`] with `font` registered as the default font
/// instead of `engine/fonts/DejaVuSans.ttf` (e.g. the browser's subset).
pub fn run_native_painted_with_font(scene: &Scene, font: &[u8]) -> Result<(Vec<u8>, TextureStore), String> {
    let (w, h) = viewport(scene);
    let mut engine = Engine::new(w, h);
    engine
        .register_font(reel_host::paths::DEFAULT_FONT_FAMILY, font)
        .map_err(|e| format!("registering the default font: {e}"))?;
    engine.clear_texture_deltas();
    let mut store = TextureStore::new();
    for (i, batch) in scene.batches.iter().enumerate() {
        engine
            .submit(batch)
            .map_err(|e| format!("native engine rejected batch {}: {e}", i + 1))?;
        for (id, img) in answer_native(&mut engine)? {
            store.insert(id, &img).map_err(|e| e.to_string())?;
        }
        store.apply_deltas(engine.texture_deltas_bytes()).map_err(|e| e.to_string())?;
        store.apply_delta_frees(engine.texture_deltas_bytes()).map_err(|e| e.to_string())?;
        engine.clear_texture_deltas();
    }
    Ok((engine.display_list_bytes().to_vec(), store))
}

/// The texture-delta bytes produced by each batch of a scene, natively.
pub fn run_native_deltas(scene: &Scene) -> Result<Vec<Vec<u8>>, String> {
    let (w, h) = viewport(scene);
    let mut engine = native_engine(w, h)?;
    let mut out = Vec::new();
    for (i, batch) in scene.batches.iter().enumerate() {
        engine
            .submit(batch)
            .map_err(|e| format!("native engine rejected batch {}: {e}", i + 1))?;
        answer_native(&mut engine)?;
        out.push(engine.texture_deltas_bytes().to_vec());
        engine.clear_texture_deltas();
    }
    Ok(out)
}

/// The texture-delta bytes produced by each batch of a scene in `engine.wasm`.
pub fn run_wasm_deltas(scene: &Scene) -> Result<Vec<Vec<u8>>, String> {
    let (w, h) = viewport(scene);
    let mut engine = wasm_engine(w, h)?;
    let mut out = Vec::new();
    for (i, batch) in scene.batches.iter().enumerate() {
        let outcome = engine
            .submit(batch)
            .map_err(|e| format!("engine.wasm failed on batch {}: {e}", i + 1))?;
        if let Some(r) = outcome.rejected {
            return Err(format!("engine.wasm rejected batch {}: {r}", i + 1));
        }
        answer_wasm(&mut engine, &outcome.events)?;
        out.push(engine.take_texture_deltas().map_err(|e| format!("reading texture deltas: {e}"))?);
    }
    Ok(out)
}

/// Where the production `engine.wasm` is: `$REEL_ENGINE_WASM` if set, else
/// `target/engine.wasm`. Missing is an error saying how to build it.
pub fn engine_wasm_path() -> Result<PathBuf, String> {
    let path = std::env::var_os("REEL_ENGINE_WASM")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target").join("engine.wasm"));
    if path.is_file() {
        Ok(path)
    } else {
        Err(format!(
            "{} does not exist: run tools/build-wasm.sh first (the native-vs-wasm \
             conformance tests need the production engine.wasm and never pass without it)",
            path.display()
        ))
    }
}

/// Limits for conformance runs: generous, so a scene never trips them.
pub fn wasm_limits() -> reel_host::wasm_engine::EngineLimits {
    reel_host::wasm_engine::EngineLimits {
        memory_cap_bytes: 512 << 20,
        memory_reservation_bytes: 512 << 20,
        fuel_per_call: 50_000_000_000,
    }
}

/// `engine.wasm` compiled once per test process (compiling it with
/// cranelift is the slow part; instances are cheap).
fn wasm_module() -> Result<&'static reel_host::wasm_engine::EngineModule, String> {
    use reel_host::wasm_engine::EngineModule;
    static MODULE: std::sync::OnceLock<Result<EngineModule, String>> = std::sync::OnceLock::new();
    MODULE
        .get_or_init(|| {
            let path = engine_wasm_path()?;
            let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            EngineModule::new(&bytes, wasm_limits()).map_err(|e| format!("{}: {e}", path.display()))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// A fresh `engine.wasm` instance (from [`engine_wasm_path`]) initialised
/// to `width x height`.
pub fn wasm_engine(width: u32, height: u32) -> Result<reel_host::wasm_engine::WasmEngine, String> {
    let module = wasm_module()?;
    let mut engine =
        reel_host::wasm_engine::WasmEngine::new(module).map_err(|e| format!("engine.wasm: {e}"))?;
    engine
        .init(width, height)
        .map_err(|e| format!("reel_init: {e}"))?;
    let out = engine
        .register_font(reel_host::paths::DEFAULT_FONT_FAMILY, default_font()?)
        .map_err(|e| format!("registering the default font: {e}"))?;
    if let Some(r) = out.rejected {
        return Err(format!("engine.wasm rejected the default font: {r}"));
    }
    engine.take_texture_deltas().map_err(|e| format!("reading texture deltas: {e}"))?;
    Ok(engine)
}

/// Serializes a display list back to its wire bytes (header then items).
/// Lossless: both parts are plain-old-data copies.
pub fn list_to_bytes(list: &OwnedDisplayList) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 + list.items.len() * 80);
    out.extend_from_slice(bytemuck::bytes_of(&list.header));
    out.extend_from_slice(bytemuck::cast_slice(&list.items));
    out
}

/// Runs every batch of a scene through `engine.wasm` under wasmtime
/// (`reel_host::WasmEngine`) and returns the last display list's bytes.
pub fn run_wasm(scene: &Scene) -> Result<Vec<u8>, String> {
    let mut all = run_wasm_each(scene)?;
    Ok(all.pop().unwrap_or_default())
}

/// Like [`run_wasm`], but returns the display list after every batch.
pub fn run_wasm_each(scene: &Scene) -> Result<Vec<Vec<u8>>, String> {
    let (w, h) = viewport(scene);
    let mut engine = wasm_engine(w, h)?;
    let read = |engine: &mut reel_host::wasm_engine::WasmEngine| {
        engine
            .display_list()
            .map(|l| list_to_bytes(&l))
            .map_err(|e| format!("reading the display list: {e}"))
    };
    let mut out = vec![read(&mut engine)?];
    for (i, batch) in scene.batches.iter().enumerate() {
        let outcome = engine
            .submit(batch)
            .map_err(|e| format!("engine.wasm failed on batch {}: {e}", i + 1))?;
        if let Some(r) = outcome.rejected {
            return Err(format!("engine.wasm rejected batch {}: {r}", i + 1));
        }
        answer_wasm(&mut engine, &outcome.events)?;
        out.push(read(&mut engine)?);
    }
    Ok(out)
}

/// The text dump of a display list in raw bytes.
pub fn dump(list_bytes: &[u8]) -> Result<String, String> {
    match read_display_list(list_bytes) {
        Ok(l) => Ok(l.to_text()),
        Err(_) => OwnedDisplayList::from_bytes(list_bytes)
            .map(|l| l.as_ref().to_text())
            .map_err(|e| format!("engine produced an unreadable display list: {e}")),
    }
}

/// Paints a display list with the software rasterizer (no textures).
pub fn paint(list_bytes: &[u8]) -> Result<RgbaImage, String> {
    raster::render_bytes(list_bytes, &TextureStore::new())
        .map(|r| r.image)
        .map_err(|e| format!("rasterizer: {e}"))
}

/// A line-by-line explanation of how two dumps differ (first few lines).
pub fn text_diff(expected: &str, actual: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let a: Vec<&str> = actual.lines().collect();
    let mut out = String::new();
    let mut shown = 0;
    for i in 0..e.len().max(a.len()) {
        let (x, y) = (e.get(i).copied(), a.get(i).copied());
        if x != y {
            out.push_str(&format!(
                "  line {}:\n    expected: {}\n    actual:   {}\n",
                i + 1,
                x.unwrap_or("<none>"),
                y.unwrap_or("<none>")
            ));
            shown += 1;
            if shown == 8 {
                out.push_str("  ...\n");
                break;
            }
        }
    }
    out
}

/// Runs one golden scene natively and checks (or, with
/// `REEL_UPDATE_GOLDEN=1`, rewrites) its `.dl.txt` and `.png`. Returns
/// every problem found, joined, as the error.
pub fn check_scene(name: &str) -> Result<(), String> {
    let scene = load_scene(name)?;
    let (bytes, textures) = run_native_painted(&scene)?;
    let text = dump(&bytes)?;
    let image = raster::render_bytes(&bytes, &textures)
        .map(|r| r.image)
        .map_err(|e| format!("rasterizer: {e}"))?;
    let dir = scenes_dir();
    let txt_path = dir.join(format!("{name}.dl.txt"));
    let png_path = dir.join(format!("{name}.png"));

    if update_golden() {
        std::fs::write(&txt_path, &text).map_err(|e| format!("{}: {e}", txt_path.display()))?;
        raster::write_png(&png_path, &image).map_err(|e| e.to_string())?;
        return Ok(());
    }

    let out = out_dir();
    let mut problems = Vec::new();
    match std::fs::read_to_string(&txt_path) {
        Ok(expected) if expected == text => {}
        Ok(expected) => {
            let actual_path = out.join(format!("{name}.dl.txt"));
            let _ = std::fs::create_dir_all(&out);
            let _ = std::fs::write(&actual_path, &text);
            problems.push(format!(
                "{name}: display list differs from {} (actual written to {}):\n{}",
                txt_path.display(),
                actual_path.display(),
                text_diff(&expected, &text)
            ));
        }
        Err(e) => problems.push(format!(
            "{name}: cannot read {} ({e}); run with {UPDATE_ENV}=1 to create it",
            txt_path.display()
        )),
    }
    match raster::read_png(&png_path) {
        Ok(expected) => {
            let verdict = raster::compare(&expected, &image, TOLERANCE);
            let failed = match &verdict {
                Ok(d) if d.passed() => None,
                Ok(d) => Some(d.to_string()),
                Err(e) => Some(e.to_string()),
            };
            if let Some(why) = failed {
                let actual_path = out.join(format!("{name}.actual.png"));
                let diff_path = out.join(format!("{name}.diff.png"));
                let _ = raster::write_png(&actual_path, &image);
                if let Ok(d) = raster::diff_image(&expected, &image, TOLERANCE) {
                    let _ = raster::write_png(&diff_path, &d);
                }
                problems.push(format!(
                    "{name}: frame differs from {}: {why}\n  actual: {}\n  diff:   {}",
                    png_path.display(),
                    actual_path.display(),
                    diff_path.display()
                ));
            }
        }
        Err(e) => problems.push(format!("{name}: {e}; run with {UPDATE_ENV}=1 to create it")),
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Runs a scene natively and through `engine.wasm` and checks the display
/// lists are byte-identical after every batch (not only the last).
pub fn check_wasm_parity(name: &str) -> Result<(), String> {
    let scene = load_scene(name)?;
    let native = run_native_each(&scene)?;
    let wasm = run_wasm_each(&scene)?;
    for (step, (n, w)) in native.iter().zip(&wasm).enumerate() {
        if n == w {
            continue;
        }
        let when = if step == 0 {
            "before any batch".to_string()
        } else {
            format!("after batch {step}")
        };
        let first = n
            .iter()
            .zip(w)
            .position(|(a, b)| a != b)
            .unwrap_or(n.len().min(w.len()));
        let item = first.saturating_sub(32) / 80;
        let detail = match (dump(n), dump(w)) {
            (Ok(a), Ok(b)) => text_diff(&a, &b),
            _ => String::new(),
        };
        return Err(format!(
            "{name}: native and engine.wasm display lists differ {when} ({} vs {} bytes; first difference at byte {first}, item {item}):\n{detail}",
            n.len(),
            w.len()
        ));
    }
    // Texture deltas (glyph atlas pixels) must be identical too.
    let native = run_native_deltas(&scene)?;
    let wasm = run_wasm_deltas(&scene)?;
    for (step, (n, w)) in native.iter().zip(&wasm).enumerate() {
        if n != w {
            let first = n.iter().zip(w).position(|(a, b)| a != b).unwrap_or(n.len().min(w.len()));
            return Err(format!(
                "{name}: native and engine.wasm texture deltas differ after batch {} ({} vs {} bytes; first difference at byte {first})",
                step + 1,
                n.len(),
                w.len()
            ));
        }
    }
    Ok(())
}
