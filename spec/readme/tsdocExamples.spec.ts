import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CodeBlock, markdownCodeBlocks } from './markdownCodeBlocks.js';
import { typeCheckBlocks } from './typeCheckBlocks.js';

/*
 * The `@example` blocks of the TSDoc in src/ are documentation too (TypeDoc shows them): each ```ts
 * block compiles as written, like the README's. The CLI's internal notes (src/cli) are not published.
 */

const ROOT = join(import.meta.dirname, '..', '..');

/** The TypeScript blocks inside the doc comments of `source`, at their lines in the file. */
function tsdocBlocks(source: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  for (const comment of source.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const firstLine = source.slice(0, comment.index).split('\n').length;
    // The comment's text with its ` * ` margins removed, line for line, so block lines stay true.
    const text = comment[0]
      .split('\n')
      .map((line) => line.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''))
      .join('\n');
    for (const block of markdownCodeBlocks(text)) {
      if (block.language === 'ts' || block.language === 'typescript') {
        blocks.push({ ...block, line: block.line + firstLine - 1 });
      }
    }
  }
  return blocks;
}

const files = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.ts') && !file.startsWith('cli'))
  .map((file) => join(ROOT, 'src', file))
  .map((path) => ({ name: relative(ROOT, path), blocks: tsdocBlocks(readFileSync(path, 'utf8')) }))
  .filter((file) => file.blocks.length > 0);

describe('TSDoc examples in src/', () => {
  it('are there to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(files)('$name: every TypeScript example compiles', ({ name, blocks }) => {
    expect(typeCheckBlocks(blocks, name)).toEqual([]);
  });

  it('finds a block in a doc comment at its line in the file', () => {
    const source = ['const a = 1;', '/**', ' * Text.', ' * ```ts', ' * const b = 2;', ' * ```', ' */'].join(
      '\n',
    );
    expect(tsdocBlocks(source)).toEqual([{ language: 'ts', code: 'const b = 2;', line: 5 }]);
  });
});
