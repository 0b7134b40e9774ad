import type { Page, Response } from 'playwright-core';

/** Cards understood by the demo's payment step. */
export const DECLINED_CARD = '4000 0000 0000 0002';
export const APPROVED_CARD = '4242424242424242';

function isCall(method: string, pathname: string, search?: string) {
  return (response: Response): boolean => {
    const url = new URL(response.url());
    return (
      response.request().method() === method &&
      url.pathname === pathname &&
      (search === undefined || url.search.includes(search))
    );
  };
}

function expectStatus(response: Response, status: number, what: string): void {
  if (response.status() !== status)
    throw new Error(`${what}: expected HTTP ${status}, got ${response.status()} from ${response.url()}`);
}

/** Names the failing step in the error, so an e2e failure says where the trip stopped. */
async function step(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`shopping trip failed at "${name}": ${message}`, { cause: error });
  }
}

/**
 * A realistic visit to the demo shop: search, browse, add to cart via XHR and via fetch, a declined
 * payment, a successful one, and a failing recommendations call. Waits only on visible state and
 * network responses (no fixed sleeps). Starts from a fresh page; expects an empty cart.
 */
export async function shoppingTrip(page: Page, baseUrl: string): Promise<void> {
  const byId = (testid: string) => page.getByTestId(testid);
  const clickAndWait = async (testid: string, match: (r: Response) => boolean): Promise<Response> => {
    const [response] = await Promise.all([page.waitForResponse(match), byId(testid).click()]);
    return response;
  };

  await step('open home', async () => {
    await page.goto(new URL('/', baseUrl).toString());
    await byId('product-card-1').waitFor();
  });

  await step('search', async () => {
    await byId('search-input').fill('mug');
    const response = await clickAndWait('search-submit', isCall('GET', '/api/search'));
    expectStatus(response, 200, 'search');
    await byId('search-result-1').waitFor();
  });

  await step('open a product from the results', async () => {
    await byId('search-result-1').getByRole('link').click();
    await byId('product-name').filter({ hasText: 'Enamel Camp Mug' }).waitFor();
  });

  await step('add to cart (XHR)', async () => {
    const response = await clickAndWait('product-add-to-cart', isCall('POST', '/api/cart'));
    expectStatus(response, 200, 'add to cart via XHR');
    await byId('cart-count').filter({ hasText: /^1$/ }).waitFor();
  });

  await step('add another product from the shop (fetch)', async () => {
    await byId('nav-home').click();
    await byId('add-to-cart-3').waitFor();
    const response = await clickAndWait('add-to-cart-3', isCall('POST', '/api/cart'));
    expectStatus(response, 200, 'add to cart via fetch');
    await byId('cart-count').filter({ hasText: /^2$/ }).waitFor();
  });

  await step('open the cart', async () => {
    await byId('nav-cart').click();
    await byId('cart-item-1').waitFor();
    await byId('cart-item-3').waitFor();
  });

  await step('checkout with a declined card', async () => {
    await byId('checkout-link').click();
    await byId('summary-item-3').waitFor();
    await byId('checkout-name').fill('Ada Lovelace');
    await byId('checkout-email').fill('ada@example.com');
    await byId('checkout-card').fill(DECLINED_CARD);
    await byId('checkout-expiry').fill('12/29');
    await byId('checkout-cvc').fill('123');
    await byId('checkout-password').fill('correct horse battery staple');
    const response = await clickAndWait('checkout-submit', isCall('POST', '/api/checkout'));
    expectStatus(response, 402, 'declined checkout');
    await byId('checkout-error').filter({ hasText: 'declined' }).waitFor();
  });

  await step('checkout with a good card', async () => {
    await byId('checkout-card').fill(APPROVED_CARD);
    const response = await clickAndWait('checkout-submit', isCall('POST', '/api/checkout'));
    expectStatus(response, 200, 'approved checkout');
    await byId('checkout-success').waitFor();
    await byId('order-id').filter({ hasText: /^ord_/ }).waitFor();
  });

  await step('recommendations failure', async () => {
    await byId('back-to-shop').click();
    await byId('product-card-1').waitFor();
    const response = await clickAndWait(
      'force-recommendations-failure',
      isCall('GET', '/api/recommendations', 'fail=1'),
    );
    expectStatus(response, 500, 'forced recommendations failure');
    await byId('recommendations-error').waitFor();
  });
}

/**
 * A declined checkout made by the page's own code (so Tandem's wrapper adds the trace headers, as it does to
 * the app's requests): one product into the cart, then the declined card. Its HTTP status (402 expected).
 */
export const declinedCheckoutFromPage = (page: Page): Promise<number> =>
  page.evaluate(async (card) => {
    await fetch('/api/cart', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ productId: 2, quantity: 1 }),
    });
    const res = await fetch('/api/checkout', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ada', email: 'ada@example.com', cardNumber: card }),
    });
    return res.status;
  }, DECLINED_CARD);
