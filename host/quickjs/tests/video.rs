//! The native host's video plane under `reel run` (issue 17): real frames
//! of the test clip (tools/make-test-clip.sh: tests/fixtures/video/clip.webp,
//! magenta top, green bottom) under the UI, 'video' events in the app, the
//! decoder limit and the bad inputs. They need `target/engine.wasm`
//! (`bash tools/build-wasm.sh`).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU32, Ordering};

use reel_host::Profile;
use reel_quickjs::{run_app, RunOptions, RunReport};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn engine() -> PathBuf {
    let (path, _) = reel_host::paths::engine_path(None);
    let path = if path.is_file() { path } else { workspace().join("target/engine.wasm") };
    assert!(path.is_file(), "engine.wasm not found at {}: run `bash tools/build-wasm.sh` first", path.display());
    path
}

fn tmp(name: &str) -> PathBuf {
    static N: AtomicU32 = AtomicU32::new(0);
    let d = std::env::temp_dir().join(format!("reel-video-{}-{}-{name}", std::process::id(), N.fetch_add(1, Ordering::Relaxed)));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp dir");
    d
}

fn opts(frames: u32) -> RunOptions {
    RunOptions { frames, engine: Some(engine()), ..Default::default() }
}

fn run(app: &Path, device: &str, o: RunOptions) -> RunReport {
    let p = Profile::load(device, &workspace().join("devices")).expect("profile");
    match run_app(app, &p, o) {
        Ok(r) => r,
        Err(e) => panic!("run_app failed: {e}"),
    }
}

fn log(r: &RunReport) -> Vec<String> {
    r.log.iter().map(|l| l.text.clone()).collect()
}

fn near(p: [u8; 4], rgb: [u8; 3], tol: u8) -> bool {
    p[3] == 255 && p[..3].iter().zip(rgb).all(|(a, b)| a.abs_diff(b) <= tol)
}

#[test]
fn the_clip_plays_under_the_ring() {
    let app = workspace().join("examples/apps/video.js");
    let out = tmp("example");
    // tv-midrange: 1920x1080 @ 60 fps; the app's 1280x720 is scaled by 1.5.
    let r = run(&app, "tv-midrange", RunOptions { out_dir: Some(out.clone()), png_every: 30, keep_display_lists: vec![30], ..opts(60) });
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    let l = log(&r);
    assert!(l.iter().any(|t| t.contains("loadedmetadata 160x90 3.00 s")), "{l:?}");
    assert!(l.iter().any(|t| t.contains("playing")), "{l:?}");
    assert!(r.summary.engine.rejections.is_empty(), "{:?}", r.summary.engine.rejections);
    let v = &r.summary.video;
    assert_eq!((v.players, v.decoders_peak, v.decoders_in_use), (1, 1, 1), "{v:#?}");
    assert_eq!(v.ttff_ms, vec![16.667], "one frame at 60 fps from play to first frame");
    assert!(v.errors.is_empty(), "{v:#?}");
    // 59 host frames of playing at 60 fps = 0.983 s of a 25 fps clip.
    assert_eq!((v.frames_presented, v.frames_expected), (25, 25), "{v:#?}");
    assert_eq!(v.texture_bytes, 160 * 90 * 4, "one frame texture");
    // The frame at host frame 30: video at (150,120)-(630,390) in device px.
    let (_, _, img) = r.screens.iter().find(|s| s.0 == 30).expect("screen 30");
    let magenta = [0xe0, 0x20, 0xc0];
    let green = [0x20, 0xc0, 0x40];
    // Top right of the video (the moving box is elsewhere at 0.48 s... it
    // spans y 35-55 of 90: rows 1/6 and 5/6 are always the halves' colours).
    assert!(near(img.pixel(600, 150), magenta, 40), "magenta: {:?}", img.pixel(600, 150));
    assert!(near(img.pixel(600, 370), green, 40), "green: {:?}", img.pixel(600, 370));
    assert!(near(img.pixel(145, 200), [255, 255, 255], 2), "ring over the edge: {:?}", img.pixel(145, 200));
    assert!(near(img.pixel(1000, 600), [0x10, 0x20, 0x40], 2), "backdrop: {:?}", img.pixel(1000, 600));
    // 0xc0 black over the green half.
    assert!(near(img.pixel(200, 355), [0x08, 0x30, 0x10], 8), "the label over the video: {:?}", img.pixel(200, 355));
    assert!(out.join("frame-0031.png").is_file(), "PNG written");
}

