import test from 'node:test';
import assert from 'node:assert/strict';
import { bridgeBannerText, isBridged, senderKey, senderLabel, siteName } from '../src/bridge.js';

test('a bridged sender is shown with its site, a local one by name', () => {
  assert.equal(senderLabel({ from: 'alice', via: 'bridge', origin: 'site-b-4k2m9q' }), 'alice@site-b');
  assert.equal(senderLabel({ from: 'alice', via: 'bridge', origin: 'lab' }), 'alice@lab');
  assert.equal(senderLabel({ from: 'alice', via: 'bridge' }), 'alice@remote');
  assert.equal(senderLabel({ from: 'alice' }), 'alice');
  assert.equal(senderLabel({ from: 'alice', origin: 'site-b-4k2m9q' }), 'alice', 'only via:"bridge" marks a bridged message');
});

test('site names drop the random tail but never become empty', () => {
  assert.equal(siteName('site-b-4k2m9q'), 'site-b');
  assert.equal(siteName('-4k2m9q'), '-4k2m9q');
  assert.equal(siteName(''), 'remote');
  assert.equal(siteName(undefined), 'remote');
});

test('alice here and alice at another site are different senders', () => {
  assert.notEqual(senderKey({ from: 'alice' }), senderKey({ from: 'alice', via: 'bridge', origin: 'site-b-4k2m9q' }));
  assert.ok(isBridged({ via: 'bridge' }));
  assert.ok(!isBridged(null));
});

test('the banner speaks only when the bridge is enabled and down', () => {
  assert.equal(bridgeBannerText(null), null);
  assert.equal(bridgeBannerText({ enabled: false, connected: false }), null);
  assert.equal(bridgeBannerText({ enabled: true, connected: true }), null);
  assert.match(bridgeBannerText({ enabled: true, connected: false }), /bridge to other sites is down/);
});
