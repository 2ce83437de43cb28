// Values for the in-cluster services Wire's install puts before wire-server: the ingress controller
// our load balancer forwards to, and fake-aws (brig's internal event queue always lives there; with
// push option C gundeck's queue and SNS too). After wire-server-deploy's prod examples (682349d).
import type { ChartValues } from "./helmValues";
import { INGRESS_NODE_PORTS } from "../config/ports";
import { isFakeAws } from "./stackFacts";
import type { StackFacts } from "./types";

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
 * Which fake-aws services the stack's services point at: SQS for brig's internal event queue when brig
 * sends through a relay (with SES that queue is real SQS, outputs/brigMailValues.ts) or for gundeck's
 * queue (offline option C); SNS for gundeck's SNS endpoint (option C, online too: config/push.ts).
 */
export function fakeAwsNeeds(facts: StackFacts): { sqs: boolean; sns: boolean } {
  return { sqs: facts.mail.email.via !== "ses" || facts.gundeck.sqsEndpoint.includes("fake-aws"), sns: facts.gundeck.snsEndpoint.includes("fake-aws") };
}

/**
 * fake-aws, when a service of the stack points at it (fakeAwsNeeds), with just those services; no S3
 * (MinIO or S3 holds assets) and no SES. Undefined: nothing reads it, so the export installs no fake-aws
 * (an online stack with SES and real push). The queues are the chart's own list, which names every queue
 * Wire's services use on fake-aws.
 */
export function fakeAwsValues(facts: StackFacts): ChartValues | undefined {
  const needs = fakeAwsNeeds(facts);
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
