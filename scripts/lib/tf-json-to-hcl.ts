/**
 * Renders the resources of a synthesized cdk.tf.json as HCL, using the providers' schemas to tell nested
 * blocks from map/object attributes. JSON syntax leaves that ambiguous (`"metadata_options": {...}` is a
 * block, `"tags": {...}` a map), and security scanners read JSON-form nested blocks as attributes, which
 * makes every check on a nested block (private clusters, IMDSv2, encryption) report a false failure.
 *
 * Only what scanners evaluate is rendered: resources and data sources with their arguments and blocks.
 * Meta-arguments (depends_on, lifecycle, provisioner, provider, count, for_each) are left out.
 */

/** A block's schema as `terraform providers schema -json` prints it. */
export interface BlockSchema {
  attributes?: Record<string, unknown>;
  block_types?: Record<string, { nesting_mode: "single" | "group" | "list" | "set" | "map"; block: BlockSchema }>;
}

/** The part of `terraform providers schema -json` the renderer reads. */
export interface ProviderSchemas {
  provider_schemas?: Record<string, { resource_schemas?: Record<string, { block: BlockSchema }>; data_source_schemas?: Record<string, { block: BlockSchema }> }>;
}

const META = new Set(["//", "depends_on", "lifecycle", "provisioner", "provider", "count", "for_each", "connection"]);
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** True when `s` is exactly one `${...}` interpolation, i.e. a bare expression. */
function isSingleExpression(s: string): boolean {
  if (!s.startsWith("${") || !s.endsWith("}")) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 1; i < s.length; i++) {
    const c = s[i];
    if (c === '"' && s[i - 1] !== "\\") quoted = !quoted;
    if (quoted) continue;
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0 && i !== s.length - 1) return false;
    }
  }
  return depth === 0;
}

function quote(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t").replace(/%\{/g, "%%{")}"`;
}

/** An HCL expression for a JSON value (attributes, not blocks). */
export function renderValue(v: unknown, indent = ""): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return isSingleExpression(v) ? v.slice(2, -1) : quote(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v)) return `[${v.map((x) => renderValue(x, indent)).join(", ")}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  return `{\n${entries.map(([k, x]) => `${inner}${quote(k)} = ${renderValue(x, inner)}`).join("\n")}\n${indent}}`;
}

function renderBody(body: Record<string, unknown>, schema: BlockSchema | undefined, indent: string, topLevel: boolean): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === "//" || (topLevel && META.has(key))) continue;
    const nested = schema?.block_types?.[key];
    if (nested && value !== null && typeof value === "object") {
      if (nested.nesting_mode === "map" && !Array.isArray(value)) {
        for (const [label, item] of Object.entries(value as Record<string, Record<string, unknown>>)) {
          lines.push(`${indent}${key} ${quote(label)} {`, ...renderBody(item, nested.block, `${indent}  `, false), `${indent}}`);
        }
        continue;
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        lines.push(`${indent}${key} {`, ...renderBody(item as Record<string, unknown>, nested.block, `${indent}  `, false), `${indent}}`);
      }
      continue;
    }
    const name = IDENT.test(key) ? key : quote(key);
    lines.push(`${indent}${name} = ${renderValue(value, indent)}`);
  }
  return lines;
}

function findSchema(schemas: ProviderSchemas, kind: "resource_schemas" | "data_source_schemas", type: string): BlockSchema | undefined {
  for (const provider of Object.values(schemas.provider_schemas ?? {})) {
    const found = provider[kind]?.[type];
    if (found) return found.block;
  }
  return undefined;
}

/** The HCL of every resource and data source in a synthesized stack. */
export function tfJsonToHcl(tfJson: Record<string, any>, schemas: ProviderSchemas): string {
  const out: string[] = [];
  for (const [keyword, section, kind] of [
    ["resource", tfJson.resource, "resource_schemas"],
    ["data", tfJson.data, "data_source_schemas"],
  ] as const) {
    for (const [type, byName] of Object.entries((section ?? {}) as Record<string, Record<string, Record<string, unknown>>>)) {
      const schema = findSchema(schemas, kind, type);
      for (const [name, body] of Object.entries(byName)) {
        out.push(`${keyword} ${quote(type)} ${quote(name)} {`, ...renderBody(body, schema, "  ", true), "}", "");
      }
    }
  }
  return out.join("\n");
}
