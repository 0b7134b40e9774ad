/**
 * A transport carries protocol messages between two ends (React DevTools calls it a "wall").
 * Implementations: an extension Port, a window/MessagePort channel, and an in-memory pair for tests.
 * Messages are plain JSON-compatible values; validation is the receiver's job, not the transport's.
 */
export interface Transport<In, Out> {
  send(message: Out): void;
  /** Returns a function that removes the listener. */
  listen(handler: (message: In) => void): () => void;
  /** Called once when the other end goes away or close() is called. */
  onClose(handler: () => void): () => void;
  close(): void;
}

/** The part of chrome.runtime.Port / browser.Runtime.Port a transport needs. */
export interface PortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: {
    addListener(cb: (message: unknown) => void): void;
    removeListener(cb: (message: unknown) => void): void;
  };
  onDisconnect: { addListener(cb: () => void): void; removeListener(cb: () => void): void };
}

class CloseSignal {
  private handlers = new Set<() => void>();
  private closed = false;
  add(handler: () => void): () => void {
    if (this.closed) {
      queueMicrotask(handler);
      return () => {};
    }
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }
  fire(): void {
    if (this.closed) return;
    this.closed = true;
    for (const h of [...this.handlers]) h();
    this.handlers.clear();
  }
  get isClosed(): boolean {
    return this.closed;
  }
}

/** Incoming messages are `unknown` on purpose: the receiver validates them. */
export function portTransport<Out>(port: PortLike): Transport<unknown, Out> {
  const closed = new CloseSignal();
  port.onDisconnect.addListener(() => closed.fire());
  return {
    send(message) {
      if (closed.isClosed) throw new Error('transport closed');
      port.postMessage(message);
    },
    listen(handler) {
      const cb = (m: unknown) => handler(m);
      port.onMessage.addListener(cb);
      return () => port.onMessage.removeListener(cb);
    },
    onClose: (h) => closed.add(h),
    close() {
      port.disconnect();
      closed.fire();
    },
  };
}

/**
 * A channel over window.postMessage. Only messages from `source` (the same window by default) that carry
 * the channel tag are delivered; the payload is still untrusted, since page scripts share the window.
 */
/** The part of a Window the window transport needs (typed structurally: the worker build has no Window). */
export interface WindowLike {
  postMessage(message: unknown, targetOrigin: string): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
}

export function windowTransport<Out>(win: WindowLike, channel: string, targetOrigin: string): Transport<unknown, Out> {
  const closed = new CloseSignal();
  const listeners = new Set<(e: MessageEvent) => void>();
  return {
    send(message) {
      win.postMessage({ channel, message }, targetOrigin);
    },
    listen(handler) {
      const cb = (e: MessageEvent) => {
        if (e.source !== win) return;
        const data: unknown = e.data;
        if (typeof data !== 'object' || data === null || (data as { channel?: unknown }).channel !== channel) return;
        handler((data as { message?: unknown }).message);
      };
      listeners.add(cb);
      win.addEventListener('message', cb);
      return () => {
        listeners.delete(cb);
        win.removeEventListener('message', cb);
      };
    },
    onClose: (h) => closed.add(h),
    close() {
      for (const cb of listeners) win.removeEventListener('message', cb);
      listeners.clear();
      closed.fire();
    },
  };
}

interface MemoryEnd<In> {
  handlers: Set<(m: In) => void>;
  closed: CloseSignal;
}

/** Two linked ends; delivery is asynchronous (a microtask), like the real transports. */
export function memoryTransportPair<A, B>(): [Transport<B, A>, Transport<A, B>] {
  const a: MemoryEnd<B> = { handlers: new Set(), closed: new CloseSignal() };
  const b: MemoryEnd<A> = { handlers: new Set(), closed: new CloseSignal() };
  const end = <In, Out>(self: MemoryEnd<In>, other: MemoryEnd<Out>): Transport<In, Out> => ({
    send(message) {
      if (self.closed.isClosed) throw new Error('transport closed');
      // A structured copy, so tests catch anything that would not survive a real port.
      const copy = structuredClone(message);
      queueMicrotask(() => {
        if (!other.closed.isClosed) for (const h of [...other.handlers]) h(copy);
      });
    },
    listen(handler) {
      self.handlers.add(handler);
      return () => self.handlers.delete(handler);
    },
    onClose: (h) => self.closed.add(h),
    close() {
      self.closed.fire();
      other.closed.fire();
    },
  });
  return [end<B, A>(a, b), end<A, B>(b, a)];
}
