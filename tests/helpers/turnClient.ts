// A minimal STUN/TURN client (RFC 5389/5766/6062 subset) for the coturn contract test: Allocate with
// long-term credentials, CreatePermission, Send indications, and Wire's REST-API credentials as brig
// computes them. Loopback only: the test never hands it another address to send to.
import { createHash, createHmac, randomBytes } from "crypto";
import * as dgram from "dgram";
import * as net from "net";

const MAGIC = 0x2112a442;
export const METHOD = { binding: 0x001, allocate: 0x003, createPermission: 0x008, send: 0x006, data: 0x007 } as const;
const CLASS = { request: 0x000, indication: 0x010, success: 0x100, error: 0x110 } as const;
const ATTR = {
  username: 0x0006,
  messageIntegrity: 0x0008,
  errorCode: 0x0009,
  realm: 0x0014,
  nonce: 0x0015,
  xorRelayedAddress: 0x0016,
  requestedAddressFamily: 0x0017,
  requestedTransport: 0x0019,
  xorPeerAddress: 0x0012,
  data: 0x0013,
} as const;

/**
 * Wire's TURN credentials as brig hands them out (TURN REST API, coturn's use-auth-secret): a
 * time-limited user name `<expiry>:<user>` and password = base64(HMAC-SHA1(secret, user name)).
 */
export function restCredentials(secret: string, user: string, expiresAt: number): { username: string; password: string } {
  const username = `${expiresAt}:${user}`;
  return { username, password: createHmac("sha1", secret).update(username).digest("base64") };
}

export interface Message {
  method: number;
  klass: number;
  txid: Buffer;
  attrs: Map<number, Buffer>;
}

function attr(type: number, value: Buffer): Buffer {
  const pad = (4 - (value.length % 4)) % 4;
  const head = Buffer.alloc(4);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(value.length, 2);
  return Buffer.concat([head, value, Buffer.alloc(pad)]);
}

function header(type: number, length: number, txid: Buffer): Buffer {
  const h = Buffer.alloc(20);
  h.writeUInt16BE(type, 0);
  h.writeUInt16BE(length, 2);
  h.writeUInt32BE(MAGIC, 4);
  txid.copy(h, 8);
  return h;
}

function messageType(method: number, klass: number): number {
  // The class bits sit between the method bits (RFC 5389 §6).
  return (method & 0x000f) | ((method & 0x0070) << 1) | ((method & 0x0f80) << 2) | (klass === CLASS.request ? 0 : klass === CLASS.indication ? 0x0010 : klass === CLASS.success ? 0x0100 : 0x0110);
}

export function xorAddress(ip: string, port: number, txid: Buffer): Buffer {
  const v6 = net.isIPv6(ip);
  const out = Buffer.alloc(v6 ? 20 : 8);
  out.writeUInt8(v6 ? 0x02 : 0x01, 1);
  out.writeUInt16BE(port ^ (MAGIC >>> 16), 2);
  const key = Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), txid]);
  const raw = v6 ? ipv6Bytes(ip) : Buffer.from(ip.split(".").map(Number));
  for (let i = 0; i < raw.length; i++) out[4 + i] = raw[i] ^ key[i];
  return out;
}

function ipv6Bytes(ip: string): Buffer {
  // Expand "::" and an embedded IPv4 tail into 16 bytes.
  let text = ip;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    const b = v4[1].split(".").map(Number);
    text = text.replace(v4[1], `${((b[0] << 8) | b[1]).toString(16)}:${((b[2] << 8) | b[3]).toString(16)}`);
  }
  const [head, tail] = text.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined && tail !== "" ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill("0"), ...t];
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => out.writeUInt16BE(parseInt(g || "0", 16), i * 2));
  return out;
}

