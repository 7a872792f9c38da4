// log_date_format / time: each line of an app's output starts with a timestamp (pm2's format
// tokens, `<stamp>: <line>`), partial writes included. merge_logs: every instance of an app writes
// one out file and one err file (logs/<app>.out.log), not one pair per instance.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const STAMPED = `process.stdout.write('one');
process.stdout.write(' line\\ntwo lines\\nin one write\\n');
console.error('an error');
setInterval(() => {}, 1000);
`;
const MERGED = `console.log('hello from ' + process.pid);
console.error('oops from ' + process.pid);
setInterval(() => {}, 1000);
`;

test('timestamps prefix app output, and merge_logs puts all instances in one pair of files', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'stamped.js': STAMPED, 'merged.js': MERGED });
  const eco = sb.ecosystem([
    { name: 'stamped', script: 'stamped.js', log_date_format: 'YYYY-MM-DD HH:mm:ss.SSS Z' },
    { name: 'timed', script: 'stamped.js', time: true },
    { name: 'merged', script: 'merged.js', instances: 2, merge_logs: true },
  ]);
  await startAndWaitOnline(sb, eco, { apps: { stamped: 1, timed: 1, merged: 2 } });
  const logs = path.join(sb.home, 'logs');
  const read = (name) => (fs.existsSync(path.join(logs, name)) ? fs.readFileSync(path.join(logs, name), 'utf8') : '');

  const custom = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d: /;
  await waitFor(() => read('stamped-0.out.log').includes('in one write'), 'stamped output');
  const out = read('stamped-0.out.log').split('\n').filter(Boolean);
  t.deepEqual(out.map((l) => l.replace(custom, '<stamp>: ')), ['<stamp>: one line', '<stamp>: two lines', '<stamp>: in one write']);
  await waitFor(() => read('stamped-0.err.log').includes('an error'), 'stamped stderr');
  t.regex(read('stamped-0.err.log'), new RegExp(`${custom.source}an error\\n$`));

  // time: true is pm2's default format, YYYY-MM-DDTHH:mm:ss.
  await waitFor(() => read('timed-0.out.log').includes('in one write'), 'timed output');
  t.regex(read('timed-0.out.log'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d: one line\n/);

  const pids = (await sb.ls()).filter((i) => i.name === 'merged').map((i) => i.pid);
  t.is(pids.length, 2);
  await waitFor(() => pids.every((p) => read('merged.out.log').includes(`hello from ${p}`) && read('merged.err.log').includes(`oops from ${p}`)), 'both instances in the merged files');
  t.false(fs.existsSync(path.join(logs, 'merged-0.out.log')), 'no per-instance file with merge_logs');
  t.false(fs.existsSync(path.join(logs, 'merged-1.out.log')), 'no per-instance file with merge_logs');

  // `moult logs` shows the merged file, with or without a daemon to ask where it is.
  for (const when of ['with the daemon', 'after moult kill']) {
    if (when === 'after moult kill') t.is((await sb.cli(['kill'])).code, 0);
    const shown = await sb.cli(['logs', 'merged', '--out', '--lines', '50']);
    t.is(shown.code, 0, shown.stderr);
    t.true(pids.every((p) => shown.stdout.includes(`hello from ${p}`)), `${when}: ${shown.stdout}`);
  }
});
