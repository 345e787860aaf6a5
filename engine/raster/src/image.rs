//! RGBA frames, PNG I/O and image comparison for golden tests.

use std::path::Path;

use crate::{RasterError, MAX_DIMENSION};

/// A frame or texture: straight (non-premultiplied) RGBA8, rows top to
/// bottom, `pixels.len() == width * height * 4`.
#[derive(Clone, PartialEq, Eq)]
pub struct RgbaImage {
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// `width * height` RGBA quadruples.
    pub pixels: Vec<u8>,
}

impl core::fmt::Debug for RgbaImage {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        // The pixel buffer is far too long to print usefully.
        write!(f, "RgbaImage({}x{})", self.width, self.height)
    }
}

impl RgbaImage {
    /// A `width x height` image filled with one colour `[r, g, b, a]`.
    pub fn new(width: u32, height: u32, fill: [u8; 4]) -> Self {
        let n = width as usize * height as usize;
        let mut pixels = Vec::with_capacity(n * 4);
        for _ in 0..n {
            pixels.extend_from_slice(&fill);
        }
        Self {
            width,
            height,
            pixels,
        }
    }

    /// Wraps a pixel buffer, checking its length.
    pub fn from_pixels(width: u32, height: u32, pixels: Vec<u8>) -> Result<Self, RasterError> {
        let expected = width as usize * height as usize * 4;
        if pixels.len() != expected {
            return Err(RasterError::BadTexture {
                id: 0,
                expected,
                got: pixels.len(),
            });
        }
        Ok(Self {
            width,
            height,
            pixels,
        })
    }

    /// The pixel at `(x, y)` as `[r, g, b, a]`.
    ///
    /// # Panics
    /// When `(x, y)` is outside the image.
    pub fn pixel(&self, x: u32, y: u32) -> [u8; 4] {
        assert!(
            x < self.width && y < self.height,
            "pixel ({x},{y}) outside {}x{}",
            self.width,
            self.height
        );
        let i = (y as usize * self.width as usize + x as usize) * 4;
        [
            self.pixels[i],
            self.pixels[i + 1],
            self.pixels[i + 2],
            self.pixels[i + 3],
        ]
    }

    /// The pixel at `(x, y)`, or `None` outside the image.
    pub fn get(&self, x: u32, y: u32) -> Option<[u8; 4]> {
        (x < self.width && y < self.height).then(|| self.pixel(x, y))
    }

    /// Sets the pixel at `(x, y)`; ignored outside the image.
    pub fn put(&mut self, x: u32, y: u32, rgba: [u8; 4]) {
        if x < self.width && y < self.height {
            let i = (y as usize * self.width as usize + x as usize) * 4;
            self.pixels[i..i + 4].copy_from_slice(&rgba);
        }
    }
}

fn png_err(path: Option<&Path>, e: impl core::fmt::Display) -> RasterError {
    RasterError::Png {
        path: path.map(Path::to_path_buf),
        message: e.to_string(),
    }
}

/// Encodes an image as an 8-bit RGBA PNG.
pub fn encode_png(img: &RgbaImage) -> Result<Vec<u8>, RasterError> {
    encode_png_inner(img).map_err(|e| png_err(None, e))
}

fn encode_png_inner(img: &RgbaImage) -> Result<Vec<u8>, png::EncodingError> {
    let mut out = Vec::new();
    {
        let mut enc = png::Encoder::new(&mut out, img.width, img.height);
        enc.set_color(png::ColorType::Rgba);
        enc.set_depth(png::BitDepth::Eight);
        enc.set_compression(png::Compression::Best);
        let mut w = enc.write_header()?;
        w.write_image_data(&img.pixels)?;
        w.finish()?;
    }
    Ok(out)
}

/// Decodes a PNG of any colour type and bit depth into RGBA8 (grey and RGB
/// get alpha 255; 16-bit channels are truncated to 8).
pub fn decode_png(bytes: &[u8]) -> Result<RgbaImage, RasterError> {
    decode_png_inner(bytes, None)
}

