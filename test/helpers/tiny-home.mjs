// A MOULT_HOME whose own folder is a tiny tmpfs (state.json meets a full or read-only disk) while
// logs/, updates/, run/ and cache/ are tmpfs mounts with room to spare. Needs root (mount).
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

const mount = (dir, opts) => execFileSync('mount', ['-t', 'tmpfs', '-o', opts, 'tmpfs', dir]);

/** A home whose own folder has 64 KiB; its subfolders have their own, larger mounts. */
export function tinyHome(t, sb) {
  fs.mkdirSync(sb.home, { mode: 0o700 });
  mount(sb.home, 'size=64k,mode=0700');
  const mounted = [sb.home];
  for (const sub of ['logs', 'updates', 'run', 'cache']) {
    const dir = path.join(sb.home, sub);
    fs.mkdirSync(dir, { mode: 0o700 });
    mount(dir, 'size=16m,mode=0700');
    mounted.unshift(dir);
  }
  // Registered after the sandbox's own teardown, so it runs first: it stops the daemon and the app
  // while their home is still mounted (unmounted first, the sandbox's cleanup would find no pid to
  // stop and leave them running), then unmounts lazily.
  t.teardown(async () => {
    await sb.cleanup({ keepFiles: true });
    for (const d of mounted) try { execFileSync('umount', ['-l', d]); } catch { /* gone */ }
    fs.rmSync(sb.root, { recursive: true, force: true });
  });
}

/** Fills the home's own tmpfs; returns a function that makes room again. */
export function fillHome(home) {
  const filler = path.join(home, 'filler');
  const fd = fs.openSync(filler, 'w');
  const chunk = Buffer.alloc(4096, 1);
  try {
    for (;;) fs.writeSync(fd, chunk);
  } catch (err) {
    if (err.code !== 'ENOSPC') throw err;
  } finally {
    fs.closeSync(fd);
  }
  return () => fs.rmSync(filler);
}
