// The three real apps of the bench, as a user would run them, and what the bench does to each:
// which of their files moult instruments (`updates.instrument`), the request it loads them with,
// the internal unexported function on a request path that a hot update replaces (`ctx.fn`), and
// the file a `moult patch` changes, with how each change shows in an answer.
import fs from 'node:fs';
import path from 'node:path';

/** The setting that instruments an app's whole tree, dependencies included (issue 18 item 4). */
export const WHOLE_TREE = ['**'];

// ---- Node-RED: red.js with a user folder holding settings and one HTTP flow.
const NODE_RED_SETTINGS = `module.exports = {
  flowFile: 'flows.json',
  credentialSecret: false,
  telemetry: { enabled: false, updateNotification: false },
  diagnostics: { enabled: false },
  logging: { console: { level: 'warn', metrics: false, audit: false } },
  editorTheme: { projects: { enabled: false } },
  externalModules: { autoInstall: false, palette: { allowInstall: false }, modules: { allowInstall: false } },
};
`;
// GET /hello: http in → function (the flow's own code, in Node-RED's sandbox) → http response.
const NODE_RED_FLOWS = [
  { id: 'f1', type: 'tab', label: 'bench' },
  { id: 'in1', type: 'http in', z: 'f1', name: '', url: '/hello', method: 'get', upload: false, swaggerDoc: '', wires: [['fn1']] },
  { id: 'fn1', type: 'function', z: 'f1', name: 'greet', func: "msg.payload = { text: 'Hello, ' + (msg.req.query.name || 'world') };\nreturn msg;", outputs: 1, wires: [['out1']] },
  { id: 'out1', type: 'http response', z: 'f1', name: '', statusCode: '', headers: {}, wires: [] },
];
const NODE_RED_RECEIVE = `Node.prototype.receive = function(msg) {
    if (!msg) {
        msg = {};
    }
    if (!msg._msgid) {
        msg._msgid = redUtil.generateId();
    }
    this.emit("input",msg);
};`;

// ---- verdaccio: a registry with no uplink (nothing leaves the machine), one package in its storage.
const VERDACCIO_CONFIG = `storage: ./storage
auth:
  htpasswd:
    file: ./htpasswd
    max_users: -1
uplinks: {}
packages:
  '**':
    access: $all
    publish: $authenticated
log: { type: stdout, format: json, level: warn }
web:
  title: moult bench
`;
function benchPackage() {
  const v = (n) => ({ name: 'bench-pkg', version: n, description: 'a package served by the bench', main: 'index.js', dist: { shasum: '0'.repeat(40), tarball: `http://localhost:4873/bench-pkg/-/bench-pkg-${n}.tgz` } });
  const versions = Object.fromEntries(['1.0.0', '1.1.0', '2.0.0'].map((n) => [n, v(n)]));
  const time = { modified: '2026-01-01T00:00:00.000Z', created: '2026-01-01T00:00:00.000Z' };
  return { name: 'bench-pkg', versions, 'dist-tags': { latest: '2.0.0' }, time, _uplinks: {}, _distfiles: {}, _attachments: {}, _rev: '3-0000000000000000', readme: 'bench' };
}

const replaceOnce = (src, from, to, file) => {
  const i = src.indexOf(from);
  if (i === -1 || src.indexOf(from, i + 1) !== -1) throw new Error(`${file}: the text to patch is not there exactly once (has the package changed?)`);
  return src.slice(0, i) + to + src.slice(i + from.length);
};

/**
 * Each app: `entry(dir)` the script moult and node run, `args(ctx)`/`env(ctx)` per process
 * (ctx = {dir, port, work}: `work` is a fresh folder of that process), `prepare(work)` fills it,
 * `instrument` its own packages (null = moult's default: everything outside node_modules).
 */
