// Process-wide registries: managers by name (fetchManager) and completed updates (isApplied).
import type { ManagerBase } from './manager';

const managers = new Map<string, ManagerBase>();
const applied = new Set<string>();
let first: ManagerBase | null = null;
let makeDefault: (() => ManagerBase) | null = null;

export function registerManager(m: ManagerBase): void {
  managers.set(m.name, m);
  if (!first && m.name !== 'default') first = m;
}

export function setDefaultManagerFactory(f: () => ManagerBase): void {
  makeDefault = f;
}

export function fetchManager(name: string): ManagerBase | undefined {
  if (name === 'default' && !managers.has('default') && makeDefault) return makeDefault();
  return managers.get(name);
}

/** SPEC 6.1: the named manager, else the first the app created, else the default one. */
export function targetManager(name?: string): ManagerBase | undefined {
  if (name) return fetchManager(name);
  return first ?? fetchManager('default');
}

export function markApplied(name: string): void {
  applied.add(name);
}

export function unmarkApplied(name: string): void {
  applied.delete(name);
}

export function isApplied(name: string): boolean {
  return applied.has(name);
}
