import { api, registerUser, type RegisteredUser } from './api-client';
import { linkToken, type SmtpInbox } from './smtp-inbox';

/** Signs up on a server that mails through `inbox`, and confirms the address with the link sign-up mailed. */
export async function registerVerifiedUser(baseUrl: string, inbox: SmtpInbox): Promise<RegisteredUser> {
  const user = await registerUser(baseUrl);
  const token = linkToken(await inbox.next(user.email), 'verify');
  const answer = await api(baseUrl, 'POST', '/api/auth/verify-email', { body: { token } });
  if (answer.status !== 204) throw new Error(`verifying ${user.email} failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return user;
}
