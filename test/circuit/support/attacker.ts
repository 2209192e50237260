/**
 * The attacker variant of the policy circuit: the real sources (circuits/), patched line by line
 * so the prover may choose the values the circuit derives with `<--` (bits, one-hot selectors,
 * inverses, comparator decompositions), may skip the signature check, and runs none of our own
 * `===` assertions; the range checks and every 64-bit comparator decompose without checking, so a
 * witness exists for out-of-range values too. Forging nothing, it computes the honest witness
 * (test/circuit/harness.test.ts checks this wire for wire). Its witness, projected onto the real
 * circuit's wires by signal name, is what a cheating prover would hand to Groth16; the real R1CS
 * must refuse it.
 *
 * Every patch must apply exactly once: when circuits/ changes under it, this throws and names the
 * patch, instead of silently testing a circuit that no longer exists.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CIRCUITS_DIR, type CircuitName } from '../../../src/zk/artifacts/manifest.js';
import { readCircuitDir, type CircuitSources } from './compile.js';

/** What the attacker forges (the `attack` input); `attackValue` steers it. */
export const ATTACK = {
  none: 0,
  /** every predicate's operator one-hot selects code attackValue instead of the header's */
  predicateOperator: 1,
  /** every predicate's slot one-hot selects slot attackValue instead of the header's */
  predicateSlot: 2,
  /** the set-membership IsZero claims the product is zero (x is in the set) */
  setMembership: 3,
  /** the trade cap's one-hot selects slot attackValue instead of the rules' */
  capSlot: 4,
  /** the status word one-hot selects word attackValue instead of the index's */
  statusWord: 5,
  /** the status index bits are those of index + attackValue (another bit, word or leaf) */
  statusIndex: 6,
  /** the validity window's now < expiresAt decomposition is of (difference + attackValue) */
  notExpired: 7,
  /** the trade cap's tradeValue <= cap decomposition is of (difference + attackValue) */
  withinCap: 8,
  /** the EdDSA verifier runs disabled */
  signature: 9,
  /** the nullifier hashes attackValue instead of holderSecret */
  nullifierSecret: 10,
  /** the nullifier hashes attackValue instead of scope */
  nullifierScope: 11,
  /** the validity window's issuedAt <= now decomposition is of (difference + attackValue) */
  started: 12,
  /** every predicate's x < lo decomposition is of (difference + attackValue) */
  predicateBelow: 13,
  /** every predicate's hi < x decomposition is of (difference + attackValue) */
  predicateAbove: 14,
  /** accountable: the escrow encrypts m = attackValue instead of issuerIndex * 2^20 + credential index */
  escrowIdentity: 15,
  /** accountable: r·PK uses the bits of attackValue, C1 = r·G the real r (C2 under another randomness) */
  escrowRandomness: 16,
  /** accountable: r·PK is computed for the key G (Base8, secret key 1) instead of the public key */
  escrowKey: 17,
  /** accountable: the running total's newTotal <= cap decomposition is of (difference + attackValue) */
  limitWithinCap: 18,
  /** accountable: the period nullifier hashes attackValue instead of holderSecret */
  periodNullifierSecret: 19,
} as const;
export type Attack = keyof typeof ATTACK;

const FORGERIES = fileURLToPath(new URL('../attacker/forgeries.circom', import.meta.url));
const ACCOUNTABLE_FORGERIES = fileURLToPath(new URL('../attacker/accountable-forgeries.circom', import.meta.url));
const BASE8 = [
  '5299619240641551281634865583518297030282874472190772894086521144482721001553',
  '16950150798460657717958625567821834550301663161624707787222815936182638968203',
];

const wire = (c: string) => `${c}.attack <== attack;\n    ${c}.attackValue <== attackValue;`;
const inputs = 'signal input attack;\n    signal input attackValue;';

