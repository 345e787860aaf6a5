//! A table of specific malformed batches, each rejected with its specific
//! `ErrorKind` (and the right command index and opcode), each leaving the
//! engine exactly as it was (the transaction guarantee).

use reel_engine::protocol::encode::string_body;
use reel_engine::protocol::error::HEADER_INDEX;
use reel_engine::protocol::props::{key, ty, PropValue};
use reel_engine::protocol::{op, BatchBuilder, BatchError, ErrorKind, NodeKind, NONE};
use reel_engine::Engine;

/// Seq every test batch carries.
const SEQ: u32 = 7;

/// Root → 1 (view) → 2 (view); 3 is a text node under root; 4 is a
/// detached view. One frame has run.
fn base_engine() -> Engine {
    let mut e = Engine::new(320, 180);
    e.submit(&reel_tests::base_scene_batch()).expect("base scene is valid");
    e
}

/// Everything observable about the engine's state.
fn state(e: &mut Engine) -> (Vec<u8>, Vec<u8>) {
    (e.snapshot().to_vec(), e.display_list_bytes().to_vec())
}

/// Submits `bytes` to a fresh base engine, expects rejection, checks that
/// nothing changed (also after another frame) and returns the error.
fn reject(bytes: &[u8]) -> BatchError {
    let mut e = base_engine();
    let before = state(&mut e);
    let items_before = e.display_list().items.to_vec();
    let err = match e.submit(bytes) {
        Ok(()) => panic!("batch was accepted but must be rejected"),
        Err(err) => err,
    };
    assert_eq!(
        state(&mut e),
        before,
        "a rejected batch changed the engine ({err})"
    );
    assert!(
        !e.last_error().is_empty(),
        "last_error is set after a rejection"
    );
    e.frame(16.0);
    assert_eq!(
        e.display_list().items,
        &items_before[..],
        "a rejected batch changed the next frame ({err})"
    );
    err
}

fn batch(f: impl FnOnce(&mut BatchBuilder)) -> Vec<u8> {
    let mut b = BatchBuilder::new(SEQ);
    f(&mut b);
    b.finish()
}

/// A SET_PROPS with one raw entry.
fn raw_prop(id: u32, k: u16, t: u16, value: u32) -> Vec<u8> {
    batch(|b| {
        b.raw(op::SET_PROPS, &[id, k as u32 | ((t as u32) << 16), value]);
    })
}

fn expect(bytes: &[u8], cmd_index: u32, opcode: u16, kind: ErrorKind) {
    let err = reject(bytes);
    assert_eq!(err.kind, kind, "wrong kind: {err}");
    assert_eq!(err.cmd_index, cmd_index, "wrong command index: {err}");
    assert_eq!(err.op, opcode, "wrong opcode: {err}");
    if cmd_index != HEADER_INDEX
        || !matches!(kind, ErrorKind::BadMagic(_) | ErrorKind::Truncated { .. })
    {
        assert_eq!(err.seq, SEQ, "seq is echoed: {err}");
    }
}

#[test]
fn unknown_opcode() {
    expect(
        &batch(|b| {
            b.create(10, NodeKind::View).raw(99, &[1, 2]);
        }),
        1,
        99,
        ErrorKind::UnknownOpcode(99),
    );
    expect(
        &batch(|b| {
            b.raw(0, &[]);
        }),
        0,
        0,
        ErrorKind::UnknownOpcode(0),
    );
}

#[test]
fn unknown_prop() {
    expect(
        &raw_prop(1, 999, ty::F32, 0),
        0,
        op::SET_PROPS,
        ErrorKind::UnknownProp(999),
    );
    // 28..31 are a gap in the key table.
    expect(
        &raw_prop(1, 30, ty::F32, 0),
        0,
        op::SET_PROPS,
        ErrorKind::UnknownProp(30),
    );
    // SET_STR with a key that is not a string property.
    expect(
        &batch(|b| {
            b.set_str(1, key::X, "nope");
        }),
        0,
        op::SET_STR,
        ErrorKind::UnknownProp(key::X),
    );
}

