// pm2's own end-to-end scripts (test/e2e/*.sh of a pm2 checkout), run once against pm2 and once
// against moult through a `pm2` shim that only maps the command name (no verb or flag is
// translated: moult must accept pm2's command lines itself). This is issue 21's measure: "a pm2
// user renames the command and nothing else changes".
//
// pm2 is AGPL: its scripts are not part of this repository. The harness takes a pm2 checkout
// (`git archive v6.0.7` of github.com/Unitech/pm2) and copies its test/ folder into a temp dir
// for every script and target, so that the checkout is never written to.
//
// Usage: node bench/pm2-e2e/run.mjs <pm2 checkout> [--target pm2|moult|both] [--only a,b]
//          [--timeout 300] [--out bench/results/pm2-e2e.json]
//
// Each script runs in continue mode: pm2's `fail` stops a script at its first failed assertion;
// here it records the failure and goes on, so every assertion of a script is counted. A script
// passes when no assertion failed and it exited 0 (what pm2's own runner, test/e2e.sh, checks,
// without its retry). Scripts run one at a time (many wait fixed times: two at once would slow
// each other), pm2 and moult alternating script by script so that both see the same machine load.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { markEnv, pidsWithEnv, runBench, run } from '../lib/proc.mjs';
import { sleep, writeJson } from '../lib/stats.mjs';
import { passesClaimed } from './unclaimed.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MOULT_BIN = path.join(ROOT, 'bin', 'moult.js');
const PM2_BIN = path.join(ROOT, 'node_modules', 'pm2', 'bin', 'pm2');

/**
 * The scripts that test what moult claims to do as pm2 does (SPEC 2, 3, 7): start/stop/restart/
 * delete/ls/describe/logs/flush, ecosystem files, env profiles, `--` args, cluster and reload,
 * scale, wait_ready, max_memory_restart, watch, cron_restart, save/resurrect, interpreters,
 * restart policies, ES modules. EXCLUDED says why each other script of pm2 6.0.7 is left out.
 */
export const SCRIPTS = [
  'cli/args.sh', 'cli/binary.sh', 'cli/cli-actions-1.sh', 'cli/cli-actions-2.sh', 'cli/dump.sh',
  'cli/ecosystem.e2e.sh', 'cli/env-refresh.sh', 'cli/extra-lang.sh', 'cli/fork.sh', 'cli/mjs.sh',
  'cli/multiparam.sh', 'cli/operate-regex.sh', 'cli/piped-config.sh', 'cli/python-support.sh',
  'cli/reload.sh', 'cli/reset.sh', 'cli/resurrect.sh', 'cli/right-exit-code.sh', 'cli/smart-start.sh',
  'cli/sort.sh', 'cli/start-app.sh', 'cli/startOrX.sh', 'cli/watch.sh',
  'esmodule.sh',
  'internals/increment-var.sh', 'internals/infinite-loop.sh', 'internals/listen-timeout.sh',
  'internals/signal.sh', 'internals/wait-ready-event.sh', 'internals/wrapped-fork.sh',
  'logs/log-create-not-exist-dir.sh', 'logs/log-custom.sh', 'logs/log-entire.sh', 'logs/log-null.sh',
  'logs/log-reload.sh',
  'misc/cron-system.sh', 'misc/instance-number.sh', 'misc/misc.sh', 'misc/port-release.sh',
  'process-file/app-config-update.sh', 'process-file/homogen-json-action.sh',
  'process-file/js-configuration.sh', 'process-file/json-file.sh', 'process-file/json-reload.sh',
  'process-file/yaml-configuration.sh',
];

export const EXCLUDED = {
  'cli/app-configuration.sh': 'pm2 set/multiset module configuration and pm2.io probes (no module system)',
  'cli/attach.sh': 'pm2 attach (stdin of a process): not claimed',
  'cli/bun.sh': 'the bun runtime',
  'cli/monit.sh': 'pm2.io monitoring flags (link, monitor/unmonitor)',
  'cli/plus.sh': 'pm2.io (plus)',
  'cli/serve.sh': 'pm2 serve (a static file server)',
  'internals/daemon-paths-override.sh': "PM2_PID_FILE_PATH, pm2's own daemon files",
  'internals/options-via-env.sh': 'PM2_DEEP_MONITORING (pm2.io)',
  'internals/promise.sh': "pm2's own unhandledRejection handler in the app (disabled in pm2's e2e.sh too)",
  'internals/source_map.sh': 'source-map-support injection: not claimed',
  'internals/start-consistency.sh': 'vizion (git metadata)',
  'logs/log-json.sh': 'log_type json: not claimed (accepted and ignored)',
  'logs/log-namespace.sh': 'namespaces: not claimed',
  'logs/log-timestamp.sh': "PM2_LOG_DATE_FORMAT: pm2's own CLI output",
  'misc/inside-pm2.sh': "apps driving pm2's programmatic API",
  'misc/nvm-node-version.sh': 'nvm interpreter versions',
  'misc/startup.sh': 'upstart init scripts (moult has systemd only)',
  'misc/versioning-cmd.sh': 'pm2 pull/backward/forward (git deployment)',
  'misc/vizion.sh': 'vizion (git metadata)',
  'modules/get-set.sh': 'pm2 modules', 'modules/module.sh': 'pm2 modules', 'modules/module-safeguard.sh': 'pm2 modules',
  'binaries/pm2-dev.sh': 'the pm2-dev binary', 'binaries/pm2-runtime.sh': 'the pm2-runtime binary',
  'docker.sh': 'pm2 docker generation', 'pull.sh': 'pm2 pull (git)', 'file-descriptor.sh': 'lsof of the PM2 daemon',
};

