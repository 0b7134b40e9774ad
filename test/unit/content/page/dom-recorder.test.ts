// @vitest-environment happy-dom
/**
 * The MAIN-world DOM recorder against a page that turns hostile after it installed: a getter or method the
 * page puts on a prototype must not be handed the bridge's node or the recorder's messages. happy-dom stands
 * in for the page; rrweb, which does not run in happy-dom, is a fake that emits one full snapshot.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostile, undoAll, undoLast } from './hostile';
import { installDomRecorder } from '../../../../src/content/page/dom-recorder';
import { DOM_BRIDGE_EVENT, DOM_DOWN_EVENT, DOM_UP_EVENT } from '../../../../src/shared/bridge-constants';
import type { DomDown, DomUp } from '../../../../src/shared/protocol';
import { settingsSchema } from '../../../../src/shared/settings';

vi.mock('../../../../src/content/page/rrweb', () => ({
  startRrweb: (_config: unknown, _blocked: unknown, emit: (e: unknown) => void) => {
    emit({ type: 2, timestamp: Date.now(), data: { node: { id: 1 } } });
    return () => {};
  },
}));

afterEach(undoAll);

/** Installs the DOM recorder and takes its node as the recorder (isolated world) does. */
function bridge() {
  let node: EventTarget | null = null;
  const take = (e: Event) => {
    node = (e as MouseEvent).relatedTarget;
  };
  addEventListener(DOM_BRIDGE_EVENT, take);
  installDomRecorder();
  removeEventListener(DOM_BRIDGE_EVENT, take);
  if (!node) throw new Error('no node handed over');
  const target: EventTarget = node;
  const up: DomUp[] = [];
  const detail = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail')!.get!;
  target.addEventListener(DOM_UP_EVENT, (e) => void up.push(Reflect.apply(detail, e, []) as DomUp));
  const down = (message: DomDown) => target.dispatchEvent(new CustomEvent(DOM_DOWN_EVENT, { detail: message }));
  return { node: target, up, down };
}

const config = () => {
  const s = settingsSchema.parse({});
  return { privacy: s.privacy, checkoutEveryMs: 60_000, mutationLimit: 10_000 };
};

describe('DOM recorder in a page that turns hostile (fake rrweb)', () => {
  it("reads the recorder's orders without the page's CustomEvent.prototype.detail getter", () => {
    const { down, up } = bridge();
    const handed: unknown[] = [];
    const detail = Object.getOwnPropertyDescriptor(CustomEvent.prototype, 'detail')!.get!;
    hostile(CustomEvent.prototype, 'detail', {
      get(this: CustomEvent) {
        handed.push(this);
        return Reflect.apply(detail, this, []);
      },
    });
    down({ kind: 'start', config: config() });
    undoLast();
    down({ kind: 'flush' });
    expect(up.flatMap((m) => m.events).map((e) => e.type)).toContain(2); // the order was obeyed
    expect(handed).toEqual([]);
  });

  it("hands its events over without the page's EventTarget.prototype.dispatchEvent or Function.prototype.call", () => {
    const { node, down, up } = bridge();
    down({ kind: 'start', config: config() });
    const handed: unknown[] = [];
    const dispatch = EventTarget.prototype.dispatchEvent;
    hostile(EventTarget.prototype, 'dispatchEvent', {
      value(this: EventTarget, event: Event) {
        handed.push(this);
        return Reflect.apply(dispatch, this, [event]);
      },
    });
    const call = Function.prototype.call;
    const flush = new CustomEvent(DOM_DOWN_EVENT, { detail: { kind: 'flush' } satisfies DomDown });
    // Only for this synchronous dispatch (vitest itself needs call): the order is dispatched with the native
    // method, as the recorder's world does.
    hostile(Function.prototype, 'call', {
      value(this: (...a: unknown[]) => unknown, self: unknown, ...args: unknown[]) {
        // Whoever calls dispatchEvent through call() hands over its target (happy-dom calls listeners so too).
        if (this === dispatch) handed.push(self);
        return Reflect.apply(this, self, args);
      },
    });
    Reflect.apply(dispatch, node, [flush]);
    undoLast();
    undoLast();
    expect(Function.prototype.call).toBe(call);
    expect(up.flatMap((m) => m.events).map((e) => e.type)).toContain(2);
    expect(handed).not.toContain(node);
  });
});
