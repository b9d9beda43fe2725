import { gzipSync } from 'node:zlib';
import type { Request, Response } from 'express';
import { lazyPreviewBundle, type PreviewBundle } from '../../preview/preview-bundle';

export interface ServedBundle {
  /** The built bundle (gzipped too): pages name its hash in the script URL. */
  readonly load: () => Promise<PreviewBundle>;
  readonly send: (request: Request, response: Response) => Promise<void>;
}

/** A preview bundle served gzipped when the browser accepts it, gzipped once per build. */
export function servedBundle(entry?: string): ServedBundle {
  const bundle = lazyPreviewBundle(entry);
  let gzipped: { hash: string; body: Buffer } | undefined;
  const load = async () => {
    const built = await bundle();
    if (gzipped?.hash !== built.hash) gzipped = { hash: built.hash, body: gzipSync(built.javascript) };
    return { built, body: gzipped.body };
  };
  return {
    load: async () => (await load()).built,
    send: async (request, response) => {
      const { built, body } = await load();
      response
        .type('js')
        // A URL naming the build's hash never changes content; the bare URL must be revalidated.
        .set('cache-control', request.query.v === built.hash ? 'public, max-age=31536000, immutable' : 'no-cache')
        .vary('accept-encoding');
      if (request.acceptsEncodings('gzip') === 'gzip') response.set('content-encoding', 'gzip').send(body);
      else response.send(built.javascript);
    },
  };
}
