//! Flex layout against Chromium: the fixtures of `tests/layout-fixtures/`
//! replayed through Reel's protocol, every box compared with the one
//! Chromium computed for the same tree.
//!
//! A fixture is an HTML page whose `<div>`s carry their style as Reel
//! properties (`data-reel="w=102 display=flex flexGrow=2"`, the scene-file
//! syntax); `reel-style.js` turns that into the equivalent CSS in the
//! browser, and this test turns the same text into `SET_PROPS` through
//! [`reel_engine::script`] (so the property table's names and checks), one
//! node per `<div>`, each root under the scene root at its `x`/`y`.
//! `hand/*.html` are written by hand, one page per known problem area;
//! `random/*.html` are seeded random flex trees (`gen-random.mjs`).
//!
//! Checks, per node:
//! * **layout**: the unrounded box Reel computed (taffy's layout relative to
//!   the parent; scene-mode nodes at their x/y) within [`TOL`] of
//!   Chromium's `getBoundingClientRect` relative to its parent;
//! * **drawn**: the box the display list is built from (after pixel
//!   rounding, screen space, `Node::geom`) within [`TOL`] (plus Chromium's
//!   1/64 px LayoutUnit) of Chromium's box in screen space, and inside its
//!   parent's drawn box whenever Chromium's box is inside the parent's;
//! * **engine.wasm**: the same batches through `target/engine.wasm` give
//!   display-list bytes identical to the native engine's.
//!
//! Fixtures whose layout Reel does not (yet) match are listed, with the
//! reason, in `tests/layout-fixtures/known-differences.txt`; a listed
//! fixture that passes fails the test too, so the list only shrinks.
//! `REEL_LAYOUT_REPORT=1` prints every differing node.
//!
//! Regenerating the expectations needs Chromium (`/usr/bin/chromium`) and
//! js-shim's devDependencies (playwright-core):
//!
//! ```text
//! node tests/layout-fixtures/gen-random.mjs      # random/*.html from the seed (only if the generator changed)
//! node tests/layout-fixtures/record.mjs          # expected/{hand,random}.txt
//! cargo test -p reel-tests --test layout_conformance -- --nocapture
//! ```

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

use reel_engine::scene::DisplayMode;
use reel_engine::Engine;

/// Largest difference, in px, between Reel's and Chromium's box edges.
const TOL: f32 = 0.5;
/// Chromium lays out in 1/64 px units: a drawn (rounded) edge may sit this
/// much further from Chromium's than from Reel's unrounded one.
const LAYOUT_UNIT: f32 = 1.0 / 64.0;

struct ENode {
    parent: i32,
    /// Chromium's box relative to the parent's: x, y, w, h.
    rel: [f32; 4],
    reel: String,
}

struct Fixture {
    name: String,
    title: String,
    viewport: (u32, u32),
    nodes: Vec<ENode>,
}

fn fixtures_dir() -> PathBuf {
    reel_tests::repo_root().join("tests").join("layout-fixtures")
}

