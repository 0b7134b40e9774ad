/**
 * Typed calls over a transport: the client side derives `call(method, params)` from the protocol's
 * method table and checks every answer against the method's result schema; the server side validates
 * params with the method's schema before the handler runs.
 */
import type { z } from 'zod';
import {
  callSchema,
  isPanelMethod,
  panelDownSchema,
  panelParamSchemas,
  panelResultSchemas,
  type PanelDown,
  type PanelMethod,
  type PanelNotice,
  type PanelParams,
  type PanelResults,
  type PanelUp,
} from './protocol';
import type { Transport } from './transport';
import { warnOnce } from './warn-once';

export type PanelHandlers = { [M in PanelMethod]: (params: PanelParams[M]) => Promise<PanelResults[M]> };

export interface PanelClient {
  call<M extends PanelMethod>(method: M, params: PanelParams[M]): Promise<PanelResults[M]>;
  onNotice(handler: (notice: PanelNotice) => void): () => void;
  close(): void;
}

interface Pending {
  method: PanelMethod;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

const firstIssue = (error: z.ZodError): string => {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'message'} ${issue.message}` : 'invalid';
};

/** The id of what claims to be an answer, even a malformed one, so its call can fail at once. */
const claimedResultId = (raw: unknown): number | null => {
  const m = raw as { kind?: unknown; id?: unknown } | null;
  return typeof m === 'object' && m !== null && m.kind === 'result' && typeof m.id === 'number' ? m.id : null;
};

/**
 * The UI's end of the panel port. An answer that fails its method's result schema rejects the call with an
 * Error naming the method and the first problem. A notice, or anything else, that fails its schema is
 * dropped and reported through `onInvalid`; the client goes on working.
 */
export function createPanelClient(
  transport: Transport<unknown, PanelUp>,
  timeoutMs = 30_000,
  onInvalid: (problem: string) => void = warnOnce('ignored a malformed message from the background'),
): PanelClient {
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const noticeHandlers = new Set<(n: PanelNotice) => void>();

  const settle = (id: number, outcome: (entry: Pending) => void) => {
    const entry = pending.get(id);
    if (!entry) return;
    pending.delete(id);
    clearTimeout(entry.timer);
    outcome(entry);
  };

  transport.listen((raw) => {
    const parsed = panelDownSchema.safeParse(raw);
    if (!parsed.success) {
      const id = claimedResultId(raw);
      const problem = firstIssue(parsed.error);
      if (id !== null && pending.has(id))
        settle(id, (entry) => entry.reject(new Error(`${entry.method}: malformed answer: ${problem}`)));
      else onInvalid(problem);
      return;
    }
    const msg = parsed.data;
    if (msg.kind === 'notice') {
      for (const h of noticeHandlers) h(msg.notice);
      return;
    }
    settle(msg.id, (entry) => {
      // An empty error would reject with no reason at all (a handler threw `new Error()`).
      if (!msg.ok) return entry.reject(new Error(msg.error || `${entry.method} failed without a message`));
      const value = panelResultSchemas[entry.method].safeParse(msg.value);
      if (value.success) entry.resolve(value.data);
      else entry.reject(new Error(`${entry.method}: invalid answer: ${firstIssue(value.error)}`));
    });
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
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject, timer });
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
      const issues = checked.error.issues.map((i) => `${i.path.join('.') || 'params'} ${i.message}`);
      const error = `${method}: ${issues.join('; ')}`;
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
