/**
 * The holder's wallet screen: key (create / unlock / import / export), credential (paste or file,
 * checked against the issuer's signature and this holder's subject), the venue's policies, a trade,
 * a proof made in a Web Worker on this device, the venue's decision and its signed receipt.
 * The holder's secret is held in memory after unlocking and handed only to the prover worker.
 */
import type { HolderFile } from '../../../src/credentials/holder.js';
import type { CredentialFile } from '../../../src/credentials/credential-file.js';
import type { PolicyDocument } from '../../../src/policy/index.js';
import type { ProveStep } from '../../../src/zk/prove.js';
import { api } from '../lib/api.js';
import { jurisdictionNodes, markedCountryName, renderCountryText, unmarked } from '../lib/countries.js';
import { $, download, fileOrText, h, parseJson, showError } from '../lib/dom.js';
import type { ProveMessage, ProveRequest } from '../prove.worker.js';
import { saveKey, storedKey, unlockKey } from './keystore.js';
import { recordProveMs, skewWarning } from './prove-time.js';

interface PolicySummary {
  ref: string;
  title: string;
  explanation: string;
  markets: string[] | null;
}

let holder: HolderFile | undefined;
let credential: CredentialFile | undefined;
let policies: PolicySummary[] = [];
let proved: { trade: Record<string, unknown>; proof: unknown } | undefined;
let worker: Worker | undefined;
/** The chosen policy's clock skew, once its document is in hand (for the warning before proving). */
let skew: { ref: string; seconds: number } | undefined;
/** A proof is being made (the one prover worker makes one at a time: both prove buttons wait). */
let proving = false;

/** The actions' library code (wallet-library.ts), set once its chunk is loaded: every action awaits it. */
let lib: typeof import('./wallet-library.js');

/** Loads the wallet's library chunk (once); main.ts starts it as soon as the page is ready. */
export async function walletLibrary(): Promise<typeof import('./wallet-library.js')> {
  return (lib ??= await import('./wallet-library.js'));
}

const errorBox = () => $('wallet-error');
const passphrase = () => $<HTMLInputElement>('passphrase').value;

/**
 * Shows a failure (its code first) in the wallet's alert box; a message naming countries
 * (`markedMessage`, made with markedCountryName) with each name marked with its language.
 */
function showWalletError(err: unknown): void {
  const marked = (err as { markedMessage?: unknown } | undefined)?.markedMessage;
  if (typeof marked !== 'string') return showError(errorBox(), err);
  const code = (err as { code?: unknown }).code;
  renderCountryText(errorBox(), typeof code === 'string' ? `${code}: ${marked}` : marked);
  errorBox().hidden = false;
}

/** Runs a UI action, showing its failure (with its code) in the wallet's alert box. */
function action(f: () => Promise<void>): () => Promise<void> {
  return async () => {
    showError(errorBox(), undefined);
    try {
      await walletLibrary();
      await f();
    } catch (err) {
      showWalletError(err);
    }
  };
}

/**
 * Runs one proving flow (a trade's proof, a session's) whose progress is told in `status`: when it
 * fails, `status` says so (the reason is in the alert box), not the last progress it showed.
 */
export async function provingFlow(status: HTMLElement, failed: string, f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch (err) {
    const code = (err as { code?: unknown } | undefined)?.code;
    status.textContent = `${failed}${typeof code === 'string' ? ` (${code})` : ''}: the reason is shown at the top of the wallet.`;
    throw err;
  }
}

async function refreshKeyStatus(): Promise<void> {
  const stored = await storedKey();
  const status = $('key-status');
  if (holder)
    status.textContent = `Unlocked. Subject ${holder.subject.slice(0, 12)}… (the issuer knows only this commitment).`;
  else if (stored)
    status.textContent = `A key is stored in this browser (subject ${stored.subject.slice(0, 12)}…). Enter its passphrase to unlock it.`;
  else
    status.textContent =
      'No key in this browser yet. Choose a passphrase, then create a key or import your holder.json.';
  const subject = holder?.subject ?? stored?.subject;
  $('subject').textContent = subject ?? '';
  $('subject-line').hidden = !subject;
  $<HTMLButtonElement>('create-key').disabled = Boolean(stored);
  $<HTMLButtonElement>('unlock-key').disabled = !stored || Boolean(holder);
  $<HTMLButtonElement>('export-key').disabled = !holder;
  updateButtons();
}

function updateButtons(): void {
  const ready = Boolean(holder && credential && policies.length > 0) && !proving;
  $<HTMLButtonElement>('prove').disabled = !ready;
  $<HTMLButtonElement>('open-session').disabled = !ready;
  $<HTMLButtonElement>('submit').disabled = !proved;
}

