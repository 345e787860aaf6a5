//! `fuzz-extremes`: a long fuzz run over *legal* scenes with extreme values
//! (issue 18's proof tool; not part of CI — the regression tests are).
//!
//! Why a separate tool and not a proptest: a useful run is millions of
//! commands and minutes long, and what it checks is a property of the whole
//! system over time — "no legal input ends in a screen that stops painting"
//! — not of one input. `tests/tests/decoder_fuzz.rs` covers malformed bytes
//! in CI; this covers values that decode fine and then have to be computed
//! with: positions and sizes near `f32::MAX`, animations between them,
//! springs with extreme constants, tiny and huge durations and frame steps,
//! percentages, deep and wide trees, focus moves and scrolling.
//!
//! Each case is a seeded random session against the native [`Engine`] and,
//! with `--wasm` (the default when `target/engine.wasm` exists), the same
//! batches against `engine.wasm` under the host's [`Supervisor`]. After
//! every frame it checks:
//! - every display-list item is finite (transform, size, uv);
//! - the engine's own snapshot replays into a fresh engine (no rejection);
//! - the supervisor never reports a failed recovery and keeps producing
//!   display lists; at the end of the case a sentinel node written by the
//!   "app" is on screen in both engines (nothing the app sent was lost).
//!
//! ```sh
//! cargo run --release -p reel-tests --bin fuzz-extremes -- --cases 2000 --seed 1
//! tools/fuzz-extremes.sh --minutes 10
//! ```
//! A failing case prints its seed; `--seed S --cases 1 --verbose` replays it.

use std::process::ExitCode;
use std::time::{Duration, Instant};

use reel_engine::anim::easing::Easing;
use reel_engine::anim::{Direction, Timing};
use reel_engine::display_list::{read_display_list, DisplayItem};
use reel_engine::focus::Dir;
use reel_engine::protocol::props::{Check, PropValue, PROPS};
use reel_engine::protocol::{BatchBuilder, NodeKind, NONE};
use reel_engine::Engine;
use reel_host::supervisor::{Supervisor, SupervisorConfig};
use reel_host::wasm_engine::{EngineLimits, EngineModule};
use reel_host::Profile;

const W: u32 = 640;
const H: u32 = 360;
const SENTINEL: u32 = 9_999_999;

/// splitmix64: a tiny, seedable, good-enough generator (no dependency).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u32) -> u32 {
        (self.next() % u64::from(n.max(1))) as u32
    }
    fn chance(&mut self, percent: u32) -> bool {
        self.below(100) < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u32) as usize]
    }
    /// A finite f32 from the extremes a legal app can send.
    fn extreme(&mut self) -> f32 {
        match self.below(12) {
            0 => f32::MAX,
            1 => f32::MIN,
            2 => f32::MIN_POSITIVE,
            3 => -3e38,
            4 => 3e38,
            5 => 1e30 * if self.chance(50) { 1.0 } else { -1.0 },
            6 => 0.0,
            7 => -0.0,
            8 => 1e-30,
            // An arbitrary finite bit pattern.
            9 => loop {
                let v = f32::from_bits(self.next() as u32);
                if v.is_finite() {
                    break v;
                }
            },
            _ => (self.below(4000) as f32 - 2000.0) * 0.5,
        }
    }
    /// A value that is finite and non-negative, or inside 0..=1.
    fn value_for(&mut self, check: Check) -> f32 {
        match check {
            Check::NonNegative => self.extreme().abs(),
            Check::Unit => self.pick(&[0.0, 1.0, 0.5, f32::MIN_POSITIVE, 0.999_999]),
            _ => self.extreme(),
        }
    }
}

/// One legal property value for a random property.
fn random_prop(r: &mut Rng) -> (u16, PropValue) {
    let spec = &PROPS[r.below(PROPS.len() as u32) as usize];
    let accepts = |t: u16| spec.accepts & (1 << t) != 0;
    use reel_engine::protocol::props::ty;
    let value = match spec.check {
        Check::Bool => PropValue::U32(r.below(2)),
        Check::Color => PropValue::U32(r.next() as u32),
        Check::Enum(n) => PropValue::U32(r.below(n)),
        Check::NodeId => PropValue::U32(if r.chance(50) { NONE } else { 1 + r.below(40) }),
        check => {
            if accepts(ty::AUTO) && r.chance(10) {
                PropValue::Auto
            } else if accepts(ty::PERCENT) && r.chance(25) {
                PropValue::Percent(r.value_for(check))
            } else if accepts(ty::I32) && !accepts(ty::F32) {
                PropValue::I32(r.next() as i32)
            } else if accepts(ty::F32) {
                PropValue::F32(r.value_for(check))
            } else if accepts(ty::U32) {
                PropValue::U32(r.next() as u32)
            } else {
                PropValue::Reset
            }
        }
    };
    (spec.key, if r.chance(3) { PropValue::Reset } else { value })
}

