//! Encoding the scene as one batch that recreates it in an empty engine.
//!
//! Hosts use it to recover: after a trap they start a fresh engine and
//! submit the last snapshot plus the batches the app sent since, so nothing
//! the app sent is lost. Only values that differ from the defaults are
//! written; every value is written in the wire form that decodes to the
//! exact same bits, so a restored scene draws the identical display list.

use taffy::style::{AlignContent, AlignItems, FlexDirection, FlexWrap, JustifyContent, Position};
use taffy::{CompactLength, Dimension, LengthPercentage, LengthPercentageAuto};

use super::node::{DisplayMode, Props};
use super::{Scene, Slot, NO_SLOT, ROOT_SLOT};
use crate::protocol::props::{key, PropValue};
use crate::protocol::{BatchBuilder, NONE};

fn compact(raw: CompactLength) -> PropValue {
    match raw.tag() {
        CompactLength::LENGTH_TAG => PropValue::F32(raw.value()),
        CompactLength::PERCENT_TAG => PropValue::Percent(raw.value()),
        _ => PropValue::Auto,
    }
}

fn dim(d: Dimension) -> PropValue {
    compact(d.into_raw())
}

fn lpa(d: LengthPercentageAuto) -> PropValue {
    compact(d.into_raw())
}

fn lp(d: LengthPercentage) -> PropValue {
    compact(d.into_raw())
}

fn align(a: Option<AlignItems>) -> Option<PropValue> {
    a.map(|a| {
        PropValue::U32(match a {
            AlignItems::Start | AlignItems::FlexStart => 0,
            AlignItems::End | AlignItems::FlexEnd => 1,
            AlignItems::Center => 2,
            AlignItems::Stretch => 3,
            AlignItems::Baseline => 4,
        })
    })
}

/// `entries`' push, not inlined: each of its ~70 `put`s inlined the push
/// and its growth check (snapshots are rare; frames never run this). The
/// `changed` test stays inline: an unchanged property costs no call.
#[inline(never)]
fn push(out: &mut Vec<(u16, PropValue)>, k: u16, val: PropValue) {
    out.push((k, val));
}

