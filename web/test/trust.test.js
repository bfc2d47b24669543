import { test } from 'node:test';
import assert from 'node:assert/strict';
import { secureUrl } from '../src/views/trust.js';

const tlsInfo = { tls: { enabled: true, https: { port: 8443, url: 'https://192.168.1.20:8443/' }, ca: '/api/tls/ca.crt' } };

test('a plain page of a TLS server links to the same place over https', () => {
  const loc = { protocol: 'http:', pathname: '/', hash: '#/r/general' };
  assert.equal(secureUrl(tlsInfo, loc), 'https://192.168.1.20:8443/#/r/general');
});

test('no link when the page already is https or the server has no TLS', () => {
  assert.equal(secureUrl(tlsInfo, { protocol: 'https:', pathname: '/', hash: '' }), null);
  assert.equal(secureUrl({ tls: { enabled: false } }, { protocol: 'http:', pathname: '/', hash: '' }), null);
  assert.equal(secureUrl({}, { protocol: 'http:', pathname: '/', hash: '' }), null);
});
