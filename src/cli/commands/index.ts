/** Every area's CLI registrar, in the order `vouch --help` lists them. */
import type { Registrar } from '../context.js';
import { registerCircuits } from './circuits.js';

export const registrars: Registrar[] = [registerCircuits];
