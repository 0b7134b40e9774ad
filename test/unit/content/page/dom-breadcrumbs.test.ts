// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { startDomBreadcrumbs } from '../../../../src/content/page/dom-breadcrumbs';
import type { Breadcrumb, CustomEvent } from '../../../../src/shared/replay-events';
import { DEFAULT_SETTINGS } from '../../../../src/shared/settings';

const NOTE = 'Door code 4471, leave with neighbour at no. 12';

function clickText(html: string, selector: string): string {
  document.body.innerHTML = html;
  const crumbs: CustomEvent[] = [];
  const stop = startDomBreadcrumbs(DEFAULT_SETTINGS.privacy, (e) => crumbs.push(e));
  document.querySelector(selector)!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  stop();
  const crumb = crumbs[0]?.data.payload as Breadcrumb | undefined;
  expect(crumb?.category).toBe('ui.click');
  return (crumb!.data as { node: { textContent: string } }).node.textContent;
}

describe('click breadcrumbs', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it("keeps a button's label", () => {
    expect(clickText('<button id="buy">Buy <b>now</b></button>', '#buy')).toBe('Buy now');
  });

  it("never copies a textarea's text, clicked or inside the clicked element", () => {
    const form = `<div role="group" id="delivery"><label>Notes</label><textarea id="notes">${NOTE}</textarea></div>`;
    expect(clickText(form, '#notes')).toBe('');
    expect(clickText(form, '#delivery')).toBe('Notes');
  });

  it('never copies editable content or script text', () => {
    const page =
      '<div role="main" id="main"><h1>Compose</h1><div contenteditable="true">Dear Sam, my PIN is 0000</div>' +
      '<script>window.__STATE__ = {"apiKey": "sk_live_51H8cQ2eZvKYlo2C"}</script></div>';
    expect(clickText(page, '#main')).toBe('Compose');
  });
});
