// pm2's command-line options (pm2 6, lib/binaries/CLI.js) for the verbs that start or change apps
// (start, restart, reload, startOrRestart, startOrReload), as yargs options, and what each becomes:
// a field of the app (pm2's own field names, so that they go through the same validation and
// normalisation as an ecosystem file's), an option of the verb, or a warning saying why moult does
// not act on it and what to use instead. No pm2 option is an "Unknown argument".
import type { Argv, Options } from 'yargs';

/** An option that becomes a field of the app (pm2's name for it in an ecosystem file). */
interface FieldOption { field: string; yargs: Options; convert?: (v: unknown) => unknown }

const str = (describe: string, alias?: string | string[]): Options => ({ type: 'string', describe, ...(alias ? { alias } : {}) });
const bool = (describe: string, alias?: string): Options => ({ type: 'boolean', describe, ...(alias ? { alias } : {}) });

/** `--watch` alone is true; `--watch a --watch b`: those paths. */
const watchValue = (v: unknown): unknown => {
  const list = (Array.isArray(v) ? v : [v]).map(String).filter((x) => x !== '');
  return list.length === 0 ? true : list.length === 1 ? list[0] : list;
};

/** pm2's `--watch-delay 4` is seconds, `--watch-delay 4000ms` milliseconds. */
const watchDelay = (v: unknown): unknown => (/^\s*\d+(\.\d+)?\s*$/.test(String(v)) ? `${String(v).trim()}s` : v);

/** pm2 reads `--node-args=null` as "no node_args". */
const nodeArgs = (v: unknown): unknown => (v === 'null' ? [] : v);

export const FIELD_OPTIONS: Record<string, FieldOption> = {
  name: { field: 'name', yargs: str('app name (default: the script\'s base name)', 'n') },
  instances: { field: 'instances', yargs: str('instances: a number, "max", 0 (one per CPU) or -N (one per CPU but N); a node app runs in cluster mode', 'i') },
  interpreter: { field: 'interpreter', yargs: str('program that runs the script (default: by its extension: node, python, bash…; "none": the script runs itself)') },
  'interpreter-args': { field: 'node_args', yargs: str('arguments for the interpreter (pm2\'s alias of --node-args)'), convert: nodeArgs },
  'node-args': { field: 'node_args', yargs: str('arguments for node ("--max-old-space-size=512 --inspect")'), convert: nodeArgs },
  output: { field: 'out_file', yargs: str('file for the app\'s stdout (each instance its own: out.log → out-0.log, unless --merge-logs)', 'o') },
  error: { field: 'error_file', yargs: str('file for the app\'s stderr', 'e') },
  log: { field: 'log_file', yargs: str('one more file with both stdout and stderr (-l alone: $MOULT_HOME/logs/<app>.log)', 'l'), convert: (v) => (v === '' ? true : v) },
  'log-date-format': { field: 'log_date_format', yargs: str('prefix each output line with the time in this format ("YYYY-MM-DD HH:mm Z")') },
  time: { field: 'time', yargs: bool('prefix each output line with the time') },
  'merge-logs': { field: 'merge_logs', yargs: bool('instances share their log files') },
  'kill-timeout': { field: 'kill_timeout', yargs: str('delay between SIGINT and SIGKILL on stop (ms, or "2s")', 'k') },
  'listen-timeout': { field: 'listen_timeout', yargs: str('how long to wait for ready / listening (ms)') },
  'max-memory-restart': { field: 'max_memory_restart', yargs: str('restart an instance over this memory ("300M", "1G")') },
  'restart-delay': { field: 'restart_delay', yargs: str('delay before restarting after a crash (ms)') },
  'exp-backoff-restart-delay': { field: 'exp_backoff_restart_delay', yargs: str('exponential back-off of crash restarts, from this delay (ms)') },
  'max-restarts': { field: 'max_restarts', yargs: str('crashes in a row before min_uptime after which the app is errored') },
  cwd: { field: 'cwd', yargs: str('working directory of the app') },
  cron: { field: 'cron_restart', yargs: str('restart on this cron schedule ("0 3 * * *"; "0": none)', ['c', 'cron-restart']) },
  'wait-ready': { field: 'wait_ready', yargs: bool('the app is online once it calls process.send(\'ready\')') },
  watch: { field: 'watch', yargs: str('restart on file changes in the app\'s folder (or these paths)'), convert: watchValue },
  'ignore-watch': { field: 'ignore_watch', yargs: str('paths (globs or /regex/) that --watch ignores') },
  'watch-delay': { field: 'watch_delay', yargs: str('quiet time before a watch restart (seconds, or "500ms")'), convert: watchDelay },
  autorestart: { field: 'autorestart', yargs: bool('restart after a crash (--no-autorestart: never)') },
  'stop-exit-codes': { field: 'stop_exit_codes', yargs: { type: 'array', describe: 'exit codes after which the app is not restarted' } },
  'shutdown-with-message': { field: 'shutdown_with_message', yargs: bool('stop with process.send(\'shutdown\') instead of SIGINT (SIGKILL after kill_timeout)') },
  pid: { field: 'pid_file', yargs: str('a file with the pid of each process while it runs (app.pid → app-0.pid)', 'p') },
  'execute-command': { field: 'exec_mode', yargs: bool('fork mode (no cluster), as pm2\'s -x', 'x'), convert: (v) => (v ? 'fork' : undefined) },
};