#[test]
fn wrong_type() {
    expect(
        &raw_prop(1, key::ALPHA, ty::I32, 1),
        0,
        op::SET_PROPS,
        ErrorKind::WrongType {
            prop: key::ALPHA,
            ty: ty::I32,
        },
    );
    expect(
        &raw_prop(1, key::COLOR, ty::F32, 0),
        0,
        op::SET_PROPS,
        ErrorKind::WrongType {
            prop: key::COLOR,
            ty: ty::F32,
        },
    );
    expect(
        &raw_prop(1, key::X, ty::PERCENT, 0),
        0,
        op::SET_PROPS,
        ErrorKind::WrongType {
            prop: key::X,
            ty: ty::PERCENT,
        },
    );
    expect(
        &raw_prop(1, key::W, 6, 0),
        0,
        op::SET_PROPS,
        ErrorKind::WrongType {
            prop: key::W,
            ty: 6,
        },
    );
}

#[test]
fn non_finite_numbers() {
    expect(
        &raw_prop(1, key::X, ty::F32, f32::NAN.to_bits()),
        0,
        op::SET_PROPS,
        ErrorKind::NonFinite { prop: key::X },
    );
    expect(
        &raw_prop(1, key::ROTATION, ty::F32, f32::INFINITY.to_bits()),
        0,
        op::SET_PROPS,
        ErrorKind::NonFinite {
            prop: key::ROTATION,
        },
    );
    expect(
        &raw_prop(1, key::W, ty::PERCENT, f32::NEG_INFINITY.to_bits()),
        0,
        op::SET_PROPS,
        ErrorKind::NonFinite { prop: key::W },
    );
    expect(
        &batch(|b| {
            b.frame(f64::NAN);
        }),
        0,
        op::FRAME,
        ErrorKind::NonFinite { prop: 0 },
    );
}

#[test]
fn out_of_range() {
    expect(
        &raw_prop(1, key::ALPHA, ty::F32, 1.5f32.to_bits()),
        0,
        op::SET_PROPS,
        ErrorKind::OutOfRange {
            prop: key::ALPHA,
            value: 1.5,
        },
    );
    expect(
        &raw_prop(1, key::ALPHA, ty::F32, (-0.25f32).to_bits()),
        0,
        op::SET_PROPS,
        ErrorKind::OutOfRange {
            prop: key::ALPHA,
            value: -0.25,
        },
    );
    expect(
        &raw_prop(1, key::W, ty::F32, (-1.0f32).to_bits()),
        0,
        op::SET_PROPS,
        ErrorKind::OutOfRange {
            prop: key::W,
            value: -1.0,
        },
    );
}

#[test]
fn bad_enum_and_keyword_bits() {
    expect(
        &raw_prop(1, key::DISPLAY, ty::U32, 3),
        0,
        op::SET_PROPS,
        ErrorKind::BadEnum {
            prop: key::DISPLAY,
            value: 3,
        },
    );
    expect(
        &raw_prop(1, key::VISIBLE, ty::U32, 2),
        0,
        op::SET_PROPS,
        ErrorKind::BadEnum {
            prop: key::VISIBLE,
            value: 2,
        },
    );
    expect(
        &raw_prop(1, key::W, ty::AUTO, 1),
        0,
        op::SET_PROPS,
        ErrorKind::BadKeywordBits { prop: key::W },
    );
    expect(
        &raw_prop(1, key::COLOR, ty::RESET, 5),
        0,
        op::SET_PROPS,
        ErrorKind::BadKeywordBits { prop: key::COLOR },
    );
}

