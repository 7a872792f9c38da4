// Durations as the ecosystem file and the CLI write them: milliseconds, or "500ms", "2s", "1m",
// "1h". Keep DURATION_PATTERN in step with $defs.duration in ecosystem.schema.json.

export const DURATION_PATTERN = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Whole milliseconds for a duration; throws (RangeError, or TypeError for a non-string) on anything else. */
export function parseDuration(value: number | string): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || value < 0) {
      throw new RangeError(`invalid duration ${String(value)}: expected a non-negative number of milliseconds`);
    }
    return Math.round(value);
  }
  if (typeof value !== 'string') {
    throw new TypeError(`invalid duration ${JSON.stringify(value) ?? String(value)}: expected a number or a string`);
  }
  const m = DURATION_PATTERN.exec(value);
  if (!m) {
    throw new RangeError(`invalid duration ${JSON.stringify(value)}: expected milliseconds or a string like "500ms", "2s", "1m", "1h"`);
  }
  // Rounded so that "0.3s" is 300, not 300.00000000000006.
  return Math.round(Number(m[1]) * UNIT_MS[m[2] ?? 'ms']!);
}

/** Readable form for messages: 1500 → "1.5s", 60000 → "1m". */
export function formatDuration(ms: number): string {
  if (ms >= 3_600_000 && ms % 360_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000 && ms % 6_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 100 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
