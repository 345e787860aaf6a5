//! Writing one validated property value into a node's [`Props`].
//!
//! The mapping from wire keys to fields is the only place that knows both
//! the protocol's property table and taffy's style type.

use super::node::{default_style, DisplayMode, Props, Visual};
use crate::protocol::props::{key, PropValue};
use crate::protocol::NONE;
use taffy::prelude::*;
use taffy::style::{AlignContent, AlignItems, FlexDirection, FlexWrap, JustifyContent, Position};

fn dim(v: PropValue, default: Dimension) -> Dimension {
    match v {
        PropValue::F32(x) => Dimension::length(x),
        PropValue::Percent(p) => Dimension::percent(p),
        PropValue::Auto => Dimension::auto(),
        _ => default,
    }
}

fn lpa(v: PropValue, default: LengthPercentageAuto) -> LengthPercentageAuto {
    match v {
        PropValue::F32(x) => LengthPercentageAuto::length(x),
        PropValue::Percent(p) => LengthPercentageAuto::percent(p),
        PropValue::Auto => LengthPercentageAuto::auto(),
        _ => default,
    }
}

fn lp(v: PropValue, default: LengthPercentage) -> LengthPercentage {
    match v {
        PropValue::F32(x) => LengthPercentage::length(x),
        PropValue::Percent(p) => LengthPercentage::percent(p),
        _ => default,
    }
}

fn num(v: PropValue, default: f32) -> f32 {
    match v {
        PropValue::F32(x) => x,
        _ => default,
    }
}

fn word(v: PropValue, default: u32) -> u32 {
    match v {
        PropValue::U32(x) => x,
        _ => default,
    }
}

fn align(v: u32) -> Option<AlignItems> {
    match v {
        0 => Some(AlignItems::Start),
        1 => Some(AlignItems::End),
        2 => Some(AlignItems::Center),
        3 => Some(AlignItems::Stretch),
        4 => Some(AlignItems::Baseline),
        _ => None,
    }
}

/// Writes `value` (already validated against the property table, so only
/// accepted types reach here) to property `k`. `RESET` restores the default.
pub fn apply(p: &mut Props, k: u16, value: PropValue) {
    let reset = value == PropValue::Reset;
    if (key::FLEX_DIRECTION..=key::MAX_H).contains(&k) {
        apply_layout(p.style_mut(), k, value, reset);
        return;
    }
    let ds = default_style();
    let c = &mut p.colors;
    match k {
        key::X => p.x = num(value, 0.0),
        key::Y => p.y = num(value, 0.0),
        key::W => p.size.width = dim(value, ds.size.width),
        key::H => p.size.height = dim(value, ds.size.height),
        key::ALPHA => p.alpha = num(value, 1.0),
        key::COLOR => *c = [word(value, 0); 4],
        key::COLOR_TOP => (c[0], c[1]) = (word(value, 0), word(value, 0)),
        key::COLOR_BOTTOM => (c[2], c[3]) = (word(value, 0), word(value, 0)),
        key::COLOR_LEFT => (c[0], c[2]) = (word(value, 0), word(value, 0)),
        key::COLOR_RIGHT => (c[1], c[3]) = (word(value, 0), word(value, 0)),
        key::COLOR_TL => c[0] = word(value, 0),
        key::COLOR_TR => c[1] = word(value, 0),
        key::COLOR_BL => c[2] = word(value, 0),
        key::COLOR_BR => c[3] = word(value, 0),
        key::Z_INDEX => {
            p.z_index = match value {
                PropValue::I32(z) => z,
                _ => 0,
            }
        }
        key::CLIPPING => p.clipping = word(value, 0) == 1,
        key::VISIBLE => p.visible = reset || word(value, 1) == 1,
        key::DISPLAY => {
            p.display = match word(value, 0) {
                1 => DisplayMode::Flex,
                2 => DisplayMode::None,
                _ => DisplayMode::Scene,
            };
        }
        _ => apply_visual(&mut p.visual, k, value, reset),
    }
    // x/y are the left/top insets of a flex item (absolute: its position;
    // relative: an offset). Each sets only its own: an unset (or reset) one
    // stays auto, so an absolute item keeps its static position on that axis.
    // `w`/`h`/`display` are mirrored into the style (when there is one).
    let (x, y, display) = (p.x, p.y, p.display);
    if k == key::X || k == key::Y {
        p.xy_set[usize::from(k == key::Y)] = !reset;
    }
    let Some(s) = p.style.as_deref_mut() else { return };
    let inset = |x: f32| if reset { LengthPercentageAuto::auto() } else { LengthPercentageAuto::length(x) };
    match k {
        key::X => s.inset.left = inset(x),
        key::Y => s.inset.top = inset(y),
        key::W | key::H => s.size = p.size,
        key::DISPLAY => s.display = if display == DisplayMode::None { Display::None } else { Display::Flex },
        _ => {}
    }
}

