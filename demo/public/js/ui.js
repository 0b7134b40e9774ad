import { getJson } from './api.js';

/** Tiny element builder: el('a', { href: '/', 'data-testid': 'x' }, 'text', child). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value == null) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  node.append(...children.filter((c) => c != null));
  return node;
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
export const formatPrice = (cents) => money.format(cents / 100);

// Hand-drawn 24x24 line icons; the demo ships no images and loads nothing from the network.
const ICONS = {
  1: 'M5 8h11v7a4 4 0 0 1-4 4H9a4 4 0 0 1-4-4zM16 10h1.5a2.5 2.5 0 0 1 0 5H16M8.5 3.5v2M12.5 3.5v2',
  2: 'M5 8h14l-1.2 12H6.2zM9 8V6a3 3 0 0 1 6 0v2',
  3: 'M6 4h12l-4 7h-4zM12 11v2M8 14h8l1 6H7z',
  4: 'M4.5 15a7.5 7.5 0 0 1 15 0zM3.5 15h17v3.5h-17zM13.5 5.5a1.5 1.5 0 1 1-3 0a1.5 1.5 0 1 1 3 0M12 7v.5M8 18.5v-3.5M12 18.5v-3.5M16 18.5v-3.5',
  5: 'M7 4h10l2.5 6h-15zM12 10v10M8 20.5h8',
  6: 'M4 6h16v11H4zM4 10.5h16M7 17v3M11 17v3M15 17v3M18.5 17v3',
  7: 'M6 3h11a1 1 0 0 1 1 1v16a1 1 0 0 1-1 1H6zM9 3v18M12 8h3.5M12 11.5h3.5',
  8: 'M10 2.5h4v2.5h-4zM9 5h6l1 3v11.5a2 2 0 0 1-2 2h-4a2 2 0 0 1-2-2V8zM8 12h8',
};

/** The coloured tile with a line icon that stands in for a product photo. */
export function productArt(product, size = 'md') {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[product.id] ?? ICONS[1]);
  svg.append(path);
  const tile = el('div', { class: `art art-${size}` }, svg);
  tile.style.setProperty('--hue', String(product.hue ?? 200));
  return tile;
}

export function setCartCount(count) {
  for (const badge of document.querySelectorAll('[data-testid="cart-count"]')) {
    badge.textContent = String(count);
    badge.classList.toggle('empty', count === 0);
  }
}

export async function refreshCartCount() {
  const { ok, data } = await getJson('/api/cart');
  if (ok) setCartCount(data.cart.count);
}

let toastTimer;
/** Brief confirmation in the corner; stays in the DOM (hidden) so tests can wait for its text. */
export function toast(message, kind = 'info') {
  const node = document.querySelector('[data-testid="toast"]');
  if (!node) return;
  node.textContent = message;
  node.dataset.kind = kind;
  node.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => (node.hidden = true), 3500);
}

export function spinner(testid) {
  return el('span', { class: 'spinner', role: 'status', 'aria-label': 'Loading', 'data-testid': testid });
}