/// A random animatable target (mostly; now and then any property, which
/// the engine must reject with a clear error).
fn random_target(r: &mut Rng) -> (u16, PropValue) {
    let any = r.chance(3);
    loop {
        let (k, v) = random_prop(r);
        if matches!(v, PropValue::F32(_) | PropValue::U32(_))
            && (any || reel_engine::anim::animatable(k))
        {
            return (k, v);
        }
    }
}

fn random_timing(r: &mut Rng) -> Timing {
    let easing = match r.below(5) {
        0 => Easing::Linear,
        1 => Easing::CubicBezier(
            r.pick(&[0.0, 1.0, 0.42]),
            r.extreme(),
            r.pick(&[0.0, 1.0, 0.58]),
            r.extreme(),
        ),
        2 => Easing::Steps {
            n: 1 + r.below(1000),
            start: r.chance(50),
        },
        3 => Easing::Spring {
            stiffness: r.extreme().abs().max(f32::MIN_POSITIVE),
            damping: r.extreme().abs().max(f32::MIN_POSITIVE),
            mass: r.extreme().abs().max(f32::MIN_POSITIVE),
            velocity: r.extreme(),
        },
        _ => Easing::CubicBezier(0.25, 0.1, 0.25, 1.0),
    };
    Timing {
        // The wire allows 0..=3,600,000 ms for both; now and then beyond.
        duration_ms: if r.chance(3) {
            3e38
        } else {
            r.pick(&[0.0, 1e-30, f32::MIN_POSITIVE, 1.0, 16.0, 300.0, 1e6, 3.6e6])
        },
        delay_ms: if r.chance(3) {
            1e30
        } else {
            r.pick(&[0.0, 0.0, 5.0, -5.0, 3.6e6, -3.6e6])
        },
        iterations: r.pick(&[1, 2, 3, u32::MAX]),
        direction: r.pick(&[
            Direction::Normal,
            Direction::Reverse,
            Direction::Alternate,
            Direction::AlternateReverse,
        ]),
        easing,
    }
}

/// Everything one case found wrong.
#[derive(Default)]
struct Findings(Vec<String>);

impl Findings {
    fn add(&mut self, what: String) {
        if self.0.len() < 20 {
            self.0.push(what);
        }
    }
}

#[derive(Default)]
struct Counts {
    batches: u64,
    accepted: u64,
    rejected: u64,
    frames: u64,
    snapshots_replayed: u64,
    wasm_traps: u64,
    wasm_recoveries: u64,
    failed_cases: u64,
    reasons: std::collections::BTreeMap<String, u64>,
}

fn finite_item(it: &DisplayItem) -> bool {
    it.transform
        .iter()
        .chain(it.size.iter())
        .chain(it.uv.iter())
        .all(|v| v.is_finite())
}

/// The sentinel write: a small green box on top, in its own batch.
fn sentinel_batch(seq: u32) -> Vec<u8> {
    use reel_engine::protocol::props::key;
    let mut b = BatchBuilder::new(seq);
    b.create(SENTINEL, NodeKind::View);
    b.set_props(
        SENTINEL,
        &[
            (key::X, PropValue::F32(1.0)),
            (key::Y, PropValue::F32(1.0)),
            (key::W, PropValue::F32(8.0)),
            (key::H, PropValue::F32(8.0)),
            (key::COLOR, PropValue::U32(0x00FF_00FF)),
        ],
    );
    b.insert(0, SENTINEL, NONE);
    b.finish()
}

