/**
 * The ABI both gates share (contracts/VouchGateBase.sol, the Trade struct of IVouchGate.sol and
 * the errors their generated verifiers declare), stated once for abi.ts and accountable-abi.ts.
 * Literals (`as const`) so that viem still types every call on the ABIs built from them; the
 * gates' ABI tests check each built ABI against what solc compiles.
 */

/** A uint256 parameter or struct field. */
export const uint256 = <N extends string>(name: N) => ({ internalType: 'uint256', name, type: 'uint256' }) as const;
const getter = <N extends string, T extends 'address' | 'bytes32' | 'uint256'>(name: N, type: T) =>
  ({
    inputs: [],
    name,
    outputs: [{ internalType: type, name: '', type }],
    stateMutability: 'view',
    type: 'function',
  }) as const;
const adminCall = <N extends string, I extends { internalType: string; name: string; type: string }>(
  name: N,
  input: I,
) => ({ inputs: [input], name, outputs: [], stateMutability: 'nonpayable', type: 'function' }) as const;

/** IVouchGate.Trade's fields (the EVM trade binding, src/policy/EVM_TRADE_ENCODING.md). */
export const tradeComponents = [
  { internalType: 'bytes32', name: 'market', type: 'bytes32' },
  { internalType: 'uint8', name: 'side', type: 'uint8' },
  uint256('size'),
  uint256('price'),
  { internalType: 'bytes32', name: 'nonce', type: 'bytes32' },
  { internalType: 'uint64', name: 'time', type: 'uint64' },
] as const;

/** The public signals both proof structs start with. */
export const proofHeadComponents = [
  uint256('policyId'),
  uint256('issuerSetRoot'),
  uint256('provedAt'),
  uint256('nullifier'),
  uint256('tradeHash'),
] as const;

/** A fixed array of `length` uint256 words (`pi`, `keyTerms`, …) as a parameter or struct field. */
export const words = <N extends string, L extends number>(name: N, length: L) => {
  const type = `uint256[${length}]` as `uint256[${L}]`;
  return { internalType: type, name, type } as const;
};

/** An error with no inputs. */
export const noInputError = <N extends string>(name: N) => ({ inputs: [], name, type: 'error' }) as const;

/** The constructor both gates take (VouchGateBase's). */
export const gateConstructor = {
  inputs: [
    { internalType: 'address', name: 'admin_', type: 'address' },
    { internalType: 'address', name: 'updater_', type: 'address' },
    { internalType: 'address', name: 'venue_', type: 'address' },
    uint256('rootGraceSeconds_'),
  ],
  stateMutability: 'nonpayable',
  type: 'constructor',
} as const;

/** The errors both gates revert with: VouchGateBase's and their verifier's. */
export const gateErrors = [
  noInputError('ClockSkew'),
  noInputError('IssuerSetStale'),
  noInputError('IssuerSetUnknown'),
  noInputError('NullifierReplayed'),
  noInputError('PointInvalid'),
  noInputError('PolicyUnknown'),
  noInputError('ProofInvalid'),
  noInputError('ProofMalformed'),
  noInputError('SignalNotCanonical'),
  noInputError('SignalOutOfRange'),
  noInputError('TradeInvalid'),
  noInputError('TradeMismatch'),
  noInputError('Unauthorized'),
] as const;

/** VouchGateBase's events. */
export const gateEvents = [
  {
    anonymous: false,
    inputs: [{ indexed: false, internalType: 'address', name: 'admin', type: 'address' }],
    name: 'AdminChanged',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('nullifier') },
      { indexed: true, ...uint256('policyId') },
      { indexed: false, ...uint256('tradeHash') },
      { indexed: false, ...uint256('issuerSetRoot') },
      { indexed: false, ...uint256('provedAt') },
      { indexed: false, ...uint256('tradeValue') },
    ],
    name: 'Admitted',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [{ indexed: true, ...uint256('policyId') }],
    name: 'PolicyRemoved',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [
      { indexed: true, ...uint256('root') },
      { indexed: false, ...uint256('replaced') },
    ],
    name: 'RootPosted',
    type: 'event',
  },
  {
    anonymous: false,
    inputs: [{ indexed: false, internalType: 'address', name: 'updater', type: 'address' }],
    name: 'UpdaterChanged',
    type: 'event',
  },
] as const;

/** VouchGateBase's functions and the verifiers' VKEY_SHA256. */
export const gateFunctions = [
  getter('VKEY_SHA256', 'bytes32'),
  getter('admin', 'address'),
  getter('currentRoot', 'uint256'),
  {
    inputs: [uint256('nullifier')],
    name: 'nullifierSpent',
    outputs: [{ internalType: 'bool', name: '', type: 'bool' }],
    stateMutability: 'view',
    type: 'function',
  },
  adminCall('postRoot', uint256('root')),
  adminCall('removePolicy', uint256('policyId')),
  getter('rootGraceSeconds', 'uint256'),
  {
    inputs: [uint256('root')],
    name: 'rootStatus',
    outputs: [{ internalType: 'uint8', name: 'status', type: 'uint8' }],
    stateMutability: 'view',
    type: 'function',
  },
  adminCall('setAdmin', { internalType: 'address', name: 'admin_', type: 'address' }),
  adminCall('setUpdater', { internalType: 'address', name: 'updater_', type: 'address' }),
  getter('updater', 'address'),
  getter('venue', 'address'),
] as const;

/** The generated verifier's verifyProof over `signals` public signals. */
export const verifyProof = <L extends number>(signals: L) =>
  ({
    inputs: [words('proof', 8), words('publicSignals', signals)],
    name: 'verifyProof',
    outputs: [{ internalType: 'bool', name: 'valid', type: 'bool' }],
    stateMutability: 'view',
    type: 'function',
  }) as const;
