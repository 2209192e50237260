/**
 * Phase 1 of a ceremony: the powers-of-tau file the circuit-specific phase 2 is built on.
 *
 * Vouch supports the public phase-1 files of the Hermez (now Polygon zkEVM) ceremony,
 * `powersOfTau28_hez_final_NN.ptau`: the perpetual powers of tau (54 contributions) closed with a
 * public beacon and prepared for phase 2, one file per power NN (the first 2^NN powers of the same
 * 2^28 ceremony). A file is recognised by its BLAKE2b-512 (what `b2sum FILE` prints), as published
 * in the snarkjs README (node_modules/snarkjs/README.md, snarkjs 0.7.6, "Prepared (phase2) Ptau
 * files for bn128 with 54 contributions and a beacon"); its SHA-256 is recorded beside it, never
 * matched, because no SHA-256 is published for these files.
 *
 * Any other file (another public ceremony, a truncated file made locally) is taken only when the
 * operator acknowledges it (--ptau-unlisted), and then only after snarkjs verifies every one of its
 * contributions and its phase-2 preparation. The dev ceremony's powers of tau (public randomness)
 * verifies too — it is refused unless the ceremony is a declared rehearsal (see init.ts).
 */
import { createHash } from 'node:crypto';
import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { VouchError } from '../../errors/index.js';
import { isDevAlpha1 } from '../artifacts/dev-ceremony.js';
import { getCurve } from '../curve.js';

export interface PublicPhase1File {
  file: string;
  power: number;
  /** BLAKE2b-512 of the whole file, hex (b2sum). */
  blake2b: string;
}

