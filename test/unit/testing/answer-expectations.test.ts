import { describe, expect, it } from 'vitest';
import { expectationsFrom, offeredExpectations } from '../../../renderer/tests/answer-expectations.js';

const answer = { status: 201, headers: [['content-type', 'application/json; charset=utf-8']] as [string, string][], body: '{"id":"u7","name":"Ada","createdAt":"2026-01-01"}', durationMs: 12 };

describe('Save as test: the answer offered as expectations', () => {
  it('ticks the status and the body fields that stay the same, not ids and times', () => {
    const offered = offeredExpectations(answer);
    expect(offered.map((offer) => [offer.id, offer.checked])).toEqual([
      ['status', true],
      ['body.id', false],
      ['body.name', true],
      ['body.createdAt', false],
      ['bodyEquals', false],
      ['content-type', false],
      ['latency', false],
    ]);
    const ticked = new Set(offered.filter((offer) => offer.checked).map((offer) => offer.id));
    expect(expectationsFrom(offered, ticked, '')).toEqual({ status: 201, body: { name: 'Ada' } });
  });

  it('builds the whole-body, header, latency and assertion expectations when ticked', () => {
    const offered = offeredExpectations(answer);
    const expect_ = expectationsFrom(offered, new Set(['bodyEquals', 'content-type', 'latency']), " body.name = 'Ada' ");
    expect(expect_).toEqual({
      bodyEquals: { id: 'u7', name: 'Ada', createdAt: '2026-01-01' },
      headers: { 'content-type': 'application/json; charset=utf-8' },
      maxLatencyMs: 100,
      assert: "body.name = 'Ada'",
    });
  });

  it('offers no body fields for a body that is not a JSON object', () => {
    expect(offeredExpectations({ ...answer, body: '[1,2]' }).map((offer) => offer.id)).toEqual(['status', 'bodyEquals', 'content-type', 'latency']);
    expect(offeredExpectations({ ...answer, body: 'not json' }).map((offer) => offer.id)).toEqual(['status', 'content-type', 'latency']);
  });
});