/// A bundle with the clip, a corrupt copy and the WebM, and `main.js`.
fn bundle(name: &str, main: &str) -> PathBuf {
    let d = tmp(name);
    let clip = std::fs::read(workspace().join("tests/fixtures/video/clip.webp")).expect("clip.webp: tools/make-test-clip.sh");
    std::fs::write(d.join("clip.webp"), &clip).expect("write");
    let mut corrupt = clip.clone();
    for b in corrupt.iter_mut().skip(400).step_by(7) {
        *b ^= 0x5a;
    }
    std::fs::write(d.join("corrupt.webp"), &corrupt).expect("write");
    std::fs::copy(workspace().join("tests/fixtures/video/clip.webm"), d.join("clip.webm")).expect("webm");
    let head = r#"import { createRenderer } from '@reel/shim';
const r = await createRenderer({ width: 1280, height: 720 });
r.on('video', (e) => { if (e.type !== 'timeupdate') console.log(`video ${e.id} ${e.type}${e.reason ? ' ' + e.reason : ''}`); });
const back = r.createNode('view', { w: 1280, h: 720, color: 0x102040ff });
r.root.appendChild(back);
// A box moving every frame: the scene keeps running.
const box = r.createNode('view', { x: 0, y: 600, w: 40, h: 40, color: 0xffffffff });
back.appendChild(box);
let n = 0;
const tick = () => { n++; box.x = n % 1000; requestAnimationFrame(tick); };
requestAnimationFrame(tick);
const video = (src, x, props = {}) => {
  const v = r.createNode('video', { x, y: 80, w: 160, h: 90, muted: true, autoplay: true, ...props });
  v.src = src;
  back.appendChild(v);
  return v;
};
globalThis.box = () => box.x;
"#;
    std::fs::write(d.join("main.js"), format!("{head}{main}")).expect("write");
    d.join("main.js")
}

fn errors_of(r: &RunReport, reason: &str) -> usize {
    log(r).iter().filter(|t| t.ends_with(&format!("error {reason}"))).count()
}

#[test]
fn bad_sources_report_their_reason_and_the_scene_keeps_running() {
    let app = bundle("bad", "video('missing.webp', 0); video('corrupt.webp', 200); video('clip.webm', 400); video('../../etc/passwd', 600);\n");
    let r = run(&app, "tv-midrange", opts(20));
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    assert_eq!(errors_of(&r, "not-found"), 2, "404 and a path outside the bundle: {:?}", log(&r));
    assert_eq!(errors_of(&r, "decode"), 1, "{:?}", log(&r));
    assert_eq!(errors_of(&r, "unsupported"), 1, "WebM is the browser's format: {:?}", log(&r));
    let v = &r.summary.video;
    // The corrupt file's header and first frame decode; its next frame fails
    // and the player lets go of its decoder and frame.
    assert_eq!((v.errors.len(), v.decoders_in_use, v.texture_bytes), (4, 0, 0), "{v:#?}");
    assert!(v.errors.iter().any(|e| e.starts_with("node 4: corrupt.webp: WebP frame")), "{v:#?}");
    assert!(r.summary.engine.rejections.is_empty(), "{:?}", r.summary.engine.rejections);
    assert_eq!(r.frames.len(), 20, "every host frame ran");
}

#[test]
fn ten_videos_on_one_decoder_then_destroyed() {
    // stick-lowend: 1 decoder, 30 fps. Ten autoplaying videos: one plays,
    // nine get decoder-limit once each; at frame 20 all are destroyed.
    let app = bundle(
        "ten",
        "const vs = []; for (let i = 0; i < 10; i++) vs.push(video('clip.webp', i * 120, { w: 100, h: 60 }));\n\
         let f = 0; const kill = () => { if (++f === 20) { for (const v of vs) v.destroy(); } else requestAnimationFrame(kill); }; requestAnimationFrame(kill);\n",
    );
    let r = run(&app, "stick-lowend", opts(40));
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    assert_eq!(errors_of(&r, "decoder-limit"), 9, "{:?}", log(&r));
    assert_eq!(log(&r).iter().filter(|t| t.ends_with(" playing")).count(), 1, "{:?}", log(&r));
    let v = &r.summary.video;
    assert_eq!((v.decoders_peak, v.decoder_limit_errors, v.players), (1, 9, 10), "{v:#?}");
    assert!(v.peak_texture_bytes >= 160 * 90 * 4, "{v:#?}");
    // Back to baseline: no decoder, no texture.
    assert_eq!((v.decoders_in_use, v.texture_bytes), (0, 0), "{v:#?}");
    assert!(r.summary.engine.rejections.is_empty(), "{:?}", r.summary.engine.rejections);
    assert_eq!(r.frames.len(), 40);
    let dl = r.final_display_list.as_ref().expect("dl");
    assert!(dl.items.iter().all(|i| i.item_kind() != Some(reel_engine::display_list::ItemKind::Video)));
}

