//! `reel-run`: the `reel run` command as its own binary (for testing; the
//! `reel` binary wires the same entry point).

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    reel_quickjs::cli_run(&args)
}
