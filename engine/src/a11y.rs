//! Accessibility: what the engine says, composed from the scene itself.
//!
//! Focus lives in the engine, so the engine also knows what a screen
//! reader should say when it moves; hosts only speak the `ANNOUNCE` events
//! (browser: `speechSynthesis` and an ARIA live region; native: the run
//! summary).
//!
//! # Properties
//! `label` (the accessible name), `description`, `role` (`ROLE_NAMES`) and
//! `live` (`off`, `polite`, `assertive`). `label`/`description` longer than
//! [`MAX_TEXT`] bytes reject the batch ([`TOO_LONG`]); an empty `label` is
//! no label. An unknown role is a `BAD_ENUM` error naming `role`.
//!
//! # A focus announcement
//! Parts joined with ", ", each only when not empty:
//! 1. the dialog's `label`, when the nearest ancestor with role `dialog` or
//!    `focusTrap` differs from the last announcement's (a trap opened);
//! 2. the *group*'s name, when it differs from the last announcement's. The
//!    group is the nearest ancestor (below that dialog) that has a `label`,
//!    or else has a sibling with role `heading` before it in its parent (a
//!    row's title above the row): its label, or that heading's name;
//! 3. the node's name: its `label`, else the text of its visible text
//!    descendants in tree order, separated by spaces;
//! 4. its role word (`ROLE_NAMES`; none for `none`, `listitem`, `text`);
//! 5. "i of n" when the node or an ancestor is a child of a `list`: its
//!    place among that list's displayed children;
//! 6. its `description`.
//!
//! Example: "Trending now, Movie 3, button, 3 of 40". Texts are cut at
//! [`MAX_TEXT`] bytes (on a character boundary).
//!
//! # Timing
//! A focus announcement is spoken [`SETTLE_MS`] after the focus change, on
//! the engine's clock (frame times), and only if focus is still there: a
//! newer focus change replaces the unspoken one, so under fast key repeat
//! only the settled focus is spoken. It is `assertive` (hosts interrupt
//! earlier speech). A node with `live` announces the text of its subtree
//! (at the next frame, with its politeness) when a text in it changes;
//! `ANNOUNCE` commands (the app's `renderer.announce`) likewise. At most
//! [`MAX_QUEUE`] such announcements wait for a frame: beyond that the
//! oldest is dropped (a storm of 1,000 costs 16 events, never a stall), and
//! a live region changed twice before a frame is spoken once.
//!
//! A node that takes focus with no name at all is also reported
//! (`UNNAMED_FOCUS`): `reel certify` fails on it.

use crate::protocol::events::EventWriter;
use crate::protocol::props::ROLE_NAMES;
use crate::protocol::{NodeKind, NONE};
use crate::scene::node::DisplayMode;
use crate::scene::{Scene, Slot, NO_SLOT};

pub use reel_wire::a11y::{too_long, BAD_ANNOUNCE, MAX_TEXT, TOO_LONG};

/// Announcements (live regions, app) waiting for a frame.
pub const MAX_QUEUE: usize = 16;
/// How long focus must stay on a node before it is announced (ms).
pub const SETTLE_MS: f64 = 150.0;

const ROLE_HEADING: u8 = 3;
const ROLE_LIST: u8 = 4;
const ROLE_LISTITEM: u8 = 5;
const ROLE_DIALOG: u8 = 7;
const ROLE_TEXT: u8 = 8;

/// A node's `label` and `description`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct A11yText {
    /// The accessible name ("" = none).
    pub label: String,
    /// The description ("" = none).
    pub description: String,
}

/// The live region holding `slot` (itself or its nearest ancestor with
/// `live`): its id and politeness.
pub fn live_region(scene: &Scene, slot: Slot) -> Option<(u32, u8)> {
    let mut cur = slot;
    while cur != NO_SLOT {
        let n = scene.node(cur);
        if n.props.visual.live != 0 {
            return Some((n.id, n.props.visual.live));
        }
        cur = n.parent;
    }
    None
}

/// Queues an announcement, keeping at most [`MAX_QUEUE`] (the newest) and
/// one per live region.
pub fn queue(q: &mut Vec<(u32, u8, String)>, node: u32, politeness: u8, text: String) {
    if let Some(i) = q.iter().position(|e| node != NONE && e.0 == node) {
        q.remove(i);
    } else if q.len() >= MAX_QUEUE {
        q.remove(0);
    }
    q.push((node, politeness, text));
}

fn label(scene: &Scene, s: Slot) -> &str {
    scene.node(s).a11y.as_deref().map_or("", |t| t.label.as_str())
}

fn shown(scene: &Scene, s: Slot) -> bool {
    let p = &scene.node(s).props;
    p.visible && p.display != DisplayMode::None
}

/// Appends `s` to `out` with ", " before it when `out` is not empty,
/// cutting at [`MAX_TEXT`] bytes.
fn part(out: &mut String, s: &str, sep: &str) {
    if s.is_empty() {
        return;
    }
    if !out.is_empty() {
        out.push_str(sep);
    }
    let mut end = s.len().min(MAX_TEXT.saturating_sub(out.len()));
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    out.push_str(&s[..end]);
}

