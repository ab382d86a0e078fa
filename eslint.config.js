import js from '@eslint/js';
import { builtinModules } from 'node:module';
import path from 'node:path';
import tseslint from 'typescript-eslint';

// The one-way dependency direction of DESIGN.md (renderer → shared ← server ← electron), checked on the
// resolved path of every import, so it holds at any folder depth and any number of `../`.
const ROOT = import.meta.dirname;
const NODE_BUILTINS = new Set(builtinModules);
const SOURCE_EXTENSION = /\.(?:[cm]?[jt]sx?)$/;

/** What each top folder may import of ours (a folder ends in `/`; a file is named without extension), and which packages not. */
const LAYERS = {
  shared: {
    ours: ['shared/'],
    bannedPackages: ['node-builtins', 'electron', 'react', 'react-dom'],
    message: 'shared/ is pure TypeScript: it imports only shared/ (no server, renderer or electron code; no Node, DOM, Electron or React).',
  },
  server: {
    ours: ['server/', 'shared/'],
    bannedPackages: ['electron', 'react', 'react-dom'],
    message: 'server/ imports shared/ only (never renderer/ or electron/), and no Electron or React.',
  },
  renderer: {
    ours: ['renderer/', 'shared/'],
    bannedPackages: ['node-builtins', 'electron'],
    message: 'renderer/ imports shared/ only; it reaches the server over HTTP and Electron through window.flowgate.',
  },
  electron: {
    ours: ['electron/', 'server/main', 'server/app', 'server/config', 'shared/desktop-bridge'],
    bannedPackages: ['react', 'react-dom'],
    message: "electron/ imports only the server's entry points (server/main.ts, server/app.ts, server/config.ts) and the preload contract (shared/desktop-bridge.ts).",
  },
};

/** The import's target as a path from the root without extension, or null for a package. */
function ourTarget(filename, source) {
  if (!source.startsWith('.') && !source.startsWith('/')) return null;
  return path.relative(ROOT, path.resolve(path.dirname(filename), source)).split(path.sep).join('/').replace(SOURCE_EXTENSION, '');
}

function isBannedPackage(source, banned) {
  const name = source.startsWith('@') ? source.split('/').slice(0, 2).join('/') : source.split('/')[0];
  if (banned.includes('node-builtins') && (source.startsWith('node:') || NODE_BUILTINS.has(name))) return true;
  return banned.includes(name);
}

const layerImports = {
  meta: {
    type: 'problem',
    docs: { description: 'Keeps each top folder to the imports its layer allows.' },
    schema: [{ enum: Object.keys(LAYERS) }],
    messages: { outside: '{{source}}: {{message}}' },
  },
  create(context) {
    const layer = LAYERS[context.options[0]];
    const check = (node, source) => {
      if (typeof source !== 'string') return;
      const target = ourTarget(context.filename, source);
      const refused =
        target === null
          ? isBannedPackage(source, layer.bannedPackages)
          : !layer.ours.some((entry) => (entry.endsWith('/') ? target.startsWith(entry) : target === entry));
      if (refused) context.report({ node, messageId: 'outside', data: { source, message: layer.message } });
    };
    const fromSource = (node) => node.source && check(node.source, node.source.value);
    const literal = (node) => (node?.type === 'Literal' ? node.value : undefined);
    return {
      ImportDeclaration: fromSource,
      ExportNamedDeclaration: fromSource,
      ExportAllDeclaration: fromSource,
      ImportExpression: (node) => check(node.source, literal(node.source)),
      TSImportType: (node) => check(node, literal(node.argument?.literal ?? node.argument)),
      TSExternalModuleReference: (node) => check(node, literal(node.expression)),
      CallExpression: (node) => node.callee.type === 'Identifier' && node.callee.name === 'require' && check(node, literal(node.arguments[0])),
    };
  },
};

const boundaries = { meta: { name: 'flowgate-boundaries' }, rules: { 'layer-imports': layerImports } };
const layer = (name, extensions) => ({
  files: [`${name}/**/*.{${extensions}}`],
  plugins: { boundaries },
  rules: { 'boundaries/layer-imports': ['error', name] },
});

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'release/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer('shared', 'ts,tsx,js,mjs,cjs,cts,mts'),
  layer('server', 'ts,tsx,js,mjs,cjs,cts,mts'),
  layer('renderer', 'ts,tsx,js,mjs,cjs,cts,mts'),
  layer('electron', 'ts,tsx,js,mjs,cjs,cts,mts'),
  {
    // shared/ runs in the editor and the server alike: neither's globals.
    files: ['shared/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-globals': ['error', ...['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'process', 'Buffer', 'require', '__dirname', '__filename'].map((name) => ({
        name,
        message: 'shared/ is pure TypeScript: no DOM or Node globals.',
      }))],
    },
  },
  {
    // Tests read JSON answers whose shape they assert on the next line.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['bin/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
);
