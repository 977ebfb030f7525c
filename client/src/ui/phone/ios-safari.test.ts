import { isIosSafari, wantsIosInstallHint } from './ios-safari';

const UA = {
  iphoneSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  ipadDesktopSafari:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  iphoneChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
  iphoneFirefox:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/125.0 Mobile/15E148 Safari/605.1.15',
  iphoneInAppWebView: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
};

describe('iOS Safari detection', () => {
  it('[PH2] only Safari on an iPhone or iPad counts, not Chrome or Firefox on iOS, in-app web views, a Mac or Android', () => {
    expect(isIosSafari({ userAgent: UA.iphoneSafari, maxTouchPoints: 5 })).toBe(true);
    expect(isIosSafari({ userAgent: UA.ipadDesktopSafari, maxTouchPoints: 5 })).toBe(true);
    expect(isIosSafari({ userAgent: UA.ipadDesktopSafari, maxTouchPoints: 0 })).toBe(false); // Safari on a Mac
    expect(isIosSafari({ userAgent: UA.iphoneChrome, maxTouchPoints: 5 })).toBe(false);
    expect(isIosSafari({ userAgent: UA.iphoneFirefox, maxTouchPoints: 5 })).toBe(false);
    expect(isIosSafari({ userAgent: UA.iphoneInAppWebView, maxTouchPoints: 5 })).toBe(false);
    expect(isIosSafari({ userAgent: UA.androidChrome, maxTouchPoints: 5 })).toBe(false);
  });

  it('[PH2] the install hint is not wanted once the app runs from the home screen', () => {
    expect(wantsIosInstallHint({ userAgent: UA.iphoneSafari, maxTouchPoints: 5, standalone: false })).toBe(true);
    expect(wantsIosInstallHint({ userAgent: UA.iphoneSafari, maxTouchPoints: 5, standalone: true })).toBe(false);
  });
});