/** [file, exact text, replacement]. */
const PATCHES: [string, string, string][] = [
  [
    'lib/policy-core.circom',
    'include "./select.circom";',
    'include "./select.circom";\ninclude "../forgeries.circom";',
  ],
  ['lib/policy-core.circom', 'signal input rules;', `${inputs}\n    signal input rules;`],
  ['lib/policy-core.circom', 'component nowRange = Num2Bits(64);', 'component nowRange = Num2BitsUnchecked(64);'],
  ['lib/policy-core.circom', 'component valueRange = Num2Bits(64);', 'component valueRange = Num2BitsUnchecked(64);'],
  ['lib/policy-core.circom', 'attrRange[i - 2] = Num2Bits(64);', 'attrRange[i - 2] = Num2BitsUnchecked(64);'],
  ['lib/policy-core.circom', 'sig.enabled <== 1;', `sig.enabled <-- attack == ${ATTACK.signature} ? 0 : 1;`],
  [
    'lib/policy-core.circom',
    'component started = LessEqThan(64);',
    `component started = LessEqThanForgeable(64, ${ATTACK.started});\n    ${wire('started')}`,
  ],
  [
    'lib/policy-core.circom',
    'component notExpired = LessThan(64);',
    `component notExpired = LessThanForgeable(64, ${ATTACK.notExpired});\n    ${wire('notExpired')}`,
  ],
  [
    'lib/policy-core.circom',
    'component withinCap = LessEqThan(64);',
    `component withinCap = LessEqThanForgeable(64, ${ATTACK.withinCap});\n    ${wire('withinCap')}`,
  ],
  [
    'lib/policy-core.circom',
    'component capSlot = OneHot(nSlots);',
    `component capSlot = OneHotForgeable(nSlots, ${ATTACK.capSlot});\n    ${wire('capSlot')}`,
  ],
  [
    'lib/policy-core.circom',
    'pred[k].header <== predHeader[k];',
    `pred[k].header <== predHeader[k];\n        ${wire('pred[k]')}`,
  ],
  ['lib/policy-core.circom', 'status.index <== attrs[2];', `status.index <== attrs[2];\n    ${wire('status')}`],
  [
    'lib/policy-core.circom',
    'nf.inputs[0] <== holderSecret;',
    `nf.inputs[0] <-- attack == ${ATTACK.nullifierSecret} ? attackValue : holderSecret;`,
  ],
  [
    'lib/policy-core.circom',
    'nf.inputs[1] <== scope;',
    `nf.inputs[1] <-- attack == ${ATTACK.nullifierScope} ? attackValue : scope;`,
  ],
  [
    'lib/predicates.circom',
    'template Predicate(nSlots, nPool) {',
    `template Predicate(nSlots, nPool) {\n    ${inputs}`,
  ],
  [
    'lib/predicates.circom',
    'component op = OneHot(16);',
    `component op = OneHotForgeable(16, ${ATTACK.predicateOperator});\n    ${wire('op')}`,
  ],
  [
    'lib/predicates.circom',
    'component slot = OneHot(nSlots);',
    `component slot = OneHotForgeable(nSlots, ${ATTACK.predicateSlot});\n    ${wire('slot')}`,
  ],
  [
    'lib/predicates.circom',
    'component ltLo = LessThan(64);',
    `component ltLo = LessThanForgeable(64, ${ATTACK.predicateBelow});\n    ${wire('ltLo')}`,
  ],
  [
    'lib/predicates.circom',
    'component gtHi = LessThan(64);',
    `component gtHi = LessThanForgeable(64, ${ATTACK.predicateAbove});\n    ${wire('gtHi')}`,
  ],
  [
    'lib/predicates.circom',
    'component inSet = IsZero();',
    `component inSet = IsZeroForgeable(${ATTACK.setMembership});\n    ${wire('inSet')}`,
  ],
  ['lib/status.circom', 'template NotRevoked() {', `template NotRevoked() {\n    ${inputs}`],
  [
    'lib/status.circom',
    'component idx = Num2Bits(20);',
    `component idx = Num2BitsForgeable(20, ${ATTACK.statusIndex});\n    ${wire('idx')}`,
  ],
  [
    'lib/status.circom',
    'component wordSel = OneHot(8);',
    `component wordSel = OneHotForgeable(8, ${ATTACK.statusWord});\n    ${wire('wordSel')}`,
  ],
];