/// Writes a property kept in the node's [`Visual`] (made by this first
/// write if the node had none).
fn apply_visual(v: &mut Visual, k: u16, value: PropValue, reset: bool) {
    let dv = &Visual::DEFAULT;
    match k {
        key::SCALE => {
            v.scale_x = num(value, 1.0);
            v.scale_y = num(value, 1.0);
        }
        key::SCALE_X => v.scale_x = num(value, 1.0),
        key::SCALE_Y => v.scale_y = num(value, 1.0),
        key::ROTATION => v.rotation = num(value, 0.0),
        key::PIVOT => v.pivot = [num(value, 0.5); 2],
        key::PIVOT_X => v.pivot[0] = num(value, 0.5),
        key::PIVOT_Y => v.pivot[1] = num(value, 0.5),
        key::MOUNT => v.mount = [num(value, 0.0); 2],
        key::MOUNT_X => v.mount[0] = num(value, 0.0),
        key::MOUNT_Y => v.mount[1] = num(value, 0.0),
        key::SCROLL_X => v.scroll[0] = num(value, 0.0),
        key::SCROLL_Y => v.scroll[1] = num(value, 0.0),
        key::FOCUSABLE => v.focusable = word(value, 0) == 1,
        key::FOCUS_TRAP => v.focus_trap = word(value, 0) == 1,
        key::FOCUS_MEMORY => v.focus_memory = word(value, 0) == 1,
        key::FOCUS_FLOW => v.focus_flow = word(value, 0) as u8,
        key::FOCUS_LEFT => v.focus_dir[0] = word(value, NONE),
        key::FOCUS_RIGHT => v.focus_dir[1] = word(value, NONE),
        key::FOCUS_UP => v.focus_dir[2] = word(value, NONE),
        key::FOCUS_DOWN => v.focus_dir[3] = word(value, NONE),
        key::SCROLL_AXIS => v.scroll_axis = word(value, 0),
        key::SCROLL_ALIGN => v.scroll_align = word(value, 0),
        key::SCROLL_PADDING => v.scroll_padding = num(value, dv.scroll_padding),
        key::SCROLL_DURATION => v.scroll_duration = num(value, dv.scroll_duration),
        key::FOCUS_SCALE => v.focus_scale = if reset { None } else { Some(num(value, 1.0)) },
        key::FOCUS_COLOR => v.focus_color = if reset { None } else { Some(word(value, 0)) },
        key::FOCUS_DURATION => v.focus_duration = num(value, dv.focus_duration),
        key::FOCUS_BORDER_COLOR | key::FOCUS_BORDER_WIDTH | key::FOCUS_SHADOW_COLOR | key::FOCUS_SHADOW_BLUR => {
            let i = super::node::FOCUS_EFFECT_KEYS.iter().position(|&(_, f)| f == k).unwrap_or(0);
            v.focus_fx[i] = match value {
                PropValue::F32(x) => x.to_bits(),
                PropValue::U32(c) => c,
                _ => 0,
            };
        }
        key::FONT_SIZE => v.text.font_size = num(value, dv.text.font_size),
        key::LINE_HEIGHT => v.text.line_height = num(value, dv.text.line_height),
        key::LETTER_SPACING => v.text.letter_spacing = num(value, dv.text.letter_spacing),
        key::TEXT_ALIGN => v.text.align = word(value, 0) as u8,
        key::VERTICAL_ALIGN => v.text.valign = word(value, 0) as u8,
        key::MAX_LINES => v.text.max_lines = word(value, 0),
        key::TEXT_DIRECTION => v.text.direction = word(value, 0) as u8,
        key::FIT => v.fit = word(value, 0),
        key::PLACEHOLDER_COLOR => v.placeholder = if reset { None } else { Some(word(value, 0)) },
        key::PRELOAD => v.preload = if reset { None } else { Some(num(value, 0.0)) },
        key::ROLE => v.role = word(value, 0) as u8,
        key::LIVE => v.live = word(value, 0) as u8,
        // Effects: one word each (see `Effects`); `radius` sets the four corners.
        key::RADIUS..=key::SRC_H => {
            let bits = match value {
                PropValue::F32(x) => x.to_bits(),
                PropValue::U32(c) => c,
                _ => 0,
            };
            let e = &mut v.effects.0;
            if k == key::RADIUS {
                e[..4].fill(bits);
            } else {
                e[usize::from(k - key::RADIUS_TL) % e.len()] = bits;
            }
        }
        _ => {}
    }
}

