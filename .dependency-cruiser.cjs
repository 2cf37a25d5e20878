/**
 * The layering rules of the repository (docs/architecture.md explains them): the folder says
 * where code runs, and code may only import what runs where it runs, or a contract.
 *
 * - page:      extension/<feature>/page/, extension/in-page/, the content-script entry points
 *              (runs in web pages: any page can poke at it)
 * - worker:    the rest of extension/<feature>/ and the background and offscreen entry points
 *              (holds the vault)
 * - ui:        extension/ui/ and the popup and options entry points (the extension's own pages)
 * - contracts: extension/messaging/ and shared/ (importable from every side)
 *
 * `npm run lint:deps` (tools/depcruise/check-layers.mjs) runs it and fails with the rule's name.
 */

const PAGE = '^extension/(?:[^/]+/page/|in-page/|entrypoints/(?:content|scan-page)\\.ts$)';
const UI = '^extension/(?:ui/|entrypoints/(?:popup|options)/)';
const WORKER = '^extension/(?:background|backup|fill|offscreen|scan|sync|vault)/|^extension/entrypoints/(?:background\\.ts$|offscreen/)';

/** A forbidden import: from files matching `from` to files matching `to` (dependency-cruiser's rule shape). */
const forbid = (name, from, to) => ({ name, severity: 'error', from, to });

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // Code that runs in the web page never imports worker code: ask the background by message; shared shapes go to extension/messaging/ or shared/.
    forbid('page-not-to-worker', { path: PAGE }, { path: WORKER, pathNot: PAGE }),
    // Code that runs in the web page never imports the extension pages (popup, options).
    forbid('page-not-to-ui', { path: PAGE }, { path: UI }),
    // Worker code never imports code that runs in the web page: the page agent's shapes live in extension/messaging/.
    forbid('worker-not-to-page', { path: WORKER, pathNot: PAGE }, { path: PAGE }),
    // Worker code never imports the extension pages.
    forbid('worker-not-to-ui', { path: WORKER, pathNot: PAGE }, { path: UI }),
    // The extension pages never import worker code: they ask by message (extension/messaging/); shared limits and labels go to extension/messaging/ or shared/.
    forbid('ui-not-to-worker', { path: UI }, { path: WORKER, pathNot: PAGE }),
    // extension/messaging/ is importable from every side, so it imports only itself and shared/.
    forbid('messaging-imports-contracts-only', { path: '^extension/messaging/' }, { path: '^(?:extension|widget|test)/', pathNot: '^extension/messaging/' }),
    // shared/ is the pure core: it imports no extension, widget or test code.
    forbid('shared-imports-nothing-of-ours', { path: '^shared/' }, { path: '^(?:extension|widget|test|tools)/' }),
    // The widget and the extension are separate products: share code through shared/.
    forbid('widget-not-to-extension', { path: '^widget/' }, { path: '^extension/' }),
    // The extension and the widget are separate products: share code through shared/.
    forbid('extension-not-to-widget', { path: '^extension/' }, { path: '^widget/' }),
    // The widget element runs in the site's page; the server library runs on the site's server. The HTTP contract is shared/protocol/two-factor-api.ts.
    forbid('element-not-to-server', { path: '^widget/element/' }, { path: '^widget/server/' }),
    // No import cycles anywhere: a cycle means two modules are one concept, or a type lives in the wrong place.
    forbid('no-circular', {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(?:^|/)(?:node_modules|\\.output|\\.wxt)/' },
    // Type-only imports count: a page file that imports a worker type still couples the two sides.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.d.ts'],
    },
    reporterOptions: {},
  },
};
