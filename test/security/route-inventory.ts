import type { Express } from 'express';

interface StackLayer {
  readonly rawPath?: unknown;
  readonly route?: { readonly path: unknown; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly StackLayer[] };
}

function joinPaths(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

function walk(stack: readonly StackLayer[], prefix: string, into: Set<string>): void {
  for (const layer of stack) {
    if (layer.route) {
      const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
      for (const path of paths) {
        for (const method of Object.keys(layer.route.methods).filter((name) => name !== '_all'))
          into.add(`${method.toUpperCase()} ${joinPaths(prefix, String(path))}`);
      }
    } else if (layer.handle?.stack) {
      walk(layer.handle.stack, typeof layer.rawPath === 'string' ? joinPaths(prefix, layer.rawPath) : prefix, into);
    }
  }
}

/** Every `METHOD /path` the app answers, read from Express 5's router stack (mount paths included). */
export function mountedRoutes(app: Express): string[] {
  const router = (app as unknown as { router: { stack: readonly StackLayer[] } }).router;
  const routes = new Set<string>();
  walk(router.stack, '', routes);
  return [...routes].sort();
}
