// SPEC 2 `logs [app] [--lines N]`: the app's output and the structured events, human-readable
// (pino-pretty style, not raw JSON), the last N lines of each; it reads the files, so it works
// with no daemon running and does not start one.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
for (let i = 0; i < 10; i++) console.log('line ' + i);
console.error('oops on stderr');
log('hello from the runtime');
setInterval(() => {}, 1000);
`;
const OTHER = `console.log('other output');\nsetInterval(() => {}, 1000);\n`;

test('moult logs app --lines 5: the last 5 output lines and readable events, of that app only', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'other.js': OTHER });
  const eco = sb.ecosystem([{ name: 'app', script: 'app.js' }, { name: 'other', script: 'other.js' }]);
  await startAndWaitOnline(sb, eco, { apps: { app: 1, other: 1 } });
  await sb.waitEvent({ event: 'app.log', app: 'app', msg: 'hello from the runtime' });
  const out = path.join(sb.home, 'logs', 'app-0.out.log');
  await waitFor(() => fs.readFileSync(out, 'utf8').includes('line 9'), 'the app\'s ten lines');
  await waitFor(() => fs.readFileSync(path.join(sb.home, 'logs', 'other-0.out.log'), 'utf8').includes('other output'), 'the other app\'s line');

  const r = await sb.cli(['logs', 'app', '--lines', '5']);
  t.is(r.code, 0, show(r));
  const lines = r.stdout.split('\n').filter(Boolean);

  // The app's stdout: exactly its last five lines.
  const outLines = lines.filter((l) => /\bline \d\b/.test(l));
  t.deepEqual(outLines.map((l) => l.match(/line (\d)/)[1]), ['5', '6', '7', '8', '9'], r.stdout);
  for (const l of outLines) t.regex(l, /app\[0\]/, 'each output line says which instance wrote it');
  t.regex(r.stdout, /oops on stderr/, 'stderr is shown too');

  // Events: readable lines, never raw JSON; only this app's.
  t.deepEqual(lines.filter((l) => /^\s*\{/.test(l) || /"event"\s*:/.test(l)), [], 'no raw JSON line');
  const eventLines = lines.filter((l) => !l.startsWith('==>') && !/\| /.test(l));
  t.true(eventLines.length >= 1 && eventLines.length <= 5, `1 to 5 event lines:\n${r.stdout}`);
  for (const l of eventLines) t.regex(l, /\b(app|update|daemon)\.[a-z.]+\b/, `each event line names its event: ${l}`);
  t.regex(r.stdout, /app\.log.*hello from the runtime/, 'an app.log event shows its message');
  t.regex(r.stdout, /app\.online/);
  t.regex(r.stdout, /INFO/i, 'event lines show their level');
  t.notRegex(r.stdout, /other output/, 'the other app\'s output is not shown');
  for (const l of eventLines) t.notRegex(l, /\bother\b/, `an event of another app: ${l}`);

  // Without an app: both apps' output.
  const all = await sb.cli(['logs', '--lines', '5']);
  t.is(all.code, 0, show(all));
  t.regex(all.stdout, /other output/);
  t.regex(all.stdout, /line 9/);

  // With the daemon gone the files are still read, and no daemon is started for it.
  const k = await sb.cli(['kill']);
  t.is(k.code, 0, show(k));
  await waitFor(() => !fs.existsSync(path.join(sb.home, 'moultd.pid')), 'the daemon to exit');
  const after = await sb.cli(['logs', 'app', '--lines', '5']);
  t.is(after.code, 0, show(after));
  t.regex(after.stdout, /line 9/);
  t.regex(after.stdout, /app\.stopped|app\.exited/, 'the stop is in the events');
  t.false(fs.existsSync(path.join(sb.home, 'moultd.pid')), 'moult logs started a daemon');
});
