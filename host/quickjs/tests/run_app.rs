//! Integration tests of `run_app`: the app on QuickJS, the engine under
//! wasmtime. They need `target/engine.wasm` (or `$REEL_ENGINE_WASM`); build
//! it with `bash tools/build-wasm.sh`.
//!
//! The apps use the real shim (`js-shim/`, copied to a temp dir). Until
//! js-shim's renderer selects the host transport itself, the copy's
//! `src/renderer.js` gets the three-line patch that does (see
//! [`HOST_PATCH`]); once the shim has it the patch is skipped.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use reel_engine::display_list::{ItemKind, OwnedDisplayList};
use reel_host::supervisor::Fault;
use reel_host::Profile;
use reel_quickjs::{run_app, ExceptionKind, JsLimits, RunError, RunOptions, RunReport};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn engine() -> PathBuf {
    let (path, source) = reel_host::paths::engine_path(None);
    let path = if path.is_file() {
        path
    } else {
        workspace().join("target/engine.wasm")
    };
    assert!(
        path.is_file(),
        "engine.wasm not found at {} ({source}): run `bash tools/build-wasm.sh` first (or set REEL_ENGINE_WASM)",
        path.display()
    );
    path
}

fn tmp(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!(
        "reel-qjs-{}-{}-{name}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for e in std::fs::read_dir(from).expect("read_dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).expect("copy");
        }
    }
}

/// `(find, replace)` edits that make js-shim's renderer pick the host
/// transport under `reel run` (what the lead is asked to land in
/// js-shim/src/renderer.js).
const HOST_PATCH: &[(&str, &str)] = &[
    (
        "import { createWorkerTransport } from './transport/worker.js';\n",
        "import { createWorkerTransport } from './transport/worker.js';\nimport { createHostTransport, isHostAvailable } from './transport/host.js';\n",
    ),
    ("function defaultTransport() {\n", "function defaultTransport() {\n  if (isHostAvailable()) return 'host';\n"),
    ("    else if (t === 'node') {", "    else if (t === 'host') t = createHostTransport();\n    else if (t === 'node') {"),
];

/// The shim package the tests run against (one directory per test
/// process: module paths end up in the JS heap, so determinism checks need
/// the same one).
fn shim() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(make_shim).clone()
}

fn make_shim() -> PathBuf {
    let real = workspace().join("js-shim");
    let d = tmp("shim");
    std::fs::copy(real.join("package.json"), d.join("package.json")).expect("package.json");
    copy_dir(&real.join("src"), &d.join("src"));
    let path = d.join("src/renderer.js");
    let mut text = std::fs::read_to_string(&path).expect("renderer.js");
    if !text.contains("transport/host.js") {
        for (from, to) in HOST_PATCH {
            assert!(text.contains(from), "js-shim/src/renderer.js changed: cannot find {from:?} to patch in the host transport");
            text = text.replacen(from, to, 1);
        }
        std::fs::write(&path, text).expect("write renderer.js");
    }
    d
}

fn profile(id: &str) -> Profile {
    Profile::load(id, &workspace().join("devices")).expect("profile")
}

fn opts(frames: u32) -> RunOptions {
    RunOptions {
        frames,
        engine: Some(engine()),
        shim_dir: Some(shim()),
        ..Default::default()
    }
}