/** pm2 options moult accepts and does not act on: the warning says why and what to use instead. */
export const IGNORED_OPTIONS: Record<string, { yargs: Options; why: string }> = {
  namespace: { yargs: str('(pm2) namespace'), why: 'moult has no namespaces; name the apps, or start them from one ecosystem file and use --only' },
  uid: { yargs: str('(pm2) user id'), why: 'apps run as the daemon\'s user: run moult as that user (`moult startup systemd` writes a unit with User=)' },
  gid: { yargs: str('(pm2) group id'), why: 'apps run as the daemon\'s group' },
  user: { yargs: str('(pm2) user', 'u'), why: 'apps run as the daemon\'s user: run moult as that user' },
  'log-type': { yargs: str('(pm2) log format'), why: 'app output is written as the app writes it; moult\'s own events are JSON lines in moultd.log' },
  'disable-logs': { yargs: bool('(pm2) no log files'), why: 'use -o /dev/null -e /dev/null' },
  'filter-env': { yargs: str('(pm2) filter the environment'), why: 'apps get the daemon\'s environment, this shell\'s, and their env' },
  treekill: { yargs: bool('(pm2) --no-treekill'), why: 'stop signals the app\'s process; its own children are its to end' },
  'source-map-support': { yargs: bool('(pm2) source maps'), why: 'use --node-args="--enable-source-maps"' },
  'disable-source-map-support': { yargs: bool('(pm2) no source maps'), why: 'moult adds no source-map support of its own' },
  vizion: { yargs: bool('(pm2) --no-vizion'), why: 'moult keeps no git metadata of apps' },
  pmx: { yargs: bool('(pm2) --no-pmx'), why: 'moult injects no pm2.io agent' },
  automation: { yargs: bool('(pm2) --no-automation'), why: 'moult injects no pm2.io agent' },
  trace: { yargs: bool('(pm2.io) tracing'), why: 'pm2.io is not part of moult' },
  'disable-trace': { yargs: bool('(pm2.io) tracing'), why: 'pm2.io is not part of moult' },
  v8: { yargs: bool('(pm2.io) v8 metrics'), why: 'pm2.io is not part of moult' },
  'event-loop-inspector': { yargs: bool('(pm2.io) event loop'), why: 'pm2.io is not part of moult' },
  'deep-monitoring': { yargs: bool('(pm2.io) monitoring'), why: 'pm2.io is not part of moult' },
  autostart: { yargs: bool('(pm2) --no-autostart'), why: 'moult starts what it is given; `moult stop <app>` right after if it must wait' },
  attach: { yargs: bool('(pm2) attach to logs'), why: 'run `moult logs <app>` after the start' },
  parallel: { yargs: str('(pm2) parallel actions'), why: 'moult acts on the processes one after another' },
  ext: { yargs: str('(pm2) watched extensions'), why: 'watch folders or files (--watch a b), ignore others with --ignore-watch' },
  write: { yargs: bool('(pm2) write <name>-pm2.json', 'w'), why: '`moult init` writes an ecosystem file to start from' },
  daemon: { yargs: bool('(pm2) --no-daemon'), why: '`moult run <ecosystem>` runs the daemon in the foreground' },
  color: { yargs: bool('(pm2) --no-color'), why: 'moult\'s output has no colours' },
  'mini-list': { yargs: bool('(pm2) compact list', 'm'), why: 'moult ls is one line per process' },
  hp: { yargs: str('(pm2 startup) home path'), why: '`moult startup systemd` uses MOULT_HOME' },
  'service-name': { yargs: str('(pm2 startup) service name'), why: '`moult startup systemd` names its unit moult' },
  'wait-ip': { yargs: bool('(pm2 startup) wait for the network'), why: 'the systemd unit moult writes starts after network.target' },
};

