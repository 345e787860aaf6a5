//! The native host's half of image loading: the engine's resource manager
//! ([`reel_wire::resources`]) decides what to load and when to free it;
//! this decodes files on a loader thread and keeps the pixels for the
//! software painter.
//!
//! * **Where from.** Only files under one base directory (the scene's, or
//!   the app bundle's root): a `src` is a path resolved against it as a
//!   browser resolves against its document — `assets/x.png`, `./x.png` and
//!   the root-relative `/assets/x.png` (or [`APP_ORIGIN`]`/assets/x.png`,
//!   the app's own origin under `reel run`) name the same file; a query or
//!   fragment is ignored. `..` that would leave the directory, symlinks
//!   pointing out of it and other URLs (`http:`, `data:`, anything with a
//!   scheme) fail with [`reason::FORBIDDEN`]. There is no network loader.
//!   Messages name the `src` and the bundle path tried.
//! * **What.** PNG (`png`), JPEG (`zune-jpeg`) and WebP (`image-webp`),
//!   told apart by their magic bytes, decoded to straight RGBA8. Images
//!   wider or taller than [`MAX_IMAGE_SIDE`] fail with
//!   [`reason::TOO_LARGE`] after reading only the header; corrupt data
//!   with [`reason::CORRUPT`]; other formats with
//!   [`reason::UNSUPPORTED`]. A decoder panic is caught and is a corrupt
//!   image. Each failure concerns that image (so those nodes) only.
//! * **Off the engine thread.** [`ImageLoader`] decodes on its own thread
//!   (crossbeam channels); [`HostImages::answers`] collects finished loads
//!   without blocking and turns them into one `IMAGE_LOADED` /
//!   `IMAGE_FAILED` batch.
//! * **Never over budget.** A decoded image is *staged* until the frame
//!   that processes its answer has run: if that frame's events release it
//!   (no room), it never enters the painter's [`TextureStore`]; otherwise
//!   it is committed before the frame is painted. So the store holds at
//!   most what the engine accounts, which the engine keeps within budget.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};
use std::thread::JoinHandle;
use std::time::Duration;

use crossbeam_channel::{unbounded, Receiver, Sender};
use reel_wire::protocol::events::Event;
use reel_wire::protocol::BatchBuilder;
use reel_raster::{RgbaImage, TextureStore};
pub use reel_wire::resources::reason;

/// Largest image side decoded (a texture limit of TV GPUs).
pub const MAX_IMAGE_SIDE: u32 = 4096;

/// Why an image could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImageError {
    /// [`reason`] code.
    pub reason: u32,
    /// What happened, naming the `src`.
    pub message: String,
}

impl std::fmt::Display for ImageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({})", self.message, reason::name(self.reason))
    }
}

impl std::error::Error for ImageError {}

fn fail(reason: u32, message: impl Into<String>) -> ImageError {
    ImageError { reason, message: message.into() }
}

/// The origin the native host gives an app's document (`location.origin`
/// under `reel run`): a `src` of this origin names a file of the bundle.
pub const APP_ORIGIN: &str = "http://localhost";

