// Audit 2026-12-03, row 6.3 (issue 16, item 4): daemon.trusted_keys (and daemon.fleet) belong to
// the home, not to the command that happened to start the daemon. They were read only from the
// ecosystem given when the daemon process started, so that a daemon started by any other verb
// (`moult ls` after a crash, `resurrect`), or a `start eco.json` sent to a running daemon, applied
// unsigned updates with exit 0. Now they are kept in $MOULT_HOME/daemon.json and enforced by any
// daemon; a start whose settings differ says so and changes them only with --update-daemon.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { killDaemon, sandbox, show, startAndWaitOnline, waitFor } from '../helpers/moult.mjs';

const APP = `const { log } = require('moult/runtime');
function hello() { return 'v1'; }
setInterval(() => log(hello()), 200);
module.exports = { hello };
`;
const FIX = `const { SafeRedefineUpdate } = require('moult/runtime');
module.exports = (ctx) => new SafeRedefineUpdate(ctx.main, ctx.main.hello, () => 'fixed', { name: 'fix' });
`;

async function keygen(sb, name) {
  const r = await sb.cli(['keygen', '--out', sb.appDir, '--name', name, '--json']);
  if (r.code !== 0) throw new Error(show(r));
  return JSON.parse(r.stdout);
}

/** A sandbox with an app, two keys, and eco.json trusting the first one. */
async function trusting(t) {
  const sb = sandbox(t);
  sb.files({ 'app.js': APP, 'fix.js': FIX });
  const k1 = await keygen(sb, 'one');
  const k2 = await keygen(sb, 'two');
  const eco = (keys, name = 'eco.json') => {
    sb.files({ [name]: { apps: [{ name: 'web', script: 'app.js' }], daemon: { trusted_keys: keys } } });
    return path.join(sb.appDir, name);
  };
  return { sb, k1, k2, eco };
}

/** `moult update web fix.js` unsigned: refused with `bad signature`, exit 2, and the app untouched. */
async function refusesUnsigned(t, sb, why) {
  const r = await sb.cli(['update', 'web', 'fix.js']);
  t.is(r.code, 2, `${why}: ${show(r)}`);
  t.regex(r.stderr, /bad signature/, why);
  t.is(sb.find({ event: 'update.completed', update: 'fix' }).length, 0, `${why}: nothing applied`);
}


test('6.3 (a): after kill -9 of the daemon, a daemon started by `moult ls` still refuses unsigned updates', async (t) => {
  const { sb, k1, eco } = await trusting(t);
  await startAndWaitOnline(sb, eco([k1.publicRaw]), { apps: { web: 1 } });
  await refusesUnsigned(t, sb, 'the daemon started by start eco.json');
  await killDaemon(sb);
  const ls = await sb.cli(['ls']);
  t.is(ls.code, 0, show(ls));
  await refusesUnsigned(t, sb, 'the daemon started by moult ls');
  const settings = path.join(sb.home, 'daemon.json');
  t.is(fs.statSync(settings).mode & 0o777, 0o600, 'daemon.json is private');
});

test('6.3 (b): a daemon started by `moult ls` takes the trusted keys of the first `start eco.json`', async (t) => {
  const { sb, k1, eco } = await trusting(t);
  const ls = await sb.cli(['ls']);
  t.is(ls.code, 0, show(ls));
  await startAndWaitOnline(sb, eco([k1.publicRaw]), { apps: { web: 1 } });
  await refusesUnsigned(t, sb, 'a running daemon given trusted_keys for the first time');
});

test('6.3 (c): save, kill, resurrect: the resurrected daemon refuses unsigned updates', async (t) => {
  const { sb, k1, eco } = await trusting(t);
  await startAndWaitOnline(sb, eco([k1.publicRaw]), { apps: { web: 1 } });
  t.is((await sb.cli(['save'])).code, 0);
  t.is((await sb.cli(['kill'])).code, 0);
  const r = await sb.cli(['resurrect']);
  t.is(r.code, 0, show(r));
  await waitFor(async () => (await sb.ls()).some((i) => i.status === 'online'), 'web online again');
  await refusesUnsigned(t, sb, 'after resurrect');
});

test('6.3: a start whose daemon settings differ says so and keeps them; --update-daemon applies them', async (t) => {
  const { sb, k1, k2, eco } = await trusting(t);
  await startAndWaitOnline(sb, eco([k1.publicRaw]), { apps: { web: 1 } });
  // A second file without any key (as if someone dropped them): refused silently no more.
  const loose = await sb.cli(['start', eco([], 'loose.json')]);
  t.is(loose.code, 0, show(loose));
  t.regex(loose.stderr, /daemon\.json/, 'the warning names where the settings are kept');
  t.regex(loose.stderr, /trusted_keys/, 'and what differs');
  t.regex(loose.stderr, /--update-daemon/, 'and how to apply them');
  await refusesUnsigned(t, sb, 'after a start with a looser file');

  // Explicitly: the second key replaces the first.
  const other = await sb.cli(['start', eco([k2.publicRaw], 'other.json'), '--update-daemon']);
  t.is(other.code, 0, show(other));
  const byOne = await sb.cli(['update', 'web', 'fix.js', '--sign', k1.privateFile]);
  t.is(byOne.code, 2, `signed by the key no longer trusted: ${show(byOne)}`);
  const byTwo = await sb.cli(['update', 'web', 'fix.js', '--sign', k2.privateFile]);
  t.is(byTwo.code, 0, show(byTwo));
});
