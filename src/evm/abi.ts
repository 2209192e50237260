/**
 * The gate's ABI: IVouchGate's admit/admitBatch (dispatched by the gate's fallback) and VouchGate's
 * own functions, events and errors, with what it shares with VouchAccountableGate taken from
 * lib/gate-abi.ts. Kept as a literal so viem types every call; test/evm/gate-checks.test.ts checks
 * it against what solc compiles from contracts/.
 */
import {
  gateConstructor,
  gateErrors,
  gateEvents,
  gateFunctions,
  proofHeadComponents,
  tradeComponents,
  uint256,
  verifyProof,
  words,
} from './lib/gate-abi.js';

/** IVouchGate.Proof's fields. */
const proofComponents = [...proofHeadComponents, words('pi', 8), words('keyTerms', 4)] as const;

export const vouchGateAbi = [
  {
    inputs: [
      { components: tradeComponents, internalType: 'struct IVouchGate.Trade', name: 'trade', type: 'tuple' },
      { components: proofComponents, internalType: 'struct IVouchGate.Proof', name: 'proof', type: 'tuple' },
    ],
    name: 'admit',
    outputs: [uint256('tradeHash')],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      { components: tradeComponents, internalType: 'struct IVouchGate.Trade[]', name: 'trades', type: 'tuple[]' },
      { components: proofComponents, internalType: 'struct IVouchGate.Proof[]', name: 'proofs', type: 'tuple[]' },
    ],
    name: 'admitBatch',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  gateConstructor,
  {
    inputs: [uint256('index'), { internalType: 'bytes4', name: 'reason', type: 'bytes4' }],
    name: 'BatchItemRejected',
    type: 'error',
  },
  ...gateErrors,
  ...gateEvents,
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('policyId') },
      { indexed: false, ...uint256('policyHash') },
      { indexed: false, internalType: 'uint32', name: 'maxClockSkew', type: 'uint32' },
    ],
    name: 'PolicySet',
    type: 'event',
  },
  ...gateFunctions,
  {
    inputs: [uint256('policyId')],
    name: 'policy',
    outputs: [
      { internalType: 'bool', name: 'enforced', type: 'bool' },
      { internalType: 'uint32', name: 'maxClockSkew', type: 'uint32' },
    ],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [
      uint256('policyId'),
      uint256('policyHash'),
      { internalType: 'uint32', name: 'maxClockSkew', type: 'uint32' },
    ],
    name: 'setPolicy',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  verifyProof(7),
] as const;
