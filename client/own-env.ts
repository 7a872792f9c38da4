/** This process's environment as plain strings: what `restart --update-env` hands to the apps. */
export function ownEnvironment(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
