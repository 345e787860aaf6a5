//! Re-encoding the engine's events for the app.
//!
//! The engine thread hands back decoded [`Event`]s (the supervisor adds
//! host-made `ERROR` events for batches it rejected after traps). The app
//! side expects what a browser Worker posts: the engine's raw event buffer
//! (`"REEV"` header, events framed like commands; see
//! [`reel_wire::protocol::events`]), which the shim decodes. This module
//! writes that buffer.

use reel_wire::protocol::events::{ev, Event, SKIPPED_BIT};
use reel_wire::protocol::{EVENTS_MAGIC, PROTOCOL_VERSION};

/// Encodes `events` as one event buffer; `seq` is the frame number.
/// Variants this host does not know yet are left out.
pub fn encode_events(events: &[Event], seq: u32) -> Vec<u8> {
    let mut words: Vec<u32> = vec![EVENTS_MAGIC, PROTOCOL_VERSION as u32, seq, 0];
    let mut count = 0u32;
    for e in events {
        let (op, body): (u16, Vec<u32>) = match e {
            Event::Error {
                batch_seq,
                cmd_index,
                opcode,
                skipped,
                code,
                message,
            } => {
                let bytes = message.as_bytes();
                let bytes = &bytes[..bytes.len().min(4000)];
                let op_word = *opcode as u32 | if *skipped { SKIPPED_BIT } else { 0 };
                let body = reel_wire::protocol::encode::string_body(
                    &[*batch_seq, *cmd_index, op_word, *code],
                    bytes,
                );
                (ev::ERROR, body)
            }
            Event::Frame(s) => (
                ev::FRAME_STATS,
                bytemuck::cast_slice(core::slice::from_ref(s)).to_vec(),
            ),
            Event::Anim {
                anim_id,
                node,
                kind,
            } => (ev::ANIM, vec![*anim_id, *node, *kind]),
            Event::Focus { from, to, cause } => (ev::FOCUS, vec![*from, *to, *cause]),
            Event::Pointer {
                hit,
                target,
                action,
                x,
                y,
            } => (
                ev::POINTER,
                vec![*hit, *target, *action, x.to_bits(), y.to_bits()],
            ),
            Event::NavEdge { focused, dir } => (ev::NAV_EDGE, vec![*focused, *dir]),
            // The app hears how its images ended up; requests and releases
            // are the host's own business (its loader answers them).
            Event::ImageState { node, state, reason } => (ev::IMAGE_STATE, vec![*node, *state, *reason]),
            // What the engine says (the app's 'announce' listeners).
            Event::Announce { node, politeness, kind, text } => (
                ev::ANNOUNCE,
                reel_wire::protocol::encode::string_body(&[*node, *politeness, *kind], text.as_bytes()),
            ),
            Event::UnnamedFocus { node } => (ev::UNNAMED_FOCUS, vec![*node]),
            Event::MissingGlyph { node, codepoint } => (ev::MISSING_GLYPH, vec![*node, *codepoint]),
            // What the host's video plane did (reel_host::video): 'video' events.
            Event::Video { node, state, reason, time, size } => (ev::VIDEO, vec![*node, *state, *reason, time.to_bits(), *size]),
            #[allow(unreachable_patterns)]
            _ => continue,
        };
        words.push(op as u32 | ((body.len() as u32 + 1) << 16));
        words.extend_from_slice(&body);
        count += 1;
    }
    words[3] = count;
    words.iter().flat_map(|w| w.to_le_bytes()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use reel_wire::protocol::events::{decode_events, FrameStats};

    #[test]
    fn round_trip() {
        let evs = vec![
            Event::Frame(FrameStats {
                frame: 3,
                nodes: 5,
                time_ms: 50.0,
                ..Default::default()
            }),
            Event::Error {
                batch_seq: 7,
                cmd_index: 2,
                opcode: 5,
                skipped: true,
                code: 9,
                message: "bad prop ✓".into(),
            },
            Event::Focus {
                from: 1,
                to: 2,
                cause: 0,
            },
            Event::Pointer {
                hit: 3,
                target: 4,
                action: 1,
                x: 1.5,
                y: -2.0,
            },
        ];
        let bytes = encode_events(&evs, 3);
        assert_eq!(decode_events(&bytes).expect("decodes"), evs);
        assert_eq!(
            decode_events(&encode_events(&[], 0)).expect("empty"),
            vec![]
        );
    }
}
