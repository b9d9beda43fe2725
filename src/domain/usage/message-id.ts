import { createHash } from 'node:crypto';

/** A message id derived from an event's content, for senders that give none: resending stores it once. */
export function deterministicMessageId(prefix: string, content: unknown): string {
  return `${prefix}:${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 32)}`;
}
