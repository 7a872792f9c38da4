// `restart --update-env`, as pm2 does it: the app runs with the environment of the shell that
// asked for the restart. Only what differs from the daemon's own environment (which every app
// inherits anyway) is kept in the app's env, so state.json and dump.json stay small.

export function envWithCli(appEnv: Record<string, string>, cliEnv: Record<string, string>, daemonEnv: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const out = { ...appEnv };
  for (const [k, v] of Object.entries(cliEnv)) if (daemonEnv[k] !== v) out[k] = v;
  return out;
}
