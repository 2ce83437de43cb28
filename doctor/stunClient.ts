// A STUN/TURN client over UDP, TCP and TLS: messages are built, signed and decoded by
// @msimerson/stun; the sockets and the request/answer matching are ours, because the library's own
// request helper speaks UDP only (and TLS without a CA or a server name other than the host).
// One Channel is one 5-tuple: coturn binds a TURN nonce to it, so both legs of an allocation use it.
import { createHash } from "crypto";
import * as dgram from "dgram";
import * as net from "net";
import * as tls from "tls";
import { constants, createMessage, decode, StunRequest, StunResponse } from "@msimerson/stun";
import type { TurnCredential } from "./turnCredential";
import { trustStore } from "./trustStore";

export type TurnTransport = "udp" | "tcp" | "tls";

export interface StunEndpoint {
  /** An IP address (the doctor resolves names itself, through its own resolver). */
  host: string;
  port: number;
  transport: TurnTransport;
  /** TLS: the name the certificate must be valid for (turnN.<domain>). */
  servername?: string;
  /** TLS: extra CAs to trust (a private CA on the island). */
  ca?: string[];
}

/** A failure with a kind the checks turn into a likely cause. */
export class ProbeError extends Error {
  constructor(
    readonly kind: "timeout" | "refused" | "unreachable" | "tls" | "rejected" | "protocol",
    message: string,
    readonly code?: number,
  ) {
    super(message);
  }
}

const STUN_HEADER = 20;

interface Channel {
  request(message: StunRequest): Promise<StunResponse>;
  close(): void;
}

function socketError(e: NodeJS.ErrnoException, ep: StunEndpoint): ProbeError {
  if (e.code === "ECONNREFUSED") return new ProbeError("refused", `${ep.transport.toUpperCase()} ${ep.host}:${ep.port} refused the connection`);
  if (e.code === "EHOSTUNREACH" || e.code === "ENETUNREACH") return new ProbeError("unreachable", `${ep.host} is unreachable (${e.code})`);
  if (ep.transport === "tls" && (e.code?.startsWith("ERR_TLS") || /certificate|self.signed|altname|expired/i.test(e.message))) {
    return new ProbeError("tls", e.message);
  }
  return new ProbeError("protocol", `${e.code ?? ""} ${e.message}`.trim());
}

/** Waits for answers by transaction id; a stream socket's bytes are cut into STUN messages. */
class Pending {
  private waiting = new Map<string, { resolve: (r: StunResponse) => void; reject: (e: Error) => void }>();
  private buffered = Buffer.alloc(0);

  add(id: Buffer): Promise<StunResponse> {
    return new Promise((resolve, reject) => this.waiting.set(id.toString("hex"), { resolve, reject }));
  }
  forget(id: Buffer) {
    this.waiting.delete(id.toString("hex"));
  }
  datagram(msg: Buffer) {
    let response: StunResponse;
    try {
      response = decode(msg);
    } catch {
      return; // not STUN: ignore, as a client would
    }
    const key = response.transactionId.toString("hex");
    this.waiting.get(key)?.resolve(response);
    this.waiting.delete(key);
  }
  stream(chunk: Buffer) {
    this.buffered = Buffer.concat([this.buffered, chunk]);
    while (this.buffered.length >= STUN_HEADER) {
      const total = STUN_HEADER + this.buffered.readUInt16BE(2);
      if (this.buffered.length < total) return;
      this.datagram(this.buffered.subarray(0, total));
      this.buffered = this.buffered.subarray(total);
    }
  }
  failAll(e: Error) {
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
  }
}

function udpChannel(ep: StunEndpoint, signal?: AbortSignal): Promise<Channel> {
  const socket = dgram.createSocket(net.isIPv6(ep.host) ? "udp6" : "udp4");
  let open = true;
  const close = () => {
    if (open) socket.close();
    open = false;
  };
  signal?.addEventListener("abort", close);
  const pending = new Pending();
  socket.on("message", (m) => pending.datagram(m));
  socket.on("error", (e) => pending.failAll(socketError(e, ep)));
  return new Promise((resolve, reject) => {
    socket.once("error", (e) => reject(socketError(e, ep)));
    socket.connect(ep.port, ep.host, () =>
      resolve({
        // RFC 5389 7.2.1: retransmit with a doubling interval starting at 500 ms; the check's own
        // time limit ends the wait.
        async request(message) {
          const answer = pending.add(message.transactionId);
          let interval = 500;
          let timer: NodeJS.Timeout | undefined;
          const send = () => {
            // An ICMP port-unreachable on a connected socket surfaces as ECONNREFUSED here.
            if (!open) return;
            socket.send(message.toBuffer(), (e) => e && pending.failAll(socketError(e, ep)));
            timer = setTimeout(send, (interval *= 2) / 2);
          };
          send();
          try {
            return await answer;
          } finally {
            clearTimeout(timer);
            pending.forget(message.transactionId);
          }
        },
        close,
      }),
    );
  });
}

