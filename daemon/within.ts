// A promise that may not take longer than a bound: it rejects with `what` once `ms` have passed
// (the work itself goes on; its result is simply no longer waited for).
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(what)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}
