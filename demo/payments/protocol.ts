/** What the shop and the payments service (a separate process) agree on. */

export const AUTHORIZE_PATH = '/authorize';
/** Lists what the service emitted to Sentry (`?traceId=` filters), so tests can assert exact numbers. */
export const EMITTED_PATH = '/__payments/emitted';

export interface AuthorizeRequest {
  amountCents: number;
  currency: string;
  last4: string;
  brand: string;
  itemCount: number;
}

export type AuthorizeReply = { authorizationId: string } | { error: 'payment declined'; code: string };

/** One call of `Sentry.metrics.*`, exactly as made. */
export interface EmittedMetric {
  name: string;
  type: 'counter' | 'distribution' | 'gauge';
  value: number;
  unit?: string;
  attributes: Record<string, string | number | boolean>;
  traceId: string;
  spanId: string;
}

export interface Emitted {
  metrics: EmittedMetric[];
  /** `event_id`s of the errors captured with Sentry.captureException. */
  errors: { eventId: string; traceId: string; message: string }[];
}

/** Card numbers ending in 0002 are declined, like the well-known test card 4000 0000 0000 0002. */
export function declineCodeFor(last4: string): string | undefined {
  return last4 === '0002' ? 'card_declined' : undefined;
}
