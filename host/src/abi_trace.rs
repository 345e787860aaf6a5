//! A trace of the calls a host makes into one engine (engine engineers'
//! tool, off unless `REEL_ABI_TRACE=FILE` is set): `reel_init`, every batch
//! submitted (the app's, image answers, fonts), every `reel_frame` and the
//! texture budget, in order. `benches/examples/replay.rs --trace FILE`
//! replays it into the native engine, where callgrind can count a slow
//! frame of a `reel run` exactly (engine.wasm gives fuel per call, not per
//! function). The file is rewritten by each engine instance the process
//! starts (the last one wins: a run without recoveries has one).
//!
//! Format: records of `tag: u8`, `len: u32 LE`, `len` payload bytes; tags
//! `I` (width, height: u32 LE), `S` (the batch), `F` (time: f64 LE), `B`
//! (bytes: u64 LE).

use std::io::Write;

/// One traced call.
#[derive(Clone, Debug, PartialEq)]
pub enum TraceCall {
    /// `reel_init(width, height)`.
    Init(u32, u32),
    /// A submitted batch.
    Submit(Vec<u8>),
    /// `reel_frame(time_ms)`.
    Frame(f64),
    /// `reel_set_texture_budget(bytes)`.
    TextureBudget(u64),
}

/// The trace being written (nothing when `REEL_ABI_TRACE` is unset).
#[derive(Debug, Default)]
pub struct Trace(Option<std::fs::File>);

impl Trace {
    /// Opens `$REEL_ABI_TRACE`, if set.
    pub fn from_env() -> Self {
        Self(std::env::var_os("REEL_ABI_TRACE").filter(|p| !p.is_empty()).and_then(|p| std::fs::File::create(p).ok()))
    }

    /// Appends a call (nothing when off; write errors end the trace).
    pub fn record(&mut self, call: &TraceCall) {
        match call {
            TraceCall::Init(w, h) => self.put(b'I', &[w.to_le_bytes(), h.to_le_bytes()].concat()),
            TraceCall::Submit(b) => self.put(b'S', b),
            TraceCall::Frame(t) => self.put(b'F', &t.to_le_bytes()),
            TraceCall::TextureBudget(b) => self.put(b'B', &b.to_le_bytes()),
        }
    }

    /// Appends a submitted batch without copying it when the trace is off.
    pub fn submit(&mut self, batch: &[u8]) {
        self.put(b'S', batch);
    }

    fn put(&mut self, tag: u8, payload: &[u8]) {
        let Some(f) = &mut self.0 else { return };
        let len = u32::try_from(payload.len()).unwrap_or(u32::MAX).to_le_bytes();
        if f.write_all(&[tag]).and_then(|_| f.write_all(&len)).and_then(|_| f.write_all(payload)).is_err() {
            self.0 = None;
        }
    }
}

/// Reads a trace.
pub fn read_trace(bytes: &[u8]) -> Result<Vec<TraceCall>, String> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        let head = bytes.get(at..at + 5).ok_or_else(|| format!("truncated record header at byte {at}"))?;
        let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize;
        let body = bytes.get(at + 5..at + 5 + len).ok_or_else(|| format!("truncated record at byte {at}"))?;
        let word = |i: usize| body.get(i..i + 4).map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]));
        let eight = || body.get(..8).map(|b| [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
        out.push(match head[0] {
            b'I' => TraceCall::Init(word(0).ok_or("short init")?, word(4).ok_or("short init")?),
            b'S' => TraceCall::Submit(body.to_vec()),
            b'F' => TraceCall::Frame(f64::from_le_bytes(eight().ok_or("short frame")?)),
            b'B' => TraceCall::TextureBudget(u64::from_le_bytes(eight().ok_or("short budget")?)),
            t => return Err(format!("unknown record tag {t} at byte {at}")),
        });
        at += 5 + len;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_trace_reads_back() {
        let path = std::env::temp_dir().join(format!("reel-trace-{}.bin", std::process::id()));
        let calls = vec![TraceCall::Init(1920, 1080), TraceCall::Submit(vec![1, 2, 3]), TraceCall::Frame(16.5), TraceCall::TextureBudget(1 << 33)];
        let mut t = Trace(std::fs::File::create(&path).ok());
        for c in &calls {
            t.record(c);
        }
        drop(t);
        let bytes = std::fs::read(&path).expect("trace written");
        let _ = std::fs::remove_file(&path);
        assert_eq!(read_trace(&bytes).expect("reads"), calls);
        assert!(read_trace(&bytes[..bytes.len() - 1]).is_err());
        assert!(read_trace(b"Z\0\0\0\0").is_err());
    }
}
