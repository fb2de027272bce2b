import {
  EnvironmentInjector,
  type EnvironmentProviders,
  InjectionToken,
  inject,
  makeEnvironmentProviders,
  type Provider,
  runInInjectionContext,
} from '@angular/core';
import {
  createXmlRpcClient,
  type XmlRpcClient,
  type XmlRpcClientOptions,
} from '../client/createXmlRpcClient.js';
import type { XmlRpcApi } from '../multicall/XmlRpcApi.js';
import type { Transport } from '../transport/Transport.js';
import type { InjectedTransport } from './withHttpClient.js';

/** Options of {@link provideXmlRpcClient}: the client's own, with a transport that may be injected. */
export interface XmlRpcClientProviderOptions extends Omit<XmlRpcClientOptions, 'transport'> {
  /**
   * The endpoint's name, for {@link injectXmlRpcClient}`(name)`; left out, the endpoint is the default
   * one, also provided as {@link XML_RPC_CLIENT}.
   */
  readonly name?: string;
  /** `withHttpClient(url, options?)`, or any transport. */
  readonly transport: Transport | InjectedTransport;
}

/** The client of the default endpoint (the one provided without a `name`). */
export const XML_RPC_CLIENT = new InjectionToken<XmlRpcClient>('rxjs-xmlrpc client');

/** The endpoints provided to an environment injector. */
const XML_RPC_ENDPOINTS = new InjectionToken<readonly XmlRpcClientProviderOptions[]>('rxjs-xmlrpc endpoints');

/**
 * The clients of one environment injector, made on first injection, one per endpoint: every service
 * and component of that injector shares its client, and so its batching and concurrency bound.
 */
class XmlRpcClients {
  private readonly injector = inject(EnvironmentInjector);
  private readonly endpoints = inject(XML_RPC_ENDPOINTS);
  private readonly clients = new Map<string | undefined, XmlRpcClient>();

  get(name: string | undefined): XmlRpcClient {
    let client = this.clients.get(name);
    if (client === undefined) {
      client = this.create(name);
      this.clients.set(name, client);
    }
    return client;
  }

  private create(name: string | undefined): XmlRpcClient {
    const endpoints = this.endpoints.filter((endpoint) => endpoint.name === name);
    const shown =
      name === undefined ? 'default XML-RPC client' : `XML-RPC client named ${JSON.stringify(name)}`;
    if (endpoints.length !== 1) {
      throw new Error(
        endpoints.length === 0
          ? `No ${shown} is provided: add provideXmlRpcClient({ ${name === undefined ? '' : `name: ${JSON.stringify(name)}, `}transport }) to the providers`
          : `The ${shown} is provided ${endpoints.length} times: provide each endpoint once`,
      );
    }
    const { name: _, transport, ...options } = endpoints[0]!;
    const made = isInjectedTransport(transport)
      ? runInInjectionContext(this.injector, transport.injectTransport)
      : transport;
    return createXmlRpcClient({ ...options, transport: made });
  }
}

function isInjectedTransport(transport: Transport | InjectedTransport): transport is InjectedTransport {
  return typeof (transport as Partial<InjectedTransport> | null)?.injectTransport === 'function';
}

/**
 * Provides an XML-RPC client to an Angular app (or any environment injector): `bootstrapApplication`'s
 * or a route's `providers`. The client is made on first injection and shared by the whole injector,
 * so the calls its services and components make in one tick share one multicall. Several endpoints are
 * provided by name, one `provideXmlRpcClient` each.
 *
 * @example
 * ```ts
 * import { provideHttpClient } from '@angular/common/http';
 * import type { ApplicationConfig } from '@angular/core';
 * import { provideXmlRpcClient, withHttpClient } from 'rxjs-xmlrpc/angular';
 *
 * export const appConfig: ApplicationConfig = {
 *   providers: [
 *     provideHttpClient(),
 *     provideXmlRpcClient({ transport: withHttpClient('/RPC2') }),
 *     provideXmlRpcClient({
 *       name: 'supervisor',
 *       transport: withHttpClient('/supervisor/RPC2', { timeoutMs: 10_000 }),
 *       multicallResults: 'bare',
 *     }),
 *   ],
 * };
 * ```
 * @param options The client's options (see `createXmlRpcClient`), its `transport` (`withHttpClient(url)`
 *   for the app's `HttpClient`) and its endpoint's `name`.
 * @returns The providers.
 * @throws TypeError At once, when `options` is not an object; the client's own option errors are
 *   thrown when it is first injected.
 */
export function provideXmlRpcClient(options: XmlRpcClientProviderOptions): EnvironmentProviders {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError(
      `\`options\` must be an object, but got ${options === null ? 'null' : typeof options}`,
    );
  }
  const providers: Provider[] = [
    { provide: XML_RPC_ENDPOINTS, multi: true, useValue: options },
    { provide: XmlRpcClients, useFactory: () => new XmlRpcClients() },
  ];
  if (options.name === undefined) {
    providers.push({ provide: XML_RPC_CLIENT, useFactory: () => inject(XmlRpcClients).get(undefined) });
  }
  return makeEnvironmentProviders(providers);
}

/**
 * The client of an endpoint provided with {@link provideXmlRpcClient}, typed by method map `Api` (see
 * `createXmlRpcClient`), for services and components. Call it in an injection context: a field
 * initializer, a constructor, a provider factory.
 *
 * @example
 * ```ts
 * import { Injectable } from '@angular/core';
 * import { injectXmlRpcClient } from 'rxjs-xmlrpc/angular';
 * import type { SupervisorApi } from 'rxjs-xmlrpc/supervisor';
 *
 * @Injectable({ providedIn: 'root' })
 * export class Processes {
 *   private readonly supervisor = injectXmlRpcClient<SupervisorApi>('supervisor');
 *   readonly web = this.supervisor.methods.supervisor.getProcessInfo('web');
 * }
 * ```
 * @param name The endpoint's name; left out, the default endpoint.
 * @returns The injector's client of that endpoint (the same one every time).
 * @throws Error When no such endpoint is provided, or it is provided twice; or outside an injection context.
 */
export function injectXmlRpcClient<Api extends object = XmlRpcApi>(name?: string): XmlRpcClient<Api> {
  const clients = inject(XmlRpcClients, { optional: true });
  if (clients === null) {
    const shown = name === undefined ? '' : `name: ${JSON.stringify(name)}, `;
    throw new Error(
      `No XML-RPC client is provided: add provideXmlRpcClient({ ${shown}transport }) to the providers`,
    );
  }
  // The method map is the caller's claim about the server, as createXmlRpcClient<Api>() is.
  return clients.get(name) as unknown as XmlRpcClient<Api>;
}
