//! Text layout: paragraphs, UAX #14 line breaking, `maxLines` with the
//! overflow suffix, UAX #9 bidi reordering, kerning and letter spacing.
//!
//! Input is a string and a [`TextStyle`]; output ([`Laid`]) is lines of
//! glyphs in visual order with pen positions relative to the line start and
//! the block's top. Alignment is applied later, when the display list is
//! built, from each line's width and the node's final width, so a change of
//! `textAlign` or of the node's size beyond the wrap width needs no
//! re-layout.
//!
//! Without the `shaping` feature each character maps to one glyph through
//! the font's cmap (with fallback to other registered fonts), advances come
//! from `hmtx`, and kerning from the `kern` table between logically
//! adjacent characters of the same direction. With `shaping`, each visual
//! run of a line is shaped by rustybuzz (Arabic joining, Indic reordering,
//! GPOS kerning and marks); line breaking still measures unshaped advances.
//!
//! Everything is plain f32 arithmetic (no transcendental functions), so
//! the native engine and `engine.wasm` lay text out bit for bit alike.

use unicode_bidi::ParagraphBidiInfo;
use unicode_linebreak::{linebreaks, BreakOpportunity};

use super::bidi_class::BidiTable;
use super::font::Fonts;
use super::TextStyle;

/// A positioned glyph.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LGlyph {
    /// Font index.
    pub font: u16,
    /// Glyph id in that font.
    pub glyph: u16,
    /// Pen x from the line's start (px).
    pub x: f32,
    /// Offset from the baseline, y down (px; shaping marks).
    pub y: f32,
}

/// One laid-out line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LLine {
    /// First glyph index.
    pub start: u32,
    /// One past the last glyph index.
    pub end: u32,
    /// Visible width (trailing spaces excluded, suffix included).
    pub width: f32,
    /// Baseline from the block's top (px).
    pub baseline: f32,
}

/// A laid-out text block.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Laid {
    /// Glyphs of every line, line after line, each line in visual order.
    pub glyphs: Vec<LGlyph>,
    /// Lines, top to bottom.
    pub lines: Vec<LLine>,
    /// Width of the widest line.
    pub width: f32,
    /// Height of the block (`lines * lineHeight`).
    pub height: f32,
    /// Font size the glyphs are for.
    pub font_size: f32,
    /// True when `maxLines` cut the text.
    pub truncated: bool,
}

#[derive(Clone, Copy, Debug)]
struct CharInfo {
    byte: usize,
    ch: char,
    font: u16,
    glyph: u16,
    adv: f32,
    ws: bool,
    brk: u8,
}

const BRK_NONE: u8 = 0;
const BRK_ALLOWED: u8 = 1;
const BRK_MANDATORY: u8 = 2;
/// Slack so that a width measured and then given back does not wrap.
const EPS: f32 = 0.01;

/// What to lay out. A `max_width` of 0 means min-content: every break
/// opportunity is taken and no word is broken.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    /// The text.
    pub text: &'a str,
    /// Suffix for a line cut by `maxLines`.
    pub suffix: &'a str,
    /// The style.
    pub style: &'a TextStyle,
    /// Primary font (None: no font registered: nothing is drawn).
    pub font: Option<u16>,
    /// Wrap width (None: lines break only at newlines).
    pub max_width: Option<f32>,
}

/// Vertical metrics at the style's size: ascent, descent (positive down),
/// line height.
fn vmetrics(fonts: &Fonts, font: Option<u16>, st: &TextStyle) -> (f32, f32, f32) {
    let (asc, desc, gap) = match font.and_then(|f| fonts.get(f)) {
        Some(f) => {
            let s = f.scale(st.font_size);
            (f.metrics[0] * s, -f.metrics[1] * s, f.metrics[2] * s)
        }
        None => (st.font_size * 0.8, st.font_size * 0.2, 0.0),
    };
    let lh = if st.line_height > 0.0 { st.line_height } else { asc + desc + gap };
    (asc, desc, lh)
}