fn load(set: &str) -> Result<Vec<Fixture>, String> {
    let path = fixtures_dir().join("expected").join(format!("{set}.txt"));
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e} (see this test's module docs)", path.display()))?;
    let mut out: Vec<Fixture> = Vec::new();
    let mut title = String::new();
    for (i, line) in text.lines().enumerate() {
        let at = || format!("{}:{}", path.display(), i + 1);
        if let Some(t) = line.strip_prefix("# ") {
            title = t.to_string();
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let mut words = line.splitn(6, ' ');
        let first = words.next().unwrap_or_default();
        if first == "fixture" {
            let name = words.next().ok_or_else(|| format!("{}: fixture without a name", at()))?;
            let mut num = || words.next().and_then(|w| w.parse::<u32>().ok()).ok_or_else(|| format!("{}: bad viewport", at()));
            let viewport = (num()?, num()?);
            out.push(Fixture { name: name.to_string(), title: std::mem::take(&mut title), viewport, nodes: Vec::new() });
            continue;
        }
        let fx = out.last_mut().ok_or_else(|| format!("{}: node before any fixture", at()))?;
        let parent: i32 = first.parse().map_err(|_| format!("{}: bad parent index '{first}'", at()))?;
        let mut rel = [0f32; 4];
        for r in &mut rel {
            let w = words.next().unwrap_or_default();
            *r = w.parse().map_err(|_| format!("{}: bad number '{w}'", at()))?;
        }
        if parent >= fx.nodes.len() as i32 {
            return Err(format!("{}: parent {parent} is not an earlier node", at()));
        }
        fx.nodes.push(ENode { parent, rel, reel: words.next().unwrap_or_default().to_string() });
    }
    Ok(out)
}

/// The fixture as a scene file: node i is id i + 1 with a colour of its own
/// (so it is drawn), appended to its parent (roots: to the scene root).
fn scene_text(fx: &Fixture) -> String {
    let mut s = format!("viewport {} {}\n", fx.viewport.0, fx.viewport.1);
    for (i, n) in fx.nodes.iter().enumerate() {
        let id = i + 1;
        let color = 0x4000_00ffu32.wrapping_add((id as u32).wrapping_mul(0x0012_3400));
        let _ = writeln!(s, "create {id} view\nset {id} {} color=0x{color:08x}\ninsert {} {id}", n.reel, n.parent + 1);
    }
    s.push_str("frame 0\n");
    s
}

/// What Reel computed for one node.
struct Got {
    /// Unrounded, relative to the parent.
    rel: [f32; 4],
    /// Drawn box in screen space (x0, y0, x1, y1); `None`: not drawn.
    drawn: Option<[f32; 4]>,
}

fn run_native(fx: &Fixture, batches: &[Vec<u8>]) -> Result<(Vec<Got>, Vec<u8>), String> {
    let mut engine: Engine = reel_tests::native_engine(fx.viewport.0, fx.viewport.1)?;
    for (i, b) in batches.iter().enumerate() {
        engine.submit(b).map_err(|e| format!("batch {}: {e:?}", i + 1))?;
    }
    let scene = engine.scene();
    let mut got = Vec::with_capacity(fx.nodes.len());
    for (i, _) in fx.nodes.iter().enumerate() {
        let slot = scene.slot(i as u32 + 1).ok_or_else(|| format!("node {} missing", i + 1))?;
        let node = scene.node(slot);
        let parent_flex = scene.node(node.parent).is_flex();
        let unrounded = scene.taffy_state(slot).map(|t| t.unrounded);
        let rel = match (parent_flex, unrounded) {
            (true, Some(l)) => [l.location.x, l.location.y, l.size.width, l.size.height],
            (true, None) => return Err(format!("node {}: a flex item without a taffy layout", i + 1)),
            (false, _) => {
                let v = &node.props;
                let (w, h) = match unrounded {
                    Some(l) if node.is_flex() => (l.size.width, l.size.height),
                    _ => {
                        let psize = if node.parent == reel_engine::scene::ROOT_SLOT {
                            (fx.viewport.0 as f32, fx.viewport.1 as f32)
                        } else {
                            let l = scene.placed(node.parent);
                            (l.size.width, l.size.height)
                        };
                        reel_engine::layout::scene_size(node.props.size, psize)
                    }
                };
                [v.x, v.y, w, h]
            }
        };
        let shown = node.props.display != DisplayMode::None;
        let drawn = shown.then(|| node.geom);
        got.push(Got { rel, drawn });
    }
    Ok((got, engine.display_list_bytes().to_vec()))
}

fn run_wasm(fx: &Fixture, batches: &[Vec<u8>]) -> Result<Vec<u8>, String> {
    let mut engine = reel_tests::wasm_engine(fx.viewport.0, fx.viewport.1)?;
    for (i, b) in batches.iter().enumerate() {
        let out = engine.submit(b).map_err(|e| format!("engine.wasm, batch {}: {e}", i + 1))?;
        if let Some(r) = out.rejected {
            return Err(format!("engine.wasm rejected batch {}: {r}", i + 1));
        }
    }
    let list = engine.display_list().map_err(|e| format!("engine.wasm display list: {e}"))?;
    Ok(reel_tests::list_to_bytes(&list))
}

/// Outcome of one fixture.
#[derive(Default)]
struct Outcome {
    nodes: usize,
    /// Nodes whose unrounded layout differs from Chromium's.
    layout_bad: usize,
    /// Nodes whose drawn box is off Chromium's or leaves its parent's.
    drawn_bad: usize,
    /// Roots all of whose nodes match (layout and drawn).
    trees: usize,
    trees_ok: usize,
    report: String,
}

fn batches(fx: &Fixture) -> Result<Vec<Vec<u8>>, String> {
    reel_engine::script::parse_scene(&scene_text(fx))
        .map(|s| s.batches)
        .map_err(|e| format!("{}: line {}: {}", fx.name, e.line, e.message))
}

fn check(fx: &Fixture) -> Result<Outcome, String> {
    let (got, _) = run_native(fx, &batches(fx)?).map_err(|e| format!("{}: {e}", fx.name))?;
    // Chromium's boxes in screen space.
    let mut abs: Vec<[f32; 4]> = Vec::with_capacity(fx.nodes.len());
    for n in &fx.nodes {
        let (ox, oy) = if n.parent < 0 { (0.0, 0.0) } else { (abs[n.parent as usize][0], abs[n.parent as usize][1]) };
        abs.push([ox + n.rel[0], oy + n.rel[1], ox + n.rel[0] + n.rel[2], oy + n.rel[1] + n.rel[3]]);
    }
    let mut o = Outcome { nodes: fx.nodes.len(), ..Outcome::default() };
    let mut root_of = vec![0usize; fx.nodes.len()];
    let mut root_ok: BTreeMap<usize, bool> = BTreeMap::new();
    for (i, n) in fx.nodes.iter().enumerate() {
        root_of[i] = if n.parent < 0 { i } else { root_of[n.parent as usize] };
        let g = &got[i];
        let far = |a: &[f32; 4], b: &[f32; 4], tol: f32| a.iter().zip(b).any(|(x, y)| (x - y).abs() > tol);
        let mut bad = Vec::new();
        if far(&g.rel, &n.rel, TOL) {
            o.layout_bad += 1;
            bad.push(format!("layout {:?}, Chromium {:?}", g.rel, n.rel));
        }
        if let Some(d) = g.drawn {
            let mut drawn_bad = false;
            if far(&d, &abs[i], TOL + LAYOUT_UNIT) {
                drawn_bad = true;
                bad.push(format!("drawn {d:?}, Chromium {:?}", abs[i]));
            }
            if n.parent >= 0 {
                let (pa, pd) = (abs[n.parent as usize], got[n.parent as usize].drawn);
                let inside = |b: &[f32; 4], p: &[f32; 4], e: f32| {
                    b[0] >= p[0] - e && b[1] >= p[1] - e && b[2] <= p[2] + e && b[3] <= p[3] + e
                };
                if let Some(pd) = pd {
                    if inside(&abs[i], &pa, 1e-3) && !inside(&d, &pd, 1e-3) {
                        drawn_bad = true;
                        bad.push(format!("drawn {d:?} leaves the parent's drawn {pd:?}"));
                    }
                }
            }
            o.drawn_bad += drawn_bad as usize;
        }
        let ok = root_ok.entry(root_of[i]).or_insert(true);
        if !bad.is_empty() {
            *ok = false;
            let _ = writeln!(o.report, "  {} node {} [{}]: {}", fx.name, i, n.reel, bad.join("; "));
        }
    }
    o.trees = root_ok.len();
    o.trees_ok = root_ok.values().filter(|&&v| v).count();
    Ok(o)
}

/// `known-differences.txt`: `<set>/<fixture> <reason>` lines.
fn known() -> Result<BTreeMap<String, String>, String> {
    let path = fixtures_dir().join("known-differences.txt");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (k, why) = l.split_once(' ').unwrap_or((l, ""));
            (k.to_string(), why.trim().to_string())
        })
        .collect())
}

