import { ConfigError, parseConfig } from '../config';
import { DEFAULT_PUSH_ENDPOINT_HOSTS, endpointHostProblem } from './endpoint-hosts';

describe('push endpoint hosts', () => {
  it('[NT17] names match exactly, *.domain matches subdomains only, and only port 443 is allowed', () => {
    const allowed = DEFAULT_PUSH_ENDPOINT_HOSTS;
    for (const endpoint of [
      'https://fcm.googleapis.com/fcm/send/abc',
      'https://updates.push.services.mozilla.com/wpush/v2/abc',
      'https://web.push.apple.com/abc',
      'https://wns2-par02p.notify.windows.com/w/?token=abc',
      'https://FCM.googleapis.com.:443/fcm/send/abc',
    ])
      expect([endpoint, endpointHostProblem(new URL(endpoint), allowed)]).toEqual([endpoint, null]);
    for (const endpoint of [
      'https://push.apple.com/abc',
      'https://fcm.googleapis.com.evil.net/abc',
      'https://evilfcm.googleapis.com/abc',
      'https://notify.windows.com.example/abc',
      'https://fcm.googleapis.com:8443/abc',
    ])
      expect([endpoint, endpointHostProblem(new URL(endpoint), allowed)]).toEqual([endpoint, expect.any(String)]);
  });

  it('[NT17] PUSH_ENDPOINT_HOSTS defaults to the browsers push services and refuses entries that are not host names', () => {
    expect(parseConfig({}).reminders.endpointHosts).toEqual(DEFAULT_PUSH_ENDPOINT_HOSTS);
    expect(parseConfig({ PUSH_ENDPOINT_HOSTS: ' push.example.com , *.Push.Example.net ' }).reminders.endpointHosts).toEqual([
      'push.example.com',
      '*.push.example.net',
    ]);
    for (const raw of ['https://push.example.com', 'push.example.com:443', 'a.*.example.com', ','])
      expect(() => parseConfig({ PUSH_ENDPOINT_HOSTS: raw })).toThrow(ConfigError);
  });
});
