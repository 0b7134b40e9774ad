import { z } from 'zod';
import type { Route } from '../context';
import { HttpError, json, validate } from '../http-utils';
import type { Product } from '../products';
import { sleep, traced } from '../timing';

const idParam = z.coerce.number().int().positive();
const searchQuery = z.object({ q: z.string().trim().min(1, 'q is required').max(100) });
const recommendationsQuery = z.object({ fail: z.enum(['0', '1']).optional() });

/** Every Nth recommendations call fails when the caller does not force it with `?fail=`. */
const RECOMMENDATION_FAILURE_EVERY = 5;

export class RecommendationEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecommendationEngineError';
  }
}

function matches(product: Product, terms: string[]): boolean {
  const text = `${product.name} ${product.category} ${product.description}`.toLowerCase();
  return terms.every((t) => text.includes(t));
}

export const catalogRoutes: Route[] = [
  {
    methods: ['GET', 'HEAD'],
    path: '/api/products',
    handler: async (ctx) => {
      const products = await ctx.state.db.query(ctx, 'SELECT * FROM products ORDER BY id', () => [
        ...ctx.state.db.products,
      ]);
      return json(200, { products });
    },
  },
  {
    methods: ['GET', 'HEAD'],
    path: '/api/products/:id',
    handler: async (ctx) => {
      const id = validate(idParam, ctx.params.id);
      const product = await ctx.state.db.productById(ctx, id);
      if (!product) throw new HttpError(404, `product ${id} not found`);
      return json(200, { product });
    },
  },
  {
    methods: ['GET'],
    path: '/api/search',
    handler: async (ctx) => {
      const { q } = validate(searchQuery, Object.fromEntries(ctx.url.searchParams));
      const terms = q.toLowerCase().split(/\s+/);
      const { db } = ctx.state;
      const results = await traced(
        ctx,
        'search',
        'search',
        { 'search.query': q, 'search.engine': 'naive-scan' },
        async (span) => {
          // The deliberately slow part (800-1500 ms): a "full-text index" that scans in batches.
          const batches = 4;
          const total = 800 + db.random() * 700;
          for (let i = 0; i < batches; i++) await sleep(total / batches);
          span.addEvent('index.scanned', { 'search.batches': batches, 'search.documents': db.products.length });
          const found = db.products.filter((p) => matches(p, terms));
          span.setAttribute('search.results', found.length);
          return found;
        },
      );
      // Re-read the hits like a real search would hydrate ids from the primary store.
      const ids = results.map((p) => p.id).join(', ') || 'NULL';
      const products = await db.query(ctx, `SELECT * FROM products WHERE id IN (${ids})`, () => results);
      return json(200, { query: q, results: products });
    },
  },
  {
    methods: ['GET'],
    path: '/api/recommendations',
    handler: async (ctx) => {
      const { fail } = validate(recommendationsQuery, Object.fromEntries(ctx.url.searchParams));
      const state = ctx.state;
      state.recommendationCalls += 1;
      const call = state.recommendationCalls;
      const shouldFail = fail === '1' || (fail === undefined && call % RECOMMENDATION_FAILURE_EVERY === 0);
      const cart = await state.db.cart(ctx, ctx.cookies.cart ?? '');
      try {
        const items = await traced(
          ctx,
          'recommendations.compute',
          'reco',
          { 'reco.model': 'also-bought-v2', 'reco.call': call },
          async (span) => {
            await sleep(30 + state.db.random() * 60);
            if (shouldFail) {
              throw new RecommendationEngineError(
                'recommendation model timed out after 90 ms (feature store unavailable)',
              );
            }
            const inCart = new Set(cart.map((l) => l.productId));
            const picks = state.db.products.filter((p) => !inCart.has(p.id)).slice(call % 4, (call % 4) + 3);
            span.setAttribute('reco.items', picks.length);
            return picks;
          },
        );
        return json(200, { items });
      } catch (error) {
        if (!(error instanceof RecommendationEngineError)) throw error;
        // The child span carries the exception; the HTTP instrumentation marks the 500 server span ERROR.
        return json(500, { error: 'recommendations are unavailable', reason: error.message });
      }
    },
  },
];