// pm2's fail() exits the script; in continue mode it records the failure and goes on. The
// success() that follows a fail in pm2's assertions (`[ … ] || fail "x"` then `success "y"` on the
// next line, or two lines down past a comment in include.sh's should) is not counted: it is
// recognised by its place, the same file one or two lines after the fail. A failure also says
// the line of the script it comes from (the outermost caller: should/spec are include.sh's), which
// unclaimed.mjs goes by.
const CONTINUE_MODE = `
# --- added by moult's bench/pm2-e2e/run.mjs: count every assertion, do not stop at the first failure
__E2E_FAIL_AT=
function fail {
  echo -e "######## ✘ $1 @line:\${BASH_LINENO[\${#BASH_LINENO[@]}-2]}"
  __E2E_FAIL_AT="\${BASH_SOURCE[1]}:\${BASH_LINENO[0]}"
}
function success {
  local here="\${BASH_SOURCE[1]}:\${BASH_LINENO[0]}"
  if [ -n "$__E2E_FAIL_AT" ] && [ "\${here%:*}" = "\${__E2E_FAIL_AT%:*}" ]; then
    local d=$(( \${here##*:} - \${__E2E_FAIL_AT##*:} ))
    __E2E_FAIL_AT=
    if [ $d -ge 1 ] && [ $d -le 2 ]; then return 0; fi
  fi
  __E2E_FAIL_AT=
  echo -e "------------> ✔ $1"
}
`;

function shim(target) {
  // The moult shim maps the command's name, nothing else.
  return target === 'pm2'
    ? `#!/usr/bin/env bash\nexec "${process.execPath}" "${PM2_BIN}" "$@"\n`
    : `#!/usr/bin/env bash\nexec "${process.execPath}" "${MOULT_BIN}" "$@"\n`;
}

/** A fresh copy of the checkout's test/ and a bin/pm2 shim, in a temp dir of its own. */
function prepare(checkout, target, script) {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `pm2e2e-${target}-`));
  fs.cpSync(path.join(checkout, 'test'), path.join(root, 'test'), { recursive: true });
  fs.appendFileSync(path.join(root, 'test', 'e2e', 'include.sh'), CONTINUE_MODE);
  // pm2's scripts share /tmp/tmp_out.txt: each run gets its own, so that two runs cannot mix.
  for (const f of fs.readdirSync(path.join(root, 'test', 'e2e'), { recursive: true })) {
    const file = path.join(root, 'test', 'e2e', String(f));
    if (!file.endsWith('.sh') || !fs.lstatSync(file).isFile()) continue;
    const text = fs.readFileSync(file, 'utf8');
    if (text.includes('/tmp/tmp_out.txt')) fs.writeFileSync(file, text.replaceAll('/tmp/tmp_out.txt', path.join(root, 'tmp_out.txt')));
  }
  fs.mkdirSync(path.join(root, 'bin'));
  fs.writeFileSync(path.join(root, 'bin', 'pm2'), shim(target), { mode: 0o755 });
  // Fixtures require semver and @pm2/io: both tools get the same node_modules (pm2's, a devDependency).
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  const home = path.join(root, 'home');
  fs.mkdirSync(home, { mode: 0o700 });
  return { root, home, file: path.join(root, 'test', 'e2e', script) };
}

function runScript({ root, home, file }, timeoutMs) {
  const env = {
    ...process.env,
    HOME: home,
    PM2_HOME: path.join(home, '.pm2'),
    MOULT_HOME: path.join(home, '.moult'),
    PM2_SILENT: 'true',
    E2E_RUN: root,
  };
  markEnv(`E2E_RUN=${root}`);
  return new Promise((resolve) => {
    const child = spawn('bash', [file], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let out = '';
    const t0 = Date.now();
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { out += d; });
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; try { process.kill(-child.pid, 'SIGKILL'); } catch { /* gone */ } }, timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: timedOut ? 'timeout' : code ?? signal, seconds: Math.round((Date.now() - t0) / 100) / 10, out, env });
    });
  });
}

/** `kill` through the shim, then SIGKILL for whatever still carries this run's marker. */
async function clean(root, env) {
  await run(path.join(root, 'bin', 'pm2'), ['kill'], { env, cwd: root, timeoutMs: 30_000 }).catch(() => {});
  for (let i = 0; i < 3; i++) {
    const left = pidsWithEnv(`E2E_RUN=${root}`);
    if (!left.length) break;
    for (const pid of left) { try { process.kill(pid, 'SIGKILL'); } catch { /* gone */ } }
    await sleep(300);
  }
  const left = pidsWithEnv(`E2E_RUN=${root}`);
  fs.rmSync(root, { recursive: true, force: true });
  return left;
}

