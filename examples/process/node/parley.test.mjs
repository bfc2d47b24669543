// An application's tests against Parley: `java -jar parley.jar --ephemeral --print-ports` started once, its one JSON
// line of ports read, and stdin closed at the end (which stops it). PARLEY_JAR names the jar (default: this checkout's
// target/parley.jar), JAVA the java to run it. The server gets no PARLEY_* variables: it would read them as settings.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import mqtt from 'mqtt';

const jar = process.env.PARLEY_JAR ?? fileURLToPath(new URL('../../../target/parley.jar', import.meta.url));
let server;
let ports;

function withoutParleySettings(env) {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('PARLEY_')));
}

before(async () => {
  server = spawn(process.env.JAVA ?? 'java', ['-jar', jar, '--ephemeral', '--print-ports'],
    { stdio: ['pipe', 'pipe', 'inherit'], env: withoutParleySettings(process.env) });
  const lines = createInterface({ input: server.stdout });
  const exited = once(server, 'exit').then(([code]) => { throw new Error(`Parley exited with ${code}`); });
  const [line] = await Promise.race([once(lines, 'line'), exited]); // {"http":…,"mqtt":…,"ws":…,…}
  ports = JSON.parse(line);
});

after(async () => {
  server.stdin.end(); // closing stdin stops the server
  const [code] = await once(server, 'exit');
  assert.equal(code, 0);
});

async function roundTrip(subscriber, publisher, topic, text) {
  const received = new Promise((resolve) => subscriber.once('message', (t, payload) => resolve(payload.toString())));
  await subscriber.subscribeAsync(topic, { qos: 1 });
  await publisher.publishAsync(topic, text, { qos: 1 });
  return received;
}

test('a reading goes from publisher to subscriber over MQTT', async () => {
  const subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`);
  const publisher = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`);
  try {
    assert.equal(await roundTrip(subscriber, publisher, 'sensors/kitchen', '21.5'), '21.5');
  } finally {
    await Promise.all([subscriber.endAsync(), publisher.endAsync()]);
  }
});

test('MQTT over WebSocket reaches TCP subscribers', async () => {
  const subscriber = await mqtt.connectAsync(`mqtt://127.0.0.1:${ports.mqtt}`);
  const web = await mqtt.connectAsync(`ws://127.0.0.1:${ports.ws}/mqtt`);
  try {
    assert.equal(await roundTrip(subscriber, web, 'sensors/hall', '19.0'), '19.0');
  } finally {
    await Promise.all([subscriber.endAsync(), web.endAsync()]);
  }
});

test('the web API answers', async () => {
  const response = await fetch(`http://127.0.0.1:${ports.http}/api/health`);
  assert.equal((await response.json()).status, 'up');
});