/// Writes a layout property kept only in taffy's style (keys
/// `FLEX_DIRECTION..=MAX_H`).
fn apply_layout(s: &mut Style, k: u16, value: PropValue, reset: bool) {
    let ds = default_style();
    match k {
        key::FLEX_DIRECTION => {
            s.flex_direction = match word(value, 0) {
                1 => FlexDirection::Column,
                2 => FlexDirection::RowReverse,
                3 => FlexDirection::ColumnReverse,
                _ => FlexDirection::Row,
            }
        }
        key::FLEX_WRAP => {
            s.flex_wrap = match word(value, 0) {
                1 => FlexWrap::Wrap,
                2 => FlexWrap::WrapReverse,
                _ => FlexWrap::NoWrap,
            }
        }
        key::JUSTIFY_CONTENT => {
            s.justify_content = if reset {
                None
            } else {
                match word(value, 0) {
                    1 => Some(JustifyContent::End),
                    2 => Some(JustifyContent::Center),
                    3 => Some(JustifyContent::SpaceBetween),
                    4 => Some(JustifyContent::SpaceAround),
                    5 => Some(JustifyContent::SpaceEvenly),
                    _ => Some(JustifyContent::Start),
                }
            }
        }
        key::ALIGN_ITEMS => s.align_items = if reset { None } else { align(word(value, 3)) },
        key::ALIGN_SELF => s.align_self = if reset { None } else { align(word(value, 3)) },
        key::ALIGN_CONTENT => {
            s.align_content = if reset {
                None
            } else {
                match word(value, 0) {
                    1 => Some(AlignContent::End),
                    2 => Some(AlignContent::Center),
                    3 => Some(AlignContent::Stretch),
                    4 => Some(AlignContent::SpaceBetween),
                    5 => Some(AlignContent::SpaceAround),
                    6 => Some(AlignContent::SpaceEvenly),
                    _ => Some(AlignContent::Start),
                }
            }
        }
        key::FLEX_GROW => s.flex_grow = num(value, ds.flex_grow),
        key::FLEX_SHRINK => s.flex_shrink = num(value, ds.flex_shrink),
        key::FLEX_BASIS => s.flex_basis = dim(value, ds.flex_basis),
        key::GAP => {
            s.gap.width = lp(value, ds.gap.width);
            s.gap.height = lp(value, ds.gap.height);
        }
        key::ROW_GAP => s.gap.height = lp(value, ds.gap.height),
        key::COLUMN_GAP => s.gap.width = lp(value, ds.gap.width),
        key::PADDING => {
            let x = lp(value, ds.padding.top);
            s.padding = Rect { top: x, right: x, bottom: x, left: x };
        }
        key::PADDING_TOP => s.padding.top = lp(value, ds.padding.top),
        key::PADDING_RIGHT => s.padding.right = lp(value, ds.padding.right),
        key::PADDING_BOTTOM => s.padding.bottom = lp(value, ds.padding.bottom),
        key::PADDING_LEFT => s.padding.left = lp(value, ds.padding.left),
        key::MARGIN => {
            let x = lpa(value, ds.margin.top);
            s.margin = Rect { top: x, right: x, bottom: x, left: x };
        }
        key::MARGIN_TOP => s.margin.top = lpa(value, ds.margin.top),
        key::MARGIN_RIGHT => s.margin.right = lpa(value, ds.margin.right),
        key::MARGIN_BOTTOM => s.margin.bottom = lpa(value, ds.margin.bottom),
        key::MARGIN_LEFT => s.margin.left = lpa(value, ds.margin.left),
        key::POSITION => {
            s.position = if word(value, 0) == 1 { Position::Absolute } else { Position::Relative }
        }
        key::MIN_W => s.min_size.width = dim(value, ds.min_size.width),
        key::MIN_H => s.min_size.height = dim(value, ds.min_size.height),
        key::MAX_W => s.max_size.width = dim(value, ds.max_size.width),
        key::MAX_H => s.max_size.height = dim(value, ds.max_size.height),
        _ => {}
    }
}