fn char_infos(fonts: &Fonts, primary: u16, text: &str, base: usize, st: &TextStyle, out: &mut Vec<CharInfo>) {
    out.clear();
    for (i, ch) in text.char_indices() {
        let (font, glyph) = fonts.glyph_with_fallback(primary, ch);
        let adv = fonts.get(font).map_or(0.0, |f| f.advance_unscaled(ch, glyph) * f.scale(st.font_size));
        let control = ch.is_control();
        out.push(CharInfo {
            byte: base + i,
            ch,
            font,
            glyph: glyph.0,
            adv: if control { 0.0 } else { adv + st.letter_spacing },
            ws: ch.is_whitespace() || control,
            brk: BRK_NONE,
        });
    }
}

fn visible_width(chars: &[CharInfo]) -> f32 {
    let end = chars.iter().rposition(|c| !c.ws).map_or(0, |i| i + 1);
    chars[..end].iter().map(|c| c.adv).sum()
}

/// Lays `inp` out into `out` (reusing its vectors).
pub fn layout(fonts: &Fonts, inp: &Input<'_>, out: &mut Laid) {
    out.glyphs.clear();
    out.lines.clear();
    out.width = 0.0;
    out.height = 0.0;
    out.truncated = false;
    out.font_size = inp.style.font_size;
    let (asc, desc, lh) = vmetrics(fonts, inp.font, inp.style);
    if inp.text.is_empty() {
        return;
    }
    let primary = inp.font.unwrap_or(0);
    let max_lines = if inp.style.max_lines == 0 { usize::MAX } else { inp.style.max_lines as usize };
    let mut chars: Vec<CharInfo> = Vec::new();
    let mut suffix: Vec<CharInfo> = Vec::new();
    if inp.font.is_some() {
        char_infos(fonts, primary, inp.suffix, 0, inp.style, &mut suffix);
    }
    let level = match inp.style.direction {
        1 => Some(unicode_bidi::Level::ltr()),
        2 => Some(unicode_bidi::Level::rtl()),
        _ => None,
    };
    // Paragraphs: split at '\n' (a "\r\n" leaves a control '\r' of no width).
    let mut base = 0usize;
    let paras: Vec<&str> = inp.text.split('\n').collect();
    let mut lines: Vec<(usize, usize)> = Vec::new();
    'paras: for (pi, para) in paras.iter().enumerate() {
        let para_base = base;
        base += para.len() + 1;
        if inp.font.is_some() {
            char_infos(fonts, primary, para, para_base, inp.style, &mut chars);
        } else {
            chars.clear();
        }
        if chars.is_empty() {
            // An empty paragraph is one empty line.
            if out.lines.len() >= max_lines {
                out.truncated = true;
                break 'paras;
            }
            push_line(out, 0.0, lh, asc, desc);
            continue;
        }
        let bidi = ParagraphBidiInfo::new_with_data_source(&BidiTable, para, level);
        // Kerning between logically adjacent characters of one font and level.
        for i in 0..chars.len().saturating_sub(1) {
            let (a, b) = (chars[i], chars[i + 1]);
            let la = bidi.levels[a.byte - para_base];
            if a.font == b.font && la == bidi.levels[b.byte - para_base] && !la.is_rtl() {
                if let Some(f) = fonts.get(a.font) {
                    let k = f.kern_unscaled(a.ch, ab_glyph::GlyphId(a.glyph), b.ch, ab_glyph::GlyphId(b.glyph));
                    chars[i].adv += k * f.scale(inp.style.font_size);
                }
            }
        }
        // UAX #14 break opportunities, as "may break before char i".
        let mut ci = 0;
        for (byte, opp) in linebreaks(para) {
            let byte = para_base + byte;
            while ci < chars.len() && chars[ci].byte < byte {
                ci += 1;
            }
            if ci < chars.len() && chars[ci].byte == byte {
                chars[ci].brk = match opp {
                    BreakOpportunity::Mandatory => BRK_MANDATORY,
                    BreakOpportunity::Allowed => BRK_ALLOWED,
                };
            }
        }
        // Greedy line filling.
        lines.clear();
        let mut start = 0usize;
        let mut width = 0.0f32;
        let mut last_break: Option<usize> = None;
        for i in 0..chars.len() {
            let c = chars[i];
            if i > start && c.brk == BRK_MANDATORY {
                lines.push((start, i));
                start = i;
                width = 0.0;
                last_break = None;
            } else if i > start && c.brk == BRK_ALLOWED {
                last_break = Some(i);
            }
            if let Some(maxw) = inp.max_width {
                // A width of 0 asks for the min-content size: break at every
                // opportunity but never inside a word.
                if !c.ws && i > start && width + c.adv > maxw + EPS && (maxw > 0.0 || last_break.is_some()) {
                    let b = last_break.unwrap_or(i);
                    lines.push((start, b));
                    start = b;
                    last_break = None;
                    width = chars[b..i].iter().map(|c| c.adv).sum();
                }
            }
            width += c.adv;
        }
        lines.push((start, chars.len()));
        let more_paras = pi + 1 < paras.len();
        for (li, &(a, b)) in lines.iter().enumerate() {
            if out.lines.len() + 1 == max_lines && (li + 1 < lines.len() || more_paras) {
                emit_line(fonts, inp, &bidi, para_base, &chars[a..b], Some(&suffix), out);
                let w = out.lines.last().map_or(0.0, |l| l.width);
                finish_line(out, w, lh, asc, desc);
                out.truncated = true;
                break 'paras;
            }
            emit_line(fonts, inp, &bidi, para_base, &chars[a..b], None, out);
            let w = out.lines.last().map_or(0.0, |l| l.width);
            finish_line(out, w, lh, asc, desc);
        }
    }
}

