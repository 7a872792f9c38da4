// Issue 20: one error base (MoultError) with one registry of codes (protocol/errors.ts), shared by
// the CLI, the API, the daemon and the runtime. A code means the same wherever it surfaces, and the
// CLI's exit status for it (SPEC 2: 2 bad input, 1 failed) comes from the registry.
import test from 'ava';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const dist = (p) => require(path.join(ROOT, 'dist', p));
const { ERROR_CODES, exitCodeOf, isErrorCode, MoultError } = dist('protocol/errors.js');

function sources(dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) sources(p, out);
    else if (/\.m?ts$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

test('every code the sources raise is registered, and every registered code is raised somewhere', (t) => {
  const text = ['protocol', 'config', 'daemon', 'client', 'runtime']
    .flatMap((d) => sources(path.join(ROOT, d)))
    .filter((f) => !f.endsWith(path.join('protocol', 'errors.ts')))
    .map((f) => fs.readFileSync(f, 'utf8'))
    .join('\n');
  const raised = new Set([...text.matchAll(/new (?:MoultError|DaemonError|MoultRuntimeError|CliError)\([^;]*?'(E[A-Z]+)'/g)].map((m) => m[1]));
  t.true(raised.size > 10, `found the raising sites: ${[...raised]}`);
  for (const code of raised) t.true(isErrorCode(code), `${code} is raised but not in ERROR_CODES`);
  for (const code of Object.keys(ERROR_CODES)) t.true(text.includes(`'${code}'`), `${code} is registered but never raised`);
});

const exits = [
  ['EUSAGE', 2], ['ENOAPP', 2], ['EBADFILE', 2], ['EBADFRAME', 2], ['ECONFIG', 2],
  ['EFAILED', 1], ['ENOTRUNNING', 1], ['ERELOAD', 1], ['ECLOSED', 1], ['EPATCH', 1],
  ['ENOSUCHCODE', 1], ['ENOENT', 1],
];
for (const [code, exit] of exits) {
  test(`the CLI exits ${exit} for ${code}`, (t) => {
    t.is(exitCodeOf(code), exit);
    if (isErrorCode(code)) t.is(dist('client/errors.js').CliError.fromDaemon({ code, message: 'm' }).exitCode, exit);
  });
}

test('a refusal from a newer daemon with a code this client does not know is a failure (exit 1, EFAILED)', (t) => {
  const e = dist('client/errors.js').CliError.fromDaemon({ code: 'EFROMTHEFUTURE', message: 'something new' });
  t.is(e.exitCode, 1);
  t.is(e.code, 'EFAILED');
  t.is(e.message, 'something new');
});

test('the config loader, the daemon, the CLI and the runtime all raise MoultError, the one the API exports', (t) => {
  const api = require(path.join(ROOT, 'dist', 'client', 'api.js'));
  t.is(api.MoultError, MoultError);
  const dir = fs.mkdtempSync(path.join(ROOT, 'node_modules', '.cache-errors-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const bad = path.join(dir, 'eco.json');
  fs.writeFileSync(bad, JSON.stringify({ apps: [{ name: 'a', script: 'a.js', instances: -3 }] }));
  const { loadEcosystem } = dist('config/ecosystem.js');
  const err = t.throws(() => loadEcosystem(bad));
  t.true(err instanceof MoultError, String(err));
  t.is(err.code, 'ECONFIG');
  t.true(err.message.includes(bad), err.message);
  for (const [file, name, args] of [
    ['daemon/control/errors.js', 'DaemonError', ['ENOAPP', 'no app named x']],
    ['runtime/core/errors.js', 'MoultRuntimeError', ['EPATCH', 'cannot patch']],
    ['client/errors.js', 'CliError', [2, 'bad option']],
  ]) {
    const e = new (dist(file)[name])(...args);
    t.true(e instanceof MoultError, name);
    t.is(e.name, name);
    t.true(isErrorCode(e.code), `${name}: ${e.code}`);
  }
});