#[test]
fn bad_utf8() {
    let body = string_body(&[3], &[b'o', b'k', 0xFF, b'!']);
    expect(
        &batch(|b| {
            b.raw(op::SET_TEXT, &body);
        }),
        0,
        op::SET_TEXT,
        ErrorKind::BadUtf8 { valid_up_to: 2 },
    );
    // A truncated multi-byte sequence at the end.
    let body = string_body(&[3], &[0xE2, 0x82]);
    expect(
        &batch(|b| {
            b.raw(op::SET_TEXT, &body);
        }),
        0,
        op::SET_TEXT,
        ErrorKind::BadUtf8 { valid_up_to: 0 },
    );
    let body = string_body(&[4, key::SRC as u32], &[0xC0, 0x80]);
    expect(
        &batch(|b| {
            b.raw(op::SET_STR, &body);
        }),
        0,
        op::SET_STR,
        ErrorKind::BadUtf8 { valid_up_to: 0 },
    );
}

#[test]
fn truncated() {
    let good = batch(|b| {
        b.create(10, NodeKind::View).insert(0, 10, NONE);
    });
    // Whole last word missing: the INSERT needs 4 words, 3 are there.
    let cut = &good[..good.len() - 4];
    let err = reject(cut);
    assert_eq!(
        err.kind,
        ErrorKind::Truncated {
            needed: good.len() as u64,
            got: cut.len() as u64
        },
        "{err}"
    );
    assert_eq!((err.cmd_index, err.op), (1, op::INSERT));
    // Fewer commands than the header's count.
    let mut short = good.clone();
    short[12..16].copy_from_slice(&3u32.to_le_bytes());
    let err = reject(&short);
    assert!(matches!(err.kind, ErrorKind::Truncated { .. }), "{err}");
    assert_eq!(err.cmd_index, 2);
    // Not a whole number of words.
    let err = reject(&good[..good.len() - 1]);
    assert!(matches!(err.kind, ErrorKind::Truncated { .. }), "{err}");
    assert_eq!(err.cmd_index, HEADER_INDEX);
    // Shorter than the header.
    let err = reject(&good[..8]);
    assert_eq!(err.kind, ErrorKind::Truncated { needed: 16, got: 8 });
    let err = reject(&[]);
    assert_eq!(err.kind, ErrorKind::Truncated { needed: 16, got: 0 });
}

#[test]
fn trailing_bytes() {
    let mut bytes = batch(|b| {
        b.create(10, NodeKind::View);
    });
    bytes.extend_from_slice(&[0; 8]);
    expect(&bytes, HEADER_INDEX, 0, ErrorKind::TrailingBytes(8));
    // A whole extra command the count does not cover.
    let mut two = batch(|b| {
        b.create(10, NodeKind::View).create(11, NodeKind::View);
    });
    two[12..16].copy_from_slice(&1u32.to_le_bytes());
    expect(&two, HEADER_INDEX, 0, ErrorKind::TrailingBytes(12));
}

#[test]
fn header_errors() {
    let good = batch(|b| {
        b.create(10, NodeKind::View);
    });
    let mut m = good.clone();
    m[0] = b'X';
    let err = reject(&m);
    assert!(matches!(err.kind, ErrorKind::BadMagic(_)), "{err}");
    let mut v = good.clone();
    v[4..6].copy_from_slice(&2u16.to_le_bytes());
    expect(&v, HEADER_INDEX, 0, ErrorKind::UnsupportedVersion(2));
    let mut f = good;
    f[6..8].copy_from_slice(&1u16.to_le_bytes());
    expect(&f, HEADER_INDEX, 0, ErrorKind::BadFlags(1));
}