/// The non-default properties of `p` as wire entries. A text or image
/// node's colours are always written (`white`): it is created opaque white,
/// not with `Props::default()`'s transparent colours, so transparent must
/// be written to replay as transparent.
pub fn entries(p: &Props, white: bool, out: &mut Vec<(u16, PropValue)>) {
    let d = Props::default();
    let (v, dv) = (&*p.visual, &*d.visual);
    let (s, ds) = (p.style(), d.style());
    let mut put = |k: u16, changed: bool, val: PropValue| {
        if changed {
            push(out, k, val);
        }
    };
    // An x/y written as 0 still sets its inset (an absolute item leaves its static position).
    put(key::X, p.x != d.x || p.xy_set[0], PropValue::F32(p.x));
    put(key::Y, p.y != d.y || p.xy_set[1], PropValue::F32(p.y));
    put(key::W, p.size.width != d.size.width, dim(p.size.width));
    put(key::H, p.size.height != d.size.height, dim(p.size.height));
    put(key::ALPHA, p.alpha != d.alpha, PropValue::F32(p.alpha));
    // One colour is one entry (`color` sets the four corners): a page of
    // flat tiles snapshots in 3 words a node less, and packs better.
    let c = p.colors;
    if let Some(flat) = p.flat_color() {
        put(key::COLOR, c != d.colors || white, PropValue::U32(flat));
    } else {
        for (i, k) in [key::COLOR_TL, key::COLOR_TR, key::COLOR_BL, key::COLOR_BR].into_iter().enumerate() {
            put(k, c[i] != d.colors[i] || white, PropValue::U32(c[i]));
        }
    }
    put(key::Z_INDEX, p.z_index != d.z_index, PropValue::I32(p.z_index));
    put(key::CLIPPING, p.clipping != d.clipping, PropValue::U32(p.clipping as u32));
    // A node without a `Visual` of its own has the defaults: nothing to write.
    if p.visual.is_set() {
        put(key::SCALE_X, v.scale_x != dv.scale_x, PropValue::F32(v.scale_x));
        put(key::SCALE_Y, v.scale_y != dv.scale_y, PropValue::F32(v.scale_y));
        put(key::ROTATION, v.rotation != dv.rotation, PropValue::F32(v.rotation));
        put(key::PIVOT_X, v.pivot[0] != dv.pivot[0], PropValue::F32(v.pivot[0]));
        put(key::PIVOT_Y, v.pivot[1] != dv.pivot[1], PropValue::F32(v.pivot[1]));
        put(key::MOUNT_X, v.mount[0] != dv.mount[0], PropValue::F32(v.mount[0]));
        put(key::MOUNT_Y, v.mount[1] != dv.mount[1], PropValue::F32(v.mount[1]));
    }
    put(key::VISIBLE, p.visible != d.visible, PropValue::U32(p.visible as u32));
    let display = match p.display {
        DisplayMode::Scene => 0,
        DisplayMode::Flex => 1,
        DisplayMode::None => 2,
    };
    put(key::DISPLAY, p.display != d.display, PropValue::U32(display));
    // A node without a style of its own has the defaults: nothing to write.
    if p.style.is_some() {
        let dir = match s.flex_direction {
            FlexDirection::Row => 0,
            FlexDirection::Column => 1,
            FlexDirection::RowReverse => 2,
            FlexDirection::ColumnReverse => 3,
        };
        put(key::FLEX_DIRECTION, s.flex_direction != ds.flex_direction, PropValue::U32(dir));
        let wrap = match s.flex_wrap {
            FlexWrap::NoWrap => 0,
            FlexWrap::Wrap => 1,
            FlexWrap::WrapReverse => 2,
        };
        put(key::FLEX_WRAP, s.flex_wrap != ds.flex_wrap, PropValue::U32(wrap));
        if let Some(j) = s.justify_content {
            let j = match j {
                JustifyContent::End | JustifyContent::FlexEnd => 1,
                JustifyContent::Center => 2,
                JustifyContent::SpaceBetween => 3,
                JustifyContent::SpaceAround => 4,
                JustifyContent::SpaceEvenly => 5,
                _ => 0,
            };
            put(key::JUSTIFY_CONTENT, true, PropValue::U32(j));
        }
        if let Some(a) = align(s.align_items) {
            put(key::ALIGN_ITEMS, true, a);
        }
        if let Some(a) = align(s.align_self) {
            put(key::ALIGN_SELF, true, a);
        }
        if let Some(a) = s.align_content {
            let a = match a {
                AlignContent::End | AlignContent::FlexEnd => 1,
                AlignContent::Center => 2,
                AlignContent::Stretch => 3,
                AlignContent::SpaceBetween => 4,
                AlignContent::SpaceAround => 5,
                AlignContent::SpaceEvenly => 6,
                _ => 0,
            };
            put(key::ALIGN_CONTENT, true, PropValue::U32(a));
        }
        put(key::FLEX_GROW, s.flex_grow != ds.flex_grow, PropValue::F32(s.flex_grow));
        put(key::FLEX_SHRINK, s.flex_shrink != ds.flex_shrink, PropValue::F32(s.flex_shrink));
        put(key::FLEX_BASIS, s.flex_basis != ds.flex_basis, dim(s.flex_basis));
        put(key::ROW_GAP, s.gap.height != ds.gap.height, lp(s.gap.height));
        put(key::COLUMN_GAP, s.gap.width != ds.gap.width, lp(s.gap.width));
        put(key::PADDING_TOP, s.padding.top != ds.padding.top, lp(s.padding.top));
        put(key::PADDING_RIGHT, s.padding.right != ds.padding.right, lp(s.padding.right));
        put(key::PADDING_BOTTOM, s.padding.bottom != ds.padding.bottom, lp(s.padding.bottom));
        put(key::PADDING_LEFT, s.padding.left != ds.padding.left, lp(s.padding.left));
        put(key::MARGIN_TOP, s.margin.top != ds.margin.top, lpa(s.margin.top));
        put(key::MARGIN_RIGHT, s.margin.right != ds.margin.right, lpa(s.margin.right));
        put(key::MARGIN_BOTTOM, s.margin.bottom != ds.margin.bottom, lpa(s.margin.bottom));
        put(key::MARGIN_LEFT, s.margin.left != ds.margin.left, lpa(s.margin.left));
        let abs = s.position == Position::Absolute;
        put(key::POSITION, s.position != ds.position, PropValue::U32(abs as u32));
        put(key::MIN_W, s.min_size.width != ds.min_size.width, dim(s.min_size.width));
        put(key::MIN_H, s.min_size.height != ds.min_size.height, dim(s.min_size.height));
        put(key::MAX_W, s.max_size.width != ds.max_size.width, dim(s.max_size.width));
        put(key::MAX_H, s.max_size.height != ds.max_size.height, dim(s.max_size.height));
    }
    if !p.visual.is_set() {
        return;
    }
    put(key::SCROLL_X, v.scroll[0] != dv.scroll[0], PropValue::F32(v.scroll[0]));
    put(key::SCROLL_Y, v.scroll[1] != dv.scroll[1], PropValue::F32(v.scroll[1]));
    put(key::FOCUSABLE, v.focusable != dv.focusable, PropValue::U32(v.focusable as u32));
    put(key::FOCUS_TRAP, v.focus_trap != dv.focus_trap, PropValue::U32(v.focus_trap as u32));
    put(key::FOCUS_MEMORY, v.focus_memory != dv.focus_memory, PropValue::U32(v.focus_memory as u32));
    put(key::FOCUS_FLOW, v.focus_flow != dv.focus_flow, PropValue::U32(v.focus_flow as u32));
    for (i, k) in [key::FOCUS_LEFT, key::FOCUS_RIGHT, key::FOCUS_UP, key::FOCUS_DOWN].into_iter().enumerate() {
        put(k, v.focus_dir[i] != dv.focus_dir[i], PropValue::U32(v.focus_dir[i]));
    }
    put(key::SCROLL_AXIS, v.scroll_axis != dv.scroll_axis, PropValue::U32(v.scroll_axis));
    put(key::SCROLL_ALIGN, v.scroll_align != dv.scroll_align, PropValue::U32(v.scroll_align));
    put(key::SCROLL_PADDING, v.scroll_padding != dv.scroll_padding, PropValue::F32(v.scroll_padding));
    put(key::SCROLL_DURATION, v.scroll_duration != dv.scroll_duration, PropValue::F32(v.scroll_duration));
    if let Some(f) = v.focus_scale {
        put(key::FOCUS_SCALE, true, PropValue::F32(f));
    }
    if let Some(c) = v.focus_color {
        put(key::FOCUS_COLOR, true, PropValue::U32(c));
    }
    put(key::FOCUS_DURATION, v.focus_duration != dv.focus_duration, PropValue::F32(v.focus_duration));
    for (i, &(fx, k)) in super::node::FOCUS_EFFECT_KEYS.iter().enumerate() {
        let w = v.focus_fx[i];
        let val = if fx == key::BORDER_COLOR || fx == key::SHADOW_COLOR { PropValue::U32(w) } else { PropValue::F32(f32::from_bits(w)) };
        put(k, w != 0, val);
    }
    let (t, dt) = (&v.text, &dv.text);
    put(key::FONT_SIZE, t.font_size != dt.font_size, PropValue::F32(t.font_size));
    put(key::LINE_HEIGHT, t.line_height != dt.line_height, PropValue::F32(t.line_height));
    put(key::LETTER_SPACING, t.letter_spacing != dt.letter_spacing, PropValue::F32(t.letter_spacing));
    put(key::TEXT_ALIGN, t.align != dt.align, PropValue::U32(u32::from(t.align)));
    put(key::VERTICAL_ALIGN, t.valign != dt.valign, PropValue::U32(u32::from(t.valign)));
    put(key::MAX_LINES, t.max_lines != dt.max_lines, PropValue::U32(t.max_lines));
    put(key::TEXT_DIRECTION, t.direction != dt.direction, PropValue::U32(u32::from(t.direction)));
    put(key::FIT, v.fit != dv.fit, PropValue::U32(v.fit));
    put(key::ROLE, v.role != 0, PropValue::U32(u32::from(v.role)));
    put(key::LIVE, v.live != 0, PropValue::U32(u32::from(v.live)));
    if let Some(c) = v.placeholder {
        put(key::PLACEHOLDER_COLOR, true, PropValue::U32(c));
    }
    if let Some(m) = v.preload {
        put(key::PRELOAD, true, PropValue::F32(m));
    }
    // Effects: one word each, written when not zero (their default).
    for (i, &w) in v.effects.0.iter().enumerate() {
        let k = key::RADIUS_TL + i as u16;
        let val = if k == key::BORDER_COLOR || k == key::SHADOW_COLOR { PropValue::U32(w) } else { PropValue::F32(f32::from_bits(w)) };
        put(k, w != 0, val);
    }
}

