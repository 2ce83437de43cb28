// Values for Wire's three web front ends (webapp, team-settings, account-pages), after
// wire-server-deploy's values/<chart>/prod-values.example.yaml (682349d), filled with the stack's names
// so that no `example.com` is left for the operator to replace by hand. Install order and commands:
// outputs/installSteps.ts.
import type { ChartValues } from "./helmValues";
import type { StackFacts } from "./types";
import { assetsDownloadHost, wireHosts } from "./wireServerValues";

/** Wire's own pages for what a self-hosted deployment has no page of its own for (brig's email templates use the same). */
const WIRE_LEGAL = "https://wire.com/legal/";
const WIRE_SUPPORT = "https://support.wire.com/";

/**
 * The content security policy's extra sources: the backend's own names, https and wss. Every host the
 * apps load from (nginz, assets, sftd, account, teams) is a subdomain of `domain`.
 */
function cspExtras(domain: string, assets?: StackFacts["assets"]): Record<string, string> {
  // assets: s3: users' files come from the bucket's own host (pre-signed URLs), not assets.<domain>.
  const https = [`https://*.${domain}`, ...(assets ? [`https://${assetsDownloadHost(assets)}`] : [])].join(", ");
  const kinds = ["IMG", "SCRIPT", "DEFAULT", "FONT", "FRAME", "MANIFEST", "OBJECT", "MEDIA", "PREFETCH", "STYLE", "WORKER"];
  return {
    CSP_EXTRA_CONNECT_SRC: `${https}, wss://*.${domain}`,
    ...Object.fromEntries(kinds.map((k) => [`CSP_EXTRA_${k}_SRC`, https])),
  };
}

/** The backend the app talks to (host names without scheme, as the charts take them). */
function backend(facts: StackFacts) {
  const n = wireHosts(facts.domain);
  return { backendRest: n.nginzHttps, backendWebsocket: n.nginzSsl, backendDomain: facts.domain };
}

/** Never more replicas than Kubernetes nodes (the charts spread them with anti-affinity). */
const replicas = (kubeNodes: number, wanted: number) => Math.max(1, Math.min(wanted, kubeNodes));

export function webappValues(facts: StackFacts, kubeNodes: number): ChartValues {
  const n = wireHosts(facts.domain);
  return {
    values: {
      replicaCount: replicas(kubeNodes, 3),
      config: { externalUrls: { ...backend(facts), backendTeamSettings: n.teams, appHost: n.webapp } },
      envVars: {
        APP_NAME: "Webapp",
        ENFORCE_HTTPS: "true",
        FEATURE_CHECK_CONSENT: "false",
        FEATURE_ENABLE_ACCOUNT_REGISTRATION: "true",
        FEATURE_ENABLE_DEBUG: "false",
        FEATURE_ENABLE_PHONE_LOGIN: "false",
        FEATURE_ENABLE_SSO: facts.sso.enabled ? "true" : "false",
        FEATURE_SHOW_LOADING_INFORMATION: "false",
        URL_ACCOUNT_BASE: `https://${n.account}`,
        URL_PRIVACY_POLICY: WIRE_LEGAL,
        URL_SUPPORT_BASE: WIRE_SUPPORT,
        URL_TEAMS_BASE: `https://${n.teams}`,
        URL_TEAMS_CREATE: `https://${n.teams}`,
        URL_TERMS_OF_USE_PERSONAL: WIRE_LEGAL,
        URL_TERMS_OF_USE_TEAMS: WIRE_LEGAL,
        URL_WEBSITE_BASE: `https://${n.webapp}`,
        ...cspExtras(facts.domain, facts.assets),
      },
    },
    secrets: {},
  };
}

export function teamSettingsValues(facts: StackFacts, kubeNodes: number): ChartValues {
  const n = wireHosts(facts.domain);
  return {
    values: {
      replicaCount: replicas(kubeNodes, 1),
      config: { externalUrls: { ...backend(facts), appHost: n.teams } },
      envVars: {
        APP_NAME: "Team Settings",
        ENFORCE_HTTPS: "true",
        FEATURE_CHECK_CONSENT: "false",
        FEATURE_ENABLE_DEBUG: "false",
        FEATURE_ENABLE_NEW_TEAM: "true",
        URL_ACCOUNT_BASE: `https://${n.account}`,
        URL_WEBAPP_BASE: `https://${n.webapp}`,
        URL_WEBSITE_BASE: `https://${n.webapp}`,
        WEBSITE_LABEL: n.webapp,
        ...cspExtras(facts.domain, facts.assets),
        IS_SELF_HOSTED: "true",
      },
    },
    // Wire's prod example: "e30K" is base64 of "{}\n", the app's extra config (none for self-hosting).
    secrets: { secrets: { configJson: Buffer.from("{}\n").toString("base64") } },
  };
}

export function accountPagesValues(facts: StackFacts, kubeNodes: number): ChartValues {
  const n = wireHosts(facts.domain);
  const { backendRest, backendDomain } = backend(facts);
  return {
    values: {
      replicaCount: replicas(kubeNodes, 1),
      config: { externalUrls: { backendRest, backendDomain, appHost: n.account } },
      envVars: {
        APP_NAME: "Wire Account Management",
        COMPANY_NAME: facts.domain,
        FEATURE_ENFORCE_HTTPS: "true",
        FEATURE_ENABLE_DEBUG: "false",
        URL_SUPPORT_BASE: WIRE_SUPPORT,
        URL_TEAMS_BASE: `https://${n.teams}`,
        URL_WEBAPP_BASE: `https://${n.webapp}`,
        URL_WEBSITE_BASE: `https://${n.webapp}`,
        ...cspExtras(facts.domain, facts.assets),
        IS_SELF_HOSTED: "true",
      },
    },
    secrets: {},
  };
}
