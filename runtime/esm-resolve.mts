// ESM resolve hook registered by resolve-hooks.ts (module.register): maps moult's specifiers.
let targets: Record<string, string> = {};

export function initialize(data: Record<string, string> | undefined): void {
  targets = data ?? {};
}

type Next = (specifier: string, context: unknown) => unknown;

export function resolve(specifier: string, context: unknown, next: Next): unknown {
  const url = targets[specifier];
  if (url) return { url, shortCircuit: true, format: 'commonjs' };
  return next(specifier, context);
}
