/** What the page can tell about the browser it runs in. */
export type BrowserFacts = { userAgent: string; maxTouchPoints: number; standalone: boolean };

const IOS_DEVICE = /\b(?:iPhone|iPad|iPod)\b/;
// iPadOS asks for desktop pages with a Mac user agent; only its touch screen gives it away.
const MAC = /\bMacintosh\b/;
// Safari's own user agent: "Version/17.4 Mobile/15E148 Safari/604.1". In-app web views have no "Safari/".
const SAFARI = /\bVersion\/[\d.]+\b.*\bSafari\/[\d.]+/;
// Other browsers on iOS use Safari's engine and keep its tokens, but their menus differ.
const OTHER_IOS_BROWSER = /\b(?:CriOS|FxiOS|EdgiOS|OPiOS|OPT|YaBrowser|DuckDuckGo|GSA|FBAN|FBAV|FBIOS|Instagram|Mercury)\b/;

/** Safari on an iPhone, iPad or iPod: the one browser where only the Share menu installs a web app. */
export function isIosSafari({ userAgent, maxTouchPoints }: Pick<BrowserFacts, 'userAgent' | 'maxTouchPoints'>): boolean {
  const ios = IOS_DEVICE.test(userAgent) || (MAC.test(userAgent) && maxTouchPoints > 1);
  return ios && SAFARI.test(userAgent) && !OTHER_IOS_BROWSER.test(userAgent);
}

/** iOS Safari has no install prompt, so the app explains "Add to Home Screen" there, unless it already runs from the home screen. */
export function wantsIosInstallHint(facts: BrowserFacts): boolean {
  return !facts.standalone && isIosSafari(facts);
}

export function browserFacts(): BrowserFacts {
  const standalone =
    (navigator as Navigator & { standalone?: boolean }).standalone === true || window.matchMedia('(display-mode: standalone)').matches;
  return { userAgent: navigator.userAgent, maxTouchPoints: navigator.maxTouchPoints, standalone };
}
