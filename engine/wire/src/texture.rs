//! Engine-owned textures and the delta buffer that carries them to painters.
//!
//! The engine rasterizes glyphs into an atlas texture it owns; painters
//! (the software rasterizer, WebGL, Canvas2D) keep their own copy and are
//! told about every change through **texture deltas**, following egui's
//! `TexturesDelta` contract: after a frame, a painter applies every `SET`
//! in order *before* drawing that frame's display list, and every `FREE`
//! *after* drawing it. Deltas accumulate in the engine until the host calls
//! `reel_engine::Engine::clear_texture_deltas` (`reel_texture_deltas_clear`), so a
//! host that reads them once per frame and then clears never misses one.
//! If a host never clears, the pending deltas are coalesced: once they
//! would exceed one full copy of the atlas, they are replaced by a single
//! full `SET`, so the buffer stays bounded.
//!
//! Texture ids at or above [`ENGINE_TEXTURE_BASE`] (`0x8000_0000`) belong to
//! the engine; ids below it are image textures owned by hosts.
//!
//! # Format (all integers little-endian u32)
//! An empty buffer (length 0) means "no deltas". Otherwise:
//!
//! | offset | field |
//! |---|---|
//! | 0 | magic `0x5854_4552` (the bytes `R E T X`) |
//! | 4 | version, `1` |
//! | 8 | `count`: records that follow |
//! | 12 | `byte_len`: total length of the buffer, header included |
//!
//! then `count` records, each starting with a `tag` word:
//!
//! | tag | record | words after the tag |
//! |---|---|---|
//! | 1 | `SET` | `id`, `x`, `y`, `w`, `h`, `full_w`, `full_h`, `format`, then `w * h` pixels |
//! | 2 | `FREE` | `id` |
//!
//! `SET` writes the `w x h` rectangle at `(x, y)` of texture `id`, whose
//! whole size is `full_w x full_h`; a painter that has no texture `id`, or
//! has one of another size, (re)creates it at that size first — keeping the
//! old texels that fit, the atlas only grows by adding space to the right
//! and bottom — and then writes the rectangle. `format` 0 is
//! [`FORMAT_RGBA8`]: 4 bytes per pixel, rows top to bottom, straight
//! (non-premultiplied) RGBA. Glyph atlases are white with the glyph's
//! coverage in alpha, so the painters' usual "texture x tint colour" path
//! draws coloured text. `FREE` drops texture `id`.

/// First texture id owned by the engine (the glyph atlas is this one).
pub const ENGINE_TEXTURE_BASE: u32 = 0x8000_0000;
/// The glyph atlas's texture id.
pub const ATLAS_TEXTURE_ID: u32 = ENGINE_TEXTURE_BASE;
/// `"RETX"` read as a little-endian u32.
pub const DELTAS_MAGIC: u32 = u32::from_le_bytes(*b"RETX");
/// Delta format version.
pub const DELTAS_VERSION: u32 = 1;
/// Pixel format: straight RGBA8.
pub const FORMAT_RGBA8: u32 = 0;
/// `SET` record tag.
pub const TAG_SET: u32 = 1;
/// `FREE` record tag.
pub const TAG_FREE: u32 = 2;

const HEADER_WORDS: usize = 4;

/// Pending texture deltas, encoded as they are produced.
#[derive(Debug, Default)]
pub struct TextureDeltas {
    words: Vec<u32>,
}

impl TextureDeltas {
    /// No deltas.
    pub fn new() -> Self {
        Self::default()
    }

    /// The encoded buffer (empty when there is nothing pending).
    pub fn bytes(&self) -> &[u8] {
        bytemuck::cast_slice(&self.words)
    }

    /// Number of pending records.
    pub fn count(&self) -> u32 {
        self.words.get(2).copied().unwrap_or(0)
    }

    /// Encoded length in bytes.
    pub fn byte_len(&self) -> usize {
        self.words.len() * 4
    }

    /// Drops every pending record (the host has applied them).
    pub fn clear(&mut self) {
        self.words.clear();
    }

    fn begin_record(&mut self) {
        if self.words.is_empty() {
            self.words.extend_from_slice(&[DELTAS_MAGIC, DELTAS_VERSION, 0, 0]);
        }
        self.words[2] += 1;
    }

    fn end_record(&mut self) {
        self.words[3] = (self.words.len() * 4) as u32;
    }

    /// Appends a `SET` of the `w x h` rectangle at `(x, y)`; `alpha` holds
    /// the coverage of the *whole* texture (`full_w x full_h`, one byte per
    /// texel), expanded here to white RGBA8.
    #[allow(clippy::too_many_arguments)]
    pub fn set_from_alpha(&mut self, id: u32, x: u32, y: u32, w: u32, h: u32, full_w: u32, full_h: u32, alpha: &[u8]) {
        self.begin_record();
        self.words.extend_from_slice(&[TAG_SET, id, x, y, w, h, full_w, full_h, FORMAT_RGBA8]);
        self.words.reserve((w * h) as usize);
        for row in y..y + h {
            let start = (row * full_w + x) as usize;
            // One reserved, exact-size extend a row (not a push a texel:
            // new glyphs of an input frame are tens of thousands of texels).
            let src = alpha.get(start..start + w as usize).unwrap_or_default();
            self.words.extend(src.iter().map(|&a| u32::from_le_bytes([255, 255, 255, a])));
        }
        self.end_record();
    }

