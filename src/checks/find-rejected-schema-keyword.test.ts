import { describe, expect, it } from 'vitest';
import { ORDER_SCHEMA, TRIP_TOOL, WEATHER_TOOL } from '../scenarios/scenarios.ts';
import {
  findRejectedResponseSchemaKeyword,
  findRejectedSchemaKeyword,
} from './find-rejected-schema-keyword.ts';

describe('findRejectedSchemaKeyword', () => {
  it("names the keyword of Gemini's proto refusal, its $ dropped", () => {
    const message =
      'Invalid JSON payload received. Unknown name "ref" at ' +
      "'tools[0].function_declarations[0].parameters.properties[0].value': Cannot find field.";
    expect(findRejectedSchemaKeyword(message, [TRIP_TOOL])).toBe('$ref');
  });

  it('names a type array when the refusal is about `type` and the schema has one', () => {
    const message = 'Unknown name "type" at \'tools[0]…\': Proto field is not repeating, cannot start list.';
    expect(findRejectedSchemaKeyword(message, [TRIP_TOOL])).toBe('type');
    expect(findRejectedSchemaKeyword(message, [WEATHER_TOOL])).toBeUndefined();
  });

  it('finds quoted keywords in other wordings, and blames nothing the schemas do not use', () => {
    expect(findRejectedSchemaKeyword("'$defs' is not supported in tool parameters", [TRIP_TOOL])).toBe(
      '$defs',
    );
    expect(findRejectedSchemaKeyword('Unknown name "exclusiveMinimum"', [TRIP_TOOL])).toBeUndefined();
    expect(findRejectedSchemaKeyword('Invalid value for "city"', [TRIP_TOOL])).toBeUndefined();
    expect(findRejectedSchemaKeyword('messages must not be empty', [TRIP_TOOL])).toBeUndefined();
  });
});

describe('findRejectedResponseSchemaKeyword', () => {
  const format = { type: 'json-schema', name: 'order', schema: ORDER_SCHEMA, strict: true } as const;

  it('names a keyword of the response schema that a structured-output refusal names', () => {
    const message =
      'Invalid JSON payload received. Unknown name "anyOf" at ' +
      "'generation_config.response_schema.properties[3].value': Cannot find field.";
    expect(findRejectedResponseSchemaKeyword(message, format)).toBe('anyOf');
  });

  it('names nothing for JSON mode, for no format, or for a keyword the schema does not use', () => {
    expect(
      findRejectedResponseSchemaKeyword('Unknown name "anyOf"', { type: 'json-object' }),
    ).toBeUndefined();
    expect(findRejectedResponseSchemaKeyword('Unknown name "anyOf"', undefined)).toBeUndefined();
    expect(findRejectedResponseSchemaKeyword('Unknown name "$ref"', format)).toBeUndefined();
  });
});
