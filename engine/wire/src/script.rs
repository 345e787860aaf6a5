//! Scene files and recordings: the two on-disk forms of "what an app sent".
//!
//! Both are *host-side* conveniences that produce ordinary protocol-v1
//! batches ([`crate::protocol`]); the engine itself never reads them. They
//! live in the wire crate (rather than in a host) so that every tool — the
//! native `reel` host, conformance tests, benchmarks — turns the same text
//! into the same bytes with the same encoder ([`BatchBuilder`]) and the same
//! property table ([`props::PROPS`]), without compiling the engine.
//!
//! # Scene files (`.scene`)
//!
//! UTF-8 text, one command a line. Blank lines are ignored; a `#` that
//! starts a word (at the start of a line or after whitespace, outside a
//! quoted string) starts a comment that runs to the end of the line, so
//! `color=#ff0000ff` is a colour, not a comment.
//!
//! | line | meaning |
//! |---|---|
//! | `viewport <w> <h>` | optional, before any other command: the viewport the scene was written for |
//! | `create <id> <kind>` | `CREATE`; kind is `view`, `image` or `text` |
//! | `set <id> <name>=<value> ...` | one `SET_PROPS` with every entry on the line, in order |
//! | `text <id> "<text>"` | `SET_TEXT` |
//! | `src <id> "<url>"` | `SET_STR` of the `src` string property |
//! | `str <id> <name> "<value>"` | `SET_STR` of any string property (`fontFamily`, `overflowSuffix`, `src`) |
//! | `insert <parent> <child> [<before>]` | `INSERT`; without `before` (or with `none`) the child is appended |
//! | `remove <id>` | `REMOVE` |
//! | `destroy <id>` | `DESTROY` |
//! | `animate <id> <anim_id> [timing] <name>=<value> ...` | `ANIMATE` the node's properties to the given values |
//! | `transition <id> <name> [timing]` | `TRANSITION`: later writes of the property animate (no duration: remove it) |
//! | `anim-ctrl <anim_id> pause\|resume\|stop\|finish` | `ANIM_CTRL` |
//! | `navigate left\|right\|up\|down` | `NAVIGATE`: move focus spatially |
//! | `focus <id>\|none` | `FOCUS` a node (or blur) |
//! | `pointer <x> <y> move\|click` | `POINTER` at viewport pixels |
//! | `frame <time_ms>` | appends `FRAME` and ends the current batch: every batch is its commands followed by one frame |
//! | `batch` | ends the current batch without a frame (an empty batch is not emitted) |
//!
//! Commands after the last `frame`/`batch` form a final batch without a
//! frame. Batches are numbered (`seq`) from 1 in file order.
//!
//! Property values (names, accepted types and enum names come from
//! [`props::PROPS`]; a value is checked exactly as the engine checks it, so
//! a scene that parses is never rejected by the static validation):
//!
//! | value | meaning |
//! |---|---|
//! | `12`, `-3.5`, `1e3` | a number (`F32`), or an integer for `zIndex` (`I32`) |
//! | `50%` | a percentage of the parent, sent as the fraction `0.5` (`PERCENT`), where the property accepts one |
//! | `auto` | the keyword `auto` where the property accepts it |
//! | `reset` | back to the default (every property) |
//! | `#RRGGBBAA`, `#RRGGBB`, `0xRRGGBBAA` | a colour (`#RRGGBB` is opaque) |
//! | `true`, `false` | a bool (`clipping`, `visible`) |
//! | `flex`, `column`, `space-between`, ... | an enum value by name |
//!
//! A *timing* is any of `duration=<ms>` (default 0), `delay=<ms>`
//! (default 0), `iterations=<n>|forever` (default 1),
//! `direction=normal|reverse|alternate|alternate-reverse` and
//! `easing=linear|ease|ease-in|ease-out|ease-in-out|cubic-bezier(x1,y1,x2,y2)|steps(n[,jump-start])|spring(k,c,m[,v])`
//! (default linear), e.g.
//! `animate 7 1 duration=400 easing=ease-out iterations=forever direction=alternate x=200 alpha=0.5`.
//! These lines are checked with the decoder's own validation, so a bad
//! timing or a property that cannot be animated is reported on its line.
//!
//! Quoted strings (`text`, `src`) accept the escapes `\"`, `\\`, `\n`, `\t`,
//! `\r` and `\u{HEX}`.
//!
//! ```text
//! viewport 1280 720
//! create 1 view
//! set 1 w=100% h=100% color=#101018ff   # background
//! insert 0 1
//! create 2 text
//! text 2 "Hello \"TV\""
//! insert 1 2
//! frame 0
//! set 2 x=40
//! frame 16.667
//! ```
//!
//! # Recordings (`.reelrec`)
//!
//! The exact bytes an app sent, batch by batch, for replay. Little-endian:
//! the magic `RREC` (4 bytes), a `u32` version (`1`), then any number of
//! `[u32 byte_len][byte_len bytes of one batch]` records until the end of
//! the file. Batches are stored as sent — a recording may hold malformed
//! batches on purpose (the engine rejects them on replay).

use core::fmt;

use crate::anim::{self, easing::Easing, Direction, Timing};
use crate::focus::Dir;
use crate::protocol::decode::{as_words, Batch, PropEntry};
use crate::protocol::props::{self, ty, Check, PropSpec, PropValue};
use crate::protocol::{BatchBuilder, NodeKind, NONE};

