// Which fleet updates are in force on this host, per app, and which orders it took
// ($MOULT_HOME/fleet/applied.json): what
// the release catch-up compares with, what a rollback order undoes, and what a daemon restarted
// in the middle of an order reports instead of applying it again. Written atomically.
import fs from 'node:fs';
import path from 'node:path';
import { readOwnedFile } from '../../protocol/owned-file';
import { writeJsonAtomically } from '../state/store';

export interface AppliedEntry {
  sha256: string;
  rollout: string;
  /** The updates the module produced, in order. */
  names: string[];
  rolled_back?: boolean;
}

interface Applied {
  apps: Record<string, AppliedEntry[]>;
  /** Orders taken (`<rollout>/<action>`), so that none is applied twice across restarts. */
  claims: string[];
}

export class AppliedStore {
  private data: Applied;

  constructor(private readonly file: string, warn: (msg: string) => void = () => {}) {
    // The daemon's own file (protocol/owned-file.ts): another user's is not read, and is replaced.
    const read = readOwnedFile(file);
    if (read.kind === 'refused') warn(`${read.problem}: the host's fleet record starts empty`);
    try {
      const parsed = (read.kind === 'ok' ? JSON.parse(read.text) : null) as Partial<Applied> | null;
      this.data = { apps: parsed?.apps ?? {}, claims: Array.isArray(parsed?.claims) ? parsed.claims : [] };
    } catch {
      this.data = { apps: {}, claims: [] };
    }
  }

  /** sha256 of the app's fleet updates in force, in order. */
  inForce(app: string): string[] {
    return (this.data.apps[app] ?? []).filter((e) => !e.rolled_back).map((e) => e.sha256);
  }

  find(app: string, sha256: string): AppliedEntry | undefined {
    return [...(this.data.apps[app] ?? [])].reverse().find((e) => e.sha256 === sha256 && !e.rolled_back);
  }

  /** True the first time an order is taken on this host (written before it is applied). */
  claim(order: string): boolean {
    if (this.data.claims.includes(order)) return false;
    this.data.claims.push(order);
    this.save();
    return true;
  }

  add(app: string, entry: AppliedEntry): void {
    (this.data.apps[app] ??= []).push(entry);
    this.save();
  }

  markRolledBack(app: string, sha256: string): void {
    const e = this.find(app, sha256);
    if (!e) return;
    e.rolled_back = true;
    this.save();
  }

  private save(): void {
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    writeJsonAtomically(this.file, this.data);
  }
}
