/**
 * iam-sentinel's own version, from package.json: what OCSF metadata.product
 * and ASFF ProductFields name, so an exported finding says which release
 * judged it.
 */
import pkg from '../package.json' with { type: 'json' };

export const PRODUCT_NAME = 'iam-sentinel';
export const PRODUCT_VERSION: string = pkg.version;
