import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { edit } from '../support/revisions.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { startTestServer, type TestServer } from '../support/test-server.js';
import { getUser, greet, runFlowgateTest, type CliRun } from './api-tests-support.js';

/**
 * `flowgate test` as CI runs it: the real CLI process (dist/, built by `npm test`), a workspace
 * file another server wrote, exit codes 0/1/2, and a JUnit file a strict XML parser reads.
 */

type Run = CliRun;

/** A strict XML parser (sax, a devDependency of ours), typed for the little used here. */
type SaxTag = { name: string; attributes: Record<string, string> };
type SaxParser = {
  onopentag: (tag: SaxTag) => void;
  onclosetag: () => void;
  ontext: (text: string) => void;
  onerror: (error: Error) => void;
  write: (xml: string) => { close: () => void };
};
const sax = createRequire(import.meta.url)('sax') as { parser: (strict: boolean, options: { trim: boolean }) => SaxParser };

let server: TestServer;
let dir: string;
let tmp: string;
let greetId: string;

/** Runs the CLI with the workspace's key and a temp dir of our own, so what it leaves behind can be seen. */
const flowgate = (args: string[]): Promise<Run> => runFlowgateTest(args, { cwd: dir, env: { FLOWGATE_KEK: server.kek, TMPDIR: tmp } });

type Element = { name: string; attributes: Record<string, string>; text: string; children: Element[] };

/** Parses XML strictly (any well-formedness error throws) into elements. */
function parseXml(xml: string): Element {
  const parser = sax.parser(true, { trim: false });
  const root: Element = { name: '#document', attributes: {}, text: '', children: [] };
  const stack: Element[] = [root];
  parser.onopentag = (tag) => {
    const element: Element = { name: tag.name, attributes: tag.attributes, text: '', children: [] };
    stack.at(-1)!.children.push(element);
    stack.push(element);
  };
  parser.onclosetag = () => void stack.pop();
  parser.ontext = (text) => void (stack.at(-1)!.text += text);
  parser.onerror = (error) => {
    throw error;
  };
  parser.write(xml).close();
  return root.children[0]!;
}

const all = (element: Element, name: string): Element[] => [
  ...(element.name === name ? [element] : []),
  ...element.children.flatMap((child) => all(child, name)),
];

beforeAll(async () => {
  dir = makeTempDir();
  tmp = path.join(dir, 'tmp');
  (await import('node:fs')).mkdirSync(tmp);
  server = await startTestServer();
  greetId = (await server.admin('POST', '/apis', greet())).body.id;
  const getUserId = (await server.admin('POST', '/apis', getUser())).body.id;
  for (const [apiId, test] of [
    [greetId, { name: 'greets ada', request: { params: { name: 'ada' } }, expect: { status: 200, body: { msg: 'hi ada' } } }],
    [greetId, { name: 'greets <&> "quoted"', request: { params: { name: 'x' } }, expect: { assert: "$contains(body.msg, 'hi')" } }],
    [getUserId, { name: 'finds a seeded user', request: { params: { id: 'u1' } }, fixtures: [{ collection: 'users', records: [{ id: 'u1' }] }], expect: { status: 200 } }],
  ] as const) {
    expect((await server.admin('POST', `/apis/${apiId}/tests`, test)).status).toBe(201);
  }
});
afterAll(async () => {
  await server.close();
  removeTempDir(dir);
});

describe('flowgate test', () => {
  it('exits 0 on a passing workspace and writes a valid JUnit file', async () => {
    const run = await flowgate(['--db', server.dbFile, '--reporter', 'junit', '--output', 'r.xml']);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('3 passed, 0 failed, 3 in all');
    const junit = parseXml(readFileSync(path.join(dir, 'r.xml'), 'utf8'));
    expect(junit.name).toBe('testsuites');
    expect(junit.attributes).toMatchObject({ tests: '3', failures: '0' });
    expect(all(junit, 'testsuite').map((suite) => [suite.attributes.name, suite.attributes.tests])).toEqual([['Greet', '2'], ['Get user', '1']]);
    expect(all(junit, 'testcase').map((test) => test.attributes.name)).toEqual(['greets ada', 'greets <&> "quoted"', 'finds a seeded user']);
    expect(all(junit, 'failure')).toEqual([]);
    // The parser is strict: a file that is not well-formed would have thrown.
    expect(() => parseXml('<testsuites><testsuite></testsuites>')).toThrow();
  });

  it('exits 1 after a breaking edit, the JUnit file naming the failure and its diff', async () => {
    expect((await edit(server, 'PUT', `/apis/${greetId}`, greet('bye'))).status).toBe(200);
    try {
      const run = await flowgate(['--db', server.dbFile, '--reporter', 'junit', '--output', 'r.xml']);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      const junit = parseXml(readFileSync(path.join(dir, 'r.xml'), 'utf8'));
      expect(junit.attributes).toMatchObject({ tests: '3', failures: '2' });
      const failures = all(junit, 'failure');
      expect(failures.map((failure) => failure.attributes.type)).toEqual(['body', 'assert']);
      expect(failures[0]!.text).toContain('~ msg: expected "hi ada", got "bye ada"');

      const text = await flowgate(['--db', server.dbFile, '--api', 'greet']);
      expect(text.code, text.stdout + text.stderr).toBe(1);
      expect(text.stdout).toContain('✗ greets ada → 200');
      expect(text.stdout).toContain('0 passed, 2 failed, 2 in all (draft)');
      // What is live did not change: the published version is not the draft.
      const json = await flowgate(['--db', server.dbFile, '--reporter', 'json', '--version', 'published']);
      expect(json.code).toBe(1);
      expect(JSON.parse(json.stdout).tests[0].failures[0].message).toContain('is not published in dev');
    } finally {
      await edit(server, 'PUT', `/apis/${greetId}`, greet('hi'));
    }
  });

  it('runs a workspace export in a temporary workspace it removes afterwards', async () => {
    const exported = await server.admin('GET', '/workspace/export');
    writeFileSync(path.join(dir, 'workspace.json'), JSON.stringify(exported.body));
    const run = await flowgate(['--workspace', 'workspace.json', '--reporter', 'json']);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 3, passed: 3, failed: 0 });
    expect(readdirSync(tmp).filter((name) => name.startsWith('flowgate-'))).toEqual([]);
  });

  it('exits 2 on a usage error, saying what to change', async () => {
    const cases: [string[], string][] = [
      [['--db', 'nowhere.db'], 'there is no workspace at'],
      [['--db', server.dbFile, '--reporter', 'xml'], '--reporter is one of text, junit, json'],
      [['--db', server.dbFile, '--workspace', 'x.json'], 'give one of --db, --database or --workspace'],
      [['--db', server.dbFile, '--colour'], "Unknown option '--colour'"],
      [['--db', server.dbFile, '--version', 'latest'], '--version is draft, published or a version number'],
      [['--db', server.dbFile, '--api', 'Nope'], 'no API is named "Nope"'],
    ];
    for (const [args, message] of cases) {
      const run = await flowgate(args);
      expect(run.code, `${args.join(' ')}: ${run.stdout}${run.stderr}`).toBe(2);
      expect(run.stderr).toContain(message);
    }
    writeFileSync(path.join(dir, 'broken.json'), '{"format": "flowgate-workspace", ');
    const broken = await flowgate(['--workspace', 'broken.json']);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('is not a workspace export');
    expect(existsSync(path.join(dir, 'nowhere.db'))).toBe(false);
  });
});
