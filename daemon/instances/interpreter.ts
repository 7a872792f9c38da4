// `interpreter` (SPEC 3): `node` runs the script with moult's runtime preloaded (hot-updatable);
// any other program (bash, python3…) runs it as is: supervised (started, restarted, stopped, its
// output logged) but with no runtime inside, so it cannot be updated in place.
import type { AppConfig } from '../../config/ecosystem';
import { isNodeInterpreter } from '../../config/app-script';

/** `node`, `nodejs` or a path to one of them. */
export function isNodeApp(config: Pick<AppConfig, 'interpreter'>): boolean {
  return isNodeInterpreter(config.interpreter);
}

/**
 * V8 flags the runtime's start-up watch needs (runtime/patch/start-up.ts), while the app starts:
 * no bytecode flushing, so that a function that ran only then is still compiled when the watch
 * looks (V8 flushes a function's bytecode after ~5 GCs without a call: a long start-up could hide
 * it); feedback vectors from a function's first call, so that a long function called once is
 * counted (lazily, V8 gives it its vector in the middle of that call, with a count of 0: Node 20
 * then reports body-parser's `urlencoded()` as never run). The runtime puts both back at the end
 * of start-up. Neither is added when the app's node_args set it themselves.
 */
export function startupFlags(config: Pick<AppConfig, 'node_args'>): string[] {
  const own = (re: RegExp): boolean => config.node_args.some((a) => re.test(a.replace(/_/g, '-')));
  return [
    ...(own(/flush-(bytecode|code)/) ? [] : ['--no-flush-bytecode']),
    ...(own(/lazy-feedback-allocation/) ? [] : ['--no-lazy-feedback-allocation']),
  ];
}

/** node's own arguments for an app with moult's runtime: its node_args, the start-up flags, the preload. */
export function runtimeNodeArgs(config: Pick<AppConfig, 'node_args'>, preload: string): string[] {
  return [...config.node_args, ...startupFlags(config), '--require', preload];
}

/** The program and arguments that run the app (node_args are pm2's interpreter_args: any interpreter gets them). */
export function appCommand(config: AppConfig, preload: string): { file: string; args: string[] } {
  // pm2's `none`: the script runs itself (a binary, a #! script, bash -c for a command line).
  if (config.interpreter === 'none') return { file: config.script, args: [...config.args] };
  if (!isNodeApp(config)) return { file: config.interpreter, args: [...config.node_args, config.script, ...config.args] };
  const file = config.interpreter === 'node' ? process.execPath : config.interpreter;
  return { file, args: [...runtimeNodeArgs(config, preload), config.script, ...config.args] };
}

/** Why an update or patch cannot reach this app, or null. */
export function notUpdatableReason(config: AppConfig): string | null {
  return isNodeApp(config) ? null : `${config.name} runs with interpreter "${config.interpreter}", not node: it is supervised but cannot be updated in place (moult update and patch need moult's runtime inside a node app)`;
}
