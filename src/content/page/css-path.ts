/** A selector that matches exactly this element now: ids where they are unique, nth-child steps elsewhere. */
export function uniqueSelector(el: Element): string {
  const steps: string[] = [];
  for (let node: Element | null = el; node && node !== document.documentElement; node = node.parentElement) {
    if (node.id && document.querySelectorAll(`#${CSS.escape(node.id)}`).length === 1) {
      steps.unshift(`#${CSS.escape(node.id)}`);
      return steps.join(' > ');
    }
    const parent: Element | null = node.parentElement;
    const index = parent ? Array.prototype.indexOf.call(parent.children, node) + 1 : 1;
    steps.unshift(`${node.tagName.toLowerCase()}:nth-child(${index})`);
  }
  return `html > ${steps.join(' > ')}`;
}
