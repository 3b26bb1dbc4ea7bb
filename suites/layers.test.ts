import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layers of src/, bottom first, as README "How it works" draws them: a module imports only from its own
 * layer or the ones below. src/index.ts (the public API) sits above them all.
 */
const LAYERS = [
  'core',
  'fs',
  'wire',
  'catalog',
  'secrets',
  'scenarios',
  'checks',
  'protocols',
  'fixtures',
  'config',
  'clients',
  'runner',
  'latency',
  'report',
  'cli',
] as const;

const SRC = join(import.meta.dirname, '..', 'src');
const IMPORT =
  /(?:^|\s)(?:import|export)\s[^'"`;]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mjs)$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !file.split(sep).some((part) => part === 'test-support' || part === '__fixtures__'));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((match) =>
    normalize(join(dirname(file), match[1] ?? match[2] ?? '')),
  );
}

function layerOf(file: string): string {
  const parts = relative(SRC, file).split(sep);
  return parts.length === 1 ? '(api)' : (parts[0] ?? '');
}

const GRAPH = new Map(sourceFiles(SRC).map((file) => [file, importsOf(file)]));

/** Each strongly connected group of two or more modules (Tarjan), as paths relative to src/. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(next) ?? 0));
      } else if (stack.includes(next)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(next) ?? 0));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      group.push(relative(SRC, member));
      if (member === node) break;
    }
    if (group.length > 1) found.push(group.sort());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the layout of src/', () => {
  it('reads the imports it judges (self-check: the graph is the one the code has)', () => {
    expect(GRAPH.size).toBeGreaterThan(100);
    const runCase = GRAPH.get(join(SRC, 'runner', 'run-case.ts')) ?? [];
    expect(runCase).toContain(join(SRC, 'core', 'case-result.ts'));
  });

  it('puts every folder of src/ in a layer', () => {
    const folders = readdirSync(SRC, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.filter((folder) => !(LAYERS as readonly string[]).includes(folder))).toEqual([]);
  });

  it('has no import that climbs a layer', () => {
    const rank = (layer: string) => (layer === '(api)' ? LAYERS.length : LAYERS.indexOf(layer as never));
    const upward = [...GRAPH].flatMap(([file, targets]) =>
      targets
        .filter((target) => rank(layerOf(target)) > rank(layerOf(file)))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    );
    expect(upward).toEqual([]);
  });

  // Inside src/protocols a protocol may build on another (Mistral's chat reads the OpenAI framing).
  it('keeps each protocol folder to itself: from outside src/protocols, only through the registry', () => {
    const protocols = join(SRC, 'protocols');
    const folders = readdirSync(protocols, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'shared')
      .map((entry) => join(protocols, entry.name) + sep);
    const reaching = [...GRAPH].flatMap(([file, targets]) =>
      targets
        .filter((target) =>
          folders.some((folder) => target.startsWith(folder) && !file.startsWith(protocols + sep)),
        )
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    );
    expect(reaching).toEqual([]);
  });

  it('has no import cycle, not even a type-only one', () => {
    expect(cycles(GRAPH)).toEqual([]);
  });

  it('finds a cycle when there is one (self-check of the cycle finder)', () => {
    const graph = new Map([
      [join(SRC, 'a.ts'), [join(SRC, 'b.ts')]],
      [join(SRC, 'b.ts'), [join(SRC, 'a.ts')]],
      [join(SRC, 'c.ts'), [join(SRC, 'a.ts')]],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts']]);
  });
});
