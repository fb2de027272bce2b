import { map, timer } from 'rxjs';
import { XmlRpcFault } from '../../../src/codec/XmlRpcFault.js';
import { serveXmlRpc, type XmlRpcServerHandle } from '../../../src/server/serveXmlRpc.js';
import type { XmlRpcMethods } from '../../../src/server/XmlRpcMethods.js';
import type { E2eServer, E2eServerOptions } from './E2eServer.js';

/** The methods every {@link E2eServer} answers, as the Python script defines them. */
const methods: XmlRpcMethods = {
  echo: (x) => x,
  fault: (code, message) => {
    throw new XmlRpcFault(code as number, message as string);
  },
  // An Observable, so that a dropped connection cancels the timer instead of leaving it behind.
  sleep: (seconds) => timer((seconds as number) * 1000).pipe(map(() => seconds)),
};

/**
 * Starts our own `serveXmlRpc` in this process on a free loopback port, with the methods of the
 * Python test server. {@link E2eServer.crash} closes it, dropping every connection (in-flight
 * requests included) without an answer, which is what a client sees of a killed process.
 * `multicall: false` starts it without `system.multicall`, like a server that lacks it.
 */
export async function startNodeServer(options: E2eServerOptions = {}): Promise<E2eServer> {
  const handlerOptions = { multicall: options.multicall !== false };
  let handle: XmlRpcServerHandle | undefined = await serveXmlRpc({ methods, handlerOptions });
  const { url, port } = handle;
  const end = async (): Promise<void> => {
    const current = handle;
    handle = undefined;
    await current?.close();
  };
  return {
    url,
    async requestCount() {
      if (handle === undefined) throw new Error(`${url} is not running`);
      return handle.requestCount;
    },
    crash: end,
    async restart() {
      await end();
      handle = await serveXmlRpc({ methods, port, handlerOptions });
    },
    stop: end,
  };
}