fn decode_png_inner(bytes: &[u8], path: Option<&Path>) -> Result<RgbaImage, RasterError> {
    let mut dec = png::Decoder::new(std::io::Cursor::new(bytes));
    dec.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = dec.read_info().map_err(|e| png_err(path, e))?;
    let (w, h) = {
        let info = reader.info();
        (info.width, info.height)
    };
    if w == 0 || h == 0 || w > MAX_DIMENSION || h > MAX_DIMENSION {
        return Err(png_err(path, format!("unsupported size {w}x{h}")));
    }
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(|e| png_err(path, e))?;
    let n = w as usize * h as usize;
    let data = &buf[..frame.buffer_size()];
    let mut pixels = Vec::with_capacity(n * 4);
    match frame.color_type {
        png::ColorType::Rgba => pixels.extend_from_slice(&data[..n * 4]),
        png::ColorType::Rgb => {
            for c in data.chunks_exact(3).take(n) {
                pixels.extend_from_slice(&[c[0], c[1], c[2], 255]);
            }
        }
        png::ColorType::Grayscale => {
            for &g in data.iter().take(n) {
                pixels.extend_from_slice(&[g, g, g, 255]);
            }
        }
        png::ColorType::GrayscaleAlpha => {
            for c in data.chunks_exact(2).take(n) {
                pixels.extend_from_slice(&[c[0], c[0], c[0], c[1]]);
            }
        }
        png::ColorType::Indexed => {
            return Err(png_err(path, "indexed PNG was not expanded"));
        }
    }
    if pixels.len() != n * 4 {
        return Err(png_err(path, "PNG data shorter than its size"));
    }
    Ok(RgbaImage {
        width: w,
        height: h,
        pixels,
    })
}

/// Writes an image as a PNG file, creating parent directories.
pub fn write_png(path: impl AsRef<Path>, img: &RgbaImage) -> Result<(), RasterError> {
    let path = path.as_ref();
    let bytes = encode_png_inner(img).map_err(|e| png_err(Some(path), e))?;
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| png_err(Some(path), e))?;
        }
    }
    std::fs::write(path, bytes).map_err(|e| png_err(Some(path), e))
}

/// Reads a PNG file into RGBA8 (see [`decode_png`]).
pub fn read_png(path: impl AsRef<Path>) -> Result<RgbaImage, RasterError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| png_err(Some(path), e))?;
    decode_png_inner(&bytes, Some(path))
}

/// How different two frames may be and still match.
///
/// A pixel *differs* when any of its four channels differs by more than
/// `max_channel_diff`. Two frames match when at most
/// `max_diff_pixels_ratio` of all pixels differ (`0.001` = 0.1%).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Largest per-channel difference (0..=255) that still counts as equal.
    pub max_channel_diff: u8,
    /// Largest fraction (0..=1) of pixels allowed to differ.
    pub max_diff_pixels_ratio: f64,
}

impl Tolerance {
    /// Bit-exact: no difference allowed.
    pub const EXACT: Self = Self {
        max_channel_diff: 0,
        max_diff_pixels_ratio: 0.0,
    };
}

/// One pixel that differs beyond the tolerance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PixelDiff {
    /// Column.
    pub x: u32,
    /// Row.
    pub y: u32,
    /// The expected pixel, RGBA.
    pub expected: [u8; 4],
    /// The actual pixel, RGBA.
    pub actual: [u8; 4],
}

/// Result of [`compare`].
#[derive(Clone, Debug, PartialEq)]
pub struct Diff {
    /// Largest per-channel difference over the whole frame.
    pub max_diff: u8,
    /// Pixels whose difference exceeds the tolerance's `max_channel_diff`.
    pub diff_pixels: usize,
    /// Pixels with any difference at all.
    pub changed_pixels: usize,
    /// Total pixels compared.
    pub total_pixels: usize,
    /// First (row-major) pixel exceeding the tolerance.
    pub first_diff: Option<PixelDiff>,
    /// The tolerance used.
    pub tolerance: Tolerance,
}

impl Diff {
    /// True when the frames match within the tolerance.
    pub fn passed(&self) -> bool {
        let allowed = (self.tolerance.max_diff_pixels_ratio * self.total_pixels as f64).floor();
        (self.diff_pixels as f64) <= allowed
    }