fn push_line(out: &mut Laid, width: f32, lh: f32, asc: f32, desc: f32) {
    let n = out.glyphs.len() as u32;
    out.lines.push(LLine { start: n, end: n, width, baseline: 0.0 });
    finish_line(out, width, lh, asc, desc);
}

/// Sets the last line's baseline and grows the block.
fn finish_line(out: &mut Laid, width: f32, lh: f32, asc: f32, desc: f32) {
    let i = out.lines.len() - 1;
    let top = i as f32 * lh;
    out.lines[i].baseline = top + (lh - (asc + desc)) * 0.5 + asc;
    out.height = top + lh;
    if width > out.width {
        out.width = width;
    }
}

/// Places one line's characters (logical slice `line`) in visual order,
/// optionally cut to fit and ended with `suffix`.
fn emit_line(
    fonts: &Fonts,
    inp: &Input<'_>,
    bidi: &ParagraphBidiInfo<'_>,
    para_base: usize,
    line: &[CharInfo],
    suffix: Option<&[CharInfo]>,
    out: &mut Laid,
) {
    let mut end = line.iter().rposition(|c| !c.ws).map_or(0, |i| i + 1);
    let sw: f32 = suffix.map_or(0.0, |s| s.iter().map(|c| c.adv).sum());
    if suffix.is_some() {
        if let Some(maxw) = inp.max_width {
            while end > 0 && visible_width(&line[..end]) + sw > maxw + EPS {
                end -= 1;
            }
            end = line[..end].iter().rposition(|c| !c.ws).map_or(0, |i| i + 1);
        }
    }
    let start_glyph = out.glyphs.len() as u32;
    let rtl_para = bidi.paragraph_level.is_rtl();
    let mut pen = 0.0f32;
    let place_suffix = |out: &mut Laid, pen: &mut f32| {
        if let Some(s) = suffix {
            let mut put = |c: &CharInfo| {
                if !c.ws {
                    out.glyphs.push(LGlyph { font: c.font, glyph: c.glyph, x: *pen, y: 0.0 });
                }
                *pen += c.adv;
            };
            if rtl_para {
                s.iter().rev().for_each(&mut put);
            } else {
                s.iter().for_each(&mut put);
            }
        }
    };
    if rtl_para {
        place_suffix(out, &mut pen);
    }
    if end > 0 {
        let range = (line[0].byte - para_base)..(line[end - 1].byte - para_base + line[end - 1].ch.len_utf8());
        let (levels, runs) = bidi.visual_runs(range);
        for run in runs {
            let rtl = levels[run.start].is_rtl();
            let a = line.partition_point(|c| c.byte - para_base < run.start);
            let b = line.partition_point(|c| c.byte - para_base < run.end).min(end);
            if a >= b {
                continue;
            }
            #[cfg(feature = "shaping")]
            {
                if shape_run(fonts, inp, &line[a..b], rtl, &mut pen, out) {
                    continue;
                }
            }
            let mut put = |c: &CharInfo| {
                if !c.ws {
                    out.glyphs.push(LGlyph { font: c.font, glyph: c.glyph, x: pen, y: 0.0 });
                }
                pen += c.adv;
            };
            if rtl {
                line[a..b].iter().rev().for_each(&mut put);
            } else {
                line[a..b].iter().for_each(&mut put);
            }
        }
    }
    if !rtl_para {
        place_suffix(out, &mut pen);
    }
    let _ = fonts;
    out.lines.push(LLine { start: start_glyph, end: out.glyphs.len() as u32, width: pen, baseline: 0.0 });
}

