import { getJson, postJson } from './api.js';
import { el, formatPrice, productArt, refreshCartCount, setCartCount, spinner, toast } from './ui.js';

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);

// --- product grid (add to cart goes through fetch; the product page uses XHR) ---

async function addToCart(product, button) {
  button.disabled = true;
  try {
    const { ok, data } = await postJson('/api/cart', { productId: product.id, quantity: 1 });
    if (!ok) throw new Error(data?.error ?? 'could not add to cart');
    setCartCount(data.cart.count);
    toast(`Added ${product.name} to your cart`);
  } catch (error) {
    toast(`Sorry: ${error.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

function productCard(product) {
  const link = (child, testid) => el('a', { href: `/product.html?id=${product.id}`, 'data-testid': testid }, child);
  const button = el(
    'button',
    { type: 'button', class: 'btn btn-small', 'data-testid': `add-to-cart-${product.id}` },
    'Add to cart',
  );
  button.addEventListener('click', () => addToCart(product, button));
  return el(
    'article',
    { class: 'card product-card', 'data-testid': `product-card-${product.id}` },
    link(productArt(product), `product-image-${product.id}`),
    el(
      'div',
      { class: 'product-body' },
      el('span', { class: 'eyebrow' }, product.category),
      link(product.name, `product-link-${product.id}`),
    ),
    el('div', { class: 'product-foot' }, el('span', { class: 'price' }, formatPrice(product.price)), button),
  );
}

async function loadProducts() {
  const grid = $('product-grid');
  const { ok, data } = await getJson('/api/products');
  if (!ok) {
    grid.replaceChildren(el('p', { class: 'alert', role: 'alert' }, 'Could not load products.'));
    return;
  }
  grid.replaceChildren(...data.products.map(productCard));
  $('product-count').textContent = `${data.products.length} items`;
}

// --- search (slow on purpose: ~1 s; a newer search cancels the one in flight) ---

let searchAbort;

async function search(query) {
  searchAbort?.abort();
  searchAbort = new AbortController();
  const section = $('search-results-section');
  const list = $('search-results');
  section.hidden = false;
  $('search-heading').textContent = `Results for “${query}”`;
  $('search-status').replaceChildren(spinner('search-spinner'), ' Searching…');
  list.replaceChildren();
  try {
    const { ok, data } = await getJson(`/api/search?q=${encodeURIComponent(query)}`, { signal: searchAbort.signal });
    if (!ok) throw new Error(data?.error ?? 'search failed');
    $('search-status').textContent = data.results.length
      ? `${data.results.length} found`
      : 'Nothing matched. Try “mug” or “linen”.';
    list.replaceChildren(
      ...data.results.map((p) =>
        el(
          'li',
          { 'data-testid': `search-result-${p.id}` },
          el(
            'a',
            { href: `/product.html?id=${p.id}`, class: 'result' },
            productArt(p, 'sm'),
            el('span', {}, p.name),
            el('span', { class: 'price' }, formatPrice(p.price)),
          ),
        ),
      ),
    );
  } catch (error) {
    if (error.name === 'AbortError') return;
    $('search-status').textContent = `Search failed: ${error.message}`;
  }
}

$('search-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const query = $('search-input').value.trim();
  if (query) search(query);
});
$('search-clear').addEventListener('click', () => {
  searchAbort?.abort();
  $('search-results-section').hidden = true;
  $('search-input').value = '';
});

// --- recommendations (fails on every 5th call, or always with ?fail=1) ---

async function loadRecommendations(fail) {
  const list = $('recommendations-list');
  const error = $('recommendations-error');
  error.hidden = true;
  list.replaceChildren(el('li', { class: 'muted' }, spinner('recommendations-spinner'), ' Loading…'));
  const query = fail === undefined ? '' : `?fail=${fail}`;
  const { ok, status, data } = await getJson(`/api/recommendations${query}`).catch((e) => ({
    ok: false,
    status: 0,
    data: { reason: e.message },
  }));
  if (!ok) {
    list.replaceChildren();
    $('recommendations-error-detail').textContent = `(${status || 'network'}) ${data?.reason ?? data?.error ?? ''}`;
    error.hidden = false;
    return;
  }
  list.replaceChildren(
    ...data.items.map((p) =>
      el(
        'li',
        { 'data-testid': `recommendation-${p.id}` },
        el(
          'a',
          { href: `/product.html?id=${p.id}`, class: 'result' },
          productArt(p, 'sm'),
          el('span', {}, p.name),
          el('span', { class: 'price' }, formatPrice(p.price)),
        ),
      ),
    ),
  );
}

$('recommendations-refresh').addEventListener('click', () => loadRecommendations());
$('recommendations-retry').addEventListener('click', () => loadRecommendations('0'));
$('force-recommendations-failure').addEventListener('click', () => loadRecommendations('1'));

loadProducts();
loadRecommendations();
refreshCartCount();
