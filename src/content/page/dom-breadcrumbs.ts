/**
 * Click and input breadcrumbs as Sentry records them (`ui.click`, `ui.input`): a CSS-like path of the
 * target, its rrweb node id, and for clicks its visible text, masked with the same rules as the
 * recording. Input values are never included, nor a textarea's text or editable content.
 */
import { record } from '@rrweb/record';
import type { PrivacySettings } from '../../shared/settings';
import { breadcrumbEvent, type CustomEvent } from '../../shared/replay-events';

const MAX_DEPTH = 5;
const MAX_TEXT = 100;

export function elementPath(el: Element): string {
  const parts: string[] = [];
  for (
    let node: Element | null = el, depth = 0;
    node && depth < MAX_DEPTH && node.tagName !== 'HTML';
    node = node.parentElement, depth++
  ) {
    let part = node.tagName.toLowerCase();
    if (node.id) part += `#${node.id}`;
    for (const c of Array.from(node.classList).slice(0, 3)) part += `.${c}`;
    for (const attr of ['data-testid', 'name', 'role', 'type', 'aria-label']) {
      const v = node.getAttribute(attr);
      if (v) part += `[${attr}="${v.slice(0, 40)}"]`;
    }
    parts.unshift(part);
  }
  return parts.join(' > ');
}

/**
 * Where text is a value the user typed or a script, not a label: a textarea's text is its value (rrweb records
 * it as the masked value), and editable content is typed.
 */
const NOT_LABEL = 'textarea, select, input, script, style, noscript, template, [contenteditable]';
/** Text nodes read at most, so a click on a large `[role]` container stays cheap. */
const MAX_NODES = 200;

function labelText(el: Element): string {
  if (el.closest(NOT_LABEL)) return '';
  const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  let text = '';
  // Layout whitespace counts until the text is trimmed: read well past MAX_TEXT before stopping.
  for (
    let n = walker.nextNode(), read = 0;
    n && text.length < MAX_TEXT * 10 && read < MAX_NODES;
    n = walker.nextNode()
  ) {
    read++;
    if (!n.parentElement?.closest(NOT_LABEL)) text += n.nodeValue ?? '';
  }
  return text;
}

function visibleText(el: Element, privacy: PrivacySettings): string {
  const text = labelText(el).replace(/\s+/g, ' ').trim().slice(0, MAX_TEXT);
  const masked = privacy.maskAllText || (privacy.maskTextSelector && el.closest(privacy.maskTextSelector));
  return masked ? text.replace(/\S/g, '*') : text;
}

function describe(el: Element, privacy: PrivacySettings) {
  return {
    nodeId: record.mirror.getId(el),
    node: {
      tagName: el.tagName.toLowerCase(),
      textContent: visibleText(el, privacy),
      attributes: { id: el.id || undefined, class: el.getAttribute('class') ?? undefined },
    },
  };
}

export function startDomBreadcrumbs(privacy: PrivacySettings, add: (e: CustomEvent) => void): () => void {
  const blocked = (el: Element) => !!privacy.blockSelector && !!el.closest(privacy.blockSelector);
  const onClick = (e: MouseEvent) => {
    const target =
      e.target instanceof Element
        ? (e.target.closest('button, a, input, select, textarea, [role], [onclick]') ?? e.target)
        : null;
    if (!target || blocked(target)) return;
    add(
      breadcrumbEvent(Date.now(), {
        type: 'default',
        category: 'ui.click',
        message: elementPath(target),
        data: describe(target, privacy),
      }),
    );
  };
  // One breadcrumb per field the user changed, not per keystroke, like Sentry's.
  const onChange = (e: Event) => {
    const target = e.target instanceof Element ? e.target : null;
    if (!target || blocked(target) || (privacy.ignoreSelector && target.closest(privacy.ignoreSelector))) return;
    const data = describe(target, privacy);
    data.node.textContent = '';
    add(breadcrumbEvent(Date.now(), { type: 'default', category: 'ui.input', message: elementPath(target), data }));
  };
  document.addEventListener('click', onClick, { capture: true, passive: true });
  document.addEventListener('change', onChange, { capture: true, passive: true });
  return () => {
    document.removeEventListener('click', onClick, { capture: true });
    document.removeEventListener('change', onChange, { capture: true });
  };
}
