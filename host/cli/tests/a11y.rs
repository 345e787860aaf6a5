//! `reel certify`'s accessibility gates end to end: the labelled catalog
//! passes them and says what it should, in order (its Solid and React ports
//! too, word for word); examples/apps/a11y-fail.js
//! fails with exactly three findings — a focused node with no name, a
//! low-contrast caption, an unreachable button — each naming its node.
//! Needs `target/engine.wasm` (`bash tools/build-wasm.sh`).

mod common;

use std::process::Command;

use common::workspace;

/// Runs `reel certify APP` on tv-midrange with `script`; returns (exit code, that device's certify.json entry).
fn certify(app: &str, script: &str, name: &str) -> (i32, serde_json::Value) {
    let run = common::certify(app, "tv-midrange", &[script], &format!("a11y-{name}"));
    (run.code, run.json["devices"][0].clone())
}

fn check<'a>(dev: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    dev["checks"].as_array().expect("checks").iter().find(|c| c["id"] == id).unwrap_or_else(|| panic!("no check {id}"))
}

#[test]
fn the_catalog_passes_and_announces_its_key_script() {
    let (code, dev) = certify("examples/catalog/main.js", "host/cli/tests/catalog-certify.txt", "catalog");
    assert_eq!(code, 0, "{dev:#}");
    for id in ["a11y-names", "a11y-contrast", "a11y-focus"] {
        assert_eq!(check(&dev, id)["status"], "pass", "{:#}", check(&dev, id));
    }
    let said: Vec<&str> =
        dev["summary"]["announcements"].as_array().expect("announcements").iter().map(|a| a["text"].as_str().unwrap_or("")).collect();
    assert_eq!(
        said,
        [
            "Continue watching, Continue watching #1, button, 1 of 40",
            "Continue watching #4, button, 4 of 40",
            "Trending now, Trending now #4, button, 4 of 40",
            "Trending now #5, button, 5 of 40",
            "Details, Play, button",
            "Add to My List, button",
            "Trending now, Trending now #5, button, 5 of 40",
            "Top 10 today, Top 10 today #5, button, 5 of 40",
            "Play The Long Night, button",
        ]
    );
}

/// The Solid and React ports of the catalog set the same `label`/`role`
/// props through their adapters: they pass the same gates and a screen
/// reader hears exactly what it hears from the plain JS catalog.
#[test]
fn the_solid_and_react_catalogs_are_labelled_like_the_plain_one() {
    let (_, plain) = certify("examples/catalog/main.js", "host/cli/tests/catalog-certify.txt", "plain");
    for port in ["solid", "react"] {
        let dir = workspace().join(format!("examples/catalog-{port}"));
        let o = Command::new("node").arg("build.mjs").current_dir(&dir).output().expect("node runs");
        assert!(o.status.success(), "building the {port} catalog: {}", String::from_utf8_lossy(&o.stderr));
        let app = format!("examples/catalog-{port}/dist/catalog.js");
        let (code, dev) = certify(&app, "host/cli/tests/catalog-certify.txt", port);
        assert_eq!(code, 0, "{port}: {dev:#}");
        for id in ["a11y-names", "a11y-contrast", "a11y-focus"] {
            assert_eq!(check(&dev, id)["status"], "pass", "{port}: {:#}", check(&dev, id));
        }
        // Node ids are the adapter's own numbering; what is said, when and how urgently must match.
        let heard = |d: &serde_json::Value| -> Vec<(String, String, String, String)> {
            d["summary"]["announcements"].as_array().expect("announcements").iter()
                .map(|a| (a["frame"].to_string(), a["kind"].to_string(), a["politeness"].to_string(), a["text"].to_string()))
                .collect()
        };
        assert_eq!(heard(&dev), heard(&plain), "{port}");
        assert_eq!(heard(&dev).len(), 9, "{port}");
    }
}

