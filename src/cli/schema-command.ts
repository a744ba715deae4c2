/**
 * `faultline schema`: prints the JSON Schema of the scenario format (src/scenario/json-schema.ts) for editors
 * (YAML language server: `# yaml-language-server: $schema=./faultline.schema.json`) and other tools.
 */
import { scenarioJsonSchema } from '../scenario-document/json-schema.js';

/** Prints the schema on stdout; returns 0. */
export function schemaCommand(): number {
  process.stdout.write(JSON.stringify(scenarioJsonSchema(), null, 2) + '\n');
  return 0;
}
