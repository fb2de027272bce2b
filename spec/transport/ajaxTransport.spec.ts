import { firstValueFrom, VirtualTimeScheduler } from 'rxjs';
import { AjaxError } from 'rxjs/ajax';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ajaxTransport } from '../../src/transport/ajaxTransport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { ANSWER, ENDPOINT, REQUEST } from './exchange.js';

type Listener = (event: { type: string; loaded: number; total: number }) => void;

/**
 * The part of XMLHttpRequest that `rxjs/ajax` drives, recording what it is told, with `respond` and
 * `failNetwork` to play the server's part (events fire synchronously, as in a tick of a browser).
 */
class FakeXhr {
  static created: FakeXhr[] = [];
  readyState = 0;
  status = 0;
  statusText = '';
  responseType = '';
  response = '';
  timeout = 0;
  withCredentials = false;
  method = '';
  url = '';
  body: unknown;
  aborted = false;
  readonly requestHeaders: Record<string, string> = {};
  readonly upload = { addEventListener: () => undefined };
  private readonly listeners = new Map<string, Listener[]>();
  private responseHeaders: Record<string, string> = {};

  constructor() {
    FakeXhr.created.push(this);
  }

  static get last(): FakeXhr {
    return FakeXhr.created.at(-1)!;
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
    this.readyState = 1;
  }
  setRequestHeader(name: string, value: string): void {
    this.requestHeaders[name] = value;
  }
  send(body: unknown): void {
    this.body = body;
  }
  abort(): void {
    this.aborted = true;
    this.readyState = 0;
    this.fire('abort', 0, 0);
  }
  getAllResponseHeaders(): string {
    return Object.entries(this.responseHeaders)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
  }
  getResponseHeader(name: string): string | null {
    return this.responseHeaders[name.toLowerCase()] ?? null;
  }

  /** Answers in `chunks`, one progress event each; stops early if the transport aborts. */
  respond(status: number, statusText: string, headers: Record<string, string>, ...chunks: string[]): void {
    this.status = status;
    this.statusText = statusText;
    this.responseHeaders = headers;
    this.readyState = 2;
    const total = Number(headers['content-length'] ?? 0);
    this.fire('loadstart', 0, total);
    let loaded = 0;
    for (const chunk of chunks) {
      if (this.aborted) return;
      this.readyState = 3;
      this.response += chunk;
      loaded += Buffer.byteLength(chunk);
      this.fire('progress', loaded, total);
    }
    if (this.aborted) return;
    this.readyState = 4;
    this.fire('load', loaded, total);
  }

  failNetwork(): void {
    this.readyState = 4;
    this.fire('error', 0, 0);
  }

  private fire(type: string, loaded: number, total: number): void {
    for (const listener of this.listeners.get(type) ?? []) listener({ type, loaded, total });
  }
}

const createXHR = () => new FakeXhr() as unknown as XMLHttpRequest;

/** Subscribes and collects what the transport delivers. */
function run(transportOptions: Parameters<typeof ajaxTransport>[1] = {}, url = ENDPOINT) {
  const outcome: { values: string[]; error?: unknown; completed: boolean } = { values: [], completed: false };
  const subscription = ajaxTransport(url, { createXHR, ...transportOptions })(REQUEST).subscribe({
    next: (value) => outcome.values.push(value),
    error: (error: unknown) => {
      outcome.error = error;
    },
    complete: () => {
      outcome.completed = true;
    },
  });
  return { outcome, subscription, xhr: FakeXhr.last };
}

function transportError(error: unknown): XmlRpcTransportError {
  expect(error).toBeInstanceOf(XmlRpcTransportError);
  return error as XmlRpcTransportError;
}

afterEach(() => {
  FakeXhr.created = [];
  vi.unstubAllGlobals();
});

