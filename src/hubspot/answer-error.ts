import { answerHeaders } from './limits/budget-decorator';

/**
 * A refused or failed answer to the client's `apiRequest`, shaped like the official client's errors (`code`,
 * `headers`, `body`) so `withRetry` and `statusOf` read it as they read the client's own.
 */
export class HubSpotAnswerError extends Error {
  constructor(
    readonly code: number,
    readonly headers: Record<string, string>,
    readonly body: string,
    /** The answer itself: after a 429 the call budget marks it held, so a retry does not wait a second time. */
    readonly answer: object,
    operation: string,
  ) {
    super(`HubSpot answered ${code} to ${operation}: ${body.slice(0, 300)}`);
    this.name = 'HubSpotAnswerError';
  }

  static async of(
    response: { readonly status: number; text(): Promise<string> } & Parameters<typeof answerHeaders>[0],
    operation: string,
  ): Promise<HubSpotAnswerError> {
    return new HubSpotAnswerError(response.status, answerHeaders(response), await response.text(), response, operation);
  }
}
