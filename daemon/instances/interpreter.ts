// `interpreter` (SPEC 3): `node` runs the script with moult's runtime preloaded (hot-updatable);
// any other program (bash, python3…) runs it as is: supervised (started, restarted, stopped, its
// output logged) but with no runtime inside, so it cannot be updated in place.
import type { AppConfig } from '../../config/ecosystem';
import { isNodeInterpreter } from '../../config/app-script';

/** `node`, `nodejs` or a path to one of them. */
export function isNodeApp(config: Pick<AppConfig, 'interpreter'>): boolean {
  return isNodeInterpreter(config.interpreter);
}

/** The program and arguments that run the app (node_args are pm2's interpreter_args: any interpreter gets them). */
export function appCommand(config: AppConfig, preload: string): { file: string; args: string[] } {
  // pm2's `none`: the script runs itself (a binary, a #! script, bash -c for a command line).
  if (config.interpreter === 'none') return { file: config.script, args: [...config.args] };
  if (!isNodeApp(config)) return { file: config.interpreter, args: [...config.node_args, config.script, ...config.args] };
  const file = config.interpreter === 'node' ? process.execPath : config.interpreter;
  return { file, args: [...config.node_args, '--require', preload, config.script, ...config.args] };
}

/** Why an update or patch cannot reach this app, or null. */
export function notUpdatableReason(config: AppConfig): string | null {
  return isNodeApp(config) ? null : `${config.name} runs with interpreter "${config.interpreter}", not node: it is supervised but cannot be updated in place (moult update and patch need moult's runtime inside a node app)`;
}
