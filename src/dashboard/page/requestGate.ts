import { Observable } from 'rxjs';
import type { Transport } from '../../index.js';

/**
 * A bound on the requests in flight over every host of the page: `gate(transport)` is `transport`
 * whose requests wait, first come first served, while `maxInFlight` requests of any gated transport
 * are out. Every host's requests go to the page's own origin, where the browser would queue them
 * anyway past its per-origin connection limit (6 in Chromium) with no order it promises; bounding them
 * here keeps that queue explicit and fair. Each host has at most one polling round in flight, so a
 * slow host holds at most one slot (for at most the request timeout).
 */
export function requestGate(maxInFlight: number): (transport: Transport) => Transport {
  let inFlight = 0;
  const waiting: (() => void)[] = [];
  return (transport) => (request) =>
    new Observable<string>((subscriber) => {
      let started = false;
      const start = () => {
        started = true;
        inFlight++;
        subscriber.add(transport(request).subscribe(subscriber));
      };
      if (inFlight < maxInFlight) start();
      else waiting.push(start);
      // Runs on completion, error and unsubscription alike: the slot passes on, or the wait ends.
      return () => {
        if (!started) {
          waiting.splice(waiting.indexOf(start), 1);
          return;
        }
        inFlight--;
        waiting.shift()?.();
      };
    });
}
