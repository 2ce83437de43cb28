// The documentation names only what exists: every stack file (`Pulumi.<name>.yaml`, `--stack <name>`),
// every `npm run <script>`, every relative link and the heading it points at, in README.md and
// docs/*.md. An example that names a file nobody can find (the README once ran the doctor on a
// Pulumi.acme.yaml that was never there) fails here. Pure text checks: fast.
import * as fs from "fs";
import * as path from "path";
import { REPO } from "./helpers/stacks";

/**
 * Pages other work is writing at the same time; a link to one is allowed until it exists.
 * Empty this list once they are merged (a listed page that exists fails the test, as a reminder).
 */
const PENDING_PAGES: string[] = [];

const README_LINE_BUDGET = 250;

/** README.md and every docs/*.md, repository-relative. */
function pages(root = REPO): string[] {
  const docs = fs.existsSync(path.join(root, "docs")) ? fs.readdirSync(path.join(root, "docs")).filter((f) => f.endsWith(".md")) : [];
  return ["README.md", ...docs.sort().map((f) => `docs/${f}`)];
}

const read = (page: string, root = REPO) => fs.readFileSync(path.join(root, page), "utf8");

/** The text outside fenced code blocks and inline code: links are only read there. */
function prose(markdown: string): string {
  return markdown.replace(/^```[\s\S]*?^```/gm, "").replace(/`[^`\n]*`/g, "");
}

/** Stack names the text mentions: Pulumi.<name>.yaml and --stack <name>. Placeholders (<stack>, NAME, S) are skipped. */
function stackNames(markdown: string): string[] {
  const names = [...markdown.matchAll(/Pulumi\.([A-Za-z0-9_.-]+?)\.ya?ml\b/g), ...markdown.matchAll(/--stack[ =]([A-Za-z0-9_.-]+)/g)].map((m) => m[1]);
  const placeholder = (n: string) => /^[A-Z_]+$/.test(n);
  return [...new Set(names.filter((n) => !placeholder(n)))].sort();
}

/** Scripts named as `npm run <script>`. */
function npmScripts(markdown: string): string[] {
  return [...new Set([...markdown.matchAll(/npm run ([a-z][\w:.-]*)/g)].map((m) => m[1]))].sort();
}

/** Relative link targets of Markdown links and images, as written (fragment included). */
function relativeLinks(markdown: string): string[] {
  const targets = [...prose(markdown).matchAll(/!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, "").matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

const stackFileExists = (name: string) => fs.existsSync(path.join(REPO, `Pulumi.${name}.yaml`));
const scripts = Object.keys(JSON.parse(read("package.json")).scripts as Record<string, string>);

/** Each broken link of a page: a missing file, or a heading the target page does not have. */
function brokenLinks(page: string): string[] {
  const broken: string[] = [];
  for (const link of relativeLinks(read(page))) {
    const [file, fragment] = link.split("#", 2);
    const target = file === "" ? page : path.posix.normalize(path.posix.join(path.posix.dirname(page), file));
    if (PENDING_PAGES.includes(target)) continue;
    if (!fs.existsSync(path.join(REPO, target))) {
      broken.push(`${page}: ${link} (no file ${target})`);
      continue;
    }
    if (fragment && target.endsWith(".md") && !anchors(read(target)).has(fragment)) broken.push(`${page}: ${link} (no heading #${fragment} in ${target})`);
  }
  return broken;
}

describe("the documentation names only what exists", () => {
  it("covers README.md and the install, operate, reference, sizing and security pages", () => {
    expect(pages()).toEqual(expect.arrayContaining(["README.md", "docs/install.md", "docs/operate.md", "docs/reference.md", "docs/sizing.md", "docs/security.md"]));
  });

  it("every stack file it names exists", () => {
    const missing = pages().flatMap((p) => stackNames(read(p)).filter((n) => !stackFileExists(n)).map((n) => `${p}: Pulumi.${n}.yaml`));
    expect(missing).toEqual([]);
  });

  it("every `npm run` script it names is in package.json", () => {
    const missing = pages().flatMap((p) => npmScripts(read(p)).filter((s) => !scripts.includes(s)).map((s) => `${p}: npm run ${s}`));
    expect(missing).toEqual([]);
  });

  it("every relative link points at an existing file, and at an existing heading when it names one", () => {
    expect(pages().flatMap(brokenLinks)).toEqual([]);
  });

  it("pending pages are only those not yet written", () => {
    expect(PENDING_PAGES.filter((p) => fs.existsSync(path.join(REPO, p)))).toEqual([]);
  });
});

describe("the README fits on a few screens and starts with the commands that work on a fresh machine", () => {
  const readme = read("README.md");

  it(`is under ${README_LINE_BUDGET} lines`, () => {
    expect(readme.split("\n").length).toBeLessThan(README_LINE_BUDGET);
  });

  it("its first commands are `npm ci && npm run plan` and `npm ci && npm test`, the test command .ci/run runs", () => {
    const firstBlock = /^```sh\n([\s\S]*?)^```/m.exec(readme)?.[1] ?? "";
    const commands = firstBlock.split("\n").map((l) => l.replace(/#.*/, "").trim()).filter(Boolean);
    expect(commands).toEqual(["npm ci && npm run plan", "npm ci && npm test"]);
    const ci = read(".ci/run").split("\n").map((l) => l.trim());
    expect(ci).toContain("npm ci && npm test");
  });
});

describe("the checks find what they look for", () => {
  it("stack names: files and --stack, not placeholders", () => {
    expect(stackNames("run `npm run doctor -- --config Pulumi.acme.yaml` or --stack dev; Pulumi.<stack>.yaml, Pulumi.NAME.yaml, --stack S, Pulumi.yaml")).toEqual(["acme", "dev"]);
    expect(stackFileExists("acme")).toBe(false);
    expect(stackFileExists("dev")).toBe(true);
  });

  it("scripts and links", () => {
    expect(npmScripts("npm run plan -- --stack dev; npm run test:contract; npm test")).toEqual(["plan", "test:contract"]);
    expect(relativeLinks("[a](docs/x.md#y) ![d](docs/dev.svg) [w](https://wire.com) `[c](code.md)`\n```\n[f](fenced.md)\n```\n")).toEqual(["docs/x.md#y", "docs/dev.svg"]);
  });

  it("anchors as GitHub makes them", () => {
    expect([...anchors("# Install: from zero\n## 4. DNS: delegate the zone\n## Check a running deployment: `npm run doctor`\n### Refreshing the island's repository\n## Notes\n## Notes\n")]).toEqual([
      "install-from-zero",
      "4-dns-delegate-the-zone",
      "check-a-running-deployment-npm-run-doctor",
      "refreshing-the-islands-repository",
      "notes",
      "notes-1",
    ]);
  });
});
