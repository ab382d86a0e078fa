import { describe, expect, it } from 'vitest';
import { compileApi } from '../../../shared/compile/compile.js';
import { ApiDefinition } from '../../../shared/model/api.js';
import { readRules } from '../../../shared/rules-read.js';
import { exampleFromSchema } from '../../../shared/schema-example.js';
import { buildTemplate, TEMPLATE_NAMES, type TemplateApi, type TemplateName } from '../../../shared/templates/catalog.js';
import { fillTemplate, TemplateBlankError } from '../../../shared/templates/fill.js';
import { compileSchema } from '../../../server/runtime/schemas.js';

const crudAnswers = {
  collection: 'books',
  item: 'book',
  fields: [
    { name: 'title', type: 'string', required: true, min: 1 },
    { name: 'isbn', type: 'string', required: false, min: 10, max: 13 },
    { name: 'year', type: 'integer', required: false, min: 1450 },
    { name: 'genre', type: 'string', required: false, enum: ['novel', 'poetry'] },
    { name: 'tags', type: 'array', required: false, items: 'string' },
  ],
};

const answers: Record<TemplateName, unknown> = {
  crud: crudAnswers,
  'external-api': { title: 'Weather', path: '/weather', url: 'https://api.example.com/forecast?city=Lyon', keep: ['temperature', 'wind speed'] },
  webhook: { source: 'stripe' },
};

function built(name: TemplateName): TemplateApi[] {
  const result = buildTemplate(name, answers[name]);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.apis;
}

describe('templates', () => {
  it.each(TEMPLATE_NAMES)('%s: every API is a valid definition that compiles without errors, ready to publish', (name) => {
    for (const api of built(name)) {
      const definition = ApiDefinition.parse(api);
      const result = compileApi(definition);
      expect(result.problems.filter((problem) => problem.severity === 'error'), `${name}: ${api.name}`).toEqual([]);
      expect(result.ok).toBe(true);
      expect(definition.description.length).toBeGreaterThan(20);
    }
  });

  it('CRUD makes five APIs on the collection, wired and documented', () => {
    const apis = built('crud');
    expect(apis.map((api) => `${api.method} ${api.path} ${api.name}`)).toEqual([
      'GET /books List books',
      'GET /books/:id Get book',
      'POST /books Create book',
      'PATCH /books/:id Update book',
      'DELETE /books/:id Delete book',
    ]);
    const [list, , create, update, remove] = apis.map((api) => ApiDefinition.parse(api)) as [ApiDefinition, ApiDefinition, ApiDefinition, ApiDefinition, ApiDefinition];
    expect(list.query.map((param) => param.name)).toEqual(['title', 'isbn', 'year', 'genre', 'limit', 'cursor']);
    expect(list.query.find((param) => param.name === 'genre')).toMatchObject({ enum: ['novel', 'poetry'], required: false });
    const page = list.flow.nodes.find((node) => node.type === 'record.query')!;
    expect(page.typeVersion).toBe(2);
    expect(page.config.filter).toBe('{"title": request.query.title, "isbn": request.query.isbn, "year": request.query.year, "genre": request.query.genre}');
    expect(create.bodySchema).toMatchObject({ required: ['title'], additionalProperties: false });
    expect(update.bodySchema).not.toHaveProperty('required');
    expect(compileSchema(create.bodySchema!)(exampleFromSchema(create.bodySchema))).toEqual([]);
    const wasThere = remove.flow.nodes.find((node) => node.type === 'condition')!;
    expect(wasThere.config.expression).toEqual(readRules('steps.removed.deleted = true'));
    expect(apis.every((api) => (api.auth as { required: boolean }).required)).toBe(true);
  });

  it('external API keeps the fields asked for; webhook checks the secret with rules', () => {
    const [proxy] = built('external-api').map((api) => ApiDefinition.parse(api));
    const set = proxy!.flow.nodes.find((node) => node.type === 'set')!;
    expect(set.config.fields).toEqual({ temperature: 'steps.upstream.body.temperature', 'wind speed': 'steps.upstream.body.`wind speed`' });
    expect(proxy!.flow.nodes.find((node) => node.type === 'http.request')!.config.url).toBe('"https://api.example.com/forecast?city=Lyon"');
    const [webhook] = built('webhook').map((api) => ApiDefinition.parse(api));
    expect(webhook!.path).toBe('/webhooks/stripe');
    expect(webhook!.auth.required).toBe(false);
    expect(webhook!.flow.nodes.find((node) => node.type === 'record.insert')!.config.collection).toBe('webhook_events');
  });

  it('refuses answers that do not fit, saying where', () => {
    const refused = (name: TemplateName, given: unknown): string[] => {
      const result = buildTemplate(name, given);
      return 'problems' in result ? result.problems.map((problem) => `${problem.path}: ${problem.message}`) : [];
    };
    expect(refused('crud', { ...crudAnswers, collection: 'my books' })).toEqual([expect.stringMatching(/^collection: a collection name/)]);
    expect(refused('crud', { ...crudAnswers, item: 'a "book"' })).toEqual([expect.stringMatching(/^item: /)]);
    expect(refused('crud', { ...crudAnswers, fields: [] })).toEqual(['fields: list at least one field']);
    expect(refused('crud', { ...crudAnswers, fields: [{ name: 'a', type: 'string' }, { name: 'a', type: 'number' }] })).toEqual([expect.stringContaining('“a” is listed twice')]);
    expect(refused('external-api', { title: 'x', path: 'weather', url: 'ftp://example.com' })).toHaveLength(2);
    expect(refused('webhook', { source: '../admin' })).toHaveLength(1);
  });

  it('fills blanks in strings and whole-value slots, and names a blank nobody filled', () => {
    const template = { name: 'List {{what}}', schema: { $slot: 'schema' }, keep: { $slot: 1 } };
    expect(fillTemplate(template, { text: { what: 'books' }, slots: { schema: { type: 'object' } } })).toEqual({ name: 'List books', schema: { type: 'object' }, keep: { $slot: 1 } });
    expect(() => fillTemplate(template, { text: {}, slots: { schema: {} } })).toThrow(TemplateBlankError);
    expect(() => fillTemplate({ a: { $slot: 'missing' } }, { text: {}, slots: {} })).toThrow(/"missing"/);
  });
});
