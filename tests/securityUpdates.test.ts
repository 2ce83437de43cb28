// Every node's cloud-init turns on unattended security updates: online from Ubuntu's security
// origins, offline from the asset host (the island's only apt source); never the packages Wire's
// playbooks pin, never an automatic reboot. (tests/contract/ has cloud-init and apt parse them.)
import { parse } from "yaml";
import { AUTO_UPGRADES_FILE, HELD_BACK, WIRE_UPGRADES_FILE } from "../components/securityUpdates";
import { cloudConfig } from "../components/userData";
import { OFFLINE, plan, stack } from "./helpers/stacks";

interface CloudConfig {
  write_files?: { path: string; content: string; permissions: string }[];
  packages?: string[];
  apt?: { sources_list?: string };
}
const files = (doc: CloudConfig) => new Map((doc.write_files ?? []).map((f) => [f.path, f.content]));

/** TURN and SFT nodes (the calling DMZ) also install nftables (components/callingDmz.ts). */
const isCalling = (name: string) => /^(restund|sft)-/.test(name);

describe("unattended security updates in every node's cloud-init", () => {
  it.each([
    ["online", stack(2_000)],
    ["offline", stack(500, OFFLINE)],
  ])("%s: every instance enables them", async (mode, config) => {
    const p = await plan(`sec-${mode}`, config);
    const cloudInit = p.outputs.cloudInit as Record<string, string>;
    const instances = p.resources.filter((r) => r.type === "aws:ec2/instance:Instance").map((r) => r.name);
    expect(Object.keys(cloudInit).sort()).toEqual(instances.sort());
    for (const [name, text] of Object.entries(cloudInit)) {
      const doc = parse(text) as CloudConfig;
      const f = files(doc);
      expect({ name, periodic: f.get(AUTO_UPGRADES_FILE) }).toEqual({ name, periodic: expect.stringContaining('APT::Periodic::Unattended-Upgrade "1";') });
      expect(f.get(AUTO_UPGRADES_FILE)).toContain('APT::Periodic::Update-Package-Lists "1";');
      const policy = f.get(WIRE_UPGRADES_FILE)!;
      expect(policy).toContain('Unattended-Upgrade::Automatic-Reboot "false";');
      for (const pkg of HELD_BACK) expect(policy).toContain(`"${pkg}";`);
      if (mode === "offline" && name.startsWith("assetHost")) {
        // The island's repository itself: no internet to install from, no source but Ubuntu's defaults.
        expect({ name, origins: policy.includes("Origins-Pattern"), packages: doc.packages }).toEqual({ name, origins: false, packages: undefined });
      } else if (mode === "offline") {
        expect({ name, origins: policy.includes('"origin=*";'), source: doc.apt?.sources_list }).toEqual({ name, origins: true, source: expect.stringMatching(/^deb \[trusted=yes\] http:\/\/[\d.]+:8080\/debs-jammy\/public jammy main\n$/) });
        // Nothing from the internet; calling nodes take nftables from the island's repository (the DMZ).
        expect({ name, packages: doc.packages }).toEqual({ name, packages: isCalling(name) ? ["nftables"] : undefined });
      } else {
        expect({ name, origins: policy.includes("Origins-Pattern"), packages: doc.packages }).toEqual({ name, origins: false, packages: ["unattended-upgrades", ...(isCalling(name) ? ["nftables"] : [])] });
      }
    }
  });

  it("data nodes keep their mount script beside the update files", () => {
    const doc = parse(cloudConfig({ hostname: "cassandra1", dataVolume: { volumeId: "vol-0123456789abcdef0", dirs: ["/mnt/cassandra"] } })) as CloudConfig & { runcmd?: unknown };
    expect([...files(doc).keys()]).toEqual([AUTO_UPGRADES_FILE, WIRE_UPGRADES_FILE, "/usr/local/sbin/wire-mount-data"]);
    expect(doc.runcmd).toEqual([["/usr/local/sbin/wire-mount-data"]]);
  });
});
