//! What a host's batch does when the engine refuses one of its commands
//! (`Engine::submit_input`, the ABI's path): a command refused for itself
//! alone is skipped and the rest applied, so one bad `gradient` string
//! does not lose the screen that came with it, nor every later batch that
//! names that screen's nodes. Every command validation refuses is skipped
//! in one pass; errors that make the rest untrustworthy, or more than
//! `MAX_SKIPPED` commands the transaction refuses, still reject the batch
//! whole.
//! (`Engine::submit` stays all-or-nothing: the transaction tests use it.)

use reel_engine::display_list::ItemKind;
use reel_engine::protocol::events::{decode_events, Event};
use reel_engine::protocol::props::{key, PropValue as V};
use reel_engine::protocol::{op, skip_command, Batch, BatchBuilder, Command, ErrorKind, NodeKind, NONE};
use reel_engine::{Engine, MAX_SKIPPED};

/// Submits `b` the way the ABI does (`reel_input_reserve` + `reel_submit`).
fn submit(e: &mut Engine, b: &BatchBuilder) -> Result<(), reel_engine::protocol::BatchError> {
    let bytes = b.finish();
    let mut input = Vec::new();
    let words = bytes.len() / 4;
    assert!(e.reserve_input(&mut input, words));
    for (w, c) in input.iter_mut().zip(bytes.chunks_exact(4)) {
        *w = u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
    }
    e.submit_input(&mut input, words)
}

/// The ERROR events queued since the last call: (index, code, message, skipped).
fn errors(e: &mut Engine) -> Vec<(u32, u32, String, bool)> {
    let out = decode_events(e.events_bytes())
        .expect("events")
        .into_iter()
        .filter_map(|ev| match ev {
            Event::Error { cmd_index, code, message, skipped, .. } => Some((cmd_index, code, message, skipped)),
            _ => None,
        })
        .collect();
    e.clear_events();
    out
}

/// Node ids with an item of `kind` in the last display list.
fn drawn(e: &Engine, kind: ItemKind) -> Vec<u32> {
    let mut ids: Vec<u32> = e.display_list().items.iter().filter(|i| i.item_kind() == Some(kind)).map(|i| i.node).collect();
    ids.dedup();
    ids
}

/// A 100x50 view `id` at x under the root.
fn tile(b: &mut BatchBuilder, id: u32, x: f32) {
    b.create(id, NodeKind::View)
        .set_props(id, &[(key::X, V::F32(x)), (key::W, V::F32(100.0)), (key::H, V::F32(50.0)), (key::COLOR, V::U32(0x2040_80ff))])
        .insert(0, id, NONE);
}

#[test]
fn a_bad_gradient_skips_its_command_and_the_screen_still_comes() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    for id in 1..=5 {
        tile(&mut b, id, id as f32 * 110.0);
    }
    // Command 15: a string a CSS writer might send that the engine refuses.
    b.set_str(3, key::GRADIENT, "linear-gradient(sideways, #000, #fff)");
    b.set_str(4, key::GRADIENT, "linear-gradient(90deg, #000, #fff)").frame(0.0);
    submit(&mut e, &b).expect("applied without the refused command");
    let errs = errors(&mut e);
    assert_eq!(errs.len(), 1, "{errs:?}");
    let (index, code, msg, skipped) = &errs[0];
    assert_eq!((*index, *code, *skipped), (15, ErrorKind::BadGradient { at: 0, what: "" }.code(), true));
    assert!(msg.contains("gradient") && msg.contains("character 16"), "{msg}");
    // Every tile is on screen, node 4 with its gradient, node 3 without one.
    assert_eq!(drawn(&e, ItemKind::Rect), [1, 2, 3, 4, 5]);
    assert_eq!(drawn(&e, ItemKind::Gradient), [4]);
}

