// @vitest-environment happy-dom
import '@angular/compiler';
import { HttpClient, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Injectable, InjectionToken, inject } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { type Observable, type Subscription, VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createXmlRpcClient, type XmlRpcClient } from '../../src/client/createXmlRpcClient.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { httpClientTransport } from '../../src/transport/httpClientTransport.js';

/**
 * The client inside an Angular app: Angular's real HttpClient, provided through Angular's DI, answered
 * by HttpTestingController with what a real XML-RPC server (our handler) answers to the very request.
 */

const ENDPOINT = 'https://supervisor.test/RPC2';

/** Virtual time for the client's batching window, so a test says exactly when the batch leaves. */
const BATCH_SCHEDULER = new InjectionToken<VirtualTimeScheduler>('batch scheduler');

/** The client as an app provides it: one per injector, on Angular's HttpClient. */
const XML_RPC_CLIENT = new InjectionToken<XmlRpcClient>('XML-RPC client', {
  providedIn: 'root',
  factory: () =>
    createXmlRpcClient({
      transport: httpClientTransport(inject(HttpClient), ENDPOINT),
      scheduler: inject(BATCH_SCHEDULER),
    }),
});

/**
 * A service as an app writes it: typed methods over the injected client. (`@Injectable` is applied as a
 * call because the spec runs uncompiled, where decorator syntax is not transformed.)
 */
class ProcessService {
  private readonly client = inject(XML_RPC_CLIENT);

  processInfo(name: string): Observable<{ name: string; pid: number }> {
    return this.client.call('supervisor.getProcessInfo', [name]);
  }
}

Injectable({ providedIn: 'root' })(ProcessService);

/** The server side: process `p<i>` has pid 1000 + i; `p13` and `p42` do not exist. */
const answer = createXmlRpcHandler({
  supervisor: {
    getProcessInfo: (name) => {
      if (name === 'p13' || name === 'p42') throw new XmlRpcFault(10, `BAD_NAME: ${String(name)}`);
      return { name, pid: 1000 + Number(String(name).slice(1)) };
    },
  },
});

let backend: HttpTestingController;
let scheduler: VirtualTimeScheduler;
let processes: ProcessService;

beforeAll(() => {
  TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});

beforeEach(() => {
  scheduler = new VirtualTimeScheduler();
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(),
      provideHttpClientTesting(),
      { provide: BATCH_SCHEDULER, useValue: scheduler },
    ],
  });
  backend = TestBed.inject(HttpTestingController);
  processes = TestBed.inject(ProcessService);
});

afterEach(() => {
  backend.verify();
  TestBed.resetTestingModule();
});

interface Caller {
  readonly name: string;
  readonly values: unknown[];
  errors: unknown[];
  completed: boolean;
  subscription: Subscription;
}

/** Subscribes one caller per name, as 50 components asking at once would. */
function ask(names: readonly string[]): Caller[] {
  return names.map((name) => {
    const caller: Caller = { name, values: [], errors: [], completed: false, subscription: undefined! };
    caller.subscription = processes.processInfo(name).subscribe({
      next: (value) => caller.values.push(value),
      error: (error: unknown) => caller.errors.push(error),
      complete: () => {
        caller.completed = true;
      },
    });
    return caller;
  });
}

/** The method names and first params of the calls inside a `system.multicall` request body. */
function callsIn(body: string): string[] {
  const request = decodeMethodCall(body);
  expect(request.methodName).toBe('system.multicall');
  return (request.params[0] as { methodName: string; params: string[] }[]).map(
    (call) => `${call.methodName}(${call.params[0]})`,
  );
}

const NAMES = Array.from({ length: 50 }, (_, i) => `p${i}`);

describe('the client on Angular HttpClient, through Angular DI', () => {
  it('batches 50 call()s into one request and routes every answer, fault included, to its caller', async () => {
    const callers = ask(NAMES);
    backend.expectNone(ENDPOINT); // nothing leaves before the batching window closes
    scheduler.flush();

    const request = backend.expectOne(ENDPOINT);
    expect(request.request.method).toBe('POST');
    expect(request.request.headers.get('Content-Type')).toBe('text/xml');
    expect(callsIn(request.request.body)).toEqual(NAMES.map((name) => `supervisor.getProcessInfo(${name})`));
    request.flush(await answer(request.request.body));

    for (const caller of callers) {
      const i = Number(caller.name.slice(1));
      if (i === 13 || i === 42) {
        expect(caller.values).toEqual([]);
        expect(caller.errors).toHaveLength(1);
        expect(caller.errors[0]).toBeInstanceOf(XmlRpcFault);
        expect(caller.errors[0]).toMatchObject({ faultCode: 10, faultString: `BAD_NAME: p${i}`, index: i });
      } else {
        expect(caller.values).toEqual([{ name: caller.name, pid: 1000 + i }]);
        expect(caller.errors).toEqual([]);
        expect(caller.completed).toBe(true);
      }
    }
  });

  it('leaves out the calls unsubscribed before the batch is sent', async () => {
    const callers = ask(NAMES);
    const cancelled = callers.filter((_, i) => i % 5 === 0);
    for (const caller of cancelled) caller.subscription.unsubscribe();
    scheduler.flush();

    const request = backend.expectOne(ENDPOINT);
    const kept = callers.filter((caller) => !cancelled.includes(caller));
    expect(callsIn(request.request.body)).toEqual(kept.map((c) => `supervisor.getProcessInfo(${c.name})`));
    request.flush(await answer(request.request.body));

    for (const caller of kept.filter((c) => c.name !== 'p13' && c.name !== 'p42')) {
      expect(caller.values).toEqual([{ name: caller.name, pid: 1000 + Number(caller.name.slice(1)) }]);
    }
    for (const caller of cancelled)
      expect([caller.values, caller.errors, caller.completed]).toEqual([[], [], false]);
  });

  it('cancels the HTTP request when every caller of a sent batch unsubscribes, and nobody hears of it', () => {
    const callers = ask(NAMES);
    scheduler.flush();
    const request = backend.expectOne(ENDPOINT);

    for (const caller of callers.slice(0, 49)) caller.subscription.unsubscribe();
    expect(request.cancelled).toBe(false); // one caller still waits
    callers[49]!.subscription.unsubscribe();
    expect(request.cancelled).toBe(true);
    for (const caller of callers)
      expect([caller.values, caller.errors, caller.completed]).toEqual([[], [], false]);
  });

  it('keeps answering the callers that stay when some unsubscribe after the batch is sent', async () => {
    const callers = ask(NAMES.slice(0, 4));
    scheduler.flush();
    const request = backend.expectOne(ENDPOINT);
    callers[0]!.subscription.unsubscribe();
    callers[2]!.subscription.unsubscribe();
    request.flush(await answer(request.request.body));

    expect(callers.map((c) => c.values)).toEqual([
      [],
      [{ name: 'p1', pid: 1001 }],
      [],
      [{ name: 'p3', pid: 1003 }],
    ]);
    expect(callers.flatMap((c) => c.errors)).toEqual([]);
  });
});
