// @vitest-environment happy-dom
import { EventType, type eventWithTime } from '@rrweb/types';
import { afterEach, describe, expect, it } from 'vitest';
import { startRrweb } from '../../../../src/content/page/rrweb';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';

const CSRF = 'kQ9vX2mZ7pL4wE8rT1yU6iO3aS5dF0gH';

// happy-dom lists DOMTokenList on window without defining it; rrweb's polyfill reads its prototype.
const win = window as unknown as { DOMTokenList?: unknown };
win.DOMTokenList ??= document.body.classList.constructor;

function recordPage(html: string, maskAllInputs: boolean): string {
  document.head.innerHTML = `<meta name="csrf-token" content="${CSRF}"><meta name="viewport" content="width=device-width">`;
  document.body.innerHTML = html;
  const events: eventWithTime[] = [];
  const stop = startRrweb(
    {
      privacy: { ...DEFAULT_SETTINGS.privacy, maskAllInputs },
      checkoutEveryMs: 300_000,
      mutationLimit: 10_000,
    },
    [],
    (e) => events.push(e),
  );
  stop();
  const snapshot = events.find((e) => e.type === EventType.FullSnapshot);
  expect(snapshot).toBeDefined();
  return JSON.stringify(snapshot);
}

describe('startRrweb', () => {
  afterEach(() => {
    document.head.innerHTML = '';
    document.body.innerHTML = '';
  });

  it.each([true, false])('never records a hidden input or a csrf meta tag in clear (maskAllInputs %s)', (maskAll) => {
    const json = recordPage(
      `<form method="post" action="/checkout"><input type="hidden" name="authenticity_token" value="${CSRF}">` +
        '<input type="text" name="coupon" value="SPRING24"><button>Pay</button></form>',
      maskAll,
    );
    expect(json).not.toContain(CSRF);
    // The rest of the page is still there: the hidden field's name, the viewport meta tag.
    expect(json).toContain('authenticity_token');
    expect(json).toContain('width=device-width');
    // Visible inputs follow the setting.
    expect(json.includes('SPRING24')).toBe(!maskAll);
  });
});
