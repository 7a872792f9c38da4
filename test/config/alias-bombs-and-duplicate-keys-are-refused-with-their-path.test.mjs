// Audit rows 5.8 and 5.9: a YAML "billion laughs" (aliases expanding to billions of values) was
// refused with exit 1 and no path; a JSON file naming a key twice (`"name":"d1", …, "name":"d2"`)
// silently started the last one. Both are refused like any other mistake in the file: exit 2,
// the file and the JSON path of the culprit; nothing starts.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { config, scratch } from './helpers.mjs';
import { sandbox } from '../helpers/moult.mjs';

const { loadEcosystem, ConfigError } = config;
const dir = scratch();
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name, text) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

// Nine levels of nine aliases each: 9^9 (387 million) strings once expanded.
const levels = 'abcdefghi'.split('');
const BOMB = [
  `${levels[0]}: &${levels[0]} [${Array(9).fill('"lol"').join(', ')}]`,
  ...levels.slice(1).map((l, i) => `${l}: &${l} [${Array(9).fill(`*${levels[i]}`).join(', ')}]`),
  'apps:',
  '  - name: bomb',
  '    script: app.js',
  `    args: *${levels[8]}`,
  '',
].join('\n');

test('row 5.8: a YAML alias bomb is refused with the path where it is expanded', (t) => {
  const file = write('bomb.yaml', BOMB);
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.path, 'apps[0].args', err.message);
  t.regex(err.message, /aliases/);
});

test('row 5.8: moult start of the alias bomb exits 2 naming the file and the path', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'bomb.yaml': BOMB, 'app.js': 'setInterval(() => {}, 1000);\n' });
  const r = await sb.cli(['start', 'bomb.yaml']);
  t.is(r.code, 2, r.stderr);
  t.true(r.stderr.includes(`${path.join(sb.appDir, 'bomb.yaml')}: apps[0].args:`), r.stderr);
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), 'no daemon was started');
});

test('YAML aliases used the ordinary way (a shared env block) still load', (t) => {
  const file = write('shared.yaml', [
    'common: &common { NODE_ENV: production, LOG: info }',
    'apps:',
    ...Array.from({ length: 30 }, (_, i) => `  - { name: a${i}, script: app.js, env: *common }`),
    '',
  ].join('\n').replace('common: &common', 'x-common: &common'));
  // x-common is not a field: the file is refused for that, not for its aliases.
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.path, '["x-common"]');
  const ok = write('shared-ok.yaml', [
    'apps:',
    '  - { name: a0, script: app.js, env: &common { NODE_ENV: production, LOG: info } }',
    ...Array.from({ length: 29 }, (_, i) => `  - { name: a${i + 1}, script: app.js, env: *common }`),
    '',
  ].join('\n'));
  const eco = loadEcosystem(ok);
  t.is(eco.apps.length, 30);
  t.deepEqual(eco.apps[29].env, { NODE_ENV: 'production', LOG: 'info' });
});

test('row 5.9: a JSON key given twice is refused with its path and both places', (t) => {
  const file = write('dupkeys.json', '{"apps":[{"name":"d1","script":"app.js","name":"d2"}]}');
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.path, 'apps[0].name');
  t.regex(err.message, /duplicate key "name" \(at line 1, column 41; first at line 1, column 11\)/);
});

test('row 5.9: duplicates are found at any depth, also under an escaped spelling of the same key', (t) => {
  const file = write('dupdeep.json', '{\n  "apps": [\n    {"name": "a", "script": "app.js", "env": {"A": "1", "\\u0041": "2"}}\n  ]\n}\n');
  const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError });
  t.is(err.path, 'apps[0].env.A');
  t.regex(err.message, /line 3/);
  const top = write('duptop.json', '{"apps":[{"name":"a","script":"app.js"}],"apps":[]}');
  t.is(t.throws(() => loadEcosystem(top), { instanceOf: ConfigError }).path, 'apps');
});

test('row 5.9: moult start of a file with a duplicate key exits 2 and starts nothing', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'dup.json': '{"apps":[{"name":"d1","script":"app.js","name":"d2"}]}', 'app.js': 'setInterval(() => {}, 1000);\n' });
  const r = await sb.cli(['start', 'dup.json']);
  t.is(r.code, 2, r.stderr);
  t.true(r.stderr.includes(`${path.join(sb.appDir, 'dup.json')}: apps[0].name: duplicate key "name"`), r.stderr);
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), 'no daemon was started');
});

test('the same key in different objects is no duplicate', (t) => {
  const file = write('nodup.json', JSON.stringify({ apps: [{ name: 'a', script: 'app.js', env: { name: 'x' } }, { name: 'b', script: 'app.js' }] }));
  t.is(loadEcosystem(file).apps.length, 2);
});
