/** `vouch policy check|explain|hash FILE`: validate, explain and hash policy documents offline. */
import type { Command } from 'commander';
import { explainPolicy, loadPolicy, type CompiledPolicy } from '../../policy/index.js';
import { emit, globalOptions, type Registrar } from '../context.js';

export const registerPolicy: Registrar = (program) => {
  const policy = program.command('policy').description('validate, explain and hash policy documents (policies/*.json)');

  policy
    .command('check')
    .description('validate a policy against policies/schema.json and the circuit limits; errors name the JSON path')
    .argument('<file>', 'policy document (JSON)')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const p = await loadPolicy(file);
      emit(
        opts,
        { valid: true, ...identity(p), complexity: { ...p.complexity, maxPredicates: 8, maxSetValues: 32 } },
        `ok ${p.ref}: ${p.complexity.predicates}/8 predicates, ${p.complexity.setValues}/32 set values\npolicyHash ${p.policyHash}`,
      );
    });

  policy
    .command('explain')
    .description('print the policy in plain language')
    .argument('<file>', 'policy document (JSON)')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const p = await loadPolicy(file);
      const explanation = explainPolicy(p.document);
      emit(opts, { ...identity(p), explanation }, explanation);
    });

  policy
    .command('hash')
    .description('print policyHash (the public signal) and policyId (id + version + policyHash)')
    .argument('<file>', 'policy document (JSON)')
    .action(async (file: string, _o: unknown, cmd: Command) => {
      const opts = globalOptions(cmd);
      const p = await loadPolicy(file);
      const i = identity(p);
      emit(
        opts,
        i,
        [
          `policy        ${i.ref}`,
          `policyHash    ${i.policyHash}`,
          `policyHashHex ${i.policyHashHex}`,
          `policyId      ${i.policyIdHex}`,
        ].join('\n'),
      );
    });
};

/** Field elements as decimal strings (snarkjs public-signal format) beside their hex spelling. */
function identity(p: CompiledPolicy) {
  return {
    id: p.id,
    version: p.version,
    ref: p.ref,
    policyHash: p.policyHash.toString(),
    policyHashHex: p.policyHashHex,
    policyId: p.policyId.toString(),
    policyIdHex: p.policyIdHex,
  };
}
