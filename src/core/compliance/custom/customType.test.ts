import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isEvidentError } from '../../errors.ts';
import { MAX_RULE_LENGTH, MAX_RULES } from './celRule.ts';
import { parseCustomType } from './customType.ts';
import { COVERAGE_YAML } from './customType.testdata.ts';

function refused(source: string, pattern?: RegExp): void {
  assert.throws(
    () => parseCustomType(source),
    (error) => {
      assert.ok(isEvidentError(error, 'bad_request'), String(error));
      if (pattern !== undefined) assert.match(error.message, pattern);
      return true;
    },
  );
}

function definition(fields: Record<string, unknown>): string {
  return JSON.stringify({ name: 'coverage', schema: { type: 'object' }, rules: ['true'], ...fields });
}

describe('parseCustomType', () => {
  it('parses the DESIGN example', () => {
    const type = parseCustomType(COVERAGE_YAML);
    assert.equal(type.name, 'coverage');
    assert.equal(type.version, 1);
    assert.equal(type.description, undefined);
    assert.equal(type.rules.length, 1);
    assert.equal(type.rules[0]!.source, 'data.line >= 80.0');
    assert.equal(type.validate({ line: 81 }), true);
    assert.equal(type.validate({}), false);
  });

  it('parses JSON, a version, a description and draft-07 schemas', () => {
    const type = parseCustomType(
      definition({
        version: 3,
        description: 'Coverage',
        schema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', definitions: {} },
      }),
    );
    assert.equal(type.version, 3);
    assert.equal(type.description, 'Coverage');
    parseCustomType(definition({ schema: { $schema: 'https://json-schema.org/draft/2020-12/schema' } }));
    parseCustomType(definition({ schema: true, rules: [] }));
  });

  it('accepts local $refs and refuses remote ones', () => {
    parseCustomType(
      definition({
        schema: {
          $defs: { pct: { type: 'number', maximum: 100 } },
          type: 'object',
          properties: { line: { $ref: '#/$defs/pct' } },
        },
      }),
    );
    refused(
      definition({ schema: { $ref: 'https://example.com/schema.json' } }),
      /only references inside the schema/,
    );
    refused(
      definition({ schema: { type: 'object', properties: { a: { $ref: 'other.json#/x' } } } }),
      /#\/properties\/a\/\$ref/,
    );
    // A property *named* like a value keyword is still a schema and is still checked.
    refused(definition({ schema: { type: 'object', properties: { enum: { $ref: 'http://x/y' } } } }));
  });

  it('refuses names that do not match the pattern', () => {
    for (const name of ['Coverage', '1cov', 'cov_er', '', 'a'.repeat(64), 'cov:x', 42]) {
      refused(definition({ name }), /name/);
    }
    parseCustomType(definition({ name: `a${'-'.repeat(62)}` }));
  });

  it('refuses malformed definitions with a clear message', () => {
    refused('', /mapping/);
    refused('- a\n- b', /mapping/);
    refused('name: [unclosed', /not valid YAML or JSON/);
    refused('{"name": ', /not valid YAML or JSON/);
    refused('name: a\nname: b\nschema: {}\nrules: []', /not valid YAML/);
    refused(definition({ extra: 1 }), /unknown key "extra"/);
    refused(definition({ version: 0 }), /version/);
    refused(definition({ version: 1.5 }), /version/);
    refused(definition({ description: 7 }), /description/);
    refused(JSON.stringify({ name: 'x', rules: [] }), /schema is required/);
    refused(definition({ rules: 'true' }), /rules must be a list/);
    refused(definition({ rules: [true] }), /rule 1 must be a string/);
    refused(definition({ schema: [] }), /schema must be a JSON Schema/);
  });

  it('refuses schemas that do not compile in strict mode', () => {
    refused(
      definition({ schema: { type: 'object', propertees: {} } }),
      /schema does not compile.*propertees/,
    );
    refused(definition({ schema: { type: 'wat' } }), /schema does not compile/);
    refused(definition({ schema: { type: 'string', format: 'email' } }), /unknown format/);
    refused(
      definition({ schema: { $schema: 'http://json-schema.org/draft-04/schema#' } }),
      /\$schema must be/,
    );
    refused(definition({ schema: { type: 'string', pattern: '(' } }), /schema does not compile/);
  });

  it('refuses schema patterns prone to catastrophic backtracking', () => {
    refused(
      definition({ schema: { type: 'string', pattern: '^(a+)+$' } }),
      /pattern at #\/pattern is refused/,
    );
    refused(definition({ schema: { type: 'object', patternProperties: { '(x|y)*z': true } } }), /refused/);
  });

  it('refuses rules that do not compile, naming the rule', () => {
    refused(definition({ rules: ['true', 'data.line >='] }), /rule 2 \("data\.line >="\) does not compile/);
    refused(definition({ rules: ['unknown.field > 1'] }), /rule 1 .* does not type-check/);
    refused(definition({ rules: ['1 + "a" == 2'] }), /rule 1 .* does not type-check/);
    refused(definition({ rules: ['data.line + 1'] }), /does not type-check|boolean/);
    refused(definition({ rules: ['1 + 2'] }), /rule 1 .* must be a boolean expression, but has type int/);
    refused(definition({ rules: ['"yes"'] }), /type string/);
    refused(definition({ rules: ['   '] }), /rule 1 .* is empty/);
    refused(definition({ rules: [`data.a == "${'x'.repeat(MAX_RULE_LENGTH)}"`] }), /longer than 2000/);
    refused(definition({ rules: Array.from({ length: MAX_RULES + 1 }, () => 'true') }), /at most 50/);
    parseCustomType(definition({ rules: Array.from({ length: MAX_RULES }, () => 'true') }));
    refused(definition({ rules: [`${'('.repeat(200)}true${')'.repeat(200)}`] }), /does not compile/);
  });

  it('checks matches() patterns when the rule is compiled', () => {
    parseCustomType(definition({ rules: ['data.v.matches("^v[0-9]+$")'] }));
    refused(definition({ rules: ['data.v.matches(data.p)'] }), /not a string literal/);
    refused(definition({ rules: ['data.v.matches("(")'] }), /invalid regular expression/);
    refused(definition({ rules: ['data.v.matches("^(a+)+$")'] }), /refused/);
  });

  it('refuses YAML alias bombs and oversized or deep definitions', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
      'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
      'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
      'name: bomb',
      'schema: true',
      'rules: []',
    ].join('\n');
    refused(bomb, /not valid YAML or JSON|alias/i);
    refused(`name: x\nschema: true\nrules: []\ndescription: ${'x'.repeat(300 * 1024)}`, /longer than/);
    refused(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    refused(
      JSON.stringify({
        name: 'x',
        rules: [],
        schema: JSON.parse(`${'{"not":'.repeat(100)}true${'}'.repeat(100)}`) as unknown,
      }),
      /nested deeper/,
    );
  });

  it('does not let __proto__ keys change prototypes', () => {
    const type = parseCustomType(
      'name: x\nschema: { type: object, properties: { __proto__: { type: number } } }\nrules: []',
    );
    assert.equal(type.validate({}), true);
    assert.equal(({} as Record<string, unknown>).type, undefined);
  });
});
