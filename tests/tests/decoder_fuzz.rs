//! Property tests of the batch decoder and the transaction guarantee:
//! random bytes, random mutations and truncations of valid batches, and
//! sequences mixing good and bad batches. For every input `Engine::submit`
//! must return (never panic), and a rejected batch must leave the engine's
//! snapshot and display list byte-identical to before. Accepted batches
//! must leave a display list the software painter can render.
//!
//! Cases per property: proptest's default (256), or `PROPTEST_CASES`.

use proptest::prelude::*;
use proptest::test_runner::Config;

use reel_engine::protocol::props::{Check, PropValue, PROPS};
use reel_engine::protocol::{BatchBuilder, NodeKind, BATCH_MAGIC, NONE};
use reel_engine::raster::{render_bytes, TextureStore};
use reel_engine::Engine;

const W: u32 = 64;
const H: u32 = 48;

fn config() -> Config {
    Config {
        failure_persistence: None,
        ..Config::default()
    }
}

/// One command, with ids from a small space so commands hit each other.
#[derive(Clone, Debug)]
enum Cmd {
    Create(u32, u32),
    Destroy(u32),
    Insert(u32, u32, u32),
    Remove(u32),
    Props(u32, Vec<(u16, PropValue)>),
    Text(u32, String),
    Src(u32, String),
    Frame(f64),
}

fn id() -> impl Strategy<Value = u32> {
    1u32..10
}

fn parent() -> impl Strategy<Value = u32> {
    prop_oneof![Just(0u32), id()]
}

fn anchor() -> impl Strategy<Value = u32> {
    prop_oneof![Just(NONE), id()]
}

/// A statically valid value for property `PROPS[i]`, derived from `seed`.
fn prop_value(i: usize, seed: u32, pick: u8) -> (u16, PropValue) {
    let spec = &PROPS[i % PROPS.len()];
    let accepts = |t: u16| spec.accepts & (1 << t) != 0;
    let unit = (seed % 1001) as f32 / 1000.0;
    let value = match (pick, spec.check) {
        (0, _) => PropValue::Reset,
        (1, _) if accepts(4) => PropValue::Auto,
        (2, _) if accepts(3) => PropValue::Percent(unit * 120.0),
        (_, Check::Unit) => PropValue::F32(unit),
        (_, Check::NonNegative) => PropValue::F32(unit * 80.0),
        (_, Check::Any) if accepts(2) => PropValue::I32(seed as i32 % 5),
        (_, Check::Any) => PropValue::F32(unit * 160.0 - 40.0),
        (_, Check::Bool) => PropValue::U32(seed & 1),
        (_, Check::Color) => PropValue::U32(seed),
        (_, Check::Enum(n)) => PropValue::U32(seed % n),
        (_, Check::NodeId) => PropValue::U32(if seed.is_multiple_of(4) {
            NONE
        } else {
            seed % 10
        }),
        // Checks added to the table later: RESET is valid for every property.
        #[allow(unreachable_patterns)]
        _ => PropValue::Reset,
    };
    (spec.key, value)
}

fn cmd() -> impl Strategy<Value = Cmd> {
    prop_oneof![
        3 => (id(), 0u32..3).prop_map(|(i, k)| Cmd::Create(i, k)),
        1 => id().prop_map(Cmd::Destroy),
        3 => (parent(), id(), anchor()).prop_map(|(p, c, a)| Cmd::Insert(p, c, a)),
        1 => id().prop_map(Cmd::Remove),
        4 => (id(), prop::collection::vec((any::<usize>(), any::<u32>(), 0u8..8), 1..6))
            .prop_map(|(i, ps)| Cmd::Props(i, ps.into_iter().map(|(k, s, p)| prop_value(k, s, p)).collect())),
        1 => (id(), "[a-zé ]{0,9}").prop_map(|(i, s)| Cmd::Text(i, s)),
        1 => (id(), "[a-z:/.]{0,12}").prop_map(|(i, s)| Cmd::Src(i, s)),
        1 => (0.0f64..10_000.0).prop_map(Cmd::Frame),
    ]
}

fn encode(seq: u32, cmds: &[Cmd]) -> Vec<u8> {
    let mut b = BatchBuilder::new(seq);
    for c in cmds {
        match c {
            Cmd::Create(i, k) => {
                b.create(*i, NodeKind::from_u32(*k).unwrap_or(NodeKind::View));
            }
            Cmd::Destroy(i) => {
                b.destroy(*i);
            }
            Cmd::Insert(p, c, a) => {
                b.insert(*p, *c, *a);
            }
            Cmd::Remove(i) => {
                b.remove(*i);
            }
            Cmd::Props(i, ps) => {
                b.set_props(*i, ps);
            }
            Cmd::Text(i, s) => {
                b.set_text(*i, s);
            }
            Cmd::Src(i, s) => {
                b.set_str(*i, reel_engine::protocol::props::key::SRC, s);
            }
            Cmd::Frame(t) => {
                b.frame(*t);
            }
        }
    }
    b.finish()
}

