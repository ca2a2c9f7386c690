/*
 * `faultline.json` for the CLI and the language server: the shape (`schema.ts`, a leaf the rules import) and its
 * parsing and validation (`parse.ts`, which needs the rule registry). Code inside analyzers/ that the registry
 * imports (rules, `runRules`, the test kit) imports `./schema` directly instead of this index.
 */
export * from './schema';
export * from './parse';
