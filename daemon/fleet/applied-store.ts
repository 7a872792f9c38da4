// What this host remembers of the fleet besides its apps' releases ($MOULT_HOME/fleet/applied.json,
// written atomically): the orders it took (so that none is applied twice across restarts: a daemon
// killed in the middle of one reports once from what is in force), the release entries that failed
// here (not tried again by the reconcile: audit row 7a), and the fleet updates a starting instance
// got before it was online, not yet through the health gate. Which fleet updates are in force is
// not kept here: the app's own release (state.json) says it (local-release.ts).
import fs from 'node:fs';
import path from 'node:path';
import { readOwnedFile } from '../../protocol/owned-file';
import { writeJsonAtomically } from '../state/store';

export interface FailedHere {
  update_id: string;
  app: string;
  error: string;
  at: number;
}

interface Applied {
  /** Orders taken (their keys' `<rollout>/<action>`), newest last. */
  claims: string[];
  failed: FailedHere[];
  /** Update ids applied to a starting instance before it was online, per app: gated once it is. */
  unverified: Record<string, string[]>;
}

/** Bounds: a host keeps the newest of each (an order older than that is long over). */
const MAX_CLAIMS = 2000;
const MAX_FAILED = 200;

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export class AppliedStore {
  private data: Applied;

  constructor(private readonly file: string, warn: (msg: string) => void = () => {}) {
    // The daemon's own file (protocol/owned-file.ts): another user's is not read, and is replaced.
    const read = readOwnedFile(file);
    if (read.kind === 'refused') warn(`${read.problem}: the host's fleet record starts empty`);
    let parsed: Partial<Record<keyof Applied, unknown>> | null = null;
    try {
      parsed = read.kind === 'ok' ? JSON.parse(read.text) : null;
    } catch { /* starts empty */ }
    const failed = Array.isArray(parsed?.failed) ? parsed.failed.filter((f): f is FailedHere => typeof f?.update_id === 'string' && typeof f.app === 'string' && typeof f.error === 'string') : [];
    const unverified = parsed?.unverified && typeof parsed.unverified === 'object' ? Object.fromEntries(Object.entries(parsed.unverified).map(([k, v]) => [k, strings(v)])) : {};
    this.data = { claims: strings(parsed?.claims), failed, unverified };
  }

  /** True the first time an order is taken on this host (written before it is applied). */
  claim(order: string): boolean {
    if (this.data.claims.includes(order)) return false;
    this.data.claims = [...this.data.claims, order].slice(-MAX_CLAIMS);
    this.save();
    return true;
  }

  claimed(order: string): boolean {
    return this.data.claims.includes(order);
  }

  failedHere(app: string): FailedHere[] {
    return this.data.failed.filter((f) => f.app === app);
  }

  markFailed(app: string, updateId: string, error: string): void {
    this.data.failed = [...this.data.failed.filter((f) => f.update_id !== updateId), { update_id: updateId, app, error, at: Date.now() }].slice(-MAX_FAILED);
    this.save();
  }

  clearFailed(updateId: string): void {
    if (!this.data.failed.some((f) => f.update_id === updateId)) return;
    this.data.failed = this.data.failed.filter((f) => f.update_id !== updateId);
    this.save();
  }

  unverified(app: string): string[] {
    return this.data.unverified[app] ?? [];
  }

  setUnverified(app: string, ids: string[]): void {
    if (ids.length) this.data.unverified[app] = ids;
    else delete this.data.unverified[app];
    this.save();
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeJsonAtomically(this.file, this.data);
  }
}
