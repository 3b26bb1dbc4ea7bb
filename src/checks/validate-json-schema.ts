import type { JsonSchema } from '../core/adapter-contract.ts';

// The subset of JSON Schema the scenarios use (type and type arrays, null, properties, required, additionalProperties:
// false, enum, items, anyOf, local $ref into $defs, format date). Small on purpose: the harness checks its own schemas, it
// is not a general validator.

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function matchesType(value: unknown, type: unknown): boolean {
  const types = Array.isArray(type) ? type : [type];
  const actual = typeOf(value);
  return types.some((t) => t === actual || (t === 'number' && actual === 'integer'));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isIsoDate(text: string): boolean {
  const parts = ISO_DATE.exec(text);
  if (!parts) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

/** `#/$defs/name` (or `#/definitions/name`) looked up in the root schema; undefined when it is not there. */
function resolveRef(ref: string, root: JsonSchema): JsonSchema | undefined {
  const match = /^#\/(\$defs|definitions)\/([^/]+)$/.exec(ref);
  const defs = match ? root[match[1] as string] : undefined;
  const found =
    match && defs && typeof defs === 'object'
      ? (defs as Record<string, unknown>)[match[2] as string]
      : undefined;
  return found && typeof found === 'object' ? (found as JsonSchema) : undefined;
}

/** Returns one message per violation, each naming the JSON path; empty when the value is valid. */
export function validateJsonSchema(value: unknown, schema: JsonSchema, path = '$', root = schema): string[] {
  if (typeof schema.$ref === 'string') {
    const target = resolveRef(schema.$ref, root);
    if (!target) return [`${path}: the schema's $ref ${schema.$ref} points nowhere`];
    return validateJsonSchema(value, target, path, root);
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf as JsonSchema[];
    if (!branches.some((branch) => validateJsonSchema(value, branch, path, root).length === 0)) {
      return [`${path}: ${JSON.stringify(value)} matches none of the anyOf schemas`];
    }
  }
  const problems: string[] = [];
  if (schema.type !== undefined && !matchesType(value, schema.type)) {
    return [`${path}: expected ${JSON.stringify(schema.type)}, got ${typeOf(value)}`];
  }
  if (Array.isArray(schema.enum) && !schema.enum.some((option) => option === value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  }
  if (schema.format === 'date' && typeof value === 'string' && !isIsoDate(value)) {
    problems.push(`${path}: ${JSON.stringify(value)} is not a date (YYYY-MM-DD)`);
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
    for (const key of (schema.required ?? []) as string[]) {
      if (!(key in object)) problems.push(`${path}.${key}: required but missing`);
    }
    for (const [key, child] of Object.entries(object)) {
      const childSchema = properties[key];
      if (childSchema) problems.push(...validateJsonSchema(child, childSchema, `${path}.${key}`, root));
      else if (schema.additionalProperties === false)
        problems.push(`${path}.${key}: not allowed by the schema`);
    }
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    value.forEach((item, i) => {
      problems.push(...validateJsonSchema(item, schema.items as JsonSchema, `${path}[${i}]`, root));
    });
  }
  return problems;
}
