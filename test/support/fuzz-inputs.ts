import { seededRandom, type Random } from './seeded-random';

// Malformed and hostile input for the headless server, generated from a seed so that a
// failure reproduces exactly. Shared by test/headless/fuzz.test.ts and bench/headless.bench.ts.

export type FuzzKind = 'request' | 'cookie' | 'upgrade' | 'frames' | 'socket';

export interface FuzzCase {
  readonly kind: FuzzKind;
  /** Written one after the other, as separate writes. */
  readonly chunks: readonly Buffer[];
  /**
   * How the client leaves once everything is written: half-close, a TCP reset, an abrupt
   * close, or waiting for the server to close (the request asks it to, with `Connection: close`).
   */
  readonly ending: 'end' | 'reset' | 'destroy' | 'wait';
}

/** What the generator needs to reach deep into the server: a valid Host, and the token. */
export interface FuzzTarget {
  readonly port: number;
  readonly token: string;
}

const int = (random: Random, min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;

function randomBytes(random: Random, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) out[i] = Math.floor(random() * 256);
  return out;
}

/** Text with the characters that break parsers: controls, percent signs, separators, non-ASCII. */
function junk(random: Random, maxLength: number): string {
  const alphabet = [
    'a',
    'Z',
    '0',
    '%',
    '%%',
    '%0',
    '%E0%A4%A',
    '%00',
    '/',
    '\\',
    '?',
    '#',
    '&',
    '=',
    ';',
    ',',
    ':',
    '"',
    "'",
    ' ',
    '\t',
    '\r',
    '\n',
    '\0',
    '\u00ff',
    'é',
    '😀',
    '\ud800',
    '..',
    '//',
    '[',
    ']',
    '@',
    '*',
    '<',
    '>',
    '{',
    '}',
  ];
  let text = '';
  const length = int(random, 0, maxLength);
  while (text.length < length) text += pick(random, alphabet);
  return text;
}

function hostHeader(random: Random, target: FuzzTarget): string | null {
  // Mostly right, so that the input reaches the token and the handlers behind it.
  if (chance(random, 0.8)) return pick(random, [`127.0.0.1:${target.port}`, `localhost:${target.port}`, `[::1]:${target.port}`]);
  return pick(random, [
    null,
    '',
    `127.0.0.1:${target.port + 1}`,
    '127.0.0.1',
    'evil.example',
    `evil.example:${target.port}`,
    '[::1',
    '[zz]:1',
    `127.0.0.1:${target.port}:9`,
    `127.0.0.1:99999999`,
    junk(random, 40),
  ]);
}

function originHeader(random: Random, target: FuzzTarget): string | null {
  if (chance(random, 0.6)) return null;
  return pick(random, [
    `http://127.0.0.1:${target.port}`,
    `http://localhost:${target.port}`,
    `https://127.0.0.1:${target.port}`,
    `http://127.0.0.1:${target.port + 1}`,
    'null',
    'http://evil.example',
    'file://',
    '',
    junk(random, 40),
  ]);
}

function cookieHeader(random: Random, target: FuzzTarget): string | null {
  const { token } = target;
  return pick(random, [
    null,
    'botdeck_token=%',
    'botdeck_token=%E0%A4%A',
    `botdeck_token=${token}%`,
    `botdeck_token=${encodeURIComponent(token)}`,
    `botdeck_token=${token.slice(0, -1)}`,
    `botdeck_token="${token}"`,
    `botdeck_token=${token}; botdeck_token=%`,
    `botdeck_token=%; botdeck_token=${token}`,
    'botdeck_token',
    'botdeck_token=',
    '=',
    ';;;',
    `a=1; ${'x='.repeat(int(random, 1, 400))}`,
    `botdeck_token=${'A'.repeat(int(random, 1, 8000))}`,
    `botdeck_token=${junk(random, 60)}`,
    junk(random, 120),
  ]);
}

const TARGETS = (random: Random, token: string): string[] => [
  '/',
  '//',
  '///',
  '/%',
  '/%E0%A4%A',
  '/%00',
  '/..%2F..%2Fsecret.key',
  '/../../secret.key',
  '/exports/..%2F..%2Fbotdeck.db',
  '/exports/%2e%2e/secret.key',
  '//evil.example/',
  '/\\evil.example',
  '*',
  'http://evil.example/',
  'evil',
  '',
  '/?token=%',
  `/?token=${token}`,
  `//?token=${token}`,
  `/?token=${token}&token=x`,
  `/assets/${junk(random, 30)}`,
  `/${'a/'.repeat(int(random, 1, 3000))}`,
  `/?${junk(random, 200)}`,
  `/${junk(random, 60)}`,
];

