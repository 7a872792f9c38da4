// An express app (express from this folder's node_modules) answering a fixed set of requests:
// prints each answer (status, the headers that do not depend on time, body). First line: whether
// express runs instrumented.
const http = require('node:http');
const express = require('express');

const app = express();
const api = express.Router();
app.use(express.json());
app.use(express.urlencoded({ extended: true }));
app.use((req, res, next) => { res.set('x-seen', req.method + ' ' + req.path); next(); });
app.get('/', (req, res) => res.send('home'));
app.get('/query', (req, res) => res.json({ query: req.query }));
api.get('/users/:id', (req, res) => res.json({ id: req.params.id, upper: req.params.id.toUpperCase() }));
api.get('/users/:id/files/*rest', (req, res) => res.json({ id: req.params.id, rest: req.params.rest }));
api.post('/echo', (req, res) => res.status(201).json({ got: req.body, type: req.get('content-type') }));
api.put('/async', async (req, res) => { await null; res.type('text').send(`async ${JSON.stringify(req.body)}`); });
api.get('/reject', async () => { throw new Error('rejected in async handler'); });
api.get('/throw', () => { throw Object.assign(new Error('thrown'), { status: 418 }); });
app.use('/api', api);
app.get('/redirect', (req, res) => res.redirect(302, '/api/users/7'));
app.get('/buffer', (req, res) => res.type('bin').send(Buffer.from([0, 1, 2, 255])));
app.get('/etag', (req, res) => res.send('same body, same etag'));
app.all('/method', (req, res) => res.send(req.method));
app.use((err, req, res, _next) => res.status(err.status ?? 500).json({ error: err.message }));

const REQUESTS = [
  ['GET', '/'], ['GET', '/query?a=1&b=two&c=3&c=4'], ['GET', '/api/users/ann'], ['GET', '/api/users/bob/files/a/b/c.txt'],
  ['POST', '/api/echo', 'application/json', '{"x":[1,2,{"y":null}],"s":"é"}'], ['POST', '/api/echo', 'application/x-www-form-urlencoded', 'a[b]=1&a[c]=2&d=e'],
  ['POST', '/api/echo', 'application/json', '{bad json'], ['PUT', '/api/async', 'application/json', '[1,2,3]'],
  ['GET', '/api/reject'], ['GET', '/api/throw'], ['GET', '/redirect'], ['GET', '/buffer'], ['GET', '/etag'],
  ['DELETE', '/method'], ['HEAD', '/'], ['GET', '/nowhere'], ['OPTIONS', '/method'],
];
const KEEP = ['content-type', 'content-length', 'etag', 'location', 'x-seen', 'allow'];

console.log(`instrumented ${String(express.Router).includes('__moult$') || String(app.handle).includes('__moult$')}`);
const server = app.listen(0, '127.0.0.1', async () => {
  const { port } = server.address();
  for (const [method, url, type, body] of REQUESTS) {
    const answer = await new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path: url, headers: type ? { 'content-type': type } : {} }, (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c)).on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end(body);
    });
    const headers = KEEP.filter((h) => answer.headers[h] !== undefined).map((h) => `${h}=${answer.headers[h]}`).join(' ');
    console.log(`${method} ${url} -> ${answer.status} ${headers} ${JSON.stringify(answer.body.toString('latin1'))}`);
  }
  server.close();
});