    /// Appends a `FREE` of texture `id`.
    pub fn free(&mut self, id: u32) {
        self.begin_record();
        self.words.extend_from_slice(&[TAG_FREE, id]);
        self.end_record();
    }
}

/// One decoded delta record, borrowing its pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextureDelta<'a> {
    /// Write a rectangle of a texture (creating/resizing it to `full_w x full_h`).
    Set {
        /// Texture id.
        id: u32,
        /// Left of the rectangle.
        x: u32,
        /// Top of the rectangle.
        y: u32,
        /// Width of the rectangle.
        w: u32,
        /// Height of the rectangle.
        h: u32,
        /// Texture width.
        full_w: u32,
        /// Texture height.
        full_h: u32,
        /// Pixel format ([`FORMAT_RGBA8`]).
        format: u32,
        /// `w * h * 4` bytes of straight RGBA.
        pixels: &'a [u8],
    },
    /// Drop a texture.
    Free {
        /// Texture id.
        id: u32,
    },
}

/// Why a delta buffer could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeltaError(pub &'static str);

impl core::fmt::Display for DeltaError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "bad texture delta buffer: {}", self.0)
    }
}

impl std::error::Error for DeltaError {}

/// Decodes a delta buffer (an empty buffer has no records).
pub fn decode_deltas(bytes: &[u8]) -> Result<Vec<TextureDelta<'_>>, DeltaError> {
    let mut out = Vec::new();
    if bytes.is_empty() {
        return Ok(out);
    }
    let word = |i: usize| -> Result<u32, DeltaError> {
        bytes
            .get(i * 4..i * 4 + 4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .ok_or(DeltaError("truncated"))
    };
    if word(0)? != DELTAS_MAGIC {
        return Err(DeltaError("bad magic"));
    }
    if word(1)? != DELTAS_VERSION {
        return Err(DeltaError("unsupported version"));
    }
    let count = word(2)?;
    if word(3)? as usize != bytes.len() {
        return Err(DeltaError("byte_len does not match the buffer"));
    }
    let mut i = HEADER_WORDS;
    for _ in 0..count {
        match word(i)? {
            TAG_SET => {
                let f: [u32; 8] = [word(i + 1)?, word(i + 2)?, word(i + 3)?, word(i + 4)?, word(i + 5)?, word(i + 6)?, word(i + 7)?, word(i + 8)?];
                let [id, x, y, w, h, full_w, full_h, format] = f;
                if format != FORMAT_RGBA8 {
                    return Err(DeltaError("unknown pixel format"));
                }
                if x.checked_add(w).is_none_or(|r| r > full_w) || y.checked_add(h).is_none_or(|b| b > full_h) {
                    return Err(DeltaError("rectangle outside the texture"));
                }
                let start = (i + 9) * 4;
                let len = (w as usize) * (h as usize) * 4;
                let pixels = bytes.get(start..start + len).ok_or(DeltaError("truncated pixels"))?;
                out.push(TextureDelta::Set { id, x, y, w, h, full_w, full_h, format, pixels });
                i += 9 + len / 4;
            }
            TAG_FREE => {
                out.push(TextureDelta::Free { id: word(i + 1)? });
                i += 2;
            }
            _ => return Err(DeltaError("unknown record tag")),
        }
    }
    if i * 4 != bytes.len() {
        return Err(DeltaError("bytes follow the last record"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_decode_round_trip() {
        let mut d = TextureDeltas::new();
        assert!(d.bytes().is_empty());
        assert_eq!(decode_deltas(d.bytes()).expect("test"), vec![]);
        // 4x2 coverage; SET the 2x2 block at (1, 0).
        let alpha = [0u8, 10, 20, 30, 40, 50, 60, 70];
        d.set_from_alpha(ATLAS_TEXTURE_ID, 1, 0, 2, 2, 4, 2, &alpha);
        d.free(7);
        let recs = decode_deltas(d.bytes()).expect("test");
        assert_eq!(recs.len(), 2);
        match recs[0] {
            TextureDelta::Set { id, x, y, w, h, full_w, full_h, format, pixels } => {
                assert_eq!((id, x, y, w, h, full_w, full_h, format), (ATLAS_TEXTURE_ID, 1, 0, 2, 2, 4, 2, FORMAT_RGBA8));
                assert_eq!(pixels, &[255, 255, 255, 10, 255, 255, 255, 20, 255, 255, 255, 50, 255, 255, 255, 60]);
            }
            _ => panic!("expected SET"),
        }
        assert_eq!(recs[1], TextureDelta::Free { id: 7 });
        assert_eq!(d.count(), 2);
        d.clear();
        assert!(d.bytes().is_empty());
    }

    #[test]
    fn decode_rejects_garbage() {
        let mut d = TextureDeltas::new();
        d.free(1);
        let mut b = d.bytes().to_vec();
        b.push(0);
        assert!(decode_deltas(&b).is_err());
        assert!(decode_deltas(&[1, 2, 3, 4]).is_err());
        let mut b = d.bytes().to_vec();
        b[16] = 9; // unknown tag
        assert!(decode_deltas(&b).is_err());
    }
}