/** The accountable variant's own patches (applied after PATCHES, to its main and its templates). */
const ACCOUNTABLE_PATCHES: [string, string, string][] = [
  [
    'policy-accountable.circom',
    'include "./lib/running-total.circom";',
    'include "./lib/running-total.circom";\ninclude "./accountable-forgeries.circom";',
  ],
  ['policy-accountable.circom', '    signal input rules;', `    ${inputs}\n    signal input rules;`],
  ['policy-accountable.circom', 'core.rules <== rules;', `core.rules <== rules;\n    ${wire('core')}`],
  [
    'policy-accountable.circom',
    'escrow.m <== issuerIndex * 1048576 + attrs[2];',
    `escrow.m <-- attack == ${ATTACK.escrowIdentity} ? attackValue : issuerIndex * 1048576 + attrs[2];`,
  ],
  [
    'policy-accountable.circom',
    'escrow.enabled <== rb.out[5];',
    `escrow.enabled <== rb.out[5];\n    ${wire('escrow')}`,
  ],
  ['policy-accountable.circom', 'limit.enabled <== rb.out[6];', `limit.enabled <== rb.out[6];\n    ${wire('limit')}`],
  ['lib/escrow.circom', 'signal input enabled;', `${inputs}\n    signal input enabled;`],
  ['lib/escrow.circom', 'component onCurve = BabyCheck();', 'component onCurve = BabyCheckUnchecked();'],
  [
    'lib/escrow.circom',
    'for (var i = 0; i < 251; i++) rPK.e[i] <== rBits.out[i];',
    `for (var i = 0; i < 251; i++) rPK.e[i] <-- attack == ${ATTACK.escrowRandomness} ? (attackValue >> i) & 1 : rBits.out[i];`,
  ],
  ['lib/escrow.circom', 'rPK.p[0] <== pk[0];', `rPK.p[0] <-- attack == ${ATTACK.escrowKey} ? ${BASE8[0]} : pk[0];`],
  ['lib/escrow.circom', 'rPK.p[1] <== pk[1];', `rPK.p[1] <-- attack == ${ATTACK.escrowKey} ? ${BASE8[1]} : pk[1];`],
  ['lib/running-total.circom', 'signal input enabled;', `${inputs}\n    signal input enabled;`],
  ['lib/running-total.circom', 'component oldRange = Num2Bits(64);', 'component oldRange = Num2BitsUnchecked(64);'],
  ['lib/running-total.circom', 'component newRange = Num2Bits(64);', 'component newRange = Num2BitsUnchecked(64);'],
  [
    'lib/running-total.circom',
    'component within = LessEqThan(64);',
    `component within = LessEqThanForgeable(64, ${ATTACK.limitWithinCap});\n    ${wire('within')}`,
  ],
  [
    'lib/running-total.circom',
    'nf.inputs[0] <== holderSecret;',
    `nf.inputs[0] <-- attack == ${ATTACK.periodNullifierSecret} ? attackValue : holderSecret;`,
  ],
];

/** A `===` statement of our own sources becomes a comment: the attacker asserts nothing. */
function stripAssertions(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      /===/.test(line) && !line.trimStart().startsWith('//')
        ? line.replace(/^(\s*)/, '$1// [attacker: not asserted] ')
        : line,
    )
    .join('\n');
}

/** The attacker variant's sources, derived from circuits/ as it is now. */
export function attackerSources(circuit: CircuitName = 'policy'): CircuitSources {
  const name = `${circuit}-attacker`;
  const real = readCircuitDir(name, CIRCUITS_DIR, `${circuit}.circom`);
  const files = { ...real.files };
  for (const [file, find, replace] of circuit === 'policy' ? PATCHES : [...PATCHES, ...ACCOUNTABLE_PATCHES]) {
    const text = files[file];
    const at = text?.indexOf(find) ?? -1;
    if (text === undefined || at < 0 || text.indexOf(find, at + 1) >= 0) {
      throw new Error(
        `attacker patch no longer applies to circuits/${file}: expected exactly one "${find}"; update test/circuit/support/attacker.ts`,
      );
    }
    files[file] = text.slice(0, at) + replace + text.slice(at + find.length);
  }
  for (const f of Object.keys(files)) files[f] = stripAssertions(files[f]!);
  files['forgeries.circom'] = readFileSync(FORGERIES, 'utf8');
  if (circuit !== 'policy') files['accountable-forgeries.circom'] = readFileSync(ACCOUNTABLE_FORGERIES, 'utf8');
  return { name, files, main: `${circuit}.circom` };
}
