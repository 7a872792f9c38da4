// client.events() follows moultd.log across a rotation (the file renamed and a new one started)
// and a truncation, loses no line written after it started, and skips lines that are not events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import test from 'ava';

const { EventStream } = createRequire(import.meta.url)('../../dist/client/event-stream.js');
const line = (n, app = 'a') => JSON.stringify({ time: Date.now(), level: 'info', event: 'app.log', msg: `m${n}`, app }) + '\n';

test('events written before the stream began are skipped; after it, every one arrives, across rotation and truncation', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-events-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'moultd.log');
  fs.writeFileSync(file, line(0));
  const stream = new EventStream(file, { app: 'a', intervalMs: 10 });
  const got = [];
  const reading = (async () => {
    for await (const e of stream) {
      got.push(e.msg);
      if (e.msg === 'm6') break;
    }
  })();
  fs.appendFileSync(file, line(1) + 'not json\n' + line(99, 'other') + line(2).slice(0, 20));
  await new Promise((r) => setTimeout(r, 50));
  fs.appendFileSync(file, line(2).slice(20));
  await new Promise((r) => setTimeout(r, 50));
  fs.renameSync(file, `${file}.1`); // rotated: a new file takes its name
  fs.writeFileSync(file, line(3) + line(4));
  await new Promise((r) => setTimeout(r, 50));
  fs.truncateSync(file, 0); // emptied in place (as `moult flush` or copytruncate do), seen at the next poll
  await new Promise((r) => setTimeout(r, 50));
  fs.appendFileSync(file, line(5) + line(6));
  const giveUp = setTimeout(() => stream.close(), 5000); // a lost line ends the loop here, not in ava's timeout
  await reading;
  clearTimeout(giveUp);
  t.deepEqual(got, ['m1', 'm2', 'm3', 'm4', 'm5', 'm6']);
});
