// A small HTTP counter. It keeps its count in memory and answers every request with the text that
// render(count) produces. It knows nothing about moult: the daemon preloads the runtime, and
// fix-render.js replaces render while the server runs, without losing the count.
const http = require('node:http');

const port = Number(process.env.PORT) || 3000;
let count = 0;

function render(count) {
  return `hits: ${count} (patched in place)\n`;
}

// The health check the daemon polls after each update (ecosystem: health.http).
function healthy() {
  return true;
}

const server = http.createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(healthy() ? 200 : 500).end();
    return;
  }
  if (req.url !== '/') {
    res.writeHead(404).end();
    return;
  }
  count += 1;
  res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(render(count));
});

server.listen(port, () => console.log(`counter listening on http://localhost:${port}/`));

// Stop cleanly on `moult stop` (SIGINT) and under systemd (SIGTERM).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => server.close(() => process.exit(0)));
}

module.exports = { render, healthy, server };
