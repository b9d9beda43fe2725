// The layers of docs/architecture.md, checked by `npm run lint:architecture`.
// Each rule's name is what a violation prints; test/architecture/rules.test.ts proves every rule fires.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment:
        'src/domain holds pure rules: it imports only other domain files, zod, ml-matrix, @date-fns/tz and node builtins.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: {
        pathNot: ['^src/domain/', '^node_modules/zod/', '^node_modules/ml-matrix/', '^node_modules/@date-fns/tz/'],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'http-and-preview-use-services-not-db',
      comment: 'Routes, middleware and the preview reach data only through src/services.',
      severity: 'error',
      from: { path: '^src/(http|preview)/' },
      // They may name the database handle's type (src/db/client.ts) to pass it on to a service, never query with it.
      to: { path: '^src/db/', pathNot: '^src/db/client\\.ts$' },
    },
    {
      name: 'http-and-preview-only-pass-the-db-handle',
      comment: 'From src/db the HTTP layer and the preview may only import the Database type, to hand it to services.',
      severity: 'error',
      from: { path: '^src/(http|preview)/' },
      to: { path: '^src/db/client\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'services-know-neither-http-nor-jobs',
      comment: 'Use cases are transport-neutral; a service that must enqueue declares a port that src/jobs implements.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: '^src/(http|jobs)/' },
    },
    {
      name: 'hubspot-adapter-does-not-touch-the-database',
      comment:
        'src/hubspot fetches from HubSpot and maps records to row shapes; the use cases in src/services store them.',
      severity: 'error',
      from: { path: '^src/hubspot/' },
      to: { path: '^src/db/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'hubspot-adapter-names-only-row-shapes',
      comment:
        "From src/db the HubSpot adapter may only name the repositories' row types it maps into: no handle, schema or driver.",
      severity: 'error',
      from: { path: '^src/hubspot/' },
      to: {
        path: ['^src/db/', '^node_modules/(drizzle-orm|pg|pg-boss|@electric-sql/pglite)/'],
        pathNot: '^src/db/repositories/',
      },
    },
    {
      name: 'hubspot-adapter-knows-no-use-case',
      comment: 'The adapter is called by use cases, jobs and the CLI; it never calls back into them.',
      severity: 'error',
      from: { path: '^src/hubspot/' },
      to: { path: '^src/(services|http|jobs|cli)/' },
    },
    {
      name: 'sandbox-imports-nothing-of-the-product',
      comment: 'The HubSpot stand-in must not share code with the product it stands in for.',
      severity: 'error',
      from: { path: '^src/sandbox/' },
      to: { path: '^(src|extensions)/', pathNot: '^src/sandbox/' },
    },
    {
      name: 'product-imports-nothing-of-the-sandbox',
      comment: 'Only the CLI (src/cli) wires the sandbox to the product; tests and benches may use both.',
      severity: 'error',
      from: { path: '^(src|extensions)/', pathNot: '^src/(sandbox|cli)/' },
      to: { path: '^src/sandbox/' },
    },
    {
      name: 'extensions-are-self-contained',
      comment: 'A HubSpot extension is bundled on its own: it imports only its own files and npm packages, never src/.',
      severity: 'error',
      from: { path: '^extensions/app/([^/]+)/' },
      to: { pathNot: ['^extensions/app/$1/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'no-import-cycles',
      comment: 'Modules that import each other have no defined load order and no clear owner.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable-imports',
      comment: 'An import the cruiser cannot resolve would escape every rule above.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^src/db/migrations/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.cjs', '.mjs', '.json'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
