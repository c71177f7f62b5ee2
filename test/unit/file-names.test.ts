// The file-name convention (README, Layout) is enforced by `npm run lint` through the rule in
// scripts/eslint-file-names.js: these prove that it fires on names that break the convention,
// and that it passes the names the tree uses.
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Linter, type Rule } from 'eslint';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
// A plain JavaScript module (ESLint loads it without a build step): its shape, typed here.
const ruleModule = (await import(pathToFileURL(join(root, 'scripts', 'eslint-file-names.js')).href)) as {
  default: Rule.RuleModule;
  fileNameProblem(path: string, declared: (name: string) => boolean): string | null;
};
const { fileNameProblem } = ruleModule;

const none = () => false;

function lint(path: string, code: string): string[] {
  const linter = new Linter({ cwd: root });
  const messages = linter.verify(
    code,
    [
      {
        files: ['**/*.ts', '**/*.tsx'],
        plugins: { virtdeck: { rules: { 'file-names': ruleModule.default } } },
        rules: { 'virtdeck/file-names': 'error' },
        languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
      },
    ],
    join(root, path),
  );
  return messages.map((m) => m.message);
}

describe('file names', () => {
  it('passes kebab-case modules, role suffixes, dot files and the tree’s own kinds of names', () => {
    for (const path of [
      'electron/node/stats/connection-sampler.ts',
      'test/unit/file-names.test.ts',
      'test/bench/soak.bench.ts',
      'test/e2e/console.spec.ts',
      'native/lib/index.d.ts',
      'scripts/build-renderer.mjs',
      '.dependency-cruiser.cjs',
      '.ci/run.mjs',
      'renderer/src/features/stats/list-cells.tsx',
      'renderer/src/main.tsx',
    ]) {
      assert.equal(fileNameProblem(path, none), null, path);
    }
  });

  it('passes a PascalCase .tsx only when it declares the component it is named after', () => {
    assert.equal(
      fileNameProblem('renderer/src/features/domains/DomainTable.tsx', (n) => n === 'DomainTable'),
      null,
    );
    assert.match(fileNameProblem('renderer/src/features/domains/DomainTable.tsx', (n) => n === 'Other') ?? '', /must declare the component DomainTable/);
  });

  it('refuses other cases, separators and folders', () => {
    const cases: [string, RegExp][] = [
      ['electron/node/StatsSampler.ts', /"StatsSampler\.ts" must be kebab-case/],
      ['electron/node/stats_sampler.ts', /must be kebab-case/],
      ['electron/node/statsSampler.ts', /must be kebab-case/],
      ['renderer/src/features/domainTable.tsx', /must be kebab-case, or PascalCase named after the component/],
      ['renderer/src/features/Domain-table.tsx', /must be kebab-case, or PascalCase/],
      ['test/unit/foo.Test.ts', /suffix "\.Test"/],
      ['electron/node/Stats/sampler.ts', /folder "Stats" is not kebab-case/],
      ['renderer/src/vm_details/tab.tsx', /folder "vm_details"/],
    ];
    for (const [path, message] of cases) assert.match(fileNameProblem(path, none) ?? 'no problem reported', message, path);
  });

  it('reports through ESLint, where `npm run lint` runs it', () => {
    assert.deepEqual(lint('electron/node/good-name.ts', 'export const x = 1;'), []);
    assert.deepEqual(lint('renderer/src/Panel.tsx', 'export function Panel() { return null; }'), []);
    assert.deepEqual(lint('renderer/src/Panel.tsx', 'const Panel = () => null; export default Panel;'), []);
    const [message] = lint('electron/node/BadName.ts', 'export const x = 1;');
    assert.match(message ?? '', /^File name: "BadName\.ts" must be kebab-case \(see README, Layout\)\.$/);
    assert.equal(lint('renderer/src/Panel.tsx', 'export function Other() { return null; }').length, 1);
  });
});
