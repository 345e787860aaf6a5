//! Key scripts (`reel run --keys FILE`) and the input-latency figures.
//!
//! # Script
//! One instruction per line; `#` starts a comment; blank lines are
//! skipped. Frames are host frames (1-based; frame *N* is at
//! `N * 1000 / fps` ms of emulated time). A *cursor* frame (initially 1)
//! says when a bare key is pressed.
//!
//! | line | means |
//! |---|---|
//! | `at <frame> <Key> [repeat]` | press at that frame; the cursor moves to frame + 1 |
//! | `<Key> [repeat] [xN]` | press at the cursor (N times, one frame apart); the cursor moves past it |
//! | `wait <N>` | the cursor moves N frames on |
//! | `hold <Key> <N>` | keydown at the cursor, auto-repeat keydowns (`repeat: true`) on the next N-1 frames, keyup after the last |
//! | `checkpoint <NAME>` | a screenshot of the screen as it is when the script reaches the line: the last host frame before the cursor (`reel certify` and `reel run --out` save it as `checkpoint-NN-<name>.png`) |
//!
//! `reel run --keys` and `reel certify --script` read the same format
//! ([`parse`]). Checkpoint names are free text (trimmed; 1-64 characters,
//! each named once).
//!
//! A *press* is a keydown followed by a keyup in the same frame; with
//! `repeat` it is a single keydown with `repeat: true` (one tick of a held
//! key). Key names: `Left Right Up Down Enter Back Play Pause PlayPause
//! Stop Rewind FastForward Red Green Yellow Blue Info F12`, or any DOM `key`
//! value (`ArrowRight`, `Escape`, ...). Each becomes a DOM-like event
//! `{ type, key, keyCode, repeat }` (`Back` is `key: 'GoBack', keyCode: 461`,
//! the webOS / HbbTV code; `Blue` is 406 and `F12` 123, the debug overlay's
//! toggles) that the host hands to the app's
//! `__reel_host.onKey` listeners — js-shim's `renderer.attachKeyboard()`
//! subscribes there and calls `renderer.handleKey`, the same path a
//! browser's keydown takes.
//!
//! # Input latency
//! For each keydown at host frame *n* (emulated time `t`): the first engine
//! frame at or after `t` whose `FRAME_STATS.focused` differs from the focus
//! shown before the key, looked for until the next keydown. Latency =
//! that frame's time − `t` + its emulated duration (fuel ÷ the profile's
//! `fuel_per_ms`: the engine's CPU cost on the device). Presses that move
//! no focus (an edge, an app-level key that changes nothing) have none.
//! The JS VM's own work is not converted to time (it is counted in work
//! polls), so the figure is the engine side of key-to-pixel on the device.

use reel_wire::protocol::NONE;
use reel_host::play::Percentiles;
use reel_host::supervisor::FrameReport;
use serde::Serialize;

/// One key event to inject.
#[derive(Clone, Debug, PartialEq)]
pub struct KeyEvent {
    /// Host frame (1-based).
    pub frame: u32,
    /// `keydown` (true) or `keyup`.
    pub down: bool,
    /// The script's name for the key (`Right`).
    pub name: String,
    /// DOM `key`.
    pub key: String,
    /// DOM `keyCode` (0 when unknown).
    pub key_code: u32,
    /// Auto-repeat.
    pub repeat: bool,
    /// Script line (1-based).
    pub line: usize,
}

