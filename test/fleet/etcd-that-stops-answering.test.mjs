// Issue 19 (BENCHMARKS "Fleet at scale", run C): a coordinator sat idle for 10 minutes with every
// host's result in etcd, waiting on one etcd call that never answered; the etcd client sets no
// deadline on calls, and a gRPC connection that went dead without a reset (a NAT or a proxy that
// dropped its state, a host that vanished) is used until the kernel gives up on it (~15 min).
// Now every unary call has a deadline and the connection is checked with keepalive pings while a
// call waits: a call that does not answer fails, counts as an etcd outage, and is retried on a new
// connection. Shown on real parts: an HTTP/2 server that takes calls and never answers them, and a
// TCP relay in front of a real etcd whose open connections stop carrying anything mid-rollout.
import http2 from 'node:http2';
import net from 'node:net';
import test from 'ava';
import { sharedFleet, coordinator, fleet, show, sleep, greetUpdate, appliedCount } from './hosts.mjs';

/** An HTTP/2 server that accepts every call (and answers pings, as any HTTP/2 peer does) but never replies. */
async function silentEtcd(t) {
  const server = http2.createServer();
  const held = new Set();
  server.on('stream', (stream) => { held.add(stream); stream.on('error', () => {}); });
  server.on('session', (s) => s.on('error', () => {}));
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { for (const s of held) s.destroy(); server.close(); });
  return `http://127.0.0.1:${server.address().port}`;
}

/**
 * A TCP relay to `target` (host:port). `blackHole()` makes every connection open at that moment
 * carry nothing more in either direction while staying open (no FIN, no RST); new connections
 * are relayed as before.
 */
async function relay(t, target) {
  const { hostname, port } = new URL(target);
  const pairs = new Set();
  const server = net.createServer((down) => {
    const up = net.createConnection(Number(port), hostname);
    const pair = { down, up, dead: false };
    pairs.add(pair);
    down.on('data', (d) => { if (!pair.dead) up.write(d); });
    up.on('data', (d) => { if (!pair.dead) down.write(d); });
    const end = () => { pairs.delete(pair); down.destroy(); up.destroy(); };
    for (const s of [down, up]) { s.on('error', end); s.on('close', end); }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => { for (const p of pairs) { p.down.destroy(); p.up.destroy(); } server.close(); });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    blackHole() {
      for (const p of pairs) p.dead = true;
      return pairs.size;
    },
  };
}

test('a fleet command to an etcd that never answers ends with an error naming etcd, not a wait without end', async (t) => {
  t.timeout(90_000);
  const url = await silentEtcd(t);
  const r = await fleet(process.cwd(), url, ['ls'], { timeoutMs: 60_000 });
  t.is(r.code, 1, show(r));
  t.regex(r.stderr + r.stdout, /etcd/i);
  t.regex(r.stderr + r.stdout, /deadline|did not answer/i, show(r));
});

const f = sharedFleet(test, ['alpha', 'bravo']);

f.test('the coordinator\'s connection to etcd goes dead mid-rollout (no reset): the rollout still ends, succeeded', async (t) => {
  const via = await relay(t, f.etcd.url);
  const c = coordinator(f.dir, via.url, ['update', 'web', f.write('bh1.js', greetUpdate('bh1')), '--batch', '1', '--min-healthy', '2', '--deadline', '60']);
  t.teardown(() => c.child.kill('SIGKILL'));
  const id = await c.id;
  await f.hosts[0].sb.waitEvent({ event: 'fleet.order', rollout: id }, { timeoutMs: 30_000 });
  t.true(via.blackHole() > 0, 'the coordinator had a connection open');
  // Before: the next call waited on the dead connection for good (the test gave up after 100 s).
  const r = await Promise.race([c.exited, sleep(100_000).then(() => ({ code: null, stdout: c.output(), stderr: 'still waiting after 100 s' }))]);
  t.is(r.code, 0, show(r));
  t.regex(r.stdout, /succeeded/);
  for (const h of f.hosts) {
    t.is(await h.served(), 'hello bh1', h.name);
    t.is(appliedCount(h, 'bh1'), 1, `${h.name} applied bh1 once`);
  }
  const rec = await f.status(id);
  t.is(rec.state, 'succeeded');
});