/// A parsed scene file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    /// The `viewport` line, if any.
    pub viewport: Option<(u32, u32)>,
    /// Protocol-v1 batches in order; `seq` numbers start at 1.
    pub batches: Vec<Vec<u8>>,
}

/// A scene-file line that could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    /// 1-based line number.
    pub line: usize,
    /// What is wrong with it.
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ScriptError {}

/// Longest string a single command can carry: a command is at most 65535
/// words, of which the header, the id(s) and the length take up to 4.
const MAX_STRING_BYTES: usize = (u16::MAX as usize - 4) * 4;
/// Most property entries one `set` line may carry (same word limit).
const MAX_PROPS_PER_LINE: usize = (u16::MAX as usize - 2) / 2;

/// Parses a scene file into batches.
pub fn parse_scene(text: &str) -> Result<Scene, ScriptError> {
    let mut scene = Scene::default();
    let mut seq: u32 = 1;
    let mut builder = BatchBuilder::new(seq);
    let mut seen_command = false;

    for (index, raw_line) in text.lines().enumerate() {
        let line = index + 1;
        let err = |message: String| ScriptError { line, message };
        let words = tokenize(raw_line).map_err(err)?;
        let Some((cmd, args)) = words.split_first() else { continue };
        let cmd = match cmd {
            Token::Word(w) => w.as_str(),
            Token::Quoted(_) => return Err(err("a line must start with a command name, not a string".into())),
        };
        match cmd {
            "viewport" => {
                if scene.viewport.is_some() {
                    return Err(err("`viewport` given twice".into()));
                }
                if seen_command {
                    return Err(err("`viewport` must come before every other command".into()));
                }
                expect_args(args, 2, 2, "viewport <width> <height>").map_err(err)?;
                let w = parse_u32(&args[0], "width").map_err(err)?;
                let h = parse_u32(&args[1], "height").map_err(err)?;
                if !(1..=crate::protocol::MAX_VIEWPORT).contains(&w) || !(1..=crate::protocol::MAX_VIEWPORT).contains(&h) {
                    return Err(err(format!("viewport {w}x{h} is out of range (1..=16384 each)")));
                }
                scene.viewport = Some((w, h));
            }
            "create" => {
                expect_args(args, 2, 2, "create <id> view|image|text|video").map_err(err)?;
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let kind = match word(&args[1]).map_err(err)? {
                    "view" => NodeKind::View,
                    "image" => NodeKind::Image,
                    "text" => NodeKind::Text,
                    "video" => NodeKind::Video,
                    other => {
                        return Err(err(format!("unknown node kind `{other}` (expected view, image, text or video)")))
                    }
                };
                builder.create(id, kind);
            }
            "set" => {
                if args.len() < 2 {
                    return Err(err("usage: set <id> <name>=<value> ...".into()));
                }
                if args.len() - 1 > MAX_PROPS_PER_LINE {
                    return Err(err(format!("more than {MAX_PROPS_PER_LINE} properties on one line")));
                }
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let mut entries = Vec::with_capacity(args.len() - 1);
                for a in &args[1..] {
                    entries.push(parse_assignment(a).map_err(err)?);
                }
                builder.set_props(id, &entries);
            }
            "text" => {
                expect_args(args, 2, 2, "text <id> \"<text>\"").map_err(err)?;
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let s = quoted(&args[1], "text").map_err(err)?;
                builder.set_text(id, s);
            }
            "str" => {
                expect_args(args, 3, 3, "str <id> <name> \"<value>\"").map_err(err)?;
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let name = word(&args[1]).map_err(err)?;
                let key = props::string_prop_by_name(name)
                    .ok_or_else(|| err(format!("unknown string property `{name}`")))?;
                let s = quoted(&args[2], "value").map_err(err)?;
                builder.set_str(id, key, s);
            }
            "src" => {
                expect_args(args, 2, 2, "src <id> \"<url>\"").map_err(err)?;
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let s = quoted(&args[1], "src").map_err(err)?;
                let key = props::string_prop_by_name("src")
                    .ok_or_else(|| err("this engine has no `src` string property".into()))?;
                builder.set_str(id, key, s);
            }
            "insert" => {
                expect_args(args, 2, 3, "insert <parent> <child> [<before>]").map_err(err)?;
                let parent = parse_u32(&args[0], "parent").map_err(err)?;
                let child = parse_u32(&args[1], "child").map_err(err)?;
                let before = match args.get(2) {
                    None => NONE,
                    Some(t) if word(t).map(|w| w == "none").unwrap_or(false) => NONE,
                    Some(t) => parse_u32(t, "before").map_err(err)?,
                };
                builder.insert(parent, child, before);
            }
            "remove" => {
                expect_args(args, 1, 1, "remove <id>").map_err(err)?;
                builder.remove(parse_u32(&args[0], "id").map_err(err)?);
            }
            "destroy" => {
                expect_args(args, 1, 1, "destroy <id>").map_err(err)?;
                builder.destroy(parse_u32(&args[0], "id").map_err(err)?);
            }
            "animate" => {
                if args.len() < 3 {
                    return Err(err("usage: animate <id> <anim_id> [timing] <name>=<value> ...".into()));
                }
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let anim_id = parse_u32(&args[1], "anim_id").map_err(err)?;
                let (timing, targets) = parse_timing(&args[2..], true).map_err(err)?;
                if targets.is_empty() {
                    return Err(err("an animation needs at least one <name>=<value> target".into()));
                }
                let mut one = BatchBuilder::new(0);
                one.animate(id, anim_id, &timing, &targets);
                check_alone(&one).map_err(err)?;
                builder.animate(id, anim_id, &timing, &targets);
            }
            "transition" => {
                if args.len() < 2 {
                    return Err(err("usage: transition <id> <name> [timing]".into()));
                }
                let id = parse_u32(&args[0], "id").map_err(err)?;
                let name = word(&args[1]).map_err(err)?;
                let spec = props::by_name(name).ok_or_else(|| err(format!("unknown property `{name}`")))?;
                let (timing, _) = parse_timing(&args[2..], false).map_err(err)?;
                let mut one = BatchBuilder::new(0);
                one.transition(id, spec.key, &timing);
                check_alone(&one).map_err(err)?;
                builder.transition(id, spec.key, &timing);
            }
            "anim-ctrl" => {
                expect_args(args, 2, 2, "anim-ctrl <anim_id> pause|resume|stop|finish").map_err(err)?;
                let anim_id = parse_u32(&args[0], "anim_id").map_err(err)?;
                let action = match word(&args[1]).map_err(err)? {
                    "pause" => anim::ctrl::PAUSE,
                    "resume" => anim::ctrl::RESUME,
                    "stop" => anim::ctrl::STOP,
                    "finish" => anim::ctrl::FINISH,
                    other => {
                        return Err(err(format!("unknown action `{other}` (expected pause, resume, stop or finish)")))
                    }
                };
                builder.anim_ctrl(anim_id, action);
            }
            "navigate" => {
                expect_args(args, 1, 1, "navigate left|right|up|down").map_err(err)?;
                let dir = match word(&args[0]).map_err(err)? {
                    "left" => Dir::Left,
                    "right" => Dir::Right,
                    "up" => Dir::Up,
                    "down" => Dir::Down,
                    other => return Err(err(format!("unknown direction `{other}` (expected left, right, up or down)"))),
                };
                builder.navigate(dir);
            }
            "focus" => {
                expect_args(args, 1, 1, "focus <id>|none").map_err(err)?;
                let id = match word(&args[0]).map_err(err)? {
                    "none" => NONE,
                    _ => parse_u32(&args[0], "id").map_err(err)?,
                };
                builder.focus(id);
            }
            "pointer" => {
                expect_args(args, 3, 3, "pointer <x> <y> move|click").map_err(err)?;
                let x = parse_f32(word(&args[0]).map_err(err)?, "x").map_err(err)?;
                let y = parse_f32(word(&args[1]).map_err(err)?, "y").map_err(err)?;
                let action = match word(&args[2]).map_err(err)? {
                    "move" => 0,
                    "click" => 1,
                    other => return Err(err(format!("unknown pointer action `{other}` (expected move or click)"))),
                };
                let mut one = BatchBuilder::new(0);
                one.pointer(x, y, action);
                check_alone(&one).map_err(err)?;
                builder.pointer(x, y, action);
            }
            "frame" => {
                expect_args(args, 1, 1, "frame <time_ms>").map_err(err)?;
                let w = word(&args[0]).map_err(err)?;
                let t: f64 = w.parse().map_err(|_| err(format!("frame time `{w}` is not a number")))?;
                if !t.is_finite() || t < 0.0 {
                    return Err(err(format!("frame time `{w}` must be a finite number >= 0")));
                }
                builder.frame(t);
                scene.batches.push(builder.finish());
                seq = seq.wrapping_add(1);
                builder = BatchBuilder::new(seq);
            }
            "batch" => {
                expect_args(args, 0, 0, "batch").map_err(err)?;
                if !builder.is_empty() {
                    scene.batches.push(builder.finish());
                    seq = seq.wrapping_add(1);
                    builder = BatchBuilder::new(seq);
                }
            }
            other => {
                return Err(err(format!(
                    "unknown command `{other}` (expected viewport, create, set, text, src, insert, remove, destroy, animate, transition, anim-ctrl, navigate, focus, pointer, frame or batch)"
                )))
            }
        }
        seen_command = true;
    }
    if !builder.is_empty() {
        scene.batches.push(builder.finish());
    }
    Ok(scene)
}

