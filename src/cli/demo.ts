/**
 * `npm run demo`: a real codec round trip, printed. (The live supervisor demo replaces this once the
 * client, server and CLI exist.)
 */
import { asDouble, decodeMethodResponse, encodeMethodCall, encodeMethodResponse, XmlRpcFault } from '../index.js';

const request = encodeMethodCall('supervisor.startProcess', ['web & api', true, asDouble(1)]);
console.log('Request sent over the wire:\n', request, '\n');

const response = encodeMethodResponse([
  [{ name: 'web', statename: 'RUNNING', pid: 4242, start: new Date(Date.UTC(2026, 10, 25, 9, 30)) }],
  { faultCode: 10, faultString: 'BAD_NAME: worker-9' },
]);
console.log('Response received:\n', response, '\n');
console.log('Decoded:', decodeMethodResponse(response));

try {
  decodeMethodResponse(
    '<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>-32601</int></value></member>' +
      '<member><name>faultString</name><value>method not found</value></member></struct></value></fault></methodResponse>',
  );
} catch (error) {
  if (error instanceof XmlRpcFault) console.log('A fault response throws:', error.faultCode, error.faultString);
}
