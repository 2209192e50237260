/**
 * The Vouch web app: three screens behind hash routes (#wallet, #auditor, #regulator), each a
 * labelled section reachable by keyboard from the navigation.
 * The page's first load carries the wallet's screen only (issue 15: interactive within 1 s). The
 * auditor console (with its unmaskings list) and the regulator view are chunks of their own, loaded
 * when their route is first opened, or once the page is idle after the wallet is ready (so they
 * work if the service is then out of reach); until a screen is wired its forms stay disabled and
 * the section aria-busy, so nothing can be clicked that would do nothing. The wallet's own library
 * code (keys, credentials, policies) is fetched right after ready, and its actions await it.
 */
import './shims/globals.js';
import { $, showError } from './lib/dom.js';
import { initSession } from './wallet/session-view.js';
import { initWallet, walletLibrary } from './wallet/wallet-view.js';

const SCREENS = ['wallet', 'auditor', 'regulator'] as const;
type LazyScreen = Exclude<(typeof SCREENS)[number], 'wallet'>;

/** Each other screen's code, wired into its section once loaded. */
const SCREEN_CODE: Record<LazyScreen, () => Promise<void>> = {
  auditor: async () => {
    const [auditor, unmaskings] = await Promise.all([import('./auditor-view.js'), import('./unmaskings-view.js')]);
    auditor.initAuditor();
    unmaskings.initUnmaskings();
  },
  regulator: async () => (await import('./regulator-view.js')).initRegulator(),
};
const loading = new Map<LazyScreen, Promise<void>>();

/** Disables (or enables) a screen's forms while its code is not wired. */
function busy(screen: LazyScreen, on: boolean): void {
  const section = $(screen);
  if (on) section.setAttribute('aria-busy', 'true');
  else section.removeAttribute('aria-busy');
  for (const fieldset of section.querySelectorAll('fieldset')) fieldset.disabled = on;
}

/** Loads and wires a screen once; a failed load is shown in its alert box and tried again next time. */
function loadScreen(screen: LazyScreen): Promise<void> {
  let p = loading.get(screen);
  if (!p) {
    p = SCREEN_CODE[screen]().then(
      () => busy(screen, false),
      (err: unknown) => {
        loading.delete(screen);
        showError($(`${screen}-error`), err);
      },
    );
    loading.set(screen, p);
  }
  return p;
}

function route(focus: boolean): void {
  const want = location.hash.slice(1);
  const screen = (SCREENS as readonly string[]).includes(want) ? want : 'wallet';
  for (const s of SCREENS) {
    $(s).hidden = s !== screen;
    const link = $(`nav-${s}`);
    if (s === screen) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (screen !== 'wallet') void loadScreen(screen as LazyScreen);
  if (focus) {
    const title = $(`${screen}-title`);
    title.tabIndex = -1;
    title.focus();
  }
}

/** After ready, when the page is idle (Safari has no requestIdleCallback: a timer there). */
const whenIdle = (f: () => void) =>
  'requestIdleCallback' in window ? requestIdleCallback(f, { timeout: 2000 }) : setTimeout(f, 200);

for (const s of Object.keys(SCREEN_CODE) as LazyScreen[]) busy(s, true);
initWallet();
initSession();
window.addEventListener('hashchange', () => route(true));
route(false);
document.documentElement.dataset.ready = 'true';
document.documentElement.dataset.readyMs = String(Math.round(performance.now())); // interactive since navigation (npm run bench -- browser)
// the wallet's actions need its library first; the other screens after that
void walletLibrary()
  .catch(() => undefined) // an action that needs it loads it again and shows why it failed
  .then(() => whenIdle(() => void Promise.all((Object.keys(SCREEN_CODE) as LazyScreen[]).map(loadScreen))));