/** The Hermez/Polygon prepared phase-1 files, by power (snarkjs 0.7.6 README). 2^28 is the full file. */
export const PUBLIC_PHASE1_FILES: readonly PublicPhase1File[] = [
  {
    power: 8,
    blake2b:
      'd6a8fb3a04feb600096c3b791f936a578c4e664d262e4aa24beed1b7a9a96aa5eb72864d628db247e9293384b74b36ffb52ca8d148d6e1b8b51e279fdf57b583',
  },
  {
    power: 9,
    blake2b:
      '94f108a80e81b5d932d8e8c9e8fd7f46cf32457e31462deeeef37af1b71c2c1b3c71fb0d9b59c654ec266b042735f50311f9fd1d4cadce47ab234ad163157cb5',
  },
  {
    power: 10,
    blake2b:
      '6cfeb8cda92453099d20120bdd0e8a5c4e7706c2da9a8f09ccc157ed2464d921fd0437fb70db42104769efd7d6f3c1f964bcf448c455eab6f6c7d863e88a5849',
  },
  {
    power: 11,
    blake2b:
      '47c282116b892e5ac92ca238578006e31a47e7c7e70f0baa8b687f0a5203e28ea07bbbec765a98dcd654bad618475d4661bfaec3bd9ad2ed12e7abc251d94d33',
  },
  {
    power: 12,
    blake2b:
      'ded2694169b7b08e898f736d5de95af87c3f1a64594013351b1a796dbee393bd825f88f9468c84505ddd11eb0b1465ac9b43b9064aa8ec97f2b73e04758b8a4a',
  },
  {
    power: 13,
    blake2b:
      '58efc8bf2834d04768a3d7ffcd8e1e23d461561729beaac4e3e7a47829a1c9066d5320241e124a1a8e8aa6c75be0ba66f65bc8239a0542ed38e11276f6fdb4d9',
  },
  {
    power: 14,
    blake2b:
      'eeefbcf7c3803b523c94112023c7ff89558f9b8e0cf5d6cdcba3ade60f168af4a181c9c21774b94fbae6c90411995f7d854d02ebd93fb66043dbb06f17a831c1',
  },
  {
    power: 15,
    blake2b:
      '982372c867d229c236091f767e703253249a9b432c1710b4f326306bfa2428a17b06240359606cfe4d580b10a5a1f63fbed499527069c18ae17060472969ae6e',
  },
  {
    power: 16,
    blake2b:
      '6a6277a2f74e1073601b4f9fed6e1e55226917efb0f0db8a07d98ab01df1ccf43eb0e8c3159432acd4960e2f29fe84a4198501fa54c8dad9e43297453efec125',
  },
  {
    power: 17,
    blake2b:
      '6247a3433948b35fbfae414fa5a9355bfb45f56efa7ab4929e669264a0258976741dfbe3288bfb49828e5df02c2e633df38d2245e30162ae7e3bcca5b8b49345',
  },
  {
    power: 18,
    blake2b:
      '7e6a9c2e5f05179ddfc923f38f917c9e6831d16922a902b0b4758b8e79c2ab8a81bb5f29952e16ee6c5067ed044d7857b5de120a90704c1d3b637fd94b95b13e',
  },
  {
    power: 19,
    blake2b:
      'bca9d8b04242f175189872c42ceaa21e2951e0f0f272a0cc54fc37193ff6648600eaf1c555c70cdedfaf9fb74927de7aa1d33dc1e2a7f1a50619484989da0887',
  },
  {
    power: 20,
    blake2b:
      '89a66eb5590a1c94e3f1ee0e72acf49b1669e050bb5f93c73b066b564dca4e0c7556a52b323178269d64af325d8fdddb33da3a27c34409b821de82aa2bf1a27b',
  },
  {
    power: 21,
    blake2b:
      '9aef0573cef4ded9c4a75f148709056bf989f80dad96876aadeb6f1c6d062391f07a394a9e756d16f7eb233198d5b69407cca44594c763ab4a5b67ae73254678',
  },
  {
    power: 22,
    blake2b:
      '0d64f63dba1a6f11139df765cb690da69d9b2f469a1ddd0de5e4aa628abb28f787f04c6a5fb84a235ec5ea7f41d0548746653ecab0559add658a83502d1cb21b',
  },
  {
    power: 23,
    blake2b:
      '3063a0bd81d68711197c8820a92466d51aeac93e915f5136d74f63c394ee6d88c5e8016231ea6580bec02e25d491f319d92e77f5c7f46a9caa8f3b53c0ea544f',
  },
  {
    power: 24,
    blake2b:
      'fa404d140d5819d39984833ca5ec3632cd4995f81e82db402371a4de7c2eae8687c62bc632a95b0c6aadba3fb02680a94e09174b7233ccd26d78baca2647c733',
  },
  {
    power: 25,
    blake2b:
      '0377d860cdb09a8a31ea1b0b8c04335614c8206357181573bf294c25d5ca7dff72387224fbd868897e6769f7805b3dab02854aec6d69d7492883b5e4e5f35eeb',
  },
  {
    power: 26,
    blake2b:
      '418dee4a74b9592198bd8fd02ad1aea76f9cf3085f206dfd7d594c9e264ae919611b1459a1cc920c2f143417744ba9edd7b8d51e44be9452344a225ff7eead19',
  },
  {
    power: 27,
    blake2b:
      '10ffd99837c512ef99752436a54b9810d1ac8878d368fb4b806267bdd664b4abf276c9cd3c4b9039a1fa4315a0c326c0e8e9e8fe0eb588ffd4f9021bf7eae1a1',
  },
  {
    power: 28,
    blake2b:
      '55c77ce8562366c91e7cda394cf7b7c15a06c12d8c905e8b36ba9cf5e13eb37d1a429c589e8eaba4c591bc4b88a0e2828745a53e170eac300236f5c1a326f41a',
  },
].map((f) => ({
  ...f,
  file:
    f.power === 28
      ? 'powersOfTau28_hez_final.ptau'
      : `powersOfTau28_hez_final_${String(f.power).padStart(2, '0')}.ptau`,
}));

/** Where the listed files are published (the snarkjs README's links). */
export const PUBLIC_PHASE1_URL = 'https://storage.googleapis.com/zkevm/ptau/';

export interface PtauHeader {
  /** log2 of the number of powers the file holds. */
  power: number;
  /** log2 of the ceremony the file was cut from (28 for the Hermez files). */
  ceremonyPower: number;
  /** Has the Lagrange sections snarkjs' `powersoftau prepare phase2` adds (phase 2 needs them). */
  prepared: boolean;
  /** alpha·G1 as stored (64 bytes, Montgomery little-endian): tells the dev powers of tau apart. */
  alpha1: Uint8Array;
}

/** BN254's base field modulus, little-endian as ptau headers store it. */
const BN254_Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583n;

/**
 * The header of a ptau file (snarkjs' binary format: "ptau", version, sections; section 1 holds
 * n8, q, power, ceremonyPower). PTAU_INVALID when it is not a BN254 ptau file; FILE_UNREADABLE
 * when it cannot be read.
 */
