// The shapes of ecosystem file pm2 reads (its API._startJson), brought to moult's one shape
// `{"apps": [...], "daemon": {...}}` before validation: a top-level array of apps, a single app
// object (pm2's `process.json` habit), and `{"pm2": [...]}` (pm2's alias of apps, "nicer in a
// package.json"). pm2's own fixtures use all three. Anything else is left as it is, so that the
// schema names what is wrong with it.

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Fields that make an object an app rather than a whole ecosystem (pm2's names for the script). */
const SCRIPT_FIELDS = ['script', 'exec', 'cmd', 'command'];

export function ecosystemShape(raw: unknown): unknown {
  if (Array.isArray(raw)) return { apps: raw };
  if (!isObject(raw) || 'apps' in raw) return raw;
  if (Array.isArray(raw.pm2) || isObject(raw.pm2)) {
    const { pm2, ...rest } = raw;
    return { ...rest, apps: Array.isArray(pm2) ? pm2 : [pm2] };
  }
  if (SCRIPT_FIELDS.some((f) => f in raw)) return { apps: [raw] };
  return raw;
}
