import { describe, expect, it } from 'vitest';
import { TokenCreate } from '../../../shared/model/token.js';
import { check, openWorkspace } from './setup.js';

describe('token usage', () => {
  it('is gathered in memory and written in one batch, with first-seen addresses', async () => {
    const { auth, db, clock } = await openWorkspace();
    const issued = await auth.tokens.create(TokenCreate.parse({ name: 't', environment: 'dev' }));
    const stored = () => db.prepare('SELECT use_count, last_used_at, last_used_ip FROM tokens WHERE id = ?').get(issued.id);
    const ips = () => db.prepare('SELECT ip, first_seen FROM token_ips WHERE token_id = ? ORDER BY first_seen, ip').all(issued.id);

    const start = clock.ms;
    await check(auth, issued.token, { ip: '10.0.0.1' });
    clock.advance(1000);
    await check(auth, issued.token, { ip: '10.0.0.2' });
    clock.advance(1000);
    await check(auth, issued.token, { ip: '10.0.0.1' });
    // Nothing written per request.
    expect(stored()).toEqual({ use_count: 0, last_used_at: null, last_used_ip: null });

    await auth.usage.flush();
    expect(stored()).toEqual({ use_count: 3, last_used_at: new Date(start + 2000).toISOString(), last_used_ip: '10.0.0.1' });
    expect(ips()).toEqual([
      { ip: '10.0.0.1', first_seen: new Date(start).toISOString() },
      { ip: '10.0.0.2', first_seen: new Date(start + 1000).toISOString() },
    ]);

    clock.advance(1000);
    await check(auth, issued.token, { ip: '10.0.0.1' });
    await check(auth, issued.token, { ip: '10.0.0.3' });
    // Admin reads see current usage.
    expect(await auth.tokens.get(issued.id)).toMatchObject({ useCount: 5, lastUsedIp: '10.0.0.3', lastUsedAt: new Date(start + 3000).toISOString() });
    expect(ips()).toHaveLength(3);
  });

  it('a token deleted before the flush is skipped; close() writes the rest', async () => {
    const { auth, db } = await openWorkspace();
    const gone = await auth.tokens.create(TokenCreate.parse({ name: 'gone', environment: 'dev' }));
    const kept = await auth.tokens.create(TokenCreate.parse({ name: 'kept', environment: 'dev' }));
    await check(auth, gone.token);
    await check(auth, kept.token);
    db.prepare('DELETE FROM tokens WHERE id = ?').run(gone.id);
    await auth.close();
    expect(db.prepare('SELECT use_count FROM tokens WHERE id = ?').get(kept.id)).toEqual({ use_count: 1 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM token_ips').get()).toEqual({ n: 1 });
  });
});
