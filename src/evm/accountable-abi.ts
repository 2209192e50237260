/**
 * VouchAccountableGate's ABI: IVouchAccountableGate's admit (dispatched by the gate's fallback) and
 * the gate's own functions, events and errors, with what it shares with VouchGate taken from
 * lib/gate-abi.ts. A literal so viem types every call; test/evm/accountable-gate-checks.test.ts
 * checks it against what solc compiles from contracts/.
 */
import {
  gateConstructor,
  gateErrors,
  gateEvents,
  gateFunctions,
  noInputError,
  proofHeadComponents,
  tradeComponents,
  uint256,
  verifyProof,
  words,
} from './lib/gate-abi.js';

const bool = <N extends string>(name: N) => ({ internalType: 'bool', name, type: 'bool' }) as const;
const uint8 = <N extends string>(name: N) => ({ internalType: 'uint8', name, type: 'uint8' }) as const;
const uint32 = <N extends string>(name: N) => ({ internalType: 'uint32', name, type: 'uint32' }) as const;

/** IVouchAccountableGate.AccountableProof's fields. */
const proofComponents = [
  ...proofHeadComponents,
  words('escrowCiphertext', 4),
  uint256('periodNullifier'),
  uint256('newCommitment'),
  uint256('oldCommitment'),
  words('escrowKey', 2),
  uint256('periodScope'),
  words('pi', 8),
  words('keyTerms', 8),
] as const;

export const vouchAccountableGateAbi = [
  {
    inputs: [
      { components: tradeComponents, internalType: 'struct IVouchGate.Trade', name: 'trade', type: 'tuple' },
      {
        components: proofComponents,
        internalType: 'struct IVouchAccountableGate.AccountableProof',
        name: 'proof',
        type: 'tuple',
      },
    ],
    name: 'admit',
    outputs: [uint256('tradeHash')],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  gateConstructor,
  ...gateErrors,
  noInputError('EscrowCommitteeUnknown'),
  noInputError('EscrowKeyMismatch'),
  noInputError('LimitStateStale'),
  noInputError('PeriodScopeUnknown'),
  noInputError('TradeTimeSkew'),
  ...gateEvents,
  {
    anonymous: false,
    inputs: [
      { indexed: true, internalType: 'uint64', name: 'epoch', type: 'uint64' },
      { indexed: false, ...uint256('keyX') },
      { indexed: false, ...uint256('keyY') },
    ],
    name: 'EscrowCommitteePosted',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('nullifier') },
      { indexed: true, ...uint256('epoch') },
      { indexed: false, ...uint256('c1x') },
      { indexed: false, ...uint256('c1y') },
      { indexed: false, ...uint256('c2x') },
      { indexed: false, ...uint256('c2y') },
    ],
    name: 'EscrowRecorded',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('periodNullifier') },
      { indexed: false, ...uint256('periodScope') },
      { indexed: false, ...uint256('oldCommitment') },
      { indexed: false, ...uint256('newCommitment') },
      { indexed: false, ...uint256('tradeValue') },
      { indexed: false, ...uint256('tradeHash') },
    ],
    name: 'LimitMoved',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('policyId') },
      { indexed: true, ...uint256('period') },
      { indexed: false, ...uint256('periodScope') },
    ],
    name: 'PeriodScopeSet',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('policyId') },
      { indexed: false, ...uint256('policyHash') },
      { indexed: false, ...uint32('maxClockSkew') },
      { indexed: false, ...bool('escrow') },
      { indexed: false, ...uint8('limitPeriod') },
    ],
    name: 'PolicySet',
    type: 'event',
  },
  ...gateFunctions,
  {
    inputs: [],
    name: 'escrowEpoch',
    outputs: [{ internalType: 'uint64', name: '', type: 'uint64' }],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'escrowKeyX',
    outputs: [uint256('')],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [],
    name: 'escrowKeyY',
    outputs: [uint256('')],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [uint256('periodNullifier')],
    name: 'limitCommitment',
    outputs: [uint256('')],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [uint256('time'), uint8('kind')],
    name: 'limitPeriodOf',
    outputs: [uint256('')],
    stateMutability: 'pure',
    type: 'function',
  },
  {
    inputs: [uint256('policyId'), uint256('period')],
    name: 'periodScopeSet',
    outputs: [bool('')],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [uint256('policyId')],
    name: 'policy',
    outputs: [bool('enforced'), uint32('maxClockSkew'), bool('escrow'), uint8('limitPeriod')],
    stateMutability: 'view',
    type: 'function',
  },
  {
    inputs: [{ internalType: 'uint64', name: 'epoch', type: 'uint64' }, uint256('keyX'), uint256('keyY')],
    name: 'postEscrowCommittee',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [
      uint256('policyId'),
      uint256('firstPeriod'),
      { internalType: 'uint256[]', name: 'scopes', type: 'uint256[]' },
    ],
    name: 'setPeriodScopes',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  {
    inputs: [uint256('policyId'), uint256('policyHash'), uint32('maxClockSkew'), bool('escrow'), uint8('limitPeriod')],
    name: 'setPolicy',
    outputs: [],
    stateMutability: 'nonpayable',
    type: 'function',
  },
  verifyProof(17),
] as const;
