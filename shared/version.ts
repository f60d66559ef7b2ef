/**
 * iam-sentinel's own version: what `--version` prints and OCSF
 * metadata.product and ASFF ProductFields name, so an exported finding says
 * which release judged it. A constant, not an import of package.json, which
 * would put the whole manifest (dependency list included) into every Lambda
 * bundle; test/version.test.ts keeps it equal to package.json's.
 */
export const PRODUCT_NAME = 'iam-sentinel';
export const PRODUCT_VERSION = '0.1.0';
