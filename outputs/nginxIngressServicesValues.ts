// Values for Wire's nginx-ingress-services chart (wire-server charts/nginx-ingress-services): the
// Ingress objects for the web names behind ingress-nginx and the one certificate they share. Laid
// out as wire-server-deploy's values/nginx-ingress-services/prod-values.example.yaml, filled for the
// stack's names, with the certificate from cert-manager in both connectivities:
// - online: `tls.useCertManager: true` and the ClusterIssuer `letsencrypt-http01`;
// - offline: the same chart Certificate from the ClusterIssuer `wire-ca` (the customer's CA).
// Both issuers come from our k8s/ objects (config/kubeObjects.ts), so `tls.createIssuer: false`: the
// chart's issuer.yaml would otherwise create a second `letsencrypt-http01` (helm refuses to adopt an
// object it does not own). The secrets document stays empty: the chart reads `tlsWildcardCert`/`Key`
// only without cert-manager (templates/secret.yaml) and `tlsClientCA` only for the federator.
// sftd is not here: its own chart renders its Ingress and Certificate (outputs/sftdValues.ts).
import { acmeEmail } from "../config/certificates";
import type { ChartValues } from "./helmValues";
import { INGRESS_CLASS, webIssuer } from "../config/kubeObjects";
import type { StackFacts } from "./types";
import { EXTERNAL, wireHosts } from "./wireServerValues";

/** minio-external's Service port (wire-server charts/minio-external), where assets.<domain> goes. */
const MINIO_PORT = 9000;

export function nginxIngressServicesValues(facts: Pick<StackFacts, "domain" | "online" | "acmeEmail" | "certIssuer" | "assets">): ChartValues {
  // assets: s3 has no MinIO behind assets.<domain>: CloudFront serves the public files there
  // (components/publicFiles.ts), so no Ingress, and the name stays out of the shared certificate
  // (an HTTP-01 challenge for a name that resolves to CloudFront would fail the whole certificate).
  const minio = !facts.assets;
  const n = wireHosts(facts.domain);
  const email = acmeEmail({ domain: facts.domain, certificates: { acmeEmail: facts.acmeEmail } });
  return {
    values: {
      // Wire's prod example turns both on; our DNS has teams.<domain> and account.<domain>.
      teamSettings: { enabled: true },
      accountPages: { enabled: true },
      websockets: { enabled: true },
      webapp: { enabled: true },
      // The assets.<domain> ingress in front of MinIO (cargohold's s3DownloadEndpoint).
      fakeS3: { enabled: minio },
      federator: { enabled: false },
      tls: {
        enabled: true,
        useCertManager: true,
        createIssuer: false,
        issuer: facts.certIssuer ?? webIssuer(facts.online),
      },
      certManager: {
        inTestMode: false,
        // Read by the chart's issuer.yaml only, which createIssuer: false skips; our issuer carries the
        // same address (k8s/clusterissuer-letsencrypt-http01.yaml). Offline there is no ACME account.
        ...(facts.online ? { certmasterEmail: email } : {}),
      },
      config: {
        ingressClass: INGRESS_CLASS,
        dns: {
          https: n.nginzHttps,
          ssl: n.nginzSsl,
          webapp: n.webapp,
          ...(minio ? { fakeS3: n.assets } : {}),
          teamSettings: n.teams,
          accountPages: n.account,
        },
      },
      service: {
        // MinIO runs outside the cluster (minio-external), so no fake-aws-s3 Service: the chart's own
        // comment says to leave useFakeS3 off then (Wire's prod example sets it on with minio-external,
        // which renders an s3-http Service selecting no pod).
        useFakeS3: false,
        ...(minio ? { s3: { externalPort: MINIO_PORT, serviceName: EXTERNAL.minio } } : {}),
      },
    },
    secrets: {},
  };
}
