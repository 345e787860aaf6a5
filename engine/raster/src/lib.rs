//! # reel-raster
//!
//! Software rasterizer: turns a [display list](reel_wire::display_list) into an
//! RGBA frame with [tiny-skia](https://docs.rs/tiny-skia).
//!
//! # Why this is its own crate, over `reel-wire` only
//! The engine's contract ends at the display list: a flat array of
//! `repr(C)` items that every painter (WebGL, Canvas2D, this one) reads the
//! same way. Painting belongs to hosts, which own the GPU or canvas. Putting
//! a software painter into `engine.wasm` would add a few hundred KiB of
//! float-heavy code (tiny-skia, a PNG codec) to a binary that TV devices
//! download and compile on every cold start, for something the device never
//! uses. So the painter is a crate the engine does not depend on (its
//! `raster` feature only re-exports it as `reel_engine::raster`, never in
//! the wasm build), and it depends on the wire formats (`reel-wire`) alone:
//! it reads display lists and texture deltas exactly as an external painter
//! would — through [`DisplayListRef`](reel_wire::display_list::DisplayListRef)
//! only, never the scene tree — and a host that paints compiles no layout or
//! text code. It exists for the conformance suite (golden PNGs), headless
//! hosts, tools and CI.
//!
//! # Painting model
//! * The frame is `header.viewport_w x header.viewport_h` pixels (rounded to
//!   whole pixels), cleared to opaque black, then items are painted in list
//!   order with premultiplied source-over blending. Output is straight
//!   (non-premultiplied) RGBA8; since the background is opaque, every output
//!   pixel has alpha 255.
//! * **Rects** with one colour (all four corners equal) are filled with a
//!   solid paint: exact colour. Axis-aligned ones take a fast path
//!   (`fill_rect`), rotated/skewed ones are filled as a path with the item
//!   transform.
//! * **Four-corner gradients are exact bilinear**, not an approximation:
//!   for each pixel centre inside the quad's bounding box the centre is
//!   mapped back to item space, `s = x / w`, `t = y / h` (clamped to 0..1)
//!   and the colour is `lerp(lerp(tl, tr, s), lerp(bl, br, s), t)`,
//!   interpolated in **premultiplied** RGBA (like CSS gradients and GPU
//!   painters with premultiplied vertex colours, so a fade to transparent
//!   does not darken). The resulting source image is then painted through
//!   the quad's anti-aliased coverage. A GPU painter that draws the quad as
//!   two triangles interpolates barycentrically per triangle instead; the
//!   two agree exactly at the corners and along the edges and differ by at
//!   most a few levels in the interior for gradients whose four corners are
//!   not "planar" — conformance tolerances must allow for that when a
//!   different painter is compared against these PNGs.
//! * **Images** sample the registered texture with bilinear filtering
//!   (clamp to edge, texel centres at `+0.5`, premultiplied filtering) over
//!   the item's `uv` rectangle and multiply by the (bilinear) corner tint.
//!   An image whose texture is not in the [`TextureStore`] is drawn with its
//!   tint colours only, as a placeholder, and counted in
//!   [`RenderStats::missing_textures`]; it is never an error.
//! * **Clips** form a stack. Each `ClipPush` rectangle is snapped to whole
//!   pixels with the pixel-centre rule (a pixel is inside when its centre
//!   `(x + 0.5, y + 0.5)` is inside the rectangle, as GL scissor/
//!   rasterization does), intersected with the enclosing clip (the engine
//!   already did that; this is defensive) and applied as a hard-edged mask.
//!   Push/pop must balance: an unmatched pop or a push left open at the end
//!   is [`RasterError::UnbalancedClip`].
//! * **Shadows and shapes** (rounded corners, inside borders; see "Effects"
//!   in [`reel_wire::display_list`]) are shaded per pixel from signed distances
//!   and the analytic rounded-box Gaussian, the same formulas as the WebGL2
//!   painter's shader (`effects.rs`), with the same clip as other quads.
//!
//! # Anti-aliasing
//! Quad edges (rects and images, axis-aligned or not) are anti-aliased with
//! tiny-skia's coverage rasterizer; clip edges are not (see above). An
//! axis-aligned quad whose edges fall on whole pixels therefore covers its
//! pixels fully and nothing else — such rects are pixel-exact — while a
//! fractional or rotated edge gets partial coverage in the one pixel it
//! crosses. One-colour axis-aligned rects use tiny-skia's exact-area rect
//! coverage; every other quad uses its path coverage (4x vertical
//! supersampling with fractional horizontal coverage), so the same
//! fractional edge drawn both ways may differ by a few levels in its edge
//! pixels — never in interior pixels, and never at whole-pixel edges.
//!
//! # Golden images
//! [`write_png`], [`read_png`], [`compare`] (with a [`Tolerance`]) and
//! [`diff_image`] are the pieces the conformance suite (`reel-tests`) uses.

