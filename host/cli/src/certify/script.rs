//! Certification key scripts: `reel run --keys` scripts (see
//! `reel_quickjs::keys`) plus `checkpoint NAME` lines.
//!
//! A `checkpoint NAME` line takes a screenshot of the screen as it is when
//! the script reaches that line: the last host frame before the script's
//! cursor (the frame the next bare key would be pressed at), so
//! `Right x3` / `wait 10` / `checkpoint row` shows the row 10 frames after
//! the third press. Names are free text (trimmed; at most 64 characters).

use reel_quickjs::keys::{parse_script, KeyEvent};

/// A key name no script uses: appended to a script prefix to read the cursor.
const CURSOR_PROBE: &str = "ReelCertifyCursorProbe";

/// A screenshot point of the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checkpoint {
    /// Its name (`checkpoint NAME`, `every-N`, `end`).
    pub name: String,
    /// Host frame (1-based) whose display list is painted.
    pub frame: u32,
}

/// A parsed certification script.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CertScript {
    /// The keys, as `reel run --keys` would inject them.
    pub keys: Vec<KeyEvent>,
    /// `checkpoint` lines in script order.
    pub checkpoints: Vec<Checkpoint>,
    /// The cursor after the last line: the first frame after the script.
    pub end_cursor: u32,
}

/// The host frame the next bare key of `prefix` would be pressed at.
fn cursor_after(prefix: &str) -> Result<u32, String> {
    let probe = format!("{prefix}\n{CURSOR_PROBE}\n");
    let ev = parse_script(&probe)?;
    ev.iter()
        .find(|e| e.name == CURSOR_PROBE)
        .map(|e| e.frame)
        .ok_or_else(|| "internal: cursor probe not found".to_string())
}

/// Parses `text`: key lines go to `reel_quickjs::keys::parse_script`
/// (its line numbers are kept: a checkpoint line becomes a blank line).
pub fn parse(text: &str) -> Result<CertScript, String> {
    let mut keys_text = String::with_capacity(text.len());
    let mut checkpoints = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let body = raw.split('#').next().unwrap_or("").trim();
        if let Some(rest) = body.strip_prefix("checkpoint").filter(|r| r.is_empty() || r.starts_with(char::is_whitespace)) {
            let name = rest.trim();
            if name.is_empty() || name.chars().count() > 64 {
                return Err(format!("key script line {}: expected `checkpoint NAME` (1-64 characters)", i + 1));
            }
            if checkpoints.iter().any(|c: &Checkpoint| c.name == name) {
                return Err(format!("key script line {}: checkpoint `{name}` is named twice", i + 1));
            }
            let frame = cursor_after(&keys_text)?.saturating_sub(1).max(1);
            checkpoints.push(Checkpoint { name: name.to_string(), frame });
            keys_text.push('\n');
        } else {
            keys_text.push_str(raw);
            keys_text.push('\n');
        }
    }
    let keys = parse_script(&keys_text)?;
    let end_cursor = cursor_after(&keys_text)?;
    Ok(CertScript { keys, checkpoints, end_cursor })
}

/// The frames to run: `frames` if given, else half a second after the
/// script ends (at least one second).
pub fn default_frames(script: &CertScript, fps: u32) -> u32 {
    let last_key = script.keys.iter().map(|k| k.frame).max().unwrap_or(0);
    (script.end_cursor.max(last_key) + fps / 2).max(fps)
}

/// Every checkpoint of a run of `frames` frames: the script's, one each
/// `every` frames (0: none), and `end` (the last frame), sorted by frame.
pub fn all_checkpoints(script: &CertScript, frames: u32, every: u32) -> Vec<Checkpoint> {
    let mut all: Vec<Checkpoint> = script.checkpoints.iter().filter(|c| c.frame <= frames).cloned().collect();
    if every > 0 {
        let mut f = every;
        while f < frames {
            all.push(Checkpoint { name: format!("frame {f}"), frame: f });
            f += every;
        }
    }
    all.push(Checkpoint { name: "end".into(), frame: frames });
    all.sort_by_key(|c| c.frame); // stable: script order within a frame
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_sit_before_the_cursor() {
        let s = parse("wait 20\ncheckpoint start\nRight x3 # row\nwait 10\ncheckpoint after row\nEnter\n").expect("parses");
        assert_eq!(
            s.checkpoints,
            vec![
                Checkpoint { name: "start".into(), frame: 20 },
                Checkpoint { name: "after row".into(), frame: 33 },
            ]
        );
        let downs: Vec<u32> = s.keys.iter().filter(|k| k.down).map(|k| k.frame).collect();
        assert_eq!(downs, vec![21, 22, 23, 34]);
        assert_eq!(s.end_cursor, 35);
        assert_eq!(default_frames(&s, 60), 65);
        let all = all_checkpoints(&s, 65, 30);
        let names: Vec<(&str, u32)> = all.iter().map(|c| (c.name.as_str(), c.frame)).collect();
        assert_eq!(names, vec![("start", 20), ("frame 30", 30), ("after row", 33), ("frame 60", 60), ("end", 65)]);
    }

    #[test]
    fn bad_checkpoints_are_errors_with_line_numbers() {
        assert!(parse("checkpoint\n").expect_err("error").contains("line 1"));
        assert!(parse("checkpoint a\ncheckpoint a\n").expect_err("error").contains("twice"));
        assert!(parse("Right\njump 3\n").expect_err("error").contains("line 2"));
        // `checkpoints` is not `checkpoint`: it goes to the key parser (a key name).
        assert!(parse("checkpoints\n").is_ok());
    }
}
