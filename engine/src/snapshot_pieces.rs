//! The engine's snapshot, handed to the host in pieces.
//!
//! A snapshot (a batch that recreates the scene in an empty engine, see
//! [`crate::scene::snapshot`]) is what hosts keep to recover from a trap;
//! they take one at every journal compaction. Built whole in linear memory,
//! the 20,000-node page's 2.1 MB snapshot did not fit in the holes the scene
//! leaves, and since linear memory never shrinks the first compaction of a
//! long session raised the high-water mark from 5.64 to 8.13 MB (issue 14's
//! goal is 6 MB). Here the same bytes are written a piece at a time into
//! one reused buffer of about [`PIECE_WORDS`] words: the host copies each
//! piece out before it asks for the next, and the engine never holds more
//! than a piece (a piece holds whole commands, so one registered font makes
//! a piece as big as the font: its bytes are in memory already).
//!
//! The batch header carries the command count, which is known only at the
//! end, and hosts want the length first to make room once. So
//! [`SnapshotPieces::begin`] encodes everything once to count (into the
//! same piece buffer, dropped as it goes), then the pieces are encoded
//! again one per [`SnapshotPieces::next`]: twice the encoding work of a
//! whole snapshot, against a compaction's 2 MB of high-water mark.
//! Nothing may change the scene between `begin` and the last piece; the
//! engine ends the read-out at every submit and frame (later pieces come
//! back empty, and the host sees fewer bytes than `begin` promised).

use crate::gradient::Table as Gradients;
use crate::protocol::props::PropValue;
use crate::protocol::{BatchBuilder, HEADER_BYTES};
use crate::scene::{snapshot, Scene, Slot};
use crate::text::font::Fonts;

/// Words a piece is filled to before it is handed over (64 KiB); the node
/// that crosses it is the piece's last.
pub const PIECE_WORDS: usize = 16 * 1024;

/// What a snapshot is made of: the registered fonts first (so the recreated
/// text lays out alike), the nodes in [`snapshot::order`], then the
/// gradients (a side table, not in `Node`) once their nodes exist.
pub struct Sources<'a> {
    /// The scene.
    pub scene: &'a Scene,
    /// The registered fonts.
    pub fonts: &'a Fonts,
    /// The nodes' gradients.
    pub gradients: &'a Gradients,
}

/// A snapshot being read out, and the buffer its pieces are written in.
#[derive(Debug, Default)]
pub struct SnapshotPieces {
    /// The piece last written (little-endian words, batch header first).
    words: Vec<u32>,
    /// Byte offset of the piece in `words`: 0 for the first piece, which
    /// starts the batch; past the header for the others.
    from: usize,
    /// Slots in snapshot order, while a read-out is under way.
    order: Vec<Slot>,
    /// The next item: fonts, then `order`, then gradients.
    next: usize,
    /// No piece handed over yet in this pass.
    first: bool,
    /// The whole batch's command count (from `begin`'s counting pass).
    count: u32,
    /// A read-out is under way.
    active: bool,
    /// Scratch room for a node's property entries.
    props: Vec<(u16, PropValue)>,
}

impl SnapshotPieces {
    /// Starts a read-out of the scene in `src`: returns the whole snapshot's
    /// length in bytes. The pieces follow from [`SnapshotPieces::next`].
    pub fn begin(&mut self, src: &Sources<'_>) -> u32 {
        self.order = snapshot::order(src.scene);
        if self.words.capacity() < PIECE_WORDS + 256 {
            let _ = self.words.try_reserve_exact(PIECE_WORDS + 256);
        }
        // Counting pass: the same pieces, dropped as they are made.
        self.restart();
        let (mut bytes, mut count) = (0usize, 0u32);
        while let Some(n) = self.fill(src) {
            bytes += self.piece().len();
            count += n;
        }
        self.count = count;
        self.restart();
        bytes as u32
    }

    /// The next piece of the snapshot `begin` measured, or an empty slice
    /// when it is all out (or the read-out ended).
    pub fn next(&mut self, src: &Sources<'_>) -> &[u8] {
        if self.active && self.fill(src).is_some() {
            return self.piece();
        }
        self.end();
        &[]
    }

    /// The piece last handed over.
    pub fn piece(&self) -> &[u8] {
        bytemuck::cast_slice::<u32, u8>(&self.words).get(self.from..).unwrap_or(&[])
    }

    /// Ends a read-out: later pieces are empty. The slot order is freed;
    /// the piece buffer is kept for the next snapshot.
    pub fn end(&mut self) {
        if self.active {
            self.active = false;
            self.order = Vec::new();
        }
    }

    fn restart(&mut self) {
        self.next = 0;
        self.first = true;
        self.active = true;
    }

    /// Writes the next piece; `None` when every item is out. Returns the
    /// piece's command count.
    fn fill(&mut self, src: &Sources<'_>) -> Option<u32> {
        let (fonts, nodes, gradients) = (src.fonts.len(), self.order.len(), src.gradients.len());
        let items = fonts + nodes + gradients;
        if self.next >= items && !self.first {
            return None;
        }
        let mut b = BatchBuilder::reusing(0, core::mem::take(&mut self.words));
        while self.next < items && b.word_len() < PIECE_WORDS {
            let i = self.next;
            if i < fonts {
                if let Some(f) = src.fonts.get(i as u16) {
                    b.register_font(&f.family, f.font.as_slice());
                }
            } else if i < fonts + nodes {
                snapshot::encode_node(src.scene, self.order[i - fonts], &mut b, &mut self.props);
            } else if let Some((id, text)) = src.gradients.source(i - fonts - nodes) {
                b.set_str(id, crate::protocol::props::key::GRADIENT, text);
            }
            self.next += 1;
        }
        let n = b.len();
        self.words = b.into_le_words();
        if self.first {
            // The batch's header: its count is the whole snapshot's.
            self.words[3] = self.count.to_le();
            self.from = 0;
        } else {
            self.from = HEADER_BYTES;
        }
        self.first = false;
        Some(n)
    }
}