function streamChannel(ep: StunEndpoint, signal?: AbortSignal): Promise<Channel> {
  const pending = new Pending();
  return new Promise((resolve, reject) => {
    const socket =
      ep.transport === "tls"
        ? tls.connect({ host: ep.host, port: ep.port, servername: ep.servername, secureContext: trustStore(ep.ca) })
        : net.connect({ host: ep.host, port: ep.port });
    signal?.addEventListener("abort", () => socket.destroy());
    const opened = () =>
      resolve({
        async request(message) {
          const answer = pending.add(message.transactionId);
          socket.write(message.toBuffer());
          try {
            return await answer;
          } finally {
            pending.forget(message.transactionId);
          }
        },
        close: () => socket.destroy(),
      });
    socket.once(ep.transport === "tls" ? "secureConnect" : "connect", opened);
    socket.on("data", (c: Buffer) => pending.stream(c));
    socket.on("error", (e) => {
      const err = socketError(e, ep);
      pending.failAll(err);
      reject(err);
    });
    socket.on("close", () => pending.failAll(new ProbeError("protocol", "the server closed the connection")));
  });
}

/** Opens a channel; aborting `signal` closes it (a check's time limit ends retransmissions). */
export function openChannel(ep: StunEndpoint, signal?: AbortSignal): Promise<Channel> {
  return ep.transport === "udp" ? udpChannel(ep, signal) : streamChannel(ep, signal);
}

/** RFC 5389 15.4: the long-term credential key, MD5(username ":" realm ":" password). */
function longTermKey(c: TurnCredential, realm: string): Buffer {
  return createHash("md5").update(`${c.username}:${realm}:${c.password}`).digest();
}

function errorOf(r: StunResponse): { code: number; reason: string } | undefined {
  return r.getError();
}

function signed(type: number, cred: TurnCredential, realm: string, nonce: string, add?: (m: StunRequest) => void): StunRequest {
  const m = createMessage(type);
  add?.(m);
  m.addUsername(cred.username);
  m.addRealm(realm);
  m.addNonce(nonce);
  m.addMessageIntegrity(longTermKey(cred, realm));
  m.addFingerprint();
  return m;
}

interface Exchange {
  response: StunResponse;
  /** The server challenged the first request (401) and the signed one was sent. */
  authenticated: boolean;
  realm?: string;
  nonce?: string;
}

/** Sends a request unauthenticated; on a 401 challenge signs it with the credential (once more on 438 stale nonce). */
async function exchange(ch: Channel, type: number, cred: TurnCredential | undefined, add?: (m: StunRequest) => void): Promise<Exchange> {
  const first = createMessage(type);
  add?.(first);
  let response = await ch.request(first);
  if (errorOf(response)?.code !== 401 || !cred) return { response, authenticated: false };
  let realm = response.getRealm();
  let nonce = response.getNonce();
  if (!realm || !nonce) throw new ProbeError("protocol", "401 challenge without REALM or NONCE");
  response = await ch.request(signed(type, cred, realm, nonce, add));
  if (errorOf(response)?.code === 438 && response.getNonce()) {
    realm = response.getRealm() ?? realm;
    nonce = response.getNonce()!;
    response = await ch.request(signed(type, cred, realm, nonce, add));
  }
  return { response, authenticated: true, realm, nonce: response.getNonce() ?? nonce };
}

function refused(what: string, r: StunResponse): ProbeError | undefined {
  const err = errorOf(r);
  if (!err) return undefined;
  return new ProbeError(err.code === 401 ? "rejected" : "protocol", `${what} refused: ${err.code} ${err.reason}`, err.code);
}

export interface BindingResult {
  mapped: string;
  /** The server wanted a credential first (coturn's secure-stun, as Wire's chart sets it). */
  authenticated: boolean;
}

export async function stunBinding(ep: StunEndpoint, cred?: TurnCredential, signal?: AbortSignal): Promise<BindingResult> {
  const ch = await openChannel(ep, signal);
  try {
    const { response, authenticated } = await exchange(ch, constants.STUN_BINDING_REQUEST, cred);
    const err = refused("binding", response);
    if (err) throw err;
    const a = response.getXorAddress();
    if (!a) throw new ProbeError("protocol", "binding answer without XOR-MAPPED-ADDRESS");
    return { mapped: `${a.address}:${a.port}`, authenticated };
  } finally {
    ch.close();
  }
}

export interface AllocationResult {
  relayed: string;
  lifetime?: number;
}

/** RFC 5766 6: Allocate a UDP relay with the credential, then release it (Refresh, lifetime 0). */
export async function turnAllocate(ep: StunEndpoint, cred: TurnCredential, signal?: AbortSignal): Promise<AllocationResult> {
  const ch = await openChannel(ep, signal);
  try {
    const udp = (m: StunRequest) => m.addAttribute(constants.STUN_ATTR_REQUESTED_TRANSPORT, 17 << 24);
    const { response, authenticated, realm, nonce } = await exchange(ch, constants.STUN_ALLOCATE_REQUEST, cred, udp);
    const err = refused("Allocate", response);
    if (err) throw err;
    if (!authenticated) throw new ProbeError("protocol", "allocated a relay without asking for a credential: an open relay anyone can use");
    const relayed = response.getAttribute(constants.STUN_ATTR_XOR_RELAYED_ADDRESS)?.value as { address: string; port: number } | undefined;
    if (!relayed) throw new ProbeError("protocol", "Allocate answer without XOR-RELAYED-ADDRESS");
    const lifetime = response.getAttribute(constants.STUN_ATTR_LIFETIME)?.value as number | undefined;
    // Free the relay port at once instead of holding it for its lifetime.
    if (realm && nonce) {
      await ch.request(signed(constants.STUN_REFRESH_REQUEST, cred, realm, nonce, (m) => m.addAttribute(constants.STUN_ATTR_LIFETIME, 0))).catch(() => undefined);
    }
    return { relayed: `${relayed.address}:${relayed.port}`, lifetime };
  } finally {
    ch.close();
  }
}
