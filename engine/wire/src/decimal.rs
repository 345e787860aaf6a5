//! Decimal integers appended to a `String` without `core::fmt`.
//!
//! engine.wasm carries no formatting code (its error messages, which were
//! its only use of `core::fmt`, are written by `protocol::error`'s writer),
//! so the engine's few numbers in text — error messages, "3 of 12" in an
//! accessibility announcement — are written by this one function.

/// Appends `v` in decimal to `out`.
pub fn push(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    // ASCII digits: always valid UTF-8.
    out.push_str(core::str::from_utf8(&buf[i..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    #[test]
    fn writes_like_display() {
        for v in [0u64, 7, 10, 12_345, u64::from(u32::MAX), u64::MAX] {
            let mut s = String::from("x");
            super::push(&mut s, v);
            assert_eq!(s, format!("x{v}"));
        }
    }
}