#![deny(unsafe_code)]

mod effects;
mod gradient;
mod image;
mod paint;
mod mesh;
#[cfg(test)]
mod tests;

pub use image::{
    compare, decode_png, diff_image, encode_png, read_png, write_png, Diff, PixelDiff, RgbaImage,
    Tolerance,
};
pub use paint::{
    render, render_bytes, render_with_meshes, render_with_stats, RenderStats, Rendered, Texture, TextureStore,
};

use reel_wire::display_list::DisplayListError;

/// Why a frame could not be rendered, read, written or compared.
#[derive(Debug)]
pub enum RasterError {
    /// The display list bytes did not parse.
    BadList(DisplayListError),
    /// The header's viewport is not a usable size (non-finite, zero, or over
    /// [`MAX_DIMENSION`]).
    BadViewport {
        /// Header width.
        width: f32,
        /// Header height.
        height: f32,
    },
    /// An item carries a non-finite or negative number.
    BadItem {
        /// Index of the item in the list.
        index: usize,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A `ClipPop` without a matching `ClipPush` (`index` is the pop), or
    /// pushes still open at the end of the list (`index` is the item count).
    UnbalancedClip {
        /// Item index where the imbalance was found.
        index: usize,
    },
    /// Texture pixel data does not match its declared size.
    BadTexture {
        /// Texture id (0 when building a texture before registering it).
        id: u32,
        /// Bytes expected (`width * height * 4`).
        expected: usize,
        /// Bytes given.
        got: usize,
    },
    /// Two images that must have the same size do not.
    SizeMismatch {
        /// Size of the first (expected) image.
        expected: (u32, u32),
        /// Size of the second (actual) image.
        actual: (u32, u32),
    },
    /// Reading or writing a PNG failed.
    Png {
        /// The file, when there is one.
        path: Option<std::path::PathBuf>,
        /// What went wrong.
        message: String,
    },
}

/// Largest frame or texture side this painter accepts.
pub const MAX_DIMENSION: u32 = 16_384;

impl core::fmt::Display for RasterError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            Self::BadList(e) => write!(f, "bad display list: {e}"),
            Self::BadViewport { width, height } => {
                write!(
                    f,
                    "display list viewport {width}x{height} is not a usable frame size"
                )
            }
            Self::BadItem { index, reason } => write!(f, "display item {index}: {reason}"),
            Self::UnbalancedClip { index } => {
                write!(f, "clip push/pop do not balance (found at item {index})")
            }
            Self::BadTexture { id, expected, got } => {
                write!(
                    f,
                    "texture {id}: expected {expected} bytes of RGBA, got {got}"
                )
            }
            Self::SizeMismatch { expected, actual } => write!(
                f,
                "image size mismatch: expected {}x{}, got {}x{}",
                expected.0, expected.1, actual.0, actual.1
            ),
            Self::Png {
                path: Some(p),
                message,
            } => write!(f, "PNG {}: {message}", p.display()),
            Self::Png {
                path: None,
                message,
            } => write!(f, "PNG: {message}"),
        }
    }
}

impl std::error::Error for RasterError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::BadList(e) => Some(e),
            _ => None,
        }
    }
}

impl From<DisplayListError> for RasterError {
    fn from(e: DisplayListError) -> Self {
        Self::BadList(e)
    }
}
