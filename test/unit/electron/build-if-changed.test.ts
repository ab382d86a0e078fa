import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** scripts/build-if-changed.mjs decides whether `npm start` rebuilds the server and the editor; here on a project in a temp folder, with stand-ins for tsc and vite. */

type Target = { name: string; inputs: string[]; output: string; record: string; command: [string, string[]] };
type Options = { force?: boolean; run?: (root: string, command: [string, string[]]) => number; log?: (line: string) => void };
type Script = {
  SERVER_BUILD: Target;
  EDITOR_BUILD: Target;
  buildIfChanged: (root: string, target: Target, options?: Options) => 'built' | 'up-to-date';
};

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'build-if-changed.mjs');
const script = (await import(pathToFileURL(SCRIPT).href)) as Script;
const TARGET = script.EDITOR_BUILD;

let root = '';
let builds = 0;
/** What the build does besides writing its output (a file edited while it runs, a failure). */
let duringBuild: () => number = () => 0;

const write = (relative: string, content: string): void => {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
};

function build(options: Options = {}, target = TARGET): 'built' | 'up-to-date' {
  return script.buildIfChanged(root, target, {
    log: () => undefined,
    run: () => {
      builds++;
      const status = duringBuild();
      if (status === 0) write(target.output, 'built');
      return status;
    },
    ...options,
  });
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'flowgate-build-if-changed-'));
  builds = 0;
  duringBuild = () => 0;
  write('renderer/main.tsx', 'export {};');
  write('renderer/panels/Tokens.tsx', 'export const tokens = 1;');
  write('shared/model/api.ts', 'export type Api = {};');
  write('vite.config.ts', 'export default {};');
  write('tsconfig.json', '{}');
  write('package-lock.json', '{"lockfileVersion": 3}');
  write('server/app.ts', 'export {};');
  expect(build()).toBe('built');
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('build-if-changed: the server build', () => {
  it('reads what tsconfig.build.json compiles, and runs tsc -b (itself incremental) when any of it changed', () => {
    const include = (JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { include: string[] }).include;
    expect(script.SERVER_BUILD.inputs).toEqual(expect.arrayContaining([...include, 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json']));
    expect(script.SERVER_BUILD.command[1]).toEqual(['node_modules/typescript/bin/tsc', '-b', 'tsconfig.build.json']);
    expect(script.SERVER_BUILD.output).toBe('dist/tsconfig.build.tsbuildinfo');
  });

  it('rebuilds only the build whose inputs changed: server/ the server, renderer/ the editor, shared/ both', () => {
    write('tsconfig.build.json', '{}');
    write('electron/main.ts', 'export {};');
    const server = script.SERVER_BUILD;
    expect(build({}, server)).toBe('built');
    expect([build({}, server), build()]).toEqual(['up-to-date', 'up-to-date']);
    write('server/app.ts', 'export const changed = 1;');
    expect([build({}, server), build()]).toEqual(['built', 'up-to-date']);
    write('renderer/main.tsx', 'export const changed = 1;');
    expect([build({}, server), build()]).toEqual(['up-to-date', 'built']);
    write('shared/model/api.ts', 'export type Api = { id: string };');
    expect([build({}, server), build()]).toEqual(['built', 'built']);
  });
});

describe('build-if-changed: the editor build', () => {
  it('reads renderer/, shared/, the vite and TypeScript configs and the lockfile, and builds dist/renderer', () => {
    expect(TARGET.inputs).toEqual(['renderer', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json']);
    expect(TARGET.output).toBe('dist/renderer/index.html');
    expect(TARGET.command[1]).toEqual(['node_modules/vite/bin/vite.js', 'build']);
  });

  it('skips the build when nothing changed, however often it runs', () => {
    expect(build()).toBe('up-to-date');
    expect(build()).toBe('up-to-date');
    expect(builds).toBe(1);
  });

  it('ignores changes outside its inputs (the server has its own incremental build)', () => {
    write('server/app.ts', 'export const changed = true;');
    expect(build()).toBe('up-to-date');
  });

  it('rebuilds after an edit under renderer/ or shared/, a config change or a new lockfile', () => {
    for (const file of ['renderer/panels/Tokens.tsx', 'shared/model/api.ts', 'vite.config.ts', 'package-lock.json']) {
      write(file, `${file} edited`);
      expect(build(), file).toBe('built');
      expect(build(), file).toBe('up-to-date');
    }
  });

  it('rebuilds when only the modification time moved (an edit of the same length), even backwards (a checkout)', () => {
    const file = path.join(root, 'renderer/main.tsx');
    utimesSync(file, new Date(), new Date(Date.now() + 5_000));
    expect(build()).toBe('built');
    utimesSync(file, new Date(), new Date('2020-01-01T00:00:00Z'));
    expect(build()).toBe('built');
  });

  it('rebuilds when a file is added or removed', () => {
    write('renderer/panels/Keys.tsx', 'export {};');
    expect(build()).toBe('built');
    unlinkSync(path.join(root, 'renderer/panels/Keys.tsx'));
    expect(build()).toBe('built');
  });

  it('rebuilds when the output or the record of the last build is gone', () => {
    rmSync(path.join(root, 'dist/renderer'), { recursive: true });
    expect(build()).toBe('built');
    unlinkSync(path.join(root, TARGET.record));
    expect(build()).toBe('built');
  });

  it('builds always with force (npm run build)', () => {
    expect(build({ force: true })).toBe('built');
    expect(builds).toBe(2);
  });

  it('after a failed build, the next start builds again', () => {
    write('renderer/main.tsx', 'export const broken = ;');
    duringBuild = () => 1;
    expect(() => build()).toThrow(/The editor build failed \(exit code 1\)/);
    duringBuild = () => 0;
    expect(build()).toBe('built');
  });

  it('an edit made while a build runs is built by the next start', () => {
    duringBuild = () => {
      write('renderer/main.tsx', 'export const savedDuringTheBuild = true;');
      return 0;
    };
    write('renderer/main.tsx', 'export const first = 1;');
    expect(build()).toBe('built');
    duringBuild = () => 0;
    expect(build()).toBe('built');
    expect(build()).toBe('up-to-date');
  });
});
