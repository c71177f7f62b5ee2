// @ts-check
// The file-name convention (README, "Layout"), as an ESLint rule so that `npm run lint` fails on
// a file that breaks it:
// - folders and `.ts` / `.js` / `.mjs` / `.cjs` files are kebab-case (`stats-sampler.ts`), with
//   lower-case role suffixes after a dot (`.test.ts`, `.bench.ts`, `.spec.ts`, `.d.ts`);
// - a `.tsx` file is PascalCase when it is named after the React component it holds
//   (`DomainTable.tsx` declares `DomainTable`), and kebab-case when it holds several small
//   components or helpers (`list-cells.tsx`, `main.tsx`).

import { relative, sep } from 'node:path';

const KEBAB = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PASCAL = /^[A-Z][a-z0-9]*([A-Z][a-z0-9]*)*$/;
const SUFFIX = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/**
 * Why `file` breaks the convention, or null when it keeps it. `declared` says whether a
 * top-level binding of the given name exists in the file.
 * @param {string} path the file's path relative to the project root, `/`-separated
 * @param {(name: string) => boolean} declared
 * @returns {string | null}
 */
export function fileNameProblem(path, declared) {
  const parts = path.split('/');
  const file = parts.pop() ?? '';
  for (const dir of parts) {
    // Dot folders (.ci) are tooling's; the rest say what they hold in kebab-case.
    const name = dir.startsWith('.') ? dir.slice(1) : dir;
    if (!KEBAB.test(name)) return `folder "${dir}" is not kebab-case`;
  }
  const dotfile = file.startsWith('.');
  const [stem = '', ...rest] = (dotfile ? file.slice(1) : file).split('.');
  const ext = rest.pop() ?? '';
  for (const suffix of rest) {
    if (!SUFFIX.test(suffix)) return `suffix ".${suffix}" of "${file}" is not lower-case kebab-case`;
  }
  if (ext === 'tsx' && PASCAL.test(stem)) {
    if (!declared(stem)) return `"${file}" is PascalCase, so it must declare the component ${stem} it is named after`;
    return null;
  }
  if (!KEBAB.test(stem)) {
    return ext === 'tsx' ? `"${file}" must be kebab-case, or PascalCase named after the component it declares` : `"${file}" must be kebab-case`;
  }
  return null;
}

/**
 * @param {import('estree').Program} program
 * @param {string} name
 */
function declaresTopLevel(program, name) {
  for (const node of program.body) {
    const decl = node.type === 'ExportNamedDeclaration' || node.type === 'ExportDefaultDeclaration' ? node.declaration : node;
    if (!decl) continue;
    if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id?.name === name) return true;
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && d.id.name === name) return true;
    }
  }
  return false;
}

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'suggestion',
    docs: { description: 'File and folder names follow the convention in README "Layout"' },
    schema: [],
    messages: { name: 'File name: {{problem}} (see README, Layout).' },
  },
  create(context) {
    const path = relative(context.cwd, context.filename).split(sep).join('/');
    return {
      Program(program) {
        // Files outside the project (virtual ones in tests of ESLint itself) are not ours to name.
        if (path.startsWith('..') || path.startsWith('<')) return;
        const problem = fileNameProblem(path, (name) => declaresTopLevel(program, name));
        if (problem) context.report({ node: program, loc: { line: 1, column: 0 }, messageId: 'name', data: { problem } });
      },
    };
  },
};

export default rule;