    /// Share of pixels exceeding the channel tolerance.
    pub fn diff_ratio(&self) -> f64 {
        if self.total_pixels == 0 {
            0.0
        } else {
            self.diff_pixels as f64 / self.total_pixels as f64
        }
    }
}

impl core::fmt::Display for Diff {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "{} of {} pixels ({:.4}%) differ by more than {} (allowed {:.4}%); max channel diff {}",
            self.diff_pixels,
            self.total_pixels,
            self.diff_ratio() * 100.0,
            self.tolerance.max_channel_diff,
            self.tolerance.max_diff_pixels_ratio * 100.0,
            self.max_diff
        )?;
        if let Some(p) = self.first_diff {
            write!(
                f,
                "; first at ({},{}): expected {:?}, got {:?}",
                p.x, p.y, p.expected, p.actual
            )?;
        }
        Ok(())
    }
}

fn check_same_size(expected: &RgbaImage, actual: &RgbaImage) -> Result<(), RasterError> {
    if expected.width != actual.width || expected.height != actual.height {
        return Err(RasterError::SizeMismatch {
            expected: (expected.width, expected.height),
            actual: (actual.width, actual.height),
        });
    }
    Ok(())
}

fn pixel_diff(e: &[u8], a: &[u8]) -> u8 {
    e.iter()
        .zip(a)
        .map(|(x, y)| x.abs_diff(*y))
        .max()
        .unwrap_or(0)
}

/// Compares `actual` against `expected`. Different sizes are an error, not
/// a failed [`Diff`].
pub fn compare(
    expected: &RgbaImage,
    actual: &RgbaImage,
    tolerance: Tolerance,
) -> Result<Diff, RasterError> {
    check_same_size(expected, actual)?;
    let mut diff = Diff {
        max_diff: 0,
        diff_pixels: 0,
        changed_pixels: 0,
        total_pixels: expected.width as usize * expected.height as usize,
        first_diff: None,
        tolerance,
    };
    let w = expected.width as usize;
    for (i, (e, a)) in expected
        .pixels
        .chunks_exact(4)
        .zip(actual.pixels.chunks_exact(4))
        .enumerate()
    {
        let d = pixel_diff(e, a);
        if d == 0 {
            continue;
        }
        diff.changed_pixels += 1;
        diff.max_diff = diff.max_diff.max(d);
        if d > tolerance.max_channel_diff {
            diff.diff_pixels += 1;
            if diff.first_diff.is_none() {
                diff.first_diff = Some(PixelDiff {
                    x: (i % w) as u32,
                    y: (i / w) as u32,
                    expected: [e[0], e[1], e[2], e[3]],
                    actual: [a[0], a[1], a[2], a[3]],
                });
            }
        }
    }
    Ok(diff)
}

/// A picture of where two frames differ, for failing golden tests:
/// identical pixels show the expected frame dimmed to a quarter and in grey,
/// pixels that differ within the tolerance are yellow, and pixels beyond it
/// are red (brighter for larger differences).
pub fn diff_image(
    expected: &RgbaImage,
    actual: &RgbaImage,
    tolerance: Tolerance,
) -> Result<RgbaImage, RasterError> {
    check_same_size(expected, actual)?;
    let mut out = Vec::with_capacity(expected.pixels.len());
    for (e, a) in expected
        .pixels
        .chunks_exact(4)
        .zip(actual.pixels.chunks_exact(4))
    {
        let d = pixel_diff(e, a);
        let px = if d == 0 {
            let luma = (u32::from(e[0]) * 77 + u32::from(e[1]) * 150 + u32::from(e[2]) * 29) >> 8;
            let g = (luma / 4) as u8;
            [g, g, g, 255]
        } else if d <= tolerance.max_channel_diff {
            [255, 255, 0, 255]
        } else {
            [128u8.saturating_add(d / 2), 0, 0, 255]
        };
        out.extend_from_slice(&px);
    }
    Ok(RgbaImage {
        width: expected.width,
        height: expected.height,
        pixels: out,
    })
}
