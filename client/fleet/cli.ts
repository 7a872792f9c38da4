// `moult fleet …` (SPEC 8): ls, update, patch, rollback, status, resume, abort. The CLI talks to
// etcd only (`--etcd URL[,URL]` or MOULT_ETCD; TLS and user from an ecosystem's daemon.fleet with
// --ecosystem), never to a daemon: the daemons act on what it writes there.
import crypto from 'node:crypto';
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Argv } from 'yargs';
import type { Etcd3 } from 'etcd3';
import { loadEcosystem, ConfigError, appNameProblem } from '../../config/ecosystem';
import { openEtcd, type EtcdAccess } from '../../protocol/fleet-etcd';
import {
  MAX_FLEET_UPDATE_BYTES, fleetKeys, parseJson, type FleetKeys, type HostRecord, type MemberRecord, type ReleaseEntry,
  type OrderResult, type RolloutKind, type RolloutRecord, type StoredUpdate,
} from '../../protocol/fleet';
import { formatBytes, escapeControl } from '../../protocol/limits';
import { signSource } from '../../protocol/signature';
import { CliError } from '../errors';
import { Coordinator } from './coordinator';
import { parseHostFilter, planWaves } from './plan';
import { reporter, hostTable, summary } from './output';
import { isRelease, resolveRelease } from '../verbs/release';
import { signedText } from './keygen';

export interface FleetArgs {
  action: string;
  args: (string | number)[];
  json: boolean;
  etcd?: string;
  prefix?: string;
  ecosystem?: string;
  hosts?: string;
  canary: number;
  batch: string;
  'max-failures': number;
  'min-healthy': number;
  deadline: number;
  /** fleet ls: hosts by this package's version in force. */
  package?: string;
  sign?: string;
  target?: string;
}

const print = (s: string): void => { process.stdout.write(`${s}\n`); };

export function fleetOptions(y: Argv): Argv {
  return y
    .positional('action', { type: 'string', describe: 'ls | update | patch | rollback | status | resume | abort' })
    .option('etcd', { type: 'string', describe: 'etcd URL[,URL] (default: MOULT_ETCD)' })
    .option('prefix', { type: 'string', describe: 'the fleet\'s key prefix (default /moult)' })
    .option('ecosystem', { type: 'string', describe: 'take etcd, prefix, TLS and user from this ecosystem\'s daemon.fleet' })
    .option('hosts', { type: 'string', describe: 'name,… or label=value,…' })
    .option('canary', { type: 'number', default: 0, describe: 'hosts of the first wave' })
    .option('batch', { type: 'string', default: '25%', describe: 'hosts per wave after the canary: N or P%' })
    .option('max-failures', { type: 'number', default: 0, describe: 'failed hosts tolerated before rolling back' })
    .option('min-healthy', { type: 'number', default: 5, describe: 'seconds a host must stay healthy after the update' })
    .option('deadline', { type: 'number', default: 120, describe: 'seconds after which a silent host has failed' })
    .option('sign', { type: 'string', describe: 'ed25519 private key (PEM file from `moult keygen`)' })
    .option('target', { type: 'string', describe: 'fleet patch: the loaded module to replace' })
    .option('package', { type: 'string', describe: 'fleet patch: a dependency\'s release (name@version or a tarball); fleet ls: the hosts by the version of this package that releases put in force' });
}

