// What the daemon accepts of an update before anything of it is stored or sent, and why it refuses
// the rest (daemon/updates/prepare.ts, SPEC 8 Trust, issue 16 items 2-3), without a daemon or an
// app: each case is the update's files in a temp folder (as `moult update web fix.js` names them),
// the daemon's trusted_keys, how it was signed (with `moult update --sign`'s own signFile) and
// what changed after, and either what goes to the app (the entry, the local files of its unit) or
// the refusal: the reason in the update.rejected line and the error the sender gets. Refusals go
// through a `reject` that throws DaemonError EBADFILE, as UpdateRouter.route's does. Which instances
// an update is sent to is the ledger's (daemon/updates/ledger.ts: members of the app's release),
// shown with processes by the one-version scenario tests of test/daemon/.
// test/daemon/ keeps what needs a daemon (update.rejected in moultd.log, replays after a restart).
import test from 'ava';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = (file) => require(path.join(root, 'dist', file));
const { prepareUpdate } = dist('daemon/updates/prepare.js');
const { DaemonError } = dist('daemon/control/errors.js');
const { keygen, signFile } = dist('client/fleet/keygen.js');
const { MAX_UPDATE_SOURCE_BYTES } = dist('protocol/limits.js');

const HANDLER = "module.exports.update = (ctx) => ctx.redefine('render', () => 'v2');\n";
const UNIT_HEADER = '//moult-unit v1\n';

// files, keys, signing → accepted (what the app gets) or refused (reason; message).
const CASES = [
  { name: 'a CommonJS update: accepted as written', files: { 'fix.js': HANDLER }, accepted: { files: [] } },
  { name: 'an ES module update (.mjs): accepted', files: { 'fix.mjs': "export function update(ctx) { ctx.log('v2'); }\n" }, entry: 'fix.mjs', accepted: { files: [] } },
  { name: 'a .js that parses only as an ES module: accepted', files: { 'fix.js': "import os from 'node:os';\nexport const update = () => os.EOL;\n" }, accepted: { files: [] } },
  { name: 'a package it requires is the app\'s: not part of the update', files: { 'fix.js': "const express = require('express');\n" + HANDLER }, accepted: { files: [] } },
  {
    name: 'the local files it loads go with it, transitively (one unit)',
    files: { 'fix.js': "const h = require('./lib/helper');\n" + HANDLER, 'lib/helper.js': "module.exports = require('../util.mjs');\n", 'util.mjs': 'export const x = 1;\n', 'unused.js': 'module.exports = 0;\n' },
    accepted: { files: ['lib/helper.js', 'util.mjs'], unit: true },
  },
  { name: 'a local JSON file it loads goes with it, as data', files: { 'fix.js': "const d = require('./data.json');\n" + HANDLER, 'data.json': '{"v": 2}' }, accepted: { files: ['data.json'], unit: true } },
  {
    name: 'a syntax error: refused with file:line:column, quoting nothing of the file',
    files: { 'fix.js': "const password = 'hunter2';\npassword is not javascript\n" },
    refused: { reason: /^syntax error: .* \(.*fix\.js:2:\d+\)$/, absent: 'hunter2' },
  },
  { name: 'a local file with a syntax error: refused, naming that file', files: { 'fix.js': "require('./helper');\n" + HANDLER, 'helper.js': 'module.exports = {;\n' }, refused: { reason: /^syntax error: .*helper\.js:1:\d+\)$/ } },
  { name: 'a TypeScript update: its types are stripped', files: { 'fix.ts': 'export function update(ctx: { log(s: string): void }): void { ctx.log("v2"); }\n' }, entry: 'fix.ts', accepted: { files: [], source: (s) => !s.includes(': void') && s.includes('ctx.log("v2")') } },
  { name: 'a TypeScript update that does not parse: refused', files: { 'fix.ts': 'export function update(ctx: ): void {\n' }, entry: 'fix.ts', refused: { reason: /fix\.ts.*syntax error/ } },
  { name: 'a file that does not exist: refused as unreadable', files: {}, refused: { reason: /^unreadable: ENOENT/, message: /^cannot read update file .*fix\.js/ } },
  { name: 'a file over the frame limit: refused as too large, without reading it', files: { 'fix.js': { size: MAX_UPDATE_SOURCE_BYTES + 1024 * 1024 } }, refused: { reason: /^too large: 16\.94 MiB, over the limit of 15\.94 MiB \(it must fit in one frame\)$/ } },
  { name: 'trusted_keys set, no signature: refused (bad signature)', files: { 'fix.js': HANDLER }, trust: ['trusted'], refused: { reason: /^bad signature$/, message: /bad signature \(daemon\.trusted_keys is set\)$/ } },
  { name: 'trusted_keys set, signed with a trusted key: accepted', files: { 'fix.js': HANDLER }, trust: ['trusted'], signedBy: 'trusted', accepted: { files: [] } },
  { name: 'trusted_keys set, signed with one of two trusted keys: accepted', files: { 'fix.js': HANDLER }, trust: ['other', 'trusted'], signedBy: 'trusted', accepted: { files: [] } },
  { name: 'trusted_keys set, signed with a key it does not trust: refused', files: { 'fix.js': HANDLER }, trust: ['trusted'], signedBy: 'other', refused: { reason: /^bad signature$/ } },
  { name: 'no trusted_keys: a signature is neither needed nor checked', files: { 'fix.js': HANDLER }, signedBy: 'other', after: { 'fix.js': HANDLER + '// changed\n' }, accepted: { files: [] } },
  { name: 'the update changed after signing: refused', files: { 'fix.js': HANDLER }, trust: ['trusted'], signedBy: 'trusted', after: { 'fix.js': HANDLER + '// changed\n' }, refused: { reason: /^bad signature$/ } },
  {
    name: 'a local file changed after signing: refused, saying what the signature covers (audit row 6.4)',
    files: { 'fix.js': "require('./helper');\n" + HANDLER, 'helper.js': 'module.exports = 1;\n' },
    trust: ['trusted'], signedBy: 'trusted', after: { 'helper.js': 'module.exports = 2;\n' },
    refused: { reason: /^bad signature$/, message: /it covers the update with the 1 local file\(s\) it loads \(helper\.js\): sign them together with `moult update --sign`/ },
  },
  {
    name: 'a replay after a restart: the recorded unit is sent, not the file as it is now, and not checked again',
    files: { 'fix.js': 'this file changed since and no longer parses\n' }, trust: ['trusted'],
    job: { replay: { source: `${UNIT_HEADER}${JSON.stringify({ source: HANDLER, files: { 'helper.js': 'module.exports = 1;\n' } })}`, update_id: 'u-1' } },
    accepted: { files: ['helper.js'], unit: true, source: (s) => s === HANDLER },
  },
  { name: 'a replay whose record is not a valid unit: refused', files: {}, job: { replay: { source: `${UNIT_HEADER}{not json`, update_id: 'u-1' } }, refused: { reason: /^not a valid update unit \(its JSON does not parse\)$/ } },
  {
    name: 'a patch: one module\'s source, whose requires are the app\'s own files (not collected)',
    files: { 'lib.js': "const h = require('./helper');\nfunction render() { return h(2); }\nmodule.exports = { render };\n", 'helper.js': 'module.exports = (x) => x;\n' },
    entry: 'lib.js', job: { patch: { target: 'lib.js' } }, accepted: { files: [] },
  },
  { name: 'a patch with a syntax error: refused', files: { 'lib.js': 'function render() { return 2;\n' }, entry: 'lib.js', job: { patch: { target: 'lib.js' } }, refused: { reason: /^syntax error: .*lib\.js:\d+:\d+\)$/ } },
  {
    name: 'a fleet release whose tarball signature was checked: its manifest is taken as built',
    files: {}, trust: ['trusted'], entry: 'web-1.2.0', job: { release: { source: '{"files":[]}', record: {}, signatureChecked: true } },
    accepted: { files: [], source: (s) => s === '{"files":[]}' },
  },
];