/// Script key names with their DOM `key` and `keyCode`: what [`dom_key`]
/// sends and what [`typo_of`] compares against.
const KEYS: [(&str, &str, u32); 37] = [
    ("Left", "ArrowLeft", 37),
    ("ArrowLeft", "ArrowLeft", 37),
    ("Right", "ArrowRight", 39),
    ("ArrowRight", "ArrowRight", 39),
    ("Up", "ArrowUp", 38),
    ("ArrowUp", "ArrowUp", 38),
    ("Down", "ArrowDown", 40),
    ("ArrowDown", "ArrowDown", 40),
    ("Enter", "Enter", 13),
    ("OK", "Enter", 13),
    ("Select", "Enter", 13),
    ("Back", "GoBack", 461),
    ("GoBack", "GoBack", 461),
    ("Escape", "Escape", 27),
    ("Backspace", "Backspace", 8),
    ("Play", "MediaPlay", 415),
    ("MediaPlay", "MediaPlay", 415),
    ("Pause", "MediaPause", 19),
    ("MediaPause", "MediaPause", 19),
    ("PlayPause", "MediaPlayPause", 179),
    ("MediaPlayPause", "MediaPlayPause", 179),
    ("Stop", "MediaStop", 413),
    ("MediaStop", "MediaStop", 413),
    ("Rewind", "MediaRewind", 412),
    ("MediaRewind", "MediaRewind", 412),
    ("FastForward", "MediaFastForward", 417),
    ("MediaFastForward", "MediaFastForward", 417),
    ("Red", "ColorF0Red", 403),
    ("ColorF0Red", "ColorF0Red", 403),
    ("Green", "ColorF1Green", 404),
    ("ColorF1Green", "ColorF1Green", 404),
    ("Yellow", "ColorF2Yellow", 405),
    ("ColorF2Yellow", "ColorF2Yellow", 405),
    ("Blue", "ColorF3Blue", 406),
    ("ColorF3Blue", "ColorF3Blue", 406),
    ("Info", "Info", 457),
    ("F12", "F12", 123),
];

/// DOM `key` and `keyCode` of a script key name (another name is sent as
/// that DOM key with keyCode 0).
pub fn dom_key(name: &str) -> (String, u32) {
    match KEYS.iter().find(|k| k.0 == name) {
        Some(&(_, key, code)) => (key.to_string(), code),
        None => (name.to_string(), 0),
    }
}

/// A known key `name` is a typo of (another case, or one edit or swap
/// away), when it is not itself known: `Rigth` and `right` were sent as
/// DOM keys with keyCode 0, and the run failed only as "the app does not
/// react to keys". Other names (any DOM key: `PageDown`, `a`, `F5`) pass.
fn typo_of(name: &str) -> Option<&'static str> {
    if KEYS.iter().any(|k| k.0 == name) || (name.starts_with('F') && name[1..].chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let lower = name.to_ascii_lowercase();
    KEYS.iter().map(|k| k.0).find(|k| {
        let k = k.to_ascii_lowercase();
        k == lower || (k.len() > 3 && one_edit(&k, &lower))
    })
}

/// At most one insertion, deletion, substitution or swap of neighbours.
fn one_edit(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (ra, rb) = (&a[p..], &b[p..]);
    match (ra.len(), rb.len()) {
        (0, 0) => true,
        (x, y) if x == y => ra[1..] == rb[1..] || (x >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..]),
        (x, y) if x == y + 1 => ra[1..] == *rb,
        (x, y) if y == x + 1 => *ra == rb[1..],
        _ => false,
    }
}

fn is_key_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
}

/// A `checkpoint NAME` line: a screenshot point of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Its name (`checkpoint NAME`; `reel certify` adds `frame N` and `end`).
    pub name: String,
    /// Host frame (1-based) whose screen is taken.
    pub frame: u32,
}

/// A parsed key script.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Script {
    /// The key events, ordered by frame.
    pub keys: Vec<KeyEvent>,
    /// `checkpoint` lines in script order.
    pub checkpoints: Vec<Checkpoint>,
    /// The cursor after the last line: the first frame after the script.
    pub end_cursor: u32,
}

/// `checkpoints` as file names under an output directory:
/// `checkpoint-NN-<slug>.png` (NN: 1-based position in `names`).
pub fn checkpoint_file(index: usize, name: &str) -> String {
    let mut o: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    while o.contains("--") {
        o = o.replace("--", "-");
    }
    format!("checkpoint-{:02}-{}.png", index + 1, o.trim_matches('-'))
}

