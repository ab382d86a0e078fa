/** The record every bench target answers: the same bytes from bare node:http and from a published flow. */
export const BENCH_COLLECTION = 'users';
export const BENCH_RECORD = {
  id: '42',
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'admin',
  team: 'analytical-engines',
  createdAt: '2026-01-15T09:30:00.000Z',
  tags: ['founder', 'math'],
} as const;
