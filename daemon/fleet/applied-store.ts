// Which fleet updates are in force on this host, per app ($MOULT_HOME/fleet/applied.json): what
// the release catch-up compares with, what a rollback order undoes, and what a daemon restarted
// in the middle of an order reports instead of applying it again. Written atomically.
import fs from 'node:fs';
import path from 'node:path';

export interface AppliedEntry {
  sha256: string;
  rollout: string;
  /** The updates the module produced, in order. */
  names: string[];
  rolled_back?: boolean;
}

type Applied = Record<string, AppliedEntry[]>;

export class AppliedStore {
  private data: Applied;

  constructor(private readonly file: string) {
    try {
      const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as unknown;
      this.data = parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed as Applied : {};
    } catch {
      this.data = {};
    }
  }

  /** sha256 of the app's fleet updates in force, in order. */
  inForce(app: string): string[] {
    return (this.data[app] ?? []).filter((e) => !e.rolled_back).map((e) => e.sha256);
  }

  find(app: string, sha256: string): AppliedEntry | undefined {
    return [...(this.data[app] ?? [])].reverse().find((e) => e.sha256 === sha256 && !e.rolled_back);
  }

  add(app: string, entry: AppliedEntry): void {
    (this.data[app] ??= []).push(entry);
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
    const tmp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(this.data), { mode: 0o600 });
    fs.renameSync(tmp, this.file);
  }
}
