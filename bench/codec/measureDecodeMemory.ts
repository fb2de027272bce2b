/**
 * Child process of the codec suite (run with `node --expose-gc --import tsx`):
 * `measureDecodeMemory.ts <ours|txml> <entries>` decodes one generated multicall response and prints
 * the memory the decode added, as JSON.
 */
import { startMemoryProbe } from '../lib/startMemoryProbe.js';
import { generateMulticallResponse } from './generateMulticallResponse.js';
import { MEMORY_DECODERS, memoryDecoderArg, positiveIntegerArg } from './memoryDecoders.js';

const decoder = memoryDecoderArg(process.argv[2]);
const entries = positiveIntegerArg('entries', process.argv[3]);
const decode = MEMORY_DECODERS[decoder];

const { xml, bytes } = generateMulticallResponse(entries);
const probe = startMemoryProbe();
const result = decode(xml);
const report = probe.stop();
// Touch the result after the probe so it is provably alive while the probe reads memory.
if (result === undefined) throw new Error('the decoder returned nothing');
process.stdout.write(`${JSON.stringify({ decoder, entries, bytes, ...report })}\n`);
