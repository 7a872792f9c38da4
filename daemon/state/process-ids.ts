// pm2's process ids (pm_id): every process (an instance of an app) gets the lowest number no other
// process holds, keeps it while it exists (a restart or a reload keeps it; state.json carries it
// across daemon restarts), and gives it back when it is deleted (delete, scale down). A verb given
// an id acts on that one process, as in pm2; given an app's name, on every instance of the app.
// (moult numbered apps until issue 21: `moult stop 0` stopped all of an app's instances.)

const DIGITS = /^\d{1,9}$/;

const key = (app: string, index: number): string => `${app}\0${index}`;

export class ProcessIds {
  private readonly byKey = new Map<string, number>();

  /** The process's id: the one it has, else `wanted` if free, else the lowest free number. */
  assign(app: string, index: number, wanted?: number): number {
    const have = this.byKey.get(key(app, index));
    if (have !== undefined) return have;
    const taken = new Set(this.byKey.values());
    // An id asked for (state.json, a dump) that another process holds is not given twice (audit 1.13).
    const free = wanted !== undefined && Number.isSafeInteger(wanted) && wanted >= 0 && !taken.has(wanted);
    let id = free ? wanted : 0;
    if (!free) while (taken.has(id)) id++;
    this.byKey.set(key(app, index), id);
    return id;
  }

  of(app: string, index: number): number | undefined {
    return this.byKey.get(key(app, index));
  }

  forget(app: string, index: number): void {
    this.byKey.delete(key(app, index));
  }

  forgetApp(app: string): void {
    for (const k of [...this.byKey.keys()]) if (k.startsWith(`${app}\0`)) this.byKey.delete(k);
  }

  /** An app renamed: its processes keep their ids. */
  rename(from: string, to: string): void {
    for (const [k, id] of [...this.byKey]) {
      if (!k.startsWith(`${from}\0`)) continue;
      this.byKey.delete(k);
      this.byKey.set(`${to}\0${k.slice(from.length + 1)}`, id);
    }
  }

  /** The process a number names, if it is an id. */
  find(target: string): { app: string; index: number } | undefined {
    if (!DIGITS.test(target)) return undefined;
    const id = Number(target);
    for (const [k, n] of this.byKey) {
      if (n !== id) continue;
      const at = k.lastIndexOf('\0');
      return { app: k.slice(0, at), index: Number(k.slice(at + 1)) };
    }
    return undefined;
  }
}
