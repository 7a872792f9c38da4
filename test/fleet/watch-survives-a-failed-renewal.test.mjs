// protocol/fleet-watch.ts on a real etcd. Found by the 10 000-host bench (BENCHMARKS, Fleet at
// scale): a failing rollout's coordinator knew 812 of the 9 000 reverts etcd held and never heard
// of the others. Its watch had been made again (a reconnect under load) and one read of that
// renewal failed: the old watches were cancelled, no new ones made, and nothing tried again. The
// coordinator (and a daemon's agent, which watches the same way) then waited on a watch that
// was not there. A renewal that fails is now tried again until it works or the watch is stopped.
import test from 'ava';
import { createRequire } from 'node:module';
import { startEtcd, etcdClient, SKIP_FLEET } from './etcd.mjs';
import { ROOT, waitFor } from '../helpers/moult.mjs';

const require = createRequire(import.meta.url);
const { FreshWatch } = require(`${ROOT}/dist/protocol/fleet-watch.js`);

const serial = SKIP_FLEET ? test.serial.skip : test.serial;
let etcd;
test.before(async () => { if (!SKIP_FLEET) etcd = await startEtcd(); });
test.after.always(async () => { await etcd?.close(); });

/** The real client, except that range reads fail (as past their deadline): `failing.reads` of them, after `failing.skip` more went through. */
function flaky(client, failing) {
  return new Proxy(client, {
    get(target, prop) {
      const real = Reflect.get(target, prop);
      if (prop !== 'get' && prop !== 'getAll') return typeof real === 'function' ? real.bind(target) : real;
      return (...args) => {
        const builder = real.apply(target, args);
        const exec = builder.exec.bind(builder);
        builder.exec = () => {
          if (failing.skip > 0) failing.skip--;
          else if (failing.reads > 0) { failing.reads--; return Promise.reject(new Error('4 DEADLINE_EXCEEDED: Deadline exceeded')); }
          return exec();
        };
        for (const m of ['string', 'keys', 'strings']) if (builder[m]) builder[m] = (...a) => builder.exec().then(() => real.apply(target, args)[m](...a));
        return builder;
      };
    },
  });
}

serial('a watch whose renewal failed (a read past its deadline) is made again, and hears what happens next', async (t) => {
  const client = etcdClient(etcd.url);
  t.teardown(() => client.close());
  const prefix = '/moult-watch-test/results/';
  const epochKey = '/moult-watch-test/epoch';
  const failing = { skip: 0, reads: 0 };
  const seen = new Map();
  const watch = new FreshWatch(flaky(client, failing), [{ prefix }], epochKey, {
    reset: (_spec, kvs) => { for (const [k, v] of Object.entries(kvs)) seen.set(k, v); },
    put: (k, v) => seen.set(k, v),
    del: () => {},
    renewed: () => {},
  });
  t.teardown(() => watch.stop());
  await watch.start();
  await client.put(`${prefix}a`).value('1');
  await waitFor(() => seen.get(`${prefix}a`) === '1', 'the first put heard');
  // etcd looks like another one (its epoch changed): the watch is made again from a fresh read
  // (after check's own read), and the reads of that renewal fail, twice.
  await client.put(epochKey).value('another-etcd');
  Object.assign(failing, { skip: 1, reads: 2 });
  await watch.check().catch(() => {});
  t.is(failing.reads, 1, 'the renewal failed at its first read');
  await client.put(`${prefix}b`).value('2');
  await waitFor(() => seen.get(`${prefix}b`) === '2', 'the put after the failed renewal heard', { timeoutMs: 15_000 });
  t.pass();
});
