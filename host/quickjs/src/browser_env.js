// The Reel native host's small browser environment: evaluated once, after
// the prelude and before the app, as a plain script receiving the host's
// private natives. It gives app bundles what common packages (routers, data
// loaders, Vite's output) assume of a browser, backed by memory and by the
// app bundle only:
//
//   window / self / top / parent === globalThis; addEventListener,
//   removeEventListener, dispatchEvent on it; EventTarget, Event,
//   CustomEvent, PopStateEvent, HashChangeEvent;
//   URL, URLSearchParams;
//   location and history in memory (pushState, replaceState, back, forward,
//   go; popstate / hashchange events as tasks); the document's URL is
//   `native.origin` + the bundle path of the page (http://localhost/);
//   localStorage / sessionStorage: in memory, new for every run;
//   navigator (userAgent naming Reel and the device id, language en-US);
//   fetch / Response / Headers: GET and HEAD of files of the app bundle
//   (same origin or a path such as /api/home.json); anything else is a
//   rejected promise naming the URL; a missing file is a 404 response;
//   document: an inert stand-in (no DOM is drawn: the app draws through
//   the renderer's nodes) with what bundlers' runtime helpers and routers
//   touch: createElement gives a detached element, queries find nothing.
//
// Nothing here reads a clock, the network or any file outside the bundle.
(function (native) {
  'use strict';
  const g = globalThis;
  const ORIGIN = native.origin;

  // ---- events ------------------------------------------------------------
  const STOP = Symbol('stopImmediate');
  class Event {
    constructor(type, init) {
      if (arguments.length === 0) throw new TypeError("Event: the 'type' argument is required");
      const i = init || {};
      this.type = String(type);
      this.bubbles = !!i.bubbles;
      this.cancelable = !!i.cancelable;
      this.composed = !!i.composed;
      this.defaultPrevented = false;
      this.isTrusted = false;
      this.timeStamp = g.performance.now();
      this.target = null;
      this.currentTarget = null;
      this[STOP] = false;
    }
    preventDefault() { if (this.cancelable) this.defaultPrevented = true; }
    stopPropagation() {}
    stopImmediatePropagation() { this[STOP] = true; }
  }
  class CustomEvent extends Event {
    constructor(type, init) { super(type, init); this.detail = init && init.detail !== undefined ? init.detail : null; }
  }
  class PopStateEvent extends Event {
    constructor(type, init) { super(type, init); this.state = init && init.state !== undefined ? init.state : null; }
  }
  class HashChangeEvent extends Event {
    constructor(type, init) { super(type, init); this.oldURL = (init && init.oldURL) || ''; this.newURL = (init && init.newURL) || ''; }
  }
  const registry = new WeakMap();
  const listenersOf = (t) => { let m = registry.get(t); if (!m) registry.set(t, m = new Map()); return m; };
  const captureOf = (o) => (typeof o === 'boolean' ? o : !!(o && o.capture));
  class EventTarget {
    addEventListener(type, callback, options) {
      if (callback == null) return;
      const target = this == null ? g : this;
      const m = listenersOf(target);
      const key = String(type);
      const capture = captureOf(options);
      let list = m.get(key);
      if (!list) m.set(key, list = []);
      if (list.some((l) => l.callback === callback && l.capture === capture)) return;
      const entry = { callback, capture, once: !!(options && options.once), removed: false };
      list.push(entry);
      const signal = options && options.signal;
      if (signal && typeof signal.addEventListener === 'function') {
        signal.addEventListener('abort', () => target.removeEventListener(key, callback, options));
      }
    }
    removeEventListener(type, callback, options) {
      const target = this == null ? g : this;
      const list = listenersOf(target).get(String(type));
      if (!list) return;
      const capture = captureOf(options);
      const i = list.findIndex((l) => l.callback === callback && l.capture === capture);
      if (i >= 0) { list[i].removed = true; list.splice(i, 1); }
    }
    dispatchEvent(event) {
      if (!(event instanceof Event)) throw new TypeError('dispatchEvent: expected an Event');
      const target = this == null ? g : this;
      event.target = target;
      event.currentTarget = target;
      const list = listenersOf(target).get(event.type);
      let first = null;
      for (const l of list ? list.slice() : []) {
        if (l.removed) continue;
        if (l.once) target.removeEventListener(event.type, l.callback, l);
        try {
          if (typeof l.callback === 'function') l.callback.call(target, event);
          else if (l.callback && typeof l.callback.handleEvent === 'function') l.callback.handleEvent(event);
        } catch (e) {
          if (first === null) first = { e };
        }
        if (event[STOP]) break;
      }
      event.currentTarget = null;
      // A browser reports a listener's exception and goes on; the host
      // reports it once every listener ran.
      if (first !== null) throw first.e;
      return !event.defaultPrevented;
    }
  }
  const define = (name, value) => {
    if (!(name in g)) Object.defineProperty(g, name, { value, writable: true, configurable: true, enumerable: false });
  };
  define('Event', Event);
  define('CustomEvent', CustomEvent);
  define('PopStateEvent', PopStateEvent);
  define('HashChangeEvent', HashChangeEvent);
  define('EventTarget', EventTarget);
  for (const m of ['addEventListener', 'removeEventListener', 'dispatchEvent']) define(m, EventTarget.prototype[m]);
  define('window', g);
  define('self', g);
  define('top', g);
  define('parent', g);
  define('devicePixelRatio', 1);
  define('innerWidth', native.width);
  define('innerHeight', native.height);
  define('scrollX', 0);
  define('scrollY', 0);
  define('pageXOffset', 0);
  define('pageYOffset', 0);
  // There is no page to scroll: the app scrolls its own nodes.
  for (const m of ['scrollTo', 'scroll', 'scrollBy']) define(m, function () {});

  // ---- URLSearchParams ----------------------------------------------------
  const decode = (s) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch (e) { return s; } };
  const formEncode = (s) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const OWNER = Symbol('url');
  class URLSearchParams {
    constructor(init) {
      this._list = [];
      this[OWNER] = null;
      if (init == null) return;
      if (typeof init === 'object' && typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const p = Array.from(pair);
          if (p.length !== 2) throw new TypeError('URLSearchParams: each pair needs exactly two items');
          this._list.push([String(p[0]), String(p[1])]);
        }
      } else if (typeof init === 'object') {
        for (const k of Object.keys(init)) this._list.push([k, String(init[k])]);
      } else {
        this._parse(String(init));
      }
    }
    _parse(s) {
      this._list = [];
      for (const part of (s[0] === '?' ? s.slice(1) : s).split('&')) {
        if (!part) continue;
        const eq = part.indexOf('=');
        this._list.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
      }
    }
    _update() { if (this[OWNER]) { const s = this.toString(); this[OWNER]._query = s ? '?' + s : ''; } }
    get size() { return this._list.length; }
    append(k, v) { this._list.push([String(k), String(v)]); this._update(); }
    delete(k, v) { k = String(k); this._list = this._list.filter(([a, b]) => a !== k || (v !== undefined && b !== String(v))); this._update(); }
    get(k) { const e = this._list.find(([a]) => a === String(k)); return e ? e[1] : null; }
    getAll(k) { return this._list.filter(([a]) => a === String(k)).map((e) => e[1]); }
    has(k, v) { return this._list.some(([a, b]) => a === String(k) && (v === undefined || b === String(v))); }
    set(k, v) {
      k = String(k);
      const i = this._list.findIndex(([a]) => a === k);
      if (i < 0) this._list.push([k, String(v)]);
      else { this._list[i][1] = String(v); this._list = this._list.filter(([a], j) => a !== k || j === i); }
      this._update();
    }
    sort() { this._list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this._update(); }
    forEach(fn, thisArg) { for (const [k, v] of this._list.slice()) fn.call(thisArg, v, k, this); }
    *entries() { for (const e of this._list.slice()) yield [e[0], e[1]]; }
    *keys() { for (const e of this._list.slice()) yield e[0]; }
    *values() { for (const e of this._list.slice()) yield e[1]; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return this._list.map(([k, v]) => formEncode(k) + '=' + formEncode(v)).join('&'); }
  }
  define('URLSearchParams', URLSearchParams);

  // ---- URL ----------------------------------------------------------------
  const SPECIAL = { 'http:': '80', 'https:': '443', 'ws:': '80', 'wss:': '443', 'ftp:': '21', 'file:': '' };
  // Percent-encodes what may not appear raw (spaces, quotes, angle brackets,
  // backticks, controls, non-ASCII), leaving existing escapes alone.
  const escapeRaw = (s) => s.replace(/[^\x21-\x7E]|["<>`]/gu, (c) => encodeURIComponent(c));
  function removeDots(path) {
    const out = [];
    const segs = path.split('/');
    for (let i = 0; i < segs.length; i++) {
      const s = segs[i];
      const last = i === segs.length - 1;
      if (s === '.' || s.toLowerCase() === '%2e') { if (last) out.push(''); continue; }
      if (s === '..' || /^(\.|%2e){2}$/i.test(s)) { if (out.length > 1) out.pop(); if (last) out.push(''); continue; }
      out.push(s);
    }
    const r = out.join('/');
    return r.startsWith('/') ? r : '/' + r;
  }
  function splitTail(s) {
    let hash = '', query = '';
    const h = s.indexOf('#');
    if (h >= 0) { hash = s.slice(h); s = s.slice(0, h); }
    const q = s.indexOf('?');
    if (q >= 0) { query = s.slice(q); s = s.slice(0, q); }
    return [s, query, hash];
  }
  function parseURL(input, base) {
    let s = String(input).replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '').replace(/[\t\n\r]/g, '');
    const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/s.exec(s);
    const u = { protocol: '', host: '', port: '', path: '', query: '', hash: '', opaque: false };
    if (m) {
      u.protocol = m[1].toLowerCase() + ':';
      let rest = m[2];
      const special = u.protocol in SPECIAL;
      if (special) rest = rest.replace(/\\/g, '/');
      if (special && base && !rest.startsWith('/') && base.protocol === u.protocol) {
        return parseURL(rest, base); // `http:foo` relative to an http base
      }
      if (u.protocol === 'file:' && rest.startsWith('///')) rest = '//localhost' + rest.slice(2);
      if (special || rest.startsWith('//')) {
        rest = rest.replace(/^\/*/, '');
        const end = rest.search(/[/?#]/);
        let auth = end < 0 ? rest : rest.slice(0, end);
        rest = end < 0 ? '' : rest.slice(end);
        const at = auth.lastIndexOf('@');
        if (at >= 0) auth = auth.slice(at + 1);
        const pm = /^(.*?)(?::(\d*))?$/.exec(auth);
        u.host = pm[1].toLowerCase();
        if (u.protocol === 'file:' && u.host === 'localhost') u.host = '';
        u.port = pm[2] || '';
        if (special && u.protocol !== 'file:' && !u.host) throw new TypeError(`Invalid URL: ${input}`);
        if (/[\s<>^|%]/.test(u.host) && !/%[0-9a-f]{2}/i.test(u.host)) throw new TypeError(`Invalid URL: ${input}`);
        if (u.port !== '' && Number(u.port) > 65535) throw new TypeError(`Invalid URL: ${input}`);
        if (SPECIAL[u.protocol] === u.port) u.port = '';
        const [p, q, h] = splitTail(rest);
        u.path = removeDots(p || '/');
        u.query = q; u.hash = h;
      } else {
        const [p, q, h] = splitTail(rest);
        u.opaque = !p.startsWith('/');
        u.path = u.opaque ? p : removeDots(p);
        u.query = q; u.hash = h;
      }
    } else {
      if (!base) throw new TypeError(`Invalid URL: ${input}`);
      const special = base.protocol in SPECIAL;
      if (special) s = s.replace(/\\/g, '/');
      if (s.startsWith('//')) return parseURL(base.protocol + s);
      if (base.opaque && s[0] !== '#') throw new TypeError(`Invalid URL: ${input}`);
      Object.assign(u, base);
      const [p, q, h] = splitTail(s);
      if (s === '') {
        u.hash = '';
      } else if (s[0] === '#') {
        u.hash = h;
      } else if (s[0] === '?') {
        u.query = q; u.hash = h;
      } else {
        u.path = p.startsWith('/') ? removeDots(p) : removeDots(base.path.slice(0, base.path.lastIndexOf('/') + 1) + p);
        u.query = q; u.hash = h;
      }
    }
    u.path = escapeRaw(u.path);
    u.query = escapeRaw(u.query).replace(/'/g, u.protocol in SPECIAL ? '%27' : "'");
    u.hash = escapeRaw(u.hash);
    if (u.query === '?') u.query = '';
    if (u.hash === '#') u.hash = '';
    return u;
  }
  const PARTS = Symbol('parts');
  class URL {
    constructor(url, base) {
      const b = base === undefined ? null : base instanceof URL ? base[PARTS] : parseURL(base, null);
      this[PARTS] = parseURL(url instanceof URL ? url.href : url, b);
      this._sp = null;
    }
    static canParse(url, base) { try { new URL(url, base); return true; } catch (e) { return false; } }
    get _query() { return this[PARTS].query; }
    set _query(q) { this[PARTS].query = q; }
    get protocol() { return this[PARTS].protocol; }
    get username() { return ''; }
    get password() { return ''; }
    get hostname() { return this[PARTS].host; }
    get port() { return this[PARTS].port; }
    get host() { const p = this[PARTS]; return p.port ? `${p.host}:${p.port}` : p.host; }
    get origin() { return this.protocol in SPECIAL && this.protocol !== 'file:' ? `${this.protocol}//${this.host}` : 'null'; }
    get pathname() { return this[PARTS].path; }
    set pathname(v) { const p = this[PARTS]; if (!p.opaque) p.path = escapeRaw(removeDots(String(v).startsWith('/') ? String(v) : '/' + v)); }
    get search() { return this[PARTS].query; }
    set search(v) { v = String(v); this[PARTS].query = v === '' || v === '?' ? '' : escapeRaw(v[0] === '?' ? v : '?' + v); if (this._sp) this._sp._parse(this[PARTS].query); }
    get hash() { return this[PARTS].hash; }
    set hash(v) { v = String(v); this[PARTS].hash = v === '' || v === '#' ? '' : escapeRaw(v[0] === '#' ? v : '#' + v); }
    get searchParams() {
      if (!this._sp) { this._sp = new URLSearchParams(this.search); this._sp[OWNER] = this; }
      return this._sp;
    }
    get href() {
      const p = this[PARTS];
      const auth = p.protocol in SPECIAL || p.host ? '//' + this.host : '';
      return `${p.protocol}${auth}${p.path}${p.query}${p.hash}`;
    }
    set href(v) { this[PARTS] = parseURL(v, null); if (this._sp) this._sp._parse(this[PARTS].query); }
    toString() { return this.href; }
    toJSON() { return this.href; }
  }
  define('URL', URL);

  // ---- location and history (memory) -------------------------------------
  const task = (fn) => g.setTimeout(fn, 0);
  let current = new URL(native.documentPath || '/', ORIGIN + '/');
  const entries = [{ url: current.href, state: null }];
  let index = 0;
  const sameOrigin = (u) => u.origin === ORIGIN;
  function fireTraversal(oldHref, state) {
    const old = new URL(oldHref);
    g.dispatchEvent(new PopStateEvent('popstate', { state }));
    if (old.hash !== current.hash && old.pathname === current.pathname && old.search === current.search) {
      g.dispatchEvent(new HashChangeEvent('hashchange', { oldURL: oldHref, newURL: current.href }));
    }
  }
  function navigate(to, replace) {
    const u = new URL(String(to), current.href);
    const before = current.href;
    const docOnly = sameOrigin(u) && u.pathname === current.pathname && u.search === current.search;
    if (!docOnly || u.hash === '' && current.hash === '') {
      throw new Error(`Reel: loading a new document (${u.href}) is not supported under the native host; ` +
        'navigate within the app with history.pushState (a router does) or change location.hash');
    }
    if (u.href === before) return;
    if (replace) entries[index] = { url: u.href, state: null };
    else { entries.splice(index + 1); entries.push({ url: u.href, state: null }); index++; }
    current = u;
    task(() => fireTraversal(before, null));
  }
  const location = {
    get href() { return current.href; },
    set href(v) { navigate(v, false); },
    get origin() { return current.origin; },
    get protocol() { return current.protocol; },
    get host() { return current.host; },
    get hostname() { return current.hostname; },
    get port() { return current.port; },
    get pathname() { return current.pathname; },
    set pathname(v) { const u = new URL(current.href); u.pathname = v; navigate(u.href, false); },
    get search() { return current.search; },
    set search(v) { const u = new URL(current.href); u.search = v; navigate(u.href, false); },
    get hash() { return current.hash; },
    set hash(v) { const u = new URL(current.href); u.hash = v; navigate(u.href, false); },
    assign(v) { navigate(v, false); },
    replace(v) { navigate(v, true); },
    reload() { throw new Error('Reel: location.reload() is not supported under the native host (a run is one page load)'); },
    toString() { return current.href; },
    get ancestorOrigins() { return []; },
  };
  function setEntry(state, url, replace, what) {
    let u = current;
    if (url !== undefined && url !== null) {
      u = new URL(String(url), current.href);
      if (!sameOrigin(u)) {
        const e = new Error(`history.${what}: ${u.href} is not of this document's origin ${ORIGIN}`);
        e.name = 'SecurityError';
        throw e;
      }
    }
    const entry = { url: u.href, state: state === undefined ? null : state };
    if (replace) entries[index] = entry;
    else { entries.splice(index + 1); entries.push(entry); index++; }
    current = new URL(u.href);
  }
  const history = {
    get length() { return entries.length; },
    get state() { return entries[index].state; },
    scrollRestoration: 'auto',
    pushState(state, unused, url) { setEntry(state, url, false, 'pushState'); },
    replaceState(state, unused, url) { setEntry(state, url, true, 'replaceState'); },
    go(delta) {
      const d = Math.trunc(Number(delta) || 0);
      if (d === 0) return; // a reload: nothing to do in memory
      // As in a browser, the traversal happens in a task, then popstate.
      task(() => {
        const to = index + d;
        if (to < 0 || to >= entries.length) return;
        const before = current.href;
        index = to;
        current = new URL(entries[index].url);
        fireTraversal(before, entries[index].state);
      });
    },
    back() { this.go(-1); },
    forward() { this.go(1); },
  };
  define('location', location);
  define('history', history);

  // ---- storage (memory, per run) ------------------------------------------
  class Storage {
    constructor() { Object.defineProperty(this, '_m', { value: new Map() }); }
    get length() { return this._m.size; }
    key(i) { const k = Array.from(this._m.keys())[i]; return k === undefined ? null : k; }
    getItem(k) { const v = this._m.get(String(k)); return v === undefined ? null : v; }
    setItem(k, v) { this._m.set(String(k), String(v)); }
    removeItem(k) { this._m.delete(String(k)); }
    clear() { this._m.clear(); }
  }
  define('Storage', Storage);
  define('localStorage', new Storage());
  define('sessionStorage', new Storage());

  // ---- navigator ----------------------------------------------------------
  define('navigator', Object.freeze({
    userAgent: `Mozilla/5.0 (Reel native host; QuickJS; device ${native.deviceId}) Reel/${native.version}`,
    appName: 'Reel',
    appVersion: String(native.version),
    product: 'Reel',
    vendor: 'Reel',
    platform: 'Reel',
    language: 'en-US',
    languages: Object.freeze(['en-US']),
    onLine: true,
    cookieEnabled: false,
    hardwareConcurrency: 1,
    maxTouchPoints: 0,
    webdriver: false,
  }));

  // ---- document (inert) ---------------------------------------------------
  class Element extends EventTarget {
    constructor(tag, ns) {
      super();
      const t = String(tag);
      this.namespaceURI = ns === undefined ? 'http://www.w3.org/1999/xhtml' : ns;
      this.localName = t.toLowerCase();
      this.tagName = this.nodeName = this.namespaceURI === 'http://www.w3.org/1999/xhtml' ? t.toUpperCase() : t;
      this.nodeType = 1;
      this.parentNode = null;
      this.childNodes = [];
      this.style = {};
      this.dataset = {};
      this.textContent = '';
      this._attrs = new Map();
      // Bundlers' module-preload helpers ask this; modules load through the host.
      this.relList = { supports: (t) => t === 'modulepreload', contains: () => false, add() {}, remove() {} };
    }
    get children() { return this.childNodes.filter((c) => c.nodeType === 1); }
    get firstChild() { return this.childNodes[0] || null; }
    get parentElement() { return this.parentNode instanceof Element ? this.parentNode : null; }
    setAttribute(k, v) { this._attrs.set(String(k).toLowerCase(), String(v)); }
    getAttribute(k) { const v = this._attrs.get(String(k).toLowerCase()); return v === undefined ? null : v; }
    hasAttribute(k) { return this._attrs.has(String(k).toLowerCase()); }
    removeAttribute(k) { this._attrs.delete(String(k).toLowerCase()); }
    appendChild(c) { if (c.parentNode) c.parentNode.removeChild(c); this.childNodes.push(c); c.parentNode = this; return c; }
    append(...cs) { for (const c of cs) this.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); }
    insertBefore(c, ref) {
      if (c.parentNode) c.parentNode.removeChild(c);
      const i = ref ? this.childNodes.indexOf(ref) : -1;
      if (i < 0) this.childNodes.push(c); else this.childNodes.splice(i, 0, c);
      c.parentNode = this;
      return c;
    }
    removeChild(c) { const i = this.childNodes.indexOf(c); if (i >= 0) { this.childNodes.splice(i, 1); c.parentNode = null; } return c; }
    remove() { if (this.parentNode) this.parentNode.removeChild(this); }
    querySelector() { return null; }
    querySelectorAll() { return []; }
    getElementsByTagName() { return []; }
    getElementsByClassName() { return []; }
    getBoundingClientRect() { return { x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0 }; }
    focus() {}
    blur() {}
    scrollIntoView() {}
  }
  class Document extends EventTarget {
    constructor() {
      super();
      this.nodeType = 9;
      this.documentElement = new Element('html');
      this.head = this.documentElement.appendChild(new Element('head'));
      this.body = this.documentElement.appendChild(new Element('body'));
      this.title = '';
      this.readyState = 'complete';
      this.visibilityState = 'visible';
      this.hidden = false;
      this.activeElement = null;
      this.defaultView = g;
      this.characterSet = 'UTF-8';
      this.contentType = 'text/html';
    }
    get location() { return location; }
    get URL() { return location.href; }
    get documentURI() { return location.href; }
    get baseURI() { return location.href; }
    get cookie() { return ''; }
    set cookie(v) {}
    createElement(tag) { return new Element(tag); }
    createElementNS(ns, tag) { return new Element(tag, ns); }
    createTextNode(text) { return { nodeType: 3, textContent: String(text), parentNode: null }; }
    createComment(text) { return { nodeType: 8, textContent: String(text), parentNode: null }; }
    createEvent() { return new Event(''); }
    getElementById() { return null; }
    querySelector() { return null; }
    querySelectorAll() { return []; }
    getElementsByTagName() { return []; }
    getElementsByClassName() { return []; }
    hasFocus() { return true; }
  }
  const document = new Document();
  define('Element', Element);
  define('Document', Document);
  define('document', document);

  // ---- fetch (the app bundle only) ------------------------------------------
  class Headers {
    constructor(init) {
      this._m = new Map();
      if (init instanceof Headers) init.forEach((v, k) => this.append(k, v));
      else if (init && typeof init[Symbol.iterator] === 'function') for (const [k, v] of init) this.append(k, v);
      else if (init) for (const k of Object.keys(init)) this.append(k, init[k]);
    }
    append(k, v) { k = String(k).toLowerCase(); const o = this._m.get(k); this._m.set(k, o === undefined ? String(v) : `${o}, ${v}`); }
    set(k, v) { this._m.set(String(k).toLowerCase(), String(v)); }
    get(k) { const v = this._m.get(String(k).toLowerCase()); return v === undefined ? null : v; }
    has(k) { return this._m.has(String(k).toLowerCase()); }
    delete(k) { this._m.delete(String(k).toLowerCase()); }
    forEach(fn, thisArg) { for (const [k, v] of this._m) fn.call(thisArg, v, k, this); }
    *entries() { yield* this._m.entries(); }
    *keys() { yield* this._m.keys(); }
    *values() { yield* this._m.values(); }
    [Symbol.iterator]() { return this.entries(); }
  }
  const toBytes = (body) => {
    if (body == null) return new Uint8Array(0);
    if (body instanceof ArrayBuffer) return new Uint8Array(body.slice(0));
    if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer.slice(body.byteOffset, body.byteOffset + body.byteLength));
    if (body instanceof URLSearchParams) return new g.TextEncoder().encode(body.toString());
    return new g.TextEncoder().encode(String(body));
  };
  class Response {
    constructor(body, init) {
      const i = init || {};
      const status = i.status === undefined ? 200 : Number(i.status);
      if (!(status >= 200 && status <= 599) || !Number.isInteger(status)) throw new RangeError(`Response: status ${i.status} is not in 200..599`);
      this.status = status;
      this.statusText = i.statusText === undefined ? '' : String(i.statusText);
      this.headers = i.headers instanceof Headers ? i.headers : new Headers(i.headers);
      if (typeof body === 'string' && !this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
      this.url = i.url || '';
      this.type = 'basic';
      this.redirected = false;
      this._bytes = toBytes(body);
      this._used = false;
    }
    get ok() { return this.status >= 200 && this.status < 300; }
    get bodyUsed() { return this._used; }
    _take(what) {
      if (this._used) return Promise.reject(new TypeError(`Response.${what}: the body was already read`));
      this._used = true;
      return Promise.resolve(this._bytes);
    }
    arrayBuffer() { return this._take('arrayBuffer').then((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength)); }
    bytes() { return this._take('bytes').then((b) => new Uint8Array(b)); }
    text() { return this._take('text').then((b) => new g.TextDecoder().decode(b)); }
    json() {
      return this.text().then((t) => {
        try { return JSON.parse(t); } catch (e) { throw new SyntaxError(`Response.json (${this.url || 'response'}): ${e.message}`); }
      });
    }
    clone() {
      if (this._used) throw new TypeError('Response.clone: the body was already read');
      const r = new Response(this._bytes, { status: this.status, statusText: this.statusText, headers: new Headers(this.headers), url: this.url });
      return r;
    }
    static json(data, init) {
      const h = new Headers(init && init.headers);
      if (!h.has('content-type')) h.set('content-type', 'application/json');
      return new Response(JSON.stringify(data), Object.assign({}, init, { headers: h }));
    }
  }
  const MIME = {
    json: 'application/json', js: 'text/javascript', mjs: 'text/javascript', html: 'text/html', htm: 'text/html',
    css: 'text/css', txt: 'text/plain', svg: 'image/svg+xml', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg',
    webp: 'image/webp', gif: 'image/gif', ttf: 'font/ttf', otf: 'font/otf', woff: 'font/woff', woff2: 'font/woff2',
    wasm: 'application/wasm', xml: 'application/xml',
  };
  function fetch(input, init) {
    return new Promise((resolve, reject) => {
      const raw = input instanceof URL ? input.href : input && typeof input === 'object' && 'url' in input ? input.url : input;
      let url;
      try { url = new URL(String(raw), location.href); } catch (e) {
        reject(new TypeError(`fetch: ${raw} is not a valid URL`));
        return;
      }
      const method = String((init && init.method) || (input && typeof input === 'object' && input.method) || 'GET').toUpperCase();
      if (!sameOrigin(url)) {
        reject(new TypeError(`fetch ${url.href}: refused: under the Reel native host an app may fetch only files of its own bundle ` +
          `(${ORIGIN}/... or a path such as /api/home.json); no network, no other files`));
        return;
      }
      if (method !== 'GET' && method !== 'HEAD') {
        reject(new TypeError(`fetch ${url.href}: ${method} refused: the app bundle is read-only (GET and HEAD only)`));
        return;
      }
      let buf;
      try { buf = native.readBundle(url.pathname); } catch (e) {
        reject(new TypeError(`fetch ${url.href}: refused: ${e.message}`));
        return;
      }
      if (buf === null || buf === undefined) {
        resolve(new Response(`Not Found: ${url.pathname}`, { status: 404, statusText: 'Not Found', url: url.href }));
        return;
      }
      const ext = (/\.([a-z0-9]+)$/i.exec(url.pathname) || [])[1];
      const headers = new Headers({
        'content-type': MIME[ext && ext.toLowerCase()] || 'application/octet-stream',
        'content-length': String(buf.byteLength),
      });
      resolve(new Response(method === 'HEAD' ? null : buf, { status: 200, statusText: 'OK', headers, url: url.href }));
    });
  }
  define('Headers', Headers);
  define('Response', Response);
  define('fetch', fetch);
})
