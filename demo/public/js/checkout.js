import { getJson, postJson } from './api.js';
import { el, formatPrice, setCartCount } from './ui.js';

const $ = (testid) => document.querySelector(`[data-testid="${testid}"]`);
const form = $('checkout-form');
const submit = $('checkout-submit');

async function loadSummary() {
  const { ok, data } = await getJson('/api/cart');
  if (!ok) return;
  const { items, totalCents, count } = data.cart;
  setCartCount(count);
  $('summary-items').replaceChildren(
    ...(items.length
      ? items.map((i) =>
          el(
            'li',
            { 'data-testid': `summary-item-${i.productId}` },
            el('span', {}, `${i.name} × ${i.quantity}`),
            el('span', { class: 'price' }, formatPrice(i.lineTotal)),
          ),
        )
      : [el('li', { class: 'muted', 'data-testid': 'summary-empty' }, 'Your cart is empty.')]),
  );
  $('summary-total').textContent = formatPrice(totalCents);
  submit.textContent = items.length ? `Pay ${formatPrice(totalCents)}` : 'Pay now';
}

function showError(message) {
  const box = $('checkout-error');
  box.textContent = message;
  box.hidden = false;
}

const MESSAGES = {
  402: 'Your card was declined. Please use a different card.',
  400: 'Please check your details.',
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  $('checkout-error').hidden = true;
  const label = submit.textContent;
  submit.disabled = true;
  submit.textContent = 'Processing…';
  try {
    const body = Object.fromEntries(new FormData(form));
    if (!body.accountPassword) delete body.accountPassword;
    const { ok, status, data } = await postJson('/api/checkout', body);
    if (!ok) {
      const details = Array.isArray(data?.details) ? ` ${data.details.map((d) => d.message).join('; ')}` : '';
      const reason =
        status === 400 && data?.error === 'cart is empty'
          ? 'Your cart is empty.'
          : (MESSAGES[status] ?? 'Something went wrong.');
      showError(`${reason}${details}`);
      return;
    }
    form.hidden = true;
    $('order-id').textContent = data.orderId;
    $('order-email').textContent = body.email;
    $('checkout-success').hidden = false;
    setCartCount(0);
    $('summary-items').replaceChildren(el('li', { class: 'muted' }, `${data.itemCount} item(s) ordered`));
  } catch (error) {
    showError(`Could not reach the shop: ${error.message}`);
  } finally {
    submit.disabled = false;
    submit.textContent = label;
  }
});

loadSummary();
