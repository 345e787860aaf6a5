//! The module sandbox under `reel run` (issue 18, finding 7), against the
//! real js-shim package (its `node_modules` and `tools/` included): a
//! path out of the sandbox gets one answer whether or not the file exists
//! on the host, the answer names no host path, nothing but the shim's
//! exported entry points can be loaded from the package, and ordinary
//! app imports keep working. Needs `target/engine.wasm`.

use std::path::{Path, PathBuf};

use reel_host::Profile;
use reel_quickjs::{run_app, RunOptions, RunReport};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn run(app: &Path) -> RunReport {
    let ws = workspace();
    let profile = Profile::load("tv-midrange", &ws.join("devices")).expect("profile");
    let opts = RunOptions {
        frames: 2,
        engine: Some(ws.join("target/engine.wasm")),
        shim_dir: Some(ws.join("js-shim")),
        ..Default::default()
    };
    run_app(app, &profile, opts).unwrap_or_else(|e| panic!("run_app: {e}"))
}

/// A fresh directory with an app `main.js` that tries each specifier with
/// a dynamic import and logs `ok <spec>` or `refused <spec>: <message>`.
fn probe_app(tag: &str, specs: &[String]) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("reel-sandbox-it-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let app = dir.join("app");
    std::fs::create_dir_all(app.join("lib")).expect("mkdir");
    std::fs::write(app.join("lib/tiles.js"), "export const tiles = 3;\n").expect("write");
    let list = serde_json::to_string(specs).expect("json");
    let main = format!(
        "import {{ tiles }} from './lib/tiles.js';\nimport {{ createRenderer }} from '@reel/shim';\n\
         console.log('static ' + tiles + ' ' + typeof createRenderer);\n\
         for (const s of {list}) {{\n  try {{ await import(s); console.log('ok ' + s); }}\n  \
         catch (e) {{ console.log('refused ' + s + ': ' + e.message); }}\n}}\n"
    );
    std::fs::write(app.join("main.js"), main).expect("write");
    (dir, app.join("main.js"))
}

fn answers(r: &RunReport) -> Vec<String> {
    r.log.iter().filter(|l| l.text.starts_with("ok ") || l.text.starts_with("refused ")).map(|l| l.text.clone()).collect()
}

#[test]
fn files_outside_answer_the_same_whether_they_exist_or_not() {
    // `secret.js` sits next to the app's bundle: present in the first run,
    // gone in the second. Every way out must answer identically.
    let depth = std::env::temp_dir().canonicalize().expect("tmp").components().count() + 2;
    let up = "../".repeat(depth + 3);
    let specs: Vec<String> = vec![
        "../secret.js".into(),
        format!("@reel/shim/{up}tmp/reel-sandbox-secret-{}.js", std::process::id()),
        "@reel/shim/../secret.js".into(),
        format!("@reel/shim/../../../../../../../../..{}", workspace().join("Cargo.toml").display()),
        format!("@reel/shim/{up}etc/passwd"),
        format!("@reel/shim/{up}etc/passwX"),
    ];
    let (dir, app) = probe_app("exists", &specs);
    let secret = dir.join("secret.js");
    let host_secret = PathBuf::from(format!("/tmp/reel-sandbox-secret-{}.js", std::process::id()));
    std::fs::write(&secret, "console.log('LEAKED');\n").expect("write");
    std::fs::write(&host_secret, "console.log('LEAKED');\n").expect("write");
    let with = run(&app);
    std::fs::remove_file(&secret).expect("rm");
    std::fs::remove_file(&host_secret).expect("rm");
    let without = run(&app);
    let (a, b) = (answers(&with), answers(&without));
    assert_eq!(a.len(), specs.len(), "{a:#?}");
    assert_eq!(a, b, "the answer must not depend on whether the host file exists");
    for line in &a {
        assert!(line.starts_with("refused "), "{line}");
        assert!(line.contains(": outside the sandbox"), "{line}");
        assert!(!line.contains("links outside") && !line.contains("no such module"), "{line}");
    }
    // The two `/etc` probes (passwd exists, passwX does not) say the same thing
    // apart from the specifier the app wrote.
    let strip = |l: &str, s: &str| l.replace(s, "<spec>");
    assert_eq!(strip(&a[4], &specs[4]), strip(&a[5], &specs[5]));
    // No host path beyond what the app wrote: the workspace, the shim and
    // the temp dir do not appear in the messages' own text.
    for (line, spec) in a.iter().zip(&specs) {
        let own = line.replace(spec.as_str(), "");
        assert!(!own.contains(&*workspace().to_string_lossy()), "{line}");
        assert!(!own.contains("/tmp/reel-sandbox-secret"), "{line}");
    }
    assert!(!with.log.iter().any(|l| l.text.contains("LEAKED")));
    assert!(with.log.iter().any(|l| l.text == "static 3 function"), "normal imports work: {:#?}", with.log);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn only_the_shims_exported_entry_points_load() {
    let specs: Vec<String> = [
        // Exported entry points (exports["."], "./encoder", "./props", "./paint/*").
        "@reel/shim",
        "@reel/shim/encoder",
        "@reel/shim/props",
        "@reel/shim/transport/host",
        // Not exported: dependencies, tools, internal files, node-only entry.
        "@reel/shim/node_modules/esbuild/lib/main.js",
        "@reel/shim/node_modules/esbuild/lib/main",
        "@reel/shim/tools/build-wasm2js.mjs",
        "@reel/shim/src/encoder.js",
        "@reel/shim/src/index.js",
        "@reel/shim/node",
        "@reel/shim/package.json",
        "@reel/shim/transport/../../node_modules/esbuild/lib/main",
        "@reel/shim/paint/../../tools/build-wasm2js",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let (dir, app) = probe_app("exports", &specs);
    let r = run(&app);
    let a = answers(&r);
    assert_eq!(a.len(), specs.len(), "{a:#?}");
    for (line, spec) in a.iter().take(4).zip(&specs) {
        assert_eq!(*line, format!("ok {spec}"));
    }
    for (line, spec) in a.iter().zip(&specs).skip(4) {
        assert!(line.starts_with(&format!("refused {spec}: ")) && line.contains("outside the sandbox: Reel apps may import only"), "{line}");
    }
    assert!(r.log.iter().any(|l| l.text == "static 3 function"));
    let _ = std::fs::remove_dir_all(&dir);
}
