//! Certification key scripts: the one key-script format of `reel run
//! --keys` (see `reel_quickjs::keys`, which parses `checkpoint NAME` lines
//! too).
//!
//! A `checkpoint NAME` line takes a screenshot of the screen as it is when
//! the script reaches that line: the last host frame before the script's
//! cursor (the frame the next bare key would be pressed at), so
//! `Right x3` / `wait 10` / `checkpoint row` shows the row 10 frames after
//! the third press. Names are free text (trimmed; at most 64 characters).

pub use reel_quickjs::keys::Checkpoint;
use reel_quickjs::keys::KeyEvent;

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

/// Parses `text` (the one key-script format, [`reel_quickjs::keys::parse`]).
pub fn parse(text: &str) -> Result<CertScript, reel_quickjs::keys::KeyScriptError> {
    let s = reel_quickjs::keys::parse(text)?;
    Ok(CertScript { keys: s.keys, checkpoints: s.checkpoints, end_cursor: s.end_cursor })
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
    // An automatic name the script also uses (its own `checkpoint end`)
    // is told apart: two rows and two PNGs of one name were ambiguous.
    let auto = |name: String| {
        if script.checkpoints.iter().any(|c| c.name == name) {
            format!("{name} (automatic)")
        } else {
            name
        }
    };
    if every > 0 {
        let mut f = every;
        while f < frames {
            all.push(Checkpoint { name: auto(format!("frame {f}")), frame: f });
            f += every;
        }
    }
    all.push(Checkpoint { name: auto("end".into()), frame: frames });
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
    fn a_script_checkpoint_named_like_an_automatic_one_keeps_its_name() {
        let s = parse("wait 10\ncheckpoint end\nwait 20\ncheckpoint frame 30\n").expect("parses");
        let names: Vec<String> = all_checkpoints(&s, 60, 30).into_iter().map(|c| c.name).collect();
        assert_eq!(names, ["end", "frame 30", "frame 30 (automatic)", "end (automatic)"]);
    }

    #[test]
    fn bad_checkpoints_are_errors_with_line_numbers() {
        assert!(parse("checkpoint\n").expect_err("error").to_string().contains("line 1"));
        assert!(parse("checkpoint a\ncheckpoint a\n").expect_err("error").to_string().contains("twice"));
        assert!(parse("Right\njump 3\n").expect_err("error").to_string().contains("line 2"));
        // `checkpoints` is not `checkpoint`: it goes to the key parser (a key name).
        assert!(parse("checkpoints\n").is_ok());
    }
}