/** Splits a request into one or two writes, and sometimes drops its end. */
function chunked(random: Random, bytes: Buffer, truncate: boolean): Buffer[] {
  if (truncate) bytes = bytes.subarray(0, int(random, 0, bytes.length));
  if (bytes.length > 1 && chance(random, 0.3)) {
    const at = int(random, 1, bytes.length - 1);
    return [bytes.subarray(0, at), bytes.subarray(at)];
  }
  return [bytes];
}

function ending(random: Random): FuzzCase['ending'] {
  return pick(random, ['end', 'end', 'end', 'end', 'end', 'reset', 'destroy']);
}

function extraHeader(random: Random): string {
  return pick(random, [
    'Connection: close',
    'Connection: keep-alive',
    `Content-Length: ${pick(random, ['0', '5', '-1', '99999999999999999999', 'abc', '1, 2'])}`,
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked',
    `X-Long: ${'x'.repeat(int(random, 1, 20_000))}`,
    'No colon here',
    ': empty name',
    'Bad\u0001Name: 1',
    `X-Junk: ${junk(random, 80)}`,
    'Host: second.example',
    'Expect: 100-continue',
  ]);
}

/**
 * A well-formed request with one to three things broken, so that most cases get past the
 * parser and the Host check to the parts behind them (the cookie kind breaks the cookie, and
 * at most the Host or the Origin besides).
 */
function requestCase(random: Random, target: FuzzTarget, kind: 'request' | 'cookie'): FuzzCase {
  let method = 'GET';
  let path = pick(random, ['/', '/assets/app.js', '/index.html', '/exports/none.csv']);
  let version = 'HTTP/1.1';
  let eol = '\r\n';
  let host: string | null = `127.0.0.1:${target.port}`;
  let origin: string | null = null;
  const cookie: string | null = kind === 'cookie' ? cookieHeader(random, target) : chance(random, 0.7) ? `botdeck_token=${target.token}` : null;
  const extras: string[] = [];
  let body = '';
  let truncate = false;
  let pipelined = false;
  const mutations = kind === 'cookie' ? int(random, 0, 1) : int(random, 1, 3);
  for (let i = 0; i < mutations; i += 1) {
    switch (int(random, 0, kind === 'cookie' ? 1 : 10)) {
      case 0:
        host = hostHeader(random, target);
        break;
      case 1:
        origin = originHeader(random, target);
        break;
      case 2:
        method = pick(random, ['HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH', 'BREW', '', 'G\0T', junk(random, 8)]);
        break;
      case 3:
      case 4:
        path = pick(random, TARGETS(random, target.token));
        break;
      case 5:
        version = pick(random, ['HTTP/1.0', 'HTTP/2.0', 'HTTP/9.9', 'http/1.1', '', junk(random, 10)]);
        break;
      case 6:
        eol = pick(random, ['\n', '\r', '\r\r\n', '']);
        break;
      case 7:
        extras.push(extraHeader(random));
        break;
      case 8:
        body = junk(random, 300);
        break;
      case 9:
        truncate = true;
        break;
      default:
        pipelined = true;
    }
  }
  // Half the time the client waits for the answer, so that requests are served, not only
  // parsed (not when cut short: the server would rightly wait for the rest).
  const leaving = !truncate && chance(random, 0.5) ? 'wait' : ending(random);
  const headers = [
    host === null ? null : `Host: ${host}`,
    origin === null ? null : `Origin: ${origin}`,
    cookie === null ? null : `Cookie: ${cookie}`,
    leaving === 'wait' ? 'Connection: close' : null,
    ...extras,
  ].filter((line) => line !== null);
  const text = `${method} ${path} ${version}${eol}${headers.map((line) => `${line}${eol}`).join('')}${eol}${body}`;
  const bytes = Buffer.from(text, chance(random, 0.5) ? 'utf8' : 'latin1');
  return { kind, chunks: chunked(random, pipelined ? Buffer.concat([bytes, bytes]) : bytes, truncate), ending: leaving };
}

const WS_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