/// Resolves `src` to a file under `base`, refusing anything outside it.
pub fn resolve(base: &Path, src: &str) -> Result<PathBuf, ImageError> {
    if src.is_empty() {
        return Err(fail(reason::NOT_FOUND, "empty src"));
    }
    let path = src.split(['?', '#']).next().unwrap_or("");
    let path = match path.strip_prefix(APP_ORIGIN) {
        Some(rest) if rest.starts_with('/') => rest,
        _ => path,
    };
    let scheme = path.split_once(':').is_some_and(|(s, _)| {
        s.len() > 1 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
    });
    if scheme || path.starts_with("//") {
        return Err(fail(reason::FORBIDDEN, format!("{src}: URLs are not loaded by the native host (files under the app's directory only)")));
    }
    // Root-relative, as a browser resolves `/x.png` against its document.
    let rel = Path::new(path.trim_start_matches('/'));
    if rel.as_os_str().is_empty() {
        return Err(fail(reason::NOT_FOUND, format!("{src}: names no file")));
    }
    let mut depth = 0i32;
    for c in rel.components() {
        match c {
            Component::Normal(_) => depth += 1,
            Component::CurDir => {}
            Component::ParentDir => {
                depth -= 1;
                if depth < 0 {
                    return Err(fail(reason::FORBIDDEN, format!("{src}: leaves the app's directory")));
                }
            }
            Component::RootDir | Component::Prefix(_) => {
                return Err(fail(reason::FORBIDDEN, format!("{src}: absolute paths are not allowed")));
            }
        }
    }
    let tried = rel.components().fold(String::new(), |s, c| match c {
        Component::Normal(n) => format!("{s}/{}", n.to_string_lossy()),
        _ => s,
    });
    let canon = base.join(rel).canonicalize().map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            fail(reason::NOT_FOUND, format!("{src}: no such file in the app's directory (tried {tried})"))
        } else {
            fail(reason::IO, format!("{src}: {e}"))
        }
    })?;
    let base_canon = base.canonicalize().map_err(|e| fail(reason::IO, format!("{}: {e}", base.display())))?;
    if !canon.starts_with(&base_canon) {
        return Err(fail(reason::FORBIDDEN, format!("{src}: resolves outside the app's directory")));
    }
    Ok(canon)
}

fn check_size(w: u32, h: u32) -> Result<(), ImageError> {
    if w == 0 || h == 0 {
        return Err(fail(reason::CORRUPT, format!("{w}x{h} image")));
    }
    if w > MAX_IMAGE_SIDE || h > MAX_IMAGE_SIDE {
        return Err(fail(reason::TOO_LARGE, format!("{w}x{h} is over the {MAX_IMAGE_SIDE}x{MAX_IMAGE_SIDE} limit")));
    }
    Ok(())
}

fn decode_png(bytes: &[u8]) -> Result<RgbaImage, ImageError> {
    let corrupt = |e: png::DecodingError| fail(reason::CORRUPT, format!("PNG: {e}"));
    let mut dec = png::Decoder::new(bytes);
    dec.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = dec.read_info().map_err(corrupt)?;
    let (w, h) = (reader.info().width, reader.info().height);
    check_size(w, h)?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let frame = reader.next_frame(&mut buf).map_err(corrupt)?;
    let data = &buf[..frame.buffer_size()];
    let px = (w * h) as usize;
    let rgba: Vec<u8> = match frame.color_type {
        png::ColorType::Rgba => data.to_vec(),
        png::ColorType::Rgb => data.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => data.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        png::ColorType::Grayscale => data.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return Err(fail(reason::UNSUPPORTED, "PNG: indexed colour was not expanded")),
    };
    if rgba.len() != px * 4 {
        return Err(fail(reason::CORRUPT, "PNG: pixel data has the wrong size"));
    }
    RgbaImage::from_pixels(w, h, rgba).map_err(|e| fail(reason::CORRUPT, e.to_string()))
}

fn decode_jpeg(bytes: &[u8]) -> Result<RgbaImage, ImageError> {
    use zune_jpeg::zune_core::colorspace::ColorSpace;
    use zune_jpeg::zune_core::options::DecoderOptions;
    let opts = DecoderOptions::default()
        .jpeg_set_out_colorspace(ColorSpace::RGBA)
        .set_max_width(MAX_IMAGE_SIDE as usize * 4)
        .set_max_height(MAX_IMAGE_SIDE as usize * 4);
    let mut dec = zune_jpeg::JpegDecoder::new_with_options(bytes, opts);
    dec.decode_headers().map_err(|e| fail(reason::CORRUPT, format!("JPEG: {e:?}")))?;
    let info = dec.info().ok_or_else(|| fail(reason::CORRUPT, "JPEG: no header"))?;
    let (w, h) = (u32::from(info.width), u32::from(info.height));
    check_size(w, h)?;
    let px = dec.decode().map_err(|e| fail(reason::CORRUPT, format!("JPEG: {e:?}")))?;
    RgbaImage::from_pixels(w, h, px).map_err(|e| fail(reason::CORRUPT, e.to_string()))
}

