import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { RequestContext, Route } from '../context';
import type { CartLine } from '../db';
import { HttpError, json, readJsonBody, validate, type Reply } from '../http-utils';
import type { Span } from '@opentelemetry/api';
import { type AuthorizeRequest, declineCodeFor } from '../../payments/protocol';
import { type AuthorizeOutcome, authorizeWithService } from '../payments-client';
import { sleep, traced } from '../timing';

const addToCartBody = z.object({
  productId: z.number().int().positive(),
  quantity: z.number().int().min(1).max(10).default(1),
});

function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

const checkoutBody = z.object({
  name: z.string().trim().min(1, 'name is required').max(100),
  email: z.email(),
  cardNumber: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(
      z
        .string()
        .regex(/^\d{12,19}$/, 'card number must be 12-19 digits')
        .refine(luhnValid, 'card number is invalid'),
    ),
  expiry: z.string().max(7).optional(),
  cvc: z.string().max(4).optional(),
  // Accepted so the form can post it like a real shop would; never stored, logged or traced.
  accountPassword: z.string().max(200).optional(),
});

class PaymentDeclinedError extends Error {
  constructor(readonly declineCode: string) {
    super('payment declined');
    this.name = 'PaymentDeclinedError';
  }
}

/** Through the payments service when the shop has one (see startDemoServer's spotlightUrl), else locally. */
async function authorize(ctx: RequestContext, span: Span, request: AuthorizeRequest): Promise<AuthorizeOutcome> {
  const { paymentsUrl } = ctx.state;
  if (paymentsUrl) return authorizeWithService(paymentsUrl, span, request);
  await sleep(80 + ctx.state.db.random() * 120);
  const declineCode = declineCodeFor(request.last4);
  return declineCode
    ? { approved: false, declineCode }
    : { approved: true, authorizationId: `auth_${randomUUID().slice(0, 8)}` };
}

/** The cart is keyed by the `cart` cookie; a new visitor gets one on their first cart request. */
function cartId(ctx: RequestContext): { id: string; setCookie?: Record<string, string> } {
  const existing = ctx.cookies.cart;
  if (existing && /^[\w-]{8,64}$/.test(existing)) return { id: existing };
  const id = randomUUID();
  return { id, setCookie: { 'set-cookie': `cart=${id}; Path=/; HttpOnly; SameSite=Lax` } };
}

function summarize(ctx: RequestContext, lines: CartLine[]) {
  const items = lines.flatMap((line) => {
    const product = ctx.state.db.products.find((p) => p.id === line.productId);
    if (!product) return [];
    const { id, name, price, hue } = product;
    return [{ productId: id, name, price, hue, quantity: line.quantity, lineTotal: price * line.quantity }];
  });
  const totalCents = items.reduce((sum, i) => sum + i.lineTotal, 0);
  const count = items.reduce((sum, i) => sum + i.quantity, 0);
  return { items, totalCents, count };
}

async function getCart(ctx: RequestContext): Promise<Reply> {
  const { id, setCookie } = cartId(ctx);
  const lines = await ctx.state.db.cart(ctx, id);
  return json(200, { cart: summarize(ctx, lines) }, setCookie);
}

async function addToCart(ctx: RequestContext): Promise<Reply> {
  const body = validate(addToCartBody, await readJsonBody(ctx.req));
  const { id, setCookie } = cartId(ctx);
  const { db } = ctx.state;
  const product = await db.productById(ctx, body.productId);
  if (!product) throw new HttpError(404, `product ${body.productId} not found`);
  const lines = await db.cart(ctx, id);
  await db.query(
    ctx,
    'INSERT INTO cart_lines (cart_id, product_id, quantity) VALUES (?, ?, ?) ON CONFLICT DO UPDATE',
    () => {
      const line = lines.find((l) => l.productId === product.id);
      if (line) line.quantity += body.quantity;
      else lines.push({ productId: product.id, quantity: body.quantity });
      db.carts.set(id, lines);
    },
  );
  return json(
    200,
    { added: { productId: product.id, quantity: body.quantity }, cart: summarize(ctx, lines) },
    setCookie,
  );
}

async function checkout(ctx: RequestContext): Promise<Reply> {
  const body = validate(checkoutBody, await readJsonBody(ctx.req));
  const { id, setCookie } = cartId(ctx);
  const { db } = ctx.state;
  const lines = await db.cart(ctx, id);
  if (lines.length === 0) throw new HttpError(400, 'cart is empty');
  const { totalCents, count } = summarize(ctx, lines);
  const last4 = body.cardNumber.slice(-4);
  const brand = body.cardNumber.startsWith('4') ? 'visa' : 'other';
  try {
    const attributes = {
      'payment.provider': 'demo-pay',
      'payment.amount_cents': totalCents,
      'payment.currency': 'USD',
      'payment.card.last4': last4,
      'payment.card.brand': brand,
    };
    await traced(ctx, 'payment.authorize', 'payment', attributes, async (span) => {
      const outcome = await authorize(ctx, span, {
        amountCents: totalCents,
        currency: 'USD',
        last4,
        brand,
        itemCount: count,
      });
      if (!outcome.approved) {
        span.setAttribute('payment.decline_code', outcome.declineCode);
        throw new PaymentDeclinedError(outcome.declineCode);
      }
      span.setAttribute('payment.authorization_id', outcome.authorizationId);
    });
  } catch (error) {
    if (!(error instanceof PaymentDeclinedError)) throw error;
    return json(402, { error: 'payment declined', code: error.declineCode }, setCookie);
  }
  const orderId = `ord_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
  await db.query(ctx, 'INSERT INTO orders (id, cart_id, email, total_cents) VALUES (?, ?, ?, ?)', () => {
    db.orders.set(orderId, {
      id: orderId,
      cartId: id,
      name: body.name,
      email: body.email,
      cardLast4: last4,
      totalCents,
      lines,
      createdAt: new Date().toISOString(),
    });
  });
  await db.query(ctx, 'DELETE FROM cart_lines WHERE cart_id = ?', () => db.carts.delete(id));
  ctx.serverSpan?.setAttribute('app.order.id', orderId);
  return json(200, { orderId, totalCents, itemCount: count }, setCookie);
}

export const cartRoutes: Route[] = [
  { methods: ['GET'], path: '/api/cart', handler: getCart },
  { methods: ['POST'], path: '/api/cart', handler: addToCart },
  { methods: ['POST'], path: '/api/checkout', handler: checkout },
];