function access(a: FleetArgs): { access: EtcdAccess; prefix: string } {
  let fromEco: (EtcdAccess & { prefix: string }) | undefined;
  if (a.ecosystem) {
    try {
      fromEco = loadEcosystem(path.resolve(a.ecosystem)).daemon.fleet;
    } catch (err) {
      if (err instanceof ConfigError) throw new CliError(2, err.message);
      throw err;
    }
    if (!fromEco) throw new CliError(2, `${a.ecosystem}: daemon.fleet is not set`);
  }
  const urls = (a.etcd ?? process.env.MOULT_ETCD ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const etcd = urls.length ? urls : fromEco?.etcd ?? [];
  if (!etcd.length) throw new CliError(2, '--etcd: no etcd URL (give --etcd URL[,URL], MOULT_ETCD, or --ecosystem with daemon.fleet)');
  for (const u of etcd) if (!/^https?:\/\/[^\s/]+/.test(u)) throw new CliError(2, `--etcd: expected http(s)://host:port, not ${JSON.stringify(u)}`);
  return { access: { ...fromEco, etcd }, prefix: a.prefix ?? fromEco?.prefix ?? '/moult' };
}

const seconds = (v: number, flag: string, min = 0): number => {
  if (!(Number.isFinite(v) && v >= min && v <= 86_400)) throw new CliError(2, `--${flag}: expected seconds from ${min} to 86400, not ${v}`);
  return Math.round(v * 1000);
};

const count = (v: number, flag: string): number => {
  if (!(Number.isInteger(v) && v >= 0)) throw new CliError(2, `--${flag}: expected a whole number >= 0, not ${v}`);
  return v;
};

function arg(a: FleetArgs, i: number, name: string): string {
  const v = a.args[i];
  if (v === undefined || v === '') throw new CliError(2, `fleet ${a.action}: missing <${name}>`);
  return String(v);
}

function appArg(a: FleetArgs, i: number): string {
  const app = arg(a, i, 'app');
  const problem = appNameProblem(app);
  if (problem) throw new CliError(2, `<app>: ${problem}`);
  return app;
}

async function hostsAndMembers(client: Etcd3, keys: FleetKeys): Promise<{ live: HostRecord[]; members: MemberRecord[] }> {
  const live = Object.values(await client.getAll().prefix(keys.hosts).strings()).map((v) => parseJson<HostRecord>(v)).filter((h): h is HostRecord => !!h?.host);
  const members = Object.values(await client.getAll().prefix(keys.members).strings()).map((v) => parseJson<MemberRecord>(v)).filter((m): m is MemberRecord => !!m?.host);
  return { live, members };
}

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

async function ls(client: Etcd3, keys: FleetKeys, json: boolean, pkg?: string): Promise<number> {
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

function readUpdate(file: string, kind: 'update' | 'patch', a: FleetArgs): StoredUpdate {
  const abs = path.resolve(file);
  let source: string;
  try {
    const size = fs.statSync(abs).size;
    if (size > MAX_FLEET_UPDATE_BYTES) {
      throw new CliError(2, `update file ${abs}: too large for the fleet: ${formatBytes(size)}, over the limit of ${formatBytes(MAX_FLEET_UPDATE_BYTES)} (etcd refuses requests over 1.5 MiB)`);
    }
    // An update travels with the local files it loads, as one unit (protocol/update-unit.ts).
    source = signedText(abs, kind);
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(2, `update file ${abs}: ${(err as Error).message}`);
  }
  if (Buffer.byteLength(source) > MAX_FLEET_UPDATE_BYTES) {
    throw new CliError(2, `update file ${abs}: too large for the fleet with the local files it loads: ${formatBytes(Buffer.byteLength(source))}, over the limit of ${formatBytes(MAX_FLEET_UPDATE_BYTES)} (etcd refuses requests over 1.5 MiB)`);
  }
  let signature: string | undefined;
  if (a.sign) {
    try {
      signature = signSource(source, fs.readFileSync(path.resolve(a.sign), 'utf8'));
    } catch (err) {
      throw new CliError(2, `--sign ${a.sign}: ${(err as Error).message}`);
    }
  }
  const sha256 = crypto.createHash('sha256').update(source).digest('hex');
  return { kind, name: path.basename(abs), sha256, source, ...(signature ? { signature } : {}), ...(a.target ? { target: a.target } : {}) };
}

/**
 * `fleet patch <app> <dir|tarball|git-ref>` / `--package` (SPEC 6.5): the release as the client
 * resolves it locally, packed into one tarball (base64 in the stored update); each host builds its
 * release from it against its own tree, in one transaction per host.
 */
function readRelease(a: FleetArgs): StoredUpdate {
  const given = a.args[1] === undefined ? undefined : String(a.args[1]);
  if (a.package !== undefined && given !== undefined) throw new CliError(2, 'fleet patch: give either a release or --package, not both');
  const { req, done } = resolveRelease({ app: '', ...(a.package !== undefined ? { pkg: a.package } : { tree: given }), json: false, wait: true, timeoutMs: 0, reloadIfNeeded: false });
  const tgz = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'moult-fleet-release-')), 'release.tgz');
  try {
    execFileSync('tar', ['czf', tgz, '-C', req.dir, '.']);
    const source = fs.readFileSync(tgz).toString('base64');
    if (source.length > MAX_FLEET_UPDATE_BYTES) {
      throw new CliError(2, `release ${req.label}: too large for the fleet: ${formatBytes(source.length)} once packed, over the limit of ${formatBytes(MAX_FLEET_UPDATE_BYTES)} (etcd refuses requests over 1.5 MiB)`);
    }
    let signature: string | undefined;
    if (a.sign) signature = signSource(source, fs.readFileSync(path.resolve(a.sign), 'utf8'));
    const sha256 = crypto.createHash('sha256').update(source).digest('hex');
    // Named as a plain file name on every host (a path is only this machine's): `cookie@0.7.0`,
    // `greeter-1.2.0.tgz`, `@scope+pkg@1.0.0`.
    const label = (fs.existsSync(req.label) ? path.basename(req.label) : req.label.replace(/\//g, '+')).replace(/^\.+/, '') || 'release';
    return { kind: 'patch', name: label, sha256, source, ...(signature ? { signature } : {}), release: { kind: req.kind, label, ...(req.name ? { name: req.name } : {}) } };
  } finally {
    done();
    fs.rmSync(path.dirname(tgz), { recursive: true, force: true });
  }
}

function newId(app: string): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\..*$/, '').replace('T', '-');
  return `${app}-${stamp}-${crypto.randomBytes(2).toString('hex')}`;
}