async function setHolder(file: HolderFile): Promise<void> {
  lib.parseHolderFile(file); // HOLDER_FILE_INVALID when the subject is not the secret's
  holder = file;
  if (credential) lib.verifyCredentialFile(credential, BigInt(holder.subject));
  await refreshKeyStatus();
}

function renderCredential(c: CredentialFile): void {
  const table = $<HTMLTableElement>('attributes');
  const body = table.tBodies[0]!;
  body.replaceChildren();
  const row = (k: string, ...v: (Node | string)[]) =>
    body.append(h('tr', {}, h('th', { scope: 'row' }, k), h('td', {}, ...v)));
  for (const [k, v] of Object.entries(c.attributes))
    row(k, ...(k === 'jurisdiction' && typeof v === 'number' ? jurisdictionNodes(v) : [String(v)]));
  row('issued', new Date(c.issuedAt * 1000).toISOString().slice(0, 10));
  const expired = c.expiresAt * 1000 < Date.now();
  row(
    'status',
    expired
      ? `expired on ${new Date(c.expiresAt * 1000).toISOString().slice(0, 10)}`
      : `valid until ${new Date(c.expiresAt * 1000).toISOString().slice(0, 10)}`,
  );
  $('credential-issuer').textContent = c.issuer.id;
  table.hidden = false;
}

/** Parses and checks a credential (CREDENTIAL_NOT_HOLDERS for another holder's) and shows it. */
function checkCredential(json: unknown): void {
  credential = undefined;
  $('attributes').hidden = true;
  updateButtons();
  const c = lib.parseCredentialFile(json);
  lib.verifyCredentialFile(c, holder ? BigInt(holder.subject) : undefined);
  credential = c;
  renderCredential(c);
  updateButtons();
}

/**
 * Before proving: the policy's predicates the credential does not meet, in words (countries named
 * in the page's language, marked: markedCountryName).
 */
function unmetPredicates(doc: PolicyDocument): string[] {
  if (!credential) return [];
  const sentences = lib.explainPredicates(doc, { countryName: markedCountryName });
  return lib
    .failingPredicates(
      lib.compilePolicy(doc),
      credential.slots.map((s) => BigInt(s)),
    )
    .map((i) => sentences[i]!);
}

