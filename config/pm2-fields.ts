// pm2's fields that moult does not act on, and pm2's other names for fields moult has. Both are
// marked in ecosystem.schema.json (x-pm2-only, x-alias-of), which stays the one list: a pm2 user's
// file is accepted as it is, with one warning per ignored field naming its path.
import type { ConfigWarning } from '../protocol/config-types';
import type { Schema, Violation } from './schema-validator';

interface Pm2Marks {
  aliases: Map<string, string>;
  ignored: Set<string>;
  ignoredTop: Set<string>;
}

function marksOf(schema: Schema): Pm2Marks {
  const defs = schema.$defs as Record<string, Schema>;
  const appProps = (defs.app!.properties ?? {}) as Record<string, Schema>;
  const aliases = new Map<string, string>();
  const ignored = new Set<string>();
  for (const [k, s] of Object.entries(appProps)) {
    if (typeof s['x-alias-of'] === 'string') aliases.set(k, s['x-alias-of']);
    if (s['x-pm2-only'] === true) ignored.add(k);
  }
  const ignoredTop = new Set(Object.entries(schema.properties ?? {}).filter(([, s]) => s['x-pm2-only'] === true).map(([k]) => k));
  return { aliases, ignored, ignoredTop };
}

const cache = new WeakMap<Schema, Pm2Marks>();

/**
 * Rewrites a raw (parsed, not yet validated) ecosystem into moult's own field names: aliases are
 * renamed, pm2-only fields dropped with a warning. Returns a copy; `raw` is not modified.
 */
export function foldPm2Fields(raw: unknown, schema: Schema): { raw: unknown; warnings: ConfigWarning[]; problems: Violation[] } {
  const warnings: ConfigWarning[] = [];
  const problems: Violation[] = [];
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { raw, warnings, problems };
  let marks = cache.get(schema);
  if (!marks) cache.set(schema, (marks = marksOf(schema)));
  const top = { ...(raw as Record<string, unknown>) };
  for (const k of Object.keys(top)) {
    if (marks.ignoredTop.has(k)) {
      warnings.push({ path: k, message: 'a pm2 field that moult does not act on; ignored' });
      delete top[k];
    }
  }
  if (!Array.isArray(top.apps)) return { raw: top, warnings, problems };
  top.apps = top.apps.map((app: unknown, i) => {
    if (app === null || typeof app !== 'object' || Array.isArray(app)) return app;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(app as Record<string, unknown>)) {
      const at = `apps[${i}].${k}`;
      if (marks.ignored.has(k)) {
        warnings.push({ path: at, message: 'a pm2 field that moult does not act on; ignored' });
        continue;
      }
      const canonical = marks.aliases.get(k);
      if (canonical === undefined) {
        if (!Object.prototype.hasOwnProperty.call(out, k)) out[k] = v;
        else problems.push({ path: at, message: `given twice (also under one of its pm2 names)` });
        continue;
      }
      if (Object.prototype.hasOwnProperty.call(out, canonical) || Object.prototype.hasOwnProperty.call(app, canonical)) {
        problems.push({ path: at, message: `pm2's other name for "${canonical}", which is also set: keep one` });
        continue;
      }
      out[canonical] = v;
    }
    return out;
  });
  return { raw: top, warnings, problems };
}
