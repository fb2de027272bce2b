import { join } from 'node:path';
import ts from 'typescript';
import type { CodeBlock } from './markdownCodeBlocks.js';

/** The repository root, whose tsconfig.json and `paths` (`rxjs-xmlrpc` → src/index.ts…) the blocks use. */
const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The project's compiler options, plus what documentation examples need: decorators as Angular
 * declares them, and every block a module of its own (so top-level `await` works and two blocks
 * may declare the same names).
 */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(ROOT, 'tsconfig.json');
  const { config, error } = ts.readConfigFile(configPath, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  const parsed = ts.parseJsonConfigFileContent(config, ts.sys, ROOT, undefined, configPath);
  return {
    ...parsed.options,
    noEmit: true,
    experimentalDecorators: true,
    moduleDetection: ts.ModuleDetectionKind.Force,
  };
}

/**
 * Parsed files of the project and its dependencies, shared by every Program this process builds:
 * a second check (the checker's own tests) then parses only its blocks.
 */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

/**
 * Type-checks each block as a separate module, all in one Program, as if it were a `.ts` file
 * beside this one (so `rxjs-xmlrpc`, `@angular/core`… resolve as they do for the project).
 *
 * @param blocks The blocks to check; `line` places each diagnostic in the document.
 * @param documentName How diagnostics name the document, such as `README.md`.
 * @returns One line per problem, `README.md:LINE:COLUMN TS2345: message`, in document order;
 *   empty when every block compiles.
 */
export function typeCheckBlocks(blocks: readonly CodeBlock[], documentName: string): string[] {
  const options = compilerOptions();
  const virtual = new Map(
    blocks.map((block) => [join(import.meta.dirname, `${documentName}.line-${block.line}.ts`), block]),
  );
  const host = ts.createCompilerHost(options, true);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (fileName) => virtual.has(fileName) || fileExists.call(host, fileName);
  host.readFile = (fileName) => virtual.get(fileName)?.code ?? readFile.call(host, fileName);
  host.getSourceFile = (fileName, languageVersion, ...rest) => {
    const block = virtual.get(fileName);
    if (block) return ts.createSourceFile(fileName, block.code, languageVersion, true);
    if (!parsedFiles.has(fileName)) {
      parsedFiles.set(fileName, getSourceFile.call(host, fileName, languageVersion, ...rest));
    }
    return parsedFiles.get(fileName);
  };

  const program = ts.createProgram({ rootNames: [...virtual.keys()], options, host });
  const problems = program.getOptionsDiagnostics().map((d) => `${documentName}: ${message(d)}`);
  for (const [fileName, block] of virtual) {
    const file = program.getSourceFile(fileName)!;
    const diagnostics = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)];
    for (const diagnostic of diagnostics) {
      const { line, character } = file.getLineAndCharacterOfPosition(diagnostic.start ?? 0);
      problems.push(`${documentName}:${block.line + line}:${character + 1} ${message(diagnostic)}`);
    }
  }
  return problems;
}

function message(diagnostic: ts.Diagnostic): string {
  return `TS${diagnostic.code}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
}
