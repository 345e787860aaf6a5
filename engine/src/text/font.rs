//! Registered fonts: `REGISTER_FONT` validation and the family registry.

use core::cell::Cell;

use ab_glyph::{Font, FontVec, GlyphId};

use crate::protocol::ErrorKind;

/// Checks a `REGISTER_FONT` payload: a non-empty family and bytes that
/// parse as a TrueType/OpenType font with glyphs and a sane em.
pub fn validate(family: &str, data: &[u8]) -> Result<(), ErrorKind> {
    if family.is_empty() {
        return Err(ErrorKind::BadFont("the family name is empty"));
    }
    if family.len() > 256 {
        return Err(ErrorKind::BadFont("the family name is longer than 256 bytes"));
    }
    if data.is_empty() {
        return Err(ErrorKind::BadFont("no font bytes"));
    }
    let font = ab_glyph::FontRef::try_from_slice(data)
        .map_err(|_| ErrorKind::BadFont("not a TrueType/OpenType font"))?;
    match font.units_per_em() {
        Some(u) if u >= 16.0 => {}
        _ => return Err(ErrorKind::BadFont("the font has no valid unitsPerEm")),
    }
    if font.glyph_count() < 2 {
        return Err(ErrorKind::BadFont("the font has no glyphs"));
    }
    Ok(())
}

/// One registered font.
#[derive(Debug)]
pub struct FontEntry {
    /// Family name as registered.
    pub family: String,
    /// The parsed font (owns its bytes).
    pub font: FontVec,
    /// Design units per em.
    pub upem: f32,
    /// Ascent, descent (negative) and line gap in design units.
    pub metrics: [f32; 3],
    /// Glyph (0: none) and advance in design units of the ASCII
    /// characters, looked up once: a text change maps every character
    /// through the cmap and `hmtx`, a binary search each, and most UI text
    /// is ASCII (1 KB per font).
    ascii: [(u16, f32); 128],
    /// Kerning in design units between printable ASCII characters
    /// ([`KERN_FIRST`]..128, both sides), filled on first use
    /// ([`NOT_LOOKED_UP`]: not yet): the pair lookup (a binary search of the
    /// `kern` subtables) was 8% of a frame that lays out a details panel.
    /// 18 KB per font.
    kern: Box<[Cell<i16>]>,
}

/// First character of the kerning cache (space).
const KERN_FIRST: u32 = 32;
/// Characters per side of the kerning cache.
const KERN_SIDE: usize = (128 - KERN_FIRST) as usize;
/// A kerning cache entry not looked up yet (a font's own -32768 is looked
/// up every time).
const NOT_LOOKED_UP: i16 = i16::MIN;

impl FontEntry {
    fn new(family: String, font: FontVec) -> Self {
        let upem = font.units_per_em().unwrap_or(1000.0);
        let metrics = [font.ascent_unscaled(), font.descent_unscaled(), font.line_gap_unscaled()];
        let mut ascii = [(0, 0.0); 128];
        for (c, a) in (0u8..128).zip(ascii.iter_mut()) {
            let g = font.glyph_id(char::from(c));
            *a = (g.0, font.h_advance_unscaled(g));
        }
        let kern = (0..KERN_SIDE * KERN_SIDE).map(|_| Cell::new(NOT_LOOKED_UP)).collect();
        Self { family, font, upem, metrics, ascii, kern }
    }

    /// Kerning between glyphs `ga` and `gb` (of characters `a` and `b`) in
    /// design units.
    pub fn kern_unscaled(&self, a: char, ga: GlyphId, b: char, gb: GlyphId) -> f32 {
        let slot = |c: char, g: GlyphId| {
            let i = (c as u32).checked_sub(KERN_FIRST).filter(|&i| i < KERN_SIDE as u32)? as usize;
            self.ascii.get(c as usize).filter(|e| e.0 == g.0).map(|_| i)
        };
        let Some(cell) = slot(a, ga).zip(slot(b, gb)).and_then(|(i, j)| self.kern.get(i * KERN_SIDE + j)) else {
            return self.font.kern_unscaled(ga, gb);
        };
        let k = cell.get();
        if k != NOT_LOOKED_UP {
            return f32::from(k);
        }
        let v = self.font.kern_unscaled(ga, gb);
        // ab_glyph's kerning is an i16 of the font's, as f32.
        cell.set(v as i16);
        v
    }

