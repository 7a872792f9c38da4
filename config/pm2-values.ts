// Values pm2 coerces, coerced here the same way before the schema looks at them (pm2's
// Config._valid parses a numeric string for a number field; API.mergeEnvironmentVariables
// stringifies an object in env). Only what pm2 itself turns into a valid value is coerced: a
// value pm2 would refuse or silently drop stays as it is, and the schema names it.

/** Integer fields of an app that pm2 reads from numeric strings (`"instances": "4"` in its own fixtures). */
const INTEGER_FIELDS = ['instances', 'max_restarts', 'port'] as const;

const NUMERIC = /^\s*[+-]?\d+\s*$/;

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** An env object as pm2 hands it to the app: objects and arrays as JSON, null and undefined left out. */
function envValues(env: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(env)) {
    if (v === null || v === undefined) continue;
    out[k] = typeof v === 'object' ? JSON.stringify(v) : v;
  }
  return out;
}

/** One app (pm2's field names already folded into moult's), its values coerced; a copy. */
export function coercePm2Values(app: Record<string, unknown>): Record<string, unknown> {
  const out = { ...app };
  for (const f of INTEGER_FIELDS) {
    const v = out[f];
    if (typeof v === 'string' && NUMERIC.test(v)) out[f] = Number(v);
  }
  for (const [k, v] of Object.entries(out)) {
    if ((k === 'env' || k.startsWith('env_')) && isObject(v)) out[k] = envValues(v);
  }
  // pm2: `cron_restart: 0` (or "0") means no cron restart.
  if (out.cron_restart === 0 || out.cron_restart === '0') delete out.cron_restart;
  return out;
}

/** pm2 takes every field in camelCase too (Config.schema renders `maxMemoryRestart` for `max_memory_restart`). */
export function snakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