fn run_set(set: &str) {
    let fixtures = load(set).unwrap_or_else(|e| panic!("{e}"));
    assert!(!fixtures.is_empty(), "{set}: no fixtures");
    let known = known().unwrap_or_else(|e| panic!("{e}"));
    let verbose = std::env::var("REEL_LAYOUT_REPORT").is_ok_and(|v| !v.is_empty() && v != "0");
    let mut total = Outcome::default();
    let (mut failing, mut unexpected, mut fixed) = (Vec::new(), Vec::new(), Vec::new());
    for fx in &fixtures {
        let o = check(fx).unwrap_or_else(|e| panic!("{e}"));
        let key = format!("{set}/{}", fx.name);
        let ok = o.report.is_empty();
        match (ok, known.contains_key(&key)) {
            (false, false) => unexpected.push(format!("{key} ({}):\n{}", fx.title, o.report)),
            (true, true) => fixed.push(key.clone()),
            _ => {}
        }
        if !ok {
            failing.push(key);
            if verbose {
                eprint!("{}", o.report);
            }
        }
        total.nodes += o.nodes;
        total.layout_bad += o.layout_bad;
        total.drawn_bad += o.drawn_bad;
        total.trees += o.trees;
        total.trees_ok += o.trees_ok;
    }
    let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
    eprintln!(
        "{set}: {} fixtures; layout: {}/{} nodes within {TOL} px ({:.1}%); drawn: {}/{} nodes ok; trees: {}/{} exact ({:.1}%)",
        fixtures.len(),
        total.nodes - total.layout_bad,
        total.nodes,
        pct(total.nodes - total.layout_bad, total.nodes),
        total.nodes - total.drawn_bad,
        total.nodes,
        total.trees_ok,
        total.trees,
        pct(total.trees_ok, total.trees),
    );
    let mut msg = String::new();
    if !unexpected.is_empty() {
        let _ = writeln!(msg, "{} fixtures differ from Chromium:\n{}", unexpected.len(), unexpected.join("\n"));
    }
    if !fixed.is_empty() {
        let _ = writeln!(msg, "now match Chromium: remove from known-differences.txt: {}", fixed.join(" "));
    }
    assert!(msg.is_empty(), "{msg}");
}

