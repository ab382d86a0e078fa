import { expect } from 'vitest';
import { buildServer, listen, type BuiltServer } from '../../server/app.js';
import type { ServerConfig } from '../../server/config.js';
import { adminClient, type AdminCall } from '../support/admin.js';
import { makeTempDir, removeTempDir } from '../support/temp.js';
import { testServerConfig } from '../support/test-server.js';

/** A small deadline keeps the attack tests short; every answer must come within it plus GRACE_MS. */
export const ATTACK_DEADLINE_MS = 1_500;
export const GRACE_MS = 500;

export type AttackServer = { runtimeUrl: string; adminUrl: string; admin: AdminCall; built: BuiltServer; close: () => Promise<void> };

/** The server in this process (buildServer + listen) with the attack tests' deadline and any connection limits given. */
export async function startAttackServer(overrides: Partial<ServerConfig> = {}): Promise<AttackServer> {
  const dir = makeTempDir();
  const config = testServerConfig(dir, { deadlineMs: ATTACK_DEADLINE_MS, ...overrides });
  let built: BuiltServer | undefined;
  try {
    built = await buildServer(config);
    const listening = await listen(built, config);
    const server = built;
    return {
      runtimeUrl: listening.runtimeUrl,
      adminUrl: listening.adminUrl,
      admin: adminClient(listening.adminUrl, config.adminKey),
      built: server,
      close: async () => {
        await server.close();
        removeTempDir(dir);
      },
    };
  } catch (error) {
    await built?.close();
    removeTempDir(dir);
    throw error;
  }
}

/** Creates an API and publishes it to dev. */
export async function publish(admin: AdminCall, definition: unknown): Promise<void> {
  const created = await admin('POST', '/apis', definition);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const published = await admin('POST', `/apis/${created.body.id}/publish`, { environment: 'dev' });
  expect(published.status, JSON.stringify(published.body)).toBe(200);
}

/** request → the given nodes in a chain → respond with the last one's output. */
export function chain(name: string, method: string, path: string, nodes: { type: string; config: Record<string, unknown> }[], extra: Record<string, unknown> = {}) {
  const keyed = nodes.map((node, index) => ({ id: `n${index}`, key: `s${index}`, position: { x: 200 * (index + 1), y: 0 }, ...node }));
  const last = keyed.length > 0 ? `steps.s${keyed.length - 1}` : 'request.body';
  const all = [
    { id: 'r', type: 'request', key: 'request', position: { x: 0, y: 0 }, config: {} },
    ...keyed,
    { id: 'o', type: 'respond', key: 'answer', position: { x: 200 * (keyed.length + 1), y: 0 }, config: { status: 200, body: last } },
  ];
  const edges = all.slice(1).map((node, index) => ({ id: `e${index}`, source: all[index]!.id, sourceHandle: 'out', target: node.id }));
  return { name, method, path, flow: { nodes: all, edges }, ...extra };
}

/** Polls a URL every 20 ms while `attack` runs: how long its slowest answer took, and whether all were 200. */
export async function whilePolling<T>(url: string, attack: () => Promise<T>): Promise<{ result: T; elapsedMs: number; slowestPollMs: number; polls: number; allOk: boolean }> {
  let attacking = true;
  let slowestPollMs = 0;
  let polls = 0;
  let allOk = true;
  const poller = (async () => {
    while (attacking) {
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      slowestPollMs = Math.max(slowestPollMs, performance.now() - started);
      polls++;
      allOk &&= response.status === 200;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  try {
    const result = await attack();
    return { result, elapsedMs: performance.now() - started, slowestPollMs, polls, allOk };
  } finally {
    attacking = false;
    await poller;
  }
}
