// The plan of a rollout (SPEC 8): the hosts that run the app, filtered by --hosts (names, or
// label=value pairs), canary first, then waves of --batch N or P%; members seen before but down
// now are `missed` (they catch up from the release when they come back).
import type { HostRecord, MemberRecord } from '../../protocol/fleet';
import { CliError } from '../errors';

export interface HostFilter {
  names?: Set<string>;
  labels?: Record<string, string>;
}

export function parseHostFilter(text: string | undefined): HostFilter {
  if (!text) return {};
  const parts = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!parts.length) throw new CliError(2, '--hosts: expected name,… or label=value');
  if (parts.every((p) => p.includes('='))) {
    return { labels: Object.fromEntries(parts.map((p) => [p.slice(0, p.indexOf('=')), p.slice(p.indexOf('=') + 1)])) };
  }
  if (parts.some((p) => p.includes('='))) throw new CliError(2, `--hosts: either host names or label=value pairs, not both (${text})`);
  return { names: new Set(parts) };
}

const matches = (f: HostFilter, host: string, labels: Record<string, string>): boolean =>
  (!f.names || f.names.has(host)) && (!f.labels || Object.entries(f.labels).every(([k, v]) => labels[k] === v));

/** --batch: a count, or a percentage of the hosts (at least one). */
export function batchSize(batch: string, total: number): number {
  const m = /^(\d+)(%?)$/.exec(batch.trim());
  const n = m ? Number(m[1]) : NaN;
  if (!m || !(n > 0) || (m[2] && n > 100)) throw new CliError(2, `--batch: expected a positive count or a percentage (1%–100%), not ${JSON.stringify(batch)}`);
  return m[2] ? Math.max(1, Math.ceil((total * n) / 100)) : n;
}

export interface Plan {
  waves: string[][];
  missed: string[];
}

export function planWaves(app: string, live: HostRecord[], members: MemberRecord[], filter: HostFilter, canary: number, batch: string): Plan {
  const hosts = live.filter((h) => h.apps[app] && matches(filter, h.host, h.labels)).map((h) => h.host).sort();
  if (filter.names) {
    const unknown = [...filter.names].filter((n) => !hosts.includes(n) && !members.some((m) => m.host === n));
    if (unknown.length) throw new CliError(2, `--hosts: no host named ${unknown.join(', ')} in the fleet`);
  }
  const liveNames = new Set(live.map((h) => h.host));
  const missed = members.filter((m) => !liveNames.has(m.host) && m.apps.includes(app) && matches(filter, m.host, m.labels)).map((m) => m.host).sort();
  if (!hosts.length) throw new CliError(1, `no live host of the fleet runs ${app}${filter.names || filter.labels ? ' (with --hosts)' : ''}`);
  const waves: string[][] = [];
  const c = Math.min(canary, hosts.length);
  if (c > 0) waves.push(hosts.slice(0, c));
  const size = batchSize(batch, hosts.length);
  for (let i = c; i < hosts.length; i += size) waves.push(hosts.slice(i, i + size));
  return { waves, missed };
}
