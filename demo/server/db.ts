import { PRODUCTS, type Product } from './products';
import { seededRandom, sleep, traced, type Traced } from './timing';

export interface CartLine {
  productId: number;
  quantity: number;
}

export interface Order {
  id: string;
  cartId: string;
  name: string;
  email: string;
  cardLast4: string;
  totalCents: number;
  lines: CartLine[];
  createdAt: string;
}

/**
 * The shop's "database": plain in-memory tables behind a query() that looks like a SQL client to
 * the tracing (a db.query span with the statement and a few ms of simulated latency).
 * Nothing is persisted; each server instance starts from the same catalogue.
 */
export class ShopDb {
  readonly products: readonly Product[] = PRODUCTS;
  readonly carts = new Map<string, CartLine[]>();
  readonly orders = new Map<string, Order>();
  readonly random: () => number;

  constructor(seed = 42) {
    this.random = seededRandom(seed);
  }

  async query<T>(ctx: Traced, statement: string, run: () => T): Promise<T> {
    const [operation = 'SELECT'] = statement.split(' ', 1);
    const table = /\b(?:FROM|INTO|UPDATE|JOIN)\s+(\w+)/i.exec(statement)?.[1] ?? 'unknown';
    const attributes = {
      'db.system': 'sqlite',
      'db.name': 'shop',
      'db.statement': statement,
      'db.operation': operation.toUpperCase(),
      'db.sql.table': table,
      'server.address': ':memory:',
    };
    return traced(ctx, 'db.query', 'db', attributes, async (span) => {
      await sleep(2 + this.random() * 12);
      const result = run();
      const rows = Array.isArray(result) ? result.length : result === undefined ? 0 : 1;
      span.setAttribute('db.response.returned_rows', rows);
      return result;
    });
  }

  productById(ctx: Traced, id: number): Promise<Product | undefined> {
    return this.query(ctx, 'SELECT * FROM products WHERE id = ?', () => this.products.find((p) => p.id === id));
  }

  cart(ctx: Traced, cartId: string): Promise<CartLine[]> {
    return this.query(ctx, 'SELECT product_id, quantity FROM cart_lines WHERE cart_id = ?', () =>
      (this.carts.get(cartId) ?? []).map((line) => ({ ...line })),
    );
  }
}
