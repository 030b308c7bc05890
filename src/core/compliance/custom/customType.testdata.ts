/** The custom attestation type example of DESIGN §4, verbatim. */
export const COVERAGE_YAML = `
name: coverage
schema: { type: object, required: [line], properties: { line: { type: number } } }
rules: [ "data.line >= 80.0" ]          # CEL; all must hold
`;