fn decode_webp(bytes: &[u8]) -> Result<RgbaImage, ImageError> {
    let corrupt = |e: image_webp::DecodingError| fail(reason::CORRUPT, format!("WebP: {e}"));
    let mut dec = image_webp::WebPDecoder::new(std::io::Cursor::new(bytes)).map_err(corrupt)?;
    let (w, h) = dec.dimensions();
    check_size(w, h)?;
    let size = dec.output_buffer_size().ok_or_else(|| fail(reason::TOO_LARGE, "WebP: too large"))?;
    let mut buf = vec![0; size];
    dec.read_image(&mut buf).map_err(corrupt)?;
    let rgba = if dec.has_alpha() { buf } else { buf.chunks_exact(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect() };
    RgbaImage::from_pixels(w, h, rgba).map_err(|e| fail(reason::CORRUPT, e.to_string()))
}

/// Decodes PNG, JPEG or WebP bytes to straight RGBA8.
pub fn decode(bytes: &[u8]) -> Result<RgbaImage, ImageError> {
    let run = || {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            decode_png(bytes)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            decode_jpeg(bytes)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            decode_webp(bytes)
        } else if bytes.is_empty() {
            Err(fail(reason::CORRUPT, "empty file"))
        } else {
            Err(fail(reason::UNSUPPORTED, "not a PNG, JPEG or WebP image"))
        }
    };
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err(fail(reason::CORRUPT, "the decoder gave up on malformed data")))
}

/// `src` as messages name it: a `data:` URL by its first 40 characters (it
/// holds the whole image), anything else whole.
fn named(src: &str) -> String {
    if is_data_url(src) {
        src.chars().take(40).collect::<String>() + "…"
    } else {
        src.to_string()
    }
}

fn is_data_url(src: &str) -> bool {
    src.get(..5).is_some_and(|s| s.eq_ignore_ascii_case("data:"))
}

/// The bytes of a `data:` URL (`data:[<type>][;base64],<data>`): what
/// bundlers make of small images (Vite inlines assets under 4 KiB), which a
/// browser loads like any URL. Only base64 data holds a PNG, JPEG or WebP.
pub fn data_url(src: &str) -> Option<Result<Vec<u8>, ImageError>> {
    use base64::Engine as _;
    if !is_data_url(src) {
        return None;
    }
    let Some((meta, data)) = src[5..].split_once(',') else {
        return Some(Err(fail(reason::CORRUPT, format!("{}: a data: URL without ','", named(src)))));
    };
    if !meta.split(';').any(|p| p.trim().eq_ignore_ascii_case("base64")) {
        return Some(Err(fail(reason::UNSUPPORTED, format!("{}: a data: URL image must be base64 (';base64,')", named(src)))));
    }
    let data: String = data.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    Some(base64::engine::general_purpose::STANDARD.decode(data.as_bytes()).map_err(|e| fail(reason::CORRUPT, format!("{}: bad base64 ({e})", named(src)))))
}

/// Resolves, reads and decodes `src` under `base` (or a `data:` URL's
/// bytes); messages name `src`.
pub fn load(base: &Path, src: &str) -> Result<RgbaImage, ImageError> {
    let bytes = match data_url(src) {
        Some(bytes) => bytes?,
        None => {
            let path = resolve(base, src)?;
            std::fs::read(&path).map_err(|e| fail(reason::IO, format!("{src}: {e}")))?
        }
    };
    decode(&bytes).map_err(|e| ImageError { reason: e.reason, message: format!("{}: {}", named(src), e.message) })
}

struct Job {
    texture: u32,
    ticket: u64,
    src: String,
}

struct Done {
    texture: u32,
    ticket: u64,
    result: Result<RgbaImage, ImageError>,
}

/// Decodes images on its own thread.
pub struct ImageLoader {
    tx: Option<Sender<Job>>,
    rx: Receiver<Done>,
    handle: Option<JoinHandle<()>>,
    /// texture → ticket of its current job
    pending: HashMap<u32, u64>,
    next_ticket: u64,
}