/// A key-script line that cannot be read: its 1-based line number and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyScriptError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub kind: KeyScriptErrorKind,
}

/// Why a key-script line cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyScriptErrorKind {
    /// `checkpoint` without a name, or with one longer than 64 characters.
    CheckpointName,
    /// A checkpoint name used twice.
    DuplicateCheckpoint(String),
    /// A count or frame that is not a whole number (the word).
    NotANumber(String),
    /// A line that takes the script past [`MAX_SCRIPT_FRAMES`]: the frame
    /// it would reach (counts were added without a bound: `wait
    /// 4294967295` wrapped round, `Right x4294967295` never ended).
    TooLong(u64),
    /// A key name one typo away from a known one (the name, the known one).
    KeyTypo(String, &'static str),
    /// A line not in its instruction's form: what was expected, and the line.
    Syntax {
        /// The form expected (or the reason).
        expected: &'static str,
        /// The line, comment and spaces trimmed.
        text: String,
    },
}

impl std::fmt::Display for KeyScriptError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let line = self.line;
        match &self.kind {
            KeyScriptErrorKind::CheckpointName => {
                write!(f, "key script line {line}: expected `checkpoint NAME` (1-64 characters)")
            }
            KeyScriptErrorKind::DuplicateCheckpoint(name) => {
                write!(f, "key script line {line}: checkpoint `{name}` is named twice")
            }
            KeyScriptErrorKind::NotANumber(word) => write!(f, "key script line {line}: `{word}` is not a whole number"),
            KeyScriptErrorKind::KeyTypo(name, known) => write!(
                f,
                "key script line {line}: unknown key `{name}` (did you mean `{known}`? other names are sent as DOM keys with keyCode 0)"
            ),
            KeyScriptErrorKind::TooLong(frame) => write!(
                f,
                "key script line {line}: reaches frame {frame}; a script ends by frame {MAX_SCRIPT_FRAMES} (an hour at 60 fps)"
            ),
            KeyScriptErrorKind::Syntax { expected, text } => write!(f, "key script line {line}: {expected}: `{text}`"),
        }
    }
}

impl std::error::Error for KeyScriptError {}

/// Parses a key script into events ordered by frame (keydown before keyup
/// within a frame, in script order); `checkpoint` lines are accepted (see
/// [`parse`] for them).
pub fn parse_script(text: &str) -> Result<Vec<KeyEvent>, KeyScriptError> {
    parse(text).map(|s| s.keys)
}

/// The last frame a key script may reach: an hour at 60 fps (a run is
/// emulated frame by frame; a longer one is a typo, not a test).
pub const MAX_SCRIPT_FRAMES: u32 = 216_000;

