// pm2's listings for scripts and monitoring tools: `jlist` (JSON) and `prettylist` (util.inspect of
// the same), one object per process in pm2's shape `{pid, name, pm_id, monit: {memory, cpu},
// pm2_env: {status, restart_time, pm_uptime, exec_mode: "fork_mode"|"cluster_mode", …}}`, so that
// what parses pm2's output parses moult's. pm2_env carries the fields moult has, under pm2's names;
// moult's own (instance number, updates in force) are under pm2_env.moult. Also `pid`, `id`, `ping`.
import util from 'node:util';
import type { CommandModule } from 'yargs';
import type { AppDetails, InstanceInfo } from '../../protocol/control';
import { escapeControl } from '../../protocol/limits';
import { print, withDaemon } from '../cli-support';
import { CliError } from '../errors';
import { describeIfRunning } from '../known-apps';

type Instance = AppDetails['instances'][number];

function pm2Env(d: AppDetails, i: Instance): Record<string, unknown> {
  const c = d.config;
  const env: Record<string, unknown> = { ...c.env };
  const vars: Record<string, unknown> = { [c.instance_var]: i.instance };
  if (c.increment_var) {
    const base = Number(c.env[c.increment_var] ?? 0);
    vars[c.increment_var] = env[c.increment_var] = (Number.isFinite(base) ? base : 0) + i.instance;
  }
  const opt = <T>(k: string, v: T | undefined): Record<string, T> => (v === undefined ? {} : { [k]: v });
  return {
    name: d.name,
    pm_id: i.id,
    status: i.status,
    restart_time: i.restarts,
    unstable_restarts: i.unstable_restarts ?? 0,
    pm_uptime: i.started_at ?? null,
    exec_mode: c.exec_mode === 'cluster' ? 'cluster_mode' : 'fork_mode',
    instances: c.instances,
    exec_interpreter: c.interpreter,
    node_args: c.node_args,
    args: c.args,
    pm_exec_path: c.script,
    pm_cwd: c.cwd,
    pm_out_log_path: i.out_file,
    pm_err_log_path: i.error_file,
    ...opt('pm_log_path', i.log_file),
    watch: i.watching ?? false,
    ignore_watch: c.ignore_watch,
    autorestart: c.autorestart,
    max_restarts: c.max_restarts,
    min_uptime: c.min_uptime,
    restart_delay: c.restart_delay,
    ...opt('exp_backoff_restart_delay', c.exp_backoff_restart_delay),
    kill_timeout: c.kill_timeout,
    wait_ready: c.wait_ready,
    listen_timeout: c.listen_timeout,
    ...opt('max_memory_restart', c.max_memory_restart),
    ...opt('cron_restart', c.cron_restart),
    merge_logs: c.merge_logs,
    ...opt('log_date_format', c.log_date_format),
    time: c.time,
    instance_var: c.instance_var,
    ...opt('increment_var', c.increment_var),
    ...opt('stop_exit_codes', c.stop_exit_codes),
    ...opt('shutdown_with_message', c.shutdown_with_message),
    ...opt('pid_file', c.pid_file),
    // pm2 puts the app's environment both here and in env; the instance variables here only.
    ...env,
    ...vars,
    env,
    moult: { instance: i.instance, updates: i.updates, updatable: i.updatable },
  };
}

/** Every process in pm2's jlist shape. */
export function pm2Processes(details: AppDetails[]): Record<string, unknown>[] {
  const out = details.flatMap((d) => d.instances.map((i) => ({
    pid: i.pid ?? 0,
    name: d.name,
    pm2_env: pm2Env(d, i),
    pm_id: i.id,
    monit: { memory: i.memory, cpu: i.cpu },
  })));
  return out.sort((a, b) => a.pm_id - b.pm_id);
}

async function processes(): Promise<Record<string, unknown>[]> {
  // No daemon: pm2 starts one and lists nothing; moult lists nothing without starting one.
  return pm2Processes(await describeIfRunning('all') ?? []);
}

export const jlistVerb: CommandModule<{ json: boolean }, { json: boolean }> = {
  command: 'jlist',
  describe: 'every process as JSON, in pm2\'s shape (what tools written for `pm2 jlist` parse)',
  handler: async () => { print(JSON.stringify(await processes())); },
};

export const prettylistVerb: CommandModule<{ json: boolean }, { json: boolean }> = {
  command: 'prettylist',
  describe: 'jlist, printed as pm2 prints it (util.inspect)',
  handler: async (a) => { print(a.json ? JSON.stringify(await processes(), null, 2) : util.inspect(await processes(), { depth: null, colors: false, maxArrayLength: null, maxStringLength: null })); },
};

/** `pm2 pid [app]`: the pid of each process of the app (of every app), one per line; 0 for a stopped one. */
export const pidVerb: CommandModule<{ json: boolean }, { json: boolean; app?: string }> = {
  command: 'pid [app]',
  describe: 'the pids of an app\'s processes (of all), one per line (0: not running)',
  builder: (y) => y.positional('app', { type: 'string', describe: 'app name or process id' }),
  handler: async (a) => {
    const details = await describeIfRunning(a.app ?? 'all');
    if (a.app !== undefined && !details?.length) throw new CliError(2, `pid: no app or process ${escapeControl(a.app)}`, 'ENOAPP');
    const pids = (details ?? []).flatMap((d) => d.instances.map((i) => i.pid ?? 0));
    print(a.json ? JSON.stringify(pids) : pids.join('\n'));
  },
};

/** `pm2 id <name>`: the process ids of an app, as a list. */
export const idVerb: CommandModule<{ json: boolean }, { json: boolean; name: string }> = {
  command: 'id <name>',
  describe: 'the process ids of an app',
  builder: (y) => y.positional('name', { type: 'string', demandOption: true }),
  handler: async (a) => {
    const details = await describeIfRunning(a.name) ?? [];
    const ids = details.flatMap((d) => d.instances.map((i) => i.id));
    print(a.json ? JSON.stringify(ids) : util.inspect(ids));
  },
};

/** `pm2 ping`: the daemon answers (started if it was not running). */
export const pingVerb: CommandModule<{ json: boolean }, { json: boolean }> = {
  command: 'ping',
  describe: 'start the daemon if needed and check that it answers',
  handler: async (a) => {
    const r = await withDaemon((c) => c.request<{ pid: number }>({ verb: 'ping' }));
    print(a.json ? JSON.stringify({ msg: 'pong', pid: r.pid }) : `pong (moultd pid ${r.pid})`);
  },
};

/** `ls --sort name|id|pid|status|restarts|memory|cpu|uptime[:asc|:desc]` (pm2's --sort). */
export function sortList(list: InstanceInfo[], sort: string | undefined): InstanceInfo[] {
  if (sort === undefined) return list;
  const [field, order = 'asc'] = sort.split(':');
  const keys: Record<string, (i: InstanceInfo) => string | number> = {
    name: (i) => i.name, id: (i) => i.id, pid: (i) => i.pid ?? 0, status: (i) => i.status, restarts: (i) => i.restarts,
    memory: (i) => i.memory, cpu: (i) => i.cpu, uptime: (i) => i.uptime_ms,
  };
  const key = keys[field ?? ''];
  if (!key || (order !== 'asc' && order !== 'desc')) {
    throw new CliError(2, `--sort: expected one of ${Object.keys(keys).join(', ')}, with :asc or :desc`);
  }
  const dir = order === 'desc' ? -1 : 1;
  return [...list].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return (x < y ? -1 : x > y ? 1 : 0) * dir;
  });
}
