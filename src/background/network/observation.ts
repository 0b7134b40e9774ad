/** What webRequest tells about one request, collected across its events (see web-request.ts). */
export interface Observation {
  requestId: string;
  tabId: number;
  sessionId: string;
  url: string;
  method: string;
  type: string;
  startTs: number;
  endTs: number | null;
  requestHeaders: { name: string; value?: string }[];
  responseHeaders: { name: string; value?: string }[];
  status: number;
  fromCache: boolean;
  error: string | null;
  redirects: { url: string; status: number }[];
}

/** The wrapper's view of the same request (only for fetch, XHR and beacons of recorded pages). */
export interface WrapperRecord {
  id: string;
  sessionId: string;
  tabId: number;
  api: 'fetch' | 'xhr' | 'beacon';
  method: string;
  url: string;
  startTs: number;
  endTs: number | null;
  status: number | null;
  traceId: string | null;
  spanId: string | null;
  injected: string[];
  adopted: boolean;
  retried: boolean;
  error: string | null;
  responseBody?: string;
  responseType?: string;
}
