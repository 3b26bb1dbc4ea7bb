import { closest } from '../catalog/suggest.ts';
import { UsageError } from '../core/usage-error.ts';

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`);
}

/**
 * Keeps the ids matching any of the patterns (comma-separated globs: `tools.*,chat.basic`). An empty or absent
 * pattern keeps everything; a pattern that matches nothing is a usage error that suggests the nearest id.
 */
export function selectIds(ids: readonly string[], patterns: string | undefined, what: string): string[] {
  const parts = (patterns ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (parts.length === 0) return [...ids];
  const keep = new Set<string>();
  for (const part of parts) {
    const pattern = globToRegExp(part);
    const matches = ids.filter((id) => pattern.test(id));
    if (matches.length === 0) {
      const guess = closest(part, ids);
      throw new UsageError(
        `Unknown ${what} '${part}'.${guess ? ` Did you mean '${guess}'?` : ''} ` +
          `Known ${what}s: ${ids.join(', ')}. Patterns may use * (e.g. 'tools.*').`,
      );
    }
    for (const id of matches) keep.add(id);
  }
  return ids.filter((id) => keep.has(id));
}
