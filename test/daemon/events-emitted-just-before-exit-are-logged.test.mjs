// SPEC 4 and 9: no event may be lost. An app that logs a burst of lines and then ends at once
// (its last frames still in flight) gets every line into the structured log, in order.
import test from 'ava';
import { sandbox, startAndWaitOnline } from '../helpers/moult.mjs';

test('a burst of 500 app.log lines right before the app exits all reach the log, in order', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'app.js': `const { log } = require('moult/runtime');
setTimeout(() => { for (let i = 0; i < 500; i++) log('line ' + i + ' ' + 'x'.repeat(100)); }, 500);
` });
  const eco = sb.ecosystem([{ name: 'burst', script: 'app.js', autorestart: false }]);
  await startAndWaitOnline(sb, eco, { apps: { burst: 1 } });
  await sb.waitEvent({ event: 'app.exited', app: 'burst' });
  const lines = sb.events().filter((e) => e.event === 'app.log' && e.app === 'burst').map((e) => Number(e.msg.split(' ')[1]));
  t.is(lines.length, 500);
  t.deepEqual(lines, [...Array(500).keys()]);
  const exited = sb.events().findIndex((e) => e.event === 'app.exited');
  const lastLine = sb.events().findLastIndex((e) => e.event === 'app.log');
  t.true(lastLine < exited, 'app.exited comes after the app\'s last line');
});
