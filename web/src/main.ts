/**
 * The Vouch web app: three screens behind hash routes (#wallet, #auditor, #regulator), each a
 * labelled section reachable by keyboard from the navigation.
 */
import './shims/globals.js';
import { initAuditor } from './auditor-view.js';
import { initRegulator } from './regulator-view.js';
import { initUnmaskings } from './unmaskings-view.js';
import { $ } from './lib/dom.js';
import { initSession } from './wallet/session-view.js';
import { initWallet } from './wallet/wallet-view.js';

const SCREENS = ['wallet', 'auditor', 'regulator'] as const;

function route(focus: boolean): void {
  const want = location.hash.slice(1);
  const screen = (SCREENS as readonly string[]).includes(want) ? want : 'wallet';
  for (const s of SCREENS) {
    $(s).hidden = s !== screen;
    const link = $(`nav-${s}`);
    if (s === screen) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  if (focus) {
    const title = $(`${screen}-title`);
    title.tabIndex = -1;
    title.focus();
  }
}

initWallet();
initSession();
initAuditor();
initUnmaskings();
initRegulator();
window.addEventListener('hashchange', () => route(true));
route(false);
document.documentElement.dataset.ready = 'true';
document.documentElement.dataset.readyMs = String(Math.round(performance.now())); // interactive since navigation (npm run bench -- browser)
