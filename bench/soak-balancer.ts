import http from 'node:http';
import type { AddressInfo } from 'node:net';

// The soak's load balancer, on loopback: round robin over the replicas still up. A replica that refuses the
// connection is taken out and the request goes to the next one (nothing was sent); a connection lost after the
// request went out answers 502, as a proxy does, and the client decides whether to retry.

export interface Balancer {
  readonly url: string;
  /** Puts a replica in the rotation. */
  add(port: number): void;
  /** Takes a replica out at once (the soak calls it right after the kill). */
  remove(port: number): void;
  close(): Promise<void>;
}

export interface BalancerOptions {
  /** Called with each request's path, body, status and time through the balancer once it is answered. */
  readonly onAnswered?: (path: string, body: Buffer, status: number, milliseconds: number) => void;
}

export async function startBalancer(options: BalancerOptions): Promise<Balancer> {
  const live: number[] = [];
  let added = 0;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  let turn = 0;
  const forward = (
    incoming: http.IncomingMessage,
    body: Buffer,
    outgoing: http.ServerResponse,
    tries: number,
    started: number,
  ) => {
    const port = live[turn++ % Math.max(1, live.length)];
    if (port === undefined || tries > added) {
      outgoing.writeHead(502).end('no replica');
      return;
    }
    const upstream = http.request(
      { host: '127.0.0.1', port, method: incoming.method, path: incoming.url, headers: incoming.headers, agent },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
        answer.on('end', () =>
          options.onAnswered?.(incoming.url ?? '', body, answer.statusCode ?? 502, performance.now() - started),
        );
        answer.on('error', () => outgoing.destroy());
      },
    );
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') {
        const index = live.indexOf(port);
        if (index !== -1) live.splice(index, 1);
        forward(incoming, body, outgoing, tries + 1, started);
      } else if (!outgoing.headersSent) outgoing.writeHead(502).end(error.code ?? 'upstream error');
      else outgoing.destroy();
    });
    upstream.end(body);
  };
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => forward(incoming, Buffer.concat(chunks), outgoing, 0, performance.now()));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    add(replica) {
      live.push(replica);
      added += 1;
    },
    remove(replica) {
      const index = live.indexOf(replica);
      if (index !== -1) live.splice(index, 1);
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