/// A word of a line.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    /// Unquoted.
    Word(String),
    /// A quoted string, escapes resolved.
    Quoted(String),
}

fn tokenize(line: &str) -> Result<Vec<Token>, String> {
    let mut out = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let Some(&c) = chars.peek() else { break };
        if c == '#' {
            break;
        }
        if c == '"' {
            chars.next();
            let mut s = String::new();
            let mut closed = false;
            while let Some(c) = chars.next() {
                match c {
                    '"' => {
                        closed = true;
                        break;
                    }
                    '\\' => match chars.next() {
                        Some('"') => s.push('"'),
                        Some('\\') => s.push('\\'),
                        Some('n') => s.push('\n'),
                        Some('t') => s.push('\t'),
                        Some('r') => s.push('\r'),
                        Some('u') => {
                            if chars.next() != Some('{') {
                                return Err("`\\u` must be followed by `{HEX}`".into());
                            }
                            let mut hex = String::new();
                            loop {
                                match chars.next() {
                                    Some('}') => break,
                                    Some(h) if h.is_ascii_hexdigit() && hex.len() < 6 => hex.push(h),
                                    _ => return Err("bad `\\u{HEX}` escape".into()),
                                }
                            }
                            let ch = u32::from_str_radix(&hex, 16)
                                .ok()
                                .and_then(char::from_u32)
                                .ok_or_else(|| format!("`\\u{{{hex}}}` is not a character"))?;
                            s.push(ch);
                        }
                        Some(other) => return Err(format!("unknown escape `\\{other}` in string")),
                        None => return Err("string ends with a lone `\\`".into()),
                    },
                    c => s.push(c),
                }
            }
            if !closed {
                return Err("unterminated string (missing closing `\"`)".into());
            }
            if chars.peek().is_some_and(|c| !c.is_whitespace()) {
                return Err("a closing `\"` must be followed by whitespace or the end of the line".into());
            }
            out.push(Token::Quoted(s));
        } else {
            let mut s = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                if c == '"' {
                    return Err(format!("unexpected `\"` inside `{s}`: strings must be separate words"));
                }
                s.push(c);
                chars.next();
            }
            out.push(Token::Word(s));
        }
    }
    Ok(out)
}