/// Appends the accessible name of `slot`: its label, else its visible
/// text descendants' text in tree order.
pub fn name_into(scene: &Scene, slot: Slot, out: &mut String, stack: &mut Vec<Slot>) {
    let l = label(scene, slot);
    if !l.is_empty() {
        part(out, l, ", ");
        return;
    }
    let start = out.len();
    stack.clear();
    stack.push(slot);
    while let Some(s) = stack.pop() {
        if !shown(scene, s) || out.len() >= MAX_TEXT {
            continue;
        }
        let n = scene.node(s);
        if n.kind == NodeKind::Text {
            part(out, n.text().trim_ascii(), if out.len() > start { " " } else { ", " });
        }
        stack.extend(n.children.iter().rev());
    }
}

/// Composes what the engine says; holds focus announcements until they
/// settle and the queue of live-region and app announcements.
#[derive(Debug)]
pub struct Announcer {
    pending: u32,
    due: f64,
    queue: Vec<(u32, u8, String)>,
    group: u32,
    dialog: u32,
    buf: String,
    stack: Vec<Slot>,
}

impl Default for Announcer {
    fn default() -> Self {
        Self { pending: NONE, due: 0.0, queue: Vec::new(), group: NONE, dialog: NONE, buf: String::new(), stack: Vec::new() }
    }
}

impl Announcer {
    /// Focus moved to `id` (NONE: blurred) at `at`: the unspoken focus
    /// announcement is replaced. Returns false when the node has no name.
    pub fn focus(&mut self, scene: &Scene, id: u32, at: f64) -> bool {
        self.pending = id;
        self.due = at + SETTLE_MS;
        self.buf.clear();
        scene.slot(id).is_none_or(|s| {
            name_into(scene, s, &mut self.buf, &mut self.stack);
            !self.buf.is_empty()
        })
    }

    /// Takes a committed batch's announcements.
    pub fn take(&mut self, says: &mut Vec<(u32, u8, String)>) {
        for (node, p, text) in says.drain(..) {
            queue(&mut self.queue, node, p, text);
        }
    }

    /// Emits what is due at `time`.
    pub fn frame(&mut self, scene: &Scene, time: f64, events: &mut EventWriter) {
        if self.pending != NONE && time >= self.due {
            let id = core::mem::replace(&mut self.pending, NONE);
            if let Some(s) = scene.slot(id) {
                self.compose(scene, s);
                events.announce(id, 2, 0, &self.buf);
            }
        }
        for (node, p, text) in self.queue.drain(..) {
            if node == NONE {
                events.announce(NONE, u32::from(p), 2, &text);
            } else if let Some(s) = scene.slot(node) {
                self.buf.clear();
                name_into(scene, s, &mut self.buf, &mut self.stack);
                events.announce(node, u32::from(p), 1, &self.buf);
            }
        }
    }

    /// The focus announcement of `slot` into `self.buf` (module docs).
    fn compose(&mut self, scene: &Scene, slot: Slot) {
        let (mut dialog, mut group, mut source) = (NO_SLOT, NO_SLOT, NO_SLOT);
        let mut cur = scene.node(slot).parent;
        while cur != NO_SLOT && dialog == NO_SLOT {
            let n = scene.node(cur);
            if n.props.visual.role == ROLE_DIALOG || n.props.visual.focus_trap {
                dialog = cur;
            } else if group == NO_SLOT {
                if !label(scene, cur).is_empty() {
                    (group, source) = (cur, cur);
                } else if n.parent != NO_SLOT {
                    let sib = &scene.node(n.parent).children;
                    let before = sib.iter().position(|&c| c == cur).unwrap_or(0);
                    if let Some(&h) = sib[..before].iter().rev().find(|&&c| scene.node(c).props.visual.role == ROLE_HEADING) {
                        (group, source) = (cur, h);
                    }
                }
            }
            cur = n.parent;
        }
        let id = |s: Slot| if s == NO_SLOT { NONE } else { scene.node(s).id };
        let out = &mut self.buf;
        out.clear();
        if id(dialog) != self.dialog && dialog != NO_SLOT {
            part(out, label(scene, dialog), ", ");
        }
        if id(group) != self.group && group != NO_SLOT {
            name_into(scene, source, out, &mut self.stack);
        }
        self.dialog = id(dialog);
        self.group = id(group);
        name_into(scene, slot, out, &mut self.stack);
        let n = scene.node(slot);
        let role = n.props.visual.role;
        if !matches!(role, 0 | ROLE_LISTITEM | ROLE_TEXT) {
            part(out, ROLE_NAMES.get(usize::from(role)).copied().unwrap_or(""), ", ");
        }
        let mut cur = slot;
        while cur != NO_SLOT {
            let p = scene.node(cur).parent;
            if p != NO_SLOT && scene.node(p).props.visual.role == ROLE_LIST {
                let kids = &scene.node(p).children;
                let (mut i, mut count) = (0u32, 0u32);
                for &k in kids {
                    if scene.node(k).props.display != DisplayMode::None {
                        count += 1;
                        if k == cur {
                            i = count;
                        }
                    }
                }
                if i > 0 && out.len() + 24 < MAX_TEXT {
                    out.push_str(if out.is_empty() { "" } else { ", " });
                    reel_wire::decimal::push(out, u64::from(i));
                    out.push_str(" of ");
                    reel_wire::decimal::push(out, u64::from(count));
                }
                break;
            }
            cur = p;
        }
        if let Some(t) = n.a11y.as_deref() {
            part(out, &t.description, ", ");
        }
    }
}
