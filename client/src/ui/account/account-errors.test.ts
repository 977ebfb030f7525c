import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { SessionExpiredError } from '../../session/session-errors';
import { explainAccountError } from './account-errors';

describe('account errors in words', () => {
  it('[AC21] UNAUTHENTICATED is a refused link on a link’s page, and an ended session inside the Account dialog', () => {
    const refused = new ProtocolError('UNAUTHENTICATED', 'this sign-in has ended');
    expect(explainAccountError(refused, 'link')).toBe('This link is invalid, has expired or was already used. Ask for a new one.');
    expect(explainAccountError(refused, 'session')).toBe('Your session ended. Sign in again first.');
    expect(explainAccountError(new SessionExpiredError(), 'session')).toBe('Your session ended. Sign in again first.');
    expect(explainAccountError(new ProtocolError('FORBIDDEN', 'the password is wrong'), 'session')).toBe('The password is wrong.');
  });
});
