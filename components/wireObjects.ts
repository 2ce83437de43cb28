// The Kubernetes objects the stack owns (outputs/kubeObjects.ts) as Pulumi resources, plus the random
// secrets they carry. Phase one (no kubeconfig yet: the cluster is installed later by Ansible from the
// admin host) renders them to YAML in `renderDir` for the admin host to apply; phase two, with a
// kubeconfig, manages them in the cluster directly.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { hostsOf } from "../outputs/inventory";
import { EXTERNAL_SERVICES, externalSubsets, kubeObjects, NAMESPACE } from "../outputs/kubeObjects";
import type { InventoryHost } from "../outputs/types";
import { EXTERNAL_IP_ANNOTATION } from "../outputs/nodeAnnotations";
import { dataServiceObjects } from "../outputs/dataServiceValues";
import { DEFAULT_RELEASE } from "../config/releases";

export interface WireObjectsArgs {
  hosts: pulumi.Input<InventoryHost[]>;
  /** Phase two: manage the objects in the cluster. Without it they are rendered to `renderDir`. */
  kubeconfig?: pulumi.Input<string>;
  renderDir: string;
  /** Calling nodes' wire.com/external-ip (outputs/nodeAnnotations.ts): patched onto the Nodes in phase two. */
  nodeAnnotations?: { name: string; externalIp: pulumi.Input<string> }[];
  /** The stack builds PostgreSQL: also own the Secret Wire's postgresql-secrets.yml reads (outputs/dataServiceValues.ts). */
  postgresqlSecret?: boolean;
}

type Meta = k8s.types.input.meta.v1.ObjectMeta;

export class WireObjects extends pulumi.ComponentResource {
  readonly turnSecret: pulumi.Output<string>;
  readonly minioAccessKey: pulumi.Output<string>;
  readonly minioSecretKey: pulumi.Output<string>;
  /** wire-server's PostgreSQL user and RabbitMQ user (outputs/dataServiceValues.ts). */
  readonly postgresqlPassword: pulumi.Output<string>;
  readonly rabbitmqPassword: pulumi.Output<string>;
  /** Replaces the Erlang cookie Wire's rabbitmq-cluster role ships as a default (same on every install). */
  readonly rabbitmqErlangCookie: pulumi.Output<string>;

  constructor(name: string, args: WireObjectsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("wire:k8s:WireObjects", name, {}, opts);
    // Letters and digits only: these end up in coturn's config file, S3 signatures and YAML.
    const password = (suffix: string, length: number) =>
      new random.RandomPassword(`${name}-${suffix}`, { length, special: false }, { parent: this }).result;
    this.turnSecret = pulumi.secret(password("turn-secret", 48));
    this.minioAccessKey = pulumi.secret(password("minio-access-key", 20));
    this.minioSecretKey = pulumi.secret(password("minio-secret-key", 40));
    this.postgresqlPassword = pulumi.secret(password("postgresql-password", 32));
    this.rabbitmqPassword = pulumi.secret(password("rabbitmq-password", 32));
    this.rabbitmqErlangCookie = pulumi.secret(password("rabbitmq-erlang-cookie", 32));

    const provider = new k8s.Provider(
      `${name}-provider`,
      args.kubeconfig !== undefined ? { kubeconfig: args.kubeconfig } : { renderYamlToDirectory: args.renderDir },
      { parent: this },
    );

    // The object *set* must be known now (hosts is an Input): take it from the pure renderer with no
    // hosts and placeholder secrets, then fill the parts that depend on Outputs.
    const template = kubeObjects([], { turnSecret: "", minioAccessKey: "", minioSecretKey: "" });
    const hosts = pulumi.output(args.hosts);
    // stringData per Secret, with the same keys secretObjects() writes.
    const secretData: Record<string, pulumi.Output<Record<string, string>>> = {
      "turn-secret": pulumi.secret(pulumi.all({ secret: this.turnSecret })),
      "minio-keys": pulumi.secret(pulumi.all({ accessKey: this.minioAccessKey, secretKey: this.minioSecretKey })),
    };

    const ns = template.find((o) => o.kind === "Namespace")!;
    const namespace = new k8s.core.v1.Namespace(`${name}-namespace-${NAMESPACE}`, { metadata: ns.metadata as Meta }, { parent: this, provider });
    const child = { parent: this, provider, dependsOn: [namespace] };

    for (const o of template.filter((x) => x.kind !== "Namespace")) {
      const logical = `${name}-${o.metadata.name}`;
      const metadata = o.metadata as Meta;
      switch (o.kind) {
        case "Service":
          new k8s.core.v1.Service(logical, { metadata, spec: o.spec as k8s.types.input.core.v1.ServiceSpec }, child);
          break;
        case "Endpoints": {
          const svc = EXTERNAL_SERVICES.find((s) => s.name === o.metadata.name)!;
          const subsets = hosts.apply((h) => externalSubsets(svc, hostsOf(h, svc.role).map((x) => x.privateIp)));
          new k8s.core.v1.Endpoints(logical, { metadata, subsets: subsets as pulumi.Output<k8s.types.input.core.v1.EndpointSubset[]> }, child);
          break;
        }
        case "Secret": {
          const stringData = secretData[o.metadata.name];
          if (!stringData) throw new Error(`no data for secret ${o.metadata.name}`);
          new k8s.core.v1.Secret(logical, { metadata, type: String(o.type), stringData }, child);
          break;
        }
        default:
          throw new Error(`WireObjects cannot create a ${o.kind} (${o.metadata.name}); add it here`);
      }
    }
    if (args.postgresqlSecret) {
      // Rendered in phase one (apply it before postgresql-deploy.yml), managed in phase two.
      const [o] = dataServiceObjects([{ role: "postgresql", hostname: "postgresql1", index: 1, privateIp: "", instanceType: "" }], {
        wireVersion: DEFAULT_RELEASE,
        secrets: { turnSecret: "", minioAccessKey: "", minioSecretKey: "", postgresqlPassword: "-" },
      });
      const stringData = pulumi.secret(this.postgresqlPassword.apply((password) => ({ ...(o.stringData as Record<string, string>), password })));
      new k8s.core.v1.Secret(`${name}-${o.metadata.name}`, { metadata: o.metadata as Meta, type: String(o.type), stringData }, { parent: this, provider });
    }
    // Phase two only: a Node exists once kubespray joined it; rendering a patch to YAML would mean nothing.
    if (args.kubeconfig !== undefined) {
      for (const n of args.nodeAnnotations ?? []) {
        new k8s.core.v1.NodePatch(`${name}-node-${n.name}`, { metadata: { name: n.name, annotations: { [EXTERNAL_IP_ANNOTATION]: n.externalIp } } }, { parent: this, provider });
      }
    }
    this.registerOutputs({ turnSecret: this.turnSecret, minioAccessKey: this.minioAccessKey, minioSecretKey: this.minioSecretKey });
  }
}
