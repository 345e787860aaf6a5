//! Building batches: the reference encoder used by the native host, tests,
//! benchmarks and the scene-file reader. The JS shim's encoder writes the
//! same bytes (and is tested against this one).

use super::props::PropValue;
use super::{op, NodeKind, BATCH_MAGIC, PROTOCOL_VERSION};
use crate::anim::{Direction, Timing};
use crate::protocol::decode::PropEntry;

/// Accumulates commands into one batch.
#[derive(Clone, Debug)]
pub struct BatchBuilder {
    words: Vec<u32>,
    count: u32,
}

impl BatchBuilder {
    /// Starts a batch with sequence number `seq`.
    pub fn new(seq: u32) -> Self {
        let mut words = Vec::with_capacity(64);
        words.extend_from_slice(&[BATCH_MAGIC, PROTOCOL_VERSION as u32, seq, 0]);
        Self { words, count: 0 }
    }

    /// Starts a batch in `words`' allocation (cleared first), so a batch
    /// rebuilt again and again, like the engine's snapshot, needs no new
    /// room once its buffer is big enough: a fresh builder grows by
    /// doubling and frees each smaller buffer, and those holes, split by
    /// later allocations, grew linear memory at every compaction.
    pub fn reusing(seq: u32, mut words: Vec<u32>) -> Self {
        words.clear();
        words.extend_from_slice(&[BATCH_MAGIC, PROTOCOL_VERSION as u32, seq, 0]);
        Self { words, count: 0 }
    }

    /// Number of commands so far.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// True when no command was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Words written so far, the batch header's 4 included.
    pub fn word_len(&self) -> usize {
        self.words.len()
    }

    /// Appends a raw command (opcode and body words); the header word is
    /// computed. Tests use it to write malformed commands.
    pub fn raw(&mut self, opcode: u16, body: &[u32]) -> &mut Self {
        self.header(opcode, body.len() + 1);
        self.words.extend_from_slice(body);
        self
    }

    /// Starts a command of `words` words in all (header included): room
    /// for it, its header word, and the count.
    fn header(&mut self, opcode: u16, words: usize) {
        assert!(words <= u16::MAX as usize, "command longer than 65535 words");
        self.words.reserve(words);
        self.words.push(opcode as u32 | ((words as u32) << 16));
        self.count += 1;
    }

    /// `CREATE`.
    pub fn create(&mut self, id: u32, kind: NodeKind) -> &mut Self {
        self.raw(op::CREATE, &[id, kind as u32])
    }

    /// `DESTROY`.
    pub fn destroy(&mut self, id: u32) -> &mut Self {
        self.raw(op::DESTROY, &[id])
    }

    /// `INSERT` (`before` = [`super::NONE`] appends).
    pub fn insert(&mut self, parent: u32, child: u32, before: u32) -> &mut Self {
        self.raw(op::INSERT, &[parent, child, before])
    }

    /// `REMOVE`.
    pub fn remove(&mut self, id: u32) -> &mut Self {
        self.raw(op::REMOVE, &[id])
    }

    /// `SET_PROPS` with any number of entries.
    pub fn set_props(&mut self, id: u32, props: &[(u16, PropValue)]) -> &mut Self {
        let mut body = Vec::with_capacity(1 + props.len() * 2);
        body.push(id);
        for &(key, value) in props {
            let e = PropEntry::new(key, value);
            body.push(e.key as u32 | ((e.ty as u32) << 16));
            body.push(e.value);
        }
        self.raw(op::SET_PROPS, &body)
    }

    /// `SET_TEXT`.
    pub fn set_text(&mut self, id: u32, text: &str) -> &mut Self {
        self.string_cmd(op::SET_TEXT, &[id], text.as_bytes())
    }

    /// `SET_STR`.
    pub fn set_str(&mut self, id: u32, key: u16, value: &str) -> &mut Self {
        self.string_cmd(op::SET_STR, &[id, key as u32], value.as_bytes())
    }

    /// `VIDEO_STATE` (see [`crate::video::state`]).
    pub fn video_state(&mut self, id: u32, state: u32, reason: u32, time: f32, size: u32) -> &mut Self {
        self.raw(op::VIDEO_STATE, &[id, state, reason, time.to_bits(), size])
    }

    /// `ANNOUNCE` (`politeness` 1 polite, 2 assertive).
    pub fn announce(&mut self, politeness: u32, text: &str) -> &mut Self {
        self.string_cmd(op::ANNOUNCE, &[politeness], text.as_bytes())
    }

    /// `FRAME`.
    pub fn frame(&mut self, time_ms: f64) -> &mut Self {
        let bits = time_ms.to_bits();
        self.raw(op::FRAME, &[bits as u32, (bits >> 32) as u32])
    }

    /// `ANIMATE`.
    pub fn animate(&mut self, id: u32, anim_id: u32, timing: &Timing, targets: &[(u16, PropValue)]) -> &mut Self {
        let mut body = vec![id, anim_id];
        body.extend_from_slice(&timing_words(timing));
        for &(key, value) in targets {
            let e = PropEntry::new(key, value);
            body.push(e.key as u32 | ((e.ty as u32) << 16));
            body.push(e.value);
        }
        self.raw(op::ANIMATE, &body)
    }

