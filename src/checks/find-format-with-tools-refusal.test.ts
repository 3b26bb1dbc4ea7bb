import { describe, expect, it } from 'vitest';
import { findFormatWithToolsRefusal } from './find-format-with-tools-refusal.ts';

describe('findFormatWithToolsRefusal', () => {
  it("finds Gemini's refusal of function calling with a JSON response mime type", () => {
    const found = findFormatWithToolsRefusal(
      "Function calling with a response mime type: 'application/json' is unsupported",
    );
    expect(found).toBe("Function calling with a response mime type: 'application/json' is unsupported");
  });

  it('finds the forced-call and built-in-tool wordings, and the words inside an escaped upstream body', () => {
    expect(
      findFormatWithToolsRefusal('Forced function calling (ANY mode) with a response mime type'),
    ).toBeDefined();
    expect(
      findFormatWithToolsRefusal("Tool use with a response mime type: 'application/json'"),
    ).toBeDefined();
    const wrapped = JSON.stringify({
      error: {
        message: 'Provider returned error',
        metadata: {
          raw: JSON.stringify({ error: { message: 'Function calling with a response mime type: x' } }),
        },
      },
    });
    expect(findFormatWithToolsRefusal(wrapped)).toContain('Function calling with a response mime type');
  });

  it('is undefined for a refusal about one of the two alone', () => {
    expect(
      findFormatWithToolsRefusal('Function calling config is set without function_declarations.'),
    ).toBeUndefined();
    expect(
      findFormatWithToolsRefusal("Invalid value at 'generation_config.response_schema'"),
    ).toBeUndefined();
    expect(findFormatWithToolsRefusal('tool_choice is only supported with tools')).toBeUndefined();
  });
});
