import type { TransportRequest } from '../../src/transport/Transport.js';

/** The request and answer every transport spec exchanges. */

export const ENDPOINT = 'http://xmlrpc.test/RPC2';

export const REQUEST: TransportRequest = {
  body: '<?xml version="1.0"?><methodCall><methodName>ping</methodName><params/></methodCall>',
  headers: { 'Content-Type': 'text/xml' },
};

export const ANSWER =
  '<?xml version="1.0"?><methodResponse><params><param><value>pong</value></param></params></methodResponse>';
