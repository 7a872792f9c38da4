// `watch` / `ignore_watch` / `watch_delay` (SPEC 7): the app is restarted when a file under its
// watched paths changes, once the changes have been quiet for watch_delay. Folders are walked and
// watched one by one (node:fs watch, not recursive) so that node_modules, dot folders and ignored
// folders are never even looked at, the same on every Node line; a folder created later is added.
import fs from 'node:fs';
import path from 'node:path';
import type picomatchType from 'picomatch';
import type { AppConfig } from '../../config/ecosystem';

/** A tree larger than this is watched in part (with a warning): each folder costs an inotify watch. */
const MAX_FOLDERS = 4000;

/** node_modules and dot folders (.git, .cache…) are always ignored, as pm2's default ignore_watch does. */
const ALWAYS_IGNORED = (segment: string): boolean => segment === 'node_modules' || segment.startsWith('.');

/** ignore_watch entries are globs, or pm2-style regular expressions ("\\.log$", "^tmp/"). */
function ignoreMatcher(patterns: string[]): (rel: string) => boolean {
  // Loaded for watched apps only.
   
  const picomatch = require('picomatch') as typeof picomatchType;
  const tests = patterns.map((p) => {
    const glob = picomatch(p, { dot: true });
    let re: RegExp | null = null;
    if (/[\\^$|()+]/.test(p)) {
      try { re = new RegExp(p); } catch { re = null; }
    }
    return (rel: string): boolean => glob(rel) || glob(path.basename(rel)) || (re !== null && re.test(rel));
  });
  return (rel) => {
    const parts = rel.split(path.sep);
    if (parts.some(ALWAYS_IGNORED)) return true;
    // A pattern naming a folder ignores everything under it.
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join('/');
      if (tests.some((t) => t(prefix))) return true;
    }
    return false;
  };
}

export class FileWatch {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  private timer: NodeJS.Timeout | null = null;
  private lastChange = '';
  private closed = false;
  private warned = false;

  /** `changed(file)`: after watch_delay of quiet, with the last file that changed. `own`: files never to watch (the app's logs). */
  constructor(
    private readonly config: AppConfig,
    private readonly changed: (file: string) => void,
    private readonly warn: (msg: string) => void,
    private readonly own: string[] = [],
  ) {}

  start(): void {
    for (const root of this.config.watch ?? []) {
      const ignored = ignoreMatcher(this.config.ignore_watch);
      const isIgnored = (p: string): boolean => this.own.includes(p) || (p !== root && ignored(path.relative(root, p)));
      let st: fs.Stats;
      try {
        st = fs.statSync(root);
      } catch (err) {
        this.warn(`watch: cannot watch ${root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        continue;
      }
      if (st.isDirectory()) this.watchTree(root, isIgnored);
      else this.watchOne(root, (name) => name === null || name === path.basename(root) ? root : null);
    }
  }

  private watchTree(dir: string, isIgnored: (p: string) => boolean): void {
    if (this.closed || this.watchers.has(dir) || isIgnored(dir)) return;
    if (this.watchers.size >= MAX_FOLDERS) {
      if (!this.warned) this.warn(`watch: more than ${MAX_FOLDERS} folders under ${this.config.watch?.join(', ')}: the rest is not watched (add them to ignore_watch)`);
      this.warned = true;
      return;
    }
    this.watchOne(dir, (name) => {
      if (name === null) return dir;
      const file = path.join(dir, name);
      if (isIgnored(file)) return null;
      // A new folder: watched from now on (and its changes count as one).
      try { if (fs.statSync(file).isDirectory()) this.watchTree(file, isIgnored); } catch { /* gone again */ }
      return file;
    });
    let entries: fs.Dirent[] = [];
    try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { /* unreadable: its own watch still reports */ }
    for (const e of entries) if (e.isDirectory()) this.watchTree(path.join(dir, e.name), isIgnored);
  }

  /** `relevant(name)`: the changed path, or null if this change does not count. */
  private watchOne(target: string, relevant: (name: string | null) => string | null): void {
    try {
      const w = fs.watch(target, { persistent: false }, (_event, name) => {
        const file = relevant(name === null ? null : String(name));
        if (file !== null) this.bump(file);
      });
      w.on('error', () => {
        // The folder went away (deleted): forget it; a re-created one is seen by its parent.
        w.close();
        this.watchers.delete(target);
      });
      this.watchers.set(target, w);
    } catch (err) {
      this.warn(`watch: cannot watch ${target}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }

  private bump(file: string): void {
    if (this.closed) return;
    this.lastChange = file;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.closed) this.changed(this.lastChange);
    }, this.config.watch_delay);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers.values()) w.close();
    this.watchers.clear();
  }
}
