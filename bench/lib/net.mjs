// Ports and plain GETs for the benchmarks (loopback only).
import http from 'node:http';
import net from 'node:net';

/** A port nothing listens on now (the kernel's choice on 127.0.0.1). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

/** One GET on a fresh connection; resolves {status, headers, body} (body as text). */
export function get(port, urlPath, { headers = {}, timeoutMs = 5000, maxHeaderSize } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, headers, agent: false, timeout: timeoutMs, maxHeaderSize }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${urlPath}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}
