import { accountLinkOf } from './account-link';

describe('links of account e-mails', () => {
  it('[AC2] [AC5] reads the reset and verification routes with their token, and nothing else', () => {
    expect(accountLinkOf('#/reset?token=abc_-9')).toEqual({ kind: 'reset', token: 'abc_-9' });
    expect(accountLinkOf('#/verify?token=XYZ')).toEqual({ kind: 'verify', token: 'XYZ' });
    for (const hash of ['', '#/today', '#/reset', '#/reset?token=', '#/reset?token=a b', '#/verify?token=x&y=1', '#/list/reset']) {
      expect(accountLinkOf(hash)).toBeNull();
    }
  });
});
