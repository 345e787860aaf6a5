//! The accessibility gates of `reel certify` (`[certify]` `a11y_names`,
//! `a11y_focus`, `min_contrast`, `min_contrast_large`).
//!
//! - `a11y-names`: every node that took focus during the run had an
//!   accessible name: the engine reports the ones without
//!   (`UNNAMED_FOCUS`, `reel_engine::a11y`), the run summary keeps them.
//! - `a11y-contrast`: at each checkpoint, every text on screen against what
//!   is drawn behind it, from the display list the run showed there: the
//!   text's colour (its glyph quads' tint, composed alpha included) over
//!   the colour at the centre of its glyphs' bounds composited from every
//!   rectangle painted before it (gradients at that point, clips applied,
//!   over black). WCAG 2's ratio `(L1 + 0.05) / (L2 + 0.05)`; at least
//!   `min_contrast` (4.5), `min_contrast_large` (3.0) for text of 24 px or
//!   more. Where an image is the topmost thing behind a text (a title over
//!   a poster, a caption over video, a `gradient` fill: its rect's colours
//!   are white), the list does not say what it shows:
//!   there the text is measured against the checkpoint's backdrop — the
//!   same display list painted by the rasterizer with every glyph left out
//!   ([`RunReport::backdrops`]) — pixel by pixel over the text's bounds,
//!   and the ratio reported is the one 90% of those pixels reach (a few
//!   bright pixels in a dark scrim do not fail a title; a title half over
//!   a bright sky does). Opaque rectangles painted after a text hide it:
//!   one that covers it whole (a tile caption under an open details panel)
//!   takes it off screen, one across a whole side trims the bounds
//!   measured to the part left visible (`visible`); other items painted
//!   after a text that overlap it are in the backdrop too (the engine
//!   paints focus rings and borders around text, not under it).
//! - `a11y-focus`: at each checkpoint, every focusable node on screen can
//!   be reached with the arrow keys from the focused node (the engine's own
//!   spatial navigation, `reel_engine::focus::navigate`, followed in the
//!   four directions from every node reached, on that moment's geometry),
//!   and no key press lost focus during the run (`FOCUS` events of cause
//!   3: the focused node destroyed or hidden).
//!
//! The scene at a checkpoint (font sizes, focusable nodes, names) is the
//! native engine's: the app's batches up to that moment replayed into a
//! `reel_engine::Engine` the way `engine.wasm` took them
//! (`Engine::submit_input`: a command refused for itself alone is skipped,
//! not its batch), which builds the same scene as `engine.wasm`
//! (byte-identical display lists is a tested invariant).

use std::collections::BTreeMap;

use reel_engine::display_list::{ItemKind, OwnedDisplayList};
use reel_engine::focus::{self, Dir, NavScratch};
use reel_engine::protocol::{NodeKind, NONE};
use reel_engine::raster::RgbaImage;
use reel_engine::scene::{Scene, Slot, ROOT_SLOT};
use reel_engine::texture::ATLAS_TEXTURE_ID;
use reel_engine::Engine;
use reel_host::profile::Certify;
use reel_host::{paths, Profile};
use reel_quickjs::{RunReport, RunSummary};

use super::checks::{skipped, Check, Status};
use super::script::Checkpoint;

/// The three checks, in report order.
pub fn evaluate(p: &Profile, report: &RunReport, cps: &[Checkpoint]) -> [Check; 3] {
    let c = &p.certify;
    let scenes = replay(p, report, cps);
    [names(c, &report.summary), contrast(c, report, cps, &scenes), reachability(c, &report.summary, cps, &scenes)]
}

fn finding_list(found: &[String]) -> String {
    let mut s = found.iter().take(5).cloned().collect::<Vec<_>>().join("; ");
    if found.len() > 5 {
        s.push_str(&format!("; and {} more", found.len() - 5));
    }
    s
}

