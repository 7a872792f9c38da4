// The daemon's security settings (daemon.trusted_keys, daemon.fleet) belong to the home, not to
// the command that happened to start the daemon (issue 16, item 4; audit row 6.3: a daemon started
// by `moult ls` after a crash, or by `resurrect`, applied unsigned updates). They are kept in
// $MOULT_HOME/daemon.json (0600, owned by the user, read like every trusted file of the home) and
// every daemon of the home enforces them, whichever verb started it. They change only:
// - when none are recorded yet: the first `start eco.json` (or `moult run eco.json`) that has them;
// - with `moult start eco.json --update-daemon` (explicit), or `moult run eco.json` (the foreground
//   daemon's own file, for systemd), which then logs what changed.
// A `start` whose file says otherwise is told so (and what differs), and changes nothing.
import path from 'node:path';
import type { DaemonSettings, FleetConfig } from '../../config/ecosystem';
import type { HomeLayout } from '../../protocol/home';
import { MoultError } from '../../protocol/errors';
import type { SettingsOutcome } from '../../protocol/control';
import { publicKeyOf } from '../../protocol/signature';
import { readOwnedFile } from '../../protocol/owned-file';
import { preview } from '../../protocol/limits';
import { writeJsonAtomically } from './store';

export const settingsFile = (home: HomeLayout): string => path.join(home.root, 'daemon.json');

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function fleetProblem(f: unknown): string | null {
  if (!isObject(f)) return 'expected an object';
  if (!isStrings(f.etcd) || !f.etcd.length) return 'etcd: expected a list of URLs';
  if (typeof f.host !== 'string' || !f.host) return 'host: expected a string';
  if (typeof f.prefix !== 'string') return 'prefix: expected a string';
  if (!isObject(f.labels) || !Object.values(f.labels).every((v) => typeof v === 'string')) return 'labels: expected an object of strings';
  if (f.tls !== undefined && (!isObject(f.tls) || !Object.values(f.tls).every((v) => typeof v === 'string' && path.isAbsolute(v)))) return 'tls: expected absolute paths';
  if (f.auth !== undefined && (!isObject(f.auth) || typeof f.auth.username !== 'string' || typeof f.auth.password_file !== 'string' || !path.isAbsolute(f.auth.password_file))) return 'auth: expected {username, password_file}';
  return null;
}

/** Why `v` is not DaemonSettings (normalised, as the CLI sends them and daemon.json keeps them), or null. */
export function settingsProblem(v: unknown): string | null {
  if (!isObject(v)) return 'expected an object';
  if (!isStrings(v.trusted_keys)) return 'trusted_keys: expected a list of public keys';
  for (const [i, k] of v.trusted_keys.entries()) {
    try {
      publicKeyOf(k);
    } catch (err) {
      return `trusted_keys[${i}]: ${(err as Error).message} (${preview(k)})`;
    }
  }
  if (v.fleet !== undefined) {
    const p = fleetProblem(v.fleet);
    if (p) return `fleet.${p}`;
  }
  const extra = Object.keys(v).find((k) => k !== 'trusted_keys' && k !== 'fleet');
  return extra ? `${extra}: unknown field` : null;
}

export const NO_SETTINGS: DaemonSettings = { trusted_keys: [] };

/** The settings as they are compared and kept: only their two fields, keys in a fixed order. */
export function settingsOf(d: { trusted_keys: string[]; fleet?: FleetConfig }): DaemonSettings {
  return { trusted_keys: [...d.trusted_keys], ...(d.fleet ? { fleet: d.fleet } : {}) };
}