export function decodeXorAddress(v: Buffer, txid: Buffer): { ip: string; port: number } {
  const family = v.readUInt8(1);
  const port = v.readUInt16BE(2) ^ (MAGIC >>> 16);
  const key = Buffer.concat([Buffer.from([0x21, 0x12, 0xa4, 0x42]), txid]);
  const raw = Buffer.from(v.subarray(4, family === 0x02 ? 20 : 8).map((b, i) => b ^ key[i]));
  const ip = family === 0x02 ? Array.from({ length: 8 }, (_, i) => raw.readUInt16BE(i * 2).toString(16)).join(":") : Array.from(raw).join(".");
  return { ip, port };
}

export interface Auth {
  username: string;
  realm: string;
  nonce: string;
  key: Buffer;
}

export function encode(method: number, klass: number, attrs: Buffer[], auth?: Auth, txid: Buffer = randomBytes(12)): Buffer {
  const withAuth = auth ? [...attrs, attr(ATTR.username, Buffer.from(auth.username)), attr(ATTR.realm, Buffer.from(auth.realm)), attr(ATTR.nonce, Buffer.from(auth.nonce))] : attrs;
  let body = Buffer.concat(withAuth);
  const type = messageType(method, klass);
  if (auth) {
    // MESSAGE-INTEGRITY: HMAC-SHA1 over the message with a length that already counts the attribute.
    const lengthWithMi = body.length + 24;
    const mi = createHmac("sha1", auth.key).update(Buffer.concat([header(type, lengthWithMi, txid), body])).digest();
    body = Buffer.concat([body, attr(ATTR.messageIntegrity, mi)]);
  }
  return Buffer.concat([header(type, body.length, txid), body]);
}

export function decode(buf: Buffer): Message | undefined {
  if (buf.length < 20 || buf.readUInt32BE(4) !== MAGIC) return undefined;
  const type = buf.readUInt16BE(0);
  const method = (type & 0x000f) | ((type & 0x00e0) >> 1) | ((type & 0x3e00) >> 2);
  const klass = type & 0x0110;
  const attrs = new Map<number, Buffer>();
  const end = 20 + buf.readUInt16BE(2);
  for (let off = 20; off + 4 <= end; ) {
    const t = buf.readUInt16BE(off);
    const len = buf.readUInt16BE(off + 2);
    attrs.set(t, buf.subarray(off + 4, off + 4 + len));
    off += 4 + len + ((4 - (len % 4)) % 4);
  }
  return { method, klass, txid: buf.subarray(8, 20), attrs };
}

export function errorCode(m: Message): number | undefined {
  const v = m.attrs.get(ATTR.errorCode);
  return v ? v.readUInt8(2) * 100 + v.readUInt8(3) : undefined;
}

export const attrs = {
  requestedTransport: (proto: 17 | 6) => attr(ATTR.requestedTransport, Buffer.from([proto, 0, 0, 0])),
  requestedFamily: (family: 4 | 6) => attr(ATTR.requestedAddressFamily, Buffer.from([family === 6 ? 0x02 : 0x01, 0, 0, 0])),
  peer: (ip: string, port: number, txid: Buffer) => attr(ATTR.xorPeerAddress, xorAddress(ip, port, txid)),
  data: (payload: Buffer) => attr(ATTR.data, payload),
};
export const ATTRS = ATTR;
export const CLASSES = CLASS;

/** A transport that sends one request and waits (bounded) for the response with the same transaction id. */
export interface Transport {
  request(msg: Buffer, timeoutMs?: number): Promise<Message | undefined>;
  send(msg: Buffer): void;
  /** Indications received (Data indications from the relay). */
  received: Message[];
  close(): void;
}


/** Sends a request and resolves with the reply of the same transaction id, or undefined after the time limit. */
function awaitReply(waiting: Map<string, (m: Message) => void>, msg: Buffer, send: () => void, timeoutMs: number): Promise<Message | undefined> {
  return new Promise((res) => {
    const key = msg.subarray(8, 20).toString("hex");
    const timer = setTimeout(() => {
      waiting.delete(key);
      res(undefined);
    }, timeoutMs);
    waiting.set(key, (m) => {
      clearTimeout(timer);
      waiting.delete(key);
      res(m);
    });
    send();
  });
}