#[test]
fn a_seek_past_the_end_ends_and_a_paused_video_frees_its_decoder() {
    // Seek past the end at frame 5; a second video paused at frame 8.
    let app = bundle(
        "seek",
        "const a = video('clip.webp', 0); const b = video('clip.webp', 200);\n\
         let f = 0; const step = () => { f++; if (f === 5) a.currentTime = 99; if (f === 8) b.paused = true; requestAnimationFrame(step); }; requestAnimationFrame(step);\n",
    );
    let r = run(&app, "tv-midrange", opts(20));
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    let l = log(&r);
    assert_eq!(l.iter().filter(|t| t.ends_with(" ended")).count(), 1, "{l:?}");
    assert_eq!(l.iter().filter(|t| t.ends_with(" playing")).count(), 2, "{l:?}");
    let v = &r.summary.video;
    assert_eq!((v.decoders_peak, v.decoders_in_use), (2, 0), "ended and paused hold no decoder: {v:#?}");
    assert_eq!(v.texture_bytes, 2 * 160 * 90 * 4, "both still show a frame: {v:#?}");
    assert!(r.summary.engine.rejections.is_empty(), "{:?}", r.summary.engine.rejections);
}

#[test]
fn the_poster_shows_until_the_first_frame() {
    let app = bundle("poster", "video('clip.webp', 100, { poster: 'poster.png' });\n");
    let dir = app.parent().expect("dir").to_path_buf();
    let poster = reel_engine::raster::RgbaImage::new(16, 9, [250, 200, 0, 255]);
    std::fs::write(dir.join("poster.png"), reel_engine::raster::encode_png(&poster).expect("png")).expect("write");
    // stick-lowend: 1280x720 @ 30 fps. Engine frame 1 (t = 0, the app's
    // first batch) has the surface and the play request; the first video
    // frame is presented at frame 2.
    let r = run(&app, "stick-lowend", RunOptions { keep_display_lists: vec![1, 2], ..opts(4) });
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    let at = |f: u32| r.screens.iter().find(|s| s.0 == f).map(|s| s.2.pixel(250, 100)).expect("screen");
    assert!(near(at(1), [250, 200, 0], 2), "the poster first: {:?}", at(1));
    assert!(near(at(2), [0xe0, 0x20, 0xc0], 40), "then the clip: {:?}", at(2));
    assert_eq!(r.summary.video.ttff_ms, vec![33.333]);
}

#[test]
fn a_clip_ends_once_and_a_looped_one_keeps_playing() {
    // 4 s at 30 fps on stick-lowend's one decoder... two videos need two:
    // tv-midrange (60 fps, 2 decoders), 240 host frames.
    let app = bundle("loop", "video('clip.webp', 0); video('clip.webp', 200, { loop: true });\n");
    let r = run(&app, "tv-midrange", opts(240));
    assert!(r.exceptions.is_empty(), "{:?}", r.exceptions);
    let l = log(&r);
    assert_eq!(l.iter().filter(|t| t.ends_with(" ended")).count(), 1, "only the unlooped one ends: {l:?}");
    let v = &r.summary.video;
    // Unlooped: all 75 frames; looped: 4 s - 1 frame of ttff at 25 fps.
    assert_eq!((v.frames_presented, v.frames_expected), (75 + 100, 75 + 100), "{v:#?}");
    assert_eq!(v.decoders_in_use, 1, "the ended one let go of its decoder: {v:#?}");
}

#[test]
fn a_device_slower_than_the_clip_drops_frames() {
    // stick-lowend refreshing at 20 Hz plays the 25 fps clip for 2 s: every
    // host frame presents a new clip frame, and one in five is never shown.
    let app = bundle("slow", "video('clip.webp', 0);\n");
    let mut p = Profile::load("stick-lowend", &workspace().join("devices")).expect("profile");
    p.display.fps = 20;
    let r = run_app(&app, &p, opts(40)).unwrap_or_else(|e| panic!("{e}"));
    let v = &r.summary.video;
    assert_eq!(v.ttff_ms, vec![50.0]);
    // The app's first batch goes at host frame 1 (50 ms): first frame at
    // 100 ms, last host frame at 2000 ms: 39 presentations over media
    // 0..1900 ms, where the clip has 48 frames (0..=47).
    assert_eq!((v.frames_presented, v.frames_expected), (39, 48), "{v:#?}");
}
