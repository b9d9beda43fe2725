import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SandboxStore } from '../../src/sandbox/store';
import { WebhookDelivery, type WebhookDeliveryOptions } from '../../src/sandbox/webhook-delivery';
import { retryDelayMilliseconds, webhookRetryPolicy } from '../../src/sandbox/webhook-retry-schedule';

const day = 24 * 60 * 60 * 1000;

describe("HubSpot's webhook retry schedule", () => {
  it('retries ten times, doubling, within 24 hours, each delay shortened at random by at most a fifth', () => {
    const retries = Array.from({ length: webhookRetryPolicy.maxRetries }, (_, index) => index + 1);
    const longest = retries.map((retry) => retryDelayMilliseconds(retry, () => 0));
    const shortest = retries.map((retry) => retryDelayMilliseconds(retry, () => 1));
    expect(longest.reduce((sum, delay) => sum + delay, 0)).toBeCloseTo(day, -1);
    expect(longest[0]).toBeGreaterThan(60_000);
    for (let index = 1; index < longest.length; index += 1)
      expect(longest[index]).toBeCloseTo(2 * (longest[index - 1] ?? 0), 6);
    shortest.forEach((delay, index) => expect(delay).toBeCloseTo(0.8 * (longest[index] ?? 0), 6));
    expect(retryDelayMilliseconds(10, () => 0, 1e-5)).toBeCloseTo((longest[9] ?? 0) * 1e-5, 6);
    expect(() => retryDelayMilliseconds(0, () => 0)).toThrow(RangeError);
    expect(() => retryDelayMilliseconds(11, () => 0)).toThrow(RangeError);
  });
});

interface Received {
  readonly at: number;
  readonly events: Array<{ eventId: number; attemptNumber: number }>;
}

type Answer = number | 'hang';

/** A webhook target that answers each request from a script (the last answer repeats) and records what came. */
async function target(script: readonly Answer[], port = 0) {
  const received: Received[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      received.push({ at: Date.now(), events: JSON.parse(body) as Received['events'] });
      const answer = script[Math.min(received.length - 1, script.length - 1)] ?? 200;
      if (answer === 'hang') return;
      response.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hubspot/webhooks`;
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('sandbox webhook delivery retries', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  function deliver(url: string, options: Partial<WebhookDeliveryOptions> = {}) {
    const store = new SandboxStore();
    const delivery = new WebhookDelivery(store, {
      targetUrl: url,
      clientSecret: 'secret',
      flushDelayMilliseconds: 1,
      random: () => 0,
      subscriptions: [{ objectType: 'deals', events: ['creation'], properties: [] }],
      ...options,
    });
    cleanups.push(() => delivery.stop());
    return { store, delivery };
  }

  it('retries 4xx, 5xx and a timeout, raising attemptNumber, on the scaled schedule, until a 2xx', async () => {
    const service = await target([500, 400, 401, 429, 'hang', 204]);
    cleanups.push(service.close);
    const timeScale = 1e-4;
    // Long enough for a loaded CI machine to answer; the one hung request costs this once.
    const timeoutMilliseconds = 1_500;
    const { store, delivery } = deliver(service.url, { timeScale, timeoutMilliseconds });
    store.objects.create('deals', { dealname: 'Retried' });
    await delivery.idle();

    expect(service.received.map((request) => request.events.map((event) => event.attemptNumber))).toEqual([
      [0],
      [1],
      [2],
      [3],
      [4],
      [5],
    ]);
    expect(new Set(service.received.map((request) => request.events[0]?.eventId)).size).toBe(1);
    service.received.slice(1).forEach((request, index) => {
      const previous = service.received[index];
      // The hung request counts from when it was given up on, the timeout after it was sent. The service saw it
      // arrive a little after it was sent (up to 13 ms later on a loaded CI machine), and its timeout runs from the
      // send: that retry's wait is measured from the arrival, so it may look that much shorter.
      const hung = index === 4;
      const waited = request.at - (previous?.at ?? 0) - (hung ? timeoutMilliseconds : 0);
      expect(waited).toBeGreaterThanOrEqual(retryDelayMilliseconds(index + 1, () => 0, timeScale) - (hung ? 50 : 2));
    });
    expect(delivery.stats()).toMatchObject({ delivered: 1, failedAttempts: 5, dropped: 0, queued: 0, requests: 6 });
  });

  it('gives up after ten retries spread over the (scaled) 24 hours', async () => {
    const service = await target([503]);
    cleanups.push(service.close);
    const timeScale = 1e-5;
    const { store, delivery } = deliver(service.url, { timeScale });
    store.objects.create('deals', { dealname: 'Never delivered' });
    await delivery.idle();

    expect(service.received.map((request) => request.events[0]?.attemptNumber)).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    const span = (service.received.at(-1)?.at ?? 0) - (service.received[0]?.at ?? 0);
    expect(span).toBeGreaterThanOrEqual(day * timeScale - 5);
    expect(span).toBeLessThan(day * timeScale + 1_500);
    expect(delivery.stats()).toMatchObject({ delivered: 0, failedAttempts: 11, dropped: 1, lastError: 'HTTP 503' });
  });

  it('retries a refused connection until the service is up', async () => {
    const probe = await target([200]);
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const { store, delivery } = deliver(probe.url, { timeScale: 1e-3 });
    store.objects.create('deals', { dealname: 'Waits for the service' });
    delivery.flush();
    await expect.poll(() => delivery.stats().failedAttempts, { timeout: 5_000 }).toBeGreaterThanOrEqual(1);
    expect(delivery.stats().lastError).toMatch(/ECONNREFUSED/);
    const service = await target([200], port);
    cleanups.push(service.close);
    await delivery.idle();
    expect(delivery.stats()).toMatchObject({ delivered: 1, dropped: 0 });
    expect(service.received[0]?.events[0]?.attemptNumber).toBeGreaterThanOrEqual(1);
  });

  it('schedules each notification of a failed batch on its own, so their retries may travel apart', async () => {
    const service = await target([500, 200]);
    cleanups.push(service.close);
    const draws = [0, 1];
    // At this scale the two first retries fall about 170 ms apart (845 ms and 676 ms): a loaded CI machine's timer
    // may fire later than the earlier one's due time, and at 1e-3 (17 ms apart) it once fired after both were due.
    const { store, delivery } = deliver(service.url, { timeScale: 1e-2, random: () => draws.shift() ?? 0 });
    store.objects.create('deals', { dealname: 'First' });
    store.objects.create('deals', { dealname: 'Second' });
    await delivery.idle();

    const [first, second, third] = service.received;
    expect(first?.events.map((event) => event.attemptNumber)).toEqual([0, 0]);
    // The second event drew the larger cut, so it is due first and goes alone.
    expect(second?.events).toEqual([expect.objectContaining({ eventId: first?.events[1]?.eventId, attemptNumber: 1 })]);
    expect(third?.events).toEqual([expect.objectContaining({ eventId: first?.events[0]?.eventId, attemptNumber: 1 })]);
    expect(delivery.stats()).toMatchObject({ delivered: 2, failedAttempts: 1 });
  });
});
