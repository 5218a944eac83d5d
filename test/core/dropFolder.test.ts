import { describe, expect, it } from 'vitest';
import { parseSidecar } from '../../lambdas/core/dropFolder';
import type { WebhookTargetRules } from '../../lambdas/core/webhook/deliver';

const DEPLOYED: WebhookTargetRules = { allowPrivateHosts: false, allowHttp: false };
const LOCAL: WebhookTargetRules = { allowPrivateHosts: true, allowHttp: true };
const sidecar = (webhookUrl: string) => JSON.stringify({ webhookUrl });

describe('parseSidecar: the webhook URL of a dropped file', () => {
  it('takes a public https URL', () => {
    expect(parseSidecar(sidecar('https://hooks.example/leadflow?token=abc'), DEPLOYED)).toEqual({
      ok: true,
      options: { webhookUrl: 'https://hooks.example/leadflow?token=abc' },
    });
  });

  it.each([
    ['https://user:hook-secret@hooks.example/x', 'must not carry a user name or password'],
    ['https://169.254.169.254/latest/meta-data/', 'must not point at a private, loopback, link-local or metadata address'],
    ['https://10.0.0.5/hook', 'must not point at a private, loopback, link-local or metadata address'],
    ['https://[::ffff:127.0.0.1]/hook', 'must not point at a private, loopback, link-local or metadata address'],
    ['http://hooks.example/x', 'must be an https URL (plain http is refused when deployed)'],
  ])('refuses %s when deployed, naming the field and the rule, never the URL', (url, rule) => {
    const parsed = parseSidecar(sidecar(url), DEPLOYED);
    expect(parsed).toEqual({ ok: false, reason: `The options sidecar has invalid field(s): webhookUrl (${rule}).` });
    expect(JSON.stringify(parsed)).not.toContain(new URL(url).host);
    expect(JSON.stringify(parsed)).not.toContain('hook-secret');
  });

  it('takes loopback over http on one machine, and still refuses credentials there', () => {
    expect(parseSidecar(sidecar('http://127.0.0.1:8080/hook'), LOCAL)).toMatchObject({ ok: true });
    expect(parseSidecar(sidecar('http://u:p@127.0.0.1:8080/hook'), LOCAL)).toEqual({
      ok: false,
      reason: 'The options sidecar has invalid field(s): webhookUrl (must not carry a user name or password).',
    });
  });

  it('names the field of a URL the schema refuses, without a webhook check', () => {
    expect(parseSidecar(sidecar('ftp://hooks.example/'), DEPLOYED)).toEqual({ ok: false, reason: 'The options sidecar has invalid field(s): webhookUrl.' });
    expect(parseSidecar(undefined, DEPLOYED)).toEqual({ ok: true, options: {} });
  });
});
