import { describe, expect, it } from 'vitest';
import { checkSignature, signWebhook } from '../../lib/intake/webhook-signature';

const SECRET = 'shared-secret-for-tests';
const BODY = '{"number":"RITM0010042"}';
const NOW = new Date('2026-11-20T09:15:00.000Z');
const seconds = (d: Date) => String(Math.floor(d.getTime() / 1000));

describe('webhook signature', () => {
  it('accepts a request when the timestamped signature matches and is fresh', () => {
    const ts = seconds(new Date(NOW.getTime() - 60_000));
    expect(checkSignature(SECRET, BODY, { 'x-tally-signature': signWebhook(SECRET, BODY, ts), 'x-tally-timestamp': ts }, NOW)).toEqual({ ok: true, timestampMs: Number(ts) * 1000 });
  });

  it('refuses a request when the signature was made with another secret or over another body', () => {
    const ts = seconds(NOW);
    expect(checkSignature(SECRET, BODY, { 'x-tally-signature': signWebhook('other', BODY, ts), 'x-tally-timestamp': ts }, NOW)).toEqual({ ok: false, reason: 'signature does not match' });
    expect(checkSignature(SECRET, `${BODY} `, { 'x-tally-signature': signWebhook(SECRET, BODY, ts), 'x-tally-timestamp': ts }, NOW)).toMatchObject({ ok: false });
  });

  it('refuses a request when the timestamp was changed to look fresh (it is signed)', () => {
    const old = seconds(new Date(NOW.getTime() - 3_600_000));
    expect(checkSignature(SECRET, BODY, { 'x-tally-signature': signWebhook(SECRET, BODY, old), 'x-tally-timestamp': seconds(NOW) }, NOW)).toEqual({ ok: false, reason: 'signature does not match' });
  });

  it('refuses a request when its timestamp is more than 5 minutes old', () => {
    const ts = seconds(new Date(NOW.getTime() - 301_000));
    expect(checkSignature(SECRET, BODY, { 'x-tally-signature': signWebhook(SECRET, BODY, ts), 'x-tally-timestamp': ts }, NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/more than 5 minutes/) });
  });

  it('refuses a request when the signature header is missing or malformed', () => {
    expect(checkSignature(SECRET, BODY, {}, NOW)).toMatchObject({ ok: false, reason: 'no x-tally-signature header' });
    expect(checkSignature(SECRET, BODY, { 'x-tally-signature': 'sha1=abc' }, NOW)).toMatchObject({ ok: false });
  });

  it('accepts Jira’s X-Hub-Signature over the body alone, leaving freshness to the signed body', () => {
    expect(checkSignature(SECRET, BODY, { 'x-hub-signature': signWebhook(SECRET, BODY) }, NOW)).toEqual({ ok: true });
  });
});
