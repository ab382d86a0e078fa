import { describe, expect, it } from 'vitest';
import { formProblems } from '../../../shared/input-form-check.js';
import { schemaToForm } from '../../../shared/input-form-read.js';
import { INPUT_FORMATS, formToSchema, type InputField, type InputForm } from '../../../shared/input-form.js';
import { exampleFromSchema } from '../../../shared/schema-example.js';
import { compileSchema } from '../../../server/runtime/schemas.js';

const signUp: InputForm = {
  acceptOthers: false,
  fields: [
    { name: 'name', type: 'string', required: true, min: 1, max: 80 },
    { name: 'email', type: 'string', required: true, format: 'email' },
    { name: 'plan', type: 'string', required: false, enum: ['free', 'team', 'enterprise'] },
    { name: 'seats', type: 'integer', required: false, min: 1, max: 500 },
    { name: 'newsletter', type: 'boolean', required: false },
    { name: 'tags', type: 'array', required: false, items: 'string', min: 2, max: 5 },
    { name: 'address', type: 'object', required: false, fields: [{ name: 'city', type: 'string', required: true, example: 'Lyon' }], acceptOthers: false },
  ],
};

describe('formToSchema', () => {
  it('turns the table into an object schema: types, required, format, bounds, allowed values, examples', () => {
    expect(formToSchema(signUp)).toEqual({
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 80 },
        email: { type: 'string', format: 'email' },
        plan: { type: 'string', enum: ['free', 'team', 'enterprise'] },
        seats: { type: 'integer', minimum: 1, maximum: 500 },
        newsletter: { type: 'boolean' },
        tags: { type: 'array', items: { type: 'string' }, minItems: 2, maxItems: 5 },
        address: { type: 'object', properties: { city: { type: 'string', examples: ['Lyon'] } }, required: ['city'], additionalProperties: false },
      },
      required: ['name', 'email'],
      additionalProperties: false,
    });
  });

  it('accepts names it does not list only when told to', () => {
    expect(formToSchema({ acceptOthers: true, fields: [] })).toEqual({ type: 'object', properties: {} });
  });
});

describe('the example of a form is a body its schema accepts', () => {
  it('for required, format, enum and bound fields', () => {
    const schema = formToSchema(signUp);
    const example = exampleFromSchema(schema);
    expect(compileSchema(schema)(example)).toEqual([]);
    expect(example).toMatchObject({ name: 'string', email: 'user@example.com', plan: 'free', seats: 1, address: { city: 'Lyon' } });
  });

  it('for every format and type, with and without bounds', () => {
    const fields: InputField[] = [];
    for (const format of INPUT_FORMATS) fields.push({ name: `f_${format}`, type: 'string', required: true, format });
    fields.push({ name: 'long_email', type: 'string', required: true, format: 'email', min: 30 });
    fields.push({ name: 'short', type: 'string', required: true, max: 3 });
    fields.push({ name: 'padded', type: 'string', required: true, min: 12 });
    fields.push({ name: 'negative', type: 'number', required: true, max: -2.5 });
    fields.push({ name: 'fraction', type: 'number', required: true, min: 0.25, max: 0.75 });
    fields.push({ name: 'whole', type: 'integer', required: true, min: 2.5, max: 7 });
    fields.push({ name: 'numbers', type: 'array', required: true, items: 'integer', min: 3 });
    fields.push({ name: 'none', type: 'array', required: true, max: 0 });
    fields.push({ name: 'levels', type: 'integer', required: true, enum: [3, 5] });
    fields.push({ name: 'anything', type: 'object', required: true });
    const schema = formToSchema({ acceptOthers: false, fields });
    const example = exampleFromSchema(schema) as Record<string, unknown>;
    expect(compileSchema(schema)(example)).toEqual([]);
    expect(example.whole).toBe(3);
    expect(example.numbers).toHaveLength(3);
    expect(example.short).toBe('str');
  });
});

