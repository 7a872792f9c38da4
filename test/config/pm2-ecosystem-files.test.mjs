// pm2 users keep their ecosystem files: `ecosystem.config.js` (and .cjs, .mjs), `.yaml`/`.yml`
// and `.json` are read as pm2 reads them, `--env production` merges `env_production`, pm2's
// fields moult does not act on are accepted with one warning each, and a file that cannot be
// loaded is refused naming the file.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import { config, scratch } from './helpers.mjs';

const { loadEcosystem, isEcosystemFile, ConfigError } = config;
const dir = scratch();
for (const f of ['api.js', 'worker.js', 'server.js']) fs.writeFileSync(path.join(dir, f), 'setInterval(() => {}, 1000);\n');
test.after.always(() => fs.rmSync(dir, { recursive: true, force: true }));
const write = (name, text) => {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
};

// The "Javascript format" example of pm2's documentation (usage/application-declaration), as it is.
const PM2_DOC_JS = `module.exports = {
  apps : [{
    name        : "worker",
    script      : "./worker.js",
    watch       : true,
    env: {
      "NODE_ENV": "development",
    },
    env_production : {
       "NODE_ENV": "production"
    }
  },{
    name       : "api-app",
    script     : "./api.js",
    instances  : 4,
    exec_mode  : "cluster"
  }]
}
`;

// The same page's YAML example, as it is.
const PM2_DOC_YAML = `apps:
  - script   : ./api.js
    name     : 'api-app'
    instances: 4
    exec_mode: cluster
  - script : ./worker.js
    name   : 'worker'
    watch  : true
    env    :
      NODE_ENV: development
    env_production:
      NODE_ENV: production
`;

test('pm2\'s documented ecosystem.config.js loads as it is; --env production merges env_production', (t) => {
  const file = write('ecosystem.config.js', PM2_DOC_JS);
  t.true(isEcosystemFile(file));
  const eco = loadEcosystem(file, { env: 'production' });
  const [worker, api] = eco.apps;
  t.is(worker.name, 'worker');
  t.is(worker.script, path.join(dir, 'worker.js'));
  t.deepEqual(worker.env, { NODE_ENV: 'production' });
  t.deepEqual(worker.watch, [dir]);
  t.is(api.exec_mode, 'cluster');
  t.is(api.instances, 4);
  t.deepEqual(eco.warnings, []);
  t.deepEqual(loadEcosystem(file).apps[0].env, { NODE_ENV: 'development' }, 'without --env: env only');
});

test('the YAML example of the same page gives the same apps', (t) => {
  const js = loadEcosystem(write('ecosystem.config.js', PM2_DOC_JS), { env: 'production' }).apps;
  for (const name of ['ecosystem.yaml', 'ecosystem.yml']) {
    const yaml = loadEcosystem(write(name, PM2_DOC_YAML), { env: 'production' }).apps;
    t.deepEqual(yaml.map((a) => a.name).sort(), js.map((a) => a.name).sort());
    t.deepEqual(yaml.find((a) => a.name === 'worker'), js.find((a) => a.name === 'worker'));
    t.deepEqual(yaml.find((a) => a.name === 'api-app'), js.find((a) => a.name === 'api-app'));
  }
});

test('a production pm2 file: cluster, wait_ready, pm2 log fields; pm2-only fields warn once per path', (t) => {
  const file = write('prod.config.js', `module.exports = {
  apps: [{
    name: 'api',
    script: 'server.js',
    instances: 'max',
    exec_mode: 'cluster_mode',
    wait_ready: true,
    listen_timeout: 10000,
    kill_timeout: 3000,
    out_file: './logs/api-out.log',
    error_file: './logs/api-err.log',
    log_date_format: 'YYYY-MM-DD HH:mm Z',
    combine_logs: true,
    log_type: 'json',
    vizion: false,
    env_production: { NODE_ENV: 'production', PORT: 8080 },
  }],
  deploy: { production: { user: 'node', host: 'example.org', ref: 'origin/main', repo: 'git@example.org:a.git', path: '/srv/api' } },
};
`);
  const eco = loadEcosystem(file, { env: 'production' });
  const [api] = eco.apps;
  t.is(api.exec_mode, 'cluster');
  t.true(api.instances >= 1);
  t.true(api.wait_ready);
  t.is(api.listen_timeout, 10000);
  t.is(api.out_file, path.join(dir, 'logs', 'api-out.log'));
  t.is(api.error_file, path.join(dir, 'logs', 'api-err.log'));
  t.is(api.log_date_format, 'YYYY-MM-DD HH:mm Z');
  t.true(api.merge_logs, 'combine_logs is pm2\'s other name for merge_logs');
  t.deepEqual(api.env, { NODE_ENV: 'production', PORT: '8080' });
  t.deepEqual(eco.warnings.map((w) => w.path).sort(), ['apps[0].log_type', 'apps[0].vizion', 'deploy']);
});

test('.mjs default export and .cjs module.exports are read too', (t) => {
  const app = "{ name: 'w', script: './worker.js' }";
  t.is(loadEcosystem(write('ecosystem.config.mjs', `export default { apps: [${app}] };\n`)).apps[0].name, 'w');
  t.is(loadEcosystem(write('ecosystem.config.cjs', `module.exports = { apps: [${app}] };\n`)).apps[0].name, 'w');
});

test('a config file that throws, has a syntax error or exports no object is refused naming the file', (t) => {
  const cases = [
    ['throws.config.js', "throw new Error('no DATABASE_URL');\n", /loading it threw: no DATABASE_URL/],
    ['syntax.config.js', 'module.exports = { apps: [ };\n', /loading it threw/],
    ['garbage.config.js', 'module.exports = 42;\n', /expected module\.exports \(or the default export\) to be an object with "apps", got number/],
    ['tla.config.mjs', 'await Promise.resolve();\nexport default { apps: [] };\n', /top-level await|loading it threw/],
    ['bad.yaml', 'apps:\n  - name: a\n    name: b\n', /not valid YAML at line \d+/],
    ['missing.config.js', null, /cannot read the file: no such file/],
  ];
  for (const [name, text, re] of cases) {
    const file = text === null ? path.join(dir, name) : write(name, text);
    const err = t.throws(() => loadEcosystem(file), { instanceOf: ConfigError }, name);
    t.is(err.file, file);
    t.regex(err.message, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `));
    t.regex(err.message, re, name);
  }
});

test('isEcosystemFile knows pm2\'s names and nothing else', (t) => {
  for (const f of ['eco.json', 'a/process.yml', 'x.yaml', 'ecosystem.config.js', 'pm2.config.cjs', 'ecosystem.config.mjs']) t.true(isEcosystemFile(f), f);
  for (const f of ['app.js', 'server.mjs', 'config.js', 'index.cjs']) t.false(isEcosystemFile(f), f);
});
