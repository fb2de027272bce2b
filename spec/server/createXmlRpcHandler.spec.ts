import { config, defer, EMPTY, interval, map, NEVER, Observable, of, take, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { encodeMethodCall } from '../../src/codec/encodeMethodCall.js';
import { encodeMethodResponse } from '../../src/codec/encodeMethodResponse.js';
import { FaultCode } from '../../src/codec/faultCodes.js';
import { XmlRpcEncodeError } from '../../src/codec/XmlRpcEncodeError.js';
import { XmlRpcFault } from '../../src/codec/XmlRpcFault.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { createXmlRpcHandler } from '../../src/server/createXmlRpcHandler.js';
import { describeMethod } from '../../src/server/describeMethod.js';
import { callHandler, readAnswer } from './callHandler.js';

const add = (a: number, b: number) => a + b;

describe('createXmlRpcHandler', () => {
  describe('method results', () => {
    it('answers a synchronous result, params passed as arguments', async () => {
      const handler = createXmlRpcHandler({ add });
      expect(await callHandler(handler, 'add', [2, 3])).toEqual({ result: 5 });
    });

    it('answers the resolved value of an async method', async () => {
      const handler = createXmlRpcHandler({ later: async (name: string) => ({ name, state: 'RUNNING' }) });
      expect(await callHandler(handler, 'later', ['web'])).toEqual({
        result: { name: 'web', state: 'RUNNING' },
      });
    });

    it('answers the last value of an Observable method', async () => {
      const handler = createXmlRpcHandler({ count: () => interval(1).pipe(take(3)) });
      expect(await callHandler(handler, 'count')).toEqual({ result: 2 });
    });

    it('does not iterate an array result (unlike `from`)', async () => {
      const handler = createXmlRpcHandler({ list: () => ['a', 'b'] });
      expect(await callHandler(handler, 'list')).toEqual({ result: ['a', 'b'] });
    });

    it('answers <nil/> for a method returning nothing', async () => {
      const handler = createXmlRpcHandler({ stop: () => {} });
      expect(await callHandler(handler, 'stop')).toEqual({ result: null });
    });

    it('calls the method unbound, with no `this`', async () => {
      let self: unknown = 'unset';
      const handler = createXmlRpcHandler({
        who: function (this: unknown) {
          self = this;
          return true;
        },
      });
      await callHandler(handler, 'who');
      expect(self).toBeUndefined();
    });

    it('accepts dotted keys and nested namespaces alike', async () => {
      const handler = createXmlRpcHandler({
        'supervisor.getState': () => 'RUNNING',
        supervisor: { getPID: () => 42, process: { info: (name: string) => `info ${name}` } },
      });
      expect(await callHandler(handler, 'supervisor.getState')).toEqual({ result: 'RUNNING' });
      expect(await callHandler(handler, 'supervisor.getPID')).toEqual({ result: 42 });
      expect(await callHandler(handler, 'supervisor.process.info', ['x'])).toEqual({ result: 'info x' });
      expect(await callHandler(handler, 'supervisor')).toMatchObject({ faultCode: FaultCode.MethodNotFound });
    });
  });

  describe('faults', () => {
    it('answers the XmlRpcFault a method throws, code and string unchanged', async () => {
      const handler = createXmlRpcHandler({
        stop: (name: string) => {
          throw new XmlRpcFault(10, `BAD_NAME: ${name}`);
        },
      });
      expect(await callHandler(handler, 'stop', ['x'])).toEqual({
        faultCode: 10,
        faultString: 'BAD_NAME: x',
      });
    });

    it('answers the XmlRpcFault an async or Observable method fails with', async () => {
      const handler = createXmlRpcHandler({
        rejects: async () => Promise.reject(new XmlRpcFault(2, 'no')),
        errors: () => throwError(() => new XmlRpcFault(3, 'nope')),
      });
      expect(await callHandler(handler, 'rejects')).toEqual({ faultCode: 2, faultString: 'no' });
      expect(await callHandler(handler, 'errors')).toEqual({ faultCode: 3, faultString: 'nope' });
    });

    it('answers any other error as -32500 with its message and no stack, and reports it to onError', async () => {
      const onError = vi.fn();
      const boom = new TypeError('cannot read x of undefined');
      const handler = createXmlRpcHandler(
        {
          boom: () => {
            throw boom;
          },
        },
        { onError },
      );
      const answer = await callHandler(handler, 'boom');
      expect(answer).toEqual({
        faultCode: FaultCode.ApplicationError,
        faultString: 'cannot read x of undefined',
      });
      expect(JSON.stringify(answer)).not.toContain('at ');
      expect(onError).toHaveBeenCalledWith(boom, 'boom');
    });

    it('answers a thrown non-Error by its string form, and an empty message by the error name', async () => {
      const handler = createXmlRpcHandler({
        str: () => {
          throw 'plain string';
        },
        bare: () => {
          throw Object.create(null);
        },
        empty: () => {
          throw new RangeError();
        },
      });
      expect(await callHandler(handler, 'str')).toEqual({ faultCode: -32500, faultString: 'plain string' });
      expect(await callHandler(handler, 'bare')).toEqual({ faultCode: -32500, faultString: 'unknown error' });
      expect(await callHandler(handler, 'empty')).toEqual({ faultCode: -32500, faultString: 'RangeError' });
    });

    it('answers -32603 for an XmlRpcFault whose code is not a 32-bit integer', async () => {
      const handler = createXmlRpcHandler({
        odd: () => {
          throw new XmlRpcFault(1.5, 'half');
        },
      });
      expect(await callHandler(handler, 'odd')).toEqual({
        faultCode: FaultCode.InternalError,
        faultString: 'odd faulted with an invalid fault (code 1.5): half',
      });
    });

    it('sends a fault message XML cannot carry JSON-escaped rather than failing', async () => {
      const handler = createXmlRpcHandler({
        nul: () => {
          throw new XmlRpcFault(7, 'a\u0000b');
        },
      });
      expect(await callHandler(handler, 'nul')).toEqual({ faultCode: 7, faultString: '"a\\u0000b"' });
    });

    it.each([
      ['U+FFFE', '\uFFFE', '"a\\ufffeb"'],
      ['U+FFFF', '\uFFFF', '"a\\uffffb"'],
      ['a lone surrogate', '\uDC00', '"a\\udc00b"'],
    ])('sends a message holding %s escaped, whichever way the method failed', async (_, char, escaped) => {
      const handler = createXmlRpcHandler({
        fault: () => {
          throw new XmlRpcFault(7, `a${char}b`);
        },
        error: () => {
          throw new Error(`a${char}b`);
        },
      });
      expect(await callHandler(handler, 'fault')).toEqual({ faultCode: 7, faultString: escaped });
      expect(await callHandler(handler, 'error')).toEqual({
        faultCode: FaultCode.ApplicationError,
        faultString: escaped,
      });
    });

    it('still answers when onError itself throws, and hands that error to RxJS', async () => {
      const unhandled = vi.fn();
      const previous = config.onUnhandledError;
      config.onUnhandledError = unhandled;
      try {
        const hookError = new Error('logger down');
        const handler = createXmlRpcHandler(
          {
            boom: () => {
              throw new Error('boom');
            },
          },
          {
            onError: () => {
              throw hookError;
            },
          },
        );
        expect(await callHandler(handler, 'boom')).toEqual({
          faultCode: FaultCode.ApplicationError,
          faultString: 'boom',
        });
        await vi.waitFor(() => expect(unhandled).toHaveBeenCalledWith(hookError));
      } finally {
        config.onUnhandledError = previous;
      }
    });

    it.each([
      ['NaN', () => Number.NaN],
      ['a function', () => () => 1],
      ['a symbol', () => Symbol('s')],
      ['NaN nested in a struct', () => ({ ok: [1, Number.NaN] })],
    ])('answers -32603 for a result that cannot be encoded: %s', async (_, method) => {
      const onError = vi.fn();
      const handler = createXmlRpcHandler({ bad: method }, { onError });
      const answer = await callHandler(handler, 'bad');
      expect(answer).toMatchObject({ faultCode: FaultCode.InternalError });
      expect((answer as { faultString: string }).faultString).toMatch(/^cannot encode the result of bad: /);
      expect(onError).toHaveBeenCalledWith(expect.any(XmlRpcEncodeError), 'bad');
    });

    it('answers -32603 for null when `encode.allowNil` is false', async () => {
      const handler = createXmlRpcHandler({ nothing: () => null }, { encode: { allowNil: false } });
      expect(await callHandler(handler, 'nothing')).toMatchObject({ faultCode: FaultCode.InternalError });
    });

    it('answers -32603 for an Observable method that completes without a value', async () => {
      const handler = createXmlRpcHandler({ empty: () => EMPTY });
      expect(await callHandler(handler, 'empty')).toEqual({
        faultCode: FaultCode.InternalError,
        faultString: 'empty completed without a value',
      });
    });
  });

  describe('the `maxResponseBytes` bound', () => {
    const big = (length: number) => 'é'.repeat(length);

    it('replaces a response over it by fault -32603 saying its size, and reports it', async () => {
      const onError = vi.fn();
      const handler = createXmlRpcHandler({ big }, { maxResponseBytes: 4096, onError });
      const bytes = Buffer.byteLength(encodeMethodResponse(big(3000)));
      const message = `the response to "big" is ${bytes} bytes encoded, over the \`maxResponseBytes\` limit of 4096 bytes`;
      expect(await callHandler(handler, 'big', [3000])).toEqual({
        faultCode: FaultCode.InternalError,
        faultString: message,
      });
      expect(onError).toHaveBeenCalledExactlyOnceWith(new RangeError(message), 'big');
      // 3,000 characters would fit were they counted as characters, not UTF-8 bytes.
      expect(encodeMethodResponse(big(3000)).length).toBeLessThan(4096);
    });

    it('sends a response of exactly the limit', async () => {
      const limit = Buffer.byteLength(encodeMethodResponse(big(1500)));
      const handler = createXmlRpcHandler({ big }, { maxResponseBytes: limit });
      expect(await callHandler(handler, 'big', [1500])).toEqual({ result: big(1500) });
      expect(await callHandler(handler, 'big', [1501])).toMatchObject({ faultCode: FaultCode.InternalError });
    });

    it('bounds faults too', async () => {
      const handler = createXmlRpcHandler(
        {
          loud: () => {
            throw new XmlRpcFault(9, 'x'.repeat(5000));
          },
        },
        { maxResponseBytes: 1024 },
      );
      const answer = await callHandler(handler, 'loud');
      expect(answer).toMatchObject({ faultCode: FaultCode.InternalError });
      expect((answer as { faultString: string }).faultString).toMatch(
        /^the response to "loud" is \d+ bytes encoded/,
      );
    });

    it('is 64 MiB by default', async () => {
      const handler = createXmlRpcHandler({ big: (length: number) => 'x'.repeat(length) });
      const room = 64 * 1024 * 1024 - encodeMethodResponse('').length;
      const xml = await handler(encodeMethodCall('big', [room]));
      expect(xml.length).toBe(64 * 1024 * 1024);
      expect(xml.endsWith('</string></value></param></params></methodResponse>')).toBe(true);
      expect(await callHandler(handler, 'big', [room + 1])).toMatchObject({
        faultCode: FaultCode.InternalError,
      });
    });
  });

  describe('bad requests', () => {
    it.each([
      ['garbage', 'not xml at all'],
      ['an empty body', ''],
      ['truncated XML', '<methodCall><methodName>add</methodName>'],
      ['mismatched tags', '<methodCall><methodName>add</methodNam></methodCall>'],
      ['a bare ampersand', '<methodCall><methodName>a & b</methodName></methodCall>'],
      ['a DOCTYPE', '<!DOCTYPE x [<!ENTITY a "b">]><methodCall><methodName>add</methodName></methodCall>'],
    ])('answers -32700 for %s (not well-formed XML), never rejecting', async (_, xml) => {
      const handler = createXmlRpcHandler({ add });
      const answer = readAnswer(await handler(xml));
      expect(answer).toMatchObject({ faultCode: FaultCode.NotWellFormed });
      expect((answer as { faultString: string }).faultString).toMatch(/^request is not well-formed XML: /);
    });

    it.each([
      ['<\uFFFE', 'request is not well-formed XML: malformed tag: "<\\ufffe"'],
      ['<\uFFFF', 'request is not well-formed XML: malformed tag: "<\\uffff"'],
      ['<a\uFFFE/>', 'request is not well-formed XML: malformed tag: "<a\\ufffe/>"'],
      [
        '<methodCall><methodName>a\uFFFE</methodName></methodCall>',
        'request is not well-formed XML: character U+FFFE is not allowed in XML at methodCall/methodName: "a\\ufffe"',
      ],
    ])(
      'answers a request holding U+FFFE or U+FFFF with its character escaped in the fault: %j',
      async (xml, faultString) => {
        const handler = createXmlRpcHandler({ add });
        expect(readAnswer(await handler(xml))).toEqual({ faultCode: FaultCode.NotWellFormed, faultString });
      },
    );

    it.each([
      ['a methodResponse', '<methodResponse><params/></methodResponse>'],
      ['a missing methodName', '<methodCall><params/></methodCall>'],
      ['an empty methodName', '<methodCall><methodName> </methodName></methodCall>'],
      [
        'an unknown value type',
        '<methodCall><methodName>add</methodName><params><param><value><float>1</float></value></param></params></methodCall>',
      ],
    ])('answers -32600 for %s (well-formed, not a valid methodCall), never rejecting', async (_, xml) => {
      const handler = createXmlRpcHandler({ add });
      const answer = readAnswer(await handler(xml));
      expect(answer).toMatchObject({ faultCode: FaultCode.InvalidRequest });
      expect((answer as { faultString: string }).faultString).toMatch(
        /^request is not a valid XML-RPC methodCall: /,
      );
    });

    it('answers -32600 for a request over the `decode.maxLength` limit', async () => {
      const handler = createXmlRpcHandler({ add }, { decode: { maxLength: 100 } });
      const answer = readAnswer(await handler(encodeMethodCall('add', ['x'.repeat(200), 1])));
      expect(answer).toMatchObject({ faultCode: FaultCode.InvalidRequest });
    });

    it('answers -32603 and reports an unexpected failure (a non-string request)', async () => {
      const onError = vi.fn();
      const handler = createXmlRpcHandler({ add }, { onError });
      const answer = readAnswer(await handler(undefined as unknown as string));
      expect(answer).toMatchObject({ faultCode: FaultCode.InternalError });
      expect(onError).toHaveBeenCalledWith(expect.any(TypeError), undefined);
    });

    it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', 'nope'])(
      'answers -32601 for %s: no name reaches Object.prototype',
      async (name) => {
        const handler = createXmlRpcHandler({ add });
        expect(await callHandler(handler, name)).toEqual({
          faultCode: FaultCode.MethodNotFound,
          faultString: `method not found: ${JSON.stringify(name)}`,
        });
      },
    );

    it('quotes an unknown method name shortened in the fault', async () => {
      const handler = createXmlRpcHandler({ add });
      expect(await callHandler(handler, 'x'.repeat(1000))).toEqual({
        faultCode: FaultCode.MethodNotFound,
        faultString: `method not found: "${'x'.repeat(60)}…"`,
      });
    });

    it('finds a method the table really defines under a prototype name', async () => {
      const handler = createXmlRpcHandler({ ['__proto__']: () => 'own', toString: () => 'mine' });
      expect(await callHandler(handler, '__proto__')).toEqual({ result: 'own' });
      expect(await callHandler(handler, 'toString')).toEqual({ result: 'mine' });
    });
  });

  describe('params checking (-32602)', () => {
    const handler = createXmlRpcHandler({
      add: describeMethod(add, { signatures: [['int', 'int', 'int']] }),
      scale: describeMethod((x: number) => x * 2, {
        signatures: [
          ['double', 'double'],
          ['double', 'string'],
        ],
      }),
      loose: (...params: unknown[]) => params.length,
    });

    it('runs the method when the params match a declared signature', async () => {
      expect(await callHandler(handler, 'add', [1, 2])).toEqual({ result: 3 });
      expect(await callHandler(handler, 'scale', ['4'])).toEqual({ result: 8 });
    });

    it('answers -32602 for the wrong number of params, before running the method', async () => {
      const method = vi.fn(add);
      const checked = createXmlRpcHandler({
        add: describeMethod(method, { signatures: [['int', 'int', 'int']] }),
      });
      expect(await callHandler(checked, 'add', [1])).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString: 'invalid params for add: expected (int, int), but got (int)',
      });
      expect(method).not.toHaveBeenCalled();
    });

    it('answers -32602 for params of the wrong type, listing every signature', async () => {
      expect(await callHandler(handler, 'add', ['1', 2])).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString: 'invalid params for add: expected (int, int), but got (string, int)',
      });
      expect(await callHandler(handler, 'scale', [true])).toEqual({
        faultCode: FaultCode.InvalidParams,
        faultString: 'invalid params for scale: expected (double) or (string), but got (boolean)',
      });
    });

    it('does not check a method without signatures, whatever its arity', async () => {
      expect(await callHandler(handler, 'loose', [1, 'a', [], {}])).toEqual({ result: 4 });
    });

    it('does not turn a TypeError thrown by a method into -32602', async () => {
      const throwing = createXmlRpcHandler({
        upper: (s: string) => s.toUpperCase(),
      });
      expect(await callHandler(throwing, 'upper', [1])).toMatchObject({
        faultCode: FaultCode.ApplicationError,
      });
    });
  });

  describe('the Observable form', () => {
    it('answers synchronously when every method is synchronous', () => {
      const handler = createXmlRpcHandler({ add });
      let answer: string | undefined;
      handler.observe(encodeMethodCall('add', [1, 1])).subscribe((xml) => {
        answer = xml;
      });
      expect(answer && readAnswer(answer)).toEqual({ result: 2 });
    });

    it('follows virtual time for Observable methods', () => {
      const testScheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
      testScheduler.run(({ cold, expectObservable }) => {
        const handler = createXmlRpcHandler({ slow: () => cold('--a--b|', { a: 1, b: 2 }) });
        const answer$ = handler.observe(encodeMethodCall('slow', [])).pipe(map(readAnswer));
        expectObservable(answer$).toBe('------(r|)', { r: { result: 2 } });
      });
    });

    it('unsubscribes an Observable method when the answer is unsubscribed', () => {
      let unsubscribed = false;
      const handler = createXmlRpcHandler({
        forever: () =>
          new Observable(() => () => {
            unsubscribed = true;
          }),
      });
      const subscription = handler.observe(encodeMethodCall('forever', [])).subscribe();
      expect(unsubscribed).toBe(false);
      subscription.unsubscribe();
      expect(unsubscribed).toBe(true);
    });

    it('re-runs the method for each subscription (cold)', () => {
      let runs = 0;
      const handler = createXmlRpcHandler({ count: () => defer(() => of(++runs)) });
      const answer$ = handler.observe(encodeMethodCall('count', []));
      answer$.subscribe();
      answer$.subscribe();
      expect(runs).toBe(2);
    });

    it('never answers for an Observable method that never completes', async () => {
      const handler = createXmlRpcHandler({ hang: () => NEVER });
      const result = await Promise.race([handler(encodeMethodCall('hang', [])), Promise.resolve('pending')]);
      expect(result).toBe('pending');
    });
  });

  describe('typing', () => {
    it('infers untyped params as XmlRpcValue | undefined and accepts methods with narrower params', async () => {
      const handler = createXmlRpcHandler({
        untyped: (value) => {
          expectTypeOf(value).toEqualTypeOf<XmlRpcValue | undefined>();
          return typeof value;
        },
        typed: (a: number, b: string, c?: boolean) => `${a}${b}${c}`,
      });
      expect(await callHandler(handler, 'untyped', [1])).toEqual({ result: 'number' });
      expect(await callHandler(handler, 'typed', [1, 'b'])).toEqual({ result: '1bundefined' });
    });
  });

  describe('creation', () => {
    it.each([
      [null, '`methods` must be a plain object of methods, but got null'],
      [[], '`methods` must be a plain object of methods, but got an array'],
      [
        { add: 42 },
        '`methods.add` must be a function, a describeMethod() or a plain object of methods, but got 42',
      ],
      [
        { a: { 'b.c': 'x' } },
        '`methods.a["b.c"]` must be a function, a describeMethod() or a plain object of methods, but got "x"',
      ],
      [{ '': add }, '`methods[""]`: a method name cannot be empty'],
      [{ when: new Date(0) }, /^`methods.when` must be a function/],
    ])('throws a TypeError for a bad method table: %j', (methods, message) => {
      expect(() => createXmlRpcHandler(methods as never)).toThrow(
        typeof message === 'string' ? new TypeError(message) : message,
      );
    });

    it('throws for a name defined twice, by a dotted key and a namespace', () => {
      expect(() => createXmlRpcHandler({ 'a.b': add, a: { b: add } })).toThrow(
        new TypeError(
          '`methods.a.b`: method "a.b" is already defined (system.* introspection and multicall are built in)',
        ),
      );
    });

    it.each(['system.multicall', 'system.listMethods', 'system.methodHelp', 'system.methodSignature'])(
      'refuses to redefine the built-in %s',
      (name) => {
        expect(() => createXmlRpcHandler({ [name]: add })).toThrow(/is already defined/);
      },
    );

    it('allows other system.* methods', async () => {
      const handler = createXmlRpcHandler({ system: { getCapabilities: () => ({}) } });
      expect(await callHandler(handler, 'system.getCapabilities')).toEqual({ result: {} });
    });

    it('throws for circular namespaces', () => {
      const methods: Record<string, unknown> = { add };
      methods.self = methods;
      expect(() => createXmlRpcHandler(methods as never)).toThrow(
        new TypeError('`methods.self` is circular'),
      );
    });

    it('accepts the same namespace object twice when it is not circular', async () => {
      const shared = { ping: () => 'pong' };
      const handler = createXmlRpcHandler({ a: shared, b: shared });
      expect(await callHandler(handler, 'b.ping')).toEqual({ result: 'pong' });
    });

    it('accepts a null-prototype table and ignores non-enumerable keys', async () => {
      const methods = Object.assign(Object.create(null) as Record<string, unknown>, { own: add });
      Object.defineProperty(methods, 'hidden', { value: add, enumerable: false });
      const handler = createXmlRpcHandler(methods as never);
      expect(await callHandler(handler, 'own', [1, 2])).toEqual({ result: 3 });
      expect(await callHandler(handler, 'hidden', [1, 2])).toMatchObject({
        faultCode: FaultCode.MethodNotFound,
      });
    });

    it('refuses a class instance as a namespace, so inherited methods never count', () => {
      class Supervisor {
        getState() {
          return 'RUNNING';
        }
      }
      expect(() => createXmlRpcHandler({ supervisor: new Supervisor() } as never)).toThrow(
        new TypeError(
          '`methods.supervisor` must be a function, a describeMethod() or a plain object of methods, but got an object',
        ),
      );
    });

    it.each([
      [{ maxMulticallEntries: 0 }, '`maxMulticallEntries` must be a positive integer or Infinity, but got 0'],
      [
        { maxResponseBytes: 1023 },
        '`maxResponseBytes` must be an integer of at least 1024 or Infinity, but got 1023',
      ],
      [
        { multicallConcurrency: 1.5 },
        '`multicallConcurrency` must be a positive integer or Infinity, but got 1.5',
      ],
      [{ decode: { maxDepth: 0 } }, '`maxDepth` must be an integer from 1 to 512, but got 0'],
    ])('throws a RangeError for bad options: %j', (options, message) => {
      expect(() => createXmlRpcHandler({ add }, options)).toThrow(new RangeError(message));
    });

    it('throws a TypeError for an onError that is not a function', () => {
      expect(() => createXmlRpcHandler({ add }, { onError: 'log' as never })).toThrow(
        new TypeError('`onError` must be a function, but got "log"'),
      );
    });
  });
});
