// The secrets the stack generates for Wire's charts and playbooks, and the Kubernetes objects it owns
// (config/kubeObjects.ts) as Pulumi resources. Phase one (no kubeconfig yet: the cluster is installed
// later by Ansible from the admin host) renders the objects to YAML in `renderDir` for the admin host
// to apply; phase two, with a kubeconfig, manages them in the cluster directly.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { EXTERNAL_IP_ANNOTATION, kubeObjects, KubeObjectsSpec, withHostedZone } from "../config/kubeObjects";
import type { WireSecrets } from "../config/wireSecrets";
import { zauthKeyPair } from "./zauth";
import { dataServiceObjects } from "../config/postgresql";
import { DEFAULT_RELEASE } from "../config/releases";

export interface WireObjectsArgs {
  /** What decides the object set (issuers, coturn's certificate). */
  spec: KubeObjectsSpec;
  /** Online: the stack's Route 53 zone, named in the DNS-01 issuer (known only once the zone exists). */
  hostedZoneId?: pulumi.Input<string>;
  /** Calling nodes' wire.com/external-ip (outputs/nodeAnnotations.ts): patched onto the Nodes in phase two. */
  nodeAnnotations?: { name: string; externalIp: pulumi.Input<string> }[];
  /** The stack builds PostgreSQL: also own the Secret Wire's postgresql-secrets.yml reads (outputs/dataServiceValues.ts). */
  postgresqlSecret?: boolean;
  /** Phase two: manage the objects in the cluster. Without it they are rendered to `renderDir`. */
  kubeconfig?: pulumi.Input<string>;
  renderDir: string;
}

type Meta = k8s.types.input.meta.v1.ObjectMeta;

export class WireObjects extends pulumi.ComponentResource {
  readonly turnSecret: pulumi.Output<string>;
  readonly minioAccessKey: pulumi.Output<string>;
  readonly minioSecretKey: pulumi.Output<string>;
  /** Every generated secret, for the values' secrets documents and the Ansible secrets. */
  readonly secrets: pulumi.Output<WireSecrets>;
  /** Replaces the Erlang cookie Wire's rabbitmq-cluster role ships as a default (same on every install). */
  readonly rabbitmqErlangCookie: pulumi.Output<string>;

  constructor(name: string, args: WireObjectsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:k8s:WireObjects", name, {}, opts);
    // Letters and digits only: these end up in coturn's config file, S3 signatures, AMQP URIs and YAML.
    // Lengths follow wire-server-deploy's bin/offline-secrets.sh where it generates the same secret.
    const password = (suffix: string, length: number) =>
      new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this }).result;
    this.turnSecret = pulumi.secret(password("turn-secret", 48));
    this.minioAccessKey = pulumi.secret(password("minio-access-key", 20));
    this.minioSecretKey = pulumi.secret(password("minio-secret-key", 40));
    // A stable seed (generated once, kept in the state): the zAuth pair must not change between runs,
    // or every issued access token and cookie becomes invalid.
    const zauthSeed = new random.RandomBytes(`${name}-zauth-seed`, { length: 32 }, { parent: this }).base64;
    const zauth = zauthSeed.apply((b64) => zauthKeyPair(Buffer.from(b64, "base64")));
    const generated: Record<keyof WireSecrets, pulumi.Output<string>> = {
      turnSecret: this.turnSecret,
      minioAccessKey: this.minioAccessKey,
      minioSecretKey: this.minioSecretKey,
      minioCargoholdAccessKey: password("minio-cargohold-access-key", 20),
      minioCargoholdSecretKey: password("minio-cargohold-secret-key", 30),
      rabbitmqPassword: password("rabbitmq-password", 32),
      postgresqlPassword: password("postgresql-password", 32),
      smtpPassword: password("smtp-password", 32),
      nginzBasicAuthPassword: password("nginz-basic-auth", 32),
      zauthPublicKeys: zauth.apply((z) => z.publicKeys),
      zauthPrivateKeys: zauth.apply((z) => z.privateKeys),
    };
    this.secrets = pulumi.secret(pulumi.all(generated)) as unknown as pulumi.Output<WireSecrets>;
    this.rabbitmqErlangCookie = pulumi.secret(password("rabbitmq-erlang-cookie", 32));

    const provider = new k8s.Provider(
      `${name}-provider`,
      args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : { renderYamlToDirectory: args.renderDir },
      { parent: this },
    );
    // The set of objects is known now; their contents may wait for the zone id (the DNS-01 issuer's).
    const contents = pulumi.output(args.hostedZoneId).apply((id) => kubeObjects(withHostedZone(args.spec, id)));
    kubeObjects(args.spec).forEach((o, i) => {
      const { apiVersion, kind, metadata } = o;
      new k8s.apiextensions.CustomResource(
        `${name}-${kind.toLowerCase()}-${metadata.name}`,
        { apiVersion, kind, metadata: metadata as Meta, spec: contents.apply((all) => all[i].spec) },
        { parent: this, provider },
      );
    });
    if (args.postgresqlSecret) {
      // Rendered in phase one (apply it before postgresql-deploy.yml), managed in phase two.
      const [o] = dataServiceObjects([{ role: "postgresql", hostname: "postgresql1", index: 1, privateIp: "", instanceType: "" }], {
        wireVersion: DEFAULT_RELEASE,
        secrets: { postgresqlPassword: "-" },
      });
      const stringData = pulumi.secret(this.secrets.apply((all) => all.postgresqlPassword).apply((password) => ({ ...(o.stringData as Record<string, string>), password })));
      new k8s.core.v1.Secret(`${name}-${o.metadata.name}`, { metadata: o.metadata as Meta, type: String(o.type), stringData }, { parent: this, provider });
    }
    // Phase two only: a Node exists once kubespray joined it; rendering a patch to YAML would mean nothing.
    if (args.kubeconfig !== undefined) {
      for (const n of args.nodeAnnotations ?? []) {
        new k8s.core.v1.NodePatch(`${name}-node-${n.name}`, { metadata: { name: n.name, annotations: { [EXTERNAL_IP_ANNOTATION]: n.externalIp } } }, { parent: this, provider });
      }
    }
    this.registerOutputs({ turnSecret: this.turnSecret, minioAccessKey: this.minioAccessKey, minioSecretKey: this.minioSecretKey, secrets: this.secrets });
  }
}