/** Options of the verbs themselves (not fields of an app). */
export const VERB_OPTIONS: Record<string, Options> = {
  env: str('merge each app\'s env_<profile> (ecosystem files)'),
  only: str('of an ecosystem file, only these apps (comma-separated)'),
  'update-env': bool('the apps get this shell\'s environment', 'a'),
  force: bool('start one more process of an app that runs already', 'f'),
  silent: bool('print nothing on success', 's'),
  'update-daemon': bool('the file\'s daemon section (trusted_keys, fleet) replaces the settings the home has'),
};

/** Adds pm2's options to a verb. */
export function withPm2Options<T>(y: Argv<T>): Argv<T> {
  let out = y as Argv<unknown>;
  for (const [k, o] of Object.entries(FIELD_OPTIONS)) out = out.option(k, { ...o.yargs, group: 'App options (pm2\'s):' });
  for (const [k, o] of Object.entries(VERB_OPTIONS)) out = out.option(k, o);
  for (const [k, o] of Object.entries(IGNORED_OPTIONS)) out = out.option(k, { ...o.yargs, hidden: true });
  return out as Argv<T>;
}

/**
 * The app fields the command line sets (pm2's names), and a warning for each pm2 option given that
 * moult does not act on. `given`: the option names typed (yargs fills in defaults for none of them).
 */
export function appFields(argv: Record<string, unknown>): { fields: Record<string, unknown>; warnings: string[] } {
  const fields: Record<string, unknown> = {};
  for (const [k, o] of Object.entries(FIELD_OPTIONS)) {
    const v = argv[k];
    if (v === undefined) continue;
    const value = o.convert ? o.convert(v) : v;
    if (value !== undefined) fields[o.field] = value;
  }
  const warnings = Object.entries(IGNORED_OPTIONS)
    .filter(([k]) => argv[k] !== undefined)
    .map(([k, o]) => `--${k}: a pm2 option that moult does not act on; ignored (${o.why})`);
  return { fields, warnings };
}

/** The command-line option of an app field, for messages (`apps[0].instances` → `-i`). */
export function optionOf(field: string): string | undefined {
  const hit = Object.entries(FIELD_OPTIONS).find(([, o]) => o.field === field);
  if (!hit) return undefined;
  const alias = hit[1].yargs.alias;
  const short = (Array.isArray(alias) ? alias : alias ? [alias] : []).find((a) => a.length === 1);
  return short ? `-${short}` : `--${hit[0]}`;
}
