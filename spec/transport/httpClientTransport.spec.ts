// @vitest-environment happy-dom
import '@angular/compiler';
import { HttpClient, HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { firstValueFrom, of, VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type HttpClientLike, httpClientTransport } from '../../src/transport/httpClientTransport.js';
import { XmlRpcTransportError } from '../../src/transport/XmlRpcTransportError.js';
import { ANSWER, ENDPOINT, REQUEST } from './exchange.js';

let http: HttpClient;
let backend: HttpTestingController;

beforeAll(() => {
  TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});

beforeEach(() => {
  TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
  http = TestBed.inject(HttpClient);
  backend = TestBed.inject(HttpTestingController);
});

afterEach(() => {
  backend.verify();
  TestBed.resetTestingModule();
});

/** Subscribes and collects what the transport delivers. */
function run(options: Parameters<typeof httpClientTransport>[2] = {}, url = ENDPOINT) {
  const outcome: { values: string[]; error?: unknown; completed: boolean } = { values: [], completed: false };
  const subscription = httpClientTransport(
    http,
    url,
    options,
  )(REQUEST).subscribe({
    next: (value) => outcome.values.push(value),
    error: (error: unknown) => {
      outcome.error = error;
    },
    complete: () => {
      outcome.completed = true;
    },
  });
  return { outcome, subscription };
}

function transportError(error: unknown): XmlRpcTransportError {
  expect(error).toBeInstanceOf(XmlRpcTransportError);
  return error as XmlRpcTransportError;
}

describe('httpClientTransport', () => {
  describe('requests', () => {
    it('POSTs the body as text/xml through HttpClient asking for text, and emits the body once', () => {
      const { outcome } = run({ headers: { 'X-Trace': 'abc' } });
      const req = backend.expectOne(ENDPOINT);
      expect(req.request.method).toBe('POST');
      expect(req.request.body).toBe(REQUEST.body);
      expect(req.request.responseType).toBe('text');
      expect(req.request.headers.get('Content-Type')).toBe('text/xml');
      expect(req.request.headers.get('X-Trace')).toBe('abc');
      expect(req.request.headers.has('Authorization')).toBe(false);
      req.flush(ANSWER, { headers: { 'Content-Type': 'text/xml' } });
      expect(outcome).toEqual({ values: [ANSWER], completed: true });
    });

    it('sends Basic auth from ENDPOINT credentials or `auth`, and requests the ENDPOINT without them', () => {
      run({}, 'http://us%40er:pass@xmlrpc.test/RPC2');
      expect(backend.expectOne(ENDPOINT).request.headers.get('Authorization')).toBe(
        `Basic ${Buffer.from('us@er:pass').toString('base64')}`,
      );
      run({ auth: { username: 'admin', password: 'sécret' } });
      expect(backend.expectOne(ENDPOINT).request.headers.get('Authorization')).toBe(
        `Basic ${Buffer.from('admin:sécret').toString('base64')}`,
      );
    });

    it('posts once per subscription, not when the transport is called', () => {
      const request$ = httpClientTransport(http, ENDPOINT)(REQUEST);
      backend.expectNone(ENDPOINT);
      request$.subscribe();
      request$.subscribe();
      expect(backend.match(ENDPOINT)).toHaveLength(2);
    });
  });

  describe('failures', () => {
    it('turns an HttpErrorResponse into an error with status, excerpt and the original as cause', () => {
      const { outcome } = run();
      backend.expectOne(ENDPOINT).flush('<html><body><h1>Bad Gateway</h1></body></html>', {
        status: 502,
        statusText: 'Bad Gateway',
      });
      const error = transportError(outcome.error);
      expect(error.message).toBe(
        `POST ${ENDPOINT} failed: HTTP 502 Bad Gateway: "<html><body><h1>Bad Gateway</h1></body></html>"`,
      );
      expect(error.status).toBe(502);
      expect(error.cause).toBeInstanceOf(HttpErrorResponse);
    });

    it('turns a network error (status 0) into an error without status', () => {
      const { outcome } = run();
      backend.expectOne(ENDPOINT).error(new ProgressEvent('error'));
      const error = transportError(outcome.error);
      expect(error.message).toMatch(
        new RegExp(`^POST ${ENDPOINT} failed: no HTTP response \\(Http failure response for ${ENDPOINT}: 0`),
      );
      expect(error.status).toBeUndefined();
      expect(error.cause).toBeInstanceOf(HttpErrorResponse);
    });

    it('refuses a 2xx body that is not XML', () => {
      const { outcome } = run();
      backend.expectOne(ENDPOINT).flush('<!doctype html><title>Sign in</title>');
      expect(transportError(outcome.error).message).toBe(
        `POST ${ENDPOINT} failed: response is an HTML page, not XML: "<!doctype html><title>Sign in</title>"`,
      );
    });

    it('refuses a body over maxResponseBytes, counted as UTF-8', () => {
      const { outcome } = run({ maxResponseBytes: 100 });
      backend.expectOne(ENDPOINT).flush(`<v>${'é'.repeat(50)}</v>`); // 57 characters, 107 bytes
      expect(transportError(outcome.error).message).toBe(
        `POST ${ENDPOINT} failed: response body exceeds maxResponseBytes (100 bytes): "<v>${'é'.repeat(50)}</v>"`,
      );
    });

    it('never puts credentials in error messages', () => {
      const { outcome } = run({}, 'http://admin:hunter2@xmlrpc.test/RPC2');
      backend.expectOne(ENDPOINT).flush('no', { status: 401, statusText: 'Unauthorized' });
      const error = transportError(outcome.error);
      expect(error.message).toBe(`POST ${ENDPOINT} failed: HTTP 401 Unauthorized: "no"`);
      expect(`${error.message} ${(error.cause as Error).message}`).not.toContain('hunter2');
    });
  });

  describe('timeout and cancellation', () => {
    it('cancels the request when unsubscribed', () => {
      const { subscription, outcome } = run();
      const req = backend.expectOne(ENDPOINT);
      subscription.unsubscribe();
      expect(req.cancelled).toBe(true);
      expect(outcome).toEqual({ values: [], completed: false });
    });

    it('fails after timeoutMs and cancels the request', () => {
      const scheduler = new VirtualTimeScheduler();
      const { outcome } = run({ timeoutMs: 2000, scheduler });
      const req = backend.expectOne(ENDPOINT);
      scheduler.flush();
      expect(transportError(outcome.error).message).toBe(
        `POST ${ENDPOINT} failed: no response within timeoutMs (2000 ms)`,
      );
      expect(req.cancelled).toBe(true);
    });
  });

  describe('creation', () => {
    it('accepts any object with a compatible post, and checks its arguments', async () => {
      const calls: unknown[][] = [];
      const fake: HttpClientLike = {
        post: (...args) => {
          calls.push(args);
          return of(ANSWER);
        },
      };
      expect(await firstValueFrom(httpClientTransport(fake, ENDPOINT)(REQUEST))).toBe(ANSWER);
      expect(calls).toEqual([
        [ENDPOINT, REQUEST.body, { headers: { 'Content-Type': 'text/xml' }, responseType: 'text' }],
      ]);
      expect(() => httpClientTransport({} as never, ENDPOINT)).toThrow(
        new TypeError('`httpClient` must have a `post` method (an Angular HttpClient)'),
      );
      expect(() => httpClientTransport(fake, ENDPOINT, { headers: { 'X-N': 1 as never } })).toThrow(
        new TypeError('`headers["X-N"]` must be a string, but got 1'),
      );
      expect(() => httpClientTransport(fake, '127.0.0.1:9001/RPC2')).toThrow(
        new TypeError(
          '`url` must be an absolute http: or https: URL, or a path starting with "/", "./" or "../", but got ' +
            '"127.0.0.1:9001/RPC2"; did you mean "http://127.0.0.1:9001/RPC2"?',
        ),
      );
    });
  });
});
