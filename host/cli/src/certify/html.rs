//! `report.html`: a self-contained certification report (inline CSS, SVG
//! plots and base64 PNG screenshots; no scripts, no external files).

use std::fmt::Write;

use super::baseline::{Comparison, Verdict};
use super::checks::Status;
use super::junit::esc;
use super::{DeviceResult, Series};

const MIB: f64 = 1024.0 * 1024.0;

/// Standard base64 (RFC 4648, padded).
pub fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for c in bytes.chunks(3) {
        let n = (c[0] as u32) << 16 | (*c.get(1).unwrap_or(&0) as u32) << 8 | *c.get(2).unwrap_or(&0) as u32;
        o.push(T[(n >> 18) as usize & 63] as char);
        o.push(T[(n >> 12) as usize & 63] as char);
        o.push(if c.len() > 1 { T[(n >> 6) as usize & 63] as char } else { '=' });
        o.push(if c.len() > 2 { T[n as usize & 63] as char } else { '=' });
    }
    o
}

const CSS: &str = "
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px 32px;color:#1b1f24;background:#f6f7f9}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 6px;padding-top:12px;border-top:2px solid #d8dce2}
h3{font-size:14px;margin:18px 0 6px;color:#444}
.meta{color:#555;margin-bottom:14px}code{background:#e9ecf0;padding:1px 4px;border-radius:3px}
table{border-collapse:collapse;background:#fff;margin:6px 0}th,td{border:1px solid #d8dce2;padding:4px 9px;text-align:left;vertical-align:top}
th{background:#eef0f3;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums}
.pass{color:#0a7a2f;font-weight:600}.fail{color:#c4141b;font-weight:700}.skip{color:#777}.error{color:#a0520a;font-weight:700}
.badge{display:inline-block;padding:2px 10px;border-radius:10px;color:#fff;font-weight:700;font-size:13px}
.badge.pass{background:#16843b;color:#fff}.badge.fail{background:#c4141b;color:#fff}.badge.error{background:#b85d0c;color:#fff}
svg{background:#fff;border:1px solid #d8dce2;display:block;margin:4px 0}
.shots{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:14px;max-width:1320px}
figure{margin:0;background:#fff;border:1px solid #d8dce2;padding:6px}figure img{width:100%;display:block;image-rendering:auto}
figcaption{font-size:12px;color:#444;margin-top:4px}.legend span{margin-right:16px;font-size:12px}
.regression{color:#c4141b;font-weight:700}.improvement{color:#0a7a2f;font-weight:600}.unchanged{color:#555}
.sw{display:inline-block;width:12px;height:3px;vertical-align:middle;margin-right:4px}
";

fn status_cell(s: Status) -> &'static str {
    match s {
        Status::Pass => "<span class=pass>PASS</span>",
        Status::Fail => "<span class=fail>FAIL</span>",
        Status::Skip => "<span class=skip>skip</span>",
    }
}

fn fmt_num(v: Option<f64>, unit: &str) -> String {
    match v {
        Some(v) => format!("{v} {unit}"),
        None => "–".into(),
    }
}

/// One device's column of the check matrix: what the matrix needs of a
/// device, rendered (so a shard can carry it and a merge rebuild the
/// matrix without the device's figures).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Column {
    /// Device id.
    pub device: String,
    /// `passed`, `failed` or `error`.
    pub status: String,
    /// Per check in the device's order: id, title, the rendered cell.
    pub cells: Vec<(String, String, String)>,
}

/// The matrix column of `d`.
pub fn column(d: &DeviceResult) -> Column {
    Column {
        device: d.key.clone(),
        status: d.status.to_string(),
        cells: d
            .checks
            .iter()
            .map(|c| {
                let mark = verdict_of(d.baseline.as_ref(), c.id).map_or(String::new(), |v| match v {
                    Verdict::Regression => " <span class=regression>▲ regression</span>".into(),
                    Verdict::Improvement => " <span class=improvement>▼ improvement</span>".into(),
                    _ => String::new(),
                });
                (c.id.to_string(), c.title.clone(), format!("{} {}{mark}", status_cell(c.status), fmt_num(c.measured, c.unit)))
            })
            .collect(),
    }
}

fn verdict_of(b: Option<&Comparison>, id: &str) -> Option<Verdict> {
    b?.checks.iter().find(|c| c.id == id).map(|c| c.verdict)
}

/// The section of `d` (heading, checks, plots, screenshots).
pub fn section(d: &DeviceResult) -> String {
    let mut o = String::new();
    device(&mut o, d);
    o
}

/// `N device(s)`, or with several key scripts (runs named `DEVICE@STEM`)
/// `D device(s) × S key scripts = N runs`.
fn run_count(columns: &[Column]) -> String {
    let mut devices: Vec<&str> = columns.iter().map(|c| c.device.split_once('@').map_or(c.device.as_str(), |d| d.0)).collect();
    let mut scripts: Vec<&str> = columns.iter().filter_map(|c| c.device.split_once('@').map(|d| d.1)).collect();
    devices.sort_unstable();
    devices.dedup();
    scripts.sort_unstable();
    scripts.dedup();
    match scripts.len() {
        0 => format!("{} device(s)", columns.len()),
        n => format!("{} device(s) × {n} key scripts = {} runs", devices.len(), columns.len()),
    }
}

/// The report from its parts: one column and one section per device, in
/// run order (a whole run and a merge of shards both end here).
pub fn document(app: &str, script: &str, baseline: Option<&str>, passed: bool, columns: &[Column], sections: &[String]) -> String {
    let mut o = String::new();
    let _ = write!(
        o,
        "<!doctype html>\n<html lang=en><head><meta charset=utf-8><title>reel certify: {}</title><style>{CSS}</style></head><body>\n",
        esc(app)
    );
    let _ = writeln!(
        o,
        "<h1>Reel device certification <span class=\"badge {}\">{}</span></h1>",
        if passed { "pass" } else { "fail" },
        if passed { "PASSED" } else { "FAILED" }
    );
    let _ = writeln!(
        o,
        "<div class=meta>app <code>{}</code> · key script <code>{}</code> · {} · figures on the emulated CPU \
         (wasmtime fuel ÷ <code>cpu.fuel_per_ms</code>; on the JS fallback engine QuickJS ticks ÷ \
         <code>cpu.js_ticks_per_ms</code>): the same on any machine{}</div>",
        esc(app),
        esc(script),
        run_count(columns),
        baseline.map_or(String::new(), |b| format!(
            " · compared with the baseline <code>{}</code> (tolerances: the profile's <code>certify.regression_*</code>)",
            esc(b)
        ))
    );
    matrix(&mut o, columns);
    for s in sections {
        o.push_str(s);
    }
    o.push_str("</body></html>\n");
    o
}

fn matrix(o: &mut String, columns: &[Column]) {
    let mut ids: Vec<(&str, &str)> = Vec::new();
    for d in columns {
        for (id, title, _) in &d.cells {
            if !ids.iter().any(|(i, _)| i == id) {
                ids.push((id, title));
            }
        }
    }
    o.push_str("<table><tr><th>check</th>");
    for d in columns {
        let _ = write!(o, "<th><a href=\"#{0}\">{0}</a></th>", esc(&d.device));
    }
    o.push_str("</tr>\n");
    for (id, title) in ids {
        let _ = write!(o, "<tr><td>{} <span class=skip>({})</span></td>", esc(title), esc(id));
        for d in columns {
            match d.cells.iter().find(|(i, _, _)| i == id) {
                Some((_, _, cell)) => {
                    let _ = write!(o, "<td>{cell}</td>");
                }
                None => o.push_str("<td class=skip>–</td>"),
            }
        }
        o.push_str("</tr>\n");
    }
    o.push_str("<tr><th>device</th>");
    for d in columns {
        let (cls, txt) = match d.status.as_str() {
            "passed" => ("pass", "PASSED"),
            "error" => ("error", "ERROR"),
            _ => ("fail", "FAILED"),
        };
        let _ = write!(o, "<th><span class=\"badge {cls}\">{txt}</span></th>");
    }
    o.push_str("</tr></table>\n");
}

fn device(o: &mut String, d: &DeviceResult) {
    let (cls, txt) = match d.status {
        "passed" => ("pass", "PASSED"),
        "error" => ("error", "ERROR"),
        _ => ("fail", "FAILED"),
    };
    let _ = writeln!(
        o,
        "<h2 id=\"{0}\">{0} <span class=\"badge {cls}\">{txt}</span></h2><div class=meta>{1} · {2}×{3} @ {4} fps \
         (budget {5} ms) · engine path <code>{6}</code></div>",
        esc(&d.key),
        esc(&d.device_name),
        d.display[0],
        d.display[1],
        d.fps,
        d.budget_ms,
        d.engine_path
    );
    if let Some(e) = &d.error {
        let _ = writeln!(o, "<p class=error>could not run: {}</p>", esc(e));
    }
    if let Some(s) = &d.summary {
        let e = &s.engine;
        let _ = writeln!(
            o,
            "<div class=meta>{} frames from {} batches · frame ms p50 {} / p95 {} / p99 {} / max {} · {} nodes, {} display \
             items · JS {} work polls</div>",
            e.frames,
            e.batches,
            e.emulated_ms.p50,
            e.emulated_ms.p95,
            e.emulated_ms.p99,
            e.emulated_ms.max,
            e.nodes,
            e.display_items,
            s.js.work_polls
        );
    }
    let base = d.baseline.as_ref().filter(|b| !b.checks.is_empty());
    if let Some(b) = d.baseline.as_ref().filter(|b| b.checks.is_empty()) {
        let _ = writeln!(o, "<p class=skip>no baseline: {}</p>", esc(b.note.as_deref().unwrap_or("")));
    } else if let Some(b) = base {
        let _ = writeln!(
            o,
            "<div class=meta>against the baseline: <span class=regression>{} regression(s)</span>, \
             <span class=improvement>{} improvement(s)</span></div>",
            b.regressions, b.improvements
        );
    }
    o.push_str("<table><tr><th>check</th><th>result</th>");
    if base.is_some() {
        o.push_str("<th>before</th><th>after</th><th>change</th><th>verdict</th>");
    } else {
        o.push_str("<th>measured</th>");
    }
    o.push_str("<th>limit</th><th>detail</th></tr>\n");
    for c in &d.checks {
        let _ = write!(o, "<tr><td>{} <span class=skip>({})</span></td><td>{}</td>", esc(&c.title), esc(c.id), status_cell(c.status));
        match base.and_then(|b| b.checks.iter().find(|x| x.id == c.id)) {
            Some(x) => {
                let change = match (x.delta, x.relative_pct) {
                    (Some(dl), Some(r)) => format!("{}{dl} {} ({}{r}%)", if dl > 0.0 { "+" } else { "" }, c.unit, if r > 0.0 { "+" } else { "" }),
                    (Some(dl), None) => format!("{}{dl} {}", if dl > 0.0 { "+" } else { "" }, c.unit),
                    _ => "–".into(),
                };
                let _ = write!(
                    o,
                    "<td class=num>{}</td><td class=num>{}</td><td class=num>{}</td><td><span class={}>{}</span></td>",
                    fmt_num(x.before, c.unit),
                    fmt_num(c.measured, c.unit),
                    esc(&change),
                    match x.verdict {
                        Verdict::Regression => "regression",
                        Verdict::Improvement => "improvement",
                        Verdict::Unchanged => "unchanged",
                        Verdict::Incomparable => "skip",
                    },
                    x.verdict.word()
                );
            }
            None if base.is_some() => {
                let _ = write!(o, "<td class=num>–</td><td class=num>{}</td><td class=num>–</td><td></td>", fmt_num(c.measured, c.unit));
            }
            None => {
                let _ = write!(o, "<td class=num>{}</td>", fmt_num(c.measured, c.unit));
            }
        }
        let _ = writeln!(o, "<td class=num>{}</td><td>{}</td></tr>", fmt_num(c.limit, c.unit), esc(&c.detail));
    }
    o.push_str("</table>\n");
    if let Some(s) = &d.series {
        let limit95 = d.budget_ms * d.gates.frame_p95_factor;
        let cps: Vec<(u32, usize)> = d.checkpoints.iter().enumerate().map(|(i, c)| (c.painted_frame, i + 1)).collect();
        o.push_str("<h3>Frame time (emulated ms per engine frame)</h3>\n");
        let before = base.map(|b| b.before_frame_ms.as_slice()).filter(|b| !b.is_empty());
        frame_plot(o, s, before, d.budget_ms, limit95, d.gates.startup_frames as usize, &cps);
        if !s.announcements.is_empty() {
            let _ = write!(o, "<details><summary>{} announcements (what a screen reader hears)</summary><ol>", s.announcements.len());
            for (f, politeness, text) in &s.announcements {
                let _ = write!(o, "<li>frame {f} ({politeness}): {}</li>", esc(text));
            }
            o.push_str("</ol></details>\n");
        }
        o.push_str("<h3>Memory (MiB after each frame)</h3>\n");
        let cap = d.summary.as_ref().map(|s| s.engine.memory_cap_bytes as f64 / MIB).unwrap_or(0.0);
        let tex = d.summary.as_ref().map(|s| s.engine.texture_budget_bytes as f64 / MIB).unwrap_or(0.0);
        memory_plot(
            o,
            s,
            &[
                ("wasm memory limit", cap * d.gates.memory_ratio),
                ("texture limit", tex * d.gates.texture_ratio),
                ("JS heap limit", d.gates.js_heap_mib as f64),
            ],
        );
    }
    if !d.checkpoints.is_empty() {
        o.push_str("<h3>Checkpoints</h3>\n<div class=shots>\n");
        for (i, c) in d.checkpoints.iter().enumerate() {
            let _ = writeln!(
                o,
                "<figure><img alt=\"{name}\" src=\"data:image/png;base64,{b64}\"><figcaption><b>{n}. {name}</b> — host frame {f}{painted} \
                 · <code>{file}</code></figcaption></figure>",
                n = i + 1,
                name = esc(&c.name),
                b64 = base64(&c.png),
                f = c.frame,
                painted = if c.painted_frame != c.frame { format!(" (painted frame {})", c.painted_frame) } else { String::new() },
                file = esc(&c.file)
            );
        }
        o.push_str("</div>\n");
    }
}

/// Rounds `v` up to a "nice" axis maximum.
fn nice(v: f64) -> f64 {
    if v <= 0.0 || !v.is_finite() {
        return 1.0;
    }
    let p = 10f64.powf(v.log10().floor());
    for m in [1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if m * p >= v {
            return m * p;
        }
    }
    10.0 * p
}

const W: f64 = 1240.0;
const H: f64 = 250.0;
const L: f64 = 58.0;
const R: f64 = 16.0;
const T: f64 = 14.0;
const B: f64 = 40.0;

fn axes(o: &mut String, n: usize, ymax: f64, unit: &str) {
    let (pw, ph) = (W - L - R, H - T - B);
    for k in 0..=4 {
        let v = ymax * k as f64 / 4.0;
        let y = T + ph - ph * k as f64 / 4.0;
        let _ = write!(
            o,
            "<line x1=\"{L}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"#e6e8ec\"/><text x=\"{:.1}\" y=\"{:.1}\" \
             font-size=\"11\" text-anchor=\"end\" fill=\"#555\">{}{}</text>",
            L + pw,
            L - 6.0,
            y + 4.0,
            trim(v),
            if k == 4 { format!(" {unit}") } else { String::new() }
        );
    }
    let step = [10usize, 20, 25, 50, 100, 200, 250, 500, 1000].into_iter().find(|s| n / s <= 12).unwrap_or(1000);
    let mut f = 0;
    while f <= n {
        let x = L + pw * f as f64 / n.max(1) as f64;
        let _ = write!(
            o,
            "<line x1=\"{x:.1}\" y1=\"{:.1}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#999\"/><text x=\"{x:.1}\" y=\"{:.1}\" \
             font-size=\"11\" text-anchor=\"middle\" fill=\"#555\">{f}</text>",
            T + ph,
            T + ph + 4.0,
            T + ph + 16.0
        );
        f += step;
    }
    let _ = write!(
        o,
        "<line x1=\"{L}\" y1=\"{T}\" x2=\"{L}\" y2=\"{:.1}\" stroke=\"#888\"/><line x1=\"{L}\" y1=\"{:.1}\" x2=\"{:.1}\" \
         y2=\"{:.1}\" stroke=\"#888\"/><text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">frame</text>",
        T + ph,
        T + ph,
        L + pw,
        T + ph,
        L + pw,
        H - 4.0
    );
}

fn trim(v: f64) -> String {
    let s = format!("{v:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

fn frame_plot(o: &mut String, s: &Series, before: Option<&[f64]>, budget: f64, limit95: f64, startup: usize, checkpoints: &[(u32, usize)]) {
    let n = s.frame_ms.len().max(before.map_or(0, <[f64]>::len)).max(1);
    let mut sorted = s.frame_ms.clone();
    sorted.sort_by(f64::total_cmp);
    let p99 = sorted.get(((sorted.len() as f64 * 0.99).ceil() as usize).saturating_sub(1)).copied().unwrap_or(0.0);
    let ymax = nice((budget * 1.5).max(limit95 * 1.1).max(p99 * 1.2));
    let (pw, ph) = (W - L - R, H - T - B);
    let y = |v: f64| T + ph - ph * (v.min(ymax) / ymax);
    let _ = write!(o, "<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" xmlns=\"http://www.w3.org/2000/svg\">");
    axes(o, n, ymax, "ms");
    let bw = (pw / n as f64).max(0.5);
    if startup > 0 {
        let _ = write!(
            o,
            "<rect x=\"{L}\" y=\"{T}\" width=\"{:.2}\" height=\"{ph:.1}\" fill=\"#eceff3\"><title>startup frames: gated by max_startup_ms only</title></rect>",
            pw * startup.min(n) as f64 / n as f64
        );
    }
    for (i, &v) in s.frame_ms.iter().enumerate() {
        let x = L + pw * i as f64 / n as f64;
        let over = v > budget;
        let _ = write!(
            o,
            "<rect x=\"{x:.2}\" y=\"{:.2}\" width=\"{:.2}\" height=\"{:.2}\" fill=\"{}\"><title>frame {}: {} ms</title></rect>",
            y(v),
            (bw - 0.6).max(0.4),
            (T + ph - y(v)).max(0.5),
            if over { "#d9363e" } else { "#3a7bd5" },
            i + 1,
            v
        );
        if v > ymax {
            let _ = write!(
                o,
                "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"11\" fill=\"#c4141b\">▲ {} ms (frame {})</text>",
                x + bw + 3.0,
                T + 10.0,
                trim(v),
                i + 1
            );
        }
    }
    if let Some(b) = before {
        // The baseline's frame times over the bars: a step line at each frame's top.
        let mut d = String::new();
        for (i, &v) in b.iter().enumerate() {
            let (x0, x1) = (L + pw * i as f64 / n as f64, L + pw * (i + 1) as f64 / n as f64);
            let _ = write!(d, "{}{x0:.2} {1:.2} L{x1:.2} {1:.2}", if i == 0 { "M" } else { " L" }, y(v));
        }
        let _ = write!(o, "<path d=\"{d}\" fill=\"none\" stroke=\"#111\" stroke-width=\"1.2\" opacity=\"0.75\"><title>baseline frame times</title></path>");
    }
    let _ = write!(
        o,
        "<line x1=\"{L}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#c4141b\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\
         <text x=\"{2:.1}\" y=\"{3:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#c4141b\">budget {4} ms</text>",
        y(budget),
        L + pw,
        L + pw - 4.0,
        y(budget) - 4.0,
        trim(budget)
    );
    if (limit95 - budget).abs() > 1e-9 {
        let _ = write!(
            o,
            "<line x1=\"{L}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"#e08a00\" stroke-dasharray=\"2 3\"/>\
             <text x=\"{2:.1}\" y=\"{3:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"#b36b00\">p95 limit {4} ms</text>",
            y(limit95),
            L + pw,
            L + pw - 4.0,
            y(limit95) - 4.0,
            trim(limit95)
        );
    }
    for &k in &s.key_frames {
        let x = L + pw * (k as f64 - 0.5) / n as f64;
        let _ = write!(
            o,
            "<path d=\"M{x:.1} {:.1} l-4 7 h8 z\" fill=\"#6a3fb5\"><title>key at frame {k}</title></path>",
            T + ph + 18.0
        );
    }
    // What the engine said (reel_engine::a11y): a speech mark under the axis at the frame that spoke it.
    for (f, politeness, text) in &s.announcements {
        let x = L + pw * (*f as f64 - 0.5) / n as f64;
        let _ = write!(
            o,
            "<circle cx=\"{x:.1}\" cy=\"{:.1}\" r=\"3.5\" fill=\"{}\"><title>frame {f}: said ({politeness}) “{}”</title></circle>",
            T + ph + 30.0,
            if *politeness == "assertive" { "#b5125f" } else { "#d87aa6" },
            esc(text)
        );
    }
    for &(f, i) in checkpoints {
        let x = L + pw * (f as f64 - 0.5) / n as f64;
        let _ = write!(
            o,
            "<line x1=\"{x:.1}\" y1=\"{T}\" x2=\"{x:.1}\" y2=\"{:.1}\" stroke=\"#16843b\" stroke-dasharray=\"1 3\"/>\
             <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" fill=\"#16843b\">{i}</text>",
            T + ph,
            x + 2.0,
            T + 22.0
        );
    }
    o.push_str("</svg>\n<div class=legend><span><i class=sw style=\"background:#3a7bd5\"></i>frame within budget</span>\
<span><i class=sw style=\"background:#d9363e\"></i>frame over budget</span><span><i class=sw style=\"background:#c4141b\"></i>budget (dashed)</span>\
<span><i class=sw style=\"background:#d5d9e0;height:10px\"></i>startup (gated separately)</span><span style=\"color:#6a3fb5\">▲ keydown</span><span style=\"color:#b5125f\">● announcement (hover: text)</span><span style=\"color:#16843b\">┊ checkpoint n</span>");
    if before.is_some() {
        o.push_str("<span><i class=sw style=\"background:#111\"></i>baseline run</span>");
    }
    o.push_str("</div>\n");
}

fn memory_plot(o: &mut String, s: &Series, limits: &[(&str, f64)]) {
    let lines: [(&str, &str, Vec<f64>); 3] = [
        ("engine linear memory", "#3a7bd5", s.wasm_memory_bytes.iter().map(|&b| b as f64 / MIB).collect()),
        ("texture bytes", "#e08a00", s.texture_bytes.iter().map(|&b| b as f64 / MIB).collect()),
        ("JS heap (QuickJS)", "#6a3fb5", s.js_heap_bytes.iter().map(|&b| b as f64 / MIB).collect()),
    ];
    let n = lines.iter().map(|l| l.2.len()).max().unwrap_or(1).max(1);
    let peak = lines.iter().flat_map(|l| l.2.iter().copied()).fold(0.0, f64::max);
    let ymax = nice((peak * 1.3).max(1.0));
    let (pw, ph) = (W - L - R, H - T - B);
    let y = |v: f64| T + ph - ph * (v.min(ymax) / ymax);
    let _ = write!(o, "<svg width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" xmlns=\"http://www.w3.org/2000/svg\">");
    axes(o, n, ymax, "MiB");
    for (_, color, v) in &lines {
        if v.is_empty() {
            continue;
        }
        let mut d = String::new();
        for (i, &m) in v.iter().enumerate() {
            let x = L + pw * (i as f64 + 0.5) / n as f64;
            let _ = write!(d, "{}{x:.1} {:.1}", if i == 0 { "M" } else { " L" }, y(m));
        }
        let _ = write!(o, "<path d=\"{d}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"/>");
    }
    let mut off = Vec::new();
    for (j, (name, v)) in limits.iter().enumerate() {
        let color = lines[j].1;
        if *v <= ymax {
            let _ = write!(
                o,
                "<line x1=\"{L}\" y1=\"{0:.1}\" x2=\"{1:.1}\" y2=\"{0:.1}\" stroke=\"{color}\" stroke-dasharray=\"6 4\"/>\
                 <text x=\"{2:.1}\" y=\"{3:.1}\" font-size=\"11\" text-anchor=\"end\" fill=\"{color}\">{name} {4} MiB</text>",
                y(*v),
                L + pw,
                L + pw - 4.0,
                y(*v) - 4.0,
                trim(*v)
            );
        } else {
            off.push(format!("{name} {} MiB", trim(*v)));
        }
    }
    o.push_str("</svg>\n<div class=legend>");
    for (name, color, v) in &lines {
        let pk = v.iter().copied().fold(0.0, f64::max);
        let _ = write!(o, "<span><i class=sw style=\"background:{color}\"></i>{name} (peak {} MiB)</span>", trim(pk));
    }
    if !off.is_empty() {
        let _ = write!(o, "<span class=skip>above the plot: {}</span>", esc(&off.join(", ")));
    }
    o.push_str("</div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648_vectors() {
        let v = [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="), ("foobar", "Zm9vYmFy")];
        for (i, o) in v {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn nice_axis_maxima() {
        assert_eq!(nice(16.7), 20.0);
        assert_eq!(nice(0.9), 1.0);
        assert_eq!(nice(110.0), 150.0);
    }
}