export function readPtauHeader(path: string): PtauHeader {
  let fd: number;
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error('not a regular file');
    size = st.size;
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new VouchError('FILE_UNREADABLE', `cannot read the powers-of-tau file ${path}`, { cause, details: { path } });
  }
  const invalid = (why: string) =>
    new VouchError('PTAU_INVALID', `${path} is not a BN254 powers-of-tau file: ${why}`, { details: { path } });
  try {
    const read = (at: number, n: number): Buffer => {
      const b = Buffer.alloc(n);
      if (at + n > size || readSync(fd, b, 0, n, at) !== n) throw invalid('truncated');
      return b;
    };
    const head = read(0, 12);
    if (head.toString('latin1', 0, 4) !== 'ptau') throw invalid('no "ptau" magic');
    const nSections = head.readUInt32LE(8);
    if (nSections < 2 || nSections > 64) throw invalid(`${nSections} sections`);
    const sections = new Map<number, { at: number; size: number }>();
    let at = 12;
    for (let i = 0; i < nSections; i++) {
      const s = read(at, 12);
      const id = s.readUInt32LE(0);
      const len = Number(s.readBigUInt64LE(4));
      at += 12;
      if (at + len > size) throw invalid(`section ${id} runs past the end of the file`);
      sections.set(id, { at, size: len });
      at += len;
    }
    const h = sections.get(1);
    if (!h || h.size < 12) throw invalid('no header section');
    const n8 = read(h.at, 4).readUInt32LE(0);
    if (n8 !== 32 || h.size < 4 + n8 + 8) throw invalid('not a BN254 file');
    const q = read(h.at + 4, n8);
    let qv = 0n;
    for (let i = n8 - 1; i >= 0; i--) qv = (qv << 8n) | BigInt(q[i]!);
    if (qv !== BN254_Q) throw invalid('another curve than BN254');
    const tail = read(h.at + 4 + n8, 8);
    const power = tail.readUInt32LE(0);
    const ceremonyPower = tail.readUInt32LE(4);
    if (power < 1 || power > 28) throw invalid(`power ${power}`);
    const alpha = sections.get(4);
    if (!alpha || alpha.size < 64) throw invalid('no alpha section');
    return {
      power,
      ceremonyPower,
      prepared: [12, 13, 14, 15].every((id) => sections.has(id)),
      alpha1: read(alpha.at, 64),
    };
  } finally {
    closeSync(fd);
  }
}

export interface FileHashes {
  sha256: string;
  blake2b: string;
}

/** SHA-256 and BLAKE2b-512 (b2sum) of a file, in one pass. */
export async function hashFile(path: string): Promise<FileHashes> {
  const sha = createHash('sha256');
  const b2 = createHash('blake2b512');
  for await (const chunk of createReadStream(path)) {
    sha.update(chunk as Buffer);
    b2.update(chunk as Buffer);
  }
  return { sha256: sha.digest('hex'), blake2b: b2.digest('hex') };
}

/** The listed public file with this BLAKE2b-512, if any. */
export function listedPhase1(blake2b: string): PublicPhase1File | undefined {
  return PUBLIC_PHASE1_FILES.find((f) => f.blake2b === blake2b.toLowerCase());
}

/**
 * The power of tau a circuit needs: its domain holds every constraint plus one per public input
 * and output and one more (snarkjs' zkey new: log2(nConstraints + nPubInputs + nOutputs) + 1).
 */
export function requiredPower(r1cs: { nConstraints: number; nPubInputs: number; nOutputs: number }): number {
  return Math.max(1, Math.ceil(Math.log2(r1cs.nConstraints + r1cs.nPubInputs + r1cs.nOutputs + 1)));
}

/**
 * Whether the file is the dev ceremony's powers of tau (public randomness), told by its alpha —
 * whatever the file is called or hashes to. PTAU_INVALID when the point is not on the curve.
 */
export async function isDevPhase1(header: PtauHeader, path: string): Promise<boolean> {
  const { G1 } = await getCurve();
  let coords: unknown[];
  try {
    const p = G1.fromRprLEM(header.alpha1, 0);
    if (!G1.isValid(p)) throw new Error('not on the curve');
    coords = (G1.toObject(G1.toAffine(p)) as bigint[]).map(String);
  } catch (cause) {
    throw new VouchError('PTAU_INVALID', `${path} is not a BN254 powers-of-tau file: its alpha is not a curve point`, {
      cause,
      details: { path },
    });
  }
  return isDevAlpha1(coords);
}