fn expect_args(args: &[Token], min: usize, max: usize, usage: &str) -> Result<(), String> {
    if args.len() < min || args.len() > max {
        Err(format!("usage: {usage}"))
    } else {
        Ok(())
    }
}

fn word(t: &Token) -> Result<&str, String> {
    match t {
        Token::Word(w) => Ok(w),
        Token::Quoted(q) => Err(format!("expected a plain word, found the string \"{q}\"")),
    }
}

fn quoted<'a>(t: &'a Token, what: &str) -> Result<&'a str, String> {
    match t {
        Token::Quoted(q) if q.len() <= MAX_STRING_BYTES => Ok(q),
        Token::Quoted(q) => Err(format!("{what} is {} bytes; a command holds at most {MAX_STRING_BYTES}", q.len())),
        Token::Word(w) => Err(format!("{what} must be a quoted string, e.g. \"{w}\"")),
    }
}

fn parse_u32(t: &Token, what: &str) -> Result<u32, String> {
    let w = word(t)?;
    w.parse::<u32>().map_err(|_| format!("{what} `{w}` is not an unsigned 32-bit integer"))
}

/// Parses `name=value` into a property entry, checked like the engine does.
fn parse_assignment(t: &Token) -> Result<(u16, PropValue), String> {
    let w = word(t)?;
    let (name, value) = w
        .split_once('=')
        .ok_or_else(|| format!("expected <name>=<value>, found `{w}`"))?;
    let spec = match props::by_name(name) {
        Some(s) => s,
        None if props::string_prop_by_name(name).is_some() => {
            return Err(format!("`{name}` is a string property: use `{name} <id> \"...\"` on its own line"))
        }
        None => return Err(format!("unknown property `{name}`")),
    };
    let v = parse_value(spec, value)?;
    // Same check as the engine's validation: a scene that parses is never
    // rejected statically.
    PropEntry::new(spec.key, v)
        .decode()
        .map_err(|k| format!("`{name}={value}`: {k}"))?;
    Ok((spec.key, v))
}

fn accepts(spec: &PropSpec, t: u16) -> bool {
    spec.accepts & (1 << t) != 0
}

fn parse_value(spec: &PropSpec, v: &str) -> Result<PropValue, String> {
    let name = spec.name;
    if v.is_empty() {
        return Err(format!("`{name}=` has no value"));
    }
    if v == "reset" {
        return Ok(PropValue::Reset);
    }
    if v == "auto" {
        return if accepts(spec, ty::AUTO) {
            Ok(PropValue::Auto)
        } else {
            Err(format!("property `{name}` does not accept `auto`"))
        };
    }
    if let Some(num) = v.strip_suffix('%') {
        if !accepts(spec, ty::PERCENT) {
            return Err(format!("property `{name}` does not accept a percentage"));
        }
        // The wire carries a fraction of the parent's size: 50% is 0.5.
        return parse_f32(num, name).map(|p| PropValue::Percent(p / 100.0));
    }
    match spec.check {
        Check::Enum(_) => {
            return spec
                .enum_names
                .iter()
                .position(|n| *n == v)
                .map(|i| PropValue::U32(i as u32))
                .ok_or_else(|| format!("`{v}` is not a value of `{name}` (expected one of: {})", spec.enum_names.join(", ")));
        }
        Check::Bool => {
            return match v {
                "true" => Ok(PropValue::U32(1)),
                "false" => Ok(PropValue::U32(0)),
                _ => Err(format!("property `{name}` takes true or false, not `{v}`")),
            };
        }
        Check::Color => return parse_color(v).map(PropValue::U32).map_err(|m| format!("`{name}`: {m}")),
        _ => {}
    }
    if accepts(spec, ty::I32) {
        return v
            .parse::<i32>()
            .map(PropValue::I32)
            .map_err(|_| format!("property `{name}` takes an integer, not `{v}`"));
    }
    if accepts(spec, ty::F32) {
        return parse_f32(v, name).map(PropValue::F32);
    }
    if accepts(spec, ty::U32) {
        return v
            .parse::<u32>()
            .map(PropValue::U32)
            .map_err(|_| format!("property `{name}` takes an unsigned integer, not `{v}`"));
    }
    Err(format!("cannot read `{v}` as a value of `{name}`"))
}

