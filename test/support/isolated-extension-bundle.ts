import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { build, type BuildResult, type Plugin } from 'esbuild';

export const repositoryRoot = join(import.meta.dirname, '..', '..');

export interface IsolatedExtensions {
  /** The copy's root: extensions/ lies below it, outside the repository. */
  readonly root: string;
  /** Bundles an entry in the copy as HubSpot would, noting the packages it imports and the project files it reads. */
  bundle(
    entry: string,
  ): Promise<{ result: BuildResult<{ metafile: true; write: false }>; packages: string[]; ownInputs: string[] }>;
  remove(): void;
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/**
 * A copy of extensions/ outside the repository, so a relative import that climbs out of it cannot resolve.
 * Packages come from `extensionDirectory`'s own install when there is one, else from the repository root.
 */
export function isolateExtensions(prefix: string, extensionDirectory: string): IsolatedExtensions {
  const root = mkdtempSync(join(tmpdir(), prefix));
  cpSync(join(repositoryRoot, 'extensions'), join(root, 'extensions'), {
    recursive: true,
    filter: (source) => !source.split(sep).includes('node_modules'),
  });
  const dependencyDirectory = existsSync(join(extensionDirectory, 'node_modules'))
    ? join(extensionDirectory, 'node_modules')
    : join(repositoryRoot, 'node_modules');
  return {
    root,
    async bundle(entry) {
      const packages = new Set<string>();
      const recordPackages: Plugin = {
        name: 'record-packages',
        setup(builder) {
          builder.onResolve({ filter: /^[^./]/ }, ({ path, importer }) => {
            if (!importer.split(sep).includes('node_modules')) packages.add(packageName(path));
            return undefined;
          });
        },
      };
      const result = await build({
        entryPoints: [entry],
        absWorkingDir: root,
        bundle: true,
        write: false,
        format: 'esm',
        platform: 'browser',
        jsx: 'automatic',
        nodePaths: [dependencyDirectory],
        metafile: true,
        logLevel: 'silent',
        plugins: [recordPackages],
      });
      const ownInputs = Object.keys(result.metafile.inputs).filter(
        (input) => !input.split('/').includes('node_modules'),
      );
      return { result, packages: [...packages].sort(), ownInputs };
    },
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
