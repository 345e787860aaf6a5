//! Easing curves: progress 0..1 in, eased progress out.
//!
//! CSS's named curves and `cubic-bezier()` are solved with Newton steps and
//! bisection (the same approach browsers use), `steps()` follows CSS's
//! jump-end/jump-start, and springs are the analytic damped harmonic
//! oscillator, so a spring's value at any time is known without stepping —
//! which is what lets late frames skip ahead instead of slowing down. All
//! maths uses libm, so native and Wasm engines agree to the bit.
//!
//! The curve's data ([`Easing`], its wire codes and checks) is wire
//! vocabulary and lives in `reel_wire::anim::easing`; only evaluation is
//! here, as the [`Eval`] trait, because only the engine animates.

pub use reel_wire::anim::easing::{code, Easing, EasingError};

/// Evaluates an [`Easing`] (the engine's half of the curve).
pub trait Eval {
    /// Eased progress at linear progress `t` (clamped to 0..1). For springs
    /// `t` is the fraction of [`Eval::spring_duration_ms`].
    fn apply(self, t: f32) -> f32;
    /// How long a spring takes to settle within 0.1% of its target (the
    /// animation's duration); 0 for other curves.
    fn spring_duration_ms(self) -> f32;
}

impl Eval for Easing {
    fn apply(self, t: f32) -> f32 {
        let t = t.clamp(0.0, 1.0);
        match self {
            Self::Linear => t,
            Self::CubicBezier(x1, y1, x2, y2) => bezier(x1, y1, x2, y2, t),
            Self::Steps { n, start } => {
                let n = n as f32;
                let mut s = libm::floorf(t * n);
                if start {
                    s += 1.0;
                }
                if t >= 1.0 {
                    return 1.0;
                }
                (s / n).clamp(0.0, 1.0)
            }
            Self::Spring { .. } => {
                let v = if t >= 1.0 { 1.0 } else { spring_at(self, t * self.spring_duration_ms() / 1000.0) };
                // Constants whose ratios overflow (k / m = inf) make the
                // closed form NaN: such a spring is at its target at once.
                if v.is_nan() { 1.0 } else { v }
            }
        }
    }

    fn spring_duration_ms(self) -> f32 {
        match self {
            Self::Spring { stiffness, damping, mass, .. } => {
                let w0 = libm::sqrtf(stiffness / mass);
                let zeta = damping / (2.0 * libm::sqrtf(stiffness * mass));
                // Slowest decay rate of the envelope.
                let rate = if zeta < 1.0 { zeta * w0 } else { w0 * (zeta - libm::sqrtf(zeta * zeta - 1.0)) };
                let secs = if rate > 0.0 { libm::logf(1000.0) / rate } else { 10.0 };
                // Extreme (finite) constants make the ratios above NaN:
                // such a spring runs the longest allowed time.
                let ms = secs * 1000.0;
                if ms.is_nan() { 10_000.0 } else { ms.clamp(16.0, 10_000.0) }
            }
            _ => 0.0,
        }
    }
}

