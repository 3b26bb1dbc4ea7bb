import { describe, expect, it } from 'vitest';
import { TRIP_TOOL, WEATHER_TOOL } from '../scenarios/scenarios.ts';
import { findRejectedSchemaKeyword } from './find-rejected-schema-keyword.ts';

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
