import { describe, expect, it } from 'vitest';
import { findForeignIdRefusal } from './find-foreign-id-refusal.ts';

describe('findForeignIdRefusal', () => {
  it("finds Mistral's refusal of an id that is not nine alphanumerics, inside its error body", () => {
    const body = JSON.stringify({
      object: 'error',
      message: 'Tool call id was call_0fypS1hVX but must be a-z, A-Z, 0-9, with a length of 9.',
      type: 'invalid_function_call',
    });
    expect(findForeignIdRefusal(body)).toBe(
      'Tool call id was call_0fypS1hVX but must be a-z, A-Z, 0-9, with a length of 9',
    );
  });

  it("finds vLLM's wording for Mistral models and Anthropic's pattern refusal, also escaped in a relayed body", () => {
    expect(findForeignIdRefusal('Tool call IDs should be alphanumeric strings with length 9!')).toBeDefined();
    const anthropic = "messages.5.content.0.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'";
    expect(findForeignIdRefusal(anthropic)).toBe(
      "tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'",
    );
    const relayed = JSON.stringify({
      error: { metadata: { raw: JSON.stringify({ error: { message: anthropic } }) } },
    });
    expect(findForeignIdRefusal(relayed)).toContain('tool_use.id: String should match pattern');
  });

  it('is undefined for other refusals about tool calls', () => {
    expect(
      findForeignIdRefusal("tools.7.custom.name: String should match pattern '^[a-zA-Z0-9_-]{1,64}$'"),
    ).toBe(undefined);
    expect(findForeignIdRefusal("Invalid 'messages[2].tool_calls[0].id': string too long.")).toBeUndefined();
    expect(findForeignIdRefusal('unexpected `tool_use_id` found in `tool_result` blocks')).toBeUndefined();
  });
});