fn batch() -> impl Strategy<Value = Vec<u8>> {
    (any::<u32>(), prop::collection::vec(cmd(), 0..12)).prop_map(|(seq, cmds)| encode(seq, &cmds))
}

/// A small scene that batches can refer to: views 1..=5 in a chain-ish
/// tree with colours, 6 a text node, 7 detached.
fn base_engine() -> Engine {
    let mut e = Engine::new(W, H);
    let mut cmds = Vec::new();
    for i in 1..=5u32 {
        cmds.push(Cmd::Create(i, 0));
        cmds.push(Cmd::Props(
            i,
            vec![
                (reel_engine::protocol::props::key::W, PropValue::F32(20.0)),
                (reel_engine::protocol::props::key::H, PropValue::F32(15.0)),
                (
                    reel_engine::protocol::props::key::X,
                    PropValue::F32(i as f32 * 3.0),
                ),
                (
                    reel_engine::protocol::props::key::COLOR,
                    PropValue::U32(0x30_60_90_ff ^ (i << 24)),
                ),
            ],
        ));
        cmds.push(Cmd::Insert(if i <= 2 { 0 } else { i - 1 }, i, NONE));
    }
    cmds.push(Cmd::Create(6, 2));
    cmds.push(Cmd::Text(6, "hi".into()));
    cmds.push(Cmd::Insert(0, 6, NONE));
    cmds.push(Cmd::Create(7, 0));
    cmds.push(Cmd::Frame(0.0));
    e.submit(&encode(1, &cmds)).expect("base scene is valid");
    e
}

fn state(e: &mut Engine) -> (Vec<u8>, Vec<u8>) {
    (e.snapshot().to_vec(), e.display_list_bytes().to_vec())
}

/// Submits `bytes`; on rejection the state must be unchanged; on
/// acceptance the display list must render. Returns whether accepted.
fn submit_checked(e: &mut Engine, bytes: &[u8]) -> Result<bool, TestCaseError> {
    let before = state(e);
    match e.submit(bytes) {
        Ok(()) => {
            let list = e.display_list_bytes().to_vec();
            if let Err(err) = render_bytes(&list, &TextureStore::new()) {
                return Err(TestCaseError::fail(format!(
                    "accepted batch left an unpaintable display list: {err}"
                )));
            }
            Ok(true)
        }
        Err(err) => {
            prop_assert_eq!(
                state(e),
                before,
                "rejected batch ({}) changed the engine",
                err
            );
            Ok(false)
        }
    }
}

/// Mutations applied to a valid batch.
#[derive(Clone, Debug)]
enum Mutation {
    SetByte(usize, u8),
    SetWord(usize, u32),
    FlipBit(usize, u8),
    InsertWord(usize, u32),
    RemoveWord(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::SetByte(i, b)),
        (
            any::<usize>(),
            prop_oneof![any::<u32>(), 0u32..16, Just(u32::MAX), Just(0x7FC0_0000)]
        )
            .prop_map(|(i, w)| Mutation::SetWord(i, w)),
        (any::<usize>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<usize>(), any::<u32>()).prop_map(|(i, w)| Mutation::InsertWord(i, w)),
        any::<usize>().prop_map(Mutation::RemoveWord),
    ]
}