const canonical = (v: unknown): string => JSON.stringify(v, (_k, x) => (isObject(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

/** What differs, one line each, in words (never a key in full). */
export function differences(from: DaemonSettings, to: DaemonSettings): string[] {
  const out: string[] = [];
  const keys = (k: string[]): string => (k.length ? `${k.length} key${k.length > 1 ? 's' : ''} (${k.map((x) => `${x.trim().slice(0, 8)}…`).join(', ')})` : 'none (unsigned updates accepted)');
  if (canonical([...from.trusted_keys].sort()) !== canonical([...to.trusted_keys].sort())) out.push(`trusted_keys: ${keys(from.trusted_keys)} → ${keys(to.trusted_keys)}`);
  const fleet = (f?: FleetConfig): string => (f ? `etcd ${f.etcd.join(',')} prefix ${f.prefix} as host ${f.host}` : 'none');
  if (canonical(from.fleet ?? null) !== canonical(to.fleet ?? null)) out.push(`fleet: ${fleet(from.fleet)} → ${fleet(to.fleet)}`);
  return out;
}

export class SettingsError extends MoultError {
  constructor(message: string) {
    super('ECONFIG', message);
  }
}

/** daemon.json, or null when none is recorded; throws SettingsError naming the file and the fix. */
export function readSettings(file: string): DaemonSettings | null {
  const read = readOwnedFile(file);
  if (read.kind === 'absent') return null;
  const fix = `Fix: move it aside (mv ${file} ${file}.bad) and start your ecosystem file again (moult start <file>)`;
  if (read.kind === 'refused') throw new SettingsError(`${read.problem}. ${fix}`);
  let raw: unknown;
  try {
    raw = JSON.parse(read.text);
  } catch (err) {
    throw new SettingsError(`${file}: not valid JSON (${(err as Error).message}). ${fix}`);
  }
  const problem = isObject(raw) && raw.version === 1 && isObject(raw.settings) ? settingsProblem(raw.settings) : 'expected {"version": 1, "settings": {...}}';
  if (problem) throw new SettingsError(`${file}: ${problem}. ${fix}`);
  return settingsOf((raw as { settings: DaemonSettings }).settings);
}

export function writeSettings(file: string, settings: DaemonSettings, from: string): void {
  writeJsonAtomically(file, { version: 1, settings: settingsOf(settings), from, at: new Date().toISOString() });
}

/**
 * The settings in force in this daemon, kept in daemon.json, and what applying them means (the
 * trusted keys of the update path, the fleet membership) given by the daemon.
 */
export class SettingsInForce {
  private current: DaemonSettings;

  constructor(private readonly file: string, recorded: DaemonSettings | null, private readonly apply: (s: DaemonSettings, previous: DaemonSettings | null) => Promise<void>) {
    this.current = recorded ?? NO_SETTINGS;
    this.recorded = recorded !== null;
  }

  private recorded: boolean;

  get settings(): DaemonSettings {
    return this.current;
  }

  /** Whether any were applied yet in this daemon (at start-up, by start() or replace()). */
  private applied = false;

  /** At start-up: the recorded ones (or none) are applied. */
  async start(): Promise<void> {
    this.applied = true;
    await this.apply(this.current, null);
  }

  /**
   * A start's settings (`given`, from `file`): recorded and applied when none are recorded yet or
   * `update` is set; else compared, and kept as they are.
   */
  async offer(given: DaemonSettings | undefined, file: string, update: boolean): Promise<SettingsOutcome> {
    if (!given) return { kind: 'none' };
    const diff = differences(this.current, given);
    const wasRecorded = this.recorded;
    if (wasRecorded && !diff.length) return { kind: 'same' };
    if (wasRecorded && !update) return { kind: 'kept', file: this.file, differences: diff };
    await this.replace(given, file);
    return wasRecorded ? { kind: 'updated', file: this.file, differences: diff } : { kind: 'recorded', file: this.file };
  }

  /** Records and applies `settings` (from `file`): `moult run`, or an explicit update. */
  async replace(settings: DaemonSettings, file: string): Promise<void> {
    const previous = this.applied ? this.current : null;
    this.applied = true;
    writeSettings(this.file, settings, file);
    this.recorded = true;
    this.current = settingsOf(settings);
    await this.apply(this.current, previous);
  }
}
