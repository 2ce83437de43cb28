// The part of @msimerson/stun (plain JavaScript, no typings) the doctor uses: building, signing and
// decoding STUN/TURN messages (RFC 5389/8489, 5766). Sockets are ours (doctor/stunClient.ts).
declare module "@msimerson/stun" {
  export interface StunAttribute {
    type: number;
    value: unknown;
  }
  export interface StunMessage {
    readonly type: number;
    readonly transactionId: Buffer;
    getAttribute(type: number): StunAttribute | undefined;
    hasAttribute(type: number): boolean;
  }
  export interface StunRequest extends StunMessage {
    addAttribute(type: number, ...values: unknown[]): StunAttribute;
    addUsername(username: string): StunAttribute;
    addRealm(realm: string): StunAttribute;
    addNonce(nonce: string): StunAttribute;
    addMessageIntegrity(key: string | Buffer): boolean;
    addFingerprint(): boolean;
    toBuffer(): Buffer;
  }
  export interface StunResponse extends StunMessage {
    getXorAddress(): { address: string; port: number; family: string } | undefined;
    getError(): { code: number; reason: string } | undefined;
    getRealm(): string | undefined;
    getNonce(): string | undefined;
  }
  export function createMessage(type: number, transaction?: Buffer): StunRequest;
  export function decode(message: Buffer): StunResponse;
  export const constants: Record<string, number>;
}
