import { asyncScheduler } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { timeoutRequest } from '../../../src/transport/internal/timeoutRequest.js';
import { XmlRpcTransportError } from '../../../src/transport/XmlRpcTransportError.js';

const URL_ = 'http://h/RPC2';

function testScheduler() {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

// Inside `run`, asyncScheduler runs in virtual time.
describe('timeoutRequest', () => {
  it('passes an answer that arrives in time', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const request = cold('----(a|)');
      expectObservable(request.pipe(timeoutRequest(URL_, 5, asyncScheduler))).toBe('----(a|)');
      expectSubscriptions(request.subscriptions).toBe('^---!');
    });
  });

  it('fails with a transport error and unsubscribes from the request after timeoutMs', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const request = cold('--------(a|)');
      const error = new XmlRpcTransportError(`POST ${URL_} failed: no response within timeoutMs (5 ms)`);
      expectObservable(request.pipe(timeoutRequest(URL_, 5, asyncScheduler))).toBe(
        '-----#',
        undefined,
        error,
      );
      expectSubscriptions(request.subscriptions).toBe('^----!');
    });
  });

  it('sets no timer for Infinity', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const request = cold('-------------------(a|)');
      expectObservable(request.pipe(timeoutRequest(URL_, Infinity, asyncScheduler))).toBe(
        '-------------------(a|)',
      );
    });
  });
});
