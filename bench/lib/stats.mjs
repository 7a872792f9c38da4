// Small statistics and formatting helpers shared by the benchmarks.
import os from 'node:os';
import fs from 'node:fs';
import path from 'node:path';

export function quantile(xs, q) {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);
export const p90 = (xs) => quantile(xs, 0.9);

export function round(x, digits = 2) {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function fmt(x, digits = 1) {
  if (x === null || x === undefined) return '-';
  if (typeof x === 'string') return x;
  if (!Number.isFinite(x)) return String(x);
  return x.toFixed(digits);
}

/** Prints rows (arrays of cells) as an aligned text table with a header row. */
export function table(header, rows) {
  const all = [header, ...rows].map((r) => r.map((c) => String(c)));
  const widths = header.map((_, i) => Math.max(...all.map((r) => (r[i] ?? '').length)));
  const line = (r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [line(all[0]), widths.map((w) => '-'.repeat(w)).join('  '), ...all.slice(1).map(line)].join('\n');
}

/** What the run was measured on: node version, cores, load at the time. */
export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    cores: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    total_mem_mb: Math.round(os.totalmem() / 2 ** 20),
    loadavg: os.loadavg().map((x) => round(x, 2)),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
  };
}

export function writeJson(file, data) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
