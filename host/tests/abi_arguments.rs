//! Issue 18, findings 6 and 11: every argument of engine.wasm's exports is
//! checked (a bad one changes nothing, returns an error code and queues an
//! `ERROR` event naming the call), and engine.wasm and the native engine
//! report malformed batches with the same, meaningful numbers (no usize
//! arithmetic that depends on the pointer width).
//!
//! These tests call the exports of the real `target/engine.wasm` directly
//! under wasmtime, with arguments no well-behaved host would pass.

mod common;

use reel_engine::abi::{ERR_INPUT_TOO_LONG, ERR_NOT_INITIALISED};
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue};
use reel_engine::protocol::{op, BatchBuilder, ErrorKind, NodeKind, BATCH_MAGIC, NONE};
use wasmtime::{Instance, Memory, Module, Store, TypedFunc};

/// engine.wasm, instantiated with no limits beyond wasmtime's defaults.
struct Raw {
    store: Store<()>,
    memory: Memory,
    instance: Instance,
}

impl Raw {
    fn new() -> Self {
        let engine = wasmtime::Engine::default();
        let module = Module::new(&engine, common::engine_wasm()).expect("engine.wasm compiles");
        let mut store = Store::new(&engine, ());
        let instance = Instance::new(&mut store, &module, &[]).expect("instantiates");
        let memory = instance.get_memory(&mut store, "memory").expect("memory export");
        Self { store, memory, instance }
    }

    fn func<P: wasmtime::WasmParams, R: wasmtime::WasmResults>(&mut self, name: &str) -> TypedFunc<P, R> {
        match self.instance.get_typed_func::<P, R>(&mut self.store, name) {
            Ok(f) => f,
            Err(e) => panic!("export {name}: {e:#}"),
        }
    }

    fn init(&mut self, w: u32, h: u32) -> u32 {
        let f = self.func::<(u32, u32), u32>("reel_init");
        f.call(&mut self.store, (w, h)).expect("reel_init does not trap")
    }

    fn frame(&mut self, t: f64) -> u32 {
        let f = self.func::<f64, u32>("reel_frame");
        f.call(&mut self.store, t).expect("reel_frame does not trap")
    }

    fn reserve(&mut self, len: u32) -> u32 {
        let f = self.func::<u32, u32>("reel_input_reserve");
        f.call(&mut self.store, len).expect("reel_input_reserve does not trap")
    }

    fn submit_len(&mut self, len: u32) -> u32 {
        let f = self.func::<u32, u32>("reel_submit");
        f.call(&mut self.store, len).expect("reel_submit does not trap")
    }

    /// Copies `bytes` into a fresh input buffer and submits them.
    fn submit(&mut self, bytes: &[u8]) -> u32 {
        let ptr = self.reserve(bytes.len() as u32);
        assert_ne!(ptr, 0, "input buffer");
        self.memory.write(&mut self.store, ptr as usize, bytes).expect("write input");
        self.submit_len(bytes.len() as u32)
    }

    fn read(&mut self, ptr_fn: &str, len_fn: &str) -> Vec<u8> {
        let p = self.func::<(), u32>(ptr_fn).call(&mut self.store, ()).expect("ptr");
        let l = self.func::<(), u32>(len_fn).call(&mut self.store, ()).expect("len");
        let mut out = vec![0u8; l as usize];
        self.memory.read(&self.store, p as usize, &mut out).expect("read output");
        out
    }

    fn last_error(&mut self) -> String {
        String::from_utf8(self.read("reel_last_error_ptr", "reel_last_error_len")).expect("utf-8")
    }

    /// Queued events (then cleared).
    fn events(&mut self) -> Vec<Event> {
        let bytes = self.read("reel_events_ptr", "reel_events_len");
        self.func::<(), ()>("reel_events_clear").call(&mut self.store, ()).expect("clear");
        decode_events(&bytes).expect("events decode")
    }

    fn errors(&mut self) -> Vec<(u32, String)> {
        self.events()
            .into_iter()
            .filter_map(|e| match e {
                Event::Error { code, message, .. } => Some((code, message)),
                _ => None,
            })
            .collect()
    }

    fn display_items(&mut self) -> u32 {
        let dl = self.read("reel_display_list_ptr", "reel_display_list_len");
        u32::from_le_bytes([dl[8], dl[9], dl[10], dl[11]])
    }
}

fn one_box() -> Vec<u8> {
    let mut b = BatchBuilder::new(1);
    b.create(1, NodeKind::View)
        .set_props(1, &[(key::W, PropValue::F32(50.0)), (key::H, PropValue::F32(50.0)), (key::COLOR, PropValue::U32(0xff0000ff))])
        .insert(0, 1, NONE);
    b.finish()
}

const BAD_ARGUMENT: u32 = 24;

#[test]
fn frame_time_must_be_finite_and_not_negative() {
    let mut r = Raw::new();
    assert_eq!(r.frame(16.0), ERR_NOT_INITIALISED, "before reel_init");
    assert_eq!(r.init(640, 360), 0);
    assert_eq!(r.submit(&one_box()), 0);
    assert_eq!(r.frame(0.0), 0);
    r.events();
    assert_eq!(BAD_ARGUMENT, ErrorKind::BadArgument("").code());
    for t in [f64::NAN, -f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -1.0, -1e-300, f64::MIN] {
        assert_eq!(r.frame(t), BAD_ARGUMENT, "reel_frame({t})");
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "reel_frame({t}): one ERROR event, and no frame ran: {errors:?}");
        assert_eq!(errors[0].0, BAD_ARGUMENT);
        assert!(errors[0].1.contains("reel_frame: time must be a finite number of ms, >= 0"), "{}", errors[0].1);
        assert!(r.last_error().contains("reel_frame"), "{}", r.last_error());
    }
    // The engine is unharmed: the next good frame draws the box.
    assert_eq!(r.frame(32.0), 0);
    assert_eq!(r.display_items(), 1);
    assert!(r.events().iter().any(|e| matches!(e, Event::Frame(s) if s.time_ms == 32.0)));
}

