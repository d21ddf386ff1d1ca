// The import rules of docs/architecture.md, checked by dependency-cruiser in `npm run lint`.
// Imports point downward only. Inside server/, from the top:
//
//   entry     index.ts build.ts builds.ts repo-root.ts dev.ts app.ts, cli/   (composition: may import anything)
//   edge      routes/ (HTTP), collab/ (the websocket), http/ (what both share: Origin, session cookie)
//   domain    domain/   (use cases)
//   policy    policy.ts (who may do what)
//   store     store/    (where bytes live)
//   base      export/ auth/ config.ts errors.ts   (pure helpers; import nothing of the server above)
//
// shared/ imports packages only; client/ imports shared/ and, of server/, only `import type` from
// server/app.ts (the AppType of the typed API client); client/ui imports no feature folder; no
// module and no folder imports itself through others (client/app, the shell, sits above the
// feature folders; i18n/, routing/, forms/, ui/, api/ and collab/ below them).

const entry = '^server/(index|build|builds|repo-root|dev|app)\\.ts$|^server/cli/'
const routes = '^server/routes/'
const collab = '^server/collab/'
const http = '^server/http/'
const domain = '^server/domain/'
const policy = '^server/policy\\.ts$'
const store = '^server/store/'
const base = '^server/(export|auth)/|^server/(config|errors)\\.ts$'

const any = (...paths) => paths.join('|')

/** A layer may import the layers below it, never those above. */
const notAbove = (name, from, above, comment) => ({
  name,
  comment,
  severity: 'error',
  from: { path: from },
  to: { path: any(...above) },
})

module.exports = {
  forbidden: [
    notAbove(
      'routes-not-to-collab-or-entry',
      routes,
      [entry, collab],
      'Routes ask the domain; they never touch a live room.',
    ),
    notAbove('collab-not-to-routes-or-entry', collab, [entry, routes], 'The websocket side imports no HTTP route.'),
    notAbove('http-below-routes-and-collab', http, [entry, routes, collab], 'http/ serves both routes/ and collab/.'),
    notAbove('domain-below-the-edge', domain, [entry, routes, collab, http], 'Use cases know no HTTP and no socket.'),
    notAbove('policy-below-domain', policy, [entry, routes, collab, http, domain], 'The policy is pure rules.'),
    notAbove(
      'store-below-policy',
      store,
      [entry, routes, collab, http, domain, policy],
      'Store imports nothing above it: it knows bytes, not rules or use cases.',
    ),
    notAbove(
      'base-at-the-bottom',
      base,
      [entry, routes, collab, http, domain, policy, store],
      'export/, auth/, config.ts and errors.ts are leaves: they take plain data.',
    ),
    {
      name: 'shared-imports-packages-only',
      comment: 'shared/ runs in the browser and on the server alike.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { path: '^(server|client|test)/' },
    },
    {
      name: 'shared-and-client-no-node-builtins',
      comment: 'Code that runs in the browser has no Node built-ins.',
      severity: 'error',
      from: { path: '^(shared|client)/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'client-sees-only-the-api-type',
      comment: 'The client knows the server only through AppType (hc<AppType>).',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/', pathNot: '^server/app\\.ts$' },
    },
    {
      name: 'client-imports-the-api-type-only',
      comment: 'From server/app.ts the client takes types only, so no server code reaches the bundle.',
      severity: 'error',
      from: { path: '^client/' },
      to: { path: '^server/app\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'client-ui-imports-no-feature',
      comment: 'client/ui holds primitives only.',
      severity: 'error',
      from: { path: '^client/ui/' },
      to: { path: '^client/', pathNot: '^client/ui/' },
    },
    {
      name: 'product-code-not-to-test',
      severity: 'error',
      from: { path: '^(server|shared|client)/' },
      to: { path: '^test/' },
    },
    {
      name: 'no-circular',
      comment: 'No module imports itself through others.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-folder-cycles',
      comment: 'No folder imports itself through others (client/app ↔ a feature folder, say).',
      severity: 'error',
      scope: 'folder',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves to a file or an installed package (or a module a Vite plugin of vite.config.ts writes: virtual:…).',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: '^virtual:' },
    },
    {
      name: 'product-code-not-to-dev-dependencies',
      comment: 'Production code needs only `dependencies`: `npm ci --omit=dev` must run the server.',
      severity: 'error',
      from: { path: '^(server|shared|client)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
  },
}
