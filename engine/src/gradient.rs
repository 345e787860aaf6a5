//! The `gradient` property: a CSS `linear-gradient(...)` /
//! `radial-gradient(...)` string: the engine's side of it.
//!
//! Why here and not in the shim: the string is the app's input (it may come
//! from a server-driven layout), so the engine is the one place that must
//! refuse a bad one, with the character offset, as a batch error
//! ([`crate::protocol::ErrorKind::BadGradient`], raised by the decoder before
//! anything is applied). The parsed [`Gradient`] lives in a side table keyed
//! by node id (the `Builder`'s `gradients`, filled after a batch commits, as
//! `crate::video` does), not in `Node`: almost no node has one. The string
//! is parsed once per change, never per frame.
//!
//! The grammar ([`parse`], [`Gradient`]) is wire vocabulary and lives in
//! `reel_wire::gradient`, because the decoder refuses a bad string before
//! anything is applied; what is here (the side table, the display items)
//! needs the scene.

pub use reel_wire::gradient::{parse, parse_color, Error, Gradient, MAX_STOPS};

use crate::display_list::{DisplayItem, ItemKind};

/// Gradients by node id, sorted by id, with the string each came from
/// (for [`crate::Engine::snapshot`]): a `Vec` rather than a hash map, as
/// few nodes have one and a map's code would cost engine.wasm ~1 KB gzip.
/// A rewrite reuses the entry and its string's capacity.
#[derive(Debug, Default)]
pub struct Table(Vec<(u32, Gradient, String)>);

impl Table {
    /// True when no node has a gradient (the build's fast path).
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Node `id`'s gradient.
    pub fn get(&self, id: u32) -> Option<&Gradient> {
        self.0.binary_search_by_key(&id, |e| e.0).ok().map(|i| &self.0[i].1)
    }

    /// Number of nodes with a gradient.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `(node id, the gradient string)` of the `i`-th node with one, by id
    /// (for snapshots).
    pub fn source(&self, i: usize) -> Option<(u32, &str)> {
        self.0.get(i).map(|e| (e.0, e.2.as_str()))
    }

    fn set(&mut self, id: u32, src: &str) {
        let g = parse(src).ok().flatten();
        match (self.0.binary_search_by_key(&id, |e| e.0), g) {
            (Ok(i), Some(g)) => {
                self.0[i].1 = g;
                src.clone_into(&mut self.0[i].2);
            }
            (Ok(i), None) => {
                self.0.remove(i);
            }
            (Err(i), Some(g)) => self.0.insert(i, (id, g, src.into())),
            (Err(_), None) => {}
        }
    }
}

/// After a batch committed: keeps `table` in step with its `gradient`
/// writes (already validated by the decoder), node ids created afresh and
/// nodes destroyed.
pub fn after_commit(table: &mut Table, scene: &crate::scene::Scene, batch: &crate::protocol::Checked<'_>) {
    use crate::protocol::{props::key, Command};
    for cmd in batch.commands() {
        match cmd {
            Command::SetStr { id, key: key::GRADIENT, value } => table.set(id, value),
            Command::Create { id, .. } => table.set(id, ""),
            _ => {}
        }
    }
    table.0.retain(|(id, ..)| scene.get(*id).is_some_and(|n| n.alive));
}

/// Pushes the [`crate::display_list::ItemKind::Gradient`] item(s) for a
/// quad of `size` (the node's composed `alpha` multiplied into the stops).
/// Returns the number of items pushed.
pub fn push(mut out: impl FnMut(DisplayItem), node: u32, g: &Gradient, size: (f32, f32), alpha: f32) -> u32 {
    let geo = g.geometry(size.0, size.1);
    let a = |c: u32| (c & 0xFFFF_FF00) | ((c & 0xFF) as f32 * alpha + 0.5).clamp(0.0, 255.0) as u32;
    let mut n = 0;
    for k in (0..g.count as usize).step_by(4) {
        let mut it = DisplayItem { kind: ItemKind::Gradient as u32, node, ..Default::default() };
        if k == 0 {
            it.texture = g.kind | g.count << 8;
            it.transform[..4].copy_from_slice(&geo);
        }
        for j in 0..4.min(g.count as usize - k) {
            it.colors[j] = a(g.colors[k + j]);
            it.uv[j] = g.pos[k + j];
        }
        out(it);
        n += 1;
    }
    n
}
