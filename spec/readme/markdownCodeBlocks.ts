/** A fenced code block of a Markdown document. */
export interface CodeBlock {
  /** The info string's first word, such as `ts` (empty when the fence has none). */
  readonly language: string;
  /** The block's text, without its fences and without the fence's indentation. */
  readonly code: string;
  /** Line of the document (from 1) holding the block's first line of code. */
  readonly line: number;
}

const OPENING_FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^\s`]*)/;

/**
 * The fenced code blocks of `markdown`, in document order (CommonMark fences: three or more backticks
 * or tildes, closed by at least as many of the same character). An unclosed block runs to the end,
 * as CommonMark reads it.
 */
export function markdownCodeBlocks(markdown: string): CodeBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const opening = OPENING_FENCE.exec(lines[i]!);
    if (opening === null) continue;
    const [, indent = '', fence = '', language = ''] = opening;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let end = i + 1;
    while (end < lines.length && !closing.test(lines[end]!)) {
      const text = lines[end]!;
      // Content lines lose up to the fence's own indentation, as CommonMark says.
      const strip = Math.min(indent.length, text.length - text.trimStart().length);
      body.push(text.slice(strip));
      end++;
    }
    blocks.push({ language, code: body.join('\n'), line: i + 2 });
    i = end;
  }
  return blocks;
}
