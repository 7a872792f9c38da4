// Sizes as pm2 writes them (max_memory_restart "300M", logs max_size "10M"): bytes, or a number with
// K, M or G (powers of 1024, an optional trailing B).

const UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export function parseSize(v: number | string): number {
  if (typeof v === 'number') return v;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)b?\s*$/i.exec(v);
  if (!m) throw new RangeError(`expected a size like "300M", got ${JSON.stringify(v)}`);
  return Math.round(Number(m[1]) * UNITS[m[2]!.toLowerCase()]!);
}