function upgradeText(random: Random, target: FuzzTarget, mutate: boolean): string {
  const path = mutate && chance(random, 0.3) ? pick(random, ['/api?token=%', `/api?token=${target.token}`, '//api', '/api/', '/', '/api%', junk(random, 20)]) : '/api';
  const lines = [
    `Host: ${mutate && chance(random, 0.2) ? (hostHeader(random, target) ?? '') : `127.0.0.1:${target.port}`}`,
    `Upgrade: ${mutate && chance(random, 0.15) ? pick(random, ['h2c', 'WebSocket', '', junk(random, 10)]) : 'websocket'}`,
    `Connection: ${mutate && chance(random, 0.1) ? pick(random, ['close', 'keep-alive', junk(random, 10)]) : 'Upgrade'}`,
  ];
  if (!mutate || chance(random, 0.8))
    lines.push(`Sec-WebSocket-Key: ${mutate && chance(random, 0.2) ? pick(random, ['', 'short', 'AAAAAAAAAAAAAAAAAAAAAA==', junk(random, 30)]) : WS_KEY}`);
  if (!mutate || chance(random, 0.8)) lines.push(`Sec-WebSocket-Version: ${mutate && chance(random, 0.2) ? pick(random, ['8', '99', '', junk(random, 5)]) : '13'}`);
  if (mutate && chance(random, 0.2))
    lines.push(`Sec-WebSocket-Extensions: ${pick(random, ['permessage-deflate', 'permessage-deflate; client_max_window_bits=99', junk(random, 30)])}`);
  if (mutate && chance(random, 0.15)) lines.push(`Sec-WebSocket-Protocol: ${junk(random, 30)}`);
  const origin = mutate ? originHeader(random, target) : null;
  if (origin !== null) lines.push(`Origin: ${origin}`);
  const cookie = mutate && chance(random, 0.4) ? cookieHeader(random, target) : `botdeck_token=${target.token}`;
  if (cookie !== null) lines.push(`Cookie: ${cookie}`);
  return `GET ${path} HTTP/1.1\r\n${lines.map((line) => `${line}\r\n`).join('')}\r\n`;
}

function upgradeCase(random: Random, target: FuzzTarget): FuzzCase {
  return { kind: 'upgrade', chunks: chunked(random, Buffer.from(upgradeText(random, target, true), 'utf8'), chance(random, 0.15)), ending: ending(random) };
}

interface FrameSpec {
  readonly fin?: boolean;
  readonly rsv?: number;
  readonly opcode: number;
  readonly payload: Buffer;
  readonly masked?: boolean;
  /** A length field that lies about the payload (larger than the limit, or than what follows). */
  readonly claimedLength?: bigint;
}

