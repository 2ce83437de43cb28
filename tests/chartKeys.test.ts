// cli/chartKeys.ts on a small chart made here: which value keys its templates read.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chartKeys } from "../cli/chartKeys";

const TEMPLATE = `
{{- define "svc.tls" -}}
{{ .cassandra.tlsCa }}
{{- end -}}
kind: ConfigMap
data:
  {{- with .Values.brig.config }}
  host: {{ .cassandra.host }}
  tls: {{ include "svc.tls" . }}
  {{- if hasKey .cassandra "filterNodes" }}x{{ end }}
  pool: {{ toYaml .postgresql | nindent 4 }}
  {{- range $u := .turn.uris }}{{ $u.host }}{{ end }}
  {{- end }}
  worker: {{ (index .Values "background-worker" "config" "federationDomain") }}
  {{- $b := .Values.brig }}
  replicas: {{ $b.replicaCount }}
  release: {{ .Release.Name }} {{ "not.a.key" }}
`;

describe("chartKeys", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "chart-keys-"));
  const git = (...args: string[]) => execFileSync("git", ["-C", dir, ...args], { encoding: "utf8" });
  let commit = "";
  beforeAll(() => {
    git("init", "-q");
    fs.mkdirSync(path.join(dir, "charts", "app", "templates"), { recursive: true });
    fs.mkdirSync(path.join(dir, "charts", "sub", "templates"), { recursive: true });
    fs.writeFileSync(path.join(dir, "charts", "app", "Chart.yaml"), "name: app\nversion: 1.2.3\n");
    fs.writeFileSync(path.join(dir, "charts", "app", "requirements.yaml"), "dependencies:\n- name: sub\n  repository: file://../sub\n  tags: [sub, services]\n");
    fs.writeFileSync(path.join(dir, "charts", "app", "templates", "cm.yaml"), TEMPLATE);
    fs.writeFileSync(path.join(dir, "charts", "sub", "Chart.yaml"), "name: sub\nversion: 0.1.0\n");
    fs.writeFileSync(path.join(dir, "charts", "sub", "templates", "x.yaml"), "port: {{ .Values.service.port }}\n");
    git("add", "-A");
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "chart");
    commit = git("rev-parse", "HEAD").trim();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("follows with, include, hasKey, range, index and variables; prefixes subcharts; adds tags", () => {
    const k = chartKeys(dir, commit, "charts/app", "test/app", "9.9.9");
    expect(k.source).toEqual({ repository: "test/app", commit, path: "charts/app", chartVersion: "1.2.3", release: "9.9.9" });
    expect(k.keys).toEqual(
      expect.arrayContaining([
        "brig.config.cassandra.host",
        "brig.config.cassandra.tlsCa",
        "brig.config.cassandra.filterNodes",
        "brig.config.postgresql",
        "brig.config.turn.uris.[].host",
        "background-worker.config.federationDomain",
        "brig.replicaCount",
        "sub.service.port",
        "tags.sub",
        "tags.services",
      ]),
    );
    expect(k.whole).toContain("brig.config.postgresql");
    // A `with` scope is not a read of everything beneath it; strings and .Release are no keys.
    expect(k.whole).not.toContain("brig.config");
    expect(k.keys.filter((x) => /Release|not\.a\.key/.test(x))).toEqual([]);
  });
});
