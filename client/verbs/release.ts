// `moult patch <app> <dir|tarball|git-ref>` and `moult patch <app> --package <name>@<version|tarball>`
// (SPEC 6.5), the client's part: what the user names is unpacked into a folder the daemon reads
// (a registry version with `npm pack`, a tarball with `tar`, a git ref with `git archive`), the
// daemon builds and applies the release, and the folder is removed once it answered.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { ReleaseRequest, UpdateResult } from '../../protocol/control';
import type { LogEvent } from '../../protocol/events';
import { CliError } from '../errors';
import { withDaemon, print } from '../cli-support';
import { escapeControl } from '../../protocol/limits';

export interface ReleaseArgs {
  app: string;
  /** A folder, a .tgz / .tar.gz, or a git ref of the repository the command runs in. */
  tree?: string;
  /** `name@version`, `name` (the latest), or a package tarball. */
  pkg?: string;
  json: boolean;
  wait: boolean;
  timeoutMs: number;
  reloadIfNeeded: boolean;
  /** `--recompute`: the recompute hooks module (runtime/patch/recompute.ts). */
  recompute?: string;
}

const TARBALL = /\.(tgz|tar\.gz)$/;

/** A patch argument that names a release rather than one module's new source: a folder, a tarball, or no file at all (a git ref). */
export function isRelease(arg: string): boolean {
  const st = fs.statSync(arg, { throwIfNoEntry: false });
  return st ? st.isDirectory() || TARBALL.test(arg) : !/\.[cm]?[jt]sx?$/.test(arg);
}

function run(cmd: string, args: string[], cwd: string): string {
  try {
    return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new CliError(1, `${cmd} ${args.join(' ')}: ${(e.stderr || e.message).trim().split('\n').slice(-3).join(' ')}`);
  }
}

/** Unpacks a tarball into dir, without its single top folder (npm's `package/`) when it has one. */
function untar(tgz: string, dir: string): void {
  const entries = run('tar', ['tzf', tgz], dir).split('\n').filter(Boolean);
  const tops = new Set(entries.map((e) => e.replace(/^\.\//, '').split('/')[0]));
  run('tar', ['xzf', tgz, '-C', dir, ...(tops.size === 1 && entries.some((e) => e.includes('/')) ? ['--strip-components=1'] : [])], dir);
}

function packageName(dir: string, what: string): string {
  try {
    const name = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).name;
    if (typeof name === 'string' && name) return name;
  } catch { /* below */ }
  throw new CliError(2, `${what}: no package.json with a name`);
}

/** Resolves what the user named into a folder the daemon can read; `done()` removes what was unpacked. */
export function resolveRelease(a: ReleaseArgs, cwd = process.cwd()): { req: ReleaseRequest; done: () => void } {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'moult-release-'));
  const done = (): void => fs.rmSync(tmp, { recursive: true, force: true });
  const unpacked = path.join(tmp, 'tree');
  fs.mkdirSync(unpacked);
  const common = { ...(a.reloadIfNeeded ? { reload_if_needed: true } : {}), ...(a.recompute ? { recompute: path.resolve(cwd, a.recompute) } : {}) };
  try {
    if (a.pkg !== undefined) {
      let tgz: string;
      if (TARBALL.test(a.pkg) && fs.existsSync(a.pkg)) tgz = path.resolve(cwd, a.pkg);
      else {
        // The registry (or whatever npm is set to use), through npm itself: its cache, auth and proxy apply.
        const out = run('npm', ['pack', a.pkg, '--pack-destination', tmp, '--silent'], cwd).trim().split('\n').pop()!;
        tgz = path.join(tmp, out);
      }
      untar(tgz, unpacked);
      return { req: { kind: 'package', dir: unpacked, name: packageName(unpacked, a.pkg), label: a.pkg, ...common }, done };
    }
    const given = a.tree!;
    const abs = path.resolve(cwd, given);
    const st = fs.statSync(abs, { throwIfNoEntry: false });
    if (st?.isDirectory()) {
      done();
      return { req: { kind: 'tree', dir: abs, label: path.basename(abs), ...common }, done: () => {} };
    }
    if (st?.isFile() && TARBALL.test(abs)) {
      untar(abs, unpacked);
      return { req: { kind: 'tree', dir: unpacked, label: path.basename(abs), ...common }, done };
    }
    if (!st) {
      // A git ref of the repository we are in: its tree, as committed.
      try {
        execFileSync('git', ['rev-parse', '--verify', '--quiet', `${given}^{commit}`], { cwd, stdio: 'ignore' });
      } catch {
        throw new CliError(2, `${given}: neither a folder, a tarball, nor a git ref of ${cwd}`);
      }
      const top = run('git', ['rev-parse', '--show-toplevel'], cwd).trim();
      const tar = path.join(tmp, 'tree.tar');
      run('git', ['archive', '--format=tar', '-o', tar, given], top);
      run('tar', ['xf', tar, '-C', unpacked], top);
      return { req: { kind: 'tree', dir: unpacked, label: given, ...common }, done };
    }
    throw new CliError(2, `${given}: a release is a folder, a .tgz / .tar.gz or a git ref`);
  } catch (err) {
    done();
    throw err;
  }
}

