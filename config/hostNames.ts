// The names Wire serves under the stack's domain: read by components (DNS records, the assets bucket's
// CORS) and by outputs (Helm values, the doctor), so they live below both.

/** The names Wire's charts and clients use (wire-server-deploy's prod values). */
export const WIRE_HOSTNAMES = ["nginz-https", "nginz-ssl", "webapp", "teams", "account", "assets", "sftd"] as const;

/** DNS name of TURN node `index` under the stack's domain (a Route 53 record each; TLS certificates). */
export function turnHostname(index: number): string {
  return `turn${index}`;
}

export function wireHosts(domain: string) {
  return {
    nginzHttps: `nginz-https.${domain}`,
    nginzSsl: `nginz-ssl.${domain}`,
    webapp: `webapp.${domain}`,
    teams: `teams.${domain}`,
    account: `account.${domain}`,
    assets: `assets.${domain}`,
    sftd: `sftd.${domain}`,
    legalhold: `legalhold.${domain}`,
  };
}

/** Origins of the web apps a browser runs (webapp, team settings, account pages). */
export function webOrigins(domain: string): string[] {
  const n = wireHosts(domain);
  return [n.webapp, n.teams, n.account].map((h) => `https://${h}`);
}
