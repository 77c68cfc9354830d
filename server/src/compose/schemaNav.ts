// Walking the Compose schema for the editor: which keys a mapping at a path may have, which values
// a key takes (enumerations, booleans), and what the schema says about each (its description).
// Local `$ref`s only, as the Compose schema uses; `oneOf`/`anyOf`/`allOf` branches are all offered.
type SchemaNode = Record<string, unknown>;

export interface KeyInfo {
  key: string;
  description?: string;
  schema: SchemaNode;
}

export class SchemaNav {
  constructor(private readonly root: SchemaNode) {}

  private resolve(node: unknown, depth = 0): SchemaNode | undefined {
    if (typeof node !== 'object' || node === null || depth > 32) return undefined;
    const ref = (node as SchemaNode).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/')) {
      let target: unknown = this.root;
      for (const part of ref.slice(2).split('/')) target = (target as SchemaNode | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
      return this.resolve(target, depth + 1);
    }
    return node as SchemaNode;
  }

  /** The node and every branch it allows, flattened. */
  private alternatives(node: unknown, out: SchemaNode[] = [], depth = 0): SchemaNode[] {
    const resolved = this.resolve(node);
    if (resolved === undefined || depth > 16 || out.includes(resolved)) return out;
    out.push(resolved);
    for (const word of ['oneOf', 'anyOf', 'allOf']) {
      const list = resolved[word];
      if (Array.isArray(list)) for (const branch of list) this.alternatives(branch, out, depth + 1);
    }
    return out;
  }

  /** Schemas of what sits at `path` (keys; `*` for a list item); the root for an empty path. */
  at(path: readonly string[]): SchemaNode[] {
    let current: SchemaNode[] = this.alternatives(this.root);
    for (const segment of path) {
      const next: SchemaNode[] = [];
      for (const node of current) {
        if (segment === '*') {
          if (node.items !== undefined) this.alternatives(node.items, next);
          continue;
        }
        const properties = node.properties as Record<string, unknown> | undefined;
        if (properties?.[segment] !== undefined) {
          this.alternatives(properties[segment], next);
          continue;
        }
        const patterns = node.patternProperties as Record<string, unknown> | undefined;
        let matched = false;
        for (const [pattern, schema] of Object.entries(patterns ?? {})) {
          if (safeTest(pattern, segment)) {
            this.alternatives(schema, next);
            matched = true;
          }
        }
        if (!matched && typeof node.additionalProperties === 'object') this.alternatives(node.additionalProperties, next);
      }
      current = next;
      if (current.length === 0) break;
    }
    return current;
  }

  keys(path: readonly string[]): KeyInfo[] {
    const seen = new Map<string, KeyInfo>();
    for (const node of this.at(path)) {
      for (const [key, schema] of Object.entries((node.properties as Record<string, unknown>) ?? {})) {
        if (seen.has(key)) continue;
        const resolved = this.resolve(schema) ?? {};
        seen.set(key, { key, schema: resolved, description: this.description([resolved]) });
      }
    }
    return [...seen.values()];
  }

  /** Enumerated values, and `true`/`false` where a boolean is allowed. */
  values(path: readonly string[]): Array<{ value: string; description?: string }> {
    const out: Array<{ value: string; description?: string }> = [];
    const add = (value: string, description?: string) => {
      if (!out.some((v) => v.value === value)) out.push({ value, description });
    };
    const nodes = this.at(path);
    const description = this.description(nodes);
    for (const node of nodes) {
      if (Array.isArray(node.enum)) for (const v of node.enum) if (v !== null && typeof v !== 'object') add(String(v), description);
      const types = ([] as unknown[]).concat(node.type ?? []);
      if (types.includes('boolean')) {
        add('true', description);
        add('false', description);
      }
    }
    return out;
  }

  description(nodes: readonly SchemaNode[]): string | undefined {
    for (const node of nodes) if (typeof node.description === 'string') return node.description;
    for (const node of nodes) for (const alt of this.alternatives(node)) if (typeof alt.description === 'string') return alt.description;
    return undefined;
  }
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return false;
  }
}
