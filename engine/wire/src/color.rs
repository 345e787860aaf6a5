//! Colour strings: the pieces of the one CSS colour grammar Reel reads,
//! shared by the `gradient` parser here and, through the generated
//! `js-shim/src/props.js` table and a corpus test, by the shim's
//! `parseColor` (colour properties are parsed in JS, gradient strings in
//! the engine; the two must agree on every string).
//!
//! The grammar: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`; `rgb()`/`rgba()`
//! with commas or spaces, the alpha after `,` or `/`, numbers or
//! percentages; and the names in [`NAMES`]. Letters in any case. No
//! `hsl()`: its conversion cost engine.wasm ~0.3 KB gzip of a budget it
//! does not have, and design tools hand over hex or rgba.
//!
//! Why only CSS's basic colour names and not all 148: engine.wasm has a
//! 120 KB gzip budget, and the full table costs ~1.1 KB of it. These are
//! the names TV designs write (black, white, transparent, the primaries);
//! any other name is a clear error naming the offset, never a wrong colour.

/// The colour names Reel knows, lower case: CSS 2.1's 17 basic colours,
/// the `grey`/`magenta`/`cyan` aliases CSS also has, and `transparent`.
/// Their values are [`VALUES`], in the same order.
pub const NAMES: [&str; 21] = [
    "transparent", "black", "white", "gray", "grey", "silver", "red", "maroon", "orange", "yellow", "olive", "lime", "green", "aqua",
    "cyan", "teal", "blue", "navy", "fuchsia", "magenta", "purple",
];

/// 0xRRGGBBAA of each of [`NAMES`].
pub const VALUES: [u32; 21] = [
    0x0000_0000, 0x0000_00ff, 0xffff_ffff, 0x8080_80ff, 0x8080_80ff, 0xc0c0_c0ff, 0xff00_00ff, 0x8000_00ff, 0xffa5_00ff, 0xffff_00ff, 0x8080_00ff,
    0x00ff_00ff, 0x0080_00ff, 0x00ff_ffff, 0x00ff_ffff, 0x0080_80ff, 0x0000_ffff, 0x0000_80ff, 0xff00_ffff, 0xff00_ffff, 0x8000_80ff,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_case_and_unique() {
        assert_eq!(NAMES.len(), VALUES.len());
        for (i, n) in NAMES.iter().enumerate() {
            assert!(!n.is_empty() && n.bytes().all(|c| c.is_ascii_lowercase()), "{n}");
            assert!(!NAMES[..i].contains(n), "{n} twice");
        }
    }
}
