import { ProtocolError } from '@tasklane/shared/protocol/protocol-error';
import { NetworkError } from '../../session/session-errors';
import { routeOf } from '../nav/route';
import { explainSharingError } from './sharing-errors';

describe('sharing errors in words', () => {
  it('[SC1] each code says what happened: offline, not the owner, gone, and the server’s own sentence for a limit or a clash', () => {
    expect(explainSharingError(new NetworkError(new TypeError('x')), 'manage')).toBe('You are offline. Sharing needs a connection.');
    expect(explainSharingError(new ProtocolError('FORBIDDEN', 'only the owner of the list may do this'), 'manage')).toBe(
      'Only the owner of this list can do that.',
    );
    expect(explainSharingError(new ProtocolError('NOT_FOUND', 'no such member of this list'), 'manage')).toMatch(/no longer there/);
    expect(
      explainSharingError(
        new ProtocolError('CONFLICT', 'that person is already a member of this list; change their role instead'),
        'manage',
      ),
    ).toBe('That person is already a member of this list; change their role instead.');
    expect(explainSharingError(new Error('boom'), 'manage')).toMatch(/Something went wrong/);
  });

  it('[SC2] accepting with an unconfirmed address asks to confirm it first; #/invitations is the invitations screen', () => {
    expect(explainSharingError(new ProtocolError('FORBIDDEN', 'confirm your e-mail address first'), 'accept')).toMatch(
      /^Confirm your email address first/,
    );
    expect(explainSharingError(new ProtocolError('NOT_FOUND', 'no such invitation'), 'accept')).toMatch(/no longer there/);
    expect(routeOf('#/invitations')).toEqual({ view: 'invitations' });
  });
});
