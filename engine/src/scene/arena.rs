//! Storage of the node arena: slots in fixed-size chunks.
//!
//! A plain `Vec<Node>` doubles when it grows: the app's nodes arrive in many
//! batches, so the arena spent up to half its capacity unused, and each
//! growth copied every node while the old and the new buffer were both
//! alive — and Wasm linear memory never shrinks, so that peak stayed as the
//! engine's footprint. Chunks of [`CHUNK`] slots are allocated one at a
//! time and never move: growth costs one chunk, a slot's address is stable,
//! and at most one chunk is partly empty.

use core::ops::{Index, IndexMut};

/// log2 of [`CHUNK`].
const CHUNK_BITS: usize = 8;
/// Slots per chunk (a chunk of nodes is ~150 KB on wasm32).
pub const CHUNK: usize = 1 << CHUNK_BITS;

/// A growable array of `T` in chunks of [`CHUNK`] that never reallocate.
#[derive(Debug)]
pub struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

impl<T> Default for Chunked<T> {
    fn default() -> Self {
        Self { chunks: Vec::new(), len: 0 }
    }
}

impl<T> Chunked<T> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends `value`, starting a new chunk when the last one is full.
    pub fn push(&mut self, value: T) {
        match self.chunks.last_mut() {
            Some(c) if c.len() < CHUNK => c.push(value),
            _ => {
                let mut c = Vec::with_capacity(CHUNK);
                c.push(value);
                self.chunks.push(c);
            }
        }
        self.len += 1;
    }

    /// Makes room in the chunk table for `additional` more elements (the
    /// chunks themselves are allocated as they fill).
    pub fn reserve(&mut self, additional: usize) {
        let chunks = (self.len + additional).div_ceil(CHUNK);
        self.chunks.reserve(chunks.saturating_sub(self.chunks.len()));
    }

    /// The elements in order.
    pub fn iter(&self) -> impl Iterator<Item = &T> + '_ {
        self.chunks.iter().flatten()
    }

    /// Bytes of element storage allocated (whole chunks).
    pub fn allocated_bytes(&self) -> usize {
        self.chunks.len() * CHUNK * core::mem::size_of::<T>()
    }
}

impl<T> Index<usize> for Chunked<T> {
    type Output = T;

    fn index(&self, i: usize) -> &T {
        &self.chunks[i >> CHUNK_BITS][i & (CHUNK - 1)]
    }
}

impl<T> IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i >> CHUNK_BITS][i & (CHUNK - 1)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pushes_index_and_iterate_across_chunks() {
        let mut a = Chunked::default();
        for i in 0..(CHUNK * 2 + 3) {
            a.push(i);
        }
        assert_eq!(a.len(), CHUNK * 2 + 3);
        assert_eq!(a[0], 0);
        assert_eq!(a[CHUNK - 1], CHUNK - 1);
        assert_eq!(a[CHUNK], CHUNK);
        assert_eq!(a[CHUNK * 2 + 2], CHUNK * 2 + 2);
        a[CHUNK + 1] = 7;
        assert_eq!(a[CHUNK + 1], 7);
        assert_eq!(a.iter().count(), a.len());
        assert_eq!(a.allocated_bytes(), 3 * CHUNK * core::mem::size_of::<usize>());
    }

    #[test]
    fn chunks_never_move() {
        let mut a = Chunked::default();
        a.push(1u64);
        let first: *const u64 = &a[0];
        for i in 0..(CHUNK * 4) as u64 {
            a.push(i);
        }
        assert!(core::ptr::eq(first, &a[0]), "growth moved the first chunk");
    }
}