describe('schemaToForm', () => {
  it('reads back what the form wrote', () => {
    const read = schemaToForm(formToSchema(signUp));
    expect(read).toEqual({ ok: true, form: signUp });
  });

  it('reads hand-written schemas that say the same: example, required in another order, $schema, additionalProperties: true', () => {
    const read = schemaToForm({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['b', 'a'],
      additionalProperties: true,
      properties: { a: { type: 'string', example: 'x' }, b: { type: 'number' } },
    });
    expect(read).toEqual({
      ok: true,
      form: {
        acceptOthers: true,
        fields: [
          { name: 'a', type: 'string', required: true, example: 'x' },
          { name: 'b', type: 'number', required: true },
        ],
      },
    });
    expect(schemaToForm({ type: 'object', properties: {}, required: [] })).toEqual({ ok: true, form: { acceptOthers: true, fields: [] } });
  });

  it('leaves what the table cannot show to the JSON Schema, and says why', () => {
    const cases: [unknown, RegExp][] = [
      [{ type: 'array' }, /not described as an object/],
      [{ type: 'object', properties: { a: { type: 'string', pattern: '^a' } } }, /"a" uses "pattern"/],
      [{ type: 'object', properties: { a: { $ref: '#/definitions/x' } } }, /"a" has no type/],
      [{ type: 'object', properties: { a: { type: ['string', 'null'] } } }, /"a" has the type \["string","null"\]/],
      [{ type: 'object', properties: { a: { type: 'string', format: 'hostname' } } }, /format "hostname"/],
      [{ type: 'object', properties: { a: { type: 'integer', enum: [1, 'two'] } } }, /another type/],
      [{ type: 'object', required: ['ghost'], properties: {} }, /requires a field it does not list/],
      [{ type: 'object', additionalProperties: { type: 'string' } }, /additionalProperties/],
      [{ type: 'object', oneOf: [] }, /uses "oneOf"/],
      [{ type: 'object', properties: { a: { type: 'array', items: { type: 'object', properties: {} } } } }, /items of "a"/],
      [{ type: 'object', properties: { a: { type: 'string', examples: ['x', 'y'] } } }, /more than one example/],
      [{ type: 'object', properties: { a: { type: 'string', minLength: 1.5 } } }, /whole number/],
    ];
    for (const [schema, reason] of cases) {
      const read = schemaToForm(schema);
      expect(read.ok, JSON.stringify(schema)).toBe(false);
      if (!read.ok) expect(read.reason).toMatch(reason);
    }
  });

  it('stops reading nested objects past the depth a table can show', () => {
    let schema: Record<string, unknown> = { type: 'string' };
    for (let level = 0; level < 6; level++) schema = { type: 'object', properties: { inner: schema } };
    const read = schemaToForm(schema);
    expect(read.ok).toBe(false);
  });
});

describe('formProblems', () => {
  it('names the row and the cell of each problem', () => {
    const problems = formProblems([
      { name: '', type: 'string', required: false },
      { name: 'a', type: 'string', required: false, min: 5, max: 2 },
      { name: 'a', type: 'integer', required: false, enum: [1, 2.5] },
      { name: 'b', type: 'string', required: false, enum: ['x'], example: 'y' },
      { name: 'c', type: 'object', required: false, fields: [{ name: 'd', type: 'array', required: false, min: -1 }] },
    ]);
    expect(problems).toEqual([
      { row: [''], column: 'name', message: 'Give the field a name' },
      { row: ['a'], column: 'bounds', message: 'The least length is more than the most' },
      { row: ['a'], column: 'name', message: '“a” is listed twice' },
      { row: ['a'], column: 'enum', message: '2.5 is not an integer' },
      { row: ['b'], column: 'example', message: 'The example is not a string from the allowed values' },
      { row: ['c', 'd'], column: 'bounds', message: 'The number of items is a whole number, 0 or more' },
    ]);
  });
});