#[test]
fn an_inaccessible_app_fails_with_three_precise_findings() {
    let (code, dev) = certify("examples/apps/a11y-fail.js", "examples/apps/a11y-fail.keys.txt", "fail");
    assert_eq!(code, 3, "a check failed: {dev:#}");
    let failed: Vec<&str> = dev["checks"]
        .as_array()
        .expect("checks")
        .iter()
        .filter(|c| c["status"] == "fail")
        .map(|c| c["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(failed, ["a11y-names", "a11y-contrast", "a11y-focus"]);
    for id in failed {
        assert_eq!(check(&dev, id)["measured"], 1.0, "one finding: {:#}", check(&dev, id));
    }
    assert_eq!(
        check(&dev, "a11y-names")["detail"],
        "node 4 took focus at frame 22 with no accessible name (no label, no text below it)"
    );
    assert_eq!(
        check(&dev, "a11y-contrast")["detail"],
        "checkpoint 'end of script': text node 8 \"Low contrast caption\" (20 px) #6a6a6a on #505050: 1.49:1 < 4.5:1"
    );
    assert_eq!(
        check(&dev, "a11y-focus")["detail"],
        "checkpoint 'end of script': focusable node 6 \"Settings\" at (150, 600, 360x120 screen px) cannot be reached with arrow keys from node 4"
    );
}

/// Text over an image: the display list does not say what the image shows,
/// so the gate measures against the checkpoint's backdrop (the frame painted
/// without text): white on a pale sky fails, white on a dark night and white
/// on a scrim over the same sky pass.
#[test]
fn text_over_images_is_measured_against_the_pixels_behind_it() {
    let (code, dev) = certify("examples/apps/text-over-images.js", "examples/apps/text-over-images.keys.txt", "images");
    assert_eq!(code, 3, "a check failed: {dev:#}");
    let c = check(&dev, "a11y-contrast");
    assert_eq!(c["status"], "fail", "{c:#}");
    assert_eq!(c["measured"], 1.0, "one finding: {c:#}");
    assert_eq!(
        c["detail"],
        "checkpoint 'captions': text node 3 \"Sunny afternoon\" (28 px) #ffffff on #e4f1ff (an image; the ratio 90% of the pixels behind it reach): 1.15:1 < 3:1"
    );
    for id in ["a11y-names", "a11y-focus"] {
        assert_eq!(check(&dev, id)["status"], "pass", "{:#}", check(&dev, id));
    }
}

/// A command the engine refuses for itself alone (a `gradient` it cannot
/// parse, a `label` over 1024 bytes) is skipped and the rest of its batch
/// applies; the contrast gate's replay of the run must take it the same
/// way. It used to reject the whole batch natively: the scene then had no
/// texts, every finding read `text node N "" (0 px)`, and 30 px text was
/// held to 4.5:1 (white on #888, 3.54:1, failed). Here that text passes at
/// 3:1 and the one real finding names its text and size, whether the
/// refused string is there or not (a gradient the engine takes, the
/// user's own, for comparison).
#[test]
fn a_refused_string_property_leaves_the_texts_of_its_batch_named() {
    let dir = std::env::temp_dir().join(format!("reel-a11y-refused-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let keys = dir.join("keys.txt");
    std::fs::write(&keys, "wait 30\ncheckpoint home\nwait 5\n").expect("keys");
    let cases = [
        ("bad-gradient", "x.gradient = 'linear-gradient(to nowhere, #000)';", true),
        ("long-label", "x.label = 'a'.repeat(1100);", true),
        ("long-description", "x.description = 'a'.repeat(1100);", true),
        ("gradient", "x.gradient = 'linear-gradient(to bottom, transparent, #000)';", false),
    ];
    for (name, set, refused) in cases {
        // One batch makes every node; `dev: false`: the shim's own dev check
        // on a label's length stays out of the way, as in a production build.
        let app = dir.join(format!("{name}.js"));
        std::fs::write(
            &app,
            format!(
                "import {{ createRenderer }} from '@reel/shim';
const r = await createRenderer({{ width: 1920, height: 1080, dev: false }});
const bg = r.createNode('view', {{ w: 1920, h: 1080, color: 0x000000ff }});
r.root.appendChild(bg);
const x = r.createNode('view', {{ x: 1500, y: 800, w: 300, h: 200 }});
bg.appendChild(x);
const box = r.createNode('view', {{ x: 700, y: 100, w: 600, h: 300, color: 0x888888ff }});
bg.appendChild(box);
box.appendChild(r.createNode('text', {{ x: 20, y: 20, fontSize: 30, color: 0xffffffff, text: 'Large white on grey' }}));
box.appendChild(r.createNode('text', {{ x: 20, y: 150, fontSize: 20, color: 0xa0a0a0ff, text: 'Small caption' }}));
{set}
"
            ),
        )
        .expect("app");
        let run = common::certify(app.to_str().expect("utf-8"), "tv-midrange", &[keys.to_str().expect("utf-8")], &format!("refused-{name}"));
        let dev = &run.json["devices"][0];
        let rejections = dev["summary"]["rejections"].as_array().expect("rejections");
        if refused {
            assert_eq!(rejections.len(), 1, "{name}: the engine skipped the command: {rejections:?}");
            assert!(rejections[0].as_str().unwrap_or("").ends_with("(skipped)"), "{name}: {rejections:?}");
        } else {
            assert!(rejections.is_empty(), "{name}: {rejections:?}");
        }
        let c = check(dev, "a11y-contrast");
        assert_eq!(c["status"], "fail", "{name}: {c:#}");
        assert_eq!(c["measured"], 1.0, "{name}: one finding, the caption: {c:#}");
        assert_eq!(
            c["detail"],
            "checkpoint 'home': text node 5 \"Small caption\" (20 px) #a0a0a0 on #888888: 1.36:1 < 4.5:1",
            "{name}"
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A focused button destroyed by its own Enter: a11y-focus fails naming it
/// and the frame (the engine's `FOCUS` event with cause "lost" was never
/// collected, so the gate said "focus never lost" whatever the app did);
/// the same app moving focus to the other button first passes.
#[test]
fn destroying_the_focused_node_is_a_focus_loss() {
    let dir = std::env::temp_dir().join(format!("reel-a11y-lost-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let keys = dir.join("keys.txt");
    std::fs::write(&keys, "wait 20\nEnter\nwait 20\ncheckpoint after\n").expect("keys");
    for (name, on_enter, lost) in [("destroy", "a.destroy();", true), ("refocus", "r.focus(b); a.destroy();", false)] {
        let app = dir.join(format!("{name}.js"));
        std::fs::write(
            &app,
            format!(
                "import {{ createRenderer }} from '@reel/shim';
const r = await createRenderer({{ width: 1280, height: 720 }});
const bg = r.createNode('view', {{ w: 1280, h: 720, color: 0x202020ff }});
r.root.appendChild(bg);
const mk = (x, label) => {{
  const n = r.createNode('view', {{ x, y: 100, w: 240, h: 80, color: 0x1a1a1aff, focusable: true, role: 'button', label }});
  n.appendChild(r.createNode('text', {{ x: 24, w: 200, h: 80, verticalAlign: 'middle', fontSize: 28, text: label, color: 0xffffffff }}));
  bg.appendChild(n);
  return n;
}};
const a = mk(100, 'Close');
const b = mk(400, 'Other');
a.onKeyDown = (e) => {{ if (e.key === 'Enter') {{ {on_enter} }} }};
r.attachKeyboard();
r.focus(a);
"
            ),
        )
        .expect("app");
        let run = common::certify(app.to_str().expect("utf-8"), "tv-midrange", &[keys.to_str().expect("utf-8")], &format!("lost-{name}"));
        let dev = &run.json["devices"][0];
        let c = check(dev, "a11y-focus");
        if lost {
            assert_eq!(c["status"], "fail", "{c:#}");
            let detail = c["detail"].as_str().unwrap_or("");
            assert!(detail.starts_with("focus lost at frame ") && detail.ends_with(": focused node 2 was destroyed or hidden"), "{detail}");
            assert_eq!(dev["summary"]["focus_lost"].as_array().map(Vec::len), Some(1), "{:#}", dev["summary"]["focus_lost"]);
        } else {
            assert_eq!(c["status"], "pass", "{c:#}");
        }
    }
}
