import { describe, expect, it } from 'vitest';
import { COUNTRY_SCHEMA, ORDER_SCHEMA, TRIP_TOOL, WEATHER_TOOL } from '../scenarios/scenarios.ts';
import { validateJsonSchema } from './validate-json-schema.ts';

describe('validateJsonSchema', () => {
  it('accepts a valid object', () => {
    expect(
      validateJsonSchema({ country: 'France', capital: 'Paris', population_millions: 68.2 }, COUNTRY_SCHEMA),
    ).toEqual([]);
  });

  it('names missing, extra and mistyped properties by path', () => {
    const problems = validateJsonSchema(
      { country: 'France', population_millions: '68', extra: 1 },
      COUNTRY_SCHEMA,
    );
    expect(problems).toEqual([
      '$.capital: required but missing',
      '$.population_millions: expected "number", got string',
      '$.extra: not allowed by the schema',
    ]);
  });

  it('checks enums and integer-as-number', () => {
    expect(validateJsonSchema({ city: 'Paris', unit: 'kelvin' }, WEATHER_TOOL.parameters)).toEqual([
      '$.unit: "kelvin" is not one of ["celsius","fahrenheit"]',
    ]);
    expect(validateJsonSchema(3, { type: 'number' })).toEqual([]);
    expect(validateJsonSchema(3.5, { type: 'integer' })).toHaveLength(1);
  });

  it('checks array items and rejects a non-object root', () => {
    expect(validateJsonSchema([1, 'a'], { type: 'array', items: { type: 'number' } })).toEqual([
      '$[1]: expected "number", got string',
    ]);
    expect(validateJsonSchema(null, COUNTRY_SCHEMA)).toEqual(['$: expected "object", got null']);
  });

  it('follows $ref into $defs, reads type arrays and checks a date format', () => {
    const valid = {
      destination: { city: 'Lisbon', country: 'Portugal' },
      date: '2026-12-24',
      travellers: null,
      cabin: 'economy',
      preferences: { window_seat: true },
    };
    expect(validateJsonSchema(valid, TRIP_TOOL.parameters)).toEqual([]);
    expect(validateJsonSchema({ ...valid, travellers: 2 }, TRIP_TOOL.parameters)).toEqual([]);
    expect(
      validateJsonSchema(
        { ...valid, destination: { country: 'Portugal' }, date: '2026-02-30', travellers: '2' },
        TRIP_TOOL.parameters,
      ),
    ).toEqual([
      '$.destination.city: required but missing',
      '$.date: "2026-02-30" is not a date (YYYY-MM-DD)',
      '$.travellers: expected ["integer","null"], got string',
    ]);
    expect(validateJsonSchema({}, { $ref: '#/$defs/nowhere' })).toEqual([
      "$: the schema's $ref #/$defs/nowhere points nowhere",
    ]);
  });
});

describe('validateJsonSchema: nested, strict-mode schemas', () => {
  const order = {
    customer: { name: 'Ada Lovelace', address: { city: 'London', country: 'United Kingdom' } },
    items: [
      { sku: 'A-100', quantity: 2 },
      { sku: 'B-200', quantity: 1 },
    ],
    status: 'shipped',
    notes: null,
  };

  it('accepts nested objects, an array of objects, an enum and null in an anyOf', () => {
    expect(validateJsonSchema(order, ORDER_SCHEMA)).toEqual([]);
    expect(validateJsonSchema({ ...order, notes: 'leave at the door' }, ORDER_SCHEMA)).toEqual([]);
  });

  it('names what breaks an anyOf, an item of an array of objects and a nested object', () => {
    expect(
      validateJsonSchema(
        {
          ...order,
          customer: { name: 'Ada', address: { city: 'London' } },
          items: [{ sku: 'A-100', quantity: 2.5 }],
          notes: 3,
        },
        ORDER_SCHEMA,
      ),
    ).toEqual([
      '$.customer.address.country: required but missing',
      '$.items[0].quantity: expected "integer", got number',
      '$.notes: 3 matches none of the anyOf schemas',
    ]);
  });

  it('tells null from a missing required field', () => {
    const { notes: _, ...withoutNotes } = order;
    expect(validateJsonSchema(withoutNotes, ORDER_SCHEMA)).toEqual(['$.notes: required but missing']);
  });
});
