// Whether a pid exists (signal 0). A zombie still does: callers that care look at /proc.
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
