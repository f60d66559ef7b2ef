// Reading the CloudFormation YAML files of infra/ outside osls (the spoke
// template generator, the hub resources, tests): short-form intrinsics such
// as `!Sub` or `!GetAtt` become their long form ({"Fn::Sub": ...}), exactly
// as CloudFormation reads them. osls's own `${...}` variables are left as
// the strings they are.
'use strict';

const { readFileSync } = require('node:fs');
const yaml = require('js-yaml');

const FUNCTIONS = ['Base64', 'Cidr', 'FindInMap', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split', 'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or'];

const types = [
  new yaml.Type('!Ref', { kind: 'scalar', construct: (data) => ({ Ref: data }) }),
  new yaml.Type('!Condition', { kind: 'scalar', construct: (data) => ({ Condition: data }) }),
  // !GetAtt Resource.Attribute, or the sequence form.
  new yaml.Type('!GetAtt', { kind: 'scalar', construct: (data) => ({ 'Fn::GetAtt': String(data).split(/\.(.*)/s, 2) }) }),
  new yaml.Type('!GetAtt', { kind: 'sequence', construct: (data) => ({ 'Fn::GetAtt': data }) }),
  ...FUNCTIONS.flatMap((name) =>
    ['scalar', 'sequence', 'mapping'].map((kind) => new yaml.Type(`!${name}`, { kind, construct: (data) => ({ [`Fn::${name}`]: data }) })),
  ),
];

const CFN_SCHEMA = yaml.DEFAULT_SCHEMA.extend(types);

/** Parses CloudFormation YAML text with short-form intrinsics. */
function parseCfnYaml(text) {
  return yaml.load(text, { schema: CFN_SCHEMA });
}

/** Reads a CloudFormation YAML file of the repository. */
function readCfnYaml(path) {
  return parseCfnYaml(readFileSync(path, 'utf8'));
}

module.exports = { parseCfnYaml, readCfnYaml, dumpYaml: (value, options) => yaml.dump(value, { lineWidth: 120, noRefs: true, ...options }) };