/** A folder with the update's files, the keys, and the signature as the case says. */
function setUp(t, c) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-unit-admission-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (files) => {
    for (const [rel, content] of Object.entries(files)) {
      const file = path.join(dir, 'upd', rel);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, typeof content === 'string' ? content : '');
      if (content.size !== undefined) fs.truncateSync(file, content.size); // sparse: nothing in it to read
    }
  };
  write(c.files);
  const keys = Object.fromEntries(['trusted', 'other'].map((name) => [name, keygen(path.join(dir, 'keys'), name)]));
  const entry = path.join(dir, 'upd', c.entry ?? 'fix.js');
  if (c.signedBy) signFile(entry, keys[c.signedBy].privateFile, c.job?.patch ? 'patch' : 'update');
  if (c.after) write(c.after);
  return { entry, trusted: (c.trust ?? []).map((k) => keys[k].publicRaw) };
}

/** prepareUpdate() as UpdateRouter.route() calls it: the refusal's reason, or what goes to the app. */
function admit(c, entry, trusted) {
  const job = { app: 'web', file: entry, wait: true, timeoutMs: 10_000, ...c.job };
  let reason = null;
  const reject = (why, message) => {
    reason = why;
    throw new DaemonError('EBADFILE', message);
  };
  try {
    return { prepared: prepareUpdate(job, trusted, reject) };
  } catch (err) {
    if (reason === null) throw err;
    return { reason, error: err };
  }
}

for (const c of CASES) {
  test(`update admission: ${c.name}`, (t) => {
    const { entry, trusted } = setUp(t, c);
    const got = admit(c, entry, trusted);
    if (c.refused) {
      t.is(got.prepared, undefined, 'refused');
      t.regex(got.reason, c.refused.reason);
      t.is(got.error.code, 'EBADFILE');
      if (c.refused.message) t.regex(got.error.message, c.refused.message);
      if (c.refused.absent) t.false(`${got.reason}\n${got.error.message}`.includes(c.refused.absent), 'nothing of the file is quoted');
      return;
    }
    t.is(got.reason, undefined, `accepted, not refused: ${got.reason}`);
    const p = got.prepared;
    t.deepEqual(Object.keys(p.files).sort(), c.accepted.files, 'the local files that go with it');
    t.is(p.original.startsWith(UNIT_HEADER), c.accepted.unit === true, 'kept as a unit only with local files');
    t.regex(p.sha256, /^[0-9a-f]{64}$/);
    if (c.accepted.source) t.true(c.accepted.source(p.source), `what the app loads: ${p.source}`);
    else t.is(p.source, fs.readFileSync(entry, 'utf8'), 'what the app loads is the file as verified');
  });
}