/// Parses a key script with its checkpoints.
pub fn parse(text: &str) -> Result<Script, KeyScriptError> {
    let mut out = Vec::new();
    let mut checkpoints: Vec<Checkpoint> = Vec::new();
    let mut cursor: u32 = 1;
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let body = raw.split('#').next().unwrap_or("").trim();
        if body.is_empty() {
            continue;
        }
        if let Some(rest) = body.strip_prefix("checkpoint").filter(|r| r.is_empty() || r.starts_with(char::is_whitespace)) {
            let name = rest.trim();
            if name.is_empty() || name.chars().count() > 64 {
                return Err(KeyScriptError { line, kind: KeyScriptErrorKind::CheckpointName });
            }
            if checkpoints.iter().any(|c| c.name == name) {
                return Err(KeyScriptError { line, kind: KeyScriptErrorKind::DuplicateCheckpoint(name.to_string()) });
            }
            checkpoints.push(Checkpoint { name: name.to_string(), frame: cursor.saturating_sub(1).max(1) });
            continue;
        }
        let words: Vec<&str> = body.split_whitespace().collect();
        let err = |expected: &'static str| {
            Err(KeyScriptError { line, kind: KeyScriptErrorKind::Syntax { expected, text: body.to_string() } })
        };
        let num = |s: &str| {
            s.parse::<u32>().map_err(|_| KeyScriptError { line, kind: KeyScriptErrorKind::NotANumber(s.to_string()) })
        };
        // `n` more frames from `from`, within MAX_SCRIPT_FRAMES (checked
        // before any event is made: a huge count allocated for ever).
        let reach = |from: u32, n: u32| {
            let to = u64::from(from) + u64::from(n);
            if to > u64::from(MAX_SCRIPT_FRAMES) + 1 {
                return Err(KeyScriptError { line, kind: KeyScriptErrorKind::TooLong(to - 1) });
            }
            Ok(to as u32)
        };
        let typo = |name: &str| match typo_of(name) {
            Some(known) => Err(KeyScriptError { line, kind: KeyScriptErrorKind::KeyTypo(name.to_string(), known) }),
            None => Ok(()),
        };
        let press = |out: &mut Vec<KeyEvent>, frame: u32, name: &str, repeat: bool| {
            let (key, key_code) = dom_key(name);
            let ev = |down, repeat| KeyEvent {
                frame,
                down,
                name: name.to_string(),
                key: key.clone(),
                key_code,
                repeat,
                line,
            };
            out.push(ev(true, repeat));
            if !repeat {
                out.push(ev(false, false));
            }
        };
        match words[0] {
            "wait" => {
                if words.len() != 2 {
                    return err("expected `wait <frames>`");
                }
                cursor = reach(cursor, num(words[1])?)?;
            }
            "at" => {
                if words.len() < 3 || words.len() > 4 || (words.len() == 4 && words[3] != "repeat")
                {
                    return err("expected `at <frame> <Key> [repeat]`");
                }
                let f = num(words[1])?;
                if f == 0 {
                    return err("frames start at 1");
                }
                if !is_key_name(words[2]) {
                    return err("bad key name");
                }
                typo(words[2])?;
                cursor = reach(f, 1)?;
                press(&mut out, f, words[2], words.len() == 4);
            }
            "hold" => {
                if words.len() != 3 || !is_key_name(words[1]) {
                    return err("expected `hold <Key> <frames>`");
                }
                typo(words[1])?;
                let n = num(words[2])?.max(1);
                let end = reach(cursor, n)?;
                let (key, key_code) = dom_key(words[1]);
                for k in 0..n {
                    out.push(KeyEvent {
                        frame: cursor + k,
                        down: true,
                        name: words[1].into(),
                        key: key.clone(),
                        key_code,
                        repeat: k > 0,
                        line,
                    });
                }
                out.push(KeyEvent {
                    frame: cursor + n - 1,
                    down: false,
                    name: words[1].into(),
                    key,
                    key_code,
                    repeat: false,
                    line,
                });
                cursor = end;
            }
            name if is_key_name(name) => {
                typo(name)?;
                let mut repeat = false;
                let mut times = 1;
                for w in &words[1..] {
                    if *w == "repeat" {
                        repeat = true;
                    } else if let Some(n) = w.strip_prefix('x') {
                        times = num(n)?.max(1);
                    } else {
                        return err("expected `<Key> [repeat] [xN]`");
                    }
                }
                reach(cursor, times)?;
                for _ in 0..times {
                    press(&mut out, cursor, name, repeat);
                    cursor += 1;
                }
            }
            _ => return err("unknown instruction"),
        }
    }
    out.sort_by_key(|e| e.frame); // stable: script order within a frame
    Ok(Script { keys: out, checkpoints, end_cursor: cursor })
}

/// One keydown and what it did to focus.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct KeyLatency {
    /// Host frame of the keydown.
    pub frame: u32,
    /// Emulated time of the keydown, ms.
    pub time_ms: f64,
    /// Script key name.
    pub key: String,
    /// Auto-repeat keydown.
    pub repeat: bool,
    /// Focused node id before the key (`None`: nothing).
    pub focused_before: Option<u32>,
    /// Focused node id after (`None`: focus did not change before the next key; `NONE` = blurred).
    pub focused_after: Option<u32>,
    /// Host frame that first showed the new focus.
    pub shown_frame: Option<u32>,
    /// Key → end of that frame, emulated ms.
    pub latency_ms: Option<f64>,
}