/// Encodes the whole scene (attached and detached nodes) as one batch.
pub fn encode(scene: &Scene, seq: u32) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    encode_into(scene, &mut b);
    b.finish()
}

/// Appends the commands recreating the whole scene to `b` (the engine's
/// snapshot puts registered fonts before them and gradients after).
pub fn encode_into(scene: &Scene, b: &mut BatchBuilder) {
    let mut props = Vec::with_capacity(64);
    for s in order(scene) {
        encode_node(scene, s, b, &mut props);
    }
}

/// Every live slot in the order the snapshot writes them: the attached tree
/// depth first from the root, then each detached subtree. A node comes
/// after its parent, so the batch can be cut between any two nodes and
/// each part only names nodes made before it.
pub fn order(scene: &Scene) -> Vec<Slot> {
    let mut order: Vec<Slot> = scene.walk();
    for r in scene.detached_roots() {
        let mut stack = vec![r];
        while let Some(s) = stack.pop() {
            order.push(s);
            stack.extend(scene.node(s).children.iter().rev());
        }
    }
    order
}

/// Appends the commands recreating node `s` (created, its properties,
/// inserted into its parent, which the commands before made). `props` is
/// scratch room.
pub fn encode_node(scene: &Scene, s: Slot, b: &mut BatchBuilder, props: &mut Vec<(u16, PropValue)>) {
    let n = scene.node(s);
    if s != ROOT_SLOT {
        b.create(n.id, n.kind);
    }
    props.clear();
    entries(&n.props, matches!(n.kind, crate::protocol::NodeKind::Text | crate::protocol::NodeKind::Image), props);
    // The root starts sized to the viewport (set by the engine): its
    // w/h are written only when the app changed them.
    if s == ROOT_SLOT {
        let (vw, vh) = scene.viewport;
        let size = n.props.size;
        props.retain(|(k, _)| *k != key::W && *k != key::H);
        if size.width != taffy::Dimension::length(vw as f32) {
            props.push((key::W, dim(size.width)));
        }
        if size.height != taffy::Dimension::length(vh as f32) {
            props.push((key::H, dim(size.height)));
        }
    }
    if !props.is_empty() {
        b.set_props(n.id, props);
    }
    for (k, timing) in n.props.visual.transitions.iter().flat_map(|tr| tr.iter().flatten()) {
        b.transition(n.id, *k, timing);
    }
    if !n.text().is_empty() {
        b.set_text(n.id, n.text());
    }
    if !n.src().is_empty() {
        b.set_str(n.id, key::SRC, n.src());
    }
    if !n.font_family().is_empty() {
        b.set_str(n.id, key::FONT_FAMILY, n.font_family());
    }
    if let Some(suffix) = n.overflow_suffix() {
        b.set_str(n.id, key::OVERFLOW_SUFFIX, suffix);
    }
    if let Some(t) = &n.a11y {
        b.set_str(n.id, key::LABEL, &t.label);
        b.set_str(n.id, key::DESCRIPTION, &t.description);
    }
    if s != ROOT_SLOT && n.parent != NO_SLOT {
        b.insert(scene.node(n.parent).id, n.id, NONE);
    }
}
