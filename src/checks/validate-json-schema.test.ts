import { describe, expect, it } from 'vitest';
import { COUNTRY_SCHEMA, WEATHER_TOOL } from '../scenarios/scenarios.ts';
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
});