#[test]
fn later_batches_naming_a_node_of_a_rejected_batch_keep_the_rest() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    tile(&mut b, 1, 0.0);
    b.create(1, NodeKind::View); // an id created twice: the whole batch goes
    assert_eq!(submit(&mut e, &b).expect_err("rejected").kind, ErrorKind::IdInUse(1));
    assert!(!errors(&mut e)[0].3, "rejected, not skipped");
    // The app still holds node 1; its next batch moves it and adds node 2.
    let mut b = BatchBuilder::new(2);
    b.set_props(1, &[(key::X, V::F32(5.0))]);
    tile(&mut b, 2, 200.0);
    b.insert(2, 1, NONE).frame(16.0);
    submit(&mut e, &b).expect("node 2 applied");
    let errs = errors(&mut e);
    let idx: Vec<u32> = errs.iter().map(|x| x.0).collect();
    assert_eq!(idx, [0, 4], "the write to node 1 and its insert, by their index as sent: {errs:?}");
    assert!(errs.iter().all(|x| x.1 == ErrorKind::UnknownNode(1).code() && x.3));
    assert_eq!(drawn(&e, ItemKind::Rect), [2]);
}

#[test]
fn indexes_as_sent_when_earlier_commands_were_skipped() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    tile(&mut b, 1, 0.0); // 0..=2
    b.set_str(1, key::GRADIENT, "x"); // 3
    b.set_props(9, &[(key::X, V::F32(1.0))]); // 4
    b.set_str(1, key::GRADIENT, "linear-gradient(#000, #fff)"); // 5
    b.destroy(8); // 6
    b.set_props(1, &[(key::Y, V::F32(7.0))]); // 7
    b.frame(0.0);
    submit(&mut e, &b).expect("applied");
    let idx: Vec<u32> = errors(&mut e).iter().map(|x| x.0).collect();
    assert_eq!(idx, [3, 4, 6]);
    assert_eq!(drawn(&e, ItemKind::Gradient), [1]);
}

#[test]
fn more_refused_commands_than_the_cap_reject_the_batch_whole() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    tile(&mut b, 1, 0.0);
    b.frame(0.0);
    submit(&mut e, &b).expect("scene");
    errors(&mut e);
    let before = e.snapshot().to_vec();
    let mut b = BatchBuilder::new(2);
    tile(&mut b, 2, 120.0);
    for k in 0..=MAX_SKIPPED as u32 {
        b.destroy(100 + k);
    }
    let err = submit(&mut e, &b).expect_err("one more than the cap");
    assert_eq!(err.kind, ErrorKind::UnknownNode(100 + MAX_SKIPPED as u32));
    assert_eq!(err.cmd_index, 3 + MAX_SKIPPED as u32, "as sent");
    let errs = errors(&mut e);
    assert_eq!(errs.len(), MAX_SKIPPED + 1);
    assert!(errs[..MAX_SKIPPED].iter().all(|x| x.3) && !errs[MAX_SKIPPED].3, "32 skipped, then the batch rejected");
    assert_eq!(e.snapshot(), &before[..], "rejected whole: the scene as it was");
}

#[test]
fn framing_errors_still_reject_the_batch() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    tile(&mut b, 1, 0.0);
    b.raw(0x77, &[1]);
    assert_eq!(submit(&mut e, &b).expect_err("unknown opcode").kind, ErrorKind::UnknownOpcode(0x77));
    assert!(e.scene().get(1).is_none_or(|n| !n.alive));
}

#[test]
fn a_big_batch_skips_too() {
    // Over KEEP_INPUT_BYTES with creates: the precheck path.
    let mut e = Engine::new(1920, 1080);
    let mut b = BatchBuilder::new(1);
    let n = 12_000;
    for id in 1..=n {
        tile(&mut b, id, (id % 19) as f32 * 100.0);
    }
    b.insert(77_777, 5, NONE); // unknown parent: found by the precheck
    b.set_str(6, key::GRADIENT, "radial-gradient(#fff)").frame(0.0);
    submit(&mut e, &b).expect("applied");
    let idx: Vec<u32> = errors(&mut e).iter().map(|x| x.0).collect();
    // Validation (the string) finds its error before the precheck (the parent).
    assert_eq!(idx, [3 * n + 1, 3 * n]);
    assert_eq!(drawn(&e, ItemKind::Rect).len(), n as usize);
    assert_eq!(drawn(&e, ItemKind::Gradient), []);
}

