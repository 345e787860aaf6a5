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

    /// Number of commands so far.
    pub fn len(&self) -> u32 {
        self.count
    }

    /// True when no command was added.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// Appends a raw command (opcode and body words); the header word is
    /// computed. Tests use it to write malformed commands.
    pub fn raw(&mut self, opcode: u16, body: &[u32]) -> &mut Self {
        let words = body.len() + 1;
        assert!(words <= u16::MAX as usize, "command longer than 65535 words");
        self.words.push(opcode as u32 | ((words as u32) << 16));
        self.words.extend_from_slice(body);
        self.count += 1;
        self
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
        let body = string_body(&[id], text.as_bytes());
        self.raw(op::SET_TEXT, &body)
    }

    /// `SET_STR`.
    pub fn set_str(&mut self, id: u32, key: u16, value: &str) -> &mut Self {
        let body = string_body(&[id, key as u32], value.as_bytes());
        self.raw(op::SET_STR, &body)
    }

    /// `VIDEO_STATE` (see [`crate::video::state`]).
    pub fn video_state(&mut self, id: u32, state: u32, reason: u32, time: f32, size: u32) -> &mut Self {
        self.raw(op::VIDEO_STATE, &[id, state, reason, time.to_bits(), size])
    }

    /// `ANNOUNCE` (`politeness` 1 polite, 2 assertive).
    pub fn announce(&mut self, politeness: u32, text: &str) -> &mut Self {
        let body = string_body(&[politeness], text.as_bytes());
        self.raw(op::ANNOUNCE, &body)
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
        let body = string_body(&[texture, reason], message.as_bytes());
        self.raw(op::IMAGE_FAILED, &body)
    }

    /// `REGISTER_FONT` (always the long form: header length 0, then the
    /// total length in words), `data` being TTF/OTF bytes.
    pub fn register_font(&mut self, family: &str, data: &[u8]) -> &mut Self {
        let mut body = string_body(&[], family.as_bytes());
        body.extend_from_slice(&string_body(&[], data));
        self.words.push(op::REGISTER_FONT as u32);
        self.words.push(body.len() as u32 + 2);
        self.words.extend_from_slice(&body);
        self.count += 1;
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
        let w = self.finish_words();
        let mut out = Vec::with_capacity(w.len() * 4);
        for x in w {
            out.extend_from_slice(&x.to_le_bytes());
        }
        out
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

/// A string body: the leading words, the byte length, then the bytes padded
/// to a word. Also used to write deliberately bad UTF-8 in tests.
pub fn string_body(lead: &[u32], bytes: &[u8]) -> Vec<u32> {
    let mut body = lead.to_vec();
    body.push(bytes.len() as u32);
    for chunk in bytes.chunks(4) {
        let mut b = [0u8; 4];
        b[..chunk.len()].copy_from_slice(chunk);
        body.push(u32::from_le_bytes(b));
    }
    body
}
