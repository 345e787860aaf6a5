//! What the engine said during a run: `summary.json`'s `announcements` and
//! `unnamed_focus`.
//!
//! The engine composes every announcement itself (`reel_engine::a11y`) and
//! sends it as an `ANNOUNCE` event just before the `FRAME_STATS` event of
//! the frame that spoke it; this module pairs each with that frame, so a
//! report can put it on the frame timeline and measure it against the key
//! press before it. `UNNAMED_FOCUS` events (a node took focus with no
//! accessible name) are kept for `reel certify`'s name gate.

use reel_wire::protocol::events::Event;
use reel_wire::protocol::NONE;
use serde::Serialize;

/// One announcement.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Announcement {
    /// Engine frame that spoke it.
    pub frame: u32,
    /// That frame's time (ms, the host's emulated clock).
    pub time_ms: f64,
    /// What is said.
    pub text: String,
    /// `polite` or `assertive`.
    pub politeness: &'static str,
    /// `focus`, `live` or `app`.
    pub kind: &'static str,
    /// The node it is about (`None`: the app's own `announce`).
    pub node: Option<u32>,
}

/// A node at a frame: one that took focus without an accessible name, or
/// one that had focus when it was destroyed or hidden (focus lost).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct FocusNote {
    /// Engine frame of the focus change.
    pub frame: u32,
    /// The node.
    pub node: u32,
}

/// Collects announcements from a run's event stream.
#[derive(Debug, Default)]
pub struct Announcements {
    /// Announcements so far, in order.
    pub said: Vec<Announcement>,
    /// Unnamed focus changes so far.
    pub unnamed: Vec<FocusNote>,
    /// Focus lost (the focused node destroyed or hidden) so far.
    pub lost: Vec<FocusNote>,
    /// Entries of `said`/`unnamed`/`lost` still waiting for their frame's stats.
    open: (usize, usize, usize),
}

impl Announcements {
    /// Takes the announcements of `events` (one engine step, in order).
    pub fn take(&mut self, events: &[Event]) {
        for e in events {
            match e {
                Event::Announce { node, politeness, kind, text } => self.said.push(Announcement {
                    text: text.clone(),
                    politeness: if *politeness == 2 { "assertive" } else { "polite" },
                    kind: match kind {
                        0 => "focus",
                        1 => "live",
                        _ => "app",
                    },
                    node: (*node != NONE).then_some(*node),
                    ..Announcement::default()
                }),
                Event::UnnamedFocus { node } => self.unnamed.push(FocusNote { frame: 0, node: *node }),
                // The engine blurs a focused node that is destroyed or hidden
                // (`focus_cause::LOST`).
                Event::Focus { from, cause: 3, .. } if *from != NONE => self.lost.push(FocusNote { frame: 0, node: *from }),
                Event::Frame(s) => {
                    // A loss the same frame repaired (the app focused
                    // another node in the batch that destroyed or hid the
                    // focused one: the engine applies focus requests at
                    // the frame, after the batch) leaves the user on a node.
                    if s.focused != NONE {
                        self.lost.truncate(self.open.2);
                    }
                    for a in &mut self.said[self.open.0..] {
                        a.frame = s.frame;
                        a.time_ms = s.time_ms;
                    }
                    for u in self.unnamed[self.open.1..].iter_mut().chain(&mut self.lost[self.open.2..]) {
                        u.frame = s.frame;
                    }
                    self.open = (self.said.len(), self.unnamed.len(), self.lost.len());
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_wire::protocol::events::FrameStats;

    #[test]
    fn announcements_take_the_frame_that_follows_them() {
        let mut a = Announcements::default();
        let frame = |n: u32, t: f64| Event::Frame(FrameStats { frame: n, time_ms: t, ..FrameStats::default() });
        a.take(&[frame(1, 16.0), Event::Announce { node: 7, politeness: 2, kind: 0, text: "Play, button".into() }]);
        a.take(&[Event::UnnamedFocus { node: 9 }, frame(2, 33.0), Event::Announce { node: NONE, politeness: 1, kind: 2, text: "Saved".into() }, frame(3, 50.0)]);
        assert_eq!(a.said.len(), 2);
        assert_eq!((a.said[0].frame, a.said[0].time_ms, a.said[0].kind, a.said[0].node), (2, 33.0, "focus", Some(7)));
        assert_eq!((a.said[1].frame, a.said[1].politeness, a.said[1].node), (3, "polite", None));
        assert_eq!(a.unnamed, vec![FocusNote { frame: 2, node: 9 }]);
    }

    /// A focused node destroyed or hidden: the engine's `FOCUS` event with
    /// cause 3 is a loss at the frame after it (it was never collected, so
    /// `reel certify`'s a11y-focus gate said "focus never lost" whatever
    /// the app did), unless that frame ends with a node focused. Other
    /// causes are not.
    #[test]
    fn a_focus_event_with_cause_lost_is_a_loss() {
        let mut a = Announcements::default();
        let frame = |n: u32| Event::Frame(FrameStats { frame: n, focused: NONE, ..FrameStats::default() });
        a.take(&[Event::Focus { from: NONE, to: 2, cause: 1 }, frame(1), Event::Focus { from: 2, to: 4, cause: 0 }, frame(2)]);
        assert!(a.lost.is_empty());
        a.take(&[Event::Focus { from: 4, to: NONE, cause: 3 }, frame(3)]);
        assert_eq!(a.lost, vec![FocusNote { frame: 3, node: 4 }]);
        // Lost, then focused again within the same frame: not a loss.
        let focused = |n: u32, id: u32| Event::Frame(FrameStats { frame: n, focused: id, ..FrameStats::default() });
        a.take(&[Event::Focus { from: NONE, to: 5, cause: 1 }, focused(4, 5), Event::Focus { from: 5, to: NONE, cause: 3 }, Event::Focus { from: NONE, to: 6, cause: 1 }, focused(5, 6)]);
        assert_eq!(a.lost, vec![FocusNote { frame: 3, node: 4 }]);
    }
}
