// SPEC 6.6 with SPEC 7: a process started by a daemon that is killed before it released it (here:
// before it even attached) keeps holding its start; the next daemon adopts it, sees from its runtime
// that it still holds (`state`), replays the app's release into it and only then releases it. A
// client connected meanwhile waits, and is answered by the release, never by the code on disk.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { sandbox, isAlive, waitFor } from '../helpers/moult.mjs';
import { versionUpdate, showStale, everyInstanceOnRelease, startWatched, updateCompleted } from '../helpers/one-version.mjs';

// Loaded before moult's preload (node_args come first): the runtime's socket appears 1.5 s after
// the process starts, so the daemon cannot attach before the test kills it.
const SLOW_START = 'const end = Date.now() + 1500; while (Date.now() < end);\n';

test('a process left holding by a killed daemon is replayed and released by the next daemon', async (t) => {
  const sb = sandbox(t);
  const { client } = await startWatched(t, sb, { name: 'api', min_uptime: '300ms', node_args: ['--require', path.join(sb.appDir, 'slow-start.js')] },
    { 'v2.js': versionUpdate('v2'), 'slow-start.js': SLOW_START });
  const { at: completedAt, release } = await updateCompleted(t, sb, 'api', 'v2.js');
  await new Promise((r) => setTimeout(r, 600)); // past min_uptime: the crash is not blamed on the update

  const [before] = await sb.ls();
  const mark = sb.events().length;
  process.kill(before.pid, 'SIGKILL');
  const { event: started } = await sb.waitEvent({ event: 'app.started', app: 'api' }, { from: mark });
  sb.remember(started.pid);
  // Once state.json knows the new process (the next daemon adopts it from there) and the process
  // runs node past its launch gate (a daemon killed before it said `go` leaves only a shell, which
  // exits without running the app: daemon/instances/launch-gate.ts), the daemon dies.
  await waitFor(() => JSON.parse(fs.readFileSync(path.join(sb.home, 'state.json'), 'utf8')).apps[0].instances[0].pid === started.pid, 'state.json to record the new pid');
  await waitFor(() => !fs.readFileSync(`/proc/${started.pid}/cmdline`, 'utf8').startsWith('/bin/sh\0'), 'the process to run node, past its launch gate');
  const daemon = Number(fs.readFileSync(path.join(sb.home, 'moultd.pid'), 'utf8'));
  process.kill(daemon, 'SIGKILL');
  await waitFor(() => !isAlive(daemon), 'the daemon to die');
  t.is(sb.find({ event: 'app.online', pid: started.pid }).length, 0, 'killed before the process was online');

  const [adopted] = await sb.ls(); // the next daemon
  t.is(adopted.pid, started.pid, 'the held process is adopted, not replaced');
  await sb.waitEvent({ event: 'update.replayed', app: 'api', pid: started.pid, update: 'v2' }, { from: mark, timeoutMs: 30_000 });
  await client.until((a) => a.pid === started.pid, 'from the adopted process');
  await client.more(20);
  await client.stop();
  const stale = client.staleSince(completedAt, 'v2');
  t.is(stale.length, 0, `stale answers: ${showStale(stale)}`);
  await everyInstanceOnRelease(t, sb, 'api', release);
});
