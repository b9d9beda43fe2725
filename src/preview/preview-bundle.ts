import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const previewDirectory = fileURLToPath(new URL('.', import.meta.url));

export interface PreviewBundle {
  readonly javascript: string;
  /** Changes with the content, for cache-busting the script URL. */
  readonly hash: string;
}

/** The card's own React components, bundled for the browser with `@hubspot/ui-extensions` swapped for the HTML stand-in. */
export async function buildPreviewBundle(entry = 'preview-bootstrap.tsx'): Promise<PreviewBundle> {
  const result = await build({
    entryPoints: [`${previewDirectory}${entry}`],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    jsx: 'automatic',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    alias: {
      '@hubspot/ui-extensions/pages': `${previewDirectory}ui-extensions/pages.tsx`,
      '@hubspot/ui-extensions': `${previewDirectory}ui-extensions/index.ts`,
    },
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error('esbuild produced no preview bundle');
  return { javascript: output.text, hash: output.hash };
}

/** Builds once, on first use; a failed build is retried on the next request instead of being cached. */
export function lazyPreviewBundle(entry?: string): () => Promise<PreviewBundle> {
  let pending: Promise<PreviewBundle> | undefined;
  return () => {
    pending ??= buildPreviewBundle(entry).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
