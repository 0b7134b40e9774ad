import { getJson, xhrPostJson } from './api.js';
import { formatPrice, productArt, refreshCartCount, setCartCount, toast } from './ui.js';

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const id = new URLSearchParams(location.search).get('id') ?? '';

function showError(message) {
  const box = $('product-error');
  box.textContent = message;
  box.hidden = false;
}

async function load() {
  const { ok, status, data } = await getJson(`/api/products/${encodeURIComponent(id)}`);
  if (!ok) {
    showError(status === 404 ? 'That product does not exist (any more).' : `Could not load the product (${status}).`);
    return;
  }
  const product = data.product;
  document.title = `${product.name} – Tandem Supply Co.`;
  $('product-art').replaceChildren(productArt(product, 'lg'));
  $('product-category').textContent = product.category;
  $('product-name').textContent = product.name;
  $('product-price').textContent = formatPrice(product.price);
  $('product-description').textContent = product.description;
  $('product-stock').textContent = product.stock < 10 ? `Only ${product.stock} left` : 'In stock, ships in 1-2 days';
  $('product-detail').hidden = false;

  // This page adds to the cart with XMLHttpRequest (the home page uses fetch) so both get exercised.
  const button = $('product-add-to-cart');
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      const quantity = Number($('quantity-select').value);
      const { ok: added, data: result } = await xhrPostJson('/api/cart', { productId: product.id, quantity });
      if (!added) throw new Error(result?.error ?? 'could not add to cart');
      setCartCount(result.cart.count);
      toast(`Added ${quantity} × ${product.name} to your cart`);
    } catch (error) {
      toast(`Sorry: ${error.message}`, 'error');
    } finally {
      button.disabled = false;
    }
  });
}

load();
refreshCartCount();