function randomNonce(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The trade in the form, with a fresh nonce and the browser's clock. */
export function tradeFromForm(): Record<string, unknown> & { venue: string; market: string } {
  return {
    venue: $<HTMLInputElement>('trade-venue').value.trim(),
    market: $<HTMLInputElement>('trade-market').value.trim(),
    side: $<HTMLSelectElement>('trade-side').value,
    size: $<HTMLInputElement>('trade-size').value.trim(),
    price: $<HTMLInputElement>('trade-price').value.trim(),
    nonce: randomNonce(),
    time: Math.floor(Date.now() / 1000),
  };
}

/** What the session screen needs of the wallet: the unlocked key, the checked credential. */
export function walletState(): { holder: HolderFile | undefined; credential: CredentialFile | undefined } {
  return { holder, credential };
}

/** Runs a UI action, showing its failure (with its code) in the wallet's alert box. */
export { action as walletAction };

/** Shows, or hides, the warning that proving here may outlast the policy's clock skew (prove-time.ts). */
function renderSkewWarning(): void {
  const text = skew && skewWarning(skew.ref, skew.seconds);
  const box = $('skew-warning');
  box.textContent = text ?? '';
  box.hidden = !text;
  box.dataset.policy = skew?.ref ?? ''; // which policy it was judged for (tests wait on it)
  for (const id of ['prove', 'open-session']) {
    if (text) $(id).setAttribute('aria-describedby', 'skew-warning');
    else $(id).removeAttribute('aria-describedby');
  }
}

/** Before proving (and when a policy is chosen): warns if the last proof here took longer than `document` allows. */
export function warnOfSkew(ref: string, document: PolicyDocument | undefined): void {
  skew = document ? { ref, seconds: document.freshness.maxClockSkewSeconds } : undefined;
  renderSkewWarning();
}

/** Before proving: the predicates unmet, as a POLICY_UNSATISFIED error (nothing is downloaded). */
export function assertSatisfiable(ref: string, document: PolicyDocument): void {
  const unmet = unmetPredicates(document);
  if (unmet.length > 0) {
    const markedMessage = `your credential does not meet ${ref}: ${unmet.join(' ')}`;
    throw Object.assign(new Error(unmarked(markedMessage)), { code: 'POLICY_UNSATISFIED', markedMessage });
  }
}

/** What each step of the proof (PROVE_STEPS) does, in the holder's words. */
const STEP_TEXT: Record<ProveStep, string> = {
  witness: 'computing the witness from your credential',
  constraints: 'evaluating the circuit',
  'msm-a': 'proof element A',
  'msm-b1': 'proof element B (1 of 2)',
  'msm-b2': 'proof element B (2 of 2)',
  'msm-c': 'proof element C',
  'msm-h': 'the quotient polynomial',
};

/**
 * Makes a proof in the worker, telling its progress in `status`: the status line of the flow that
 * asked (the trade's #prove-status, the session's #session-status), which says what happened once
 * the flow ends. The progress bar is the trade box's, for both.
 */
export async function prove(
  request: ProveRequest,
  status: HTMLElement,
): Promise<{ proof: unknown; ms: number; provingMs: number }> {
  proving = true;
  updateButtons();
  try {
    return await proveInWorker(request, status);
  } finally {
    proving = false;
    updateButtons();
  }
}

function proveInWorker(
  request: ProveRequest,
  status: HTMLElement,
): Promise<{ proof: unknown; ms: number; provingMs: number }> {
  worker ??= new Worker(new URL('../prove.worker.ts', import.meta.url), { type: 'module', name: 'vouch-prover' });
  const bar = $<HTMLProgressElement>('prove-progress');
  bar.value = 0;
  return new Promise((resolve, reject) => {
    worker!.onmessage = (e: MessageEvent<ProveMessage>) => {
      const m = e.data;
      if (m.type === 'progress' && m.stage === 'artifacts') {
        const share = m.file === 'policy.wasm' ? [0, 30] : [30, 70];
        bar.value = share[0]! + (m.total ? (share[1]! * m.loaded) / m.total : 0);
        status.textContent =
          m.from === 'cache'
            ? `${m.file}: from this browser's cache (hash checked)`
            : `Downloading ${m.file}: ${(m.loaded / 1e6).toFixed(1)} of ${(m.total / 1e6).toFixed(1)} MB`;
      } else if (m.type === 'progress') {
        // determinate: an indeterminate bar animates every frame on the CPU the proof needs
        bar.value = Math.round((100 * (m.step - 1)) / m.steps);
        status.textContent = `Proving on this device: step ${m.step} of ${m.steps}, ${STEP_TEXT[m.what]}…`;
      } else if (m.type === 'done') {
        bar.value = 100;
        recordProveMs(m.provingMs);
        renderSkewWarning(); // the next proof is judged by this one
        resolve(m);
      } else {
        bar.value = 0;
        reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      }
    };
    worker!.onerror = (e) => {
      bar.value = 0;
      reject(new Error(`the prover stopped: ${e.message}`));
    };
    worker!.postMessage(request);
  });
}

export function initWallet(): void {
  $('create-key').addEventListener(
    'click',
    action(async () => {
      const file = lib.createHolder();
      await saveKey(file, passphrase());
      await setHolder(file);
    }),
  );
  $('unlock-key').addEventListener(
    'click',
    action(async () => {
      await setHolder(await unlockKey(passphrase()));
    }),
  );
  $('import-key').addEventListener(
    'change',
    action(async () => {
      const input = $<HTMLInputElement>('import-key');
      const file = parseJson(await fileOrText(input), 'holder.json') as HolderFile;
      input.value = '';
      lib.parseHolderFile(file);
      await saveKey(file, passphrase());
      await setHolder(file);
    }),
  );
  $('export-key').addEventListener(
    'click',
    action(async () => {
      if (holder) download('holder.json', `${JSON.stringify(holder, null, 2)}\n`);
    }),
  );

  $('load-credential').addEventListener(
    'click',
    action(async () => {
      checkCredential(
        parseJson(
          await fileOrText($<HTMLInputElement>('credential-file'), $<HTMLTextAreaElement>('credential-text')),
          'the credential',
        ),
      );
    }),
  );
  // The one-time code goes to the issuing service, which answers the credential once; the code is
  // then spent, so the credential is also put in the text box for the holder to keep.
  $('fetch-pickup').addEventListener(
    'click',
    action(async () => {
      const input = $<HTMLInputElement>('pickup-code');
      const code = input.value.trim();
      if (!code) throw Object.assign(new Error('enter the pickup code'), { code: 'INPUT_INVALID' });
      const fetched = await api('/v1/credentials/pickup', { body: { code } });
      input.value = '';
      $<HTMLTextAreaElement>('credential-text').value = JSON.stringify(fetched, null, 2);
      checkCredential(fetched);
    }),
  );

  $('load-policies').addEventListener(
    'click',
    action(async () => {
      const key = $<HTMLInputElement>('venue-key').value.trim();
      const who = await api<{ tenant: string; role: string }>('/v1/whoami', { key });
      if (!$<HTMLInputElement>('trade-venue').value) $<HTMLInputElement>('trade-venue').value = who.tenant;
      policies = (await api<{ policies: PolicySummary[] }>('/v1/policies', { key })).policies;
      const select = $<HTMLSelectElement>('policy');
      select.replaceChildren(...policies.map((p) => h('option', { value: p.ref }, `${p.title} (${p.ref})`)));
      select.disabled = policies.length === 0;
      select.dispatchEvent(new Event('change'));
      updateButtons();
    }),
  );
  // The service's explanation at once, then the same text made here from the document, with
  // countries named in the page's language (explainPolicy is the code the service runs).
  $('policy').addEventListener(
    'change',
    action(async () => {
      const ref = $<HTMLSelectElement>('policy').value;
      const p = policies.find((x) => x.ref === ref);
      $('policy-explanation').textContent = p?.explanation ?? '';
      warnOfSkew(ref, undefined);
      if (!p) return;
      const key = $<HTMLInputElement>('venue-key').value.trim();
      const { document } = await api<{ document: PolicyDocument }>(`/v1/policies/${encodeURIComponent(ref)}`, {
        key,
      });
      if ($<HTMLSelectElement>('policy').value !== ref) return; // another policy was chosen meanwhile
      renderCountryText($('policy-explanation'), lib.explainPolicy(document, { countryName: markedCountryName }));
      warnOfSkew(ref, document);
    }),
  );

  $('prove').addEventListener(
    'click',
    action(async () => {
      const [holderNow, credentialNow] = [holder, credential];
      if (!holderNow || !credentialNow) return;
      const status = $('prove-status');
      status.textContent = 'Preparing the proof…';
      delete status.dataset.ms;
      delete status.dataset.provingMs;
      proved = undefined;
      updateButtons();
      $('decision-box').hidden = true;
      await provingFlow(status, 'No proof was made', async () => {
        const key = $<HTMLInputElement>('venue-key').value.trim();
        const ref = $<HTMLSelectElement>('policy').value;
        const { document } = await api<{ document: PolicyDocument }>(`/v1/policies/${encodeURIComponent(ref)}`, {
          key,
        });
        assertSatisfiable(ref, document);
        warnOfSkew(ref, document);
        const trade = tradeFromForm();
        const registry = await api('/v1/registry');
        const { proof, ms, provingMs } = await prove(
          { holder: holderNow, credential: credentialNow, policy: document, registry, trade },
          status,
        );
        proved = { trade, proof };
        const nullifier = (proof as { publicSignals: string[] }).publicSignals[0] ?? '';
        // for npm run bench -- browser: the whole request, and the proof from the artifacts in hand
        status.dataset.provingMs = String(provingMs);
        status.dataset.ms = String(ms);
        status.textContent = `Proof ready in ${(ms / 1000).toFixed(1)} s (nullifier ${nullifier.slice(0, 12)}…). Nothing has been sent yet.`;
        updateButtons();
      });
    }),
  );

  $('submit').addEventListener(
    'click',
    action(async () => {
      if (!proved) return;
      const key = $<HTMLInputElement>('venue-key').value.trim();
      const d = await api<{
        allowed: boolean;
        code?: string;
        reason?: string;
        receipt?: string;
        nullifier?: string;
        policy?: string;
      }>('/v1/trades', { key, body: proved });
      $('prove-status').textContent = 'The proof and the trade were sent to the venue; its decision is below.';
      const box = $('decision-box');
      box.hidden = false;
      const decision = $('decision');
      decision.className = d.allowed ? 'ok' : 'bad';
      decision.textContent = d.allowed
        ? `Admitted under ${d.policy ?? 'the policy'}.`
        : `Refused: ${d.code}: ${d.reason ?? ''}`;
      const dl = $('receipt');
      dl.replaceChildren();
      const item = (k: string, v: string) => dl.append(h('dt', {}, k), h('dd', {}, v));
      if (d.receipt) {
        try {
          const { keys } = await api<{ keys: Parameters<typeof lib.verifyReceipt>[1] }>('/.well-known/jwks.json');
          const payload = (await lib.verifyReceipt(d.receipt, keys)) as unknown as Record<string, unknown>;
          item('Receipt', 'signature verified against the service’s published key');
          for (const k of ['verdict', 'code', 'policy', 'nullifier', 'tradeHash', 'iat'])
            if (payload[k] !== undefined) item(k, String(payload[k]));
        } catch (err) {
          item('Receipt', `does not verify: ${(err as { code?: string }).code ?? ''} ${(err as Error).message}`);
        }
      }
    }),
  );

  void refreshKeyStatus().catch((err) => showError(errorBox(), err));
}