function frame(random: Random, spec: FrameSpec): Buffer {
  const length = spec.claimedLength ?? BigInt(spec.payload.length);
  const masked = spec.masked ?? true;
  const first = ((spec.fin ?? true) ? 0x80 : 0) | ((spec.rsv ?? 0) << 4) | spec.opcode;
  let header: Buffer;
  if (length < 126n) header = Buffer.from([first, (masked ? 0x80 : 0) | Number(length)]);
  else if (length < 65_536n) {
    header = Buffer.alloc(4);
    header.writeUInt16BE(Number(length), 2);
    header[1] = (masked ? 0x80 : 0) | 126;
  } else {
    header = Buffer.alloc(10);
    header.writeBigUInt64BE(length, 2);
    header[1] = (masked ? 0x80 : 0) | 127;
  }
  header[0] = first;
  if (!masked) return Buffer.concat([header, spec.payload]);
  const key = randomBytes(random, 4);
  const body = Buffer.from(spec.payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([header, key, body]);
}

const text = (value: string): Buffer => Buffer.from(value, 'utf8');

/** Calls that only read: a fuzz case must never stop or remove the bot it is meant to leave running. */
const SAFE_CALLS = ['getAppInfo', 'listBots', 'getStoreStatus', 'dropAllTables', '__proto__', 'constructor', ''];

function jsonPayload(random: Random): string {
  return pick(random, [
    JSON.stringify({ id: int(random, 0, 1000), call: pick(random, SAFE_CALLS) }),
    JSON.stringify({ id: int(random, 0, 1000), call: pick(random, SAFE_CALLS), input: { sneaky: junk(random, 20) } }),
    JSON.stringify({ id: -1, call: 'getAppInfo' }),
    JSON.stringify({ id: 1.5, call: 'listBots' }),
    JSON.stringify({ id: '1', call: 'listBots' }),
    JSON.stringify({ __proto__: { polluted: true }, id: 2, call: 'getAppInfo' }),
    '{"id":1,"call":"getAppInfo","constructor":{"prototype":{"polluted":true}}}',
    `${'['.repeat(int(random, 1, 5000))}${']'.repeat(int(random, 0, 5000))}`,
    'null',
    '1e999999',
    '"\\ud800"',
    '',
    junk(random, 200),
  ]);
}

function someFrame(random: Random): Buffer {
  const choice = int(random, 0, 15);
  switch (choice) {
    case 0:
    case 1:
    case 2:
      return frame(random, { opcode: 1, payload: text(jsonPayload(random)) });
    case 3:
      return frame(random, { opcode: 2, payload: text(jsonPayload(random)) });
    case 4:
      // Text that is not UTF-8.
      return frame(random, { opcode: 1, payload: Buffer.concat([text('{"id":1'), Buffer.from([0xff, 0xfe, 0xc3]), text('}')]) });
    case 5:
      // Over the 1 MiB limit, announced in the header; the body never needs to follow.
      return frame(random, { opcode: pick(random, [1, 2]), payload: Buffer.alloc(0), claimedLength: BigInt(int(random, 1024 * 1024 + 1, 2 ** 31)) });
    case 6:
      return frame(random, { opcode: 1, payload: Buffer.alloc(0), claimedLength: pick(random, [2n ** 63n - 1n, 2n ** 53n, 2n ** 62n]) });
    case 7:
      return frame(random, { opcode: 1, payload: text(jsonPayload(random)), masked: false });
    case 8:
      return frame(random, { opcode: pick(random, [3, 4, 5, 6, 7, 0xb, 0xc, 0xd, 0xe, 0xf]), payload: randomBytes(random, int(random, 0, 40)) });
    case 9:
      return frame(random, { opcode: 1, rsv: int(random, 1, 7), payload: text('{}') });
    case 10:
      // A control frame that is fragmented or too long.
      return frame(random, { opcode: pick(random, [8, 9, 10]), fin: chance(random, 0.5), payload: randomBytes(random, pick(random, [10, 126, 200])) });
    case 11:
      // A close with a code or reason that is not allowed.
      return frame(random, {
        opcode: 8,
        payload: Buffer.concat([Buffer.from([int(random, 0, 255), int(random, 0, 255)]), chance(random, 0.5) ? Buffer.from([0xff]) : text('bye')]),
      });
    case 12:
      return frame(random, { opcode: 0, payload: text('continued'), fin: chance(random, 0.5) });
    case 13:
      return Buffer.concat([frame(random, { opcode: 1, fin: false, payload: text('{"id":') }), frame(random, { opcode: pick(random, [0, 1, 2, 9]), payload: text('1}') })]);
    case 14:
      return frame(random, { opcode: 9, payload: randomBytes(random, int(random, 0, 125)) });
    default:
      return randomBytes(random, int(random, 1, 64));
  }
}

function framesCase(random: Random, target: FuzzTarget): FuzzCase {
  const frames: Buffer[] = [];
  const count = int(random, 1, 4);
  for (let i = 0; i < count; i += 1) frames.push(someFrame(random));
  const bytes = Buffer.concat(frames);
  // Sometimes the last frame is cut short.
  const sent = chance(random, 0.15) ? bytes.subarray(0, int(random, 1, bytes.length)) : bytes;
  return { kind: 'frames', chunks: [Buffer.from(upgradeText(random, target, false), 'utf8'), sent], ending: ending(random) };
}

function socketCase(random: Random): FuzzCase {
  const chunks = pick(random, [
    [],
    [randomBytes(random, int(random, 1, 2000))],
    [Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1')],
    // The start of a TLS ClientHello on a plain-http port.
    [Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]), randomBytes(random, 64)],
    [Buffer.from('\r\n\r\n\r\n'), Buffer.from('GET')],
    [Buffer.from('GET / HTTP/1.1\r\nHost: ')],
  ]);
  return { kind: 'socket', chunks, ending: ending(random) };
}

/** `count` cases from `seed`; the same arguments give the same cases, byte for byte. */
export function* fuzzCases(seed: number, count: number, target: FuzzTarget): Generator<FuzzCase> {
  const random = seededRandom(seed);
  for (let i = 0; i < count; i += 1) {
    const roll = random();
    if (roll < 0.3) yield requestCase(random, target, 'request');
    else if (roll < 0.48) yield requestCase(random, target, 'cookie');
    else if (roll < 0.68) yield upgradeCase(random, target);
    else if (roll < 0.95) yield framesCase(random, target);
    else yield socketCase(random);
  }
}
