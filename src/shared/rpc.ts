/**
 * Typed calls over a transport: the client side derives `call(method, params)` from the protocol's
 * method table; the server side validates params with the method's schema before the handler runs.
 */
import {
  callSchema,
  isPanelMethod,
  panelParamSchemas,
  type PanelDown,
  type PanelMethod,
  type PanelNotice,
  type PanelParams,
  type PanelResults,
  type PanelUp,
} from './protocol';
import type { Transport } from './transport';

export type PanelHandlers = { [M in PanelMethod]: (params: PanelParams[M]) => Promise<PanelResults[M]> };

export interface PanelClient {
  call<M extends PanelMethod>(method: M, params: PanelParams[M]): Promise<PanelResults[M]>;
  onNotice(handler: (notice: PanelNotice) => void): () => void;
  close(): void;
}

export function createPanelClient(transport: Transport<unknown, PanelUp>, timeoutMs = 30_000): PanelClient {
  let nextId = 1;
  const pending = new Map<
    number,
    { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: ReturnType<typeof setTimeout> }
  >();
  const noticeHandlers = new Set<(n: PanelNotice) => void>();

  transport.listen((raw) => {
    const msg = raw as PanelDown;
    if (msg?.kind === 'notice') {
      for (const h of noticeHandlers) h(msg.notice);
      return;
    }
    if (msg?.kind !== 'result') return;
    const entry = pending.get(msg.id);
    if (!entry) return;
    pending.delete(msg.id);
    clearTimeout(entry.timer);
    if (msg.ok) entry.resolve(msg.value);
    else entry.reject(new Error(msg.error));
  });
  transport.onClose(() => {
    for (const [, entry] of pending) {
      clearTimeout(entry.timer);
      entry.reject(new Error('connection to the Tandem background closed'));
    }
    pending.clear();
  });

  return {
    call(method, params) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id);
          reject(new Error(`${method} timed out after ${timeoutMs} ms`));
        }, timeoutMs);
        pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
        try {
          transport.send({ kind: 'call', id, method, params });
        } catch (e) {
          pending.delete(id);
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      });
    },
    onNotice(handler) {
      noticeHandlers.add(handler);
      return () => noticeHandlers.delete(handler);
    },
    close: () => transport.close(),
  };
}

/**
 * Serves calls arriving on one transport. Invalid calls are answered with an error and reported through
 * onInvalid; a throwing handler becomes an error result. Nothing here can throw into the caller's event loop.
 */
export function servePanel(
  transport: Transport<unknown, PanelDown>,
  handlers: PanelHandlers,
  onInvalid: (error: string) => void,
): void {
  transport.listen((raw) => {
    const parsed = callSchema.safeParse(raw);
    if (!parsed.success) {
      onInvalid(`malformed panel message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
      return;
    }
    const { id, method, params } = parsed.data;
    void answer(id, method, params).then((reply) => {
      try {
        transport.send(reply);
      } catch {
        // The panel went away before the answer: nothing to deliver.
      }
    });
  });

  async function answer(id: number, method: string, params: unknown): Promise<PanelDown> {
    if (!isPanelMethod(method)) {
      onInvalid(`unknown panel method: ${method.slice(0, 80)}`);
      return { kind: 'result', id, ok: false, error: `unknown method ${method.slice(0, 80)}` };
    }
    const checked = panelParamSchemas[method].safeParse(params ?? {});
    if (!checked.success) {
      const error = `${method}: ${checked.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`).join('; ')}`;
      onInvalid(error);
      return { kind: 'result', id, ok: false, error };
    }
    try {
      const handler = handlers[method] as (p: unknown) => Promise<unknown>;
      return { kind: 'result', id, ok: true, value: await handler(checked.data) };
    } catch (e) {
      return { kind: 'result', id, ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  }
}
