// A small HTTP load for zero-downtime tests: `loops` clients, each sending one request after the
// other on a fresh connection (so every request goes through the listening socket), counting what
// answered and every refused, reset or otherwise failed request by its error code.
import http from 'node:http';
import net from 'node:net';

/** A port that was free a moment ago (listen on 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export function get(port, path = '/') {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (d) => { body += d; }).on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
  });
}

export function startLoad(port, { loops = 4 } = {}) {
  const stats = { ok: 0, failed: 0, errors: {}, bodies: new Set() };
  let running = true;
  const loop = async () => {
    while (running) {
      try {
        const r = await get(port);
        if (r.status === 200) {
          stats.ok++;
          stats.bodies.add(r.body);
        } else {
          stats.failed++;
          stats.errors[`HTTP ${r.status}`] = (stats.errors[`HTTP ${r.status}`] ?? 0) + 1;
        }
      } catch (err) {
        stats.failed++;
        stats.errors[err.code ?? err.message] = (stats.errors[err.code ?? err.message] ?? 0) + 1;
      }
    }
  };
  const all = Array.from({ length: loops }, loop);
  return {
    stats,
    /** Bodies answered since the last call. */
    take() {
      const b = [...stats.bodies];
      stats.bodies.clear();
      return b;
    },
    async stop() {
      running = false;
      await Promise.all(all);
      return stats;
    },
  };
}
