/**
 * Fixed-base scalar multiplication in wasm for the verification key's fixed G1 points (alpha and
 * the IC points): a table of d * 256^k * P for every byte position k < 32 and digit d in 1..255
 * (affine, 522 KB per point), so sum_j s_j P_j costs one mixed addition per non-zero scalar byte
 * (at most 32 per point) instead of a 254-bit double-and-add.
 *
 * - vouch_fixedBaseTable(base, table, scratch): fills the table of one affine point. scratch holds
 *   256 Jacobian points.
 * - vouch_fixedBaseMsm(tables, scalars, n, out): sum of scalars[j] * P_j for n consecutive tables,
 *   32-byte little-endian canonical scalars, Jacobian result.
 */
import type { ModuleBuilder } from 'wasmbuilder';
import { G1_AFFINE_BYTES, G1_JAC_BYTES, SCALAR_BYTES } from './layout.js';

const DIGITS = 255;
export const FIXED_BASE_TABLE_BYTES = SCALAR_BYTES * DIGITS * G1_AFFINE_BYTES;
export const FIXED_BASE_SCRATCH_BYTES = (DIGITS + 1) * G1_JAC_BYTES;

export function addFixedBaseFunctions(m: ModuleBuilder): void {
  {
    const f = m.addFunction('vouch_fixedBaseTable');
    f.addParam('base', 'i32');
    f.addParam('table', 'i32');
    f.addParam('tmp', 'i32');
    f.addLocal('k', 'i32');
    f.addLocal('d', 'i32');
    const c = f.getCodeBuilder();
    const B = c.i32_const(m.alloc(G1_AFFINE_BYTES));
    const tmpAt = (d: number[]) => c.i32_add(c.getLocal('tmp'), c.i32_mul(d, c.i32_const(G1_JAC_BYTES)));
    f.addCode(
      c.call('g1m_copyAffine', c.getLocal('base'), B),
      c.setLocal('k', c.i32_const(0)),
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(c.getLocal('k'), c.i32_const(SCALAR_BYTES))),
          // tmp[d-1] = d * B for d = 1..256, with B = 256^k * P
          c.call('g1m_toJacobian', B, c.getLocal('tmp')),
          c.setLocal('d', c.i32_const(1)),
          c.block(
            c.loop(
              c.br_if(1, c.i32_eq(c.getLocal('d'), c.i32_const(DIGITS + 1))),
              c.call('g1m_addMixed', tmpAt(c.i32_sub(c.getLocal('d'), c.i32_const(1))), B, tmpAt(c.getLocal('d'))),
              c.setLocal('d', c.i32_add(c.getLocal('d'), c.i32_const(1))),
              c.br(0),
            ),
          ),
          c.call('g1m_batchToAffine', c.getLocal('tmp'), c.i32_const(DIGITS), c.getLocal('table')),
          c.call('g1m_toAffine', tmpAt(c.i32_const(DIGITS)), B),
          c.setLocal('table', c.i32_add(c.getLocal('table'), c.i32_const(DIGITS * G1_AFFINE_BYTES))),
          c.setLocal('k', c.i32_add(c.getLocal('k'), c.i32_const(1))),
          c.br(0),
        ),
      ),
    );
    m.exportFunction('vouch_fixedBaseTable');
  }

  {
    const f = m.addFunction('vouch_fixedBaseMsm');
    f.addParam('tables', 'i32');
    f.addParam('scalars', 'i32');
    f.addParam('n', 'i32');
    f.addParam('out', 'i32');
    f.addLocal('i', 'i32');
    f.addLocal('end', 'i32');
    f.addLocal('row', 'i32');
    f.addLocal('d', 'i32');
    const c = f.getCodeBuilder();
    // byte i of the concatenated scalars selects row i of the concatenated tables
    f.addCode(
      c.call('g1m_zero', c.getLocal('out')),
      c.setLocal('i', c.i32_const(0)),
      c.setLocal('end', c.i32_mul(c.getLocal('n'), c.i32_const(SCALAR_BYTES))),
      c.setLocal('row', c.getLocal('tables')),
      c.block(
        c.loop(
          c.br_if(1, c.i32_eq(c.getLocal('i'), c.getLocal('end'))),
          c.setLocal('d', c.i32_load8_u(c.i32_add(c.getLocal('scalars'), c.getLocal('i')))),
          c.if(
            c.getLocal('d'),
            c.call(
              'g1m_addMixed',
              c.getLocal('out'),
              c.i32_add(
                c.getLocal('row'),
                c.i32_mul(c.i32_sub(c.getLocal('d'), c.i32_const(1)), c.i32_const(G1_AFFINE_BYTES)),
              ),
              c.getLocal('out'),
            ),
          ),
          c.setLocal('row', c.i32_add(c.getLocal('row'), c.i32_const(DIGITS * G1_AFFINE_BYTES))),
          c.setLocal('i', c.i32_add(c.getLocal('i'), c.i32_const(1))),
          c.br(0),
        ),
      ),
    );
    m.exportFunction('vouch_fixedBaseMsm');
  }
}
