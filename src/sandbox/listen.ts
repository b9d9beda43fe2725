import type { Express } from 'express';

export interface RunningSandbox {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Listens on loopback (port 0: any free one); `close` runs `beforeClose`, then drops open connections. */
export function listenOnLoopback(
  app: Express,
  port: number,
  beforeClose: () => void = () => undefined,
): Promise<RunningSandbox> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, '127.0.0.1', (error?: Error) => {
      if (error) {
        reject(error);
        return;
      }
      const address = server.address();
      const boundPort = typeof address === 'object' && address !== null ? address.port : port;
      resolve({
        url: `http://127.0.0.1:${boundPort}`,
        port: boundPort,
        close: () =>
          new Promise((done, fail) => {
            beforeClose();
            server.closeAllConnections();
            server.close((closeError) => (closeError ? fail(closeError) : done()));
          }),
      });
    });
  });
}
