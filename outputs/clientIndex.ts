// The client download area under https://assets.<domain>/public/clients/ (`npm run clients`), pure:
// which platform a build is for, its version, the order of versions, and the index (index.json for
// scripts and MDM tools, index.html for people). cli/clientStore.ts does the uploads.
import * as path from "path";

export const PLATFORMS = ["windows", "macos", "linux", "android"] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Below the public prefix: clients/<platform>/<version>/<file>, clients/index.{json,html}. */
export const CLIENTS_DIR = "clients";

/**
 * Installable formats by extension (case-insensitive). Wire ships desktop builds as Windows installers,
 * macOS disk images or packages, Linux AppImage/deb/rpm, and Android as an APK. Archives (.zip, .tar.gz)
 * and Play Store bundles (.aab, not installable) are refused: a .zip could be any platform's.
 */
const EXTENSIONS: Record<string, { platform: Platform; contentType: string }> = {
  ".exe": { platform: "windows", contentType: "application/vnd.microsoft.portable-executable" },
  ".msi": { platform: "windows", contentType: "application/x-msi" },
  ".msix": { platform: "windows", contentType: "application/msix" },
  ".appx": { platform: "windows", contentType: "application/appx" },
  ".dmg": { platform: "macos", contentType: "application/x-apple-diskimage" },
  ".pkg": { platform: "macos", contentType: "application/octet-stream" },
  ".appimage": { platform: "linux", contentType: "application/octet-stream" },
  ".deb": { platform: "linux", contentType: "application/vnd.debian.binary-package" },
  ".rpm": { platform: "linux", contentType: "application/x-rpm" },
  ".apk": { platform: "android", contentType: "application/vnd.android.package-archive" },
};

export function platformOf(file: string): Platform | undefined {
  return EXTENSIONS[path.extname(file).toLowerCase()]?.platform;
}

export function contentTypeOf(file: string): string {
  return EXTENSIONS[path.extname(file).toLowerCase()]?.contentType ?? "application/octet-stream";
}

/** What `versionOf` finds and `--version` accepts: dotted numbers, an optional pre-release after "-". */
export const VERSION = /^\d+(?:\.\d+)*(?:-[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*)?$/;

/**
 * The version in a build's file name: the first dotted number (Wire-3.36.3462_x86_64.AppImage ->
 * 3.36.3462), with a pre-release tag right after it (4.10.0-rc.2). Names without one (Wire-Setup.exe)
 * need `--version`.
 */
export function versionOf(file: string): string | undefined {
  const m = /(?:^|[^0-9.])(\d+(?:\.\d+)+)(-(?:alpha|beta|rc|pre)(?:\.?\d+)*)?/i.exec(path.basename(file, path.extname(file)));
  return m ? `${m[1]}${m[2] ?? ""}` : undefined;
}

/**
 * Newer versions compare greater. Semver's rules where they apply (numeric parts compared as numbers,
 * so 3.10 > 3.9; a pre-release before its release), extended to any number of parts because Wire's
 * desktop builds carry three (3.36.3462) and Android builds may carry four; missing parts count as 0.
 * A semver library would reject such versions rather than order them.
 */
export function compareVersions(a: string, b: string): number {
  const [coreA, preA] = splitPre(a);
  const [coreB, preB] = splitPre(b);
  const na = coreA.split(".").map(Number);
  const nb = coreB.split(".").map(Number);
  for (let i = 0; i < Math.max(na.length, nb.length); i++) {
    const d = (na[i] ?? 0) - (nb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  if (preA === preB) return 0;
  if (preA === undefined) return 1;
  if (preB === undefined) return -1;
  const ia = preA.split(".");
  const ib = preB.split(".");
  for (let i = 0; i < Math.max(ia.length, ib.length); i++) {
    if (ia[i] === undefined) return -1;
    if (ib[i] === undefined) return 1;
    const numeric = /^\d+$/.test(ia[i]) && /^\d+$/.test(ib[i]);
    const d = numeric ? Number(ia[i]) - Number(ib[i]) : ia[i] < ib[i] ? -1 : ia[i] > ib[i] ? 1 : 0;
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

function splitPre(v: string): [string, string | undefined] {
  const i = v.indexOf("-");
  return i < 0 ? [v, undefined] : [v.slice(0, i), v.slice(i + 1)];
}

/** One published file, as index.json lists it. */
export interface ClientEntry {
  platform: Platform;
  version: string;
  file: string;
  /** Relative to clients/: <platform>/<version>/<file>. */
  path: string;
  url: string;
  size: number;
  sha256: string;
  /** When this version was published (ISO 8601). */
  published: string;
}

export interface ClientIndex {
  generated: string;
  clients: ClientEntry[];
}

export const entryPath = (platform: Platform, version: string, file: string) => `${platform}/${version}/${file}`;

/** Newest version first; within a version, by platform then file name. */
export function sortEntries(entries: ClientEntry[]): ClientEntry[] {
  return [...entries].sort(
    (a, b) => compareVersions(b.version, a.version) || PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0),
  );
}

export function renderIndexJson(entries: ClientEntry[], generated: Date): string {
  const doc: ClientIndex = { generated: generated.toISOString(), clients: sortEntries(entries) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
const href = (p: string) => p.split("/").map(encodeURIComponent).join("/");
const LABEL: Record<Platform, string> = { windows: "Windows", macos: "macOS", linux: "Linux", android: "Android" };

function humanSize(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB"];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) (v /= 1024), u++;
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

/** The download page: one table per platform, newest first, links relative to index.html. */
export function renderIndexHtml(entries: ClientEntry[], generated: Date, title: string): string {
  const sorted = sortEntries(entries);
  const sections = PLATFORMS.filter((p) => sorted.some((e) => e.platform === p)).map((p) => {
    const rows = sorted
      .filter((e) => e.platform === p)
      .map((e) => `      <tr><td>${escapeHtml(e.version)}</td><td><a href="${href(e.path)}">${escapeHtml(e.file)}</a></td><td>${humanSize(e.size)}</td><td><code>${e.sha256}</code></td><td>${e.published.slice(0, 10)}</td></tr>`);
    return [`  <h2>${LABEL[p]}</h2>`, "  <table>", "    <thead><tr><th>Version</th><th>File</th><th>Size</th><th>SHA-256</th><th>Published</th></tr></thead>", "    <tbody>", ...rows, "    </tbody>", "  </table>"].join("\n");
  });
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    '<head><meta charset="utf-8"><title>' + escapeHtml(title) + "</title></head>",
    "<body>",
    `  <h1>${escapeHtml(title)}</h1>`,
    '  <p>After installing, open <a href="../deeplink.html">the configuration link</a> on the device to point the app at this server.',
    "  Check a download with <code>sha256sum</code> (Linux), <code>shasum -a 256</code> (macOS) or <code>Get-FileHash</code> (Windows).</p>",
    ...(sections.length > 0 ? sections : ["  <p>No clients are published yet.</p>"]),
    `  <p><small>Generated ${generated.toISOString()}; the same list as JSON: <a href="index.json">index.json</a>.</small></p>`,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
