import { afterEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/render/blocks.js';
import { SIGNING_SECRET, startHarness, type Harness } from '../helpers/slack-app.js';
import { actionBody, commandBody, eventBody, postSigned, signatureHeaders } from '../helpers/sign.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.stop();
  h = null;
});

const mention = { type: 'app_mention', user: 'U1', text: '<@UBOT> FDI 2024', ts: '1700000100.000100', channel: 'C1' };

async function expectNoEffect(): Promise<void> {
  await new Promise((r) => setTimeout(r, 150));
  expect(h!.engine.calls).toEqual([]);
  expect(h!.api.calls.filter((c) => c.method !== 'auth.test')).toEqual([]);
  expect(await h!.store.listFeedback()).toEqual([]);
}

describe('request verification', () => {
  it.each([
    ['a slash command', () => commandBody({ text: 'FDI 2024' })],
    ['an event', () => eventBody(mention)],
    ['a button click', () => actionBody({ type: 'block_actions', user: { id: 'U1' }, team: { id: 'T1' }, actions: [{ type: 'button', action_id: ACTION.feedbackUp, value: '{"q":"x","i":"y"}' }], response_url: 'http://127.0.0.1:9/x' })],
  ])('rejects %s with 401 and no effect when the signature is forged', async (_name, body) => {
    h = await startHarness();
    const res = await postSigned(h.url, body(), { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  it('rejects a correctly signed request with 401 when its timestamp is stale', async () => {
    h = await startHarness();
    const res = await h.post(commandBody({ text: 'FDI 2024' }), { ts: Math.floor(Date.now() / 1000) - 10 * 60 });
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  it('rejects a request with 401 when it carries no signature', async () => {
    h = await startHarness();
    const res = await h.post(eventBody(mention), { unsigned: true });
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  it('rejects a request with 401 when the body was changed after signing', async () => {
    h = await startHarness();
    const signed = commandBody({ text: 'FDI 2024' });
    const headers = signatureHeaders(SIGNING_SECRET, signed);
    const res = await fetch(h.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: commandBody({ text: 'FDI 2025' }) });
    expect(res.status).toBe(401);
    await expectNoEffect();
  });

  it('rejects an unsigned url_verification with 401', async () => {
    h = await startHarness();
    const res = await h.post(JSON.stringify({ type: 'url_verification', challenge: 'c' }), { unsigned: true });
    expect(res.status).toBe(401);
  });

  it('serves a health check without a signature', async () => {
    h = await startHarness();
    const res = await fetch(h.url.replace('/slack/events', '/healthz'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
  });
});
