import { ENVIRONMENT_SCHEMA, environmentKeys, variableNames } from 'src/config/environment.schema';

describe('the environment schema', () => {
  it('gives every variable to exactly one section', () => {
    const keys = environmentKeys();
    expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
  });

  it('is composed of section classes that each read something', () => {
    expect(ENVIRONMENT_SCHEMA.filter((schema) => variableNames(schema).length === 0)).toEqual([]);
  });
});
