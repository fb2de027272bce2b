import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, markdownCodeBlocks } from './markdownCodeBlocks.js';
import { typeCheckBlocks } from './typeCheckBlocks.js';

/*
 * Every ```ts block of README.md compiles as written, each as a module of its own, with the project's
 * compiler options. Blocks that import 'vitest' are tests a reader can copy: they also run, here.
 */

const README = join(import.meta.dirname, '..', '..', 'README.md');
const TYPESCRIPT = new Set(['ts', 'typescript']);

const blocks = markdownCodeBlocks(readFileSync(README, 'utf8')).filter((block) =>
  TYPESCRIPT.has(block.language),
);

/** The package's entry points as the spec folder reaches them (the README imports them by name). */
const ENTRY_POINTS: Readonly<Record<string, string>> = {
  'rxjs-xmlrpc': '../../src/index.js',
  'rxjs-xmlrpc/node': '../../src/node/index.js',
  'rxjs-xmlrpc/server': '../../src/server/index.js',
  'rxjs-xmlrpc/testing': '../../src/testing/index.js',
  'rxjs-xmlrpc/supervisor': '../../src/supervisor/index.js',
  'rxjs-xmlrpc/angular': '../../src/angular/index.js',
};

/**
 * Runs a block's top level (so its `describe`/`it` calls register in this file), from a module
 * written beside this spec with the package imports pointed at the sources, removed once loaded.
 */
async function runBlock(block: CodeBlock): Promise<void> {
  const code = block.code.replace(
    /(from\s+)'(rxjs-xmlrpc(?:\/node|\/server|\/testing|\/supervisor|\/angular)?)'/g,
    (_, from: string, name: string) => `${from}'${ENTRY_POINTS[name]}'`,
  );
  const file = join(import.meta.dirname, `.README.md.line-${block.line}.run.ts`);
  writeFileSync(file, code);
  try {
    await import(file);
  } finally {
    rmSync(file, { force: true });
  }
}

describe('README.md', () => {
  it('has TypeScript examples to check', () => {
    expect(blocks.length).toBeGreaterThan(10);
  });

  // Type-checking builds a program of the whole project: slow on a loaded machine.
  it('type-checks every TypeScript block as written', { timeout: 120_000 }, () => {
    expect(typeCheckBlocks(blocks, 'README.md')).toEqual([]);
  });
});

describe('typeCheckBlocks', () => {
  it('reports a block that does not compile, at its line in the document, with the diagnostic', () => {
    const markdown = [
      '# Doc',
      '',
      '```ts',
      "import { createXmlRpcClient } from 'rxjs-xmlrpc';",
      'const fine: number = 1;',
      "createXmlRpcClient({ transport: 'http://localhost/RPC2' });",
      '```',
      '',
      '```ts',
      'const fine: string = 2;',
      '```',
    ].join('\n');
    const problems = typeCheckBlocks(markdownCodeBlocks(markdown), 'DOC.md');

    expect(problems).toEqual([
      "DOC.md:6:22 TS2322: Type 'string' is not assignable to type 'Transport'.",
      "DOC.md:10:7 TS2322: Type 'number' is not assignable to type 'string'.",
    ]);
  });

  it('compiles each block as a module of its own, with top-level await and decorators', () => {
    const markdown = [
      '```typescript',
      "import { Injectable } from '@angular/core';",
      "@Injectable({ providedIn: 'root' })",
      'export class Service {}',
      'const value = await Promise.resolve(1);',
      '```',
      '```ts',
      'const value = 2;',
      '```',
    ].join('\n');
    expect(typeCheckBlocks(markdownCodeBlocks(markdown), 'DOC.md')).toEqual([]);
  });
});

describe('markdownCodeBlocks', () => {
  it('finds fenced blocks with their language and first line, fences of any length, indented ones', () => {
    const markdown = [
      'text',
      '```ts',
      'a();',
      '```',
      '- item',
      '  ````sh',
      '  ```',
      '  b',
      '  ````',
      '~~~',
      'c',
    ].join('\n');
    expect(markdownCodeBlocks(markdown)).toEqual([
      { language: 'ts', code: 'a();', line: 3 },
      { language: 'sh', code: '```\nb', line: 7 },
      { language: '', code: 'c', line: 11 },
    ]);
  });
});

// The README's own tests, run as the reader would run them.
for (const block of blocks.filter((candidate) => /from\s+'vitest'/.test(candidate.code))) {
  describe(`README.md test at line ${block.line}`, async () => {
    await runBlock(block);
  });
}