#[test]
fn bad_length() {
    expect(
        &batch(|b| {
            b.raw(op::CREATE, &[10, 0, 0]);
        }),
        0,
        op::CREATE,
        ErrorKind::BadLength { words: 4 },
    );
    expect(
        &batch(|b| {
            b.raw(op::INSERT, &[0, 1]);
        }),
        0,
        op::INSERT,
        ErrorKind::BadLength { words: 3 },
    );
    expect(
        &batch(|b| {
            b.raw(op::SET_PROPS, &[1, 0]);
        }),
        0,
        op::SET_PROPS,
        ErrorKind::BadLength { words: 3 },
    );
    expect(
        &batch(|b| {
            b.raw(op::FRAME, &[0]);
        }),
        0,
        op::FRAME,
        ErrorKind::BadLength { words: 2 },
    );
    // A header word claiming zero words.
    let mut zero = batch(|b| {
        b.raw(op::DESTROY, &[1]);
    });
    zero[16..20].copy_from_slice(&(op::DESTROY as u32).to_le_bytes());
    let err = reject(&zero);
    assert_eq!(err.kind, ErrorKind::BadLength { words: 0 }, "{err}");
    // String length longer than the command's bytes.
    expect(
        &batch(|b| {
            b.raw(op::SET_TEXT, &[3, 9, 0]);
        }),
        0,
        op::SET_TEXT,
        ErrorKind::BadLength { words: 4 },
    );
}

#[test]
fn set_text_or_str_without_body_is_bad_length() {
    // Only the header word: no id, no length. Must be an error, not a panic.
    expect(
        &batch(|b| {
            b.raw(op::SET_TEXT, &[]);
        }),
        0,
        op::SET_TEXT,
        ErrorKind::BadLength { words: 1 },
    );
    expect(
        &batch(|b| {
            b.raw(op::SET_STR, &[4]);
        }),
        0,
        op::SET_STR,
        ErrorKind::BadLength { words: 2 },
    );
}

#[test]
fn unknown_node_kind() {
    expect(
        &batch(|b| {
            b.raw(op::CREATE, &[10, 7]);
        }),
        0,
        op::CREATE,
        ErrorKind::UnknownNodeKind(7),
    );
}

#[test]
fn reused_id() {
    expect(
        &batch(|b| {
            b.create(1, NodeKind::View);
        }),
        0,
        op::CREATE,
        ErrorKind::IdInUse(1),
    );
    // Twice in one batch: the first create is rolled back too.
    expect(
        &batch(|b| {
            b.create(10, NodeKind::View).create(10, NodeKind::Image);
        }),
        1,
        op::CREATE,
        ErrorKind::IdInUse(10),
    );
}

#[test]
fn unknown_id() {
    expect(
        &batch(|b| {
            b.set_props(77, &[(key::X, PropValue::F32(1.0))]);
        }),
        0,
        op::SET_PROPS,
        ErrorKind::UnknownNode(77),
    );
    expect(
        &batch(|b| {
            b.insert(0, 77, NONE);
        }),
        0,
        op::INSERT,
        ErrorKind::UnknownNode(77),
    );
    expect(
        &batch(|b| {
            b.insert(77, 1, NONE);
        }),
        0,
        op::INSERT,
        ErrorKind::UnknownNode(77),
    );
    expect(
        &batch(|b| {
            b.destroy(77);
        }),
        0,
        op::DESTROY,
        ErrorKind::UnknownNode(77),
    );
    expect(
        &batch(|b| {
            b.remove(77);
        }),
        0,
        op::REMOVE,
        ErrorKind::UnknownNode(77),
    );
    // Destroyed earlier in the same batch.
    expect(
        &batch(|b| {
            b.destroy(1).set_props(2, &[(key::X, PropValue::F32(1.0))]);
        }),
        1,
        op::SET_PROPS,
        ErrorKind::UnknownNode(2),
    );
}

#[test]
fn cycle() {
    expect(
        &batch(|b| {
            b.insert(2, 1, NONE);
        }),
        0,
        op::INSERT,
        ErrorKind::Cycle {
            parent: 2,
            child: 1,
        },
    );
    expect(
        &batch(|b| {
            b.insert(1, 1, NONE);
        }),
        0,
        op::INSERT,
        ErrorKind::Cycle {
            parent: 1,
            child: 1,
        },
    );
}

