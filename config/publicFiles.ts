// The public files Wire's clients read from the backend's asset domain, at https://assets.<domain>/public/:
//   deeplink.json, deeplink.html   the custom-backend configuration: a user opens deeplink.html (or the
//                                  wire://access/?config=<url of deeplink.json> link) and the app points
//                                  at this backend's names
//   blacklist/android.json, ios.json  the client versions this backend refuses
// Wire puts them on MinIO's `public` bucket with its role `minio-static-files` (wire-server-deploy
// ansible/roles/minio-static-files, commit 682349d, AGPL-3.0), which `minio.yml` runs on every run. We
// render them ourselves (the export's public/ directory) so that every placement serves the same bytes:
// MinIO (our play after minio.yml), and a bucket of the stack's own with `assets: s3`
// (components/publicFiles.ts). The deeplink's layout is Wire's template's, field for field and byte for
// byte, so that Wire's role, given our inventory's variables (deeplinkInventoryVars), writes what we
// write (tests/contract/publicFiles.test.ts runs Wire's role with real Ansible and compares).
// The texts live in config/ because both layers serve them: the PublicFiles component uploads them to the
// stack's bucket (components/publicFiles.ts), the export writes them and our play puts them on MinIO
// (outputs/), and the doctor fetches them. What the inventory and the plan say about them is in
// outputs/publicFiles.ts.
import { wireHosts } from "./hostNames";

/** Where the public files live on the asset domain: https://assets.<domain>/public/... */
export const PUBLIC_PREFIX = "public";

/** The deeplink's endpoints, by Wire's role's defaults (defaults/main.yml) with our names where ours differ. */
export interface DeeplinkEndpoints {
  backendURL: string;
  backendWSURL: string;
  blackListURL: string;
  teamsURL: string;
  accountsURL: string;
  websiteURL: string;
}

export interface PublicFile {
  /** Path below https://assets.<domain>/public/ (also the path below the export's public/). */
  path: string;
  text: string;
  contentType: string;
  /** Clients parse it as JSON. */
  json: boolean;
}

export function assetsBaseUrl(domain: string): string {
  return `https://${wireHosts(domain).assets}/${PUBLIC_PREFIX}`;
}

export function publicFileUrl(domain: string, path: string): string {
  return `${assetsBaseUrl(domain)}/${path}`;
}

/**
 * The stack's names. Wire's role derives websiteURL as https://<prefix>www.<domain>, which no stack of
 * ours serves; nginz's own deeplink (wire-server values nginz.nginx_conf.deeplink) names the web app, and
 * so do we, and the inventory sets the role's `websiteURL` to the same (deeplinkInventoryVars).
 */
export function deeplinkEndpoints(domain: string): DeeplinkEndpoints {
  const n = wireHosts(domain);
  return {
    backendURL: `https://${n.nginzHttps}`,
    backendWSURL: `https://${n.nginzSsl}`,
    // Wire's role: "This currently assumes android clients only".
    blackListURL: publicFileUrl(domain, "blacklist/android.json"),
    teamsURL: `https://${n.teams}`,
    accountsURL: `https://${n.account}`,
    websiteURL: `https://${n.webapp}`,
  };
}

/** What the deeplink calls this backend: Wire's minio.yml passes `deeplink_title: minio_deeplink_domain`, the domain. */
export const deeplinkTitle = (domain: string) => domain;

/** The link a user opens (Wire's template prints it as wire://access/?config=<deeplink.json>). */
export function deeplinkUri(domain: string): string {
  return `wire://access/?config=${publicFileUrl(domain, "deeplink.json")}`;
}

// JSON values are written as Wire's template writes them: between double quotes, unescaped. Our names
// are DNS names (config/schema.ts validates the domain), which need no escaping, so the text is JSON.
function deeplinkJson(domain: string): string {
  const e = deeplinkEndpoints(domain);
  const fields = (Object.keys(e) as (keyof DeeplinkEndpoints)[]).map((k) => `        "${k}": "${e[k]}"`);
  return `{\n    "endpoints": {\n${fields.join(",\n")}\n    },\n    "title": "${deeplinkTitle(domain)}"\n}\n`;
}

function deeplinkHtml(domain: string): string {
  const uri = deeplinkUri(domain);
  return (
    "<!DOCTYPE html>\n<html>\n\n<body>\n" +
    '    <h1 align="left" style="font-family: Verdana, Geneva, sans-serif">\n' +
    `        <a href="${uri}">CLICK ME TO CONFIGURE</a></h1>\n` +
    "    <p> Clicking the above link will use the following json configuration file:\n" +
    `    <code>${uri}</code></p>\n` +
    // Wire's template ends with an empty line, which Ansible's template module keeps.
    "</body>\n\n</html>\n\n"
  );
}

/**
 * The blacklists Wire's role ships (files/android.json and files/ios.json, commit 682349d): Android
 * builds below 322 and builds 0 and 108 are refused; iOS builds listed in `exclude` are refused. The
 * clients compare their own build number; the backend only serves the file.
 */
export const DEFAULT_BLACKLISTS = {
  android: { oldestAccepted: 322, blacklisted: [0, 108] },
  ios: {
    min_version: "1",
    exclude: [
      "1896", "1921", "1963", "1992", "2006", "2032", "2093", "2135", "2161", "2173", "2191", "2222", "2252", "2301", "2319", "2365", "2377",
      "2395", "2406", "2424", "2472", "2484", "2516", "2521", "2531", "2538", "2549", "2565", "2584", "2585", "2592", "2620", "2629", "2635",
      "2650", "2669", "2670", "2675", "2681", "2702", "2713", "2720", "2731", "2735", "2742", "2752", "2766", "2772", "2780", "2787", "2795",
      "2811",
    ],
  },
};

const json = (v: unknown) => `${JSON.stringify(v, null, 2)}\n`;

/** Every public file for the stack's domain, in the order Wire's role writes them. */
export function publicFiles(domain: string): PublicFile[] {
  return [
    { path: "deeplink.html", text: deeplinkHtml(domain), contentType: "text/html; charset=utf-8", json: false },
    { path: "deeplink.json", text: deeplinkJson(domain), contentType: "application/json", json: true },
    { path: "blacklist/android.json", text: json(DEFAULT_BLACKLISTS.android), contentType: "application/json", json: true },
    { path: "blacklist/ios.json", text: json(DEFAULT_BLACKLISTS.ios), contentType: "application/json", json: true },
  ];
}