    /// `ANIM_CTRL`.
    pub fn anim_ctrl(&mut self, anim_id: u32, action: u32) -> &mut Self {
        self.raw(op::ANIM_CTRL, &[anim_id, action])
    }

    /// `TRANSITION`.
    pub fn transition(&mut self, id: u32, key: u16, timing: &Timing) -> &mut Self {
        let mut body = vec![id, key as u32];
        body.extend_from_slice(&timing_words(timing));
        self.raw(op::TRANSITION, &body)
    }

    /// `NAVIGATE`.
    pub fn navigate(&mut self, dir: crate::focus::Dir) -> &mut Self {
        self.raw(op::NAVIGATE, &[dir as u32])
    }

    /// `FOCUS`.
    pub fn focus(&mut self, id: u32) -> &mut Self {
        self.raw(op::FOCUS, &[id])
    }

    /// `POINTER`.
    pub fn pointer(&mut self, x: f32, y: f32, action: u32) -> &mut Self {
        self.raw(op::POINTER, &[x.to_bits(), y.to_bits(), action])
    }

    /// `IMAGE_LOADED`: the host holds `texture`'s pixels.
    pub fn image_loaded(&mut self, texture: u32, width: u32, height: u32, byte_size: u32) -> &mut Self {
        self.raw(op::IMAGE_LOADED, &[texture, width, height, byte_size])
    }

    /// `IMAGE_FAILED`: the host could not load `texture`.
    pub fn image_failed(&mut self, texture: u32, reason: u32, message: &str) -> &mut Self {
        self.string_cmd(op::IMAGE_FAILED, &[texture, reason], message.as_bytes())
    }

    /// `REGISTER_FONT` (always the long form: header length 0, then the
    /// total length in words), `data` being TTF/OTF bytes.
    pub fn register_font(&mut self, family: &str, data: &[u8]) -> &mut Self {
        // Written in place: a font is ~100 KB-1 MB, and temporary copies
        // of it (growing by doubling) fragmented the engine's heap at every
        // snapshot.
        let body = string_words(family.as_bytes()) + string_words(data);
        self.words.reserve(2 + body);
        self.words.push(op::REGISTER_FONT as u32);
        self.words.push(body as u32 + 2);
        push_string(&mut self.words, family.as_bytes());
        push_string(&mut self.words, data);
        self.count += 1;
        self
    }

    /// A command whose body is `lead` then one string, written in place
    /// (no temporary body).
    fn string_cmd(&mut self, opcode: u16, lead: &[u32], bytes: &[u8]) -> &mut Self {
        self.header(opcode, 1 + lead.len() + string_words(bytes));
        self.words.extend_from_slice(lead);
        push_string(&mut self.words, bytes);
        self
    }

    /// The finished batch as words.
    pub fn finish_words(&self) -> Vec<u32> {
        let mut w = self.words.clone();
        w[3] = self.count;
        w
    }

    /// The finished batch as little-endian bytes.
    pub fn finish(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.finish_into(&mut out);
        out
    }

    /// The finished batch in the builder's own buffer: the words with the
    /// command count written and each word little-endian in memory, so
    /// `bytemuck::cast_slice` of the result is the batch's bytes. Give the
    /// buffer back to [`BatchBuilder::reusing`] for the next batch.
    pub fn into_le_words(mut self) -> Vec<u32> {
        self.words[3] = self.count;
        for w in &mut self.words {
            *w = w.to_le();
        }
        self.words
    }

    /// The finished batch as little-endian bytes in `out` (cleared first).
    pub fn finish_into(&self, out: &mut Vec<u8>) {
        out.clear();
        out.reserve(self.words.len() * 4);
        for (i, x) in self.words.iter().enumerate() {
            let x = if i == 3 { self.count } else { *x };
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
}

/// The 9 timing words of `ANIMATE`/`TRANSITION`.
pub fn timing_words(t: &Timing) -> [u32; 9] {
    let (kind, p) = t.easing.to_wire();
    let dir = match t.direction {
        Direction::Normal => 0,
        Direction::Reverse => 1,
        Direction::Alternate => 2,
        Direction::AlternateReverse => 3,
    };
    [
        t.duration_ms.to_bits(),
        t.delay_ms.to_bits(),
        t.iterations,
        dir,
        kind,
        p[0].to_bits(),
        p[1].to_bits(),
        p[2].to_bits(),
        p[3].to_bits(),
    ]
}

/// Words a wire string of `bytes` takes: the length word and the padded bytes.
fn string_words(bytes: &[u8]) -> usize {
    1 + bytes.len().div_ceil(4)
}

/// A string body: the leading words, the byte length, then the bytes padded
/// to a word. Also used to write deliberately bad UTF-8 in tests.
pub fn string_body(lead: &[u32], bytes: &[u8]) -> Vec<u32> {
    let mut body = Vec::with_capacity(lead.len() + string_words(bytes));
    body.extend_from_slice(lead);
    push_string(&mut body, bytes);
    body
}

/// Appends a wire string to `words`: its length in bytes, then the bytes
/// in little-endian words, the last one zero-padded. Events' strings
/// (`EventWriter::push_str`) are written by this one copy too.
pub(super) fn push_string(words: &mut Vec<u32>, bytes: &[u8]) {
    words.push(bytes.len() as u32);
    for chunk in bytes.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        words.push(u32::from_le_bytes(b));
    }
}
