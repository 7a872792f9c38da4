// The slice of pidusage 4 the supervisor uses (the package ships no types).
declare module 'pidusage' {
  interface Stat { cpu: number; memory: number; pid: number; elapsed: number }
  function pidusage(pids: number[]): Promise<Record<string, Stat | undefined>>;
  export = pidusage;
}
