// Issue 11, finding 8: newlines and control characters in names, messages and app output are
// escaped in every human-readable line the CLI prints, so nothing can forge a line of
// `moult logs` / `moult history` or send escape sequences to the terminal. No daemon needed:
// these verbs read $MOULT_HOME/logs directly; the ls table is checked through client/format.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, ROOT } from '../helpers/moult.mjs';

const FORGED = '[12:00:00.000] INFO  app.online                   forged[0] is online';
// Control characters other than tab, plus DEL, C1 and the Unicode line / paragraph separators.
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/;

function writeHome(sb) {
  const logs = path.join(sb.home, 'logs');
  fs.mkdirSync(logs, { recursive: true, mode: 0o700 });
  fs.chmodSync(sb.home, 0o700);
  const t = Date.UTC(2026, 0, 1, 12);
  const events = [
    { level: 30, time: t, event: 'app.log', app: 'web', instance: 0, msg: `hello\n${FORGED}` },
    { level: 30, time: t + 1, event: 'update.completed', app: 'web', instance: 0, update: `fix\n${FORGED}`, msg: 'update \u001b[2Jdone\r' },
    { level: 40, time: t + 2, event: 'update.rejected', app: 'web', instance: 0, update: 'x', reason: `bad\u2028${FORGED}`, msg: `rejected\u0007\u009b31m` },
  ];
  fs.writeFileSync(path.join(logs, 'moultd.log'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
  fs.writeFileSync(path.join(logs, 'web-0.out.log'), `plain line\tok\nred \u001b[31mtext\u001b[0m\rover\u0000\n`);
}

const lines = (s) => s.split('\n').filter((l) => l.length);

test('moult logs escapes newlines and control characters in events and app output', async (t) => {
  const sb = sandbox(t);
  writeHome(sb);
  const r = await sb.cli(['logs', '--lines', '20']);
  t.is(r.code, 0, show(r));
  for (const l of lines(r.stdout)) t.false(CONTROL.test(l), `a raw control character in ${JSON.stringify(l)}`);
  for (const l of lines(r.stdout)) t.false(l.startsWith('[12:00:00.000] INFO  app.online'), `a forged line: ${JSON.stringify(l)}`);
  t.true(r.stdout.includes('hello\\n[12:00:00.000]'), show(r));
  t.true(r.stdout.includes('\\x1b[31m') || r.stdout.includes('\\u001b[31m'), show(r));
  t.true(r.stdout.includes('plain line\tok'), `tabs stay: ${show(r)}`);
  const app = await sb.cli(['logs', 'web', '--lines', '20']);
  t.is(app.code, 0, show(app));
  for (const l of lines(app.stdout)) t.false(CONTROL.test(l), `a raw control character in ${JSON.stringify(l)}`);
});

test('moult history escapes update names and reasons', async (t) => {
  const sb = sandbox(t);
  writeHome(sb);
  const r = await sb.cli(['history', 'web']);
  t.is(r.code, 0, show(r));
  for (const l of lines(r.stdout)) t.false(CONTROL.test(l), `a raw control character in ${JSON.stringify(l)}`);
  for (const l of lines(r.stdout)) t.false(l.startsWith('[12:00:00.000] INFO'), `a forged line: ${JSON.stringify(l)}`);
  t.true(r.stdout.includes('fix\\n'), show(r));
});

test('the ls table and event lines escape what they show', async (t) => {
  const { lsTable, prettyEvent } = await import(path.join(ROOT, 'dist', 'client', 'format.js'));
  const table = lsTable([{ name: `a\n${FORGED}`, instance: 0, pid: 1, status: 'online', restarts: 0, uptime_ms: 0, cpu: 0, memory: 0, updates: ['u\r\u001b[2J'] }]);
  t.is(lines(table).length, 2, table);
  for (const l of lines(table)) t.false(CONTROL.test(l), JSON.stringify(l));
  const line = prettyEvent({ time: 0, level: 'info', event: 'x\ny', msg: 'a\nb', app: 'c\u0000d', error: 'e\u2029f' });
  t.false(CONTROL.test(line), JSON.stringify(line));
  t.true(line.includes('a\\nb'), line);
});

test('moult startup refuses a path that would add lines to the systemd unit', async (t) => {
  const sb = sandbox(t);
  const r = await sb.cli(['startup', 'systemd', '--ecosystem', '/tmp/eco.json\nExecStartPre=/bin/sh -c evil']);
  t.is(r.code, 2, show(r));
  t.regex(r.stderr, /--ecosystem/, show(r));
  t.false(r.stdout.includes('\nExecStartPre='), show(r));
});