async function startRollout(client: Etcd3, keys: FleetKeys, a: FleetArgs, kind: RolloutKind): Promise<RolloutRecord> {
  const app = appArg(a, 0);
  const options = {
    ...(a.hosts ? { hosts: a.hosts } : {}),
    canary: count(a.canary, 'canary'), batch: String(a.batch), max_failures: count(a['max-failures'], 'max-failures'),
    min_healthy_ms: seconds(a['min-healthy'], 'min-healthy'), deadline_ms: seconds(a.deadline, 'deadline', 0.1),
  };
  let sha256: string;
  let name: string;
  if (kind === 'rollback') {
    const release = parseJson<ReleaseEntry[]>(await client.get(keys.release(app)).string()) ?? [];
    const last = release[release.length - 1];
    if (!last) throw new CliError(1, `${app} has no fleet release to roll back`);
    ({ sha256, name } = last);
  } else {
    const release = kind === 'patch' && (a.package !== undefined || (a.args[1] !== undefined && isRelease(String(a.args[1]))));
    const update = release ? readRelease(a) : readUpdate(arg(a, 1, 'file'), kind, a);
    await new Coordinator(client, keys, () => {}).store(update);
    ({ sha256, name } = update);
  }
  const { live, members } = await hostsAndMembers(client, keys);
  const plan = planWaves(app, live, members, parseHostFilter(a.hosts), options.canary, options.batch);
  const hosts: RolloutRecord['hosts'] = {};
  plan.waves.forEach((w, i) => { for (const h of w) hosts[h] = { wave: i, state: 'pending' }; });
  for (const h of plan.missed) hosts[h] = { wave: -1, state: 'missed', error: 'down when the rollout started: catches up from the release when it is back' };
  const now = Date.now();
  const rec: RolloutRecord = { id: newId(app), app, kind, sha256, name, options, waves: plan.waves, wave: 0, state: 'running', hosts, created_at: now, updated_at: now };
  await client.put(keys.rollout(rec.id)).value(JSON.stringify(rec));
  if (!a.json) print(`rollout ${rec.id}: ${kind} ${name} on ${app}, ${plan.waves.length} wave(s): ${plan.waves.map((w) => w.join(',')).join(' | ')}${plan.missed.length ? `; missed (down): ${plan.missed.join(', ')}` : ''}`);
  return rec;
}