describe('ajaxTransport', () => {
  describe('requests', () => {
    it('POSTs the body as text/xml asking for text, and emits the response body once', () => {
      const { outcome, xhr } = run();
      expect(xhr.method).toBe('POST');
      expect(xhr.url).toBe(ENDPOINT);
      expect(xhr.body).toBe(REQUEST.body);
      expect(xhr.responseType).toBe('text');
      expect(xhr.requestHeaders).toEqual({ 'content-type': 'text/xml' });
      xhr.respond(200, 'OK', { 'content-type': 'text/xml' }, ANSWER.slice(0, 30), ANSWER.slice(30));
      expect(outcome).toEqual({ values: [ANSWER], completed: true });
    });

    it('sends Basic auth from ENDPOINT credentials (percent-decoded) or `auth`, and requests the ENDPOINT without them', () => {
      const fromUrl = run({}, 'http://us%40er:p%C3%A4ss@xmlrpc.test/RPC2').xhr;
      expect(fromUrl.url).toBe(ENDPOINT);
      expect(fromUrl.requestHeaders.authorization).toBe(
        `Basic ${Buffer.from('us@er:päss').toString('base64')}`,
      );
      const fromOption = run({ auth: { username: 'admin', password: 'secret' } }).xhr;
      expect(fromOption.requestHeaders.authorization).toBe(
        `Basic ${Buffer.from('admin:secret').toString('base64')}`,
      );
    });

    it('sends user headers over the request headers', () => {
      const { xhr } = run({ headers: { 'Content-Type': 'application/xml', 'X-Trace': 'abc' } });
      expect(xhr.requestHeaders).toEqual({ 'content-type': 'application/xml', 'x-trace': 'abc' });
    });

    it('makes a new XMLHttpRequest per subscription, the global one by default', async () => {
      vi.stubGlobal('XMLHttpRequest', FakeXhr);
      const request$ = ajaxTransport(ENDPOINT)(REQUEST);
      expect(FakeXhr.created).toHaveLength(0);
      const first = firstValueFrom(request$);
      FakeXhr.last.respond(200, 'OK', {}, ANSWER);
      const second = firstValueFrom(request$);
      FakeXhr.last.respond(200, 'OK', {}, ANSWER);
      expect(await Promise.all([first, second])).toEqual([ANSWER, ANSWER]);
      expect(FakeXhr.created).toHaveLength(2);
    });
  });

  describe('failures', () => {
    it('turns a 4xx/5xx status into an error with status, excerpt and the AjaxError as cause', () => {
      const { outcome, xhr } = run();
      xhr.respond(500, 'Internal Server Error', { 'content-type': 'text/plain' }, 'database\n  is down');
      const error = transportError(outcome.error);
      expect(error.message).toBe(
        `POST ${ENDPOINT} failed: HTTP 500 Internal Server Error: "database is down"`,
      );
      expect(error.status).toBe(500);
      expect(error.cause).toBeInstanceOf(AjaxError);
    });

    it('refuses a status outside 200-299 that XHR reports as loaded', () => {
      const { outcome, xhr } = run();
      xhr.respond(304, 'Not Modified', {});
      expect(transportError(outcome.error).message).toBe(
        `POST ${ENDPOINT} failed: HTTP 304 Not Modified: (empty body)`,
      );
    });

    it('turns a network error into an error without status', () => {
      const { outcome, xhr } = run();
      xhr.failNetwork();
      const error = transportError(outcome.error);
      expect(error.message).toBe(`POST ${ENDPOINT} failed: no HTTP response (ajax error)`);
      expect(error.status).toBeUndefined();
    });

    it('refuses a 2xx HTML page', () => {
      const { outcome, xhr } = run();
      xhr.respond(200, 'OK', { 'content-type': 'text/html' }, '<html><body>Login</body></html>');
      const error = transportError(outcome.error);
      expect(error.message).toBe(
        `POST ${ENDPOINT} failed: response is an HTML page, not XML (Content-Type text/html): "<html><body>Login</body></html>"`,
      );
      expect(error.status).toBe(200);
    });

    it('never puts credentials in error messages', () => {
      const { outcome, xhr } = run({}, 'http://admin:hunter2@xmlrpc.test/RPC2');
      xhr.respond(401, 'Unauthorized', {}, 'no');
      const error = transportError(outcome.error);
      expect(error.message).toBe(`POST ${ENDPOINT} failed: HTTP 401 Unauthorized: "no"`);
      expect(error.message).not.toContain('hunter2');
    });
  });

  describe('maxResponseBytes', () => {
    it('aborts as soon as a progress event shows more than the limit', () => {
      const { outcome, xhr } = run({ maxResponseBytes: 100 });
      xhr.respond(200, 'OK', {}, `<methodResponse>${'x'.repeat(70)}`, 'y'.repeat(70), 'never read');
      const error = transportError(outcome.error);
      expect(error.message).toMatch(
        /^POST \S+ failed: response body exceeds maxResponseBytes \(100 bytes\): "<methodResponse>x+…"$/,
      );
      expect(error.status).toBe(200);
      expect(xhr.aborted).toBe(true);
      expect(xhr.response).not.toContain('never read');
    });

    it('counts the decoded text as UTF-8 bytes', () => {
      const { outcome, xhr } = run({ maxResponseBytes: 100 });
      xhr.respond(200, 'OK', {}, `<v>${'é'.repeat(30)}`, 'é'.repeat(30)); // 63 characters, 123 bytes
      expect(transportError(outcome.error).message).toContain('exceeds maxResponseBytes (100 bytes)');
      expect(xhr.aborted).toBe(true);
    });

    it('refuses a Content-Length over the limit when the download starts', () => {
      const { outcome, xhr } = run({ maxResponseBytes: 100 });
      xhr.respond(200, 'OK', { 'content-length': '5000' }, 'never read');
      expect(transportError(outcome.error).message).toBe(
        `POST ${ENDPOINT} failed: Content-Length 5000 exceeds maxResponseBytes (100 bytes): (empty body)`,
      );
      expect(xhr.aborted).toBe(true);
    });

    it('accepts a body of exactly the limit', () => {
      const { outcome, xhr } = run({ maxResponseBytes: ANSWER.length });
      xhr.respond(200, 'OK', {}, ANSWER);
      expect(outcome.values).toEqual([ANSWER]);
    });
  });

  describe('timeout and cancellation', () => {
    it('fails after timeoutMs and aborts the XHR', () => {
      const scheduler = new VirtualTimeScheduler();
      const { outcome, xhr } = run({ timeoutMs: 1000, scheduler });
      scheduler.flush();
      expect(transportError(outcome.error).message).toBe(
        `POST ${ENDPOINT} failed: no response within timeoutMs (1000 ms)`,
      );
      expect(xhr.aborted).toBe(true);
    });

    it('sets no timer with timeoutMs Infinity', () => {
      const scheduler = new VirtualTimeScheduler();
      run({ timeoutMs: Infinity, scheduler });
      expect(scheduler.actions).toHaveLength(0);
    });

    it('aborts the XHR and cancels the timer when unsubscribed', () => {
      const scheduler = new VirtualTimeScheduler();
      const { outcome, subscription, xhr } = run({ scheduler });
      expect(scheduler.actions).toHaveLength(1);
      subscription.unsubscribe();
      expect(xhr.aborted).toBe(true);
      expect(scheduler.actions).toHaveLength(0);
      expect(outcome).toEqual({ values: [], completed: false });
    });

    it('does not abort a completed XHR', () => {
      const { subscription, xhr } = run();
      xhr.respond(200, 'OK', {}, ANSWER);
      subscription.unsubscribe();
      expect(xhr.aborted).toBe(false);
    });
  });

  it('checks its options when created', () => {
    expect(() => ajaxTransport(ENDPOINT, { createXHR: {} as never })).toThrow(
      new TypeError('`createXHR` must be a function returning an XMLHttpRequest, but got an object'),
    );
    expect(() => ajaxTransport(ENDPOINT, { maxResponseBytes: 1.5 })).toThrow(
      new RangeError(
        '`maxResponseBytes` must be an integer from 1 to 9007199254740991 or Infinity, but got 1.5',
      ),
    );
    expect(() => ajaxTransport('127.0.0.1:9001/RPC2')).toThrow(
      new TypeError(
        '`url` must be an absolute http: or https: URL, or a path starting with "/", "./" or "../", but got ' +
          '"127.0.0.1:9001/RPC2"; did you mean "http://127.0.0.1:9001/RPC2"?',
      ),
    );
  });
});