/// Shapes one visual run with rustybuzz (all of it in the first
/// character's font). Returns false when the run cannot be shaped (then
/// the caller places characters one by one).
#[cfg(feature = "shaping")]
fn shape_run(fonts: &Fonts, inp: &Input<'_>, run: &[CharInfo], rtl: bool, pen: &mut f32, out: &mut Laid) -> bool {
    let font = run[0].font;
    let Some(f) = fonts.get(font) else { return false };
    let Some(face) = rustybuzz::Face::from_slice(f.font.as_slice(), 0) else { return false };
    let mut buf = rustybuzz::UnicodeBuffer::new();
    for c in run {
        buf.add(c.ch, c.byte as u32);
    }
    buf.set_direction(if rtl { rustybuzz::Direction::RightToLeft } else { rustybuzz::Direction::LeftToRight });
    buf.guess_segment_properties();
    let shaped = rustybuzz::shape(&face, &[], buf);
    let s = f.scale(inp.style.font_size);
    let mut last_cluster = u32::MAX;
    for (info, pos) in shaped.glyph_infos().iter().zip(shaped.glyph_positions()) {
        let ws = run.iter().find(|c| c.byte as u32 == info.cluster).is_some_and(|c| c.ws);
        if !ws {
            out.glyphs.push(LGlyph {
                font,
                glyph: info.glyph_id as u16,
                x: *pen + pos.x_offset as f32 * s,
                y: -(pos.y_offset as f32) * s,
            });
        }
        *pen += pos.x_advance as f32 * s;
        if info.cluster != last_cluster {
            *pen += inp.style.letter_spacing;
            last_cluster = info.cluster;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fonts() -> Fonts {
        let mut f = Fonts::default();
        let data = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font");
        f.register("DejaVu Sans".into(), data);
        f
    }

    fn lay(fonts: &Fonts, text: &str, st: TextStyle, max_width: Option<f32>) -> Laid {
        let mut out = Laid::default();
        layout(fonts, &Input { text, suffix: "…", style: &st, font: Some(0), max_width }, &mut out);
        out
    }

    fn line_text(fonts: &Fonts, laid: &Laid, i: usize) -> String {
        // Reverse-map glyphs to characters through the cmap (test text is simple).
        let l = laid.lines[i];
        let f = &fonts.get(0).expect("test").font;
        laid.glyphs[l.start as usize..l.end as usize]
            .iter()
            .map(|g| {
                (' '..='\u{5FF}')
                    .chain(['…', '\u{5D0}'])
                    .find(|&c| ab_glyph::Font::glyph_id(f, c).0 == g.glyph)
                    .unwrap_or('?')
            })
            .collect()
    }

    #[test]
    fn wraps_at_word_boundaries() {
        let f = fonts();
        let st = TextStyle { font_size: 20.0, ..TextStyle::DEFAULT };
        let one = lay(&f, "hello world again", st, None);
        assert_eq!(one.lines.len(), 1);
        let w = lay(&f, "hello", st, None).width;
        let laid = lay(&f, "hello world again", st, Some(w * 1.5));
        assert_eq!(laid.lines.len(), 3, "{laid:?}");
        assert_eq!(line_text(&f, &laid, 0), "hello");
        assert_eq!(line_text(&f, &laid, 1), "world");
        assert_eq!(line_text(&f, &laid, 2), "again");
        assert!(laid.width <= w * 1.5);
        // Line height: the font's natural one, lines stacked.
        assert!((laid.height - 3.0 * (laid.lines[1].baseline - laid.lines[0].baseline)).abs() < 1e-3);
    }

    #[test]
    fn long_word_breaks_anywhere() {
        let f = fonts();
        let st = TextStyle { font_size: 20.0, ..TextStyle::DEFAULT };
        let laid = lay(&f, "abcdefghijklmnop", st, Some(50.0));
        assert!(laid.lines.len() > 2);
        for l in &laid.lines {
            assert!(l.width <= 50.0 + EPS);
        }
    }

    #[test]
    fn newline_is_mandatory() {
        let f = fonts();
        let laid = lay(&f, "a\nb\n\nc", TextStyle::DEFAULT, None);
        assert_eq!(laid.lines.len(), 4);
    }

    #[test]
    fn max_lines_ellipsis() {
        let f = fonts();
        let st = TextStyle { font_size: 20.0, max_lines: 2, ..TextStyle::DEFAULT };
        let laid = lay(&f, "one two three four five six seven", st, Some(80.0));
        assert_eq!(laid.lines.len(), 2);
        assert!(laid.truncated);
        let last = line_text(&f, &laid, 1);
        assert!(last.ends_with('…'), "{last}");
        assert!(laid.lines[1].width <= 80.0 + EPS);
        // Without a limit there are more lines and no suffix.
        let all = lay(&f, "one two three four five six seven", TextStyle { max_lines: 0, ..st }, Some(80.0));
        assert!(all.lines.len() > 2 && !all.truncated);
    }

    #[test]
    fn letter_spacing_and_line_height() {
        let f = fonts();
        let st = TextStyle { font_size: 20.0, ..TextStyle::DEFAULT };
        let a = lay(&f, "abcd", st, None);
        let b = lay(&f, "abcd", TextStyle { letter_spacing: 3.0, ..st }, None);
        assert!((b.width - a.width - 12.0).abs() < 1e-3);
        let c = lay(&f, "a\nb", TextStyle { line_height: 40.0, ..st }, None);
        assert_eq!(c.height, 80.0);
        assert!((c.lines[1].baseline - c.lines[0].baseline - 40.0).abs() < 1e-4);
    }

    #[test]
    fn kerning_applies() {
        let f = fonts();
        let st = TextStyle { font_size: 40.0, ..TextStyle::DEFAULT };
        let av = lay(&f, "AV", st, None).width;
        let a = lay(&f, "A", st, None).width;
        let v = lay(&f, "V", st, None).width;
        assert!(av < a + v, "AV {av} should kern tighter than A {a} + V {v}");
    }

    #[test]
    fn bidi_reorders_rtl_runs() {
        let f = fonts();
        // Hebrew alef-bet-gimel in an LTR paragraph: displayed right to left.
        let laid = lay(&f, "ab \u{5D0}\u{5D1}\u{5D2}", TextStyle::DEFAULT, None);
        let g = |c: char| ab_glyph::Font::glyph_id(&f.get(0).expect("test").font, c).0;
        let ids: Vec<u16> = laid.glyphs.iter().map(|x| x.glyph).collect();
        assert_eq!(ids, vec![g('a'), g('b'), g('\u{5D2}'), g('\u{5D1}'), g('\u{5D0}')]);
        // Positions increase left to right.
        assert!(laid.glyphs.windows(2).all(|w| w[0].x < w[1].x));
        // An RTL paragraph puts the Latin run on the left of the Hebrew.
        let st = TextStyle { direction: 2, ..TextStyle::DEFAULT };
        let laid = lay(&f, "\u{5D0}\u{5D1} ab", st, None);
        let ids: Vec<u16> = laid.glyphs.iter().map(|x| x.glyph).collect();
        assert_eq!(ids, vec![g('a'), g('b'), g('\u{5D1}'), g('\u{5D0}')]);
    }

    #[test]
    fn rtl_ellipsis_goes_left() {
        let f = fonts();
        let st = TextStyle { max_lines: 1, direction: 2, ..TextStyle::DEFAULT };
        let laid = lay(&f, "\u{5D0}\u{5D1}\u{5D2} \u{5D3}\u{5D4}\u{5D5} \u{5D0}\u{5D1}\u{5D2}", st, Some(80.0));
        let g = |c: char| ab_glyph::Font::glyph_id(&f.get(0).expect("test").font, c).0;
        assert_eq!(laid.glyphs[0].glyph, g('…'));
    }

    #[test]
    fn no_font_no_glyphs() {
        let f = Fonts::default();
        let mut out = Laid::default();
        layout(&f, &Input { text: "abc", suffix: "…", style: &TextStyle::DEFAULT, font: None, max_width: None }, &mut out);
        assert!(out.glyphs.is_empty());
        assert_eq!(out.width, 0.0);
    }
}

#[cfg(test)]
mod rtl_words {
    use super::*;

    #[test]
    fn rtl_words_right_to_left() {
        let mut f = Fonts::default();
        f.register("d".into(), std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("test"));
        let g = |c: char| ab_glyph::Font::glyph_id(&f.get(0).expect("test").font, c).0;
        let st = TextStyle { direction: 2, ..TextStyle::DEFAULT };
        let mut out = Laid::default();
        layout(&f, &Input { text: "\u{5D0}\u{5D1} \u{5D2}\u{5D3}", suffix: "…", style: &st, font: Some(0), max_width: None }, &mut out);
        let ids: Vec<u16> = out.glyphs.iter().map(|x| x.glyph).collect();
        // Visual, left to right: the second word (dalet gimel) then the first (bet alef).
        assert_eq!(ids, vec![g('\u{5D3}'), g('\u{5D2}'), g('\u{5D1}'), g('\u{5D0}')]);
    }
}

#[cfg(all(test, feature = "shaping"))]
mod shaping_tests {
    use super::*;

    #[test]
    fn arabic_letters_join() {
        let mut f = Fonts::default();
        f.register("d".into(), std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("test"));
        let st = TextStyle { direction: 2, ..TextStyle::DEFAULT };
        let mut out = Laid::default();
        // beh beh beh: initial, medial, final forms differ from the isolated one.
        layout(&f, &Input { text: "\u{628}\u{628}\u{628}", suffix: "…", style: &st, font: Some(0), max_width: None }, &mut out);
        let isolated = ab_glyph::Font::glyph_id(&f.get(0).expect("test").font, '\u{628}').0;
        assert_eq!(out.glyphs.len(), 3);
        assert!(out.glyphs.iter().all(|g| g.glyph != isolated), "{:?}", out.glyphs);
    }
}
