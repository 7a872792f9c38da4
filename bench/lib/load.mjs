// How loaded the machine was while a benchmark ran: every 5 s, the 1-minute load average and the
// share of all CPUs that was busy (from /proc/stat: every process on the machine, ours included).
import fs from 'node:fs';
import os from 'node:os';
import { median, round } from './stats.mjs';

function cpuTimes() {
  const [line] = fs.readFileSync('/proc/stat', 'utf8').split('\n');
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] || 0);
  return { idle, total: v.reduce((a, b) => a + b, 0), steal: v[7] || 0 };
}

export function loadMonitor(everyMs = 5000) {
  const samples = [];
  let prev = cpuTimes();
  const take = () => {
    const now = cpuTimes();
    const dt = now.total - prev.total;
    samples.push({
      t: Date.now(),
      loadavg: round(os.loadavg()[0], 2),
      busy_pct: dt > 0 ? round((100 * (dt - (now.idle - prev.idle))) / dt, 1) : NaN,
      steal_pct: dt > 0 ? round((100 * (now.steal - prev.steal)) / dt, 1) : NaN,
    });
    prev = now;
  };
  const timer = setInterval(take, everyMs);
  timer.unref();
  return {
    /** A mark to summarise from. */
    mark() { take(); return samples.length; },
    /** Load since a mark: load average at the start and end, and busy % (median, max) of the samples. */
    since(mark) {
      take();
      const xs = samples.slice(mark);
      return {
        loadavg_start: mark > 0 ? samples[mark - 1].loadavg : xs[0]?.loadavg,
        loadavg_end: xs.at(-1)?.loadavg,
        loadavg_max: Math.max(...xs.map((s) => s.loadavg)),
        busy_pct_median: median(xs.map((s) => s.busy_pct)),
        busy_pct_max: Math.max(...xs.map((s) => s.busy_pct).filter(Number.isFinite)),
        steal_pct_median: median(xs.map((s) => s.steal_pct)),
        samples: xs.length,
      };
    },
    stop() { clearInterval(timer); },
  };
}