export function udpTransport(server: { host: string; port: number }): Promise<Transport> {
  const family = net.isIPv6(server.host) ? "udp6" : "udp4";
  const socket = dgram.createSocket(family);
  const waiting = new Map<string, (m: Message) => void>();
  const received: Message[] = [];
  socket.on("message", (buf) => {
    const m = decode(buf);
    if (!m) return;
    const w = waiting.get(m.txid.toString("hex"));
    if (w) w(m);
    else received.push(m);
  });
  return new Promise((resolve) =>
    socket.bind(0, family === "udp6" ? "::1" : "127.0.0.1", () =>
      resolve({
        received,
        send: (msg) => socket.send(msg, server.port, server.host),
        request: (msg, timeoutMs = 2000) => awaitReply(waiting, msg, () => socket.send(msg, server.port, server.host), timeoutMs),
        close: () => socket.close(),
      }),
    ),
  );
}

export function tcpTransport(server: { host: string; port: number }): Promise<Transport> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(server.port, server.host);
    let pending = Buffer.alloc(0);
    const waiting = new Map<string, (m: Message) => void>();
    const received: Message[] = [];
    socket.on("data", (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 20 && pending.length >= 20 + pending.readUInt16BE(2)) {
        const len = 20 + pending.readUInt16BE(2);
        const m = decode(pending.subarray(0, len));
        pending = pending.subarray(len);
        if (!m) continue;
        const w = waiting.get(m.txid.toString("hex"));
        if (w) w(m);
        else received.push(m);
      }
    });
    socket.on("error", reject);
    socket.on("connect", () =>
      resolve({
        received,
        send: (msg) => socket.write(msg),
        request: (msg, timeoutMs = 2000) => awaitReply(waiting, msg, () => socket.write(msg), timeoutMs),
        close: () => socket.destroy(),
      }),
    );
  });
}

/** Allocate with long-term credentials: the unauthenticated try yields realm and nonce (401), then the signed one. */
export async function allocate(
  t: Transport,
  creds: { username: string; password: string },
  opts: { transport?: 17 | 6; family?: 4 | 6 } = {},
): Promise<{ response?: Message; auth?: Auth; relayed?: { ip: string; port: number } }> {
  const extra = [attrs.requestedTransport(opts.transport ?? 17), ...(opts.family ? [attrs.requestedFamily(opts.family)] : [])];
  const challenge = await t.request(encode(METHOD.allocate, CLASS.request, extra));
  if (!challenge || errorCode(challenge) !== 401) return { response: challenge };
  const realm = challenge.attrs.get(ATTR.realm)!.toString();
  const nonce = challenge.attrs.get(ATTR.nonce)!.toString();
  const key = createHash("md5").update(`${creds.username}:${realm}:${creds.password}`).digest();
  const auth: Auth = { username: creds.username, realm, nonce, key };
  const response = await t.request(encode(METHOD.allocate, CLASS.request, extra, auth));
  const relayedAttr = response?.attrs.get(ATTR.xorRelayedAddress);
  return { response, auth, relayed: relayedAttr && response ? decodeXorAddress(relayedAttr, response.txid) : undefined };
}

export async function createPermission(t: Transport, auth: Auth, peerIp: string): Promise<Message | undefined> {
  const txid = randomBytes(12);
  return t.request(encode(METHOD.createPermission, CLASS.request, [attrs.peer(peerIp, 9, txid)], auth, txid));
}

export function sendIndication(t: Transport, peer: { ip: string; port: number }, payload: Buffer): void {
  const txid = randomBytes(12);
  t.send(encode(METHOD.send, CLASS.indication, [attrs.peer(peer.ip, peer.port, txid), attrs.data(payload)], undefined, txid));
}