/// A random batch: creates, inserts, property writes, animations, focus.
/// Small (1-8 commands) so most batches are legal and get applied.
fn random_batch(
    r: &mut Rng,
    seq: u32,
    live: &mut Vec<u32>,
    next_id: &mut u32,
    trace: bool,
) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    let log = |what: std::fmt::Arguments| {
        if trace {
            eprintln!("  batch {seq}: {what}");
        }
    };
    for _ in 0..1 + r.below(8) {
        match r.below(100) {
            0..=14 => {
                let id = *next_id;
                *next_id += 1;
                let kind = r.pick(&[
                    NodeKind::View,
                    NodeKind::View,
                    NodeKind::Text,
                    NodeKind::Image,
                ]);
                log(format_args!("create {id} {kind:?}"));
                b.create(id, kind);
                if kind == NodeKind::Text {
                    b.set_text(
                        id,
                        r.pick(&[
                            "",
                            "Reel",
                            "a much longer label that has to wrap somewhere",
                            "\u{202E}bidi ✓",
                        ]),
                    );
                }
                let parent = if live.is_empty() || r.chance(30) {
                    0
                } else {
                    r.pick(live)
                };
                log(format_args!("insert {id} into {parent}"));
                b.insert(parent, id, NONE);
                live.push(id);
            }
            15..=54 if !live.is_empty() => {
                let id = r.pick(live);
                let props: Vec<_> = (0..1 + r.below(4)).map(|_| random_prop(r)).collect();
                log(format_args!("set {id} {props:?}"));
                b.set_props(id, &props);
            }
            55..=69 if !live.is_empty() => {
                let id = r.pick(live);
                let targets: Vec<_> = (0..1 + r.below(3)).map(|_| random_target(r)).collect();
                let timing = random_timing(r);
                log(format_args!("animate {id} {targets:?} {timing:?}"));
                b.animate(id, 1 + r.below(16), &timing, &targets);
            }
            70..=74 if !live.is_empty() => {
                let (k, _) = random_target(r);
                let (id, timing) = (r.pick(live), random_timing(r));
                log(format_args!("transition {id} key {k} {timing:?}"));
                b.transition(id, k, &timing);
            }
            75..=79 => {
                b.anim_ctrl(1 + r.below(16), r.below(4));
            }
            80..=86 if !live.is_empty() => {
                b.focus(r.pick(live));
            }
            87..=93 => {
                b.navigate(r.pick(&[Dir::Left, Dir::Right, Dir::Up, Dir::Down]));
            }
            94..=96 if !live.is_empty() => {
                // Reparent (may be a cycle: then the batch is rejected, which is fine).
                b.insert(r.pick(live), r.pick(live), NONE);
            }
            97..=98 if live.len() > 4 => {
                let i = r.below(live.len() as u32) as usize;
                b.destroy(live.swap_remove(i));
            }
            _ => {
                let action = if r.chance(5) { 2 } else { r.below(2) };
                b.pointer(r.extreme(), r.extreme(), action);
            }
        }
    }
    b.finish()
}

struct Options {
    cases: u64,
    seed: u64,
    batches: u32,
    minutes: Option<u64>,
    wasm: Option<Vec<u8>>,
    verbose: bool,
    /// Print every generated command (to replay a failing seed by eye).
    trace: bool,
    /// Write each failing case's batches (and frame times) here as a
    /// `.reelrec` recording, for `reel play` and debugging.
    dump: Option<std::path::PathBuf>,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        cases: 200,
        seed: 1,
        batches: 40,
        minutes: None,
        wasm: None,
        verbose: false,
        trace: false,
        dump: None,
    };
    let mut want_wasm = true;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut num = |name: &str| -> Result<u64, String> {
            args.next()
                .and_then(|v| v.parse().ok())
                .ok_or_else(|| format!("{name} needs a whole number"))
        };
        match a.as_str() {
            "--cases" => o.cases = num("--cases")?,
            "--seed" => o.seed = num("--seed")?,
            "--batches" => o.batches = num("--batches")? as u32,
            "--minutes" => o.minutes = Some(num("--minutes")?),
            "--no-wasm" => want_wasm = false,
            "--verbose" => o.verbose = true,
            "--trace" => o.trace = true,
            "--dump" => o.dump = Some(args.next().ok_or("--dump needs a directory")?.into()),
            "--help" | "-h" => {
                return Err("usage: fuzz-extremes [--cases N] [--seed S] [--batches B] [--minutes M] [--no-wasm] [--verbose] [--trace] [--dump DIR]".into())
            }
            other => return Err(format!("unknown option {other:?} (try --help)")),
        }
    }
    if want_wasm {
        match reel_host::paths::load_engine(None) {
            Ok((_, bytes)) => o.wasm = Some(bytes),
            Err(e) => {
                return Err(format!(
                    "{e}\n(or pass --no-wasm to fuzz the native engine only)"
                ))
            }
        }
    }
    Ok(o)
}

fn fuzz_profile() -> Result<Profile, String> {
    let dir = reel_host::paths::devices_dir();
    Profile::load("tv-midrange", &dir).map_err(|e| format!("device profile: {e}"))
}

