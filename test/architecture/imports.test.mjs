// The picture of README "Design choices" kept true by reading the imports of every source file
// (typescript's preProcessFile: every `import`, `export … from`, `import()` and `require()`,
// type-only ones included, since a type-only circle is still a circle for the reader):
// - the parts: daemon/, client/ and runtime/ never import each other; protocol/ imports no part;
//   config/ imports only protocol/;
// - no import circle anywhere;
// - runtime/'s folders are floors: a file imports only from its own floor or lower ones;
// - a part names another part's file by path only in protocol/package-files.ts.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { ROOT } from '../helpers/moult.mjs';

const ts = createRequire(import.meta.url)('typescript');
const PARTS = ['protocol', 'config', 'daemon', 'client', 'runtime'];
/** What each part may import besides itself. */
const MAY_IMPORT = { protocol: [], config: ['protocol'], daemon: ['protocol', 'config'], client: ['protocol', 'config'], runtime: ['protocol'] };
/** runtime/'s floors, lowest first; files at runtime/'s top (index, preload, updates) stand above them all. */
const RUNTIME_FLOORS = ['core', 'instrument', 'liveedit', 'dsu', 'mechanisms', 'patch', 'host'];

function sources() {
  const out = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (/\.m?ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(rel);
    }
  };
  for (const p of PARTS) walk(p);
  return out;
}

const FILES = sources();
const KNOWN = new Set(FILES);

/** The project file a relative specifier of `from` names, or null (a package, a builtin, a .d.ts or a .json). */
function target(from, spec) {
  if (!spec.startsWith('.')) return null;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec)).replace(/\.(c|m)?js$/, '');
  for (const c of [`${base}.ts`, `${base}.mts`, `${base}/index.ts`]) if (KNOWN.has(c)) return c;
  return null;
}

const EDGES = new Map(FILES.map((f) => {
  const info = ts.preProcessFile(fs.readFileSync(path.join(ROOT, f), 'utf8'), true, true);
  const specs = info.importedFiles.map((i) => i.fileName);
  return [f, [...new Set(specs.map((s) => target(f, s)).filter(Boolean))]];
}));

const partOf = (f) => f.split('/')[0];
const floorOf = (f) => {
  const [, second, third] = f.split('/');
  return third === undefined ? RUNTIME_FLOORS.length : RUNTIME_FLOORS.indexOf(second);
};

test('the source files are found and their imports read', (t) => {
  t.true(FILES.length > 100, `only ${FILES.length} files found under ${PARTS.join(', ')}`);
  t.true([...EDGES.values()].flat().length > 200);
});

test('daemon, client and runtime never import each other; protocol imports no part; config only protocol', (t) => {
  const bad = [];
  for (const [f, tos] of EDGES) {
    for (const to of tos) {
      const [a, b] = [partOf(f), partOf(to)];
      if (a !== b && !MAY_IMPORT[a].includes(b)) bad.push(`${f} → ${to}`);
    }
  }
  t.deepEqual(bad, []);
});

test('no import circle, type-only imports included', (t) => {
  const circles = [];
  const state = new Map(); // 1: on the current path, 2: done
  const stack = [];
  const visit = (f) => {
    state.set(f, 1);
    stack.push(f);
    for (const to of EDGES.get(f)) {
      if (state.get(to) === 1) circles.push([...stack.slice(stack.indexOf(to)), to].join(' → '));
      else if (!state.has(to)) visit(to);
    }
    stack.pop();
    state.set(f, 2);
  };
  for (const f of FILES) if (!state.has(f)) visit(f);
  t.deepEqual(circles, []);
});

test("runtime's folders are floors: nothing imports from a floor above its own", (t) => {
  const unknown = FILES.filter((f) => partOf(f) === 'runtime' && floorOf(f) === -1);
  t.deepEqual(unknown, [], `runtime folders must be one of ${RUNTIME_FLOORS.join(', ')}`);
  const upward = [];
  for (const [f, tos] of EDGES) {
    if (partOf(f) !== 'runtime') continue;
    for (const to of tos) if (partOf(to) === 'runtime' && floorOf(to) > floorOf(f)) upward.push(`${f} → ${to}`);
  }
  t.deepEqual(upward, []);
});

test("a part names another part's file by path only in protocol/package-files.ts", (t) => {
  const part = new RegExp(`__dirname[^;\\n]*['"](\\.\\.\\/)*(${PARTS.join('|')}|bin)['"/]`);
  const bad = FILES.filter((f) => f !== 'protocol/package-files.ts' && part.test(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  t.deepEqual(bad, []);
});
