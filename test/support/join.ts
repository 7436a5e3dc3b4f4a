/**
 * Joining as a person does: signUp, the code from the mail (the dev mailbox, /dev/mail, which a
 * server outside production without SMTP_URL serves to loopback), confirmSignUp.
 */
import { GqlClient } from './test-app';

export const SIGN_UP = `mutation($i: SignUpInput!) { signUp(input: $i) { codeSentTo userErrors { field code message } } }`;
export const CONFIRM_SIGN_UP = `mutation($e: String!, $c: String!) { confirmSignUp(email: $e, code: $c) { me { id } userErrors { field code message } } }`;

export interface JoinInput {
  email: string;
  password: string;
  displayName: string;
  birthDate: string;
  country?: string | null;
}

/** The newest mail to `email` at the server `baseUrl`, from its dev mailbox. */
export async function lastMailTo(baseUrl: string, email: string): Promise<{ to: string; subject: string; text: string } | null> {
  const res = await fetch(`${baseUrl}/dev/mail?format=json`);
  if (!res.ok) throw new Error(`dev mailbox: HTTP ${res.status}`);
  const mails = (await res.json()) as Array<{ to: string; subject: string; text: string }>;
  return mails.find((m) => m.to.toLowerCase() === email.trim().toLowerCase()) ?? null;
}

/** The sign-up code last mailed to `email`. */
export async function mailedCode(baseUrl: string, email: string): Promise<string> {
  const mail = await lastMailTo(baseUrl, email);
  const code = mail && /^(\d{6}) is your Permission code$/.exec(mail.subject)?.[1];
  if (!code) throw new Error(`no sign-up code was mailed to ${email}: ${JSON.stringify(mail)}`);
  return code;
}

/**
 * Sign up and confirm through `client` (a GqlClient, which then holds the session, or a server's
 * base URL); the new influencer's id and session cookie.
 */
export async function join(client: GqlClient | string, input: JoinInput): Promise<{ id: string; cookie: string; client: GqlClient }> {
  const c = typeof client === 'string' ? new GqlClient(client) : client;
  const up = await c.request(SIGN_UP, { i: input });
  if (!up.data?.signUp?.codeSentTo) throw new Error(`sign-up failed: ${JSON.stringify(up.body)}`);
  const confirmed = await c.request(CONFIRM_SIGN_UP, { e: input.email, c: await mailedCode(c.url, input.email) });
  const id = confirmed.data?.confirmSignUp?.me?.id as string | undefined;
  if (!id || !c.cookie) throw new Error(`confirmSignUp failed: ${JSON.stringify(confirmed.body)}`);
  return { id, cookie: c.cookie, client: c };
}
