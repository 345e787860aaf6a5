#!/usr/bin/env python3
"""wasm_info.py — read a .wasm module's imports, exports and memory.

    python3 tools/wasm_info.py FILE               # print a summary
    python3 tools/wasm_info.py FILE --no-imports  # also exit 1 if it imports anything

engine.wasm must be self-contained: the host gives it nothing, so any import
(an accidental `env.*` from a C dependency, wasm-bindgen glue, WASI) is a bug.
Only the standard library is used, so this runs on any python3.
"""
import sys

KINDS = {0: "func", 1: "table", 2: "memory", 3: "global", 4: "tag"}


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.data, self.pos = data, pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise ValueError("unexpected end of section")
        b = self.data[self.pos]
        self.pos += 1
        return b

    def uleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result

    def name(self):
        n = self.uleb()
        s = self.data[self.pos:self.pos + n].decode("utf-8", "replace")
        self.pos += n
        return s

    def limits(self):
        flags = self.byte()
        lo = self.uleb()
        hi = self.uleb() if flags & 1 else None
        return lo, hi


def parse(data):
    if data[:4] != b"\0asm":
        raise ValueError("not a wasm module (bad magic)")
    r = Reader(data, 8)
    imports, exports, memories = [], [], []
    while r.pos < len(data):
        sid = r.byte()
        size = r.uleb()
        body = Reader(data, r.pos, r.pos + size)
        if sid == 2:  # import section
            for _ in range(body.uleb()):
                module, field, kind = body.name(), body.name(), body.byte()
                if kind == 0:
                    body.uleb()
                elif kind == 1:
                    body.byte()
                    body.limits()
                elif kind == 2:
                    memories.append(("imported", body.limits()))
                elif kind == 3:
                    body.byte()
                    body.byte()
                elif kind == 4:
                    body.byte()
                    body.uleb()
                else:
                    raise ValueError(f"unknown import kind {kind}")
                imports.append((module, field, KINDS[kind]))
        elif sid == 5:  # memory section
            for _ in range(body.uleb()):
                memories.append(("defined", body.limits()))
        elif sid == 7:  # export section
            for _ in range(body.uleb()):
                nm, kind = body.name(), body.byte()
                body.uleb()
                exports.append((nm, KINDS.get(kind, str(kind))))
        r.pos += size
    return imports, exports, memories


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 1:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    path = args[0]
    with open(path, "rb") as f:
        data = f.read()
    imports, exports, memories = parse(data)
    print(f"{path}: {len(data)} bytes, {len(imports)} imports, {len(exports)} exports")
    for origin, (lo, hi) in memories:
        print(f"  memory ({origin}): {lo} pages initial ({lo * 64} KiB), max {hi if hi is not None else 'none'}")
    for nm, kind in exports:
        print(f"  export {kind:6} {nm}")
    for module, field, kind in imports:
        print(f"  import {kind:6} {module}.{field}")
    if "--no-imports" in argv and imports:
        print(f"error: {path} imports {len(imports)} item(s); engine.wasm must import nothing",
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
