import { describe, expect, it } from 'vitest';
import { selectIds } from './selection.ts';

const ids = ['chat.basic', 'chat.system', 'tools.single', 'tools.stream'];

describe('selectIds', () => {
  it('keeps everything without a pattern, and globs in catalog order', () => {
    expect(selectIds(ids, undefined, 'scenario')).toEqual(ids);
    expect(selectIds(ids, 'tools.*, chat.basic', 'scenario')).toEqual([
      'chat.basic',
      'tools.single',
      'tools.stream',
    ]);
  });

  it('rejects an unknown id and suggests the closest', () => {
    expect(() => selectIds(ids, 'tools.strem', 'scenario')).toThrow(
      /Unknown scenario 'tools.strem'. Did you mean 'tools.stream'\?/,
    );
    expect(() => selectIds(['openai', 'anthropic'], 'antropic', 'provider')).toThrow(
      /Did you mean 'anthropic'/,
    );
  });
});