/// Runs one case; returns what went wrong.
fn run_case(
    seed: u64,
    o: &Options,
    module: Option<&EngineModule>,
    profile: &Profile,
    c: &mut Counts,
) -> Findings {
    let mut f = Findings::default();
    let mut r = Rng(seed);
    let mut native = Engine::new(W, H);
    let font = reel_host::paths::default_font();
    if let Some(font) = font {
        if let Err(e) = native.register_font("sans", font) {
            f.add(format!("native register_font: {e}"));
        }
    }
    let mut sup = module.and_then(|m| {
        let mut cfg = SupervisorConfig::from_profile(profile);
        cfg.viewport = (W, H);
        match Supervisor::new(m.clone(), cfg) {
            Ok(mut s) => {
                if let Err(e) = s.init(W, H) {
                    f.add(format!("wasm init: {e}"));
                    return None;
                }
                if let Some(font) = font {
                    let mut b = BatchBuilder::new(0);
                    b.register_font("sans", font);
                    if let Err(e) = s.submit(&b.finish()) {
                        f.add(format!("wasm register_font: {e}"));
                    }
                }
                Some(s)
            }
            Err(e) => {
                f.add(format!("wasm instance: {e}"));
                None
            }
        }
    });
    let mut live = Vec::new();
    let mut next_id = 1;
    let mut t = 0.0f64;
    let mut recorded: Vec<Vec<u8>> = Vec::new();
    for seq in 1..=o.batches {
        let before = live.clone();
        let batch = random_batch(&mut r, seq, &mut live, &mut next_id, o.trace);
        c.batches += 1;
        let ok = native.submit(&batch).is_ok();
        if ok {
            // Destroying a node destroys its subtree: keep only what exists.
            live.retain(|&id| native.scene().get(id).is_some());
        } else {
            // All or nothing: the batch's creates and destroys did not happen.
            live = before;
        }
        if ok {
            c.accepted += 1;
        } else {
            c.rejected += 1;
            // The reason without ids and numbers, for the histogram.
            let reason: String = native
                .last_error()
                .chars()
                .filter(|ch| !ch.is_ascii_digit())
                .collect();
            *c.reasons.entry(reason).or_default() += 1;
        }
        if let Some(s) = sup.as_mut() {
            match s.submit(&batch) {
                Ok(rep) => {
                    c.wasm_traps += rep.incidents.len() as u64;
                    for i in &rep.incidents {
                        f.add(format!("batch {seq}: submit: {i}"));
                    }
                    if rep.rejected.is_some() == ok {
                        let why = match &rep.rejected {
                            Some(rej) => format!("{rej:?}"),
                            None => native.last_error().to_string(),
                        };
                        let traps: Vec<String> =
                            rep.incidents.iter().map(|i| i.to_string()).collect();
                        f.add(format!(
                            "batch {seq}: native {} but wasm {} ({why}) {}",
                            if ok { "accepted" } else { "rejected" },
                            if ok { "rejected" } else { "accepted" },
                            traps.join("; ")
                        ));
                    }
                }
                Err(e) => f.add(format!("batch {seq}: wasm host error: {e}")),
            }
        }
        t += f64::from(r.pick(&[0.0f32, 1.0, 16.7, 16.7, 16.7, 250.0, 1e6]));
        recorded.push(batch);
        recorded.push({
            let mut fb = BatchBuilder::new(seq);
            fb.frame(t);
            fb.finish()
        });
        let t0 = Instant::now();
        native.frame(t);
        if o.verbose {
            eprintln!(
                "batch {seq}: native frame {:?} items {}",
                t0.elapsed(),
                native.stats().dl_items
            );
        }
        c.frames += 1;
        let dl = native.display_list_bytes().to_vec();
        match read_display_list(&dl) {
            Ok(list) => {
                if let Some(bad) = list.items.iter().find(|it| !finite_item(it)) {
                    f.add(format!(
                        "batch {seq}: non-finite display item for node {}",
                        bad.node
                    ));
                }
            }
            Err(e) => f.add(format!("batch {seq}: unreadable display list: {e:?}")),
        }
        // The engine's own snapshot must replay into a fresh engine.
        let snap = native.snapshot().to_vec();
        let mut fresh = Engine::new(W, H);
        match fresh.submit(&snap) {
            Ok(()) => c.snapshots_replayed += 1,
            Err(e) => f.add(format!("batch {seq}: snapshot does not replay: {e}")),
        }
        if let Some(s) = sup.as_mut() {
            match s.frame(t) {
                Ok(rep) => {
                    c.wasm_traps += rep.incidents.len() as u64;
                    // A trap on legal input is a finding in itself (the
                    // engine must bound its own work), recovered or not.
                    for i in &rep.incidents {
                        f.add(format!("batch {seq}: frame: {i}"));
                    }
                    if rep.frames.is_empty() {
                        f.add(format!("batch {seq}: wasm produced no frame"));
                    }
                }
                Err(e) => f.add(format!("batch {seq}: wasm frame: {e}")),
            }
        }
    }
    // Nothing the app sends after all that may be lost: the sentinel shows.
    let sentinel = sentinel_batch(o.batches + 1);
    if let Err(e) = native.submit(&sentinel) {
        f.add(format!("native rejected the sentinel: {e}"));
    }
    native.frame(t + 16.7);
    let on_screen = |bytes: &[u8]| {
        read_display_list(bytes)
            .map(|l| l.items.iter().any(|it| it.node == SENTINEL))
            .unwrap_or(false)
    };
    if !on_screen(native.display_list_bytes()) {
        f.add("native: sentinel not on screen".into());
    }
    if let Some(s) = sup.as_mut() {
        match s
            .submit(&sentinel)
            .and_then(|_| s.frame(t + 16.7))
            .and_then(|_| s.display_list())
        {
            Ok(dl) => {
                if !dl.items.iter().any(|it| it.node == SENTINEL) {
                    f.add("wasm: sentinel not on screen".into());
                }
            }
            Err(e) => f.add(format!("wasm after the case: {e}")),
        }
        c.wasm_recoveries += u64::from(s.totals().recoveries);
    }
    if let (Some(dir), false) = (&o.dump, f.0.is_empty()) {
        let path = dir.join(format!("seed-{seed}.reelrec"));
        let written = std::fs::create_dir_all(dir)
            .and_then(|_| std::fs::write(&path, reel_engine::script::recording_bytes(&recorded)));
        match written {
            Ok(()) => f.add(format!("batches written to {}", path.display())),
            Err(e) => f.add(format!("could not write {}: {e}", path.display())),
        }
    }
    f
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("fuzz-extremes: {e}");
            return ExitCode::from(2);
        }
    };
    let profile = match fuzz_profile() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("fuzz-extremes: {e}");
            return ExitCode::from(2);
        }
    };
    let module = match o
        .wasm
        .as_deref()
        .map(|w| EngineModule::new(w, EngineLimits::from_profile(&profile)))
    {
        None => None,
        Some(Ok(m)) => Some(m),
        Some(Err(e)) => {
            eprintln!("fuzz-extremes: engine.wasm: {e}");
            return ExitCode::from(2);
        }
    };
    let deadline = o
        .minutes
        .map(|m| Instant::now() + Duration::from_secs(m * 60));
    let mut c = Counts::default();
    let start = Instant::now();
    let mut case = 0u64;
    while case < o.cases || deadline.is_some() {
        if deadline.is_some_and(|d| Instant::now() >= d) {
            break;
        }
        let seed = o.seed.wrapping_add(case);
        let findings = run_case(seed, &o, module.as_ref(), &profile, &mut c);
        if !findings.0.is_empty() {
            c.failed_cases += 1;
            println!("FAIL seed {seed}:");
            for line in &findings.0 {
                println!("  {line}");
            }
        } else if o.verbose {
            println!("ok   seed {seed}");
        }
        case += 1;
    }
    println!();
    println!(
        "fuzz-extremes: {case} cases from seed {} in {:.0} s ({})",
        o.seed,
        start.elapsed().as_secs_f64(),
        if module.is_some() {
            "native + engine.wasm"
        } else {
            "native only"
        }
    );
    println!("  batches          {:>10}", c.batches);
    println!("    accepted       {:>10}", c.accepted);
    println!("    rejected       {:>10}", c.rejected);
    println!("  frames           {:>10}", c.frames);
    println!("  snapshots replayed {:>8}", c.snapshots_replayed);
    println!("  wasm traps       {:>10}", c.wasm_traps);
    println!("  wasm recoveries  {:>10}", c.wasm_recoveries);
    println!("  failed cases     {:>10}", c.failed_cases);
    if o.verbose {
        let mut reasons: Vec<_> = c.reasons.iter().collect();
        reasons.sort_by(|a, b| b.1.cmp(a.1));
        println!("  rejections by reason:");
        for (reason, n) in reasons.iter().take(25) {
            println!("    {n:>8}  {reason}");
        }
    }
    if c.failed_cases > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
