/**
 * policies/schema.json compiled by ajv (2020-12, every error, ajv-formats) once, at load. The
 * browser build (web/vite.config.ts) swaps this module for ajv's standalone code generated from
 * the same schema with the same options, because the web app's CSP forbids compiling code at run
 * time; the validation is the same either way.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import schema from '../../../policies/schema.json' with { type: 'json' };
import type { PolicyDocument } from '../document.js';

/** The options web/vite.config.ts compiles the standalone validator with, too. */
export const POLICY_SCHEMA_AJV_OPTIONS = { allErrors: true } as const;

const ajv = new Ajv2020(POLICY_SCHEMA_AJV_OPTIONS);
// ajv-formats is CommonJS: under NodeNext its default import is module.exports, whose .default is the plugin.
addFormatsPlugin.default(ajv);
export const validatePolicySchema = ajv.compile<PolicyDocument>(schema);