/// Hand-written fixtures, one page per problem area.
#[test]
fn hand_fixtures() {
    run_set("hand");
}

/// The seeded random trees.
#[test]
fn random_fixtures() {
    run_set("random");
}

/// Every fixture through `target/engine.wasm`: display-list bytes identical
/// to the native engine's (so the Wasm build lays out exactly as checked
/// above).
#[test]
fn engine_wasm_matches_native() {
    for set in ["hand", "random"] {
        for fx in load(set).unwrap_or_else(|e| panic!("{e}")) {
            let b = batches(&fx).unwrap_or_else(|e| panic!("{e}"));
            let (_, native) = run_native(&fx, &b).unwrap_or_else(|e| panic!("{set}/{}: {e}", fx.name));
            let wasm = run_wasm(&fx, &b).unwrap_or_else(|e| panic!("{set}/{}: {e}", fx.name));
            assert!(wasm == native, "{set}/{}: engine.wasm's display list differs from the native engine's", fx.name);
        }
    }
}

/// Every fixture page has recorded expectations, and every recorded
/// fixture still has its page (regenerate with record.mjs otherwise).
#[test]
fn expectations_match_the_pages() {
    for set in ["hand", "random"] {
        let recorded: Vec<String> = load(set).unwrap_or_else(|e| panic!("{e}")).into_iter().map(|f| f.name).collect();
        let mut pages: Vec<String> = std::fs::read_dir(fixtures_dir().join(set))
            .unwrap_or_else(|e| panic!("{set}: {e}"))
            .filter_map(|e| e.ok())
            .filter_map(|e| e.file_name().to_str().and_then(|n| n.strip_suffix(".html")).map(str::to_string))
            .collect();
        pages.sort();
        assert_eq!(recorded, pages, "{set}: expected/{set}.txt is stale: run node tests/layout-fixtures/record.mjs");
    }
}
