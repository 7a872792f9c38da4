// `moult check [app|dir] [--json]` (SPEC 6.7): before a deploy, which files the load-time rewrite
// leaves as written, and why, by the check the rewrite's own corpus tests use
// (runtime/instrument/check.ts, run in a child: node --experimental-vm-modules lets V8 compile
// ES modules without running them). A folder is read with the default filter (every .js, .cjs
// and .mjs file outside node_modules); an app with its `cwd` and `updates.instrument` globs as
// the running daemon knows them. Exit 0: every file is rewritten; 1: some are not (the parser
// cannot read them, the rewrite breaks them, or Node cannot compile them as written); 2: bad input.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { RUNTIME_CHECK_FILES } from '../../protocol/package-files';
import { escapeControl } from '../../protocol/limits';
import { CliError } from '../errors';
import { describeIfRunning } from '../known-apps';

/** One file's verdict, as check-files.js prints it. */
export interface FileVerdict {
  file: string;
  status: 'instrumented' | 'skipped' | 'broken' | 'invalid';
  type?: 'script' | 'module';
  functions?: number;
  instrumented?: number;
  line?: number;
  reason?: string;
  /** Functions of an instrumented file that stay as written (constructors aside). */
  left?: { line: number; name?: string; why: LeftWhy }[];
}

type LeftWhy = 'arrow-parameters' | 'declarations' | 'asm.js' | 'arguments' | 'constructor';

const LEFT: Record<LeftWhy, string> = {
  'constructor': 'a class constructor',
  'arrow-parameters': 'an arrow with patterns or defaults in its parameters',
  'declarations': 'its body declares a function whose name would clash once the body is wrapped in try/finally',
  'asm.js': 'asm.js',
  'arguments': 'patterns or defaults in its parameters next to a binding named arguments',
};

export interface CheckReport {
  /** What was checked: a folder, or an app (its cwd) */
  target: { dir: string; app?: string; instrument: string[] | false | null };
  files: FileVerdict[];
  /** Counts by status. */
  summary: Record<FileVerdict['status'], number>;
}

type Request = { dir: string; instrument: string[] | false | null } | { files: { file: string }[] };

function runChecker(req: Request): Promise<FileVerdict[]> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['--experimental-vm-modules', '--no-warnings', RUNTIME_CHECK_FILES], { maxBuffer: 1 << 30 }, (err, stdout, stderr) => {
      if (err) reject(new CliError(1, `check: the checker failed: ${stderr.trim() || err.message}`));
      else resolve(JSON.parse(stdout) as FileVerdict[]);
    });
    child.stdin!.end(JSON.stringify(req));
  });
}

/** Where `target` points: a folder or a file on disk, else an app the daemon knows. */
async function resolveTarget(target: string): Promise<{ req: Request; about: CheckReport['target'] }> {
  const abs = path.resolve(target);
  let st: fs.Stats | null = null;
  try { st = fs.statSync(abs); } catch { /* not on disk: an app name */ }
  if (st?.isDirectory()) return { req: { dir: abs, instrument: null }, about: { dir: abs, instrument: null } };
  if (st?.isFile()) return { req: { files: [{ file: abs }] }, about: { dir: path.dirname(abs), instrument: null } };
  const apps = await describeIfRunning(target);
  const app = apps?.[0];
  if (!app) throw new CliError(2, `check: ${abs} is no file or folder, and no running daemon knows an app named ${target}`);
  const instrument = app.config.updates.instrument ?? null;
  return { req: { dir: app.config.cwd, instrument }, about: { dir: app.config.cwd, app: app.config.name, instrument } };
}

export async function check(target: string | undefined): Promise<CheckReport> {
  const { req, about } = await resolveTarget(target ?? '.');
  const files = await runChecker(req);
  const summary = { instrumented: 0, skipped: 0, broken: 0, invalid: 0 };
  for (const f of files) summary[f.status]++;
  return { target: about, files, summary };
}

export const checkExitCode = (r: CheckReport): number => (r.files.some((f) => f.status !== 'instrumented') ? 1 : 0);

const WHAT: Record<Exclude<FileVerdict['status'], 'instrumented'>, string> = {
  skipped: 'not instrumented, loads as written',
  broken: 'not instrumented, loads as written (a bug of moult: please report it)',
  invalid: 'Node cannot compile it as written',
};

export function formatCheck(r: CheckReport): string {
  const where = r.target.app ? `app ${r.target.app} (${r.target.dir})` : r.target.dir;
  const rel = (f: string): string => escapeControl(path.relative(r.target.dir, f) || f);
  const lines: string[] = [];
  if (r.target.instrument === false) lines.push(`${escapeControl(where)}: updates.instrument is false, nothing is instrumented`);
  for (const f of r.files) {
    if (f.status !== 'instrumented') lines.push(`${rel(f.file)}${f.line ? `:${f.line}` : ''}: ${WHAT[f.status]}: ${escapeControl(f.reason ?? '')}`);
    for (const l of f.left ?? []) lines.push(`${rel(f.file)}:${l.line}: ${l.name ? `${escapeControl(l.name)} ` : 'a function '}stays as written, LiveEdit updates it (${LEFT[l.why] ?? escapeControl(l.why)})`);
  }
  const s = r.summary;
  const functions = r.files.reduce((n, f) => n + (f.instrumented ?? 0), 0);
  const left = r.files.reduce((n, f) => n + (f.left?.length ?? 0), 0);
  lines.push(`${escapeControl(where)}: ${r.files.length} file${r.files.length === 1 ? '' : 's'}, ${s.instrumented} instrumented (${functions} functions reach their slots${left ? `, ${left} stay as written` : ''})` +
    `${s.skipped + s.broken ? `, ${s.skipped + s.broken} loaded as written` : ''}${s.invalid ? `, ${s.invalid} Node cannot compile` : ''}`);
  if (s.skipped + s.broken) lines.push('functions of files loaded as written are updated through LiveEdit only (SPEC 6.7)');
  return lines.join('\n');
}