/// The input section of the run summary.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct InputSummary {
    /// Keydowns injected.
    pub keydowns: u32,
    /// Keyups injected.
    pub keyups: u32,
    /// Keydowns that moved focus.
    pub focus_moves: u32,
    /// Latency over the keydowns that moved focus, emulated ms.
    pub latency_ms: Percentiles,
    /// Per keydown.
    pub presses: Vec<KeyLatency>,
}

fn id(v: u32) -> Option<u32> {
    (v != NONE).then_some(v)
}

/// Latency per keydown from the frames of the run (`downs`: (host frame, time, key, repeat)).
pub fn latencies(
    downs: &[(u32, f64, String, bool)],
    frames: &[FrameReport],
    keyups: u32,
) -> InputSummary {
    let mut presses = Vec::new();
    for (i, (frame, t, key, repeat)) in downs.iter().enumerate() {
        let next_t = downs.get(i + 1).map(|d| d.1).unwrap_or(f64::INFINITY);
        let before = frames
            .iter()
            .rev()
            .find(|f| f.stats.time_ms < *t)
            .map(|f| f.stats.focused)
            .unwrap_or(NONE);
        // Keys in the same frame share its frames: only the last one can be told apart.
        let shown = if next_t <= *t {
            None
        } else {
            frames
                .iter()
                .filter(|f| f.stats.time_ms >= *t && f.stats.time_ms < next_t)
                .find(|f| f.stats.focused != before)
        };
        presses.push(KeyLatency {
            frame: *frame,
            time_ms: *t,
            key: key.clone(),
            repeat: *repeat,
            focused_before: id(before),
            focused_after: shown.map(|f| f.stats.focused),
            shown_frame: shown.map(|f| f.frame),
            latency_ms: shown
                .map(|f| ((f.stats.time_ms - t + f.emulated_ms) * 1000.0).round() / 1000.0),
        });
    }
    let ms: Vec<f64> = presses.iter().filter_map(|p| p.latency_ms).collect();
    InputSummary {
        keydowns: downs.len() as u32,
        keyups,
        focus_moves: ms.len() as u32,
        latency_ms: Percentiles::of(&ms),
        presses,
    }
}