type ReleaseAnswer = UpdateResult & { release?: { name: string; files_changed: number; files_sent: number; packages: { name: string; path: string; from: string | null; to: string }[]; stood: boolean; disk_error?: string; fallback?: 'reload' | 'restart'; reason?: string; warning?: string; files?: { file: string; via: string }[] } };

export async function patchRelease(a: ReleaseArgs, pretty: (e: LogEvent) => string, exitCodeOf: (r: UpdateResult) => number, report: (r: UpdateResult, timeoutMs: number) => number): Promise<number> {
  const { req, done } = resolveRelease(a);
  try {
    const paths: string[] = [];
    const r = await withDaemon((c) => c.request<ReleaseAnswer>(
      { verb: 'patch', app: a.app, file: req.label, wait: a.wait, timeoutMs: a.timeoutMs, release: req },
      (e) => {
        const ev = e as unknown as LogEvent;
        if (ev.event === 'update.applied' && ev.files) paths.push(...ev.files.map((f) => `${a.app}[${ev.instance}] ${f.file}: ${f.via}`));
        if (!a.json) print(pretty(ev));
      },
    ));
    if (a.json) {
      print(JSON.stringify(r));
      return a.wait ? (r.release?.fallback ? 0 : exitCodeOf(r)) : 0;
    }
    if (!a.wait) return 0;
    const rel0 = r.release;
    // Went in by a reload: the hot attempt's refusal is the reason, not the outcome.
    const code = rel0?.fallback ? 0 : report(r, a.timeoutMs);
    if (rel0?.fallback) print(`${escapeControl(a.app)}: ${escapeControl(rel0.name)} could not be applied hot (${escapeControl(rel0.reason ?? 'refused')}): ${rel0.fallback === 'reload' ? 'reloaded (zero-downtime, new workers on the new tree)' : 'restarted on the new tree'}`);
    // The path each file took: hot (per instance), or the reload / restart that took the release in.
    for (const p of rel0?.fallback ? (rel0.files ?? []).map((f) => `${a.app} ${f.file}: ${f.via}`) : paths) print(escapeControl(p));
    const rel = r.release;
    if (rel) {
      for (const p of rel.packages) print(`${escapeControl(p.name)} ${p.from ?? '(new)'} → ${escapeControl(p.to)} (${escapeControl(p.path)})${rel.stood ? (rel.fallback ? `, ${rel.fallback}` : ', hot') : ''}`);
      print(rel.stood ? `release ${escapeControl(rel.name)}: ${rel.files_changed} file(s) written to disk, ${rel.files_sent} sent to the app` : `release ${escapeControl(rel.name)}: did not complete in every instance: undone everywhere, nothing written to disk`);
      if (rel.warning) print(`warning: ${escapeControl(rel.warning)}`);
      if (rel.disk_error) print(`warning: the files could not be written to disk (${escapeControl(rel.disk_error)}): a restart replays the release`);
    }
    return rel && !rel.stood ? Math.max(code, 1) : code;
  } finally {
    done();
  }
}