export const APPS = [
  {
    name: 'node-red',
    label: 'Node-RED 4.1.8',
    entry: (dir) => path.join(dir, 'node_modules', 'node-red', 'red.js'),
    instrument: ['node_modules/node-red/**', 'node_modules/@node-red/**'],
    prepare(work) {
      fs.writeFileSync(path.join(work, 'settings.js'), NODE_RED_SETTINGS);
      fs.writeFileSync(path.join(work, 'flows.json'), JSON.stringify(NODE_RED_FLOWS, null, 2));
    },
    args: ({ port, work }) => ['--userDir', work, '--port', String(port)],
    env: () => ({}),
    ready: '/hello',
    load: '/hello',
    stack: [{ path: '/hello', kind: 'probe' }],
    update: {
      file: '../@node-red/runtime/lib/flows/Flow.js',
      name: 'deliverMessageToDestination',
      replacement: `function deliverMessageToDestination(sendEvent) {
    if (sendEvent?.destination?.node) {
      const msg = sendEvent.msg;
      if (sendEvent.destination.node.type === 'http response' && msg && msg.payload && typeof msg.payload === 'object') msg.payload.hot = true;
      sendEvent.destination.node.receive(msg);
    }
  }`,
      path: '/hello',
      changed: (body) => JSON.parse(body).hot === true,
    },
    patch: {
      file: 'node_modules/@node-red/runtime/lib/nodes/Node.js',
      target: '../@node-red/runtime/lib/nodes/Node.js',
      edit: (src, file) => replaceOnce(src, NODE_RED_RECEIVE, NODE_RED_RECEIVE.replace('    this.emit("input",msg);',
        '    if (this.type === "http response" && msg.payload && typeof msg.payload === "object") { msg.payload.patched = true; }\n    this.emit("input",msg);'), file),
      path: '/hello',
      changed: (body) => JSON.parse(body).patched === true,
    },
  },
  {
    name: 'verdaccio',
    label: 'verdaccio 6.8.0',
    entry: (dir) => path.join(dir, 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
    instrument: ['node_modules/verdaccio/**', 'node_modules/@verdaccio/**'],
    prepare(work) {
      fs.writeFileSync(path.join(work, 'config.yaml'), VERDACCIO_CONFIG);
      fs.mkdirSync(path.join(work, 'storage', 'bench-pkg'), { recursive: true });
      fs.writeFileSync(path.join(work, 'storage', 'bench-pkg', 'package.json'), JSON.stringify(benchPackage(), null, 2));
    },
    args: ({ port, work }) => ['--config', path.join(work, 'config.yaml'), '--listen', `127.0.0.1:${port}`],
    env: () => ({}),
    ready: '/bench-pkg',
    // The npm client's request: a package's metadata, from the registry's own storage.
    load: '/bench-pkg',
    stack: [{ path: '/bench-pkg', kind: 'probe' }, { path: '/', kind: 'probe' }],
    update: {
      // Every error answer (here the 404 of a package it does not have) is made by this helper.
      // (Not the web page's helpers: verdaccio keeps the rendered page in an LRU cache, web.html_cache,
      // so a hot fix of them shows only on a cache miss, as with any memoized output.)
      file: '../../@verdaccio/core/build/error-utils.js',
      name: 'getError',
      replacement: `function getError(code, message) {
    const err = new Error(message + ' (hot)');
    err.status = err.statusCode = err.code = code;
    err.expose = code < 500;
    return err;
  }`,
      path: '/no-such-package',
      changed: (body) => /\(hot\)"/.test(body),
    },
    patch: {
      file: 'node_modules/@verdaccio/middleware/build/middlewares/web/utils/ui-options.js',
      target: '../../@verdaccio/middleware/build/middlewares/web/utils/ui-options.js',
      edit: (src, file) => replaceOnce(src, "if (typeof logo !== 'string') {\n    return '';", "if (typeof logo !== 'string') {\n    return 'patched-logo';", file),
      path: '/-/static/ui-options.js',
      changed: (body) => body.includes('"logo":"patched-logo"'),
    },
  },
  {
    name: 'nest',
    label: 'NestJS 11.2.12 (tsc, decorators)',
    entry: (dir) => path.join(dir, 'dist', 'main.js'),
    instrument: null,
    prepare() {},
    args: () => [],
    env: ({ port }) => ({ PORT: String(port) }),
    ready: '/hello/world',
    load: '/hello/world',
    stack: [{ path: '/hello/world', kind: 'probe' }, { path: '/boom/world', kind: 'body' }],
    update: {
      file: 'greeting.service.js',
      name: 'formatGreeting',
      replacement: 'function formatGreeting(name, count) { return `Hi, ${name} (#${count}, hot)`; }',
      path: '/hello/world',
      changed: (body) => JSON.parse(body).text.startsWith('Hi, world'),
    },
    patch: {
      file: 'dist/greeting.service.js',
      target: 'greeting.service.js',
      edit: (src, file) => replaceOnce(src, 'return `Hello, ${name} (#${count})`;', 'return `Howdy, ${name} (#${count}, patched)`;', file),
      path: '/hello/world',
      changed: (body) => JSON.parse(body).text.startsWith('Howdy, world'),
    },
  },
];
