// The event-loop gap monitor of the pause benchmarks, loaded inside the measured app (the v2 bench
// app requires it; the real apps get it through bench/real-apps/pause-probe.cjs). gapStart()
// starts a setImmediate chain that records every gap over 0.1 ms between two of its turns
// ([start, end] in epoch ms, then the ms this thread spent meanwhile on a CPU and waiting for one);
// gapStop() stops it and returns {gaps, max_gap_ms, turns, gcs, ...}. The chain runs only between
// the two calls, so that the app does not spin a core the rest of the time. GC pauses seen
// meanwhile (PerformanceObserver 'gc' entries) are reported with the gaps.
'use strict';
const fs = require('node:fs');
const { performance, PerformanceObserver } = require('node:perf_hooks');

const gap = { on: false, last: 0, gaps: [], max: 0, turns: 0, t0: 0, gcs: [] };
// GC pauses while the monitor runs (epoch-ms start, duration, kind), to tell them from the update's.
const recordGcs = (entries) => { for (const e of entries) gap.gcs.push([performance.timeOrigin + e.startTime, e.duration, e.detail?.kind ?? e.kind]); };
const gcObserver = new PerformanceObserver((list) => { if (gap.on) recordGcs(list.getEntries()); });
const now = () => performance.timeOrigin + performance.now();
// What this (main) thread did during a gap, from Linux's /proc/<pid>/task/<pid>/schedstat (read in
// place, ~5 us): time on a CPU, and time waiting in the run queue for a CPU (other processes had
// it: the machine's load, not the app). Elsewhere: CPU time only (process.cpuUsage), wait NaN.
let schedFd = null;
try { schedFd = fs.openSync(`/proc/${process.pid}/task/${process.pid}/schedstat`, 'r'); } catch { /* not Linux */ }
const schedBuf = Buffer.alloc(128);
const sched = schedFd !== null
  ? () => { const n = fs.readSync(schedFd, schedBuf, 0, 128, 0); const f = schedBuf.toString('latin1', 0, n).split(' '); return [Number(f[0]) / 1e6, Number(f[1]) / 1e6]; }
  : () => { const u = process.cpuUsage(); return [(u.user + u.system) / 1000, NaN]; };
function spin() {
  const t = now();
  const [cpu, wait] = sched();
  const d = t - gap.last;
  if (d > 0.1) gap.gaps.push([gap.last, t, cpu - gap.lastCpu, wait - gap.lastWait]);
  if (d > gap.max) gap.max = d;
  gap.last = t;
  gap.lastCpu = cpu;
  gap.lastWait = wait;
  gap.turns++;
  if (gap.on) setImmediate(spin);
}
// Diagnostics: with BENCH_PROFILE=<dir>, a CPU profile (100 us sampling) of each monitored span is
// written there as <t0>.cpuprofile (its startTime is the span's t0); timings are then not comparable.
let profiler = null;
function profileStart() {
  if (!process.env.BENCH_PROFILE) return;
  profiler ??= new (require('node:inspector').Session)();
  try { profiler.connect(); } catch { /* connected */ }
  profiler.post('Profiler.enable');
  profiler.post('Profiler.setSamplingInterval', { interval: 100 });
  profiler.post('Profiler.start');
}
function profileStop(t0) {
  if (!profiler) return;
  profiler.post('Profiler.stop', (err, res) => {
    if (!err) fs.writeFileSync(require('node:path').join(process.env.BENCH_PROFILE, `${Math.round(t0)}.cpuprofile`), JSON.stringify(res.profile));
  });
}
function gapStart() {
  if (!gap.on) {
    profileStart();
    const [cpu, wait] = sched();
    Object.assign(gap, { on: true, last: now(), lastCpu: cpu, lastWait: wait, gaps: [], max: 0, turns: 0, t0: now(), gcs: [] });
    gcObserver.observe({ entryTypes: ['gc'] });
    setImmediate(spin);
  }
  return { ok: true, t0: gap.t0 };
}
function gapStop() {
  gap.on = false;
  profileStop(gap.t0);
  recordGcs(gcObserver.takeRecords?.() ?? []);
  gcObserver.disconnect();
  return { gcs: gap.gcs, gaps: gap.gaps, max_gap_ms: gap.max, turns: gap.turns, schedstat: schedFd !== null, t0: gap.t0, t1: now(), node: process.version, pid: process.pid };
}

module.exports = { gapStart, gapStop };
