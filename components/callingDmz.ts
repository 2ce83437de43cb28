// The calling DMZ's peer restrictions as pure data: where a TURN relay (coturn) or SFT on a calling
// node must never send media, because the address is inside the VPC or otherwise not a client on
// the internet (data stores, the cluster's overlay, the VPC resolver, the metadata service).
//
// One list, two renderings:
// - coturn configuration lines (`denied-peer-ip=a-b`, `no-multicast-peers`, `no-tcp-relay`): what
//   coturn itself should refuse. Wire's coturn chart (4.6.2-federation-wireapp.x, shipped by
//   wire-server-deploy 5.32) hard-codes its own access list in its config template and offers no
//   value to extend it (its template says "FUTUREWORK: expose customisable access control settings");
//   it already sets no-tcp-relay, no-multicast-peers and denies the IANA special ranges, but not
//   RFC 1918, the VPC range or fd00::/8. The contract test runs the real turnserver with these lines.
// - an nftables ruleset that every calling node loads at boot (cloud-init, userData.ts): the kernel
//   drops what the calling services (by their container uid) send towards the same ranges. This is
//   what enforces the full list in production, whatever the chart's template does.
import { Address4, Address6 } from "ip-address";
import { CALLING_UIDS } from "../config/calling";
import { CLUSTER_PORTS } from "../config/firewall";

/** coturn's default relay port range (Wire's chart sets neither min-port nor max-port). */
export const COTURN_RELAY_PORTS = { min: 49152, max: 65535 } as const;
/** The nftables table calling nodes load (its own table: kube-proxy and Calico never touch it). */
export const NFT_TABLE = "wire_calling_dmz";
export const NFT_RULES_PATH = "/etc/wire/calling-dmz.nft";

export interface DeniedRange {
  cidr: string;
  why: string;
}

export interface PeerPolicyInput {
  /** The VPC's range: every node, data store, resolver and endpoint of the stack. */
  vpcCidr: string;
  /** Offline: where clients are; they stay reachable even inside a private range (coturn's allowed-peer-ip wins over denied). */
  clientCidrs?: string[];
}

/**
 * Every range a calling node must not relay to or send media to, in a fixed order. Ranges contained
 * in an earlier or later one stay listed (each names why), renderers drop the redundant ones.
 */
export function deniedPeerRanges(vpcCidr: string): DeniedRange[] {
  return [
    { cidr: vpcCidr, why: "the VPC: data stores, cluster nodes, resolver, endpoints" },
    { cidr: "10.0.0.0/8", why: "RFC 1918 (also Kubernetes' pod and service ranges 10.233.0.0/17)" },
    { cidr: "172.16.0.0/12", why: "RFC 1918" },
    { cidr: "192.168.0.0/16", why: "RFC 1918" },
    { cidr: "100.64.0.0/10", why: "carrier-grade NAT (RFC 6598)" },
    { cidr: "169.254.0.0/16", why: "link-local: instance metadata 169.254.169.254, Amazon DNS/NTP, nodelocaldns" },
    { cidr: "127.0.0.0/8", why: "loopback" },
    { cidr: "0.0.0.0/8", why: "this network (0.0.0.0 reaches the host itself, CVE-2020-26262)" },
    { cidr: "224.0.0.0/4", why: "multicast" },
    { cidr: "240.0.0.0/4", why: "reserved, limited broadcast" },
    { cidr: "::1/128", why: "IPv6 loopback" },
    { cidr: "::/128", why: "IPv6 unspecified (reaches the host itself)" },
    { cidr: "::ffff:0:0/96", why: "IPv4-mapped IPv6 (would bypass every IPv4 entry)" },
    { cidr: "fc00::/7", why: "IPv6 unique local" },
    { cidr: "fe80::/10", why: "IPv6 link-local" },
    { cidr: "ff00::/8", why: "IPv6 multicast" },
  ];
}

const isV6 = (cidr: string) => cidr.includes(":");

function bounds(cidr: string): [bigint, bigint] {
  const a = isV6(cidr) ? new Address6(cidr) : new Address4(cidr);
  return [a.startAddress().bigInt(), a.endAddress().bigInt()];
}

function firstLast(cidr: string): [string, string] {
  if (isV6(cidr)) {
    const a = new Address6(cidr);
    return [a.startAddress().correctForm(), a.endAddress().correctForm()];
  }
  const a = new Address4(cidr);
  return [a.startAddress().correctForm(), a.endAddress().correctForm()];
}

/** True when `inner` lies inside `outer` (same family). */
export function cidrContains(outer: string, inner: string): boolean {
  if (isV6(outer) !== isV6(inner)) return false;
  const [o0, o1] = bounds(outer);
  const [i0, i1] = bounds(inner);
  return o0 <= i0 && i1 <= o1;
}

/** The CIDRs without those inside another one (nftables refuses overlapping interval elements). */
export function withoutNested(cidrs: string[]): string[] {
  const unique = [...new Set(cidrs)];
  return unique.filter((c) => !unique.some((o) => o !== c && cidrContains(o, c)));
}

export interface PeerPolicy {
  denied: DeniedRange[];
  /** Client ranges (offline) that stay allowed; never the VPC. */
  allowed: string[];
  /**
   * The Kubernetes API servers' range and port. coturn's chart asks the API for the node's external IP
   * in an init container (`kubectl get node`) that runs as coturn's uid (the chart sets the uid for the
   * whole pod only); kube-proxy turns the service address into a control-plane node's address:6443
   * before the filter hook sees it. TCP only: coturn relays no TCP (`no-tcp-relay`).
   */
  apiServer: { cidr: string; port: number };
}