impl std::fmt::Debug for ImageLoader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ImageLoader").field("pending", &self.pending.len()).finish_non_exhaustive()
    }
}

impl ImageLoader {
    /// A loader for files under `base`.
    pub fn new(base: PathBuf) -> Self {
        let (tx, jobs) = unbounded::<Job>();
        let (done_tx, rx) = unbounded::<Done>();
        let handle = std::thread::Builder::new()
            .name("reel-images".into())
            .spawn(move || {
                while let Ok(j) = jobs.recv() {
                    let result = load(&base, &j.src);
                    if done_tx.send(Done { texture: j.texture, ticket: j.ticket, result }).is_err() {
                        return;
                    }
                }
            })
            .ok();
        Self { tx: Some(tx), rx, handle, pending: HashMap::new(), next_ticket: 1 }
    }

    /// Queues `src` for `texture` (replacing any earlier job for it).
    pub fn request(&mut self, texture: u32, src: &str) {
        let ticket = self.next_ticket;
        self.next_ticket += 1;
        self.pending.insert(texture, ticket);
        let sent = self.tx.as_ref().is_some_and(|tx| tx.send(Job { texture, ticket, src: src.to_string() }).is_ok());
        if !sent {
            self.pending.remove(&texture);
        }
    }

    /// Forgets `texture`'s job: its result will be dropped.
    pub fn cancel(&mut self, texture: u32) {
        self.pending.remove(&texture);
    }

    /// Jobs not answered yet.
    pub fn pending(&self) -> usize {
        self.pending.len()
    }

    /// Finished jobs (still wanted), waiting up to `wait` for the first.
    pub fn finished(&mut self, wait: Option<Duration>) -> Vec<(u32, Result<RgbaImage, ImageError>)> {
        let mut out = Vec::new();
        let mut take = |d: Done, pending: &mut HashMap<u32, u64>| {
            if pending.get(&d.texture) == Some(&d.ticket) {
                pending.remove(&d.texture);
                out.push((d.texture, d.result));
            }
        };
        if let (Some(w), false) = (wait, self.pending.is_empty()) {
            if let Ok(d) = self.rx.recv_timeout(w) {
                take(d, &mut self.pending);
            }
        }
        while let Ok(d) = self.rx.try_recv() {
            take(d, &mut self.pending);
        }
        out
    }
}

impl Drop for ImageLoader {
    fn drop(&mut self) {
        self.tx = None;
        if let Some(h) = self.handle.take() {
            let _ = h.join();
        }
    }
}

/// A failed image, for summaries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FailedImage {
    /// Texture id.
    pub texture: u32,
    /// Reason code.
    pub reason: u32,
    /// Message.
    pub message: String,
}

/// Everything a native host does for the resource manager: follow its
/// events, load on a thread, answer, and hold the painter's textures.
#[derive(Debug)]
pub struct HostImages {
    loader: ImageLoader,
    /// The painter's textures (committed images only).
    pub textures: TextureStore,
    sizes: HashMap<u32, u64>,
    staged: HashMap<u32, RgbaImage>,
    bytes: u64,
    peak: u64,
    seq: u32,
    /// Images loaded so far.
    pub loaded: u32,
    /// `IMAGE_REQUEST` events seen so far.
    pub requests: u64,
    /// Failures so far.
    pub failed: Vec<FailedImage>,
}

/// Bytes a decoded image occupies as an RGBA8 texture on the device.
pub fn texture_bytes(img: &RgbaImage) -> u64 {
    u64::from(img.width) * u64::from(img.height) * 4
}

impl HostImages {
    /// Loads files under `base`.
    pub fn new(base: PathBuf) -> Self {
        Self {
            loader: ImageLoader::new(base),
            textures: TextureStore::new(),
            sizes: HashMap::new(),
            staged: HashMap::new(),
            bytes: 0,
            peak: 0,
            seq: 0x4000_0000,
            loaded: 0,
            requests: 0,
            failed: Vec::new(),
        }
    }

