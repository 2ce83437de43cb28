// Values for the in-cluster services Wire's install puts before wire-server: the ingress controller
// our load balancer forwards to, and fake-aws where a service points at it (brig's internal event queue
// with an SMTP relay; gundeck's SNS with push option C, offline its queue too). After wire-server-deploy's
// prod examples (682349d).
import type { ChartValues } from "./helmValues";
import { INGRESS_NODE_PORTS } from "../config/ports";
import type { StackFacts } from "./types";
import { fakeAwsServices } from "../config/fakeAws";

/**
 * ingress-nginx as a DaemonSet behind a NodePort Service on 31773/31772: the network load balancer
 * (components/loadBalancer.ts) forwards 443/80 there on every Kubernetes node. The calling nodes'
 * taints keep it off them (no toleration), so only the load balancer's targets run it.
 */
export function ingressNginxControllerValues(): ChartValues {
  return {
    values: {
      "ingress-nginx": {
        controller: {
          kind: "DaemonSet",
          service: { type: "NodePort", nodePorts: { https: INGRESS_NODE_PORTS.https, http: INGRESS_NODE_PORTS.http } },
          metrics: { enabled: false, serviceMonitor: { enabled: false } },
        },
      },
    },
    secrets: {},
  };
}

/**
 * fake-aws, when a service of the stack points at it (config/fakeAws.ts fakeAwsServices), with just those services; no S3
 * (MinIO or S3 holds assets) and no SES. Undefined: nothing reads it, so the export installs no fake-aws
 * (an online stack with SES and real push). The queues are the chart's own list, which names every queue
 * Wire's services use on fake-aws.
 */
export function fakeAwsValues(facts: StackFacts): ChartValues | undefined {
  const needs = fakeAwsServices({ push: facts.push, connectivity: facts.online ? "online" : "offline", email: facts.mail.email });
  if (!needs.sqs && !needs.sns) return undefined;
  return {
    values: {
      "fake-aws-sqs": { enabled: needs.sqs },
      "fake-aws-sns": { enabled: needs.sns },
      "fake-aws-s3": { enabled: false },
      "fake-aws-ses": { enabled: false },
    },
    secrets: {},
  };
}

/**
 * databases-ephemeral: only its Redis (gundeck's, `databases-ephemeral-redis-ephemeral` in
 * wireServerValues.ts); Cassandra and Elasticsearch are the stack's VMs behind the *-external charts.
 */
export function databasesEphemeralValues(): ChartValues {
  return {
    values: {
      tags: { "cassandra-ephemeral": false, "elasticsearch-ephemeral": false },
      "redis-ephemeral": { "redis-ephemeral": { resources: { limits: { cpu: "1000m", memory: "1024Mi" }, requests: { cpu: "500m", memory: "512Mi" } } } },
    },
    secrets: {},
  };
}

/** reaper (restarts cannon when Redis restarts): the chart's defaults, as Wire's prod example keeps them. */
export function reaperValues(): ChartValues {
  return { values: {}, secrets: {} };
}

/** cert-manager (in namespace cert-manager-ns, as helm-operations.sh installs it) with its CRDs. */
export function certManagerValues(): ChartValues {
  return { values: { "cert-manager": { crds: { enabled: true } } }, secrets: {} };
}
