import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The engine is isomorphic: the same code runs in the API, the CLI and the browser. Its tsconfig
 * (tooling/typescript/engine.json) must therefore make Node and DOM globals type errors.
 */
const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function diagnosticsFor(source: string): string[] {
  const configPath = path.join(packageDir, 'tsconfig.json');
  const config = ts.getParsedCommandLineOfConfigFile(
    configPath,
    {},
    { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined },
  );
  if (!config) throw new Error(`cannot read ${configPath}`);
  const probe = path.join(packageDir, 'src', '__probe__.ts');
  const host = ts.createCompilerHost(config.options);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.readFile = (file) => (path.resolve(file) === probe ? source : readFile(file));
  host.fileExists = (file) => path.resolve(file) === probe || fileExists(file);
  const program = ts.createProgram({ rootNames: [probe], options: config.options, host });
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('engine packages', () => {
  it('cannot use process, Buffer, window, document or console', () => {
    const errors = diagnosticsFor(
      'export const a = process.env;\nexport const b = Buffer.from("x");\nexport const c = window;\nexport const d = document;\nconsole.log(1);\n',
    );
    for (const name of ['process', 'Buffer', 'window', 'document', 'console']) {
      expect(
        errors.some((message) => message.includes(`'${name}'`)),
        `${name} should be a type error: ${errors.join(' | ')}`,
      ).toBe(true);
    }
  });

  it('can use the ECMAScript library (Intl, BigInt, Map)', () => {
    expect(
      diagnosticsFor(
        'export const f = new Intl.NumberFormat("zh-CN");\nexport const n = 10n ** 2n;\nexport const m = new Map<string, number>();\n',
      ),
    ).toEqual([]);
  });
});