fn mutate(bytes: &mut Vec<u8>, m: &Mutation) {
    let n = bytes.len();
    if n == 0 {
        return;
    }
    let words = n / 4;
    match *m {
        Mutation::SetByte(i, b) => bytes[i % n] = b,
        Mutation::SetWord(i, w) if words > 0 => {
            let i = (i % words) * 4;
            bytes[i..i + 4].copy_from_slice(&w.to_le_bytes());
        }
        Mutation::FlipBit(i, b) => bytes[i % n] ^= 1 << b,
        Mutation::InsertWord(i, w) => {
            let i = (i % (words + 1)) * 4;
            bytes.splice(i..i, w.to_le_bytes());
        }
        Mutation::RemoveWord(i) if words > 0 => {
            let i = (i % words) * 4;
            bytes.drain(i..i + 4);
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_are_rejected_without_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let mut e = base_engine();
        submit_checked(&mut e, &bytes)?;
    }

    #[test]
    fn random_words_behind_a_valid_header(count in 0u32..8, words in prop::collection::vec(
        prop_oneof![any::<u32>(), (1u32..16, 1u32..10).prop_map(|(o, l)| o | (l << 16)), 0u32..12], 0..40)) {
        let mut bytes = Vec::new();
        for w in [BATCH_MAGIC, 1, 9, count].into_iter().chain(words) {
            bytes.extend_from_slice(&w.to_le_bytes());
        }
        let mut e = base_engine();
        submit_checked(&mut e, &bytes)?;
    }

    #[test]
    fn mutated_valid_batches(b in batch(), ms in prop::collection::vec(mutation(), 1..4)) {
        let mut bytes = b;
        for m in &ms {
            mutate(&mut bytes, m);
        }
        let mut e = base_engine();
        submit_checked(&mut e, &bytes)?;
    }

    #[test]
    fn truncated_valid_batches_are_rejected(b in batch(), cut in any::<usize>()) {
        let cut = cut % b.len();
        let mut e = base_engine();
        let accepted = submit_checked(&mut e, &b[..cut])?;
        prop_assert!(!accepted, "a batch cut to {} of {} bytes was accepted", cut, b.len());
    }

    #[test]
    fn misaligned_input_decodes_like_aligned(b in batch()) {
        // The same batch at an odd address (copied by the decoder) must do
        // exactly what the aligned one does.
        let mut storage = vec![0u8; b.len() + 1];
        storage[1..].copy_from_slice(&b);
        let mut aligned = base_engine();
        let mut odd = base_engine();
        let r1 = aligned.submit(&b).map_err(|e| e.kind);
        let r2 = odd.submit(&storage[1..]).map_err(|e| e.kind);
        prop_assert_eq!(r1, r2);
        prop_assert_eq!(state(&mut aligned), state(&mut odd));
    }

    #[test]
    fn rejected_batches_leave_no_trace(
        batches in prop::collection::vec((batch(), prop::collection::vec(mutation(), 0..2)), 1..8)
    ) {
        // Engine A gets every batch; engine B only those A accepted. They
        // must end identical: rejected batches are invisible.
        let mut a = base_engine();
        let mut b = base_engine();
        for (bytes, ms) in batches {
            let mut bytes = bytes;
            for m in &ms {
                mutate(&mut bytes, m);
            }
            if submit_checked(&mut a, &bytes)? {
                b.submit(&bytes).map_err(|e| TestCaseError::fail(format!("replay rejected: {e}")))?;
            }
        }
        prop_assert_eq!(state(&mut a), state(&mut b));
    }
}

#[test]
fn every_prefix_of_a_real_batch_is_rejected() {
    // Exhaustive over one batch that uses every opcode.
    let bytes = encode(
        3,
        &[
            Cmd::Create(20, 0),
            Cmd::Props(20, vec![prop_value(0, 5, 3), prop_value(5, 77, 3)]),
            Cmd::Insert(0, 20, NONE),
            Cmd::Create(21, 2),
            Cmd::Text(21, "héllo".into()),
            Cmd::Src(20, "a.png".into()),
            Cmd::Remove(20),
            Cmd::Destroy(21),
            Cmd::Frame(16.0),
        ],
    );
    for cut in 0..bytes.len() {
        let mut e = base_engine();
        let before = state(&mut e);
        assert!(
            e.submit(&bytes[..cut]).is_err(),
            "prefix of {cut} bytes accepted"
        );
        assert_eq!(
            state(&mut e),
            before,
            "prefix of {cut} bytes changed the engine"
        );
    }
    let mut e = base_engine();
    e.submit(&bytes).expect("the whole batch is valid");
}

#[test]
fn every_single_word_opcode_header_is_handled() {
    // A command header word for every opcode 0..=20 with every length 0..=6
    // and zero bodies: no panic, rejected or accepted consistently.
    for opcode in 0u16..=20 {
        for words in 0u32..=6 {
            let mut bytes = Vec::new();
            for w in [BATCH_MAGIC, 1, 1, 1, opcode as u32 | (words << 16)] {
                bytes.extend_from_slice(&w.to_le_bytes());
            }
            bytes.extend(std::iter::repeat_n(
                0u8,
                words.saturating_sub(1) as usize * 4,
            ));
            let mut e = base_engine();
            let before = state(&mut e);
            if e.submit(&bytes).is_err() {
                assert_eq!(state(&mut e), before, "op {opcode} words {words}");
            }
        }
    }
}
