import { describe, expect, it, vi } from 'vitest';
import {
  memoryTransportPair,
  portTransport,
  windowTransport,
  type PortLike,
  type WindowLike,
} from '../../../src/shared/transport';
import { Inbox } from '../fixtures/fakes';
import { mutationEvent } from '../fixtures/rrweb-events';

/** Resolves after every microtask queued before this call has run (the memory pair delivers in one). */
const afterQueuedMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('memoryTransportPair', () => {
  it('delivers in both directions, asynchronously', async () => {
    const [left, right] = memoryTransportPair<string, number>();
    const atRight = new Inbox<string>(right);
    const atLeft = new Inbox<number>(left);

    left.send('hello');
    right.send(42);
    // Not delivered during send: a real port never calls back synchronously either.
    expect(atRight.all).toEqual([]);
    expect(atLeft.all).toEqual([]);

    expect(await atRight.next()).toBe('hello');
    expect(await atLeft.next()).toBe(42);
  });

  it('keeps the order of messages', async () => {
    const [left, right] = memoryTransportPair<number, never>();
    const inbox = new Inbox<number>(right);
    for (let i = 0; i < 5; i++) left.send(i);
    const got = [await inbox.next(), await inbox.next(), await inbox.next(), await inbox.next(), await inbox.next()];
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });

  it('delivers a structured copy: changing the sent object afterwards does not change what arrives', async () => {
    const [left, right] = memoryTransportPair<{ events: unknown[]; label: string }, never>();
    const inbox = new Inbox(right);
    const message = { events: [mutationEvent(1000)], label: 'before' };

    left.send(message);
    message.label = 'after';
    message.events.push(mutationEvent(2000));

    const got = await inbox.next();
    expect(got).not.toBe(message);
    expect(got).toEqual({ events: [mutationEvent(1000)], label: 'before' });
  });

  it('refuses what a real port could not carry (a function) at send time', () => {
    const [left] = memoryTransportPair<{ fn: () => void }, never>();
    expect(() => left.send({ fn: () => {} })).toThrow();
  });

  it('stops delivering to a listener once it is removed', async () => {
    const [left, right] = memoryTransportPair<string, never>();
    const removed = vi.fn();
    const unlisten = right.listen(removed);
    const inbox = new Inbox<string>(right);
    unlisten();
    left.send('x');
    expect(await inbox.next()).toBe('x');
    expect(removed).not.toHaveBeenCalled();
  });

  it('close() fires onClose once on both ends, however often either end closes', async () => {
    const [left, right] = memoryTransportPair<string, string>();
    const leftClosed = vi.fn();
    const rightClosed = vi.fn();
    left.onClose(leftClosed);
    right.onClose(rightClosed);

    left.close();
    left.close();
    right.close();

    expect(leftClosed).toHaveBeenCalledTimes(1);
    expect(rightClosed).toHaveBeenCalledTimes(1);
  });

  it('calls an onClose handler registered after the close, once', async () => {
    const [left, right] = memoryTransportPair<string, string>();
    left.close();
    const late = vi.fn();
    right.onClose(late);
    await afterQueuedMicrotasks();
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('does not call an onClose handler that was removed, and still calls the others', () => {
    const [left, right] = memoryTransportPair<string, string>();
    const handler = vi.fn();
    const kept = vi.fn();
    const remove = right.onClose(handler);
    right.onClose(kept);
    remove();
    left.close();
    expect(handler).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledOnce();
  });

  it('throws on send after close, on both ends', () => {
    const [left, right] = memoryTransportPair<string, string>();
    right.close();
    expect(() => left.send('late')).toThrow('transport closed');
    expect(() => right.send('late')).toThrow('transport closed');
  });

  it('drops a message still in flight when the receiving end closes, after delivering the earlier ones', async () => {
    const [left, right] = memoryTransportPair<string, never>();
    const received = vi.fn();
    right.listen(received);
    left.send('delivered');
    await afterQueuedMicrotasks();
    left.send('in flight');
    right.close();
    await afterQueuedMicrotasks();
    expect(received).toHaveBeenCalledExactlyOnceWith('delivered');
  });
});

/** A window with a real EventTarget: postMessage dispatches a MessageEvent whose source is this window. */
class FakeWindow implements WindowLike {
  readonly posted: { message: unknown; targetOrigin: string }[] = [];
  private readonly target = new EventTarget();
  private readonly wrappers = new Map<(e: MessageEvent) => void, (e: Event) => void>();

  postMessage(message: unknown, targetOrigin: string): void {
    this.posted.push({ message, targetOrigin });
    const data = structuredClone(message);
    // window.postMessage dispatches in a later task, never during the call.
    queueMicrotask(() => this.dispatch(data, this));
  }

  /** What a page script, another frame or an extension could post into this window. */
  dispatch(data: unknown, source: object | null): void {
    const event = new MessageEvent('message', { data });
    Object.defineProperty(event, 'source', { value: source });
    this.target.dispatchEvent(event);
  }

  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void {
    const wrapper = (e: Event) => {
      if (e instanceof MessageEvent) listener(e);
    };
    this.wrappers.set(listener, wrapper);
    this.target.addEventListener(type, wrapper);
  }

  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void {
    const wrapper = this.wrappers.get(listener);
    if (wrapper) this.target.removeEventListener(type, wrapper);
    this.wrappers.delete(listener);
  }

  get listenerCount(): number {
    return this.wrappers.size;
  }
}

describe('windowTransport (fake window over a real EventTarget)', () => {
  it('posts the message wrapped in its channel tag, to the given origin', () => {
    const win = new FakeWindow();
    const transport = windowTransport<{ n: number }>(win, 'tandem/net', 'https://shop.example');
    transport.send({ n: 1 });
    expect(win.posted).toEqual([
      { message: { channel: 'tandem/net', message: { n: 1 } }, targetOrigin: 'https://shop.example' },
    ]);
  });

  it('delivers its own messages back to a listener on the same window', async () => {
    const win = new FakeWindow();
    const transport = windowTransport<{ n: number }>(win, 'tandem/net', '*');
    const inbox = new Inbox<unknown>(transport);
    transport.send({ n: 7 });
    expect(await inbox.next()).toEqual({ n: 7 });
  });

  it('drops messages of another channel, from another source and without a tag', async () => {
    const win = new FakeWindow();
    const otherFrame = new FakeWindow();
    const transport = windowTransport<string>(win, 'tandem/net', '*');
    const inbox = new Inbox<unknown>(transport);

    win.dispatch({ channel: 'someone-else', message: 'wrong channel' }, win);
    win.dispatch({ channel: 'tandem/net', message: 'wrong source' }, otherFrame);
    win.dispatch({ channel: 'tandem/net', message: 'no source' }, null);
    win.dispatch('tandem/net', win);
    win.dispatch(null, win);
    win.dispatch({ message: 'no channel' }, win);
    win.dispatch({ channel: 'tandem/net', message: 'valid' }, win);

    expect(await inbox.next()).toBe('valid');
    expect(inbox.all).toEqual(['valid']);
  });

  it('stops delivering after close() and fires onClose once', () => {
    const win = new FakeWindow();
    const transport = windowTransport<string>(win, 'tandem/net', '*');
    const received = vi.fn();
    const closed = vi.fn();
    transport.listen(received);
    transport.onClose(closed);
    win.dispatch({ channel: 'tandem/net', message: 'before close' }, win);

    transport.close();
    transport.close();
    win.dispatch({ channel: 'tandem/net', message: 'after close' }, win);

    expect(received).toHaveBeenCalledExactlyOnceWith('before close');
    expect(closed).toHaveBeenCalledTimes(1);
    expect(win.listenerCount).toBe(0);
  });

  it('removes exactly the listener whose unsubscribe was called', async () => {
    const win = new FakeWindow();
    const transport = windowTransport<string>(win, 'tandem/net', '*');
    const removed = vi.fn();
    const unlisten = transport.listen(removed);
    const inbox = new Inbox<unknown>(transport);
    unlisten();
    win.dispatch({ channel: 'tandem/net', message: 'x' }, win);
    expect(await inbox.next()).toBe('x');
    expect(removed).not.toHaveBeenCalled();
  });
});

class FakePort implements PortLike {
  readonly posted: unknown[] = [];
  disconnectCalls = 0;
  private readonly messageListeners = new Set<(message: unknown) => void>();
  private readonly disconnectListeners = new Set<() => void>();

  readonly onMessage = {
    addListener: (cb: (message: unknown) => void) => void this.messageListeners.add(cb),
    removeListener: (cb: (message: unknown) => void) => void this.messageListeners.delete(cb),
  };
  readonly onDisconnect = {
    addListener: (cb: () => void) => void this.disconnectListeners.add(cb),
    removeListener: (cb: () => void) => void this.disconnectListeners.delete(cb),
  };

  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  disconnect(): void {
    this.disconnectCalls++;
  }

  /** The other end posted a message. */
  deliver(message: unknown): void {
    for (const l of [...this.messageListeners]) l(message);
  }
  /** The other end went away (Chrome fires onDisconnect only for the remote side's disconnect). */
  remoteDisconnect(): void {
    for (const l of [...this.disconnectListeners]) l();
  }
  get messageListenerCount(): number {
    return this.messageListeners.size;
  }
}

describe('portTransport (fake PortLike)', () => {
  it('forwards sent messages to postMessage and incoming ones to listeners', () => {
    const port = new FakePort();
    const transport = portTransport<{ type: string }>(port);
    const received = vi.fn();
    transport.listen(received);

    transport.send({ type: 'hello' });
    port.deliver({ type: 'record' });

    expect(port.posted).toEqual([{ type: 'hello' }]);
    expect(received).toHaveBeenCalledExactlyOnceWith({ type: 'record' });
  });

  it('removes its port listener when unsubscribed', () => {
    const port = new FakePort();
    const transport = portTransport<string>(port);
    const received = vi.fn();
    const unlisten = transport.listen(received);
    expect(port.messageListenerCount).toBe(1);
    port.deliver('before');
    unlisten();
    port.deliver('x');
    expect(received).toHaveBeenCalledExactlyOnceWith('before');
    expect(port.messageListenerCount).toBe(0);
  });

  it('fires onClose once when the port disconnects, and send then throws', () => {
    const port = new FakePort();
    const transport = portTransport<string>(port);
    const closed = vi.fn();
    transport.onClose(closed);

    port.remoteDisconnect();
    port.remoteDisconnect();

    expect(closed).toHaveBeenCalledTimes(1);
    expect(() => transport.send('late')).toThrow('transport closed');
    expect(port.posted).toEqual([]);
  });

  it('close() disconnects the port and fires onClose (Chrome does not fire onDisconnect on the closing side)', () => {
    const port = new FakePort();
    const transport = portTransport<string>(port);
    const closed = vi.fn();
    transport.onClose(closed);

    transport.close();

    expect(port.disconnectCalls).toBe(1);
    expect(closed).toHaveBeenCalledTimes(1);
    expect(() => transport.send('late')).toThrow('transport closed');
  });
});
