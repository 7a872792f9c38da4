// `moult fleet ls [--package name] [--json]` (SPEC 8, 6.5): the hosts etcd knows, up (a live host
// record under its lease) or down (a member once seen), with their apps; with --package, the
// version of that package releases put in force on each host and app.
import type { Etcd3 } from 'etcd3';
import type { FleetKeys, HostRecord } from '../../protocol/fleet';
import { escapeControl } from '../../protocol/limits';
import { hostsAndMembers } from './fleet-reads';

const print = (s: string): void => { process.stdout.write(`${s}\n`); };

/** `fleet ls --package name`: one line per host and app, the version releases put in force (SPEC 6.5). */
function byPackage(live: HostRecord[], name: string, json: boolean): number {
  const rows = live.flatMap((h) => Object.entries(h.apps).map(([app, info]) => {
    const hits = (info.packages ?? []).filter((p) => p.name === name);
    return { host: h.host, app, versions: hits.map((p) => ({ path: p.path, version: p.version, how: p.how })) };
  }));
  if (json) {
    print(JSON.stringify(rows));
    return 0;
  }
  print(escapeControl(`HOST  APP  ${name}`));
  for (const r of rows.sort((x, y) => x.host.localeCompare(y.host))) {
    const v = r.versions.length ? r.versions.map((x) => `${x.version} (${x.how}, ${x.path})`).join(', ') : 'as installed (no release changed it)';
    print(escapeControl(`${r.host}  ${r.app}  ${v}`));
  }
  return 0;
}

export async function ls(client: Etcd3, keys: FleetKeys, json: boolean, pkg?: string): Promise<number> {
  const { live, members } = await hostsAndMembers(client, keys);
  if (pkg) return byPackage(live, pkg, json);
  const up = new Set(live.map((h) => h.host));
  const down = members.filter((m) => !up.has(m.host));
  if (json) {
    print(JSON.stringify([...live.map((h) => ({ ...h, up: true })), ...down.map((m) => ({ host: m.host, labels: m.labels, up: false, apps: m.apps }))]));
    return 0;
  }
  const rows = [...live.sort((x, y) => x.host.localeCompare(y.host)).map((h) => [h.host, 'up', Object.entries(h.labels).map(([k, v]) => `${k}=${v}`).join(','), `${h.moult}/${h.node}`,
    Object.entries(h.apps).map(([app, info]) => `${app}: ${info.instances.filter((i) => i.status === 'online').length}/${info.instances.length} online${info.instances[0]?.updates.length ? ` [${info.instances[0].updates.join(', ')}]` : ''}`).join('; ')]),
  ...down.map((m) => [m.host, 'down', Object.entries(m.labels).map(([k, v]) => `${k}=${v}`).join(','), '-', m.apps.join(', ')])];
  const head = ['HOST', 'STATE', 'LABELS', 'MOULT/NODE', 'APPS'];
  const widths = head.map((t, i) => Math.max(t.length, ...rows.map((r) => r[i].length)));
  for (const r of [head, ...rows]) print(escapeControl(r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')));
  return 0;
}
