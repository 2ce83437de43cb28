// CIDR arithmetic on top of the `ip-address` library (parsing, masks and ranges come from it;
// only the carving of a VPC range into equal subnets is ours, a few lines of bigint).
import { Address4, Address6 } from "ip-address";

export function isIpv4Cidr(value: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(value) && Address4.isValid(value);
}

export function isIpv6Cidr(value: string): boolean {
  return value.includes(":") && /\/\d{1,3}$/.test(value) && Address6.isValid(value);
}

export function isCidr(value: string): boolean {
  return isIpv4Cidr(value) || isIpv6Cidr(value);
}

function parsed(cidr: string): Address4 | Address6 {
  return isIpv4Cidr(cidr) ? new Address4(cidr) : new Address6(cidr);
}

/** True when the address part has bits set below the mask, e.g. 10.0.0.1/16 or 2001:db8::1/64. */
export function hasHostBits(cidr: string): boolean {
  const a = parsed(cidr);
  return a.bigInt() !== a.startAddress().bigInt();
}

/** The network a CIDR with host bits stands for: 198.51.100.1/24 → 198.51.100.0/24. */
export function networkOf(cidr: string): string {
  const a = parsed(cidr);
  return `${a.startAddress().correctForm()}/${a.subnetMask}`;
}

/** The single address of a CIDR as a one-host range: 198.51.100.1/24 → 198.51.100.1/32. */
export function hostOf(cidr: string): string {
  const a = parsed(cidr);
  return `${a.correctForm()}/${a instanceof Address4 ? 32 : 128}`;
}

export function prefixLength(cidr: string): number {
  return Number(cidr.split("/")[1]);
}

function range(cidr: string): [bigint, bigint] {
  const a = new Address4(cidr);
  return [a.startAddress().bigInt(), a.endAddress().bigInt()];
}

export function cidrsOverlap(a: string, b: string): boolean {
  const [a0, a1] = range(a);
  const [b0, b1] = range(b);
  return a0 <= b1 && b0 <= a1;
}

/** True for 0.0.0.0/0 and ::/0 (and any other spelling of "the whole internet"). */
export function isWorldCidr(cidr: string): boolean {
  return prefixLength(cidr) === 0;
}

/**
 * The `index`-th subnet of length `newPrefix` inside `cidr` (like Terraform's cidrsubnet).
 * Subnet i depends only on (cidr, newPrefix, i), so adding zones never moves an existing subnet.
 */
export function cidrSubnet(cidr: string, newPrefix: number, index: number): string {
  const base = new Address4(cidr);
  const bits = newPrefix - base.subnetMask;
  if (bits < 0) throw new Error(`cannot carve /${newPrefix} subnets out of ${cidr}`);
  if (index < 0 || BigInt(index) >= 1n << BigInt(bits)) {
    throw new Error(`${cidr} has no room for subnet #${index} of /${newPrefix}`);
  }
  const size = 1n << BigInt(32 - newPrefix);
  const start = base.startAddress().bigInt() + BigInt(index) * size;
  return `${Address4.fromBigInt(start).correctForm()}/${newPrefix}`;
}
