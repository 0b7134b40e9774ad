// Two transports on purpose: Tandem must capture and correlate both fetch() and XMLHttpRequest.

/** Resolves to { ok, status, data }: data is the parsed JSON body, or null when there is none. */
async function readResponse(response) {
  let data = null;
  try {
    data = await response.json();
  } catch {
    // Non-JSON error bodies (e.g. a proxy page) are reported by status only.
  }
  return { ok: response.ok, status: response.status, data };
}

export async function getJson(url, { signal } = {}) {
  return readResponse(await fetch(url, { signal, headers: { accept: 'application/json' } }));
}

export async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  return readResponse(response);
}

export function xhrPostJson(url, body) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'json';
    xhr.onload = () => resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, data: xhr.response });
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send(JSON.stringify(body));
  });
}

export function xhrGetJson(url) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.responseType = 'json';
    xhr.onload = () => resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, data: xhr.response });
    xhr.onerror = () => reject(new Error('network error'));
    xhr.send();
  });
}
