// pm2's fields that moult does not act on, and pm2's other names for fields moult has. Both are
// marked in ecosystem.schema.json (x-pm2-only, x-alias-of), which stays the one list: a pm2 user's
// file is accepted as it is, with one warning per ignored field naming its path.
import type { ConfigWarning } from '../protocol/config-types';
import type { Schema, Violation } from './schema-validator';
import { coercePm2Values, snakeCase } from './pm2-values';

interface Pm2Marks {
  aliases: Map<string, string>;
  ignored: Set<string>;
  /** Why a field is ignored, when it says more than "a pm2 field" (x-pm2-only as a string). */
  reasons: Map<string, string>;
  ignoredTop: Set<string>;
  /** Every field name an app may have (moult's, pm2's aliases, pm2-only). */
  known: Set<string>;
}

function marksOf(schema: Schema): Pm2Marks {
  const defs = schema.$defs as Record<string, Schema>;
  const appProps = (defs.app!.properties ?? {}) as Record<string, Schema>;
  const aliases = new Map<string, string>();
  const ignored = new Set<string>();
  const reasons = new Map<string, string>();
  for (const [k, s] of Object.entries(appProps)) {
    if (typeof s['x-alias-of'] === 'string') aliases.set(k, s['x-alias-of']);
    if (s['x-pm2-only'] === true || typeof s['x-pm2-only'] === 'string') ignored.add(k);
    if (typeof s['x-pm2-only'] === 'string') reasons.set(k, s['x-pm2-only']);
  }
  const ignoredTop = new Set(Object.entries(schema.properties ?? {}).filter(([, s]) => s['x-pm2-only'] === true).map(([k]) => k));
  return { aliases, ignored, reasons, ignoredTop, known: new Set(Object.keys(appProps)) };
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
    for (const [given, v] of Object.entries(app as Record<string, unknown>)) {
      const at = `apps[${i}].${given}`;
      // pm2 takes every field in camelCase too (maxMemoryRestart): read as its snake_case name.
      const snake = snakeCase(given);
      const k = !marks.known.has(given) && snake !== given && marks.known.has(snake) ? snake : given;
      if (marks.ignored.has(k)) {
        warnings.push({ path: at, message: marks.reasons.get(k) ?? 'a pm2 field that moult does not act on; ignored' });
        continue;
      }
      const canonical = k !== given ? marks.aliases.get(k) ?? k : marks.aliases.get(k);
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
    return coercePm2Values(out);
  });
  return { raw: top, warnings, problems };
}
