// ctx.fn(file, name): a loaded module's live function by the name its module code gives it,
// exported or not (`render`, `Account.prototype.show`, `Account.show`, `get Account.prototype.total`).
// The module's own scope resolves the name, so the answer is what the module's code would call.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { allModules, moduleByUrl, type ModuleRecord } from './modules';
import { entryDir } from '../core/entry';
import { MoultRuntimeError, errorMessage } from '../core/errors';

/** The instrumented module loaded from `file` (relative to the entry's folder). */
export function findModule(file: string): ModuleRecord {
  const abs = path.resolve(entryDir(), file);
  const candidates = [abs, `${abs}.js`, `${abs}.mjs`, `${abs}.cjs`];
  for (const c of candidates) {
    let real = c;
    try { real = fs.realpathSync(c); } catch { continue; }
    const record = moduleByUrl(pathToFileURL(real).href) ?? moduleByUrl(pathToFileURL(c).href);
    if (record) return record;
  }
  const loaded = [...allModules()].map((r) => path.relative(entryDir(), new URL(r.url).pathname)).slice(0, 20);
  throw new MoultRuntimeError('ENOMODULE', `ctx.fn: no instrumented module of the app was loaded from ${abs}${loaded.length ? ` (loaded: ${loaded.join(', ')})` : ''}`);
}

export function functionByName(file: string, name: string): Function {
  if (typeof file !== 'string' || typeof name !== 'string') throw new MoultRuntimeError('EBADARG', 'ctx.fn(file, name): file and name must be strings');
  const record = findModule(file);
  const named = record.functions.filter((e) => e.name !== undefined);
  const plain = (n: string): string => n.replace(/^(get|set) /, '');
  const entry = named.find((e) => e.name === name) ?? named.find((e) => plain(e.name!) === name);
  if (!entry || !entry.access) {
    const names = [...new Set(named.map((e) => e.name))].join(', ');
    throw new MoultRuntimeError('ENOFUNCTION', `ctx.fn: ${file} has no function named ${JSON.stringify(name)}; it has: ${names || 'no named function'}`);
  }
  const evaluate = record.holders[0].e;
  if (!evaluate) throw new MoultRuntimeError('ENOTLOADED', `ctx.fn: ${file} has not finished loading: its scope cannot be reached yet`);
  const { base, key, kind } = entry.access;
  let value: unknown;
  try {
    if (base === null) value = evaluate(key);
    else {
      const holder = evaluate(base) as object;
      const d = Object.getOwnPropertyDescriptor(holder, key);
      value = kind === 'get' ? d?.get : kind === 'set' ? d?.set : d ? d.value : (holder as Record<string, unknown>)[key];
    }
  } catch (err) {
    throw new MoultRuntimeError('ENOFUNCTION', `ctx.fn: ${file}: ${name} cannot be reached from module scope now: ${errorMessage(err)}`);
  }
  if (typeof value !== 'function') throw new MoultRuntimeError('ENOFUNCTION', `ctx.fn: ${file}: ${name} is not a function now (${value === null ? 'null' : typeof value})`);
  return value;
}