#[test]
fn init_viewport_must_be_in_range() {
    let mut r = Raw::new();
    for (w, h) in [(0, 360), (640, 0), (16385, 360), (640, u32::MAX), (u32::MAX, u32::MAX)] {
        assert_eq!(r.init(w, h), BAD_ARGUMENT, "reel_init({w}, {h}) before any init");
        assert_eq!(r.frame(0.0), ERR_NOT_INITIALISED, "a rejected init creates no engine");
    }
    assert_eq!(r.init(16384, 1), 0, "the largest viewport");
    assert_eq!(r.init(640, 360), 0);
    assert_eq!(r.submit(&one_box()), 0);
    assert_eq!(r.frame(0.0), 0);
    r.events();
    assert_eq!(r.init(0, 0), BAD_ARGUMENT);
    let errors = r.errors();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].1.contains("reel_init: viewport width and height must be 1..=16384"), "{}", errors[0].1);
    // The scene survived the rejected re-init.
    assert_eq!(r.frame(16.0), 0);
    assert_eq!(r.display_items(), 1);
}

#[test]
fn submit_length_must_fit_the_reserved_buffer() {
    let mut r = Raw::new();
    assert_eq!(r.submit_len(16), ERR_NOT_INITIALISED);
    assert_eq!(r.init(640, 360), 0);
    let batch = one_box();
    let ptr = r.reserve(batch.len() as u32);
    assert_ne!(ptr, 0);
    r.memory.write(&mut r.store, ptr as usize, &batch).expect("write");
    for len in [batch.len() as u32 + 4_096, u32::MAX, u32::MAX - 3, 0x8000_0000] {
        assert_eq!(r.submit_len(len), ERR_INPUT_TOO_LONG, "reel_submit({len})");
        let errors = r.errors();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].1.contains("reel_submit: length exceeds the buffer reel_input_reserve returned"), "{}", errors[0].1);
    }
    // A partial word: Truncated, with the byte counts.
    assert_eq!(r.submit_len(6), ErrorKind::Truncated { needed: 0, got: 0 }.code());
    assert!(r.last_error().contains("truncated: need 8 bytes, have 6"), "{}", r.last_error());
    r.events();
    // Nothing was applied by the rejected calls; the real batch still is.
    assert_eq!(r.submit_len(batch.len() as u32), 0);
    assert_eq!(r.frame(0.0), 0);
    assert_eq!(r.display_items(), 1);
}

/// A one-command batch: header, then `words` exactly as given.
fn raw_batch(words: &[u32]) -> Vec<u8> {
    let mut all = vec![BATCH_MAGIC, 1, 9, 1];
    all.extend_from_slice(words);
    all.iter().flat_map(|w| w.to_le_bytes()).collect()
}

#[test]
fn malformed_lengths_read_the_same_on_wasm_and_natively() {
    let font = u32::from(op::REGISTER_FONT);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        // The case: REGISTER_FONT's long form claiming 0x7FFFFFFF words.
        ("long form 0x7FFFFFFF words", raw_batch(&[font, 0x7FFF_FFFF, 1, 0x41, 4, 0])),
        ("long form u32::MAX words", raw_batch(&[font, u32::MAX, 1, 0x41, 4, 0])),
        ("family length 0x7FFFFFFF", raw_batch(&[font, 6, 0x7FFF_FFFF, 0x41, 4, 0])),
        ("font length 0x7FFFFFFF", raw_batch(&[font, 6, 1, 0x41, 0x7FFF_FFFF, 0])),
        ("short form 0xFFFF words", raw_batch(&[u32::from(op::SET_TEXT) | 0xFFFF << 16, 1, 5])),
        ("header only, count 1", raw_batch(&[])),
    ];
    for (what, bytes) in cases {
        let mut native = reel_engine::Engine::new(640, 360);
        let native_msg = match native.submit(&bytes) {
            Ok(()) => panic!("{what}: accepted natively"),
            Err(e) => e.to_string(),
        };
        let mut r = Raw::new();
        assert_eq!(r.init(640, 360), 0);
        assert_ne!(r.submit(&bytes), 0, "{what}: accepted by engine.wasm");
        assert_eq!(r.last_error(), native_msg, "{what}: engine.wasm and the native engine disagree");
        println!("{what}: {native_msg}");
    }
    // And the number is the real one: 16 header bytes + 0x7FFFFFFF words.
    let mut native = reel_engine::Engine::new(640, 360);
    let e = native.submit(&raw_batch(&[font, 0x7FFF_FFFF, 1, 0x41, 4, 0])).expect_err("truncated");
    assert_eq!(e.kind, ErrorKind::Truncated { needed: 16 + 0x7FFF_FFFF * 4, got: 40 });
    assert_eq!(e.to_string(), "batch 9 command 0 (REGISTER_FONT): truncated: need 8589934604 bytes, have 40");
}
