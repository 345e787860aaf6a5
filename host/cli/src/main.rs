//! `reel`: the native host's command line.
//!
//! ```text
//! reel play <scene-file|.reelrec> --device <id|path> [--out DIR] [--engine PATH]
//!           [--every N] [--no-png] [--inject-fuel-trap REQUEST] [--inject-unrecoverable-trap REQUEST]
//! reel run <app.js> --device <id|path> [--out DIR] [--frames N] [--every N] ...
//! reel certify <app.js> --device <id|all|fleet> --script keys.txt [--out DIR] [--shard K/N] ...
//! reel certify merge <shard-dir>... --out DIR
//! reel certify history HISTORY.jsonl [--add RESULT.json --run LABEL]
//! reel devices
//! reel encode <scene-file> <out.reelrec>
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;

mod certify;

use reel_host::play::{self, PlayOptions};
use reel_host::supervisor::{Fault, Resolution};
use reel_host::{paths, profile, Profile};

const USAGE: &str = "\
reel — run Reel scenes on an emulated TV device

USAGE:
  reel play <scene-file|recording.reelrec> --device <id|path.toml> [options]
      --out DIR               write frame-NNNN.png and summary.json here (default: reel-out)
      --engine PATH           engine.wasm to run (default: $REEL_ENGINE_WASM or <workspace>/target/engine.wasm)
      --every N               paint every Nth frame only (default: 1, every frame)
      --no-png                paint no frames (summary only)
      --inject-fuel-trap R    fault injection: run request R (1-based) with almost no fuel,
                              forcing a watchdog trap, to watch recovery work
      --inject-unrecoverable-trap R
                              as --inject-fuel-trap, and no fresh engine can be built while
                              request R is handled: a failed recovery (exit status 1)
  reel run <app.js> --device <id|path.toml> [options]
                              run a JS app (js-shim API) on QuickJS with the engine on wasmtime;
                              (`--debug-overlay`: with the egui debug overlay, engine-debug.wasm);
                              `reel run --help` lists its options
  reel certify <app.js> --device <id|all|fleet> --script keys.txt [--out DIR] [--shard K/N]
                              run the app with a key script on each device and gate it
                              against the profile's [certify] table: certify.json,
                              junit.xml, report.html; `reel certify --help` lists options
  reel certify history HISTORY.jsonl [--add RESULT.json --run LABEL]
                              append a run's figures (browser benchmarks) to a history and
                              alarm on sustained regressions, not one-off spikes
  reel devices                list the device profiles: devices/*.toml (the reference set, `--device all`)
                              and devices/fleet/*.toml (with those: `--device fleet`)
  reel encode <scene-file> <out.reelrec>
                              turn a scene file into a binary recording
  reel help
";

/// A command-line problem (exit code 2) or a failure (exit code 1).
enum Failure {
    Usage(String),
    Run(String),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let r = match args.first().map(String::as_str) {
        Some("run") => return reel_quickjs::cli_run(&args[1..]),
        Some("certify") => return certify::cli_certify(&args[1..]),
        Some("play") => cmd_play(&args[1..]),
        Some("devices") => cmd_devices(&args[1..]),
        Some("encode") => cmd_encode(&args[1..]),
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => Err(Failure::Usage(format!("unknown command `{other}`"))),
    };
    match r {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(m)) => {
            eprintln!("reel: {m}\n\n{USAGE}");
            ExitCode::from(2)
        }
        Err(Failure::Run(m)) => {
            eprintln!("reel: error: {m}");
            ExitCode::from(1)
        }
    }
}

/// Splits `args` into positionals and `--flag value` / `--switch` options.
/// Positional arguments and `(name, value)` options.
type ParsedArgs = (Vec<String>, Vec<(String, String)>);

fn parse_args(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<ParsedArgs, Failure> {
    let mut pos = Vec::new();
    let mut opts = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(name) = a.strip_prefix("--") {
            let (name, inline) = match name.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (name, None),
            };
            if switches.contains(&name) {
                opts.push((name.to_string(), String::new()));
            } else if with_value.contains(&name) {
                let v = match inline {
                    Some(v) => v,
                    None => it.next().cloned().ok_or_else(|| Failure::Usage(format!("--{name} needs a value")))?,
                };
                opts.push((name.to_string(), v));
            } else {
                return Err(Failure::Usage(format!("unknown option --{name}")));
            }
        } else {
            pos.push(a.clone());
        }
    }
    Ok((pos, opts))
}

fn opt<'a>(opts: &'a [(String, String)], name: &str) -> Option<&'a str> {
    opts.iter().rev().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn cmd_play(args: &[String]) -> Result<(), Failure> {
    let (pos, opts) = parse_args(args, &["device", "out", "engine", "every", "inject-fuel-trap", "inject-unrecoverable-trap"], &["no-png"])?;
    let [input] = pos.as_slice() else {
        return Err(Failure::Usage("play takes exactly one scene file or recording".into()));
    };
    let device = opt(&opts, "device").ok_or_else(|| Failure::Usage("play needs --device <id|path>".into()))?;
    let every: u32 = match opt(&opts, "every") {
        Some(v) => v.parse().ok().filter(|&n| n > 0).ok_or_else(|| Failure::Usage(format!("--every takes a positive integer, not `{v}`")))?,
        None => 1,
    };
    let png_every = if opt(&opts, "no-png").is_some() { 0 } else { every };
    let mut faults = Vec::new();
    if let Some(v) = opt(&opts, "inject-fuel-trap") {
        let request: u64 = v
            .parse()
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| Failure::Usage(format!("--inject-fuel-trap takes a request number >= 1, not `{v}`")))?;
        faults.push(Fault::FuelLimit { request, fuel: 1_000 });
    }
    if let Some(v) = opt(&opts, "inject-unrecoverable-trap") {
        let request: u64 = v.parse().ok().filter(|&n| n > 0).ok_or_else(|| {
            Failure::Usage(format!("--inject-unrecoverable-trap takes a request number >= 1, not `{v}`"))
        })?;
        faults.push(Fault::UnrecoverableTrap { request });
    }
    let out = PathBuf::from(opt(&opts, "out").unwrap_or("reel-out"));

    let profile = Profile::load(device, &paths::devices_dir()).map_err(|e| Failure::Run(e.to_string()))?;
    let input_data = play::load_input(Path::new(input)).map_err(|e| Failure::Run(e.to_string()))?;
    if !profile.engine.wasm {
        // Checked before looking for engine.wasm: that file is irrelevant here.
        return Err(Failure::Run(play::PlayError::NoWasmEngine { device: profile.id.clone() }.to_string()));
    }
    let (engine_path, wasm) =
        paths::load_engine(opt(&opts, "engine").map(Path::new)).map_err(|e| Failure::Run(e.to_string()))?;
    let options = PlayOptions {
        out_dir: Some(out.clone()),
        png_every,
        faults,
        log_incidents: true,
        engine_label: engine_path.display().to_string(),
        assets_dir: Path::new(input).parent().filter(|d| !d.as_os_str().is_empty()).map(Path::to_path_buf),
    };
    eprintln!(
        "reel: playing {input} ({} batches) on {} ...",
        input_data.batches.len(),
        profile.id
    );
    let result = play::play(&input_data, &profile, wasm, &options).map_err(|e| Failure::Run(e.to_string()))?;
    print!("{}", play::summary_text(&result.summary));
    println!("wrote       {} PNGs and summary.json to {}", result.summary.pngs_written, out.display());
    // A run whose engine could not be rebuilt after a trap stopped painting:
    // that is a failure, whatever else the figures say.
    if result.summary.recovery_failures > 0 {
        return Err(Failure::Run(format!(
            "the engine could not be recovered {} time(s); first: {}",
            result.summary.recovery_failures,
            result.incidents.iter().find(|i| matches!(i.resolution, Resolution::RecoveryFailed(_))).map_or_else(String::new, |i| i.to_string())
        )));
    }
    Ok(())
}

fn cmd_devices(args: &[String]) -> Result<(), Failure> {
    if !args.is_empty() {
        return Err(Failure::Usage("devices takes no arguments".into()));
    }
    let dir = paths::devices_dir();
    let all = profile::catalogue::load_group(&dir, profile::catalogue::Group::Fleet);
    if all.is_empty() {
        return Err(Failure::Run(format!("no device profiles in {}", dir.display())));
    }
    let reference = profile::list_ids(&dir);
    println!(
        "{:<21} {:<9} {:<11} {:>4} {:>7} {:>9} {:>18}  name",
        "id", "group", "display", "fps", "engine", "mem cap", "cpu (work/ms)"
    );
    let mut bad = 0;
    for p in all {
        match p {
            Ok(p) => println!(
                "{:<21} {:<9} {:<11} {:>4} {:>7} {:>5} MiB {:>18}  {}",
                p.id,
                if reference.contains(&p.id) { "reference" } else { "fleet" },
                format!("{}x{}", p.display.width, p.display.height),
                p.display.fps,
                if p.engine.wasm { "wasm" } else { "js" },
                p.engine.memory_cap_mib,
                format!("{} {}", p.work_per_ms(), if p.engine.wasm { "fuel" } else { "ticks" }),
                p.name
            ),
            Err(e) => {
                bad += 1;
                eprintln!("reel: {e}");
            }
        }
    }
    if bad > 0 {
        return Err(Failure::Run(format!("{bad} profile(s) in {} are invalid", dir.display())));
    }
    Ok(())
}

fn cmd_encode(args: &[String]) -> Result<(), Failure> {
    let (pos, _) = parse_args(args, &[], &[])?;
    let [input, output] = pos.as_slice() else {
        return Err(Failure::Usage("encode takes <scene-file> <out.reelrec>".into()));
    };
    let data = play::load_input(Path::new(input)).map_err(|e| Failure::Run(e.to_string()))?;
    let file = std::fs::File::create(output).map_err(|e| Failure::Run(format!("{output}: {e}")))?;
    let mut w = std::io::BufWriter::new(file);
    reel_engine::script::write_recording(&mut w, &data.batches).map_err(|e| Failure::Run(format!("{output}: {e}")))?;
    std::io::Write::flush(&mut w).map_err(|e| Failure::Run(format!("{output}: {e}")))?;
    println!("wrote {output}: {} batches", data.batches.len());
    Ok(())
}
