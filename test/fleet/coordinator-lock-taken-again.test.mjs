// The coordinator's lock taken again after its lease was lost (client/fleet/app-lock.ts), on a real
// etcd. Found by the 10 000-host bench (BENCHMARKS, Fleet at scale): under load, a failing rollout
// stopped with "another coordinator took over (nobody)": between its two tries (keep the key if it
// still holds our value, else create it) the key was there, and by the time it was read back it
// was gone again (a lease expiring, a late write of this very coordinator). Only another
// coordinator's value may end a coordinator; a key that is ours, or gone, is taken again.
import test from 'ava';
import { createRequire } from 'node:module';
import { startEtcd, etcdClient, SKIP_FLEET } from './etcd.mjs';
import { ROOT } from '../helpers/moult.mjs';

const require = createRequire(import.meta.url);
const { AppLock } = require(`${ROOT}/dist/client/fleet/app-lock.js`);
const { EtcdOutages } = require(`${ROOT}/dist/client/fleet/etcd-outages.js`);

const serial = SKIP_FLEET ? test.serial.skip : test.serial;
let etcd;
test.before(async () => { if (!SKIP_FLEET) etcd = await startEtcd(); });
test.after.always(async () => { await etcd?.close(); });

/**
 * The real client, except that the first commit of a create-if-absent transaction on `key` meets
 * `during(client)` first and `after(client)` once it has answered: an interleaving with another
 * writer, made on purpose instead of waited for.
 */
function interleaved(client, key, during, after) {
  let armed = true;
  return new Proxy(client, {
    get(target, prop) {
      if (prop !== 'if') return Reflect.get(target, prop);
      return (k, field, op, value) => {
        const txn = target.if(k, field, op, value);
        if (!(armed && k === key && field === 'Create')) return txn;
        const commit = txn.commit.bind(txn);
        txn.commit = async () => {
          armed = false;
          await during(target);
          try { return await commit(); } finally { await after(target); }
        };
        return txn;
      };
    },
  });
}

/** A client of the test's etcd and the lock `name` taken with it; the key is deleted and the client closed after the test. */
async function heldLock(t, name) {
  const client = etcdClient(etcd.url);
  const key = `/moult-lock-test/locks/${name}`;
  t.teardown(async () => {
    await client.delete().key(key);
    client.close();
  });
  const lock = await AppLock.acquire(client, key, 'test', new EtcdOutages(), 0);
  t.truthy(lock);
  return { client, key, lock };
}

serial('a lost lock whose key shows up and is gone again while it is taken again is still taken again, not given up to "nobody"', async (t) => {
  const { client, key, lock } = await heldLock(t, 'flicker');
  // The lock's lease is lost (its key with it), and a late write of ours lands while we take it
  // again, under a lease that ends right after.
  await client.delete().key(key);
  const racing = interleaved(client, key,
    (c) => c.put(key).value(lock.value),
    (c) => c.delete().key(key));
  Object.defineProperty(lock, 'client', { value: racing });
  const r = await lock.retake();
  t.true(typeof r.wasGone === 'boolean');
  t.is(await client.get(key).string(), lock.value, 'the key holds this coordinator again');
});

serial('a lock another coordinator took is not taken again: its holder is named', async (t) => {
  const { client, key, lock } = await heldLock(t, 'other');
  await client.put(key).value(JSON.stringify({ token: 'other', pid: 4242, host: 'elsewhere', what: 'web-2', at: Date.now() }));
  const err = await t.throwsAsync(() => lock.retake());
  t.regex(err.message, /another coordinator took over \(pid 4242 on elsewhere, web-2\)/);
});