fn counted(id: &'static str, title: &str, bad: usize, ok: String, found: &[String]) -> Check {
    Check {
        id,
        title: title.into(),
        status: if bad == 0 { Status::Pass } else { Status::Fail },
        measured: Some(bad as f64),
        limit: Some(0.0),
        unit: "",
        detail: if bad == 0 { ok } else { finding_list(found) },
    }
}

fn names(c: &Certify, s: &RunSummary) -> Check {
    let title = "every focused node had an accessible name";
    if !c.a11y_names {
        return skipped("a11y-names", title, "", "certify.a11y_names = false");
    }
    let mut seen = BTreeMap::new();
    for u in &s.unnamed_focus {
        seen.entry(u.node).or_insert(u.frame);
    }
    let found: Vec<String> = seen
        .iter()
        .map(|(node, frame)| format!("node {node} took focus at frame {frame} with no accessible name (no label, no text below it)"))
        .collect();
    let focus_said = s.announcements.iter().filter(|a| a.kind == "focus").count();
    counted("a11y-names", title, found.len(), format!("0 unnamed; {focus_said} focus announcements"), &found)
}

/// The native scene at each checkpoint (`None` where the replay failed).
fn replay(p: &Profile, report: &RunReport, cps: &[Checkpoint]) -> Vec<Option<Engine>> {
    let mut out = Vec::with_capacity(cps.len());
    for cp in cps {
        let Some((_, _, sent)) = report.screen_lists.iter().find(|(f, _, _)| *f == cp.frame) else {
            out.push(None);
            continue;
        };
        let mut e = Engine::new(p.display.width, p.display.height);
        if let Some(font) = paths::default_font() {
            let _ = e.register_font(paths::DEFAULT_FONT_FAMILY, font);
        }
        for b in report.batches.iter().take(*sent) {
            // Submitted as the run's engine took it (`reel_submit`, i.e.
            // `Engine::submit_input`): a command refused for itself alone
            // (a bad `gradient`, a label over 1024 bytes) is skipped and
            // the rest of its batch applies. `Engine::submit` rejected the
            // whole batch, and with it every node it made: the texts went
            // nameless ("" at 0 px, held to the small-text minimum) and the
            // focusable nodes unseen. A batch the run's engine rejected is
            // rejected here too.
            if b.len() % 4 != 0 {
                let _ = e.submit(b);
                continue;
            }
            let mut words: Vec<u32> = b.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
            let n = words.len();
            let _ = e.submit_input(&mut words, n);
        }
        let t = f64::from(cp.frame) * 1000.0 / f64::from(p.display.fps);
        e.frame(t.max(e.stats().time_ms));
        out.push(Some(e));
    }
    out
}

/// sRGB channel to linear light.
fn linear(c: f64) -> f64 {
    let c = c / 255.0;
    if c <= 0.04045 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
}

fn luminance(rgb: [f64; 3]) -> f64 {
    0.2126 * linear(rgb[0]) + 0.7152 * linear(rgb[1]) + 0.0722 * linear(rgb[2])
}