    /// Follows the engine's events: requests start loads, releases free
    /// textures, and a frame commits what was staged before it (see the
    /// module docs). Call it with every report's events, in order.
    pub fn handle_events(&mut self, events: &[Event]) {
        for e in events {
            match e {
                Event::ImageRequest { texture, src } => {
                    self.requests += 1;
                    self.free(*texture);
                    self.loader.request(*texture, src);
                }
                Event::ImageRelease { texture } => {
                    self.loader.cancel(*texture);
                    self.free(*texture);
                }
                Event::Frame(_) => self.commit(),
                _ => {}
            }
        }
    }

    fn free(&mut self, texture: u32) {
        self.staged.remove(&texture);
        if self.textures.remove(texture) {
            self.bytes -= self.sizes.remove(&texture).unwrap_or(0);
        }
    }

    fn commit(&mut self) {
        let mut ids: Vec<u32> = self.staged.keys().copied().collect();
        ids.sort_unstable();
        for id in ids {
            let Some(img) = self.staged.remove(&id) else { continue };
            if self.textures.insert(id, &img).is_ok() {
                let b = texture_bytes(&img);
                self.sizes.insert(id, b);
                self.bytes += b;
            }
        }
        self.peak = self.peak.max(self.bytes);
    }

    /// Drops every texture and load (after an engine recovery the engine
    /// requests what it needs again).
    pub fn reset(&mut self) {
        let ids: Vec<u32> = self.sizes.keys().copied().collect();
        for id in ids {
            self.free(id);
        }
        let pending: Vec<u32> = self.loader.pending.keys().copied().collect();
        for id in pending {
            self.loader.cancel(id);
        }
        self.staged.clear();
    }

    /// Loads not answered yet.
    pub fn pending(&self) -> usize {
        self.loader.pending()
    }

    /// A batch answering every finished load (`None`: nothing finished),
    /// waiting up to `wait` for one when loads are pending. The batch has
    /// no `FRAME`: the answers take effect at the next frame.
    pub fn answers(&mut self, wait: Option<Duration>) -> Option<Vec<u8>> {
        let done = self.loader.finished(wait);
        self.batch(done)
    }

    /// A batch answering every pending load, waiting for all of them (up
    /// to `timeout` each): deterministic answers, for tools and tests.
    pub fn answers_all(&mut self, timeout: Duration) -> Option<Vec<u8>> {
        let mut done = Vec::new();
        while self.loader.pending() > 0 {
            let got = self.loader.finished(Some(timeout));
            if got.is_empty() {
                break;
            }
            done.extend(got);
        }
        done.sort_by_key(|d| d.0);
        self.batch(done)
    }

    fn batch(&mut self, done: Vec<(u32, Result<RgbaImage, ImageError>)>) -> Option<Vec<u8>> {
        if done.is_empty() {
            return None;
        }
        self.seq = self.seq.wrapping_add(1);
        let mut b = BatchBuilder::new(self.seq);
        for (texture, r) in done {
            match r {
                Ok(img) => {
                    let bytes = texture_bytes(&img).min(u64::from(u32::MAX)) as u32;
                    b.image_loaded(texture, img.width, img.height, bytes);
                    self.staged.insert(texture, img);
                    self.loaded += 1;
                }
                Err(e) => {
                    b.image_failed(texture, e.reason, &e.message);
                    self.failed.push(FailedImage { texture, reason: e.reason, message: e.message });
                }
            }
        }
        Some(b.finish())
    }

    /// Bytes of committed textures now.
    pub fn texture_bytes(&self) -> u64 {
        self.bytes
    }

