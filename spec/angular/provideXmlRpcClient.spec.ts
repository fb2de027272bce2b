// @vitest-environment happy-dom
import '@angular/compiler';
import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { createEnvironmentInjector, EnvironmentInjector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { type Observable, VirtualTimeScheduler } from 'rxjs';
import { afterEach, beforeAll, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import { pollSignal } from '../../src/angular/pollSignal.js';
import {
  injectXmlRpcClient,
  provideXmlRpcClient,
  XML_RPC_CLIENT,
} from '../../src/angular/provideXmlRpcClient.js';
import { withHttpClient } from '../../src/angular/withHttpClient.js';
import { decodeMethodCall } from '../../src/codec/decodeMethodCall.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { callsOf } from '../../src/multicall/callOf.js';
import type { CallOutcome, XmlRpcCall } from '../../src/multicall/XmlRpcCall.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { memoryTransport } from '../../src/testing/memoryTransport.js';

/**
 * The Angular entry in a real TestBed: Angular's HttpClient with an interceptor, answered through
 * HttpTestingController with what a real XML-RPC server (our handler) answers to the very request.
 */

const ENDPOINT = 'https://app.test/RPC2';
const SUPERVISOR = 'https://supervisor.test/RPC2';

interface SupervisorApi {
  'supervisor.getState'(): { statecode: number; statename: string };
  'supervisor.getProcessInfo'(name: string): { name: string; pid: number };
}

let pid = 1000;
const answer = createXmlRpcHandler({
  supervisor: {
    getState: () => ({ statecode: 1, statename: 'RUNNING' }),
    getProcessInfo: (name) => ({ name, pid: pid++ }),
  },
});

/** Adds the header an app's auth interceptor would. */
const authInterceptor = withInterceptors([
  (request, next) => next(request.clone({ setHeaders: { Authorization: 'Bearer t0k3n' } })),
]);

let scheduler: VirtualTimeScheduler;

beforeAll(() => {
  TestBed.initTestEnvironment(BrowserTestingModule, platformBrowserTesting());
});

beforeEach(() => {
  scheduler = new VirtualTimeScheduler();
});

function configure(...endpoints: Parameters<typeof provideXmlRpcClient>[0][]): HttpTestingController {
  TestBed.configureTestingModule({
    providers: [
      provideHttpClient(authInterceptor),
      provideHttpClientTesting(),
      ...endpoints.map((endpoint) => provideXmlRpcClient(endpoint)),
    ],
  });
  return TestBed.inject(HttpTestingController);
}

/** Runs the virtual clock up to `frame` (the clients' batch windows, the polling timer). */
function advanceTo(frame: number): void {
  scheduler.maxFrames = frame;
  scheduler.flush();
}

/** The method names of the calls a request carries. */
function methodsIn(body: string): string[] {
  const request = decodeMethodCall(body);
  if (request.methodName !== 'system.multicall') return [request.methodName];
  return (request.params[0] as { methodName: string }[]).map((call) => call.methodName);
}

afterEach(() => {
  TestBed.inject(HttpTestingController).verify();
  TestBed.resetTestingModule();
});

describe('provideXmlRpcClient with withHttpClient', () => {
  it('gives one client per injector, on HttpClient with its interceptors, typed by its method map', async () => {
    const backend = configure({
      transport: withHttpClient(ENDPOINT),
      scheduler,
    });
    const client = TestBed.runInInjectionContext(() => injectXmlRpcClient<SupervisorApi>());
    expectTypeOf(client.methods.supervisor.getProcessInfo('web')).toEqualTypeOf<
      Observable<{ name: string; pid: number }>
    >();
    expect(TestBed.runInInjectionContext(() => injectXmlRpcClient())).toBe(client);
    expect(TestBed.inject(XML_RPC_CLIENT)).toBe(client);

    const seen: unknown[] = [];
    client.methods.supervisor.getState().subscribe((state) => seen.push(state));
    client.call('supervisor.getProcessInfo', ['web']).subscribe((info) => seen.push(info));
    backend.expectNone(ENDPOINT); // the batch window is still open
    advanceTo(0);

    const request = backend.expectOne(ENDPOINT);
    expect(request.request.headers.get('Authorization')).toBe('Bearer t0k3n');
    expect(request.request.headers.get('Content-Type')).toBe('text/xml');
    expect(methodsIn(request.request.body)).toEqual(['supervisor.getState', 'supervisor.getProcessInfo']);
    pid = 42;
    request.flush(await answer(request.request.body));
    expect(seen).toEqual([
      { statecode: 1, statename: 'RUNNING' },
      { name: 'web', pid: 42 },
    ]);
  });

  it('passes the transport options on, and takes any transport instead', async () => {
    const backend = configure({
      transport: withHttpClient(ENDPOINT, { headers: { 'X-Tenant': 'blue' } }),
      scheduler: new VirtualTimeScheduler(),
    });
    const client = TestBed.inject(XML_RPC_CLIENT);
    client.call('supervisor.getState', [], { batch: false }).subscribe();
    const request = backend.expectOne(ENDPOINT);
    expect(request.request.headers.get('X-Tenant')).toBe('blue');
    request.flush(await answer(request.request.body));

    TestBed.resetTestingModule();
    const transport = memoryTransport(answer);
    configure({ transport });
    const own = TestBed.runInInjectionContext(() => injectXmlRpcClient());
    await new Promise((resolve) => own.call('supervisor.getState').subscribe(resolve));
    expect(transport.requests).toHaveLength(1);
  });

  it('serves named endpoints, each its own client on its own URL', async () => {
    const backend = configure(
      { transport: withHttpClient(ENDPOINT), scheduler },
      { name: 'supervisor', transport: withHttpClient(SUPERVISOR), scheduler, multicallResults: 'bare' },
    );
    const [main, supervisor] = TestBed.runInInjectionContext(() => [
      injectXmlRpcClient(),
      injectXmlRpcClient<SupervisorApi>('supervisor'),
    ]);
    expect(main).not.toBe(supervisor);
    expect(TestBed.runInInjectionContext(() => injectXmlRpcClient('supervisor'))).toBe(supervisor);

    const seen: XmlRpcValue[] = [];
    main.call('supervisor.getState').subscribe((value) => seen.push(value));
    supervisor.methods.supervisor.getState().subscribe((value) => seen.push(value.statename));
    advanceTo(0);
    const toMain = backend.expectOne(ENDPOINT);
    const toSupervisor = backend.expectOne(SUPERVISOR);
    expect(methodsIn(toSupervisor.request.body)).toEqual(['supervisor.getState']);
    toSupervisor.flush(await answer(toSupervisor.request.body));
    toMain.flush(await answer(toMain.request.body));
    expect(seen).toEqual(['RUNNING', { statecode: 1, statename: 'RUNNING' }]);
  });

  it('says which endpoint is missing or provided twice, and when none is', () => {
    configure(
      { name: 'a', transport: withHttpClient(ENDPOINT) },
      { name: 'a', transport: withHttpClient(SUPERVISOR) },
    );
    expect(() => TestBed.runInInjectionContext(() => injectXmlRpcClient('b'))).toThrow(
      new Error(
        'No XML-RPC client named "b" is provided: add provideXmlRpcClient({ name: "b", transport }) to the providers',
      ),
    );
    expect(() => TestBed.runInInjectionContext(() => injectXmlRpcClient())).toThrow(
      new Error(
        'No default XML-RPC client is provided: add provideXmlRpcClient({ transport }) to the providers',
      ),
    );
    expect(() => TestBed.runInInjectionContext(() => injectXmlRpcClient('a'))).toThrow(
      new Error('The XML-RPC client named "a" is provided 2 times: provide each endpoint once'),
    );

    TestBed.resetTestingModule();
    configure();
    expect(() => TestBed.runInInjectionContext(() => injectXmlRpcClient('a'))).toThrow(
      new Error(
        'No XML-RPC client is provided: add provideXmlRpcClient({ name: "a", transport }) to the providers',
      ),
    );
    expect(() => provideXmlRpcClient(null as never)).toThrow(
      new TypeError('`options` must be an object, but got null'),
    );
  });
});

describe('pollSignal', () => {
  const supervisor = callsOf<SupervisorApi>();

  it('holds the latest round, typed by its calls, and stops with its injector, aborting the round in flight', async () => {
    const backend = configure({
      transport: withHttpClient(ENDPOINT),
      scheduler,
    });
    const client = TestBed.runInInjectionContext(() => injectXmlRpcClient<SupervisorApi>());
    const component = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const outcomes = component.runInContext(() =>
      pollSignal(
        client,
        [supervisor('supervisor.getState'), supervisor('supervisor.getProcessInfo', ['web'])],
        {
          everyMs: 1000,
          scheduler,
        },
      ),
    );
    expectTypeOf(outcomes()).toEqualTypeOf<
      | [
          CallOutcome<XmlRpcCall<{ statecode: number; statename: string }>>,
          CallOutcome<XmlRpcCall<{ name: string; pid: number }>>,
        ]
      | undefined
    >();
    expect(outcomes()).toBeUndefined();

    advanceTo(0);
    const first = backend.expectOne(ENDPOINT);
    expect(first.request.headers.get('Authorization')).toBe('Bearer t0k3n'); // interceptors apply
    pid = 7;
    first.flush(await answer(first.request.body));
    const [state, web] = outcomes()!;
    expect(state.ok && state.value.statename).toBe('RUNNING');
    expect(web.ok && web.value.pid).toBe(7);

    advanceTo(1000);
    const second = backend.expectOne(ENDPOINT);
    second.flush(await answer(second.request.body));
    expect(outcomes()![1]).toMatchObject({ ok: true, value: { name: 'web', pid: 8 } });

    advanceTo(2000);
    const inFlight = backend.expectOne(ENDPOINT);
    component.destroy();
    expect(inFlight.cancelled).toBe(true);
    advanceTo(10_000);
    backend.expectNone(ENDPOINT);
    expect(outcomes()![1]).toMatchObject({ value: { pid: 8 } }); // the last answered round stays
  });

  it('takes an injector outside an injection context, and refuses to run without one', () => {
    configure({ transport: withHttpClient(ENDPOINT), scheduler });
    const client = TestBed.inject(XML_RPC_CLIENT);
    const injector = createEnvironmentInjector([], TestBed.inject(EnvironmentInjector));
    const outcomes = pollSignal(client, [supervisor('supervisor.getState')], {
      everyMs: 1000,
      scheduler,
      injector,
    });
    advanceTo(0);
    const request = TestBed.inject(HttpTestingController).expectOne(ENDPOINT);
    injector.destroy();
    expect(request.cancelled).toBe(true);
    expect(outcomes()).toBeUndefined();

    expect(() => pollSignal(client, [], { everyMs: 1000 })).toThrow(/NG0203/);
  });
});