/// WCAG 2 contrast ratio of two opaque colours.
pub fn ratio(a: [f64; 3], b: [f64; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn rgba(c: u32) -> [f64; 4] {
    [(c >> 24) as f64, ((c >> 16) & 0xFF) as f64, ((c >> 8) & 0xFF) as f64, (c & 0xFF) as f64 / 255.0]
}

fn over(top: [f64; 4], under: [f64; 3]) -> [f64; 3] {
    let a = top[3];
    [top[0] * a + under[0] * (1.0 - a), top[1] * a + under[1] * (1.0 - a), top[2] * a + under[2] * (1.0 - a)]
}

fn hex(c: [f64; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0].round() as u8, c[1].round() as u8, c[2].round() as u8)
}

/// One text's glyphs in a display list: node, first glyph index, bounds, tint.
struct Text {
    node: u32,
    first: usize,
    last: usize,
    bounds: [f32; 4],
    tint: u32,
}

fn texts(dl: &OwnedDisplayList) -> Vec<Text> {
    let mut out: Vec<Text> = Vec::new();
    let mut at: BTreeMap<u32, usize> = BTreeMap::new();
    for (i, it) in dl.items.iter().enumerate() {
        if it.item_kind() != Some(ItemKind::Image) || it.texture != ATLAS_TEXTURE_ID {
            continue;
        }
        let c = it.corners();
        let (x0, y0) = (c.iter().map(|p| p[0]).fold(f32::MAX, f32::min), c.iter().map(|p| p[1]).fold(f32::MAX, f32::min));
        let (x1, y1) = (c.iter().map(|p| p[0]).fold(f32::MIN, f32::max), c.iter().map(|p| p[1]).fold(f32::MIN, f32::max));
        match at.get(&it.node) {
            Some(&k) => {
                out[k].last = i;
                let b = &mut out[k].bounds;
                *b = [b[0].min(x0), b[1].min(y0), b[2].max(x1), b[3].max(y1)];
            }
            None => {
                at.insert(it.node, out.len());
                out.push(Text { node: it.node, first: i, last: i, bounds: [x0, y0, x1, y1], tint: it.colors[0] });
            }
        }
    }
    out
}

/// The part of the bounds `b` of a text (its last glyph item `after`) left
/// visible by the opaque, axis-aligned, square-cornered rectangles painted
/// after it (clips applied; under a rounded clip none counts): `None` when
/// one covers it all; trimmed where one covers it across a whole side.
fn visible(dl: &OwnedDisplayList, after: usize, b: [f32; 4]) -> Option<[f32; 4]> {
    let mut b = b;
    // The clip stack: rectangle, and whether it is rounded (a ClipShape follows).
    let mut clips: Vec<([f32; 4], bool)> = Vec::new();
    let mut prev = None;
    for (i, it) in dl.items.iter().enumerate() {
        let kind = it.item_kind();
        match kind {
            Some(ItemKind::ClipPush) => {
                let c = it.corners();
                clips.push(([c[0][0], c[0][1], c[3][0], c[3][1]], false));
            }
            Some(ItemKind::ClipShape) => {
                if let Some(top) = clips.last_mut() {
                    top.1 = true;
                }
            }
            Some(ItemKind::ClipPop) => {
                clips.pop();
            }
            Some(ItemKind::Rect)
                if i > after
                    && prev != Some(ItemKind::Shape)
                    && prev != Some(ItemKind::Gradient)
                    && it.is_axis_aligned()
                    && it.colors.iter().all(|c| c & 0xFF == 0xFF)
                    && !clips.iter().any(|c| c.1) =>
            {
                let c = it.corners();
                let mut r = [c[0][0].min(c[3][0]), c[0][1].min(c[3][1]), c[0][0].max(c[3][0]), c[0][1].max(c[3][1])];
                if let Some((k, _)) = clips.last() {
                    r = [r[0].max(k[0]), r[1].max(k[1]), r[2].min(k[2]), r[3].min(k[3])];
                }
                let (across_x, across_y) = (r[0] <= b[0] && r[2] >= b[2], r[1] <= b[1] && r[3] >= b[3]);
                if across_y && r[0] <= b[0] && r[2] > b[0] {
                    b[0] = r[2];
                } else if across_y && r[2] >= b[2] && r[0] < b[2] {
                    b[2] = r[0];
                } else if across_x && r[1] <= b[1] && r[3] > b[1] {
                    b[1] = r[3];
                } else if across_x && r[3] >= b[3] && r[1] < b[3] {
                    b[3] = r[1];
                }
                if b[0] >= b[2] || b[1] >= b[3] {
                    return None;
                }
            }
            _ => {}
        }
        prev = kind;
    }
    Some(b)
}

/// The colour painted at `(x, y)` by the items before `end` (black
/// first); `None` when an image is the topmost thing there.
fn behind(dl: &OwnedDisplayList, end: usize, x: f32, y: f32) -> Option<[f64; 3]> {
    let mut colour = [0.0; 3];
    let mut image = false;
    let mut clips: Vec<[f32; 4]> = Vec::new();
    // A `gradient` fill (Gradient items before its Shape/Rect) counts as
    // an image: measured on the backdrop's pixels.
    let mut grad = false;
    for it in &dl.items[..end] {
        match it.item_kind() {
            Some(ItemKind::Gradient) => grad = true,
            Some(ItemKind::ClipPush) => {
                let c = it.corners();
                clips.push([c[0][0], c[0][1], c[3][0], c[3][1]]);
            }
            Some(ItemKind::ClipPop) => {
                clips.pop();
            }
            Some(kind @ (ItemKind::Rect | ItemKind::Image)) if it.texture != ATLAS_TEXTURE_ID => {
                let filled = core::mem::take(&mut grad);
                if clips.last().is_some_and(|c| x < c[0] || y < c[1] || x >= c[2] || y >= c[3]) {
                    continue;
                }
                let c = it.corners();
                let (x0, y0, x1, y1) = (c[0][0].min(c[3][0]), c[0][1].min(c[3][1]), c[0][0].max(c[3][0]), c[0][1].max(c[3][1]));
                if !it.is_axis_aligned() || x < x0 || y < y0 || x >= x1 || y >= y1 {
                    continue;
                }
                let (u, v) = (((x - x0) / (x1 - x0)) as f64, ((y - y0) / (y1 - y0)) as f64);
                let [tl, tr, bl, br] = it.colors.map(rgba);
                let mix = |k: usize| (tl[k] * (1.0 - u) + tr[k] * u) * (1.0 - v) + (bl[k] * (1.0 - u) + br[k] * u) * v;
                let col = [mix(0), mix(1), mix(2), mix(3)];
                if kind == ItemKind::Image || filled {
                    image = col[3] > 0.0;
                } else {
                    colour = over(col, colour);
                    if col[3] >= 0.999 {
                        image = false;
                    }
                }
            }
            _ => {}
        }
    }
    (!image).then_some(colour)
}

/// A text's colour against the backdrop pixels under its bounds: (the text
/// colour, the backdrop colour at the 10th-percentile ratio, that ratio) —
/// the ratio at least 90% of the pixels behind the text reach. `None`
/// when the bounds cover no pixel of the backdrop.
fn over_pixels(b: &RgbaImage, bounds: [f32; 4], tint: u32) -> Option<([f64; 3], [f64; 3], f64)> {
    let clamp = |v: f32, hi: u32| (v.max(0.0) as u32).min(hi);
    let (x0, y0) = (clamp(bounds[0].floor(), b.width), clamp(bounds[1].floor(), b.height));
    let (x1, y1) = (clamp(bounds[2].ceil(), b.width), clamp(bounds[3].ceil(), b.height));
    let top = rgba(tint);
    let mut all: Vec<(f64, [f64; 3], [f64; 3])> = Vec::with_capacity(((x1 - x0) * (y1 - y0)) as usize);
    for y in y0..y1 {
        for x in x0..x1 {
            let i = ((y * b.width + x) * 4) as usize;
            let Some(p) = b.pixels.get(i..i + 3) else { continue };
            let bg = [f64::from(p[0]), f64::from(p[1]), f64::from(p[2])];
            let fg = over(top, bg);
            all.push((ratio(fg, bg), fg, bg));
        }
    }
    if all.is_empty() {
        return None;
    }
    all.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (r, fg, bg) = all[all.len() / 10];
    Some((fg, bg, r))
}

fn text_of(scene: &Scene, id: u32) -> String {
    let t = scene.get(id).map_or(String::new(), |n| n.text().to_owned());
    let mut s: String = t.chars().take(32).collect();
    if t.chars().count() > 32 {
        s.push('…');
    }
    s
}

fn contrast(c: &Certify, report: &RunReport, cps: &[Checkpoint], scenes: &[Option<Engine>]) -> Check {
    let title = "text contrast at checkpoints";
    if c.min_contrast <= 0.0 {
        return skipped("a11y-contrast", title, "", "certify.min_contrast = 0");
    }
    let (mut checked, mut over_images, mut unmeasured, mut hidden, mut lowest) = (0usize, 0usize, 0usize, 0usize, f64::MAX);
    let mut found = Vec::new();
    // A text (a node) is reported once, at the first checkpoint that shows it failing.
    let mut reported = std::collections::BTreeSet::new();
    for (cp, scene) in cps.iter().zip(scenes) {
        let Some((_, dl, _)) = report.screen_lists.iter().find(|(f, _, _)| *f == cp.frame) else { continue };
        let (vw, vh) = (dl.header.viewport_w, dl.header.viewport_h);
        for t in texts(dl) {
            let [x0, y0, x1, y1] = t.bounds;
            if x1 <= 0.0 || y1 <= 0.0 || x0 >= vw || y0 >= vh {
                continue;
            }
            let Some(seen) = visible(dl, t.last, t.bounds) else {
                hidden += 1;
                continue;
            };
            let (cx, cy) = ((seen[0] + seen[2]) * 0.5, (seen[1] + seen[3]) * 0.5);
            let (fg, bg, r, on_image) = match behind(dl, t.first, cx, cy) {
                Some(bg) => {
                    let fg = over(rgba(t.tint), bg);
                    (fg, bg, ratio(fg, bg), false)
                }
                None => {
                    let backdrop = report.backdrops.iter().find(|(f, _)| *f == cp.frame).map(|(_, b)| b);
                    let Some(m) = backdrop.and_then(|b| over_pixels(b, seen, t.tint)) else {
                        unmeasured += 1;
                        continue;
                    };
                    over_images += 1;
                    (m.0, m.1, m.2, true)
                }
            };
            checked += 1;
            let node = scene.as_ref().and_then(|e| e.scene().get(t.node));
            let size = node.filter(|n| n.kind == NodeKind::Text).map_or(0.0, |n| n.props.visual.text.font_size);
            let min = if size >= 24.0 { c.min_contrast_large } else { c.min_contrast };
            lowest = lowest.min(r);
            if r < min && reported.insert(t.node) {
                let text = scene.as_ref().map_or(String::new(), |e| text_of(e.scene(), t.node));
                found.push(format!(
                    "checkpoint '{}': text node {} \"{text}\" ({size} px) {} on {}{}: {:.2}:1 < {min}:1",
                    cp.name,
                    t.node,
                    hex(fg),
                    hex(bg),
                    if on_image { " (an image; the ratio 90% of the pixels behind it reach)" } else { "" },
                    r
                ));
            }
        }
    }
    let ok = format!(
        "{checked} texts at {} checkpoints ({over_images} over images, measured on the backdrop; {hidden} hidden under opaque items, not measured), lowest {:.2}:1 (>= {}:1, {}:1 from 24 px){}",
        cps.len(),
        if checked == 0 { 0.0 } else { lowest },
        c.min_contrast,
        c.min_contrast_large,
        if unmeasured == 0 { String::new() } else { format!("; {unmeasured} over images without a backdrop not measured") }
    );
    counted("a11y-contrast", title, found.len(), ok, &found)
}

/// The focusable nodes on screen that arrow keys cannot reach from the focus.
pub fn unreachable(e: &Engine) -> (usize, Vec<Slot>) {
    let scene = e.scene();
    let gen = scene.node(ROOT_SLOT).geom_gen;
    let (vw, vh) = (e.display_list().header.viewport_w, e.display_list().header.viewport_h);
    let on_screen = |s: Slot| {
        let g = scene.node(s).geom;
        g[2] > g[0] && g[3] > g[1] && g[2] > 0.0 && g[3] > 0.0 && g[0] < vw && g[1] < vh
    };
    // Inside a focus trap (a modal) only its own nodes are meant to be reachable.
    let focused = scene.slot(e.focused()).filter(|&s| focus::can_focus(scene, s, gen));
    let mut trap = ROOT_SLOT;
    let mut cur = focused.map_or(reel_engine::scene::NO_SLOT, |s| scene.node(s).parent);
    while cur != reel_engine::scene::NO_SLOT {
        if scene.node(cur).props.visual.focus_trap {
            trap = cur;
            break;
        }
        cur = scene.node(cur).parent;
    }
    let targets: Vec<Slot> = (0..scene.slot_count() as Slot)
        .filter(|&s| focus::can_focus(scene, s, gen) && on_screen(s) && scene.is_ancestor_or_self(trap, s))
        .collect();
    let start = focused.or_else(|| {
        // Nothing focused: the first press focuses the top-left node.
        targets.iter().copied().min_by(|&a, &b| {
            let (ga, gb) = (scene.node(a).geom, scene.node(b).geom);
            (ga[1], ga[0]).partial_cmp(&(gb[1], gb[0])).unwrap_or(core::cmp::Ordering::Equal)
        })
    });
    let mut seen = std::collections::BTreeSet::new();
    let mut queue: Vec<Slot> = start.into_iter().collect();
    let mut scratch = NavScratch::default();
    while let Some(s) = queue.pop() {
        if !seen.insert(s) {
            continue;
        }
        for d in [Dir::Left, Dir::Right, Dir::Up, Dir::Down] {
            if let Some(n) = focus::navigate(scene, s, d, gen, &mut scratch) {
                if !seen.contains(&n) {
                    queue.push(n);
                }
            }
        }
    }
    let missed = targets.iter().copied().filter(|s| !seen.contains(s)).collect();
    (targets.len(), missed)
}

fn reachability(c: &Certify, s: &RunSummary, cps: &[Checkpoint], scenes: &[Option<Engine>]) -> Check {
    let title = "focus reachable with arrow keys, never lost";
    if !c.a11y_focus {
        return skipped("a11y-focus", title, "", "certify.a11y_focus = false");
    }
    let mut found = Vec::new();
    let mut total = 0;
    let mut reported = std::collections::BTreeSet::new();
    for (cp, e) in cps.iter().zip(scenes) {
        let Some(e) = e else { continue };
        let (n, missed) = unreachable(e);
        total += n;
        let scene = e.scene();
        for m in missed {
            if !reported.insert(m) {
                continue; // reported at an earlier checkpoint
            }
            let node = scene.node(m);
            let mut name = String::new();
            reel_engine::a11y::name_into(scene, m, &mut name, &mut Vec::new());
            let g = node.geom;
            let from = if e.focused() == NONE { "the first press".to_string() } else { format!("node {}", e.focused()) };
            found.push(format!(
                "checkpoint '{}': focusable node {} \"{name}\" at ({}, {}, {}x{} screen px) cannot be reached with arrow keys from {from}",
                cp.name,
                node.id,
                g[0],
                g[1],
                g[2] - g[0],
                g[3] - g[1]
            ));
        }
    }
    for l in &s.focus_lost {
        found.push(format!("focus lost at frame {}: focused node {} was destroyed or hidden", l.frame, l.node));
    }
    let ok = format!("{total} focusable nodes on screen at {} checkpoints, all reachable; focus never lost", cps.len());
    counted("a11y-focus", title, found.len(), ok, &found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(kind: ItemKind, x: f32, y: f32, w: f32, h: f32, color: u32) -> reel_engine::display_list::DisplayItem {
        reel_engine::display_list::DisplayItem {
            kind: kind as u32,
            transform: [1.0, 0.0, 0.0, 1.0, x, y],
            size: [w, h],
            colors: [color; 4],
            ..Default::default()
        }
    }

    /// A `gradient` fill's rect (white colours) is not white behind a
    /// text: measured on the backdrop like an image, and no opaque cover.
    #[test]
    fn gradient_fills_are_measured_on_the_backdrop() {
        let list = |items: Vec<_>| OwnedDisplayList { items, ..Default::default() };
        let bg = item(ItemKind::Rect, 0.0, 0.0, 400.0, 400.0, 0x2020_20ff);
        let mut g = item(ItemKind::Gradient, 0.0, 0.0, 0.0, 0.0, 0);
        g.texture = 1 | 2 << 8;
        let fill = item(ItemKind::Rect, 0.0, 0.0, 200.0, 200.0, 0xffff_ffff);
        assert_eq!(behind(&list(vec![bg, fill]), 2, 10.0, 10.0), Some([255.0; 3]), "a white rect is white");
        assert_eq!(behind(&list(vec![bg, g, fill]), 3, 10.0, 10.0), None, "a gradient's white rect is not");
        assert_eq!(behind(&list(vec![bg, g, fill, bg]), 4, 300.0, 300.0), Some([32.0; 3]), "only its own rect");
        let glyph = item(ItemKind::Image, 100.0, 100.0, 50.0, 20.0, 0xffff_ffff);
        assert!(visible(&list(vec![glyph, g, fill]), 0, [100.0, 100.0, 150.0, 120.0]).is_some(), "not an opaque cover");
    }

    /// A text under an opaque panel painted after it is hidden; under a
    /// translucent, rounded, clipped-away or earlier one it is not; one
    /// across a side trims it.
    #[test]
    fn opaque_rects_painted_after_a_text_hide_it() {
        let occluded = |dl: &OwnedDisplayList, after, b| visible(dl, after, b).is_none();
        let mut glyph = item(ItemKind::Image, 100.0, 100.0, 50.0, 20.0, 0xffff_ffff);
        glyph.texture = ATLAS_TEXTURE_ID;
        let panel = item(ItemKind::Rect, 80.0, 0.0, 400.0, 400.0, 0x1d24_40ff);
        let list = |items: Vec<_>| OwnedDisplayList { items, ..Default::default() };
        let b = [100.0, 100.0, 150.0, 120.0];
        assert!(occluded(&list(vec![glyph, panel]), 0, b));
        assert!(!occluded(&list(vec![panel, glyph]), 1, b), "painted before the text");
        assert!(!occluded(&list(vec![glyph, item(ItemKind::Rect, 80.0, 0.0, 400.0, 400.0, 0x0000_00b8)]), 0, b), "translucent");
        let right = list(vec![glyph, item(ItemKind::Rect, 120.0, 0.0, 400.0, 400.0, 0x0000_00ff)]);
        assert_eq!(visible(&right, 0, b), Some([100.0, 100.0, 120.0, 120.0]), "the right part covered");
        let top = list(vec![glyph, item(ItemKind::Rect, 0.0, 0.0, 400.0, 105.0, 0x0000_00ff)]);
        assert_eq!(visible(&top, 0, b), Some([100.0, 105.0, 150.0, 120.0]), "the top covered");
        let middle = list(vec![glyph, item(ItemKind::Rect, 110.0, 105.0, 10.0, 10.0, 0x0000_00ff)]);
        assert_eq!(visible(&middle, 0, b), Some(b), "a hole in the middle: left as is");
        assert!(!occluded(&list(vec![glyph, item(ItemKind::Shape, 80.0, 0.0, 400.0, 400.0, 0), panel]), 0, b), "rounded");
        let clip = item(ItemKind::ClipPush, 0.0, 0.0, 110.0, 400.0, 0);
        let pop = item(ItemKind::ClipPop, 0.0, 0.0, 0.0, 0.0, 0);
        assert!(!occluded(&list(vec![glyph, clip, panel, pop]), 0, b), "clipped to part of it");
        let wide = item(ItemKind::ClipPush, 0.0, 0.0, 1000.0, 1000.0, 0);
        assert!(occluded(&list(vec![glyph, wide, panel, pop]), 0, b));
        let round = item(ItemKind::ClipShape, 0.0, 0.0, 1000.0, 1000.0, 0);
        assert!(!occluded(&list(vec![glyph, wide, round, panel, pop]), 0, b), "under a rounded clip");
    }

    #[test]
    fn wcag_ratios() {
        assert!((ratio([0.0; 3], [255.0; 3]) - 21.0).abs() < 1e-9);
        assert!((ratio([118.0; 3], [255.0; 3]) - 4.54).abs() < 0.01, "{}", ratio([118.0; 3], [255.0; 3]));
        assert_eq!(ratio([40.0, 80.0, 120.0], [40.0, 80.0, 120.0]), 1.0);
    }
}
