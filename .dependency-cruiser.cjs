// Layering rules (see README "Layout"): the path says where code runs; a wrong import fails
// `npm run lint`, which `npm test` runs.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-is-environment-free',
      comment: 'electron/common holds the contract: it runs in every process, so it imports only itself (and zod).',
      severity: 'error',
      from: { path: '^electron/common/' },
      to: { pathNot: ['^electron/common/', '^node_modules/zod/'] },
    },
    {
      name: 'backend-never-imports-electron',
      comment: 'electron/node and electron/server run under plain Node (browser mode, tests): only electron/main may import Electron.',
      severity: 'error',
      from: { path: '^electron/(node|server)/' },
      to: { path: ['^node_modules/electron/', '^electron/(main|preload)/', '^renderer/'] },
    },
    {
      name: 'server-and-main-are-peers',
      comment: 'The browser-mode server and the Electron shell both build on electron/node; neither imports the other.',
      severity: 'error',
      from: { path: '^electron/(main|server)/' },
      to: { path: ['^electron/(main|server)/', '^renderer/'], pathNot: ['^electron/$1/'] },
    },
    {
      name: 'preload-is-minimal',
      comment: 'The sandboxed preload may import electron and the contract, nothing that needs Node.',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { pathNot: ['^electron/preload/', '^electron/common/', '^node_modules/electron/'] },
    },
    {
      name: 'renderer-reaches-backend-only-through-the-contract',
      comment: 'The renderer talks to the backend only through the VirtApi contract in electron/common.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^electron/(node|main|server|preload)/', '^native/'] },
    },
    {
      name: 'renderer-has-no-node',
      comment: 'The renderer runs sandboxed in a browser: no Node built-ins.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'native-only-through-its-api',
      comment: 'Outside native/, libvirt is reached only through virtdeck/native (native/lib/index.ts), never its internals.',
      severity: 'error',
      from: { pathNot: '^native/' },
      to: { path: '^native/', pathNot: ['^native/lib/index\\.ts$', '^native/dist/index\\.js$'] },
    },
    {
      name: 'only-the-loader-loads-the-addon',
      comment: 'native/lib/binding.ts is the only file that loads the compiled addon.',
      severity: 'error',
      from: { pathNot: '^native/lib/binding\\.ts$' },
      to: { path: '\\.node$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)dist/', '(^|/)build/', '^native/scripts/'] },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
    enhancedResolveOptions: {
      conditionNames: ['source', 'import', 'require', 'node', 'default'],
      exportsFields: ['exports'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.node'],
      mainFields: ['module', 'main', 'types'],
    },
    tsConfig: { fileName: 'tsconfig.base.json' },
  },
};