export function peerPolicy(input: PeerPolicyInput): PeerPolicy {
  const allowed = (input.clientCidrs ?? []).filter((c) => !cidrContains(c, input.vpcCidr) && !cidrContains(input.vpcCidr, c));
  return { denied: deniedPeerRanges(input.vpcCidr), allowed, apiServer: { cidr: input.vpcCidr, port: CLUSTER_PORTS.apiServer } };
}

const MULTICAST = ["224.0.0.0/4", "ff00::/8"];
/**
 * Not rendered for coturn: a `denied-peer-ip=::-::` line makes coturn 4.6 refuse every peer, IPv4
 * included (found by the contract test); coturn refuses the unspecified address on its own since
 * CVE-2020-26262. nftables keeps it.
 */
const NOT_FOR_COTURN = ["::/128"];

/**
 * coturn configuration lines for the policy: what our coturn must say (the contract test feeds them
 * to the real turnserver). Multicast is refused by `no-multicast-peers`, the rest by ranges.
 */
export function coturnPeerConfig(policy: PeerPolicy): string[] {
  const denied = withoutNested(policy.denied.map((d) => d.cidr)).filter((c) => !MULTICAST.includes(c) && !NOT_FOR_COTURN.includes(c));
  return [
    "no-tcp-relay",
    "no-multicast-peers",
    ...policy.allowed.map((c) => `allowed-peer-ip=${firstLast(c).join("-")}`),
    ...denied.map((c) => `denied-peer-ip=${firstLast(c).join("-")}`),
  ];
}

/**
 * The nftables ruleset of a calling node. Only packets of the calling services' sockets (their
 * container uids; both run with host networking) are dropped, so the kubelet, Calico's VXLAN (kernel
 * sockets), DNS of the node itself and SSH answers are untouched:
 * 1. client ranges (offline) pass;
 * 2. anything from coturn's relay ports towards a denied range is dropped, whatever its state;
 * 3. DNS from other ports passes (sftd resolves through the cluster's nodelocaldns);
 * 4. answers on connections others opened pass (kubelet probes, metrics scrapes, the ingress);
 * 5. coturn's uid may open TCP to the API servers (its chart's kubectl init container);
 * 6. every other packet towards a denied range is dropped (new UDP flows, TCP connects).
 */
export function nftablesRules(policy: PeerPolicy): string {
  const denied = withoutNested(policy.denied.map((d) => d.cidr));
  const allowed = withoutNested(policy.allowed);
  const set = (name: string, type: string, cidrs: string[]) =>
    cidrs.length === 0 ? [] : [`  set ${name} {`, `    type ${type}`, "    flags interval", `    elements = { ${cidrs.join(", ")} }`, "  }"];
  const v4 = (l: string[]) => l.filter((c) => !isV6(c));
  const v6 = (l: string[]) => l.filter(isV6);
  const uids = `{ ${CALLING_UIDS.coturn}, ${CALLING_UIDS.sftd} }`;
  const relay = `${COTURN_RELAY_PORTS.min}-${COTURN_RELAY_PORTS.max}`;
  const allowedV4 = v4(allowed).length > 0;
  const allowedV6 = v6(allowed).length > 0;
  return [
    "#!/usr/sbin/nft -f",
    "# Generated by wire-backend (components/callingDmz.ts): the calling DMZ. coturn and sftd on this node",
    "# must never send to the VPC or other private, loopback, link-local or multicast addresses.",
    `# Loaded by wire-calling-dmz.service; its own table, so kube-proxy and Calico never flush it.`,
    `table inet ${NFT_TABLE}`,
    `delete table inet ${NFT_TABLE}`,
    `table inet ${NFT_TABLE} {`,
    ...set("denied_v4", "ipv4_addr", v4(denied)),
    ...set("denied_v6", "ipv6_addr", v6(denied)),
    ...set("allowed_v4", "ipv4_addr", v4(allowed)),
    ...set("allowed_v6", "ipv6_addr", v6(allowed)),
    "  chain output {",
    "    type filter hook output priority filter; policy accept;",
    ...(allowedV4 ? ["    ip daddr @allowed_v4 accept"] : []),
    ...(allowedV6 ? ["    ip6 daddr @allowed_v6 accept"] : []),
    `    meta skuid ${CALLING_UIDS.coturn} udp sport ${relay} ip daddr @denied_v4 counter drop`,
    `    meta skuid ${CALLING_UIDS.coturn} udp sport ${relay} ip6 daddr @denied_v6 counter drop`,
    "    meta l4proto { tcp, udp } th dport 53 accept",
    "    ct state established,related accept",
    `    meta skuid ${CALLING_UIDS.coturn} ip daddr ${policy.apiServer.cidr} tcp dport ${policy.apiServer.port} accept`,
    `    meta skuid ${uids} ip daddr @denied_v4 counter drop`,
    `    meta skuid ${uids} ip6 daddr @denied_v6 counter drop`,
    "  }",
    "}",
    "",
  ].join("\n");
}

/** The systemd unit that loads the ruleset at every boot, before the kubelet starts the calling pods. */
export function nftablesUnit(): string {
  return [
    "[Unit]",
    "Description=wire-backend calling DMZ: no relay towards private addresses (nftables)",
    "Wants=network-pre.target",
    "Before=network-pre.target kubelet.service containerd.service",
    "DefaultDependencies=no",
    "",
    "[Service]",
    "Type=oneshot",
    "RemainAfterExit=yes",
    `ExecStart=/usr/sbin/nft -f ${NFT_RULES_PATH}`,
    `ExecStop=/usr/sbin/nft delete table inet ${NFT_TABLE}`,
    "",
    "[Install]",
    "WantedBy=multi-user.target",
    "",
  ].join("\n");
}