impl InputSummary {
    /// Lines for `reel run`'s text summary.
    pub fn to_text(&self) -> String {
        let l = &self.latency_ms;
        format!(
            "input       {} keydowns, {} moved focus; key -> first frame showing it: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms (emulated)\n",
            self.keydowns, self.focus_moves, l.p50, l.p95, l.max
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key one typo from a known one is an error with the fix; other
    /// DOM keys, and the known ones, are taken.
    #[test]
    fn a_typo_in_a_key_name_is_an_error() {
        for (text, name, known) in [
            ("Rigth\n", "Rigth", "Right"),
            ("right x3\n", "right", "Right"),
            ("hold Dwon 5\n", "Dwon", "Down"),
            ("at 5 Entr\n", "Entr", "Enter"),
            ("ok\n", "ok", "OK"),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.kind, KeyScriptErrorKind::KeyTypo(name.into(), known), "{text}");
            assert!(e.to_string().contains(&format!("did you mean `{known}`?")), "{e}");
        }
        let s = parse("Right\nArrowLeft\nPageDown\na\nF5\nF11\nHome\nPaste\nOK\n").expect("known keys and other DOM keys");
        assert_eq!(s.keys.iter().filter(|k| k.down).count(), 9);
    }

    /// Counts are bounded: a script past an hour at 60 fps is an error
    /// naming its line, never a wrapped cursor (keys at frames 1-15, a
    /// checkpoint dropped) or a run that does not end.
    #[test]
    fn a_script_past_the_frame_limit_is_an_error() {
        for (text, line) in [
            ("wait 4294967295\ncheckpoint after\n", 1),
            ("Right\nhold Left 4294967295\n", 2),
            ("at 4294967295 Right\n", 1),
            ("Right x4294967295\n", 1),
            ("wait 1000000000\n", 1),
            ("wait 200000\nwait 16001\n", 2),
        ] {
            let e = parse(text).expect_err(text);
            assert_eq!(e.line, line, "{text}");
            assert!(matches!(e.kind, KeyScriptErrorKind::TooLong(_)), "{text}: {e}");
            assert!(e.to_string().contains("a script ends by frame 216000"), "{e}");
        }
        // Up to the limit is fine.
        let s = parse("wait 215999\nRight\n").expect("at the limit");
        assert_eq!(s.keys[0].frame, MAX_SCRIPT_FRAMES);
    }

    #[test]
    fn parses_scripts() {
        let s = "# demo\nwait 10\nRight x3\nat 30 Down\nEnter\nwait 5\nBack # close\nRight repeat\nhold Left 3\n";
        let ev = parse_script(s).expect("parses");
        let downs: Vec<(u32, &str, bool)> = ev
            .iter()
            .filter(|e| e.down)
            .map(|e| (e.frame, e.name.as_str(), e.repeat))
            .collect();
        assert_eq!(
            downs,
            vec![
                (11, "Right", false),
                (12, "Right", false),
                (13, "Right", false),
                (30, "Down", false),
                (31, "Enter", false),
                (37, "Back", false),
                (38, "Right", true),
                (39, "Left", false),
                (40, "Left", true),
                (41, "Left", true),
            ]
        );
        assert_eq!(ev.iter().filter(|e| !e.down).count(), 7);
        assert_eq!(dom_key("Back"), ("GoBack".to_string(), 461));
        assert_eq!(dom_key("Blue"), ("ColorF3Blue".to_string(), 406));
        assert_eq!(dom_key("F12"), ("F12".to_string(), 123));
        assert_eq!(dom_key("Escape"), ("Escape".to_string(), 27));
        let kind = |s: &str| parse_script(s).expect_err("rejected").kind;
        assert_eq!(kind("jump 3"), KeyScriptErrorKind::Syntax { expected: "expected `<Key> [repeat] [xN]`", text: "jump 3".into() });
        assert_eq!(kind("at x Right"), KeyScriptErrorKind::NotANumber("x".into()));
        assert_eq!(kind("at 0 Right"), KeyScriptErrorKind::Syntax { expected: "frames start at 1", text: "at 0 Right".into() });
        assert_eq!(kind("checkpoint\n"), KeyScriptErrorKind::CheckpointName);
        assert_eq!(kind("checkpoint a\ncheckpoint a"), KeyScriptErrorKind::DuplicateCheckpoint("a".into()));
        assert_eq!(parse_script("Right\nRight x").expect_err("rejected").to_string(), "key script line 2: `` is not a whole number");
    }

    #[test]
    fn checkpoints_are_part_of_the_format() {
        let s = parse("wait 20\ncheckpoint start\nRight x3 # row\nwait 10\ncheckpoint after row\nEnter\n").expect("parses");
        assert_eq!(
            s.checkpoints,
            vec![Checkpoint { name: "start".into(), frame: 20 }, Checkpoint { name: "after row".into(), frame: 33 }]
        );
        assert_eq!(s.end_cursor, 35);
        assert_eq!(parse_script("checkpoint a\nRight\n").expect("keys").len(), 2);
        assert!(parse("checkpoint\n").expect_err("error").to_string().contains("line 1"));
        assert!(parse("checkpoint a\ncheckpoint a\n").expect_err("error").to_string().contains("twice"));
        assert_eq!(checkpoint_file(0, "After row!"), "checkpoint-01-after-row.png");
    }
}
