// `moult describe <app|id>`: one app's details the way pm2 describe shows them, every value
// escaped (a name or an env value cannot forge lines or drive the terminal).
import type { AppDetails } from '../../protocol/control';
import { escapeControl } from '../../protocol/limits';
import { bytes, duration, table } from '../format';

const ms = (n: number): string => (n % 1000 === 0 ? `${n / 1000}s` : `${n}ms`);

export function formatDetails(d: AppDetails): string {
  const c = d.config;
  const fields: [string, string][] = [
    ['name', c.name], ['id', String(d.id)], ['script', c.script], ['args', c.args.join(' ') || '-'], ['cwd', c.cwd],
    ['interpreter', c.interpreter], ['node args', c.node_args.join(' ') || '-'],
    ['exec mode', `${c.exec_mode}, ${c.instances} instance${c.instances === 1 ? '' : 's'}`],
    ['autorestart', `${c.autorestart} (max ${c.max_restarts} restarts, min uptime ${ms(c.min_uptime)}, restart delay ${ms(c.restart_delay)})`],
    ['kill timeout', ms(c.kill_timeout)],
    ['env', Object.keys(c.env).length ? Object.entries(c.env).map(([k, v]) => `${k}=${v}`).join(' ') : '-'],
    ['updates', `replay ${c.updates.replay}, max_tries ${c.updates.max_tries}, sleep_time ${ms(c.updates.sleep_time)}${c.manager ? `, manager ${c.manager}` : ''}`],
  ];
  if (c.wait_ready) fields.push(['wait ready', `yes (listen timeout ${ms(c.listen_timeout)})`]);
  if (c.max_memory_restart !== undefined) fields.push(['max memory', bytes(c.max_memory_restart)]);
  if (c.watch) fields.push(['watch', c.watch.join(', ')]);
  if (c.cron_restart) fields.push(['cron restart', c.cron_restart]);
  if (c.health) fields.push(['health', JSON.stringify(c.health)]);
  const width = Math.max(...fields.map(([k]) => k.length));
  const lines = fields.map(([k, v]) => `${k.padEnd(width)}  ${escapeControl(v)}`);
  const head = ['instance', 'pid', 'status', 'uptime', 'restarts', 'cpu', 'memory', 'release', 'out log', 'error log'];
  const rows = d.instances.map((i) => [String(i.instance), i.pid ? String(i.pid) : '-', i.status, duration(i.uptime_ms), String(i.restarts), `${i.cpu}%`, bytes(i.memory),
    `${i.instance_release ?? '-'}${i.drift ? ' (drift)' : ''}`, i.out_file, i.error_file].map((x) => escapeControl(x)));
  lines.push('', table([head, ...rows]));
  lines.push('', `release ${escapeControl(d.release ?? '-')}: ${d.updates.length ? 'updates in force (replayed after a restart):' : 'no update in force'}`);
  for (const i of d.instances.filter((x) => x.drift)) lines.push(`  ! instance ${i.instance} runs other code (release ${escapeControl(i.instance_release ?? '-')}): its updates ${escapeControl(i.updates.join(', ') || 'none')}`);
  for (const u of d.updates) lines.push(`  ${escapeControl(u.name)}  ${new Date(u.applied_at).toISOString()}  ${escapeControl(u.file)}`);
  if (d.packages?.length) {
    lines.push('', 'packages changed by releases (version in force):');
    for (const p of d.packages) lines.push(`  ${escapeControl(p.name)} ${p.from ?? '(new)'} → ${escapeControl(p.to)}, ${p.how}  (${escapeControl(p.path)}; instances ${p.instances.join(', ') || 'none'})`);
  }
  return lines.join('\n');
}
