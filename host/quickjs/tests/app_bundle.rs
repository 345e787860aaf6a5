//! Ordinary app bundles under `reel run` (issue 12): a Vite-shaped `dist/`
//! (index.html naming `/assets/index-HASH.js`, chunks importing each other,
//! Vite's own module-preload helpers, images and data under the root), the
//! small browser environment (window, location/history in memory, storage,
//! navigator, fetch from the bundle only) and `@solidjs/router` navigating
//! between two routes. Needs `target/engine.wasm` and, for the router,
//! js-shim's node_modules (esbuild, esbuild-plugin-solid, solid-js,
//! @solidjs/router).

use std::path::{Path, PathBuf};
use std::process::Command;

use reel_engine::display_list::ItemKind;
use reel_host::Profile;
use reel_quickjs::keys::parse_script;
use reel_quickjs::{run_app, RunOptions, RunReport};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().expect("workspace root")
}

fn tmp(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("reel-bundle-it-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("tmp");
    d
}

fn write(p: &Path, text: &[u8]) {
    std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
    std::fs::write(p, text).expect("write");
}

fn opts(frames: u32) -> RunOptions {
    let ws = workspace();
    RunOptions {
        frames,
        engine: Some(ws.join("target/engine.wasm")),
        shim_dir: Some(ws.join("js-shim")),
        ..Default::default()
    }
}

fn run(app: &Path, o: RunOptions) -> RunReport {
    let profile = Profile::load("tv-midrange", &workspace().join("devices")).expect("profile");
    run_app(app, &profile, o).unwrap_or_else(|e| panic!("run_app: {e}"))
}

fn log(r: &RunReport) -> Vec<String> {
    r.log.iter().filter(|l| l.level != "host").map(|l| l.text.clone()).collect()
}

fn no_exceptions(r: &RunReport) {
    assert!(r.exceptions.is_empty(), "exceptions: {:#?}\nlog: {:#?}", r.exceptions, r.log);
}

/// Vite 7's own runtime helpers, as `vite build` emits them at the top of an
/// entry chunk (the module-preload polyfill and `__vitePreload`), shortened
/// to what runs: they touch `document`, `Event` and `window.dispatchEvent`.
const VITE_PRELUDE: &str = r#"const __vite__mapDeps=(i,m=__vite__mapDeps,d=(m.f||(m.f=["assets/lazy-og3duijr.js","assets/shared-YR3Xsr48.js"])))=>i.map(i=>d[i]);
(function(){const l=document.createElement("link").relList;if(l&&l.supports&&l.supports("modulepreload"))return;for(const e of document.querySelectorAll('link[rel="modulepreload"]'))d(e);new MutationObserver(e=>{for(const t of e)if(t.type==="childList")for(const r of t.addedNodes)r.tagName==="LINK"&&r.rel==="modulepreload"&&d(r)}).observe(document,{childList:!0,subtree:!0});function u(e){const t={};return t}function d(e){if(e.ep)return;e.ep=!0;const t=u(e);fetch(e.href,t)}})();const g="modulepreload",v=function(i){return"/"+i},f={},m=function(l,u,d){let e=Promise.resolve();if(u&&u.length>0){let p=function(o){return Promise.all(o.map(c=>Promise.resolve(c).then(a=>({status:"fulfilled",value:a}),a=>({status:"rejected",reason:a}))))};document.getElementsByTagName("link");const r=document.querySelector("meta[property=csp-nonce]"),n=r?.nonce||r?.getAttribute("nonce");e=p(u.map(o=>{if(o=v(o),o in f)return;f[o]=!0;const c=o.endsWith(".css"),a=c?'[rel="stylesheet"]':"";if(document.querySelector(`link[href="${o}"]${a}`))return;const s=document.createElement("link");if(s.rel=c?"stylesheet":g,c||(s.as="script"),s.crossOrigin="",s.href=o,n&&s.setAttribute("nonce",n),document.head.appendChild(s),c)return new Promise((h,y)=>{s.addEventListener("load",h),s.addEventListener("error",()=>y(new Error(`Unable to preload CSS for ${o}`)))})}))}function t(r){const n=new Event("vite:preloadError",{cancelable:!0});if(n.payload=r,window.dispatchEvent(n),!n.defaultPrevented)throw r}return e.then(r=>{for(const n of r||[])n.status==="rejected"&&t(n.reason);return l().catch(t)})};
"#;

/// A Vite-shaped dist/: returns its directory.
fn vite_dist(tag: &str) -> PathBuf {
    let d = tmp(tag);
    let dist = d.join("dist");
    write(
        &dist.join("index.html"),
        b"<!doctype html><html><head><title>x</title>  <script type=\"module\" crossorigin src=\"/assets/index-ok_xUNJ9.js\"></script>\n</head><body></body></html>\n",
    );
    let entry = format!(
        "{VITE_PRELUDE}import {{ createRenderer }} from '@reel/shim';\nimport {{ helper }} from './helper-B1.js';\n\
const r = await createRenderer({{ width: 1280, height: 720 }});\n\
const poster = r.createNode('image', {{ x: 10, y: 10, w: 200, h: 150, src: '/assets/poster-CM9NtV45.png' }});\n\
const rel = r.createNode('image', {{ x: 300, y: 10, w: 200, h: 150, src: 'assets/poster-CM9NtV45.png' }});\n\
const missing = r.createNode('image', {{ x: 600, y: 10, w: 200, h: 150, src: '/assets/none.png', placeholderColor: 0x803030ff }});\n\
r.root.appendChild(poster); r.root.appendChild(rel); r.root.appendChild(missing);\n\
console.log('meta ' + import.meta.url + ' ' + helper());\n\
const home = await (await fetch('/api/home.json')).json();\n\
console.log('home ' + home.rows.join(','));\n\
const lazy = await m(() => import('./lazy-og3duijr.js'), __vite__mapDeps([0, 1]));\n\
console.log('lazy ' + lazy.x);\n\
for (const u of ['https://example.com/api/home.json', 'file:///etc/passwd', '/../../../etc/passwd', 'api/nope.json', '//example.com/x']) {{\n\
  try {{ const res = await fetch(u); console.log('fetch ' + u + ' ' + res.status + ' ' + res.ok); }}\n\
  catch (e) {{ console.log('refused ' + u + ': ' + e.message); }}\n\
}}\n\
try {{ await fetch('/api/home.json', {{ method: 'POST', body: '{{}}' }}); }} catch (e) {{ console.log('refused POST: ' + e.message); }}\n"
    );
    write(&dist.join("assets/index-ok_xUNJ9.js"), entry.as_bytes());
    write(&dist.join("assets/helper-B1.js"), b"export const helper = () => 'helped';\n");
    write(&dist.join("assets/shared-YR3Xsr48.js"), b"export const s = 'shared';\n");
    write(&dist.join("assets/lazy-og3duijr.js"), b"import{s as o}from\"./shared-YR3Xsr48.js\";const t=\"lazy \"+o;export{t as x};\n");
    let png = std::fs::read(workspace().join("examples/apps/assets/poster.png")).expect("poster.png");
    write(&dist.join("assets/poster-CM9NtV45.png"), &png);
    write(&dist.join("api/home.json"), b"{\"rows\":[\"Trending\",\"New\"]}\n");
    // Beside the bundle: never reachable.
    write(&d.join("secret.json"), b"{\"secret\":true}\n");
    dist
}

#[test]
fn a_vite_dist_runs_from_its_directory_page_or_entry_with_root() {
    let dist = vite_dist("vite");
    let entry = dist.join("assets/index-ok_xUNJ9.js");
    let mut runs = Vec::new();
    for (app, root) in [(dist.clone(), None), (dist.join("index.html"), None), (entry.clone(), Some(dist.clone()))] {
        let r = run(&app, RunOptions { root, ..opts(6) });
        no_exceptions(&r);
        runs.push(log(&r));
        // Both spellings of the poster load; the missing one names the URL tried.
        let e = &r.summary.engine;
        assert_eq!(e.images_loaded, 2, "{e:#?}");
        assert_eq!(e.images_failed.len(), 1, "{e:#?}");
        assert!(e.images_failed[0].contains("/assets/none.png") && e.images_failed[0].contains("not-found"), "{:?}", e.images_failed);
        let dl = r.final_display_list.as_ref().expect("dl");
        assert_eq!(dl.items.iter().filter(|i| i.item_kind() == Some(ItemKind::Image)).count(), 2);
    }
    let l = &runs[0];
    assert_eq!(runs[1], *l);
    assert_eq!(runs[2], *l);
    let expect = [
        "meta http://localhost/assets/index-ok_xUNJ9.js helped",
        "home Trending,New",
        "lazy lazy shared",
        "fetch /../../../etc/passwd 404 false",
        "fetch api/nope.json 404 false",
    ];
    for line in expect {
        assert!(l.iter().any(|x| x == line), "missing {line:?} in {l:#?}");
    }
    for u in ["https://example.com/api/home.json", "file:///etc/passwd", "//example.com/x"] {
        let line = l.iter().find(|x| x.starts_with(&format!("refused {u}: "))).unwrap_or_else(|| panic!("{u} not refused: {l:#?}"));
        assert!(line.contains("may fetch only files of its own bundle"), "{line}");
    }
    assert!(l.iter().any(|x| x.starts_with("refused POST: ") && x.contains("read-only")), "{l:#?}");
    // No host path in anything the app saw.
    let tmp = std::env::temp_dir().canonicalize().expect("tmp");
    assert!(!l.iter().any(|x| x.contains(&*tmp.to_string_lossy())), "{l:#?}");

    // Without --root, the entry's own directory is the bundle: /api is outside it.
    // (the page's data is a 404 there, and the app's json() says where it came from).
    let r = run(&entry, opts(4));
    assert!(log(&r).iter().any(|x| x == "meta http://localhost/index-ok_xUNJ9.js helped"), "{:#?}", r.log);
    assert_eq!(r.exceptions.len(), 1, "{:#?}", r.exceptions);
    assert!(r.exceptions[0].message.starts_with("SyntaxError: Response.json (http://localhost/api/home.json)"), "{}", r.exceptions[0]);
}

#[test]
fn bundle_errors_are_clear() {
    let d = tmp("errors");
    write(&d.join("empty/readme.txt"), b"x");
    write(&d.join("inline/index.html"), b"<script type=module>console.log(1)</script>");
    write(&d.join("bad/index.html"), b"<script type=module src=\"/assets/gone.js\"></script>");
    let profile = Profile::load("tv-midrange", &workspace().join("devices")).expect("profile");
    let err = |app: &Path| run_app(app, &profile, opts(1)).expect_err("must fail").to_string();
    assert!(err(&d.join("empty")).contains("needs an index.html"), "{}", err(&d.join("empty")));
    assert!(err(&d.join("inline")).contains("no <script type=\"module\" src=...>"), "{}", err(&d.join("inline")));
    let bad = err(&d.join("bad"));
    assert!(bad.contains("/assets/gone.js") && bad.contains("no such file in the app bundle (tried /assets/gone.js)"), "{bad}");
    write(&d.join("other/main.js"), b"");
    let outside = run_app(&d.join("other/main.js"), &profile, RunOptions { root: Some(d.join("empty")), ..opts(1) })
        .expect_err("outside root")
        .to_string();
    assert!(outside.contains("is not inside --root"), "{outside}");
}

#[test]
fn browser_environment_is_memory_backed() {
    let d = tmp("env");
    let app = d.join("main.js");
    write(
        &app,
        br#"
const seen = [];
window.addEventListener('popstate', (e) => seen.push(`pop ${location.pathname}${location.search}${location.hash} ${JSON.stringify(e.state)}`));
window.addEventListener('hashchange', () => seen.push(`hash ${location.hash}`));
console.log([window === globalThis, self === globalThis, typeof document, typeof queueMicrotask, typeof setTimeout].join(' '));
console.log(`nav ${navigator.language} ${/Reel/.test(navigator.userAgent)} ${navigator.userAgent.includes('tv-midrange')}`);
history.pushState({ n: 1 }, '', '/a?x=1');
history.pushState({ n: 2 }, '', 'b#top');
console.log(`at ${location.href} ${history.length} ${JSON.stringify(history.state)}`);
try { history.pushState(null, '', 'https://example.com/'); } catch (e) { console.log(`push refused ${e.name}`); }
history.back();
setTimeout(() => { history.back(); setTimeout(() => { history.forward(); setTimeout(() => { location.hash = 'h2'; setTimeout(() => console.log(seen.join(' | ')), 50); }, 20); }, 20); }, 20);
localStorage.setItem('k', 42); sessionStorage.setItem('s', 'v');
console.log(`storage ${localStorage.getItem('k')} ${typeof localStorage.getItem('k')} ${localStorage.length} ${sessionStorage.getItem('s')} ${localStorage.getItem('none')}`);
const u = new URL('../c/d?q=a+b&r=%20#f', 'http://localhost/x/y/z');
console.log(`url ${u.href} ${u.pathname} ${u.searchParams.get('q')} ${u.searchParams.get('r')} ${new URLSearchParams({ a: '1 2', b: '\u00e9' })}`);
try { location.href = '/elsewhere'; } catch (e) { console.log(`nav refused ${e.message.includes('pushState')}`); }
const t = new EventTarget(); let n = 0; t.addEventListener('x', () => n++, { once: true }); t.dispatchEvent(new Event('x')); t.dispatchEvent(new Event('x'));
console.log(`once ${n}`);
// rquickjs left a pending TypeError after decoding a typed array, which
// failed the next dynamic import ("ArrayBuffer object expected").
new TextDecoder().decode(new Uint8Array([104, 105]));
const m = await import('./lazy.js');
console.log(`import after decode ${m.ok}`);
"#,
    );
    write(&d.join("lazy.js"), b"export const ok = 'ok';\n");
    let r = run(&app, opts(30));
    no_exceptions(&r);
    let l = log(&r);
    let expect = [
        "true true object function function",
        "nav en-US true true",
        "at http://localhost/b#top 3 {\"n\":2}",
        "push refused SecurityError",
        "storage 42 string 1 v null",
        "url http://localhost/x/c/d?q=a+b&r=%20#f /x/c/d a b   a=1+2&b=%C3%A9",
        "nav refused true",
        "once 1",
        "import after decode ok",
        "pop /a?x=1 {\"n\":1} | pop / null | pop /a?x=1 {\"n\":1} | pop /a?x=1#h2 null | hash #h2",
    ];
    for line in expect {
        assert!(l.iter().any(|x| x == line), "missing {line:?} in {l:#?}");
    }
    // Storage is per run: a second run starts empty.
    write(&d.join("again.js"), b"console.log(`again ${localStorage.getItem('k')} ${localStorage.length}`);\n");
    let r = run(&d.join("again.js"), opts(2));
    assert!(log(&r).iter().any(|x| x == "again null 0"), "{:#?}", r.log);
}

#[test]
fn solid_router_navigates_between_two_routes() {
    let out = tmp("router").join("dist");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/router-app");
    let o = Command::new("node").arg(fixture.join("build.mjs")).arg(&out).output().expect("node runs");
    assert!(o.status.success(), "building the router app: {}", String::from_utf8_lossy(&o.stderr));
    // Chunks: the entry, the lazy details route, the shared renderer/Solid chunk.
    let chunks = std::fs::read_dir(out.join("assets")).expect("assets").count();
    assert!(chunks >= 3, "{chunks} chunks");
    let keys = parse_script("wait 10\nEnter\nwait 10\nBack\nwait 10\n").expect("keys");
    let r = run(&out, RunOptions { keys, keep_display_lists: vec![20, 40], ..opts(40) });
    no_exceptions(&r);
    let l = log(&r);
    let routes: Vec<&str> = l.iter().filter(|x| x.starts_with("home ") || x.starts_with("details ") || x.starts_with("popstate ")).map(String::as_str).collect();
    assert_eq!(routes, ["home /", "details 7 /details/7", "popstate / depth 0", "home /"], "{l:#?}");
    assert!(l.iter().any(|x| x.starts_with("started at http://localhost/, Mozilla/5.0 (Reel native host; QuickJS; device tv-midrange)")), "{l:#?}");
    // What is on screen: details (green) at frame 20, home (red tile + the
    // title fetched from /api/home.json) at frame 40.
    let screen = |frame: u32| r.screens.iter().find(|s| s.0 == frame).map(|s| s.2.clone()).expect("screen");
    let px = |img: &reel_engine::raster::RgbaImage, x: u32, y: u32| {
        let i = ((y * img.width + x) * 4) as usize;
        [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]]
    };
    // tv-midrange is 1920x1080: the app's 1280x720 is scaled by 1.5.
    assert_eq!(px(&screen(20), 825, 525), [0, 255, 0], "details' green button");
    assert_eq!(px(&screen(40), 300, 240), [255, 0, 0], "home's red tile");
    assert!(l.iter().any(|x| x == "title Home from the bundle"), "{l:#?}");
}
