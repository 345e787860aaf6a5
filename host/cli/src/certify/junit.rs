//! `junit.xml`: one `<testsuite>` per device, one `<testcase>` per check.
//!
//! Times are emulated (the run's frame times on the device's CPU model),
//! so the file is byte-identical across runs and machines. A CI can gate on
//! it; a sharded run (`--shard K/N`) is joined by `reel certify merge`
//! from the per-device [`suite`]s and [`Counts`] (see `shard.rs`).

use std::fmt::Write;

use super::baseline::Verdict;
use super::checks::Status;
use super::DeviceResult;

/// XML-escapes text for attributes and element content.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            '\n' => o.push_str("&#10;"), // kept in attributes (a raw newline would become a space)
            '\r' => o.push_str("&#13;"),
            // Other C0 controls are not allowed in XML 1.0, not even as references.
            c if (c as u32) < 0x20 && c != '\t' => o.push('\u{FFFD}'),
            c => o.push(c),
        }
    }
    o
}

/// What the `<testsuites>` line counts, per device (summed over devices).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Counts {
    /// Testcases (checks; a device that could not run counts one).
    pub tests: usize,
    /// Failed checks.
    pub failures: usize,
    /// Devices that could not run.
    pub errors: usize,
    /// Skipped checks.
    pub skipped: usize,
}

impl Counts {
    /// The counts of `d`.
    pub fn of(d: &DeviceResult) -> Self {
        let count = |st: Status| d.checks.iter().filter(|c| c.status == st).count();
        let own = Self { tests: d.checks.len().max(1), failures: count(Status::Fail), errors: usize::from(d.status == "error"), skipped: count(Status::Skip) };
        own.add(baseline_counts(d))
    }

    fn add(self, o: Self) -> Self {
        Self { tests: self.tests + o.tests, failures: self.failures + o.failures, errors: self.errors + o.errors, skipped: self.skipped + o.skipped }
    }
}

/// The file from its parts: per device its counts and its `<testsuite>`,
/// in run order (a whole run and a merge of shards both end here).
pub fn document(app: &str, counts: &[Counts], suites: &[String]) -> String {
    let t = counts.iter().fold(Counts::default(), |a, c| a.add(*c));
    let mut o = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        o,
        "<testsuites name=\"reel certify {}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\">",
        esc(app),
        t.tests,
        t.failures,
        t.errors,
        t.skipped
    );
    for s in suites {
        o.push_str(s);
    }
    o.push_str("</testsuites>\n");
    o
}

/// The baseline testcases of `d`: one per compared check (`baseline
/// <id>`, a failure when it regressed), or one skipped `baseline` when the
/// device has no baseline.
fn baseline_counts(d: &DeviceResult) -> Counts {
    match &d.baseline {
        None => Counts::default(),
        Some(b) if b.checks.is_empty() => Counts { tests: 1, skipped: 1, ..Counts::default() },
        Some(b) => Counts {
            tests: b.checks.len(),
            failures: b.regressions,
            errors: 0,
            skipped: b.checks.iter().filter(|c| c.verdict == Verdict::Incomparable).count(),
        },
    }
}

fn baseline_cases(o: &mut String, class: &str, d: &DeviceResult) {
    let Some(b) = &d.baseline else { return };
    if b.checks.is_empty() {
        let _ = writeln!(
            o,
            "    <testcase classname=\"{}\" name=\"baseline\" time=\"0\">\n      <skipped message=\"no baseline: {}\"/>\n    </testcase>",
            esc(class),
            esc(b.note.as_deref().unwrap_or(""))
        );
        return;
    }
    for c in &b.checks {
        let _ = write!(o, "    <testcase classname=\"{}\" name=\"baseline {}\" time=\"0\"", esc(class), esc(c.id));
        match c.verdict {
            Verdict::Regression => {
                let _ = writeln!(
                    o,
                    ">\n      <failure message=\"regression against the baseline: {}\" type=\"baseline\">{}</failure>\n    </testcase>",
                    esc(&c.detail),
                    esc(&c.detail)
                );
            }
            Verdict::Incomparable => {
                let _ = writeln!(o, ">\n      <skipped message=\"{}\"/>\n    </testcase>", esc(&c.detail));
            }
            v => {
                let _ = writeln!(o, ">\n      <system-out>{}: {}</system-out>\n    </testcase>", v.word(), esc(&c.detail));
            }
        }
    }
}

/// The `<testsuite>` of one device.
pub fn suite(script: &str, d: &DeviceResult) -> String {
    let mut o = String::new();
    let n = Counts::of(d);
    let (fails, skips) = (n.failures, n.skipped);
    let secs = d.series.as_ref().map(|s| s.frame_ms.iter().sum::<f64>() / 1000.0).unwrap_or(0.0);
    let _ = writeln!(
        o,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{fails}\" errors=\"{}\" skipped=\"{skips}\" time=\"{secs:.3}\">",
        esc(&d.key),
        n.tests,
        n.errors,
    );
    o.push_str("    <properties>\n");
    let props = [
        ("device_name", d.device_name.clone()),
        ("engine_path", d.engine_path.to_string()),
        ("display", format!("{}x{}@{}", d.display[0], d.display[1], d.fps)),
        ("budget_ms", format!("{}", d.budget_ms)),
        ("script", d.script.clone().unwrap_or_else(|| script.to_string())),
    ];
    for (k, v) in props {
        let _ = writeln!(o, "      <property name=\"{k}\" value=\"{}\"/>", esc(&v));
    }
    o.push_str("    </properties>\n");
    let class = format!("reel.certify.{}", d.key);
    if let Some(e) = &d.error {
        let _ = writeln!(
            o,
            "    <testcase classname=\"{}\" name=\"run\" time=\"0\">\n      <error message=\"{}\" type=\"run\"/>\n    </testcase>",
            esc(&class),
            esc(e)
        );
    }
    for c in &d.checks {
        let _ = write!(o, "    <testcase classname=\"{}\" name=\"{}\" time=\"0\"", esc(&class), esc(c.id));
        match c.status {
            Status::Pass => {
                let _ = writeln!(o, ">\n      <system-out>{}</system-out>\n    </testcase>", esc(&c.detail));
            }
            Status::Fail => {
                let _ = writeln!(
                    o,
                    ">\n      <failure message=\"{}: {}\" type=\"certify\">{}</failure>\n    </testcase>",
                    esc(&c.title),
                    esc(&c.detail),
                    esc(&c.detail)
                );
            }
            Status::Skip => {
                let _ = writeln!(o, ">\n      <skipped message=\"{}\"/>\n    </testcase>", esc(&c.detail));
            }
        }
    }
    baseline_cases(&mut o, &class, d);
    o.push_str("  </testsuite>\n");
    o
}