/**
 * The ✔ and ✘ lines of a script's output. Anywhere in a line, not only at its start: after a
 * progress line (`echo -n "."` in a loop) a tool that prints nothing (pm2 with PM2_SILENT) leaves
 * the assertion's line after the dots, and it was not counted (pm2's infinite-loop.sh showed 1
 * assertion of 3).
 */
function assertions(out) {
  const list = [];
  for (const line of out.split('\n')) {
    const ok = /-{4,}> ✔ ?(.*)$/.exec(line);
    const ko = /#{4,} ✘ ?(.*?)(?: @line:(\d+))?$/.exec(line);
    if (ok) list.push({ ok: true, text: ok[1] });
    else if (ko) list.push({ ok: false, text: ko[1], ...(ko[2] ? { line: Number(ko[2]) } : {}) });
  }
  return list;
}

function summarise(results, targets, load) {
  results.load_at_end = load;
  results.summary = Object.fromEntries(targets.map((t) => {
    const rs = Object.entries(results.scripts).filter(([, s]) => s[t]).map(([script, s]) => ({ script, r: s[t] }));
    return [t, {
      scripts: rs.length, passed: rs.filter(({ r }) => r.pass).length,
      assertions_ok: rs.reduce((n, { r }) => n + r.ok, 0), assertions_failed: rs.reduce((n, { r }) => n + r.failed, 0),
      // unclaimed.mjs: the same scripts, less the assertions of what moult does not claim.
      passed_claimed: rs.filter(({ script, r }) => passesClaimed(script, r)).length,
    }];
  }));
  return results;
}

async function main() {
  const { values: opt, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      target: { type: 'string', default: 'both' },
      only: { type: 'string' },
      timeout: { type: 'string', default: '300' },
      out: { type: 'string', default: path.join(ROOT, 'bench', 'results', 'pm2-e2e.json') },
      'keep-output': { type: 'boolean', default: false },
    },
  });
  const checkout = positionals[0];
  if (!checkout || !fs.existsSync(path.join(checkout, 'test', 'e2e', 'include.sh'))) {
    throw new Error('usage: node bench/pm2-e2e/run.mjs <pm2 checkout> [--target pm2|moult|both] [--only cli/fork.sh,…]\n'
      + '(a checkout of github.com/Unitech/pm2 at v6.0.7, e.g. `git archive v6.0.7 | tar -x -C /tmp/pm2`)');
  }
  if (!fs.existsSync(path.join(ROOT, 'dist', 'client', 'cli.js'))) throw new Error('build first: npx tsc -p tsconfig.json');
  if (!fs.existsSync(PM2_BIN)) throw new Error(`${PM2_BIN} is missing: npm install (pm2 is a devDependency)`);
  const targets = opt.target === 'both' ? ['pm2', 'moult'] : [opt.target];
  const scripts = opt.only ? opt.only.split(',').map((s) => s.trim()).filter(Boolean) : SCRIPTS;
  const timeoutMs = Number(opt.timeout) * 1000;
  const uptime = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
  const results = { started: new Date().toISOString(), node: process.version, load_at_start: uptime(), checkout: path.resolve(checkout), scripts: {} };
  for (const script of scripts) {
    results.scripts[script] = {};
    for (const target of targets) {
      const prepared = prepare(checkout, target, script);
      const r = await runScript(prepared, timeoutMs);
      const left = await clean(prepared.root, r.env);
      const list = assertions(r.out);
      const failed = list.filter((a) => !a.ok);
      const pass = failed.length === 0 && r.code === 0;
      results.scripts[script][target] = {
        pass, exit: r.code, seconds: r.seconds, ok: list.length - failed.length, failed: failed.length,
        assertions: list, ...(left.length ? { left_running: left } : {}), ...(opt['keep-output'] || !pass ? { output: r.out.slice(-20_000) } : {}),
      };
      process.stderr.write(`${pass ? 'PASS' : 'FAIL'} ${target.padEnd(5)} ${script} (${list.length - failed.length} ok, ${failed.length} failed, exit ${r.code}, ${r.seconds}s)${left.length ? ` LEFT RUNNING ${left.join(',')}` : ''}\n`);
    }
    // Written after every script: a run cut short still leaves what it measured.
    writeJson(opt.out, summarise(results, targets, uptime()));
  }
  summarise(results, targets, uptime());
  writeJson(opt.out, results);
  for (const [t, s] of Object.entries(results.summary)) {
    process.stdout.write(`${t}: ${s.passed}/${s.scripts} scripts pass (${s.passed_claimed} on the claimed set); assertions ${s.assertions_ok} ok / ${s.assertions_failed} failed\n`);
  }
  process.stdout.write(`results: ${opt.out} (load ${results.load_at_start} → ${results.load_at_end})\n`);
}

runBench(main);
