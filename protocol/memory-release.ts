// Memory given back after a flood of unfinished frames (audit row 3.6: the daemon stayed at 405 MB
// after the connections that sent 15 MiB each were gone). What they sent is garbage once dropped,
// but an idle daemon allocates too little for the collector to run for a long time, and its heap
// stays grown. V8 shrinks a heap only over several full collections (measured: 24 connections of
// 15 MiB, 64 MiB held at most: 1 collection left the heap at 39 MB committed for 4 MB used and
// the RSS at 90 MB; the 4th brought them to 6 MB and 60 MB, the daemon's start being 44 MB), so
// after a drop of at least RELEASE_AFTER_BYTES one runs each second until the heap is down to
// twice what it uses (at most MAX_COLLECTIONS). Each takes a few ms on the daemon's small heap.
import v8 from 'node:v8';
import vm from 'node:vm';

const RELEASE_AFTER_BYTES = 1024 * 1024;
const MAX_COLLECTIONS = 8;
const SLACK_BYTES = 8 * 1024 * 1024;

type Collect = (options?: { type: 'major'; execution: 'sync'; flavor: 'regular' | 'last-resort' }) => void;
let collect: Collect | null | undefined;
let timer: NodeJS.Timeout | null = null;
let left = 0;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    // In a context of its own: `gc` never becomes a global of the process.
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as Collect;
  } catch {
    collect = null;
  }
  return collect;
}

/** `bytes` of received input were just dropped unused: collect soon if that was much. */
export function dropped(bytes: number): void {
  if (bytes < RELEASE_AFTER_BYTES) return;
  left = MAX_COLLECTIONS;
  if (timer) return;
  timer = setInterval(() => {
    const gc = collector();
    if (gc) gc();
    const { heapUsed, heapTotal } = process.memoryUsage();
    if (!gc || --left <= 0 || heapTotal <= 2 * heapUsed + SLACK_BYTES) {
      // Node 24+'s V8 pools the pages it freed and gives them back to the system only when its
      // memory reducer runs, which an idle daemon may not do for minutes (measured on 26 after
      // a flood of 24 × 15 MiB: 256-275 MB at rest, 117 MB with this). A last-resort collection empties the pool first (V8's
      // --memory-pool-release-before-memory-pressure-gcs); older lines ignore the flavor.
      if (gc) gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
      clearInterval(timer!);
      timer = null;
    }
  }, 1000);
  timer.unref();
}
