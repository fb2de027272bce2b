/**
 * Child process of the codec suite (run with `node --expose-gc --import tsx`):
 * `measureRetention.ts <ours|txml> <responses> <entries>` decodes `responses` distinct generated
 * documents, keeps one short string from each (like a poller keeping an id) and prints, as JSON, how
 * much heap stays retained after a full GC. A decoder that hands out slices of the document keeps
 * every document alive through them.
 */
import { startMemoryProbe } from '../lib/startMemoryProbe.js';
import { generateMulticallResponse } from './generateMulticallResponse.js';
import { findString, MEMORY_DECODERS, memoryDecoderArg, positiveIntegerArg } from './memoryDecoders.js';

const decoder = memoryDecoderArg(process.argv[2]);
const responses = positiveIntegerArg('responses', process.argv[3]);
const entries = positiveIntegerArg('entries', process.argv[4]);
const decode = MEMORY_DECODERS[decoder];

// One decode before the baseline, so compiled code and caches are not counted as retained.
decode(generateMulticallResponse(entries, 0).xml);
const probe = startMemoryProbe();
const kept: string[] = [];
let documentChars = 0;
for (let seed = 1; seed <= responses; seed++) {
  const { xml } = generateMulticallResponse(entries, seed);
  documentChars += xml.length;
  // The generator's `tag-…` strings are long enough for V8 to slice rather than copy them.
  const text = findString(decode(xml), (candidate) => candidate.startsWith('tag-'));
  if (text === undefined) throw new Error('no tag string in the decoded response');
  kept.push(text);
}
globalThis.gc?.();
globalThis.gc?.();
const { liveAdded } = probe.stop();
process.stdout.write(
  `${JSON.stringify({ decoder, responses, entries, documentChars, keptChars: kept.join('').length, retained: liveAdded })}\n`,
);
