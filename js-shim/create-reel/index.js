#!/usr/bin/env node
// create-reel — scaffolds a Reel TV app: Vite 7, TypeScript, a 1920x1080
// home screen with rows of posters, D-pad focus, a details page and a
// route between them; templates solid | react | js.
//
//   node js-shim/create-reel/index.js my-app --template solid   (from the repo, offline)
//   npm create reel@latest my-app -- --template react            (published)
//
// Options:
//   --template, -t NAME   solid (default) | react | js
//   --shim SPEC           where @reel/shim comes from: a packed .tgz or a
//                         directory becomes a `file:` dependency (absolute
//                         path); default: the published `@reel/shim@^VERSION`
//   --force               write into a directory that is not empty
//   --help, -h
//
// Why it is this small: a scaffolder is a copy with three substitutions
// (the app name, the @reel/shim dependency, `_gitignore` -> `.gitignore`,
// since npm drops .gitignore files from packages). It never touches the
// network and never runs npm; the next steps are printed.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const TEMPLATES = ['solid', 'react', 'js'];
const USAGE = `usage: create-reel <dir> [--template solid|react|js] [--shim <file.tgz|dir>] [--force]`;

/** A usage or input problem: printed without a stack, exit 2. */
class UsageError extends Error {}

export function parseArgs(argv) {
  const o = { dir: null, template: 'solid', shim: null, force: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined || v === '') throw new UsageError(`${a.split('=')[0]} needs a value\n${USAGE}`);
      return v;
    };
    if (a === '--help' || a === '-h') o.help = true;
    else if (a === '--force') o.force = true;
    else if (a === '--template' || a === '-t' || a.startsWith('--template=')) o.template = value();
    else if (a === '--shim' || a.startsWith('--shim=')) o.shim = value();
    else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}\n${USAGE}`);
    else if (o.dir === null) o.dir = a;
    else throw new UsageError(`one directory only (got ${o.dir} and ${a})\n${USAGE}`);
  }
  if (!o.help && !o.dir) throw new UsageError(`no directory given\n${USAGE}`);
  if (!TEMPLATES.includes(o.template)) {
    throw new UsageError(`unknown template '${o.template}' (one of: ${TEMPLATES.join(', ')})`);
  }
  return o;
}

/** npm package names: lower case, no spaces; from the directory's name. */
export function packageName(dir) {
  const base = path.basename(path.resolve(dir));
  const name = base.toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '').replace(/-+$/, '');
  return name || 'reel-app';
}

/** The dependency spec of @reel/shim: the published range, or file: of a local tarball/dir. */
export function shimSpec(shim, cwd = process.cwd()) {
  if (!shim) {
    const v = JSON.parse(fs.readFileSync(path.join(here, '..', 'package.json'), 'utf8')).version;
    return `^${v}`;
  }
  const p = path.resolve(cwd, shim);
  if (!fs.existsSync(p)) throw new UsageError(`--shim ${shim}: no such file or directory (${p})`);
  const st = fs.statSync(p);
  if (st.isFile() && !/\.(tgz|tar\.gz)$/.test(p)) throw new UsageError(`--shim ${shim}: expected a packed .tgz (npm pack) or a directory`);
  if (st.isDirectory() && !fs.existsSync(path.join(p, 'package.json'))) {
    throw new UsageError(`--shim ${shim}: ${p} has no package.json`);
  }
  return `file:${p}`;
}

function copyDir(from, to, map) {
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(from, { withFileTypes: true })) {
    const src = path.join(from, e.name);
    const dst = path.join(to, map(e.name));
    if (e.isDirectory()) copyDir(src, dst, map);
    else fs.copyFileSync(src, dst);
  }
}

/** Writes the app; returns { dir, name, template, files }. */
export function scaffold({ dir, template = 'solid', shim = null, force = false, cwd = process.cwd() }) {
  if (!TEMPLATES.includes(template)) throw new UsageError(`unknown template '${template}' (one of: ${TEMPLATES.join(', ')})`);
  const out = path.resolve(cwd, dir);
  if (fs.existsSync(out) && fs.readdirSync(out).length > 0 && !force) {
    throw new UsageError(`${out} exists and is not empty (use --force to write into it)`);
  }
  const spec = shimSpec(shim, cwd);
  const name = packageName(out);
  const rename = (n) => (n === '_gitignore' ? '.gitignore' : n);
  copyDir(path.join(here, 'templates', 'shared'), out, rename);
  copyDir(path.join(here, 'templates', template), out, rename);
  const pkgPath = path.join(out, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgPath, 'utf8'));
  pkg.name = name;
  pkg.dependencies = { '@reel/shim': spec, ...pkg.dependencies };
  fs.writeFileSync(pkgPath, JSON.stringify(pkg, null, 2) + '\n');
  const readme = path.join(out, 'README.md');
  fs.writeFileSync(readme, fs.readFileSync(readme, 'utf8').replaceAll('{{name}}', name).replaceAll('{{template}}', template));
  return { dir: out, name, template, shim: spec };
}

async function cli(argv) {
  let o;
  try {
    o = parseArgs(argv);
    if (o.help) {
      console.log(USAGE);
      return 0;
    }
    const r = scaffold(o);
    const rel = path.relative(process.cwd(), r.dir) || '.';
    console.log(`Scaffolded ${r.name} (template ${r.template}, @reel/shim ${r.shim}) in ${r.dir}\n`);
    console.log(`Next:\n  cd ${rel}\n  npm install\n  npm run dev        # http://localhost:5173 — arrows move, Enter opens, Escape/Backspace goes back`);
    console.log(`  npm run build && npm run preview\n  npm run certify    # the build under \`reel certify\` on every device profile (needs reel: REEL_BIN or PATH)`);
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`create-reel: ${e.message}`);
      return 2;
    }
    throw e;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await cli(process.argv.slice(2));
}
