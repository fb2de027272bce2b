import {
  assertInInjectionContext,
  DestroyRef,
  type Injector,
  inject,
  type Signal,
  signal,
} from '@angular/core';
import type { CallOutcome, CallOutcomes, XmlRpcCall } from '../multicall/XmlRpcCall.js';
import { type MulticallSender, type PollConfig, poll } from '../operators/poll.js';

/** Options of {@link pollSignal}: those of `poll`, and the injector whose destruction stops it. */
export interface PollSignalOptions extends PollConfig {
  /** Whose `DestroyRef` stops the polling; default: the current injection context's. */
  readonly injector?: Injector;
}

export function pollSignal<const Cs extends readonly XmlRpcCall[]>(
  client: MulticallSender,
  calls: Cs,
  options: PollSignalOptions,
): Signal<CallOutcomes<Cs> | undefined>;
export function pollSignal<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
  options: PollSignalOptions,
): Signal<CallOutcome<C>[] | undefined>;
/**
 * Polls as `poll` does (one multicall at once, then every `everyMs`) and holds the latest round's
 * outcomes in a `Signal`: `undefined` until the first round is answered. Polling stops when the
 * component, directive or service that called it is destroyed (its `DestroyRef`), aborting the round
 * in flight.
 *
 * @example
 * ```ts
 * import { Component } from '@angular/core';
 * import { callsOf } from 'rxjs-xmlrpc';
 * import { injectXmlRpcClient, pollSignal } from 'rxjs-xmlrpc/angular';
 * import type { SupervisorApi } from 'rxjs-xmlrpc/supervisor';
 *
 * const supervisor = callsOf<SupervisorApi>();
 *
 * @Component({
 *   selector: 'app-state',
 *   template: `@if (state()?.[0]; as state) { {{ state.ok ? state.value.statename : state.error.message }} }`,
 * })
 * export class StateComponent {
 *   readonly state = pollSignal(injectXmlRpcClient('supervisor'), [supervisor('supervisor.getState')], {
 *     everyMs: 2000,
 *   });
 * }
 * ```
 * @param client The client that sends each round (from {@link injectXmlRpcClient}).
 * @param calls The calls of every round; a tuple gives a tuple of outcomes.
 * @param options `everyMs`, `scheduler`, and `injector` when called outside an injection context.
 * @returns The latest outcomes, in call order.
 * @throws Error Outside an injection context without `injector`. TypeError / RangeError: as `poll`.
 */
export function pollSignal<C extends XmlRpcCall>(
  client: MulticallSender,
  calls: readonly C[],
  options: PollSignalOptions,
): Signal<CallOutcome<C>[] | undefined> {
  if (options?.injector === undefined) assertInInjectionContext(pollSignal);
  const destroyRef = options.injector?.get(DestroyRef) ?? inject(DestroyRef);
  const latest = signal<CallOutcome<C>[] | undefined>(undefined);
  const polling = poll(client, calls, options).subscribe((outcomes) => latest.set(outcomes));
  destroyRef.onDestroy(() => polling.unsubscribe());
  return latest.asReadonly();
}
