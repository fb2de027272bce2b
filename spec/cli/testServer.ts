import { createDemoMethods } from '../../src/cli/demoMethods.js';
import type { XmlRpcValue } from '../../src/codec/XmlRpcValue.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../src/server/serveXmlRpc.js';

/** The moment the test server's demo clock is stuck at. */
export const DEMO_CLOCK = Date.UTC(2026, 0, 1, 12, 0, 0);

/**
 * Serves the demo methods, with their clock stopped so every answer is known in advance, plus
 * `echo(...params)`, which answers its params as an array.
 */
export function startTestServer(): Promise<XmlRpcServerHandle> {
  return serveXmlRpc({
    methods: {
      ...createDemoMethods({ now: () => DEMO_CLOCK }),
      echo: (...params: XmlRpcValue[]) => params,
    },
  });
}
