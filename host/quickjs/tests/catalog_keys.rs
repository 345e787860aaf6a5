//! Key scripts (`reel run --keys`) driving the catalog sample
//! (`examples/catalog/main.js`): scripted keys move focus through rows,
//! Enter opens the details overlay, Back closes it, a frame is produced on
//! every host frame, and the input-latency figures come out.
//! Needs `target/engine.wasm` (`bash tools/build-wasm.sh`).

use std::path::{Path, PathBuf};

use reel_host::Profile;
use reel_quickjs::keys::parse_script;
use reel_quickjs::{run_app, RunOptions, RunReport};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

fn engine() -> PathBuf {
    let (path, _) = reel_host::paths::engine_path(None);
    let path = if path.is_file() {
        path
    } else {
        workspace().join("target/engine.wasm")
    };
    assert!(
        path.is_file(),
        "engine.wasm not found at {}: run `bash tools/build-wasm.sh`",
        path.display()
    );
    path
}

fn run(device: &str, script: &str, frames: u32) -> RunReport {
    let profile = Profile::load(device, &workspace().join("devices")).expect("profile");
    let opts = RunOptions {
        frames,
        engine: Some(engine()),
        keys: parse_script(script).expect("script"),
        ..Default::default()
    };
    run_app(
        &workspace().join("examples/catalog/main.js"),
        &profile,
        opts,
    )
    .expect("run")
}

fn logs(r: &RunReport) -> Vec<String> {
    r.log
        .iter()
        .map(|l| l.text.clone())
        .filter(|t| t.starts_with("catalog: "))
        .map(|t| t["catalog: ".len()..].to_string())
        .collect()
}

#[test]
fn scripted_keys_move_focus_open_and_close_details() {
    let script =
        "wait 5\nRight x3\nwait 4\nDown\nwait 4\nEnter\nwait 20\nDown\nwait 4\nBack\nwait 10\nUp\n";
    let r = run("tv-midrange", script, 60);
    assert!(r.exceptions.is_empty(), "exceptions: {:?}", r.exceptions);
    let l = logs(&r);
    let pos = |s: &str| {
        l.iter()
            .position(|x| x == s)
            .unwrap_or_else(|| panic!("no `{s}` in {l:#?}"))
    };
    // Along the first row, then down a row.
    assert!(pos("focus tile 0-0") < pos("focus tile 0-1"));
    assert!(pos("focus tile 0-1") < pos("focus tile 0-2"));
    assert!(pos("focus tile 0-2") < pos("focus tile 0-3"));
    let down = l
        .iter()
        .position(|x| x.starts_with("focus tile 1-"))
        .expect("moved to row 1");
    assert!(down > pos("focus tile 0-3"));
    // Enter opens the overlay and focus goes to its first button; Down stays in the panel.
    let open = l
        .iter()
        .position(|x| x.starts_with("details open 1-"))
        .expect("details opened");
    assert!(open > down);
    assert!(pos("focus button 0") > open);
    assert!(pos("focus button 1") > pos("focus button 0"));
    // Back closes it and focus returns to the tile; Up then goes to row 0 (focus memory: 0-3).
    let closed = pos("details closed");
    assert!(closed > pos("focus button 1"));
    assert_eq!(
        l[closed + 1],
        l[down],
        "focus returns to the tile that opened the details"
    );
    assert_eq!(l.last().map(String::as_str), Some("focus tile 0-3"));
    // A frame on every host frame.
    assert!(
        r.frames.len() >= 60,
        "{} frames for 60 host frames",
        r.frames.len()
    );
    let mut times: Vec<f64> = r.frames.iter().map(|f| f.stats.time_ms).collect();
    times.dedup();
    assert!(times.len() >= 60);
    // Latency: every keydown moved focus, each within a frame budget of its key.
    let input = r.summary.input.as_ref().expect("input summary");
    assert_eq!(input.keydowns, 8);
    assert_eq!(input.keyups, 8);
    assert_eq!(input.focus_moves, 8, "{:#?}", input.presses);
    for p in &input.presses {
        let ms = p.latency_ms.expect("latency");
        assert!(ms > 0.0 && ms < 1000.0 / 60.0 * 2.0, "{p:?}");
        assert_ne!(p.focused_before, p.focused_after.filter(|&f| f != u32::MAX));
    }
    assert!(
        r.summary
            .to_text()
            .contains("input       8 keydowns, 8 moved focus"),
        "{}",
        r.summary.to_text()
    );
    assert!(r.summary.to_json().contains("\"latency_ms\""));
}

#[test]
fn auto_repeat_and_edges() {
    // Left at the first tile: an edge (no focus move, no latency); held Right repeats.
    let r = run("stick-lowend", "wait 3\nLeft\nwait 2\nhold Right 4\n", 16);
    assert!(r.exceptions.is_empty(), "exceptions: {:?}", r.exceptions);
    let l = logs(&r);
    assert!(l.contains(&"edge left".to_string()), "{l:#?}");
    assert!(
        l.contains(&"focus tile 0-4".to_string()),
        "held Right repeats: {l:#?}"
    );
    let input = r.summary.input.as_ref().expect("input summary");
    assert_eq!(input.keydowns, 5);
    assert_eq!(input.keyups, 2);
    assert_eq!(input.presses[0].latency_ms, None, "an edge moves nothing");
    assert_eq!(input.focus_moves, 4);
}

#[test]
fn no_listener_is_reported() {
    let r = {
        let profile = Profile::load("tv-midrange", &workspace().join("devices")).expect("profile");
        let opts = RunOptions {
            frames: 4,
            engine: Some(engine()),
            keys: parse_script("at 2 Enter").expect("script"),
            ..Default::default()
        };
        run_app(&workspace().join("examples/apps/hello.js"), &profile, opts).expect("run")
    };
    assert!(
        r.log.iter().any(|l| l.text.contains("no key listener")),
        "{:?}",
        r.log
    );
}
