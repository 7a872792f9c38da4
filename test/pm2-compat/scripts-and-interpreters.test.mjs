// Issue 21, gaps 3 and 8: `script` is what pm2 lets it be: a file run by the interpreter of its
// extension (`start app.py` runs python, `run.sh` bash), a program on PATH (`script: 'npm', args:
// 'start'`, `pm2 start npm -- start`, `ts-node`, `sleep`), or a command line ("node server.js",
// run with bash -c). Apps that are not node are supervised, not hot-updatable. One daemon.
import fs from 'node:fs';
import path from 'node:path';
// Line-neutral (pm2's files, options and verbs mean the same on every Node line): one line in CI.
import { lineNeutralTest as test } from '../helpers/slow-suite.mjs';
import { pm2Sandbox, SAYS } from './helpers.mjs';

const kit = pm2Sandbox('moult-pm2-scripts-');
const { sb, ok, online, fileHas } = kit;
// A program on PATH with node's #! line, as ts-node and npm are.
const FAKE_TS_NODE = `#!/usr/bin/env node
console.log('fake-ts-node runs ' + process.argv.slice(2).join(' '));
setInterval(() => {}, 1000);
`;
let env;
test.before(() => {
  sb.files({
    'says.js': SAYS,
    'app.py': 'import time\nprint("python app up", flush=True)\nwhile True: time.sleep(1)\n',
    'run.sh': 'echo "shell app up"\nwhile true; do sleep 1; done\n',
    'package.json': { name: 'pkg', version: '1.0.0', scripts: { start: 'node says.js' } },
    'bin/fake-ts-node': FAKE_TS_NODE,
    'eco-npm.json': { apps: [{ name: 'npmstart', script: 'npm', args: 'start' }] },
    'eco-program.json': { apps: [{ name: 'tsnode', script: 'fake-ts-node', args: 'src/index.ts' }] },
    'eco-cmdline.json': { apps: [{ name: 'cmdline', script: 'node says.js --from-cmdline' }] },
  });
  fs.chmodSync(path.join(sb.appDir, 'bin', 'fake-ts-node'), 0o755);
  env = { PATH: `${path.join(sb.appDir, 'bin')}${path.delimiter}${process.env.PATH}` };
});
test.afterEach.always(() => kit.clear());
test.after.always(() => sb.cleanup());

test.serial('start app.py runs python (the interpreter of its extension), in fork mode, not updatable', async (t) => {
  await ok(t, ['start', 'app.py']);
  const [p] = await online('app');
  t.regex(p.pm2_env.exec_interpreter, /^python3?$/);
  t.is(p.pm2_env.exec_mode, 'fork_mode');
  t.false(p.pm2_env.moult.updatable);
  await fileHas(`${sb.home}/logs/app-0.out.log`, 'python app up');
});

test.serial('start run.sh runs bash', async (t) => {
  await ok(t, ['start', 'run.sh']);
  const [p] = await online('run');
  t.is(p.pm2_env.exec_interpreter, 'bash');
  await fileHas(`${sb.home}/logs/run-0.out.log`, 'shell app up');
});

test.serial('script: "npm", args: "start" runs npm start (a program on PATH)', async (t) => {
  await ok(t, ['start', 'eco-npm.json']);
  const [p] = await online('npmstart');
  t.is(path.basename(p.pm2_env.pm_exec_path), 'npm');
  await fileHas(`${sb.home}/logs/npmstart-0.out.log`, 'argv=');
});

test.serial('pm2 start npm -- start: the same from the command line', async (t) => {
  await ok(t, ['start', 'npm', '--name', 'npmcli', '--', 'start']);
  await online('npmcli');
  await fileHas(`${sb.home}/logs/npmcli-0.out.log`, 'argv=');
});

test.serial('a program on PATH with node\'s #! line (ts-node\'s habit) runs with node, its args after it', async (t) => {
  await ok(t, ['start', 'eco-program.json'], { env });
  const [p] = await online('tsnode');
  t.is(p.pm2_env.exec_interpreter, 'node');
  t.is(p.pm2_env.pm_exec_path, path.join(sb.appDir, 'bin', 'fake-ts-node'));
  await fileHas(`${sb.home}/logs/tsnode-0.out.log`, 'fake-ts-node runs src/index.ts');
});

test.serial('a binary on PATH runs itself (interpreter none): start sleep -- 1000', async (t) => {
  await ok(t, ['start', 'sleep', '--', '1000']);
  const [p] = await online('sleep');
  t.is(p.pm2_env.exec_interpreter, 'none');
  t.regex(p.pm2_env.pm_exec_path, /\/bin\/sleep$/);
});

test.serial('a command line as script ("node says.js --from-cmdline") runs through bash -c', async (t) => {
  await ok(t, ['start', 'eco-cmdline.json']);
  await online('cmdline');
  await fileHas(`${sb.home}/logs/cmdline-0.out.log`, 'argv=["--from-cmdline"]');
  await ok(t, ['start', 'node says.js --typed', '--name', 'typed']);
  await online('typed');
  await fileHas(`${sb.home}/logs/typed-0.out.log`, 'argv=["--typed"]');
});

test.serial('-i 2 of a python script: two processes in fork mode (cluster mode is for node)', async (t) => {
  await ok(t, ['start', 'app.py', '--name', 'py2', '-i', '2']);
  const procs = await online('py2', 2);
  t.deepEqual(procs.map((p) => p.pm2_env.exec_mode), ['fork_mode', 'fork_mode']);
});

test.serial('an interpreter that is not installed is refused, naming it', async (t) => {
  const r = await sb.cli(['start', 'app.py', '--name', 'nope', '--interpreter', 'no-such-python']);
  t.is(r.code, 2);
  t.regex(r.stderr, /--interpreter: no-such-python is not on PATH/);
});