    /// Most committed texture bytes at any time.
    pub fn peak_texture_bytes(&self) -> u64 {
        self.peak
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A `data:` URL (Vite inlines images under 4 KiB so) loads like a
    /// file; a malformed one is a clear error naming it.
    #[test]
    fn data_urls_load() {
        use base64::Engine as _;
        let mut png = Vec::new();
        {
            let mut e = ::png::Encoder::new(&mut png, 2, 1);
            e.set_color(::png::ColorType::Rgba);
            e.set_depth(::png::BitDepth::Eight);
            let mut w = e.write_header().expect("header");
            w.write_image_data(&[255, 0, 0, 255, 0, 0, 255, 128]).expect("data");
        }
        let b64 = base64::engine::general_purpose::STANDARD.encode(&png);
        let dir = std::env::temp_dir();
        for src in [format!("data:image/png;base64,{b64}"), format!("DATA:image/png;charset=x;BASE64,{}\n{}", &b64[..10], &b64[10..])] {
            let img = load(&dir, &src).unwrap_or_else(|e| panic!("{src}: {e:?}"));
            assert_eq!((img.width, img.height, img.pixels[4..].to_vec()), (2, 1, vec![0, 0, 255, 128]), "{src}");
        }
        for (src, r, what) in [
            ("data:image/png;base64", reason::CORRUPT, "without ','"),
            ("data:image/svg+xml,<svg/>", reason::UNSUPPORTED, "must be base64"),
            ("data:image/png;base64,@@@@", reason::CORRUPT, "bad base64"),
            ("data:image/png;base64,aGVsbG8=", reason::UNSUPPORTED, "not a PNG, JPEG or WebP"),
        ] {
            let e = load(&dir, src).expect_err(src);
            assert_eq!(e.reason, r, "{src}: {e:?}");
            assert!(e.message.contains(what) && e.message.starts_with("data:image/"), "{src}: {}", e.message);
        }
    }

    #[test]
    fn paths_stay_inside_the_base() {
        let dir = std::env::temp_dir().join(format!("reel-images-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("a")).unwrap_or_default();
        std::fs::write(dir.join("a/x.png"), b"x").unwrap_or_default();
        assert!(resolve(&dir, "a/x.png").is_ok());
        assert!(resolve(&dir, "a/../a/x.png").is_ok());
        // Root-relative and the app's own origin: the same file, as in a browser.
        for same in ["/a/x.png", "./a/x.png", "a/x.png?v=2", "http://localhost/a/x.png#f"] {
            assert_eq!(resolve(&dir, same).ok(), resolve(&dir, "a/x.png").ok(), "{same}");
        }
        for bad in ["../x.png", "a/../../x.png", "/../x.png", "http://example.com/x.png", "//example.com/x.png", "http://localhost.evil/x.png", "data:image/png;base64,AA"] {
            assert_eq!(resolve(&dir, bad).map_err(|e| e.reason), Err(reason::FORBIDDEN), "{bad}");
        }
        // An absolute host path is a path inside the base, like any URL path.
        assert_eq!(resolve(&dir, "/etc/passwd").map_err(|e| e.reason), Err(reason::NOT_FOUND));
        let e = resolve(&dir, "missing.png").expect_err("missing");
        assert_eq!((e.reason, e.message.as_str()), (reason::NOT_FOUND, "missing.png: no such file in the app's directory (tried /missing.png)"));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn decode_tells_formats_and_failures_apart() {
        let img = RgbaImage::new(3, 2, [10, 20, 30, 255]);
        let png = reel_raster::encode_png(&img).unwrap_or_default();
        let d = decode(&png).map_err(|e| e.to_string());
        assert_eq!(d.map(|i| (i.width, i.height, i.pixel(1, 1))), Ok((3, 2, [10, 20, 30, 255])));
        let mut broken = png.clone();
        broken.truncate(png.len() / 2);
        assert_eq!(decode(&broken).map(|_| ()).map_err(|e| e.reason), Err(reason::CORRUPT));
        assert_eq!(decode(b"GIF89a....").map(|_| ()).map_err(|e| e.reason), Err(reason::UNSUPPORTED));
        let huge = RgbaImage::new(MAX_IMAGE_SIDE + 1, 1, [0; 4]);
        let huge = reel_raster::encode_png(&huge).unwrap_or_default();
        assert_eq!(decode(&huge).map(|_| ()).map_err(|e| e.reason), Err(reason::TOO_LARGE));
    }
}
