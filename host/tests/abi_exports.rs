//! The engine's export table (`reel_engine::protocol::exports`) is what the
//! modules really export: every function `engine.wasm` and
//! `engine-debug.wasm` export is in the table with the table's signature,
//! every required and optional entry is in `engine.wasm`, the overlay
//! entries only in `engine-debug.wasm`. The hosts' one ABI driver and the
//! generated JS names (`js-shim/src/wire/abi.js`) rely on it.
//! Needs `target/engine.wasm` and `target/engine-debug.wasm`.

mod common;

use reel_engine::protocol::exports::{Export, Presence, Ty};
use wasmtime::{Engine, ExternType, Module, ValType};

fn ty(t: &ValType) -> Option<Ty> {
    match t {
        ValType::I32 => Some(Ty::I32),
        ValType::F32 => Some(Ty::F32),
        ValType::F64 => Some(Ty::F64),
        _ => None,
    }
}

/// The module's function exports: (name, params, result).
fn function_exports(bytes: &[u8]) -> Vec<(String, Vec<Option<Ty>>, Vec<Option<Ty>>)> {
    let engine = Engine::default();
    let module = Module::new(&engine, bytes).expect("the module compiles");
    module
        .exports()
        .filter_map(|e| match e.ty() {
            ExternType::Func(f) => Some((e.name().to_string(), f.params().map(|p| ty(&p)).collect(), f.results().map(|r| ty(&r)).collect())),
            _ => None,
        })
        .collect()
}

fn check(bytes: &[u8], with_overlay: bool) {
    let exported = function_exports(bytes);
    for (name, params, results) in &exported {
        let x = Export::ALL.iter().find(|x| x.name() == name).unwrap_or_else(|| panic!("`{name}` is exported but not in the export table"));
        let want: Vec<Option<Ty>> = x.params().iter().map(|t| Some(*t)).collect();
        assert_eq!(params, &want, "`{name}` parameters");
        assert_eq!(results, &x.result().map(Some).into_iter().collect::<Vec<_>>(), "`{name}` result");
    }
    for x in Export::ALL {
        let present = exported.iter().any(|(n, _, _)| n == x.name());
        let expected = x.presence() != Presence::Overlay || with_overlay;
        assert_eq!(present, expected, "`{}` ({:?}) exported: {present}", x.name(), x.presence());
    }
}

#[test]
fn engine_wasm_exports_exactly_the_table() {
    check(&common::engine_wasm(), false);
}

#[test]
fn engine_debug_wasm_exports_the_table_with_the_overlay() {
    match reel_host::paths::load_debug_engine(None) {
        Ok((_, bytes)) => check(&bytes, true),
        Err(e) => panic!("this test needs the debug module.\n{e}"),
    }
}
