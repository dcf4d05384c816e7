/**
 * The contract as the kit reads it: docs/openapi.yaml (shipped beside the kit), its schemas
 * compiled with Ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses). A check asks whether an answer
 * is one the contract allows: a documented status, a body valid against that status's schema.
 * @module
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

const SPEC_ID = 'saleday-openapi';

/**
 * Loads an OpenAPI file and compiles its schemas on demand.
 * @param {string | URL} [file] defaults to the docs/openapi.yaml of this package
 */
export function loadSpec(file = new URL('../docs/openapi.yaml', import.meta.url)) {
  const doc = parse(readFileSync(file, 'utf8'));
  // `strict: false`: OpenAPI adds keywords (`example`) that are not JSON Schema.
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  ajv.addSchema({ $id: SPEC_ID, components: doc.components });

  /** Operations by operationId: `{ path, method, responses }`. */
  const operations = new Map();
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (op?.operationId) operations.set(op.operationId, { path, method, ...op });
    }
  }
  const cache = new Map();

  /** Follows a local `$ref` (`#/components/...`). */
  const deref = (node) =>
    node?.$ref
      ? node.$ref
          .slice(2)
          .split('/')
          .reduce((at, key) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
      : node;

  /** Compiles a schema found anywhere in the document (its refs resolved against it). */
  const compile = (schema) => {
    if (!cache.has(schema)) {
      const rebased = JSON.parse(JSON.stringify(schema), (key, value) =>
        key === '$ref' && value.startsWith('#/') ? `${SPEC_ID}${value}` : value,
      );
      cache.set(schema, ajv.compile(rebased));
    }
    return cache.get(schema);
  };

  const errorsOf = (validate) =>
    ajv.errorsText(validate.errors, { dataVar: 'body', separator: '; ' }).slice(0, 400);

  return {
    doc,
    /** The response object of an operation for a status (`undefined`: not documented). */
    response(operationId, status) {
      const op = operations.get(operationId);
      if (!op) throw new Error(`No operation ${operationId} in the OpenAPI file`);
      return deref(op.responses[String(status)]);
    },
    /** Statuses an operation documents. */
    statuses(operationId) {
      return Object.keys(operations.get(operationId).responses).map(Number);
    },
    /**
     * Checks an answer against the contract.
     * @returns {string | null} what is wrong, or null
     */
    problem(operationId, status, body, mediaType = 'application/json') {
      const response = this.response(operationId, status);
      if (!response) {
        return `status ${status} is not one the contract documents for ${operationId} (${this.statuses(operationId).join(', ')})`;
      }
      const schema = response.content?.[mediaType]?.schema;
      if (!schema) return null;
      const validate = compile(schema);
      return validate(body) ? null : errorsOf(validate);
    },
    /** Validates against a named component schema (`Stats`, `Sale`, ...). */
    schemaProblem(name, value) {
      const validate = compile({ $ref: `#/components/schemas/${name}` });
      return validate(value) ? null : errorsOf(validate);
    },
    /** The schema of each stream event's `data`, by event name (the stream schema's `$defs`). */
    streamEvents() {
      const schema = this.response('streamSale', 200).content['text/event-stream'].schema;
      return Object.fromEntries(
        Object.entries(schema.$defs ?? {}).map(([name, def]) => [name, compile(def)]),
      );
    },
    errorsOf,
  };
}