/// Writes `files` into a fresh bundle directory; returns the first's path.
fn bundle(name: &str, files: &[(&str, &str)]) -> PathBuf {
    let d = tmp(name);
    for (f, text) in files {
        let p = d.join(f);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    d.join(files[0].0)
}

fn run(app: &Path, device: &str, o: RunOptions) -> RunReport {
    match run_app(app, &profile(device), o) {
        Ok(r) => r,
        Err(e) => panic!("run_app failed: {e}"),
    }
}

fn rects(dl: &OwnedDisplayList) -> Vec<([f32; 2], [f32; 2], u32)> {
    dl.items
        .iter()
        .filter(|i| i.item_kind() == Some(ItemKind::Rect))
        .map(|i| ([i.transform[4], i.transform[5]], i.size, i.colors[0]))
        .collect()
}

fn no_exceptions(r: &RunReport) {
    assert!(
        r.exceptions.is_empty(),
        "unexpected exceptions: {:#?}\nlog: {:#?}",
        r.exceptions,
        r.log
    );
}

#[test]
fn hello_renders_expected_display_list() {
    let app = workspace().join("examples/apps/hello.js");
    // stick-lowend: 1280x720 @ 30 fps; host frame 30 is at t = 1000 ms.
    let r = run(&app, "stick-lowend", opts(30));
    no_exceptions(&r);
    assert_eq!(r.summary.js.host_frames, 30);
    assert_eq!(r.frames.len(), 30, "one engine frame per host frame");
    let dl = r.final_display_list.as_ref().expect("a display list");
    let rs = rects(dl);
    assert_eq!(
        rs.len(),
        6,
        "background + 4 tiles + box:\n{}",
        dl.as_ref().to_text()
    );
    assert_eq!(rs[0], ([0.0, 0.0], [1280.0, 720.0], 0x1b2a4aff));
    let tiles = [0xe63946ff, 0xf1a208ff, 0x2a9d8fff, 0x457b9dff];
    for (k, color) in tiles.iter().enumerate() {
        assert_eq!(
            rs[1 + k],
            ([100.0 + 280.0 * k as f32, 120.0], [240.0, 160.0], *color),
            "tile {k}"
        );
    }
    // The frame at t_30 shows the box where tick(t_29) put it (autoFrame
    // sends a frame's writes on the next animation frame).
    let t29 = 29.0 * 1000.0 / 30.0;
    let x = (100.0 + (t29 * 0.2) % 960.0) as f32;
    assert_eq!(rs[5], ([x, 480.0], [120.0, 120.0], 0xffffffff));
    assert!((x - 293.333).abs() < 0.01, "{x}");
    assert_eq!(r.summary.engine.nodes, 8, "root + bg + row + 4 tiles + box");
    assert!(
        r.log.iter().any(|l| l
            .text
            .contains("hello: 4 tiles, 8 nodes, device stick-lowend")),
        "{:?}",
        r.log
    );
    assert!(
        r.summary.js.heap_used_bytes > 0
            && r.summary.js.heap_used_bytes <= r.summary.js.heap_limit_bytes
    );
}

const THROWS: &str = r#"import { createRenderer } from '@reel/shim';
const r = await createRenderer({});
const box = r.root.appendChild(r.createNode('view', { w: 10, h: 10, color: 0xff0000ff }));
let n = 0;
function tick(t) {
  requestAnimationFrame(tick);
  n++;
  box.x = n;
  // a comment
  // another
  if (n === 5) null.boom(); // line 11
}
requestAnimationFrame(tick);
setTimeout(() => { throw new RangeError('late'); }, 200); // line 14
Promise.reject(new Error('nobody listens')); // line 15
"#;

#[test]
fn exception_reports_file_line_and_frames_continue() {
    let app = bundle("throws", &[("throws.js", THROWS)]);
    let r = run(&app, "stick-lowend", opts(20));
    let find = |needle: &str| {
        r.exceptions
            .iter()
            .find(|e| e.message.contains(needle))
            .unwrap_or_else(|| panic!("no `{needle}` in {:#?}", r.exceptions))
    };
    let e = find("boom");
    assert_eq!(e.kind, ExceptionKind::Uncaught);
    assert!(e.message.starts_with("TypeError"), "{e}");
    assert!(
        e.file.as_deref().is_some_and(|f| f.ends_with("throws.js")),
        "{e}"
    );
    assert_eq!(e.line, Some(11), "{e}");
    assert_eq!(e.context, "requestAnimationFrame callback");
    assert!(e.to_string().contains("throws.js:11:"), "{e}");
    let late = find("late");
    assert_eq!(
        (late.line, late.context.as_str()),
        (Some(14), "setTimeout callback"),
        "{late}"
    );
    assert_eq!(late.frame, 6, "t = 200 ms is host frame 6 at 30 fps");
    let rej = find("nobody listens");
    assert_eq!(
        (rej.kind, rej.line),
        (ExceptionKind::UnhandledRejection, Some(15)),
        "{rej}"
    );
    assert_eq!(r.summary.js.exceptions_total, 3);
    assert!(r
        .summary
        .js
        .exceptions
        .iter()
        .any(|s| s.contains("throws.js:11")));
    // The loop went on: 20 frames, the box kept moving after the throw.
    assert_eq!(r.summary.js.host_frames, 20);
    let dl = r.final_display_list.as_ref().expect("dl");
    let rs = rects(dl);
    assert_eq!(rs.len(), 1);
    assert!(
        rs[0].0[0] > 10.0,
        "box x {} should be past frame 5",
        rs[0].0[0]
    );
    assert_eq!(r.summary.engine.traps, 0);
}

#[test]
fn sandbox_refuses_os_and_files_outside_the_bundle() {
    // A static import of a bare module fails the module, with a clear message.
    let app = bundle(
        "os",
        &[(
            "main.js",
            "import * as os from 'os';\nos.exec(['rm', '-rf', '/']);\n",
        )],
    );
    let r = run(&app, "stick-lowend", opts(2));
    assert_eq!(r.exceptions.len(), 1, "{:#?}", r.exceptions);
    let m = &r.exceptions[0].message;
    assert!(
        m.contains("'os'") && m.contains("outside the sandbox") && m.contains("no std/os/fs/network/process modules"),
        "{m}"
    );
    assert_eq!(r.exceptions[0].context, "module evaluation");

    // A file next to the bundle exists but is outside it.
    let app = bundle(
        "outside",
        &[
            (
                "app/main.js",
                "import { secret } from '../secret.js';\nconsole.log(secret);\n",
            ),
            ("secret.js", "export const secret = 'leaked';\n"),
        ],
    );
    let r = run(&app, "stick-lowend", opts(2));
    assert_eq!(r.exceptions.len(), 1, "{:#?}", r.exceptions);
    assert!(
        r.exceptions[0].message.contains("outside the sandbox"),
        "{}",
        r.exceptions[0]
    );
    assert!(!r.log.iter().any(|l| l.text.contains("leaked")));

    // Dynamic imports go through the same loader; and no I/O globals exist.
    let probe = r#"
const tries = ['std', 'os', 'node:fs', '/etc/passwd', '../../../../etc/hostname', 'https://example.com/x.js'];
for (const t of tries) {
  try { await import(t); console.log('LOADED ' + t); } catch (e) { console.log('refused ' + t + ': ' + e.message); }
}
console.log('globals ' + [typeof std, typeof os, typeof require, typeof XMLHttpRequest, typeof process, typeof print].join(','));
try { await fetch('https://example.com/x.js'); console.log('FETCHED'); } catch (e) { console.log('fetch refused'); }
"#;
    let app = bundle("dyn", &[("main.js", probe)]);
    let r = run(&app, "stick-lowend", opts(2));
    no_exceptions(&r);
    let text: Vec<&str> = r.log.iter().map(|l| l.text.as_str()).collect();
    assert!(!text.iter().any(|t| t.starts_with("LOADED")), "{text:#?}");
    assert_eq!(
        text.iter().filter(|t| t.starts_with("refused")).count(),
        6,
        "{text:#?}"
    );
    assert!(
        text.contains(&"globals undefined,undefined,undefined,undefined,undefined,undefined")
            && text.contains(&"fetch refused"),
        "{text:#?}"
    );
}

#[test]
fn heap_cap_reports_out_of_memory_and_host_survives() {
    let hog = r#"import { createRenderer } from '@reel/shim';
const r = await createRenderer({});
const box = r.root.appendChild(r.createNode('view', { w: 10, h: 10, color: 0x00ff00ff }));
const keep = [];
function tick(t) {
  requestAnimationFrame(tick);
  box.x = (box.x || 0) + 1;
  for (let i = 0; i < 20000; i++) keep.push('leak-' + i + '-' + t);
}
requestAnimationFrame(tick);
"#;
    let app = bundle("hog", &[("hog.js", hog)]);
    let mut o = opts(40);
    let mut js = JsLimits::for_profile(&profile("stick-lowend"));
    js.heap_bytes = 8 << 20;
    o.js = Some(js);
    let r = run(&app, "stick-lowend", o);
    let oom = r
        .exceptions
        .iter()
        .find(|e| e.kind == ExceptionKind::OutOfMemory)
        .unwrap_or_else(|| panic!("no out-of-memory exception: {:#?}", r.exceptions));
    assert!(
        oom.message.contains("out of memory") && oom.message.contains("8.0 MiB"),
        "{oom}"
    );
    assert_eq!(r.summary.js.host_frames, 40, "the run finished");
    assert!(
        r.summary.js.heap_peak_bytes <= 8 << 20,
        "{}",
        r.summary.js.heap_peak_bytes
    );
    assert!(
        r.summary.js.heap_peak_bytes > 6 << 20,
        "{}",
        r.summary.js.heap_peak_bytes
    );
    assert!(r.final_display_list.is_some());
}

#[test]
fn watchdog_stops_an_infinite_loop() {
    let app = bundle("spin", &[("spin.js", "setTimeout(() => {\n  for (;;) {}\n}, 50);\nsetTimeout(() => console.log('still alive'), 100);\n")]);
    let mut o = opts(5);
    let mut js = JsLimits::for_profile(&profile("stick-lowend"));
    js.watchdog_polls = 200;
    o.js = Some(js);
    let r = run(&app, "stick-lowend", o);
    assert_eq!(r.exceptions.len(), 1, "{:#?}", r.exceptions);
    assert_eq!(r.exceptions[0].kind, ExceptionKind::Watchdog);
    assert!(
        r.exceptions[0]
            .file
            .as_deref()
            .is_some_and(|f| f.ends_with("spin.js")),
        "{:#?}",
        r.exceptions[0]
    );
    assert!(r.log.iter().any(|l| l.text == "still alive"));
}

#[test]
fn emulated_clock_and_exit() {
    let app = bundle(
        "clock",
        &[(
            "clock.js",
            r#"console.log('t0 ' + performance.now() + ' ' + Date.now());
setTimeout(() => console.log('timeout ' + performance.now()), 100);
let frames = 0;
requestAnimationFrame(function f(t) {
  frames++;
  console.log('raf ' + t + ' ' + performance.now());
  if (frames === 3) __reel_host.exit(7); else requestAnimationFrame(f);
});
console.log('random ' + Math.random());
"#,
        )],
    );
    let r = run(&app, "tv-midrange", opts(100));
    no_exceptions(&r);
    let text: Vec<String> = r
        .log
        .iter()
        .map(|l| format!("{} {}", l.frame, l.text))
        .collect();
    // tv-midrange is 60 fps: frame N at N * 16.666... ms.
    assert_eq!(text[0], "0 t0 0 1767225600000");
    assert!(
        text.contains(&"1 raf 16.666666666666668 16.666666666666668".to_string()),
        "{text:#?}"
    );
    assert!(text.contains(&"3 raf 50 50".to_string()), "{text:#?}");
    assert_eq!(r.summary.js.exit_code, Some(7));
    assert_eq!(r.summary.js.host_frames, 3);
    assert!(
        !text.iter().any(|t| t.contains("timeout")),
        "the app exited before t = 100"
    );
    let r2 = run(&app, "tv-midrange", opts(100));
    assert_eq!(r.log, r2.log, "Math.random and the clock are deterministic");
}

#[test]
fn engine_trap_is_invisible_to_the_app() {
    let app = workspace().join("examples/apps/hello.js");
    let clean = run(&app, "stick-lowend", opts(12));
    let mut o = opts(12);
    // Request 4 is the 4th frame's batch: its first attempt runs out of fuel.
    o.faults = vec![Fault::FuelLimit {
        request: 4,
        fuel: 1_000,
    }];
    let r = run(&app, "stick-lowend", o);
    no_exceptions(&r);
    assert_eq!(r.summary.engine.traps, 1, "{:#?}", r.incidents);
    assert_eq!(r.summary.engine.recoveries, 1);
    assert_eq!(r.incidents.len(), 1);
    assert_eq!(r.summary.js.host_frames, 12);
    assert_eq!(
        rects(r.final_display_list.as_ref().expect("dl")),
        rects(clean.final_display_list.as_ref().expect("dl")),
        "the app kept running as if nothing happened"
    );
}

#[test]
fn runs_are_deterministic() {
    let app = workspace().join("examples/apps/hello.js");
    let outs: Vec<PathBuf> = (0..2)
        .map(|k| {
            let out = tmp(&format!("det{k}"));
            let mut o = opts(20);
            o.out_dir = Some(out.clone());
            o.png_every = 5;
            let r = run(&app, "stick-lowend", o);
            no_exceptions(&r);
            assert_eq!(r.summary.engine.pngs_written, 4, "frames 1, 6, 11, 16");
            out
        })
        .collect();
    let a = std::fs::read_to_string(outs[0].join("summary.json")).expect("summary");
    let b = std::fs::read_to_string(outs[1].join("summary.json")).expect("summary");
    assert_eq!(a, b);
    assert!(
        a.contains("\"heap_used_bytes\"") && a.contains("\"p95\""),
        "{a}"
    );
    let mut pngs = 0;
    for e in std::fs::read_dir(&outs[0]).expect("dir").flatten() {
        let name = e.file_name();
        if name.to_string_lossy().ends_with(".png") {
            let x = std::fs::read(e.path()).expect("png");
            let y = std::fs::read(outs[1].join(&name)).expect("same png in the second run");
            assert!(x == y, "{name:?} differs");
            pngs += 1;
        }
    }
    assert_eq!(pngs, 4);
}

#[test]
fn grid_1k_matches_the_native_engine() {
    let app = workspace().join("examples/apps/grid-1k.js");
    let p = profile("tv-midrange");
    let mut o = opts(10);
    o.record_batches = true;
    let r = run(&app, "tv-midrange", o);
    no_exceptions(&r);
    assert_eq!(r.summary.engine.nodes, 1019, "root + 1,018 app nodes");
    // The same batches through the native engine give the same list.
    let mut native = reel_engine::Engine::new(p.display.width, p.display.height);
    for b in &r.batches {
        native.submit(b).expect("batch applies natively");
    }
    let native_dl = OwnedDisplayList::from_bytes(native.display_list_bytes()).expect("native dl");
    let dl = r.final_display_list.as_ref().expect("dl");
    assert_eq!(dl.items.len(), native_dl.items.len());
    assert!(dl.items == native_dl.items, "display lists differ");
    assert!(
        // The app lays out at 1280x720 and is scaled 1.5x onto the 1080p
        // device, so fewer of its tiles are on screen than at 720p.
        dl.items.len() > 30,
        "{} items (the engine culls what is off screen)",
        dl.items.len()
    );
    eprintln!(
        "grid-1k on tv-midrange: {} items, JS heap {} bytes (peak {}), frame ms p50 {} p95 {} p99 {} (budget {})",
        dl.items.len(),
        r.summary.js.heap_used_bytes,
        r.summary.js.heap_peak_bytes,
        r.summary.engine.emulated_ms.p50,
        r.summary.engine.emulated_ms.p95,
        r.summary.engine.emulated_ms.p99,
        r.summary.engine.budget_ms
    );
}

#[test]
fn missing_engine_says_how_to_build_it() {
    let app = workspace().join("examples/apps/hello.js");
    let o = RunOptions {
        engine: Some(PathBuf::from("/nonexistent/engine.wasm")),
        ..Default::default()
    };
    match run_app(&app, &profile("stick-lowend"), o) {
        Err(e @ RunError::Engine(_)) => {
            assert!(e.to_string().contains("tools/build-wasm.sh"), "{e}")
        }
        other => panic!(
            "expected an engine error, got {:?}",
            other.map(|r| r.summary)
        ),
    }
    // A device without Wasm needs the wasm2js engine instead.
    let o = RunOptions {
        engine_js: Some(PathBuf::from("/nonexistent/engine-wasm2js.mjs")),
        ..Default::default()
    };
    match run_app(&app, &profile("tv-legacy"), o) {
        Err(e @ RunError::EngineJs(_)) => {
            let m = e.to_string();
            assert!(m.contains("build-wasm2js.mjs") && m.contains("engine.wasm = false"), "{m}")
        }
        other => panic!("expected a JS engine error, got {:?}", other.map(|r| r.summary)),
    }
}

#[test]
fn engine_errors_reach_the_app_as_events() {
    let app = bundle(
        "reject",
        &[(
            "reject.js",
            r#"import { createRenderer } from '@reel/shim';
const r = await createRenderer({});
r.on('error', (e) => console.log('engine error: ' + e.message));
let frames = 0;
r.on('frame', () => { frames++; });
r.root.appendChild(r.createNode('view', { w: 10, h: 10, color: 0xffffffff }));
setTimeout(() => __reel_host.send(new Uint32Array([0x4c454552, 1, 99, 1, 0xffff]).buffer), 100);
setTimeout(() => console.log('frames seen ' + frames), 300);
"#,
        )],
    );
    let r = run(&app, "stick-lowend", opts(12));
    no_exceptions(&r);
    assert_eq!(
        r.summary.engine.rejected_batches, 1,
        "{:#?}",
        r.summary.engine.rejections
    );
    assert!(
        r.log.iter().any(|l| l.text.starts_with("engine error: ")),
        "{:#?}",
        r.log
    );
    assert!(
        r.log.iter().any(|l| l.text == "frames seen 8"),
        "one FRAME_STATS per host frame, frame 9's arrives after its timers: {:#?}",
        r.log
    );
    assert_eq!(rects(r.final_display_list.as_ref().expect("dl")).len(), 1);
}

/// A bad `gradient` string in the batch that builds a row: the engine
/// skips that one write, the row is drawn, later writes to its nodes apply,
/// the app hears the error with `skipped` and the node it was written to
/// (the host transport delivers events before the acks that drop the
/// batch's command -> node map), and the summary lists it without
/// counting a rejected batch.
#[test]
fn a_bad_gradient_skips_its_write_and_the_row_is_drawn() {
    let app = bundle(
        "bad-gradient",
        &[(
            "bad-gradient.js",
            r#"import { createRenderer } from '@reel/shim';
const r = await createRenderer({});
const tiles = [];
r.on('error', (e) => console.log(`engine error skipped=${e.skipped} own node=${e.nodeId === tiles[1].id}: ${e.message}`));
for (let i = 0; i < 4; i++) {
  const t = r.createNode('view', { x: i * 60, w: 50, h: 50, color: 'white' });
  r.root.appendChild(t);
  tiles.push(t);
}
tiles[1].gradient = 'linear-gradient(sideways, black, white)';
tiles[2].gradient = 'linear-gradient(to right, rgb(0 0 0 / 50%), transparent)';
setTimeout(() => { tiles[1].y = 100; }, 100);
"#,
        )],
    );
    let r = run(&app, "stick-lowend", opts(12));
    no_exceptions(&r);
    assert_eq!(r.summary.engine.rejected_batches, 0, "{:#?}", r.summary.engine.rejections);
    assert_eq!(r.summary.engine.rejections.len(), 1, "{:#?}", r.summary.engine.rejections);
    assert!(r.summary.engine.rejections[0].contains("gradient") && r.summary.engine.rejections[0].ends_with("(skipped)"));
    assert!(
        r.log.iter().any(|l| l.text.starts_with("engine error skipped=true own node=true: ") && l.text.contains("character 16")),
        "{:#?}",
        r.log
    );
    let dl = r.final_display_list.as_ref().expect("dl");
    assert_eq!(rects(dl).len(), 4, "every tile is drawn");
    assert!(rects(dl).iter().any(|(at, _, _)| at[1] == 100.0 * 1.5 || at[1] == 100.0), "the later write applied: {:?}", rects(dl));
    assert_eq!(dl.items.iter().filter(|i| i.item_kind() == Some(reel_engine::display_list::ItemKind::Gradient)).count(), 1);
}

/// An app's image nodes load from its own directory through the host's
/// loader (decoded off the engine thread), are drawn as `Image` items, and
/// the app hears `loaded` / `failed` with the reason.
#[test]
fn images_load_from_the_app_directory_and_the_app_hears_the_outcome() {
    let app = workspace().join("examples/apps/poster.js");
    let r = run(&app, "tv-midrange", opts(8));
    no_exceptions(&r);
    let log: Vec<&str> = r.log.iter().map(|l| l.text.as_str()).collect();
    assert!(log.iter().any(|l| l.contains("image 2 loaded")), "{log:?}");
    assert!(log.iter().any(|l| l.contains("image 3 failed (not-found)")), "{log:?}");
    // The summary counts them too (issue 18, finding 10: it said 0 and 0).
    let e = &r.summary.engine;
    assert_eq!(e.images_loaded, 1, "{e:#?}");
    assert_eq!(e.images_failed.len(), 1, "{e:#?}");
    assert!(e.images_failed[0].contains("not-found"), "{:?}", e.images_failed);
    assert!(e.peak_host_texture_bytes > 0, "the decoded poster is held by the painter");
    assert!(r.summary.to_text().contains("1 images loaded, 1 failed"), "{}", r.summary.to_text());
    let dl = r.final_display_list.as_ref().expect("dl");
    let images: Vec<_> = dl.items.iter().filter(|i| i.item_kind() == Some(ItemKind::Image)).collect();
    assert_eq!(images.len(), 1, "the poster is drawn as an image");
    assert_eq!(images[0].size, [400.0, 300.0], "cover-fitted to the node's 400x300");
    assert_eq!(images[0].transform[0], 1.5, "scaled from the app's 720p to the 1080p device");
    // The missing one shows its placeholder colour.
    assert!(rects(dl).iter().any(|r| r.2 == 0x803030ff), "placeholder drawn");
}
