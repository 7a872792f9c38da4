// An express 4 app with the vulnerable dependency versions of express 4.19.1 and an in-memory
// counter (the state a hot fix must keep). Each route is what one CVE's exploit reaches.
const express = require('express');
const bodyParser = require('body-parser');
const send = require('send');
const path = require('path');

const app = express();
let counter = 0;

app.get('/count', (req, res) => { counter++; res.json({ counter, pid: process.pid }); });
// CVE-2024-45296 / CVE-2024-52798 (path-to-regexp): routes with several parameters in a segment.
app.get('/flights/:from-:to', (req, res) => res.send('ok'));
app.get('/t/:a-:b-:c', (req, res) => res.send('ok'));
// CVE-2024-45590 (body-parser): deeply nested urlencoded bodies.
app.post('/form', bodyParser.urlencoded({ extended: true }), (req, res) => res.json({ keys: Object.keys(req.body) }));
// CVE-2024-43799 (send): send's own directory redirect.
app.get('/send/*', (req, res) => send(req, req.params[0], { root: path.join(__dirname, 'public') }).pipe(res));
// CVE-2024-43800 (serve-static): its directory redirect.
app.use('/static', express.static(path.join(__dirname, 'public')));
// CVE-2024-47764 (cookie): out-of-bounds characters in a cookie's path.
app.get('/cookie', (req, res) => { res.cookie('sid', '1', { path: String(req.query.path || '/') }); res.send('ok'); });
// CVE-2024-29041 (express 4.19.2): open redirect through res.location of malformed URLs.
app.get('/location', (req, res) => { res.location(String(req.query.to)); res.status(302).end(); });
// CVE-2024-43796 (express 4.20.0): XSS through res.redirect.
app.get('/redirect', (req, res) => res.redirect(String(req.query.to)));

app.use((err, req, res, _next) => res.status(500).send(`error: ${err.message}`));
// The longest event-loop block since the last read: the pause a hot fix costs.
const { monitorEventLoopDelay } = require('node:perf_hooks');
const lag = monitorEventLoopDelay({ resolution: 1 });
lag.enable();
app.get('/lag', (req, res) => { res.json({ max_ms: lag.max / 1e6 }); lag.reset(); });

const server = app.listen(Number(process.env.PORT || 3000), () => console.log(`listening ${server.address().port}`));
