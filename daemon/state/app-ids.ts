// pm2-style numeric ids: each app gets the lowest number no other app holds, keeps it while it
// exists (state.json carries it across daemon restarts), and any verb that takes an app takes its
// id. moult numbers apps, not processes: its verbs act on every instance of an app.

const DIGITS = /^\d{1,9}$/;

export class AppIds {
  private readonly byName = new Map<string, number>();

  /** The app's id: the one it has, else `wanted` if free, else the lowest free number. */
  assign(name: string, wanted?: number): number {
    const have = this.byName.get(name);
    if (have !== undefined) return have;
    const taken = new Set(this.byName.values());
    let id = wanted !== undefined && Number.isSafeInteger(wanted) && wanted >= 0 && !taken.has(wanted) ? wanted : 0;
    // A wanted id that is taken falls back to the lowest free one (0 may be taken too).
    while (taken.has(id)) id++;
    this.byName.set(name, id);
    return id;
  }

  of(name: string): number | undefined {
    return this.byName.get(name);
  }

  forget(name: string): void {
    this.byName.delete(name);
  }

  /** A target as given on the command line: an app's id stands for its name (as in pm2, ids first). */
  resolve(target: string): string {
    if (!DIGITS.test(target)) return target;
    const id = Number(target);
    for (const [name, n] of this.byName) if (n === id) return name;
    return target;
  }
}
