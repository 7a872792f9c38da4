// moult and pm2 behind one small interface, each with its own home folder in a temp dir.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run, runOk, markEnv, onCleanup, pidsWithEnv } from './proc.mjs';
import { sleep } from './stats.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const MOULT_BIN = path.join(ROOT, 'bin', 'moult.js');
export const PM2_BIN = path.join(ROOT, 'node_modules', '.bin', 'pm2');
export const PRELOAD = path.join(ROOT, 'dist', 'runtime', 'preload.js');

export function checkBuilt() {
  for (const f of [PRELOAD, path.join(ROOT, 'dist', 'client', 'cli.js')]) {
    if (!fs.existsSync(f)) throw new Error(`${f} is missing: build first (npx tsc -p tsconfig.json && node scripts/link-bins.js)`);
  }
  if (!fs.existsSync(PM2_BIN)) throw new Error(`${PM2_BIN} is missing: npm install`);
}

/**
 * CPU time (user + system, all threads) a process has used so far, in ms (Linux USER_HZ = 100:
 * 10 ms ticks). On a shared machine it moves far less with the load than wall time does.
 */
export function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function readRssKb(pid) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmRSS:\s+(\d+) kB/.exec(status);
  if (!m) throw new Error(`no VmRSS for pid ${pid}`);
  return Number(m[1]);
}

function makeTool({ name, homeVar, home, cmd, argsPrefix, list, pidFile }) {
  fs.mkdirSync(home, { recursive: true, mode: 0o700 });
  const env = { ...process.env, [homeVar]: home };
  markEnv(`${homeVar}=${home}`);
  const tool = {
    name,
    home,
    /** Runs one CLI command; resolves {code, stdout, stderr, ms}. */
    cli: (args, opts = {}) => run(cmd, [...argsPrefix, ...args], { env, cwd: home, ...opts }),
    cliOk: (args, opts = {}) => runOk(cmd, [...argsPrefix, ...args], { env, cwd: home, ...opts }),
    /** [{name, pid, status}] of every instance, through the CLI (`ls --json` / `jlist`). */
    list: () => list(tool),
    daemonPid() {
      try {
        const pid = Number(fs.readFileSync(path.join(home, pidFile), 'utf8').trim());
        return pid > 0 ? pid : null;
      } catch {
        return null;
      }
    },
    daemonRunning() {
      const pid = tool.daemonPid();
      if (!pid) return false;
      try { process.kill(pid, 0); return true; } catch { return false; }
    },
    /** Every process (daemon and apps) that carries this tool's home in its environment. */
    processes: () => pidsWithEnv(`${homeVar}=${home}`),
    /** Stops the daemon and every app, and waits until none of its processes is left. */
    async kill() {
      if (tool.daemonRunning()) await tool.cli(['kill'], { timeoutMs: 30_000, duringCleanup: true });
      for (let i = 0; i < 100 && tool.processes().length; i++) await sleep(100);
    },
  };
  onCleanup(() => tool.kill());
  return tool;
}

export function moult(home) {
  return makeTool({
    name: 'moult', homeVar: 'MOULT_HOME', home, cmd: process.execPath, argsPrefix: [MOULT_BIN], pidFile: 'moultd.pid',
    async list(tool) {
      const r = await tool.cliOk(['ls', '--json']);
      return JSON.parse(r.stdout).map((i) => ({ name: i.name, pid: i.pid, status: i.status, restarts: i.restarts }));
    },
  });
}

export function pm2(home) {
  return makeTool({
    name: 'pm2', homeVar: 'PM2_HOME', home, cmd: PM2_BIN, argsPrefix: [], pidFile: 'pm2.pid',
    async list(tool) {
      const r = await tool.cliOk(['jlist']);
      const json = r.stdout.slice(r.stdout.indexOf('['));
      return JSON.parse(json).map((p) => ({ name: p.name, pid: p.pid, status: p.pm2_env?.status, restarts: p.pm2_env?.restart_time }));
    },
  });
}

/** Polls tool.list() back to back until `count` instances are online; returns that list. */
export async function waitOnline(tool, count, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await tool.list();
    if (list.filter((i) => i.status === 'online').length >= count) return list;
    if (Date.now() > deadline) throw new Error(`${tool.name}: ${count} apps not online after ${timeoutMs} ms: ${JSON.stringify(list)}`);
  }
}

/** An ecosystem file (JSON, read by both moult and pm2) of `count` copies of script. */
export function writeEcosystem(file, script, count, prefix = 'idle') {
  const apps = Array.from({ length: count }, (_, i) => ({ name: `${prefix}${i}`, script, cwd: path.dirname(script), autorestart: true }));
  fs.writeFileSync(file, JSON.stringify({ apps }, null, 2));
  return file;
}