async function drive(client: Etcd3, keys: FleetKeys, rec: RolloutRecord, json: boolean, lockWaitMs: number): Promise<number> {
  const final = await new Coordinator(client, keys, reporter(rec, { json, tty: process.stdout.isTTY === true })).drive(rec.id, lockWaitMs);
  return final.state === 'succeeded' ? 0 : 1;
}

/**
 * A running rollout's record as etcd's orders and results say it stands now: its coordinator saves
 * the record at wave boundaries, and may have died since writing orders or receiving results.
 */
async function asItStands(client: Etcd3, keys: FleetKeys, rec: RolloutRecord): Promise<RolloutRecord> {
  if (rec.state !== 'running' || rec.kind === 'rollback') return rec;
  const results = await client.getAll().prefix(keys.results(rec.id)).strings();
  await Promise.all(Object.entries(rec.hosts).map(async ([host, h]) => {
    const r = parseJson<OrderResult>(results[keys.result(rec.id, host, 'apply')] ?? null);
    if (r) rec.hosts[host] = { ...h, state: r.outcome, ...(r.error ? { error: r.error } : {}) };
    else if (h.state === 'pending' && await client.get(keys.order(host, rec.id, 'apply')).exists()) rec.hosts[host] = { ...h, state: 'ordered' };
  }));
  const open = rec.waves.findIndex((w) => w.some((host) => rec.hosts[host].state !== 'completed'));
  rec.wave = open === -1 ? rec.waves.length : open;
  return rec;
}

async function status(client: Etcd3, keys: FleetKeys, a: FleetArgs): Promise<number> {
  if (a.args[0] !== undefined) {
    const rec = await asItStands(client, keys, await new Coordinator(client, keys, () => {}).load(String(a.args[0])));
    print(a.json ? JSON.stringify(rec) : `${summary(rec)}, wave ${Math.min(rec.wave + 1, rec.waves.length)}/${rec.waves.length}\n${hostTable(rec)}`);
    return 0;
  }
  const all = Object.values(await client.getAll().prefix(keys.rollouts).strings()).map((v) => parseJson<RolloutRecord>(v)).filter((r): r is RolloutRecord => !!r?.id)
    .sort((x, y) => x.created_at - y.created_at);
  if (a.json) print(JSON.stringify(all));
  else if (!all.length) print('no rollouts');
  else for (const r of all) print(summary(r));
  return 0;
}

export async function runFleet(a: FleetArgs): Promise<number> {
  const { access: acc, prefix } = access(a);
  const keys = fleetKeys(prefix);
  const client = openEtcd(acc);
  try {
    switch (a.action) {
      case 'ls': return await ls(client, keys, a.json, a.package);
      case 'update':
      case 'patch':
      case 'rollback': {
        const rec = await startRollout(client, keys, a, a.action);
        return await drive(client, keys, rec, a.json, 0);
      }
      case 'status': return await status(client, keys, a);
      case 'resume': {
        const rec = await new Coordinator(client, keys, () => {}).load(arg(a, 0, 'rollout'));
        if (rec.state !== 'running') {
          print(a.json ? JSON.stringify(rec) : `${summary(rec)}: nothing to resume`);
          return rec.state === 'succeeded' ? 0 : 1;
        }
        return await drive(client, keys, rec, a.json, 15_000);
      }
      case 'abort': {
        const id = arg(a, 0, 'rollout');
        const rec = await new Coordinator(client, keys, () => {}).load(id);
        if (rec.state !== 'running') throw new CliError(1, `${summary(rec)}: already over`);
        await client.put(keys.abort(id)).value(String(Date.now()));
        return await drive(client, keys, rec, a.json, 15_000).then(() => 0);
      }
      default:
        throw new CliError(2, `fleet: unknown action ${JSON.stringify(a.action)} (expected ls, update, patch, rollback, status, resume or abort)`);
    }
  } catch (err) {
    if (err instanceof CliError) throw err;
    throw new CliError(1, `fleet ${a.action}: etcd at ${acc.etcd.join(',')}: ${(err as Error).message}`);
  } finally {
    client.close();
  }
}
