// The package versions that releases put in force in an app (SPEC 6.5): what `moult describe`
// shows and what a fleet host publishes in its record (`moult fleet ls --package`).
import type { InstanceInfo, PackageInForce } from '../../protocol/control';
import type { AppState } from '../state/store';

/** The package versions releases put in force (the last release of each copy wins), and the instances running each. */
export function packagesInForce(updates: AppState['updates'], instances: InstanceInfo[]): PackageInForce[] {
  const byPath = new Map<string, PackageInForce>();
  for (const u of updates) {
    if (!u.release) continue;
    for (const p of u.release.packages) {
      const earlier = byPath.get(p.path);
      byPath.set(p.path, {
        name: p.name, path: p.path, from: earlier ? earlier.from : p.from, to: p.to, how: u.release.how ?? 'hot', release: u.name,
        instances: instances.filter((i) => i.updates.includes(u.name)).map((i) => i.instance),
      });
    }
  }
  return [...byPath.values()];
}
