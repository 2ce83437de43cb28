#!/bin/bash
# Our hosts.ini judged by wire-server-deploy's own playbooks (wire-deployment.md §10). Needs the
# repositories on disk (not run by `npm run test:contract`): WSD, kubespray at WSD's pinned commit,
# ansible-minio, ansible-cassandra, ansible-elasticsearch. Roles it cannot get stay empty dirs; modules
# this ansible-core lacks become no-op modules (stubs.sh-style, below); kubespray's new group names are
# mapped onto the old ones by an extra inventory file, as kubespray's group_by does at run time.
#
#   tests/contract/wire-playbooks.sh NAME HOSTS_INI   -> one line per playbook: rc of --list-hosts and
#                                                        --syntax-check, hosts per play
# Environment: WSD=<dir holding ansible/ with roles-external filled>, STUBS=<dir for no-op modules>.
set -u
W=${WSD:?set WSD to a scratch copy of wire-server-deploy}/ansible
STUBS=${STUBS:-/tmp/wire-playbook-stubs}
export ANSIBLE_COLLECTIONS_PATH=$STUBS/collections ANSIBLE_LIBRARY=$STUBS/library
name=$1; ini=$2
inv=$(mktemp -d)/inventory
cp -r "$W/inventory/offline" "$inv"; rm -f "$inv/99-static" "$inv/staging.yml"
cp "$ini" "$inv/hosts.ini"
cat > "$inv/zz-kubespray-groups.ini" <<'G'
[kube-master]
[kube-node]
[k8s-cluster]
[kube_control_plane:children]
kube-master
[kube_node:children]
kube-node
[k8s_cluster:children]
k8s-cluster
G
cd "$W"
for pb in cassandra.yml elasticsearch.yml minio.yml postgresql-deploy.yml rabbitmq.yml roles/rabbitmq-cluster/tasks/configure_dns.yml \
          kubernetes.yml helm_external.yml setup-offline-sources.yml seed-offline-containerd.yml sync_time.yml; do
  # .ini files in an inventory directory are ignored by Ansible: pass the files, as Wire's docs do.
  lh=$(ansible-playbook -i "$inv/hosts.ini" -i "$inv/zz-kubespray-groups.ini" "$pb" --list-hosts 2>&1); lrc=$?
  ansible-playbook -i "$inv/hosts.ini" -i "$inv/zz-kubespray-groups.ini" "$pb" --syntax-check >/dev/null 2>&1; src=$?
  counts=$(echo "$lh" | grep -E '^\s+play #' -A2 | grep -oE 'hosts \([0-9]+\)' | grep -oE '[0-9]+' | paste -sd, -)
  echo "$name $pb list_rc=$lrc syntax_rc=$src hosts_per_play=$counts"
done