fn parse_f32(s: &str, name: &str) -> Result<f32, String> {
    let x: f32 = s.parse().map_err(|_| format!("property `{name}`: `{s}` is not a number"))?;
    if !x.is_finite() {
        return Err(format!("property `{name}`: `{s}` is not finite"));
    }
    Ok(x)
}

/// `#RRGGBBAA`, `#RRGGBB` (opaque) or `0xRRGGBBAA` → `0xRRGGBBAA`.
fn parse_color(s: &str) -> Result<u32, String> {
    let (hex, opaque_if_6) = if let Some(h) = s.strip_prefix('#') {
        (h, true)
    } else if let Some(h) = s.strip_prefix("0x").or_else(|| s.strip_prefix("0X")) {
        (h, false)
    } else {
        return Err(format!("colour `{s}` must be #RRGGBBAA, #RRGGBB or 0xRRGGBBAA"));
    };
    if hex.is_empty() || hex.len() > 8 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return Err(format!("colour `{s}` must be #RRGGBBAA, #RRGGBB or 0xRRGGBBAA"));
    }
    if opaque_if_6 && hex.len() != 6 && hex.len() != 8 {
        return Err(format!("colour `{s}` must have 6 or 8 hex digits"));
    }
    let v = u32::from_str_radix(hex, 16).map_err(|_| format!("colour `{s}` is not hex"))?;
    Ok(if opaque_if_6 && hex.len() == 6 { (v << 8) | 0xFF } else { v })
}

/// Validates a one-command batch exactly as the engine would (for commands
/// whose checks live in the decoder: timings, animation targets, pointers).
fn check_alone(one: &BatchBuilder) -> Result<(), String> {
    let bytes = one.finish();
    let mut scratch = Vec::new();
    let words = as_words(&bytes, &mut scratch).map_err(|k| k.to_string())?;
    let batch = Batch::parse(words).map_err(|e| e.kind.to_string())?;
    batch.validate().map(|_| ()).map_err(|e| e.kind.to_string())
}

/// Splits `key=value` words into a timing (`duration`, `delay`,
/// `iterations`, `direction`, `easing`) and, when `targets` is set,
/// property assignments.
fn parse_timing(args: &[Token], targets: bool) -> Result<(Timing, Vec<(u16, PropValue)>), String> {
    let mut t = Timing { duration_ms: 0.0, delay_ms: 0.0, iterations: 1, direction: Direction::Normal, easing: Easing::Linear };
    let mut out = Vec::new();
    for a in args {
        let w = word(a)?;
        let (k, v) = w.split_once('=').ok_or_else(|| format!("expected <name>=<value>, found `{w}`"))?;
        match k {
            "duration" => t.duration_ms = parse_ms(v, k)?,
            "delay" => t.delay_ms = parse_ms(v, k)?,
            "iterations" => {
                t.iterations = match v {
                    "forever" | "infinite" => u32::MAX,
                    _ => v.parse().ok().filter(|&n| n > 0).ok_or_else(|| format!("iterations `{v}` must be a positive integer or `forever`"))?,
                }
            }
            "direction" => {
                t.direction = match v {
                    "normal" => Direction::Normal,
                    "reverse" => Direction::Reverse,
                    "alternate" => Direction::Alternate,
                    "alternate-reverse" => Direction::AlternateReverse,
                    _ => return Err(format!("direction `{v}` (expected normal, reverse, alternate or alternate-reverse)")),
                }
            }
            "easing" => t.easing = parse_easing(v)?,
            _ if targets => out.push(parse_assignment(a)?),
            _ => return Err(format!("unknown timing key `{k}` (expected duration, delay, iterations, direction or easing)")),
        }
    }
    Ok((t, out))
}

fn parse_ms(v: &str, what: &str) -> Result<f32, String> {
    let n = v.strip_suffix("ms").unwrap_or(v);
    parse_f32(n, what)
}

/// `linear`, `ease`, `ease-in`, `ease-out`, `ease-in-out`,
/// `cubic-bezier(x1,y1,x2,y2)`, `steps(n[,jump-start|jump-end])`,
/// `spring(stiffness,damping,mass[,velocity])`.
fn parse_easing(v: &str) -> Result<Easing, String> {
    let bad = || {
        format!(
            "easing `{v}` (expected linear, ease, ease-in, ease-out, ease-in-out, cubic-bezier(x1,y1,x2,y2), \
             steps(n[,jump-start]) or spring(stiffness,damping,mass[,velocity]))"
        )
    };
    let (name, params) = match v.split_once('(') {
        Some((n, rest)) => (n, Some(rest.strip_suffix(')').ok_or_else(bad)?)),
        None => (v, None),
    };
    let nums = |p: &str, min: usize, max: usize| -> Result<Vec<f32>, String> {
        let parts: Vec<&str> = p.split(',').map(str::trim).collect();
        if parts.len() < min || parts.len() > max {
            return Err(bad());
        }
        parts.iter().map(|x| parse_f32(x, "easing")).collect()
    };
    let e = match (name, params) {
        ("linear", None) => Easing::Linear,
        ("ease", None) => Easing::EASE,
        ("ease-in", None) => Easing::EASE_IN,
        ("ease-out", None) => Easing::EASE_OUT,
        ("ease-in-out", None) => Easing::EASE_IN_OUT,
        ("cubic-bezier", Some(p)) => {
            let n = nums(p, 4, 4)?;
            Easing::CubicBezier(n[0], n[1], n[2], n[3])
        }
        ("steps", Some(p)) => {
            let (count, pos) = match p.split_once(',') {
                Some((c, pos)) => (c.trim(), Some(pos.trim())),
                None => (p.trim(), None),
            };
            let n: u32 = count.parse().map_err(|_| bad())?;
            let start = match pos {
                None | Some("jump-end") | Some("end") => false,
                Some("jump-start") | Some("start") => true,
                Some(_) => return Err(bad()),
            };
            Easing::Steps { n, start }
        }
        ("spring", Some(p)) => {
            let n = nums(p, 3, 4)?;
            Easing::Spring { stiffness: n[0], damping: n[1], mass: n[2], velocity: n.get(3).copied().unwrap_or(0.0) }
        }
        _ => return Err(bad()),
    };
    let (kind, params) = e.to_wire();
    Easing::from_wire(kind, params).map_err(|_| format!("easing `{v}`: parameters out of range"))
}