fn spring_at(e: Easing, secs: f32) -> f32 {
    let Easing::Spring { stiffness, damping, mass, velocity } = e else { return 1.0 };
    let w0 = libm::sqrtf(stiffness / mass);
    let zeta = damping / (2.0 * libm::sqrtf(stiffness * mass));
    // Displacement x from the target, x(0) = -1, x'(0) = velocity.
    let x0 = -1.0f32;
    let v0 = velocity;
    let x = if zeta < 1.0 {
        let wd = w0 * libm::sqrtf(1.0 - zeta * zeta);
        let e = libm::expf(-zeta * w0 * secs);
        // One sincosf (shared with the builder and gradients), not sinf
        // + cosf: the same values, one reduction, less engine.wasm.
        let (sin, cos) = reel_wire::trig::sincosf(wd * secs);
        e * (x0 * cos + (v0 + zeta * w0 * x0) / wd * sin)
    } else if zeta == 1.0 {
        libm::expf(-w0 * secs) * (x0 + (v0 + w0 * x0) * secs)
    } else {
        let s = libm::sqrtf(zeta * zeta - 1.0);
        let r1 = -w0 * (zeta - s);
        let r2 = -w0 * (zeta + s);
        let c2 = (v0 - r1 * x0) / (r2 - r1);
        let c1 = x0 - c2;
        c1 * libm::expf(r1 * secs) + c2 * libm::expf(r2 * secs)
    };
    1.0 + x
}
fn bezier(x1: f32, y1: f32, x2: f32, y2: f32, x: f32) -> f32 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let cx = 3.0 * x1;
    let bx = 3.0 * (x2 - x1) - cx;
    let ax = 1.0 - cx - bx;
    let cy = 3.0 * y1;
    let by = 3.0 * (y2 - y1) - cy;
    let ay = 1.0 - cy - by;
    let sample_x = |t: f32| ((ax * t + bx) * t + cx) * t;
    let sample_dx = |t: f32| (3.0 * ax * t + 2.0 * bx) * t + cx;
    // Newton–Raphson, then bisection if it does not converge.
    let mut t = x;
    for _ in 0..8 {
        let err = sample_x(t) - x;
        if err.abs() < 1e-6 {
            return ((ay * t + by) * t + cy) * t;
        }
        let d = sample_dx(t);
        if d.abs() < 1e-6 {
            break;
        }
        t -= err / d;
    }
    let (mut lo, mut hi) = (0.0f32, 1.0f32);
    t = x;
    for _ in 0..32 {
        let v = sample_x(t);
        if (v - x).abs() < 1e-6 {
            break;
        }
        if v < x {
            lo = t;
        } else {
            hi = t;
        }
        t = (lo + hi) * 0.5;
    }
    ((ay * t + by) * t + cy) * t
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_exact() {
        for e in [Easing::Linear, Easing::EASE, Easing::EASE_IN, Easing::EASE_OUT, Easing::EASE_IN_OUT] {
            assert_eq!(e.apply(0.0), 0.0);
            assert_eq!(e.apply(1.0), 1.0);
        }
    }

    #[test]
    fn css_reference_values() {
        // Reference values of CSS timing functions (as browsers compute them).
        assert!((Easing::EASE.apply(0.5) - 0.8024).abs() < 1e-3);
        assert!((Easing::EASE_IN.apply(0.5) - 0.3153).abs() < 1e-3);
        assert!((Easing::EASE_OUT.apply(0.5) - 0.6847).abs() < 1e-3);
        assert!((Easing::EASE_IN_OUT.apply(0.5) - 0.5).abs() < 1e-4);
        assert!((Easing::Linear.apply(0.37) - 0.37).abs() < 1e-7);
    }

    #[test]
    fn bezier_can_overshoot() {
        let back = Easing::CubicBezier(0.34, 1.56, 0.64, 1.0);
        let peak = (0..100).map(|i| back.apply(i as f32 / 100.0)).fold(0.0f32, f32::max);
        assert!(peak > 1.05, "{peak}");
    }

    #[test]
    fn steps_jump_end_and_start() {
        let end = Easing::Steps { n: 4, start: false };
        assert_eq!(end.apply(0.0), 0.0);
        assert_eq!(end.apply(0.24), 0.0);
        assert_eq!(end.apply(0.25), 0.25);
        assert_eq!(end.apply(0.99), 0.75);
        assert_eq!(end.apply(1.0), 1.0);
        let start = Easing::Steps { n: 4, start: true };
        assert_eq!(start.apply(0.0), 0.25);
        assert_eq!(start.apply(0.5), 0.75);
    }

    #[test]
    fn springs_settle_and_underdamped_overshoots() {
        let bouncy = Easing::Spring { stiffness: 170.0, damping: 8.0, mass: 1.0, velocity: 0.0 };
        let stiff = Easing::Spring { stiffness: 170.0, damping: 40.0, mass: 1.0, velocity: 0.0 };
        for s in [bouncy, stiff] {
            assert!((s.apply(0.999) - 1.0).abs() < 0.01);
            assert_eq!(s.apply(0.0), 0.0);
        }
        let peak = (0..200).map(|i| bouncy.apply(i as f32 / 200.0)).fold(0.0f32, f32::max);
        assert!(peak > 1.1, "underdamped spring overshoots: {peak}");
        let peak = (0..200).map(|i| stiff.apply(i as f32 / 200.0)).fold(0.0f32, f32::max);
        assert!(peak <= 1.0 + 1e-4, "overdamped spring does not: {peak}");
        assert!(bouncy.spring_duration_ms() > stiff.spring_duration_ms() * 0.5);
    }
}
