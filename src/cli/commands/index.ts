/** Every area's CLI registrar, in the order `vouch --help` lists them. */
import type { Registrar } from '../context.js';
import { registerCircuits } from './circuits.js';
import { registerIssuer } from './issuer.js';
import { registerIssuerSet } from './issuer-set.js';
import { registerProve } from './prove.js';
import { registerLedger } from './ledger.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerKeys } from './keys.js';
import { registerLog } from './log.js';
import { registerAudit, registerReportBundle } from './audit.js';
import { registerPolicy } from './policy.js';

export const registrars: Registrar[] = [registerCircuits];
registrars.push(registerServe, registerKeys);
registrars.push(registerLog);
registrars.push(registerReportBundle, registerAudit);
registrars.push(registerPolicy);
registrars.push(registerIssuer, registerIssuerSet, registerProve);
registrars.push(registerLedger, registerReport);
