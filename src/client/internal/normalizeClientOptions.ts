import { asapScheduler, type OperatorFunction, type SchedulerLike } from 'rxjs';
import { shownValue } from '../../codec/messageParts.js';
import {
  booleanOption,
  functionOption,
  integerOption,
  objectOption,
  schedulerOption,
} from '../../codec/optionChecks.js';
import { reportUnhandled } from '../../codec/reportUnhandled.js';
import { type SendSettings, sendSettings } from '../../multicall/sendBatch.js';
import { batchCalls } from '../../operators/batchCalls.js';
import { transportOption } from '../../operators/internal/optionChecks.js';
import type { Transport } from '../../transport/Transport.js';
import type { ClientEvent } from '../ClientEvent.js';
import type { XmlRpcClientOptions } from '../createXmlRpcClient.js';
import type { PendingCall } from './PendingCall.js';

/** {@link XmlRpcClientOptions} after defaults and checks. */
export interface NormalizedClientOptions {
  readonly transport: Transport;
  /** Whether `onEvent` was given: without a listener, events are not even built. */
  readonly listening: boolean;
  /** Hands an event to `onEvent`, if given; a listener that throws is reported, never rethrown. */
  readonly emit: (event: ClientEvent) => void;
  readonly scheduler: SchedulerLike;
  readonly concurrency: number;
  readonly fallback: 'auto' | 'never';
  readonly retrySingly: boolean;
  /** How each request is encoded, sent and read. */
  readonly settings: SendSettings;
  /** The batch window of queued calls. */
  readonly batching: OperatorFunction<PendingCall, PendingCall[]>;
}

/**
 * Applies defaults and checks every option of {@link createXmlRpcClient} once, so a bad one fails at
 * creation rather than at the first call.
 */
export function normalizeClientOptions(options: XmlRpcClientOptions): NormalizedClientOptions {
  objectOption('options', options, false);
  const transport = transportOption(options.transport);
  const onEvent = functionOption('onEvent', options.onEvent);
  const scheduler = schedulerOption(options.scheduler, asapScheduler);
  const batch = objectOption('batch', options.batch);
  const concurrency = integerOption('concurrency', options.concurrency, 4);
  const fallback = options.fallback ?? 'auto';
  if (fallback !== 'auto' && fallback !== 'never') {
    throw new RangeError(`\`fallback\` must be 'auto' or 'never', but got ${shownValue(fallback)}`);
  }
  const { encodeOptions } = options;
  const settings = sendSettings({
    multicallResults: options.multicallResults,
    maxBatchBytes: batch.maxBatchBytes,
    decodeOptions: options.decodeOptions,
    encodeOptions,
  });
  const retrySingly = booleanOption('retrySingly', options.retrySingly, true);
  const batching = batchCalls<PendingCall>({ ...batch, encodeOptions, scheduler });
  return {
    transport,
    listening: onEvent !== undefined,
    emit: onEvent === undefined ? ignoreEvent : containedListener(onEvent),
    scheduler,
    concurrency,
    fallback,
    retrySingly,
    settings,
    batching,
  };
}

function ignoreEvent(): void {}

/** `onEvent` made safe to call anywhere: a throwing listener must not break delivery to callers. */
function containedListener(onEvent: (event: ClientEvent) => void): (event: ClientEvent) => void {
  return (event) => {
    try {
      onEvent(event);
    } catch (error) {
      reportUnhandled(error);
    }
  };
}
