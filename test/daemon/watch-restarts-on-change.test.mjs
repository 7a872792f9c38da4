// watch / ignore_watch / watch_delay: a change under the watched folder restarts the app once the
// changes have settled (app.restarted with reason "watch"); node_modules, dot folders and the
// ignore_watch patterns never do, and a folder created after the start is watched too.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandbox, startAndWaitOnline, tickerApp } from '../helpers/moult.mjs';

test('a file change restarts a watched app; ignored paths do not', async (t) => {
  const sb = sandbox(t);
  sb.files({
    'app.js': tickerApp('tick', 500),
    'lib/helper.js': 'module.exports = 1;\n',
    'node_modules/dep/index.js': 'module.exports = 1;\n',
    '.cache/x': '1',
    'tmp/scratch.txt': '1',
  });
  const eco = sb.ecosystem([{ name: 'w', script: 'app.js', watch: true, ignore_watch: ['tmp', '\\.log$'], watch_delay: 200 }]);
  await startAndWaitOnline(sb, eco, { apps: { w: 1 } });
  const [{ pid: first }] = await sb.ls();

  const write = (rel, text) => fs.writeFileSync(path.join(sb.appDir, rel), text);
  write('node_modules/dep/index.js', 'module.exports = 2;\n');
  write('.cache/x', '2');
  write('tmp/scratch.txt', '2');
  write('notes.log', 'x');
  await sleep(1000); // five times watch_delay: a restart would have been decided by now
  t.deepEqual(sb.find({ event: 'app.restarted', app: 'w' }), [], 'an ignored path restarted the app');

  let from = sb.events().length;
  write('lib/helper.js', 'module.exports = 2;\n');
  const { event } = await sb.waitEvent({ event: 'app.restarted', app: 'w', reason: 'watch' }, { from });
  t.regex(event.msg, /lib\/helper\.js changed/);
  await sb.waitEvent({ event: 'app.online', app: 'w' }, { from });
  const [{ pid: second }] = await sb.ls();
  t.not(second, first);

  // A folder made after the start is watched as well.
  fs.mkdirSync(path.join(sb.appDir, 'routes'));
  await sleep(300);
  from = sb.events().length;
  write('routes/index.js', 'module.exports = {};\n');
  await sb.waitEvent({ event: 'app.restarted', app: 'w', reason: 'watch' }, { from });
  await sb.waitEvent({ event: 'app.online', app: 'w' }, { from });
  t.is(sb.find({ event: 'app.restarted', app: 'w' }).length >= 2, true);
});
