import { xhrGetJson } from './api.js';
import { el, formatPrice, productArt, setCartCount } from './ui.js';

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

function line(item) {
  return el(
    'li',
    { class: 'cart-line', 'data-testid': `cart-item-${item.productId}` },
    productArt({ id: item.productId, hue: item.hue }, 'sm'),
    el('a', { href: `/product.html?id=${item.productId}`, class: 'grow' }, item.name),
    el('span', { class: 'muted', 'data-testid': `cart-qty-${item.productId}` }, `× ${item.quantity}`),
    el('span', { class: 'price' }, formatPrice(item.lineTotal)),
  );
}

async function load() {
  // Read with XHR here (the shop page reads with fetch) to keep both transports in a session.
  const { ok, status, data } = await xhrGetJson('/api/cart');
  $('cart-loading').hidden = true;
  if (!ok) {
    $('cart-loading').textContent = `Could not load your cart (${status}).`;
    $('cart-loading').hidden = false;
    return;
  }
  const { items, totalCents, count } = data.cart;
  setCartCount(count);
  if (items.length === 0) {
    $('cart-empty').hidden = false;
    return;
  }
  $('cart-items').replaceChildren(...items.map(line));
  $('cart-total').textContent = formatPrice(totalCents);
  $('cart').hidden = false;
}

load();