    /// The advance of glyph `g` (the glyph of `c`) in design units.
    pub fn advance_unscaled(&self, c: char, g: GlyphId) -> f32 {
        match self.ascii.get(c as usize) {
            Some(&(ag, adv)) if ag == g.0 => adv,
            _ => self.font.h_advance_unscaled(g),
        }
    }

    /// Pixels per design unit at `font_size` px.
    pub fn scale(&self, font_size: f32) -> f32 {
        font_size / self.upem
    }

    /// The glyph for `c`, or `None` when the font has none.
    pub fn glyph(&self, c: char) -> Option<GlyphId> {
        let g = match self.ascii.get(c as usize) {
            Some(&(g, _)) => GlyphId(g),
            None => self.font.glyph_id(c),
        };
        (g.0 != 0).then_some(g)
    }
}

/// The font registry: index 0 is the default (the first family registered).
#[derive(Debug, Default)]
pub struct Fonts {
    list: Vec<FontEntry>,
    /// Bumped on every registration (layout caches key on it).
    pub generation: u32,
}

impl Fonts {
    /// Registers (or replaces) `family`. Returns the font's index.
    /// The bytes were validated by the decoder; a font that still fails to
    /// parse is ignored.
    pub fn register(&mut self, family: String, data: Vec<u8>) -> Option<u16> {
        let font = FontVec::try_from_vec(data).ok()?;
        let entry = FontEntry::new(family, font);
        self.generation = self.generation.wrapping_add(1);
        if let Some(i) = self.list.iter().position(|f| f.family == entry.family) {
            self.list[i] = entry;
            return Some(i as u16);
        }
        self.list.push(entry);
        Some((self.list.len() - 1) as u16)
    }

    /// Index of `family`, or of the default font (0) when `family` is empty
    /// or unknown; `None` when no font is registered.
    pub fn resolve(&self, family: &str) -> Option<u16> {
        if self.list.is_empty() {
            return None;
        }
        Some(self.list.iter().position(|f| f.family.eq_ignore_ascii_case(family)).unwrap_or(0) as u16)
    }

    /// Font `i`.
    pub fn get(&self, i: u16) -> Option<&FontEntry> {
        self.list.get(i as usize)
    }

    /// Number of registered fonts.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// True when no font is registered.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Families and their bytes, in registration order (for snapshots).
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.list.iter().map(|f| (f.family.as_str(), f.font.as_slice()))
    }

    /// The glyph for `c` in `primary`, falling back to the other fonts in
    /// registration order; `(font, glyph)`. Missing everywhere: `primary`'s
    /// `.notdef`.
    pub fn glyph_with_fallback(&self, primary: u16, c: char) -> (u16, GlyphId) {
        if let Some(g) = self.list.get(primary as usize).and_then(|f| f.glyph(c)) {
            return (primary, g);
        }
        for (i, f) in self.list.iter().enumerate() {
            if i as u16 != primary {
                if let Some(g) = f.glyph(c) {
                    return (i as u16, g);
                }
            }
        }
        (primary, GlyphId(0))
    }
}

#[cfg(test)]
mod tests {
    use ab_glyph::Font;

    /// The ASCII table answers what the font's cmap and `hmtx` do.
    #[test]
    fn the_ascii_table_matches_the_font() {
        let bytes = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/DejaVuSans.ttf")).expect("default font");
        let mut fonts = super::Fonts::default();
        fonts.register("Sans".into(), bytes);
        let f = fonts.get(0).expect("registered");
        for c in (0u32..200).filter_map(char::from_u32) {
            let g = f.font.glyph_id(c);
            assert_eq!(f.glyph(c), (g.0 != 0).then_some(g), "{c:?}");
            assert_eq!(f.advance_unscaled(c, g).to_bits(), f.font.h_advance_unscaled(g).to_bits(), "{c:?}");
        }
        // Kerning, cached or not, twice (the second time from the cache).
        let cs: Vec<char> = (20u32..140).filter_map(char::from_u32).collect();
        for _ in 0..2 {
            for &a in &cs {
                for &b in &cs {
                    let (ga, gb) = (f.font.glyph_id(a), f.font.glyph_id(b));
                    assert_eq!(f.kern_unscaled(a, ga, b, gb).to_bits(), f.font.kern_unscaled(ga, gb).to_bits(), "{a:?}{b:?}");
                }
            }
        }
        assert!(cs.iter().any(|&a| f.font.kern_unscaled(f.font.glyph_id(a), f.font.glyph_id('V')) != 0.0), "the font kerns");
    }
}