// ---------------------------------------------------------------------------
// Recordings
// ---------------------------------------------------------------------------

/// Magic at the start of a `.reelrec` file.
pub const RECORDING_MAGIC: [u8; 4] = *b"RREC";
/// Recording format version.
pub const RECORDING_VERSION: u32 = 1;

/// A recording that cannot be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordingError {
    /// Does not start with `RREC`.
    BadMagic,
    /// A version this reader does not know.
    UnsupportedVersion(u32),
    /// The file ends inside the header, a length or a batch.
    Truncated {
        /// Byte offset of the record (or header) that is cut short.
        offset: usize,
        /// Bytes it needs.
        needed: usize,
        /// Bytes left.
        got: usize,
    },
}

impl fmt::Display for RecordingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::BadMagic => write!(f, "not a Reel recording (it does not start with \"RREC\")"),
            Self::UnsupportedVersion(v) => write!(f, "recording version {v} is not supported (this reader knows 1)"),
            Self::Truncated { offset, needed, got } => {
                write!(f, "recording truncated at byte {offset}: need {needed} bytes, {got} left")
            }
        }
    }
}

impl std::error::Error for RecordingError {}

/// True when `bytes` start like a recording (for tools that accept either a
/// scene file or a recording).
pub fn is_recording(bytes: &[u8]) -> bool {
    bytes.starts_with(&RECORDING_MAGIC)
}

/// Reads every batch of a recording.
pub fn read_recording(bytes: &[u8]) -> Result<Vec<Vec<u8>>, RecordingError> {
    if bytes.len() < 4 || bytes[..4] != RECORDING_MAGIC {
        return Err(RecordingError::BadMagic);
    }
    let u32_at = |off: usize| -> Result<u32, RecordingError> {
        let b = bytes
            .get(off..off + 4)
            .ok_or(RecordingError::Truncated { offset: off, needed: 4, got: bytes.len().saturating_sub(off) })?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let version = u32_at(4)?;
    if version != RECORDING_VERSION {
        return Err(RecordingError::UnsupportedVersion(version));
    }
    let mut off = 8;
    let mut out = Vec::new();
    while off < bytes.len() {
        let len = u32_at(off)? as usize;
        let start = off + 4;
        let rest = bytes.len() - start;
        if len > rest {
            return Err(RecordingError::Truncated { offset: off, needed: 4 + len, got: rest + 4 });
        }
        out.push(bytes[start..start + len].to_vec());
        off = start + len;
    }
    Ok(out)
}

/// Writes a recording of `batches` to `w`.
pub fn write_recording<W: std::io::Write, B: AsRef<[u8]>>(mut w: W, batches: &[B]) -> std::io::Result<()> {
    w.write_all(&RECORDING_MAGIC)?;
    w.write_all(&RECORDING_VERSION.to_le_bytes())?;
    for b in batches {
        let b = b.as_ref();
        let len = u32::try_from(b.len())
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "batch larger than 4 GiB"))?;
        w.write_all(&len.to_le_bytes())?;
        w.write_all(b)?;
    }
    Ok(())
}