#[test]
fn skip_command_frames_by_the_headers() {
    let mut b = BatchBuilder::new(4);
    b.create(1, NodeKind::View).register_font("F", &[7u8; 70_000]).set_str(1, key::GRADIENT, "abc").destroy(1);
    let bytes = b.finish();
    let mut w: Vec<u32> = bytes.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect();
    let before = w.clone();
    // Past the long-form font: the SET_STR becomes SKIPPED, of its length.
    assert!(skip_command(&mut w, 2));
    let batch = Batch::parse(&w).expect("header");
    assert_eq!(batch.count_op(op::SET_STR), 0);
    assert_eq!(batch.count_op(op::SKIPPED), 1);
    assert_eq!(batch.count_op(op::DESTROY), 1);
    let cmds: Vec<_> = batch.validate().expect("still a well-framed batch").commands().collect();
    assert!(matches!(cmds[2], Command::Skipped) && matches!(cmds[3], Command::Destroy { id: 1 }));
    assert_eq!(w.len(), before.len());
    assert_eq!(w.iter().zip(&before).filter(|(a, b)| a != b).count(), 1, "one header word changed");
    assert!(!skip_command(&mut w, 4), "4 commands");
    assert!(!skip_command(&mut w, 1), "the font's long form is never skipped");
    assert!(!skip_command(&mut w[..3], 0), "no header");
}

#[test]
fn a_big_batch_gets_four_skips_not_thirty_two() {
    // Each skip is one more pass over the batch: past SKIP_WORDS, four.
    let mut e = Engine::new(1920, 1080);
    let mut b = BatchBuilder::new(1);
    let n = 16_000;
    for id in 1..=n {
        tile(&mut b, id, (id % 19) as f32 * 100.0);
    }
    for k in 0..5 {
        b.destroy(90_000 + k);
    }
    let words = b.finish().len() / 4;
    assert!(words > reel_engine::SKIP_WORDS, "{words} words");
    let err = submit(&mut e, &b).expect_err("the fifth refused command rejects it");
    assert_eq!((err.cmd_index, err.kind), (3 * n + 4, ErrorKind::UnknownNode(90_004)));
    assert_eq!(errors(&mut e).len(), 5);
    assert_eq!(e.scene().len(), 1, "only the root: rejected whole");
}

#[test]
fn a_tree_too_deep_is_still_rejected_whole() {
    let mut e = Engine::new(640, 360);
    let mut b = BatchBuilder::new(1);
    let depth = reel_engine::scene::MAX_DEPTH + 1;
    for k in 0..depth {
        b.create(1 + k, NodeKind::View).insert(k, 1 + k, NONE);
    }
    let err = submit(&mut e, &b).expect_err("too deep");
    assert!(matches!(err.kind, ErrorKind::TooDeep { .. }), "{err}");
    assert_eq!(e.scene().len(), 1);
}

/// A row of tiles sent with the same gradient the engine refuses (a
/// server's style): every write is skipped in one validation pass, however
/// many, and every tile is on screen. The first `MAX_SKIPPED` are reported
/// as events; `FrameStats::rejected` counts them all.
#[test]
fn every_bad_value_of_a_batch_is_skipped_in_one_pass() {
    for n in [MAX_SKIPPED as u32 + 1, 1_000, 12_000] {
        let mut e = Engine::new(1920, 1080);
        let mut b = BatchBuilder::new(1);
        for id in 1..=n {
            tile(&mut b, id, (id % 19) as f32 * 100.0);
            b.set_str(id, key::GRADIENT, "linear-gradient(90deg, red, blue");
        }
        // One good gradient among them, and a write to an unknown node
        // (refused by the transaction: skipped after the sweep).
        b.set_str(2, key::GRADIENT, "linear-gradient(90deg, red, blue)");
        b.destroy(900_000).frame(0.0);
        submit(&mut e, &b).expect("applied without the refused commands");
        let errs = errors(&mut e);
        assert_eq!(errs.len(), MAX_SKIPPED + 1, "n = {n}");
        assert!(errs.iter().all(|x| x.3), "all skipped");
        assert!(errs[..MAX_SKIPPED].iter().enumerate().all(|(i, x)| x.0 == 4 * i as u32 + 3 && x.2.contains("missing ')'")), "{:?}", &errs[..3]);
        assert!(errs[MAX_SKIPPED].2.contains("900000"), "{}", errs[MAX_SKIPPED].2);
        assert_eq!(drawn(&e, ItemKind::Rect).len(), n as usize);
        assert_eq!(drawn(&e, ItemKind::Gradient), [2]);
        assert_eq!(e.stats().rejected, n + 1);
    }
}
