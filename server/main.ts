import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { startServer } from './app.js';
import { stopAndExit } from './shutdown.js';

const VERSION = '0.1.0';

const USAGE = `Usage: flowgate serve [--db FILE] [--admin-port 4300] [--port 4310] [--host 127.0.0.1]

Starts the Flowgate server without the desktop app: the editor and admin API on
127.0.0.1:<admin-port>, the published App APIs on <host>:<port>. Port 0 picks a free port.

Environment:
  FLOWGATE_ADMIN_KEY    use this admin key instead of the one kept in FILE.admin-key
  FLOWGATE_KEK          encrypt the workspace's signing keys at rest with this secret
  FLOWGATE_DEADLINE_MS  how long a flow may run before the request gets 504 (default 30000)
  FLOWGATE_TRUSTED_PROXIES  comma-separated CIDRs of proxies whose X-Forwarded-For is believed
                        (default: none; the header is ignored)`;

const Port = z.coerce.number().int().min(0).max(65_535);
const ServeFlags = z.object({
  db: z.string().min(1).default('flowgate.db'),
  'admin-port': Port.default(4300),
  port: Port.default(4310),
  host: z.string().min(1).default('127.0.0.1'),
});

/** The admin key lives beside the workspace (mode 0600) unless the environment gives one. */
function adminKeyFor(dbFile: string): { key: string; created: boolean; file: string } {
  const file = `${dbFile}.admin-key`;
  const fromEnv = process.env.FLOWGATE_ADMIN_KEY;
  if (fromEnv) return { key: fromEnv, created: false, file };
  if (existsSync(file)) return { key: readFileSync(file, 'utf8').trim(), created: false, file };
  const key = randomBytes(32).toString('base64url');
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, created: true, file };
}

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') return void console.log(VERSION);
  if (command !== 'serve') {
    console.log(USAGE);
    if (command !== undefined && command !== '--help' && command !== '-h') process.exitCode = 2;
    return;
  }
  const { values } = parseArgs({
    args: rest,
    options: { db: { type: 'string' }, 'admin-port': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) return void console.log(USAGE);
  const flags = ServeFlags.safeParse(values);
  if (!flags.success) throw new Error(`flowgate serve: ${flags.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}`);
  const dbFile = path.resolve(flags.data.db);
  const deadline = process.env.FLOWGATE_DEADLINE_MS ? Number(process.env.FLOWGATE_DEADLINE_MS) : undefined;
  if (deadline !== undefined && !(deadline > 0)) throw new Error('FLOWGATE_DEADLINE_MS must be a positive number of milliseconds');

  const admin = adminKeyFor(dbFile);
  const server = await startServer({
    dbFile,
    adminKey: admin.key,
    adminPort: flags.data['admin-port'],
    runtimePort: flags.data.port,
    host: flags.data.host,
    deadlineMs: deadline,
    kek: process.env.FLOWGATE_KEK,
    trustedProxies: (process.env.FLOWGATE_TRUSTED_PROXIES ?? '').split(',').map((cidr) => cidr.trim()).filter(Boolean),
  });

  const lines = [`Flowgate ${VERSION} · workspace ${dbFile}`];
  if (admin.created) lines.push(`Admin key: ${admin.key}  (shown once; kept in ${admin.file})`);
  lines.push(`Editor:    ${server.loginUrl()}`, `Admin API: ${server.adminUrl}/admin/v1`, `Runtime:   ${server.runtimeUrl}`, 'Press Ctrl+C to stop.');
  console.log(lines.join('\n'));

  process.once('SIGINT', () => stopAndExit(server, 'SIGINT'));
  process.once('SIGTERM', () => stopAndExit(server, 'SIGTERM'));
}
