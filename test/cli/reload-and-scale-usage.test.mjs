// SPEC 2: `reload <app|all>` and `scale <app> <n>` have help, and bad arguments exit 2 naming the
// culprit before any daemon is started.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show } from '../helpers/moult.mjs';

test('reload and scale: help, and bad usage exits 2 naming the argument, no daemon started', async (t) => {
  const sb = sandbox(t);
  // reload takes several targets, as pm2's (issue 21).
  for (const [verb, usage] of [['reload', /moult reload <targets\.\.>/], ['scale', /moult scale <app>/]]) {
    const r = await sb.cli([verb, '--help']);
    t.is(r.code, 0, show(r));
    t.regex(r.stdout, usage, show(r));
  }
  for (const [args, culprit] of [[['scale', 'web', 'two'], /<n>.*"two"/], [['scale', 'web', '0'], /<n>/], [['scale', 'web'], /missing <n>/], [['reload'], /missing <targets>/]]) {
    const r = await sb.cli(args);
    t.is(r.code, 2, `${args.join(' ')}: ${show(r)}`);
    t.regex(r.stderr, culprit, show(r));
  }
  t.false(fs.existsSync(path.join(sb.home, 'moultd.sock')), 'no daemon may be started');
});