/// A recording of `batches` as bytes.
pub fn recording_bytes<B: AsRef<[u8]>>(batches: &[B]) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec cannot fail; a >4 GiB batch cannot exist in a
    // wasm32 engine, and natively we simply stop at it.
    let _ = write_recording(&mut out, batches);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::decode::{as_words, Batch, Command};

    fn commands(batch: &[u8]) -> Vec<String> {
        let mut scratch = Vec::new();
        let words = as_words(batch, &mut scratch).expect("words");
        let b = Batch::parse(words).expect("header");
        b.validate().expect("valid");
        b.commands().map(|c| format!("{:?}", c.expect("cmd"))).collect()
    }

    fn err_line(text: &str) -> (usize, String) {
        match parse_scene(text) {
            Ok(s) => panic!("expected an error, got {} batches", s.batches.len()),
            Err(e) => (e.line, e.message),
        }
    }

    #[test]
    fn full_scene() {
        let text = r#"
# a comment
viewport 1920 1080
create 1 view   # trailing comment
set 1 x=10 y=20 w=100 h=50% color=#ff0000ff alpha=0.5 display=flex flexDirection=column w=auto zIndex=-2 clipping=true
insert 0 1
create 5 text
text 5 "Hello \"quoted\" # not a comment"
insert 1 5
create 7 image
src 7 "poster.png"
insert 1 7 5
frame 0
set 1 x=reset colorTop=#00ff00 colorBottom=0x0000ffff
batch
remove 7
destroy 7
frame 16.5
create 9 view
"#;
        let s = parse_scene(text).expect("parses");
        assert_eq!(s.viewport, Some((1920, 1080)));
        assert_eq!(s.batches.len(), 4);
        let b0 = commands(&s.batches[0]);
        assert_eq!(b0.len(), 10);
        assert!(b0[0].starts_with("Create { id: 1, kind: View"));
        assert!(b0.last().is_some_and(|c| c.contains("Frame { time_ms: 0.0 }")));
        assert!(b0.iter().any(|c| c.contains("Hello \\\"quoted\\\" # not a comment")));
        assert!(b0.iter().any(|c| c.contains("Insert { parent: 1, child: 7, before: 5 }")));
        assert!(b0.iter().any(|c| c.contains("Insert { parent: 0, child: 1, before: 4294967295 }")));
        assert_eq!(commands(&s.batches[1]).len(), 1);
        assert_eq!(commands(&s.batches[2]).len(), 3);
        assert_eq!(commands(&s.batches[3]).len(), 1);
        // seq numbers.
        for (i, b) in s.batches.iter().enumerate() {
            assert_eq!(u32::from_le_bytes([b[8], b[9], b[10], b[11]]), i as u32 + 1);
        }
    }

    #[test]
    fn property_values_are_encoded() {
        let s = parse_scene("set 3 w=50% h=auto color=#11223344 zIndex=-2 clipping=true flexDirection=column alpha=reset colorTl=#112233")
            .expect("parses");
        let mut scratch = Vec::new();
        let words = as_words(&s.batches[0], &mut scratch).expect("words");
        let b = Batch::parse(words).expect("header");
        let cmd = b.commands().next().expect("one").expect("ok");
        let Command::SetProps { id, props: entries } = cmd else { panic!("not set_props") };
        assert_eq!(id, 3);
        let vals: Vec<_> = entries.iter().map(|e| (e.key, e.decode().expect("valid"))).collect();
        use props::key::*;
        assert_eq!(
            vals,
            vec![
                (W, PropValue::Percent(0.5)),
                (H, PropValue::Auto),
                (COLOR, PropValue::U32(0x11223344)),
                (Z_INDEX, PropValue::I32(-2)),
                (CLIPPING, PropValue::U32(1)),
                (FLEX_DIRECTION, PropValue::U32(1)),
                (ALPHA, PropValue::Reset),
                (COLOR_TL, PropValue::U32(0x112233FF)),
            ]
        );
    }

    #[test]
    fn empty_and_comment_only() {
        let s = parse_scene("\n# nothing\n   \n").expect("parses");
        assert_eq!(s, Scene::default());
        let s = parse_scene("batch\nbatch\n").expect("parses");
        assert!(s.batches.is_empty());
    }

    #[test]
    fn bad_lines() {
        let cases: &[(&str, usize, &str)] = &[
            ("create 1 view\nfly 2", 2, "unknown command `fly`"),
            ("create 1 box", 1, "unknown node kind `box`"),
            ("create x view", 1, "id `x`"),
            ("create -1 view", 1, "id `-1`"),
            ("create 1", 1, "usage: create"),
            ("set 1", 1, "usage: set"),
            ("set 1 x", 1, "expected <name>=<value>"),
            ("set 1 bogus=1", 1, "unknown property `bogus`"),
            ("set 1 x=abc", 1, "not a number"),
            ("set 1 x=50%", 1, "does not accept a percentage"),
            ("set 1 x=auto", 1, "does not accept `auto`"),
            ("set 1 alpha=2", 1, "out of range"),
            ("set 1 w=-5", 1, "out of range"),
            ("set 1 x=inf", 1, "not finite"),
            ("set 1 x=NaN", 1, "not finite"),
            ("set 1 color=red", 1, "colour `red`"),
            ("set 1 color=#12345", 1, "6 or 8 hex digits"),
            ("set 1 color=#gg0000", 1, "colour"),
            ("set 1 clipping=yes", 1, "true or false"),
            ("set 1 display=grid", 1, "expected one of: scene, flex, none"),
            ("set 1 zIndex=1.5", 1, "integer"),
            ("set 1 x=", 1, "has no value"),
            ("set 1 src=a.png", 1, "string property"),
            ("text 5 hello", 1, "quoted string"),
            ("text 5 \"unterminated", 1, "unterminated string"),
            ("text 5 \"bad \\q escape\"", 1, "unknown escape"),
            ("text 5 \"a\"b", 1, "closing"),
            ("text 5 ab\"c\"", 1, "unexpected"),
            ("src 5", 1, "usage: src"),
            ("insert 1", 1, "usage: insert"),
            ("insert 1 2 3 4", 1, "usage: insert"),
            ("insert 1 2 x", 1, "before `x`"),
            ("remove", 1, "usage: remove"),
            ("destroy 1 2", 1, "usage: destroy"),
            ("frame", 1, "usage: frame"),
            ("frame soon", 1, "not a number"),
            ("frame -1", 1, ">= 0"),
            ("frame inf", 1, "finite"),
            ("batch now", 1, "usage: batch"),
            ("create 1 view\nviewport 10 10", 2, "before every other command"),
            ("viewport 0 10", 1, "out of range"),
            ("viewport 10", 1, "usage: viewport"),
            ("viewport 10 10\nviewport 10 10", 2, "twice"),
            ("\"create\" 1 view", 1, "command name"),
            ("create 1 \"view\"", 1, "plain word"),
        ];
        for (text, line, needle) in cases {
            let (l, m) = err_line(text);
            assert_eq!(l, *line, "line for {text:?}: {m}");
            assert!(m.contains(needle), "message for {text:?} was {m:?}, expected it to contain {needle:?}");
        }
    }

    #[test]
    fn animation_focus_and_input_commands() {
        let text = "animate 7 1 duration=400ms delay=50 easing=ease-out iterations=forever direction=alternate x=200 alpha=0.5 color=#ff0000ff
animate 7 2 easing=spring(170,26,1) scale=1.2
animate 7 3 duration=100 easing=cubic-bezier(0.2,0,0.2,1) y=5
animate 7 4 duration=100 easing=steps(4,jump-start) y=5
transition 7 x duration=300 easing=ease
transition 7 x
anim-ctrl 1 pause
anim-ctrl 1 finish
navigate right
focus 7
focus none
pointer 10.5 20 click
frame 0";
        let s = parse_scene(text).expect("parses");
        let c = commands(&s.batches[0]);
        assert_eq!(c.len(), 13);
        assert!(c[0].starts_with("Animate"), "{}", c[0]);
        assert!(c[4].starts_with("Transition"), "{}", c[4]);
        assert!(c[6].starts_with("AnimCtrl"), "{}", c[6]);
        assert!(c[8].starts_with("Navigate"), "{}", c[8]);
        assert!(c[9].starts_with("Focus"), "{}", c[9]);
        assert!(c[11].starts_with("Pointer"), "{}", c[11]);

        let bad: &[(&str, &str)] = &[
            ("animate 7 1", "usage: animate"),
            ("animate 7 1 duration=100 easing=linear", "at least one"),
            ("animate 7 1 duration=-5 x=1", "duration"),
            ("animate 7 1 duration=100 iterations=0 x=1", "iterations"),
            ("animate 7 1 duration=100 direction=sideways x=1", "direction `sideways`"),
            ("animate 7 1 duration=100 easing=bouncy x=1", "easing `bouncy`"),
            ("animate 7 1 duration=100 easing=cubic-bezier(2,0,0,1) x=1", "out of range"),
            ("animate 7 1 duration=100 easing=steps(0) x=1", "out of range"),
            ("animate 7 1 duration=100 display=flex", "animat"),
            ("animate 7 1 duration=100 bogus=1", "unknown property `bogus`"),
            ("transition 7 bogus duration=1", "unknown property `bogus`"),
            ("transition 7 x x=1", "unknown timing key `x`"),
            ("anim-ctrl 1 rewind", "unknown action `rewind`"),
            ("navigate back", "unknown direction `back`"),
            ("focus me", "id `me`"),
            ("pointer 1 2 tap", "unknown pointer action `tap`"),
            ("pointer 1 inf click", "not finite"),
        ];
        for (line, needle) in bad {
            let (l, m) = err_line(line);
            assert_eq!(l, 1);
            assert!(m.contains(needle), "{line:?}: {m:?} should contain {needle:?}");
        }
    }

    #[test]
    fn error_display_names_the_line() {
        let e = parse_scene("create 1 view\n\nset 1 bogus=1").expect_err("bad");
        assert_eq!(e.to_string(), "line 3: unknown property `bogus`");
    }

    #[test]
    fn escapes() {
        let s = parse_scene("text 1 \"a\\nb\\t\\\\\\u{e9}\"").expect("parses");
        let c = commands(&s.batches[0]);
        assert!(c[0].contains("a\\nb\\t\\\\é"), "{}", c[0]);
        let (_, m) = err_line("text 1 \"\\u{110000}\"");
        assert!(m.contains("not a character"), "{m}");
    }

    #[test]
    fn recording_round_trip() {
        let s = parse_scene("create 1 view\ninsert 0 1\nframe 0\nset 1 x=5\nframe 16").expect("parses");
        let bytes = recording_bytes(&s.batches);
        assert!(is_recording(&bytes));
        assert_eq!(&bytes[..4], b"RREC");
        assert_eq!(read_recording(&bytes), Ok(s.batches.clone()));
        // Empty recording.
        let empty: &[Vec<u8>] = &[];
        assert_eq!(read_recording(&recording_bytes(empty)), Ok(vec![]));
    }

    #[test]
    fn bad_recordings() {
        assert_eq!(read_recording(b""), Err(RecordingError::BadMagic));
        assert_eq!(read_recording(b"RREX\x01\0\0\0"), Err(RecordingError::BadMagic));
        assert_eq!(read_recording(b"RREC\x02\0\0\0"), Err(RecordingError::UnsupportedVersion(2)));
        assert!(matches!(read_recording(b"RREC\x01\0"), Err(RecordingError::Truncated { offset: 4, .. })));
        assert!(matches!(read_recording(b"RREC\x01\0\0\0\x08\0"), Err(RecordingError::Truncated { offset: 8, .. })));
        let e = read_recording(b"RREC\x01\0\0\0\x08\0\0\0abc").expect_err("short batch");
        assert_eq!(e, RecordingError::Truncated { offset: 8, needed: 12, got: 7 });
        assert!(e.to_string().contains("byte 8"));
        // Giant length does not overflow or allocate.
        assert!(read_recording(b"RREC\x01\0\0\0\xff\xff\xff\xff").is_err());
    }
}
