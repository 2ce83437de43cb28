// The architecture diagram, checked on the rendered SVG (what README.md shows, from docs/dev.svg), not only the DOT.
// Graphviz writes every node's DOT id as its <title>: role boxes are role_<role>_<subnet>.
import * as fs from "fs";
import * as path from "path";
import { DIAGRAM_FILE } from "../cli/docsAssets";
import { diagramDot, portsLabel, renderSvg } from "../outputs/diagram";
import { ROLES } from "../sizing/types";
import { OFFLINE, plan, REPO, stack, stackFile } from "./helpers/stacks";

const titles = (svg: string) => [...svg.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]);
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1].replace(/&#45;/g, "-"));
const roleBoxes = (svg: string, role: string) => titles(svg).filter((t) => t.startsWith(`role_${role}_`));

describe("diagram", () => {
  let devSvg: string;
  beforeAll(async () => {
    devSvg = await renderSvg(diagramDot(await plan("dev", stackFile("dev"))));
  });

  it("renders an SVG", () => {
    expect(devSvg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
  });

  it("docs/dev.svg, which the README shows, is current (npm run docs)", () => {
    expect(fs.readFileSync(path.join(REPO, DIAGRAM_FILE), "utf8")).toBe(devSvg);
  });

  it("draws every role that has nodes, with its EC2 type, and the load balancer", async () => {
    const p = await plan("dev", stackFile("dev"));
    const withNodes = ROLES.filter((r) => p.sizing.roles[r].count > 0);
    expect(withNodes).toContain("sft"); // the dev stack declares conferences
    for (const role of withNodes) {
      expect(roleBoxes(devSvg, role).length).toBeGreaterThan(0);
      expect(texts(devSvg)).toContain(p.sizing.roles[role].instanceType);
      const drawn = texts(devSvg).filter((t) => t.startsWith(`${role} × `)).reduce((n, t) => n + Number(t.split("× ")[1]), 0);
      expect(drawn).toBe(p.sizing.roles[role].count);
    }
    expect(titles(devSvg)).toContain("load_balancer");
    expect(texts(devSvg)).toEqual(expect.arrayContaining(["Load balancer (network, internet-facing)", "TCP 443 → NodePort 31773", "TCP 80 → NodePort 31772"]));
  });

  it("draws the zones left to right in name order", () => {
    const zones = [...devSvg.matchAll(/class="cluster">\s*<title>cluster_az_\d+<\/title>\s*<path[^>]*d="M([-\d.]+)[\s\S]*?<text[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), name: m[2].replace(/&#45;/g, "-") }));
    expect(zones.map((z) => z.name).sort()).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
    expect([...zones].sort((a, b) => a.x - b.x).map((z) => z.name)).toEqual(["eu-central-1a", "eu-central-1b", "eu-central-1c"]);
  });

  it("keeps every label inside its box, even in a font wider than the Helvetica Graphviz measures with", () => {
    // Advance widths (em) of DejaVu Sans, a common Helvetica stand-in and wider than it, by class of character.
    const em = (c: string) => (c === " " ? 0.32 : /[.,:;'|!ilj()[\]/-]/.test(c) ? 0.34 : /[ftr]/.test(c) ? 0.4 : /[A-Z]/.test(c) ? 0.72 : /[×→]/.test(c) ? 0.84 : /[0-9]/.test(c) ? 0.64 : 0.62);
    const decode = (t: string) => t.replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n))).replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">");
    const outside: string[] = [];
    let checked = 0;
    for (const [, title, body] of devSvg.matchAll(/<g id="[^"]*" class="(?:cluster|node)">\s*<title>([^<]*)<\/title>([\s\S]*?)<\/g>/g)) {
      const shape = /(?:points|d)="([^"]*)"/.exec(body);
      if (!shape) continue;
      const xs = [...shape[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)].map((p) => Number(p[1]));
      const [lo, hi] = [Math.min(...xs), Math.max(...xs)];
      for (const [, attrs, raw] of body.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)) {
        const text = decode(raw);
        const x = Number(/ x="([-\d.]+)"/.exec(attrs)![1]);
        const size = Number(/font-size="([\d.]+)"/.exec(attrs)![1]);
        const anchor = / text-anchor="(\w+)"/.exec(attrs)![1];
        const width = [...text].reduce((w, c) => w + em(c), 0) * size;
        const left = anchor === "middle" ? x - width / 2 : anchor === "start" ? x : x - width;
        checked++;
        if (left < lo || left + width > hi) outside.push(`${title}: ${text}`);
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(outside).toEqual([]);
  });

  it("shows the public calling ports from the plan's firewall rules", () => {
    expect(texts(devSvg)).toEqual(expect.arrayContaining(["UDP/TCP 3478, TLS 5349, UDP 32768-65535", "UDP 32768-61000"]));
    expect(texts(devSvg)).toEqual(expect.arrayContaining(["eu-central-1a", "eu-central-1b", "eu-central-1c"]));
  });

  it("turn.tls: false draws the TURN nodes without TLS 5349 (closed in the firewall)", async () => {
    const svg = await renderSvg(diagramDot(await plan("notls", stack(2_000, { "wire-backend:turn": { tls: false } }))));
    expect(texts(svg)).toContain("UDP/TCP 3478, UDP 32768-65535");
    expect(texts(svg).some((t) => t.includes("5349"))).toBe(false);
  });

  it("a stack without conferences has no SFT node", async () => {
    const svg = await renderSvg(diagramDot(await plan("test", stack(2_000))));
    expect(roleBoxes(svg, "restund").length).toBeGreaterThan(0);
    expect(roleBoxes(svg, "sft")).toEqual([]);
    expect(titles(svg)).not.toContain("ports_sft");
    expect(texts(svg)).not.toContain("UDP 32768-61000");
  });

  it("admins reach the admin host through their own routed link, operators by SSM; nothing else from their range", async () => {
    const dot = diagramDot(await plan("test", stack(2_000)));
    const svg = await renderSvg(dot);
    const edges = titles(svg).filter((t) => t.includes("&#45;&gt;")).map((t) => t.replace("&#45;&gt;", "->"));
    const adminBox = titles(svg).find((t) => t.startsWith("role_adminHost_"))!;
    // No direct edge from the admins' range to a node: their SSH goes through the link they provide.
    expect(edges.filter((e) => e.startsWith("admins->"))).toEqual(["admins->admin_link"]);
    expect(edges.filter((e) => e.startsWith("admin_link->"))).toEqual([`admin_link->${adminBox}`]);
    expect(edges).toContain(`operators_ssm->${adminBox}`);
    expect(texts(svg)).toEqual(expect.arrayContaining(["Admins", "198.51.100.0/24", "(not built by this stack)", "SSH 22 (private address)", "SSM Session Manager"]));
  });

  it("without adminCidrs: only the SSM path to the admin host", async () => {
    const svg = await renderSvg(diagramDot(await plan("ssm", stack(2000, { "wire-backend:access": { adminCidrs: [] } }))));
    expect(titles(svg)).toContain("operators_ssm");
    expect(titles(svg)).not.toContain("admins");
    expect(titles(svg)).not.toContain("admin_link");
  });

  it("offline: an internal load balancer and the client ranges instead of the internet", async () => {
    const dot = diagramDot(await plan("island", stack(500, OFFLINE)));
    expect(dot).toContain("internal)");
    expect(dot).not.toContain("internet-facing");
    expect(dot).toContain("192.168.0.0/16");
    expect(dot).not.toContain("public subnet");
  });
});

describe("portsLabel", () => {
  it("merges protocols per range and names TLS/SSH", () => {
    const r = (protocol: string, from: number, to = from) => ({ protocol, from, to });
    expect(portsLabel([r("udp", 32768, 65535), r("tcp", 5349), r("tcp", 3478), r("udp", 3478), r("udp", 3478)])).toBe("UDP/TCP 3478, TLS 5349, UDP 32768-65535");
    expect(portsLabel([r("tcp", 22)])).toBe("SSH 22");
  });
});