#[test]
fn anchor_not_child() {
    // 2 is a child of 1, not of the root.
    expect(
        &batch(|b| {
            b.insert(0, 4, 2);
        }),
        0,
        op::INSERT,
        ErrorKind::AnchorNotChild {
            parent: 0,
            anchor: 2,
        },
    );
    // A detached node as anchor.
    expect(
        &batch(|b| {
            b.insert(1, 3, 4);
        }),
        0,
        op::INSERT,
        ErrorKind::AnchorNotChild {
            parent: 1,
            anchor: 4,
        },
    );
}

#[test]
fn reserved_id() {
    expect(
        &batch(|b| {
            b.create(0, NodeKind::View);
        }),
        0,
        op::CREATE,
        ErrorKind::ReservedId(0),
    );
    expect(
        &batch(|b| {
            b.create(NONE, NodeKind::View);
        }),
        0,
        op::CREATE,
        ErrorKind::ReservedId(NONE),
    );
    expect(
        &batch(|b| {
            b.destroy(0);
        }),
        0,
        op::DESTROY,
        ErrorKind::ReservedId(0),
    );
    expect(
        &batch(|b| {
            b.remove(0);
        }),
        0,
        op::REMOVE,
        ErrorKind::ReservedId(0),
    );
    expect(
        &batch(|b| {
            b.insert(1, 0, NONE);
        }),
        0,
        op::INSERT,
        ErrorKind::ReservedId(0),
    );
    expect(
        &batch(|b| {
            b.insert(NONE, 1, NONE);
        }),
        0,
        op::INSERT,
        ErrorKind::ReservedId(NONE),
    );
}

#[test]
fn not_text() {
    expect(
        &batch(|b| {
            b.set_text(1, "x");
        }),
        0,
        op::SET_TEXT,
        ErrorKind::NotText(1),
    );
}

#[test]
fn error_late_in_batch_rolls_back_everything_before_it() {
    // Creates, moves, prop changes, a destroy and a frame, then an error:
    // none of it may stick (reject() compares snapshot and display list).
    let bytes = batch(|b| {
        b.create(50, NodeKind::View)
            .set_props(
                50,
                &[
                    (key::W, PropValue::F32(30.0)),
                    (key::H, PropValue::F32(30.0)),
                    (key::COLOR, PropValue::U32(0xffffffff)),
                ],
            )
            .insert(0, 50, NONE)
            .set_props(
                1,
                &[
                    (key::X, PropValue::F32(100.0)),
                    (key::ALPHA, PropValue::F32(0.5)),
                ],
            )
            .insert(50, 2, NONE)
            .set_text(3, "changed")
            .destroy(4)
            .frame(5.0)
            .insert(77, 50, NONE);
    });
    let err = reject(&bytes);
    assert_eq!(err.kind, ErrorKind::UnknownNode(77));
    assert_eq!(err.cmd_index, 8);
    // And the ids it touched are still usable as before: 50 is free, 4 alive.
    let mut e = base_engine();
    assert!(e.submit(&bytes).is_err());
    let ok = batch(|b| {
        b.create(50, NodeKind::View).destroy(4).frame(32.0);
    });
    e.submit(&ok)
        .expect("50 was never created and 4 never destroyed");
}

#[test]
fn accepted_after_rejected_matches_never_rejected() {
    // A rejected batch in between must not affect what later batches do.
    let later = batch(|b| {
        b.set_props(2, &[(key::X, PropValue::F32(20.0))])
            .frame(16.0);
    });
    let mut clean = base_engine();
    clean.submit(&later).expect("valid");
    let mut dirty = base_engine();
    assert!(dirty
        .submit(&raw_prop(1, key::ALPHA, ty::F32, 2.0f32.to_bits()))
        .is_err());
    dirty.submit(&later).expect("valid");
    assert_eq!(clean.display_list().items, dirty.display_list().items);
    assert_eq!(clean.snapshot().to_vec(), dirty.snapshot().to_vec());
}
