// interpreter: a bash script is supervised like a node app (started, its output logged, restarted
// after a crash, stopped), listed with `updatable: false`, and `moult update` / `moult patch` to it
// are refused with a clear message (exit 2) and an update.rejected event.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, show, startAndWaitOnline, waitFor, REDEFINE_UPDATE } from '../helpers/moult.mjs';

const SCRIPT = `echo "started $$"
trap 'echo "stopping $$"; exit 0' INT
while true; do sleep 0.1; done
`;

test('a bash app is supervised, listed as not updatable, and updates to it are refused', async (t) => {
  const sb = sandbox(t);
  sb.files({ 'worker.sh': SCRIPT, 'update.js': REDEFINE_UPDATE });
  const eco = sb.ecosystem([{ name: 'sh', script: 'worker.sh', interpreter: 'bash' }]);
  await startAndWaitOnline(sb, eco, { apps: { sh: 1 } });
  const [info] = await sb.ls();
  t.like(info, { name: 'sh', status: 'online', updatable: false });
  const table = await sb.cli(['ls']);
  t.regex(table.stdout, /^\d+\s+sh\s+0\s+\d+\s+online\s.*\snot updatable$/m, table.stdout);
  const out = path.join(sb.home, 'logs', 'sh-0.out.log');
  await waitFor(() => fs.existsSync(out) && fs.readFileSync(out, 'utf8').includes(`started ${info.pid}`), 'its output in its log file');

  for (const verb of ['update', 'patch']) {
    const r = await sb.cli([verb, 'sh', 'update.js']);
    t.is(r.code, 2, show(r));
    t.regex(r.stderr, /sh runs with interpreter "bash", not node: it is supervised but cannot be updated in place/);
  }
  t.is(sb.find({ event: 'update.rejected', app: 'sh', reason: /interpreter "bash"/ }).length, 2);

  // A crash is restarted, as for any app.
  let from = sb.events().length;
  process.kill(info.pid, 'SIGKILL');
  await sb.waitEvent({ event: 'app.restarted', app: 'sh' }, { from });
  await sb.waitEvent({ event: 'app.online', app: 'sh' }, { from });
  const [again] = await sb.ls();
  t.not(again.pid, info.pid);

  from = sb.events().length;
  const r = await sb.cli(['stop', 'sh']);
  t.is(r.code, 0, show(r));
  await sb.waitEvent({ event: 'app.stopped', app: 'sh' }, { from });
  t.regex(fs.readFileSync(out, 'utf8'), new RegExp(`stopping ${again.pid}`), 'it was stopped with SIGINT');
});
