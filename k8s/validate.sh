#!/usr/bin/env bash
# k8s/validate.sh — offline checks of the Kubernetes manifests (no cluster needed):
#   1. renders each overlay with `kubectl kustomize` into k8s/rendered/<overlay>.yaml (gitignored);
#   2. checks that the Keycloak realm of k8s/ is still derived from infra/keycloak (derive-realm.jq);
#   3. validates every rendered object against the Kubernetes schemas of npm kubernetes-models 4.x and every custom
#      resource (CloudNativePG, Prometheus Operator, Gateway API, cert-manager) against its CRD schema from the
#      @kubernetes-models/* packages, unknown fields rejected (k8s/schema-check/check.js; the Barman Cloud plugin's
#      ObjectStore, which has no package, is listed there with a reason);
#   4. tests the rendered NATS configuration with `nats-server -t` when a nats-server is installed;
#   5. checks that the provisioning Job's ConfigMap nats-topology holds exactly k8s/base/nats/topology/*.json.
# The project's own rules (probes, security context, selectors, NetworkPolicies, config keys...) are checked by
# mesh-tests' KubernetesManifestsTest inside the Maven build. ./mesh test runs this script first.
set -euo pipefail

K8S_DIR="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
ROOT="$(dirname "$K8S_DIR")"
started=$SECONDS

die() { echo "k8s/validate.sh: $*" >&2; exit 1; }

command -v kubectl >/dev/null 2>&1 || die "kubectl not found on PATH. It renders the kustomize overlays (kubectl 1.27+ with kustomize 5;
    Debian's kubernetes-client package is too old): install kubectl from the Kubernetes release binaries, then re-run."
command -v node >/dev/null 2>&1 || die "node not found on PATH; the schema check needs Node.js 18+ (Debian: apt-get install nodejs npm)."
command -v npm >/dev/null 2>&1 || die "npm not found on PATH; the schema check needs npm (Debian: apt-get install npm)."
command -v jq >/dev/null 2>&1 || die "jq not found on PATH; the realm check needs it (Debian: apt-get install jq)."

# 1. Render.
mkdir -p "$K8S_DIR/rendered"
overlays=()
for dir in "$K8S_DIR"/overlays/*/; do
  overlay="$(basename "$dir")"
  overlays+=("$overlay")
  out="$K8S_DIR/rendered/$overlay.yaml"
  kubectl kustomize "$dir" >"$out.tmp" || { rm -f "$out.tmp"; die "kubectl kustomize k8s/overlays/$overlay failed"; }
  mv "$out.tmp" "$out"
  echo "rendered k8s/overlays/$overlay -> k8s/rendered/$overlay.yaml ($(grep -c '^kind:' "$out") objects)"
done
[ "${#overlays[@]}" -gt 0 ] || die "no overlay under k8s/overlays"

# 2. The realm imported in the cluster is the local one minus demo users and password grant.
realm_src="$ROOT/infra/keycloak/customer360-realm.json"
realm_k8s="$K8S_DIR/base/keycloak/customer360-realm.json"
if ! jq -f "$K8S_DIR/base/keycloak/derive-realm.jq" "$realm_src" | diff -q - "$realm_k8s" >/dev/null; then
  die "k8s/base/keycloak/customer360-realm.json is not derived from infra/keycloak/customer360-realm.json; regenerate it:
    jq -f k8s/base/keycloak/derive-realm.jq infra/keycloak/customer360-realm.json > k8s/base/keycloak/customer360-realm.json"
fi
echo "realm: k8s/base/keycloak/customer360-realm.json matches derive-realm.jq"

# 3. Schema check (npm ci only when the lock file changed since the last install).
schema="$K8S_DIR/schema-check"
if ! cmp -s "$schema/package-lock.json" "$schema/node_modules/.c360-installed-lock" 2>/dev/null; then
  echo "schema-check: npm ci"
  (cd "$schema" && npm ci --silent --no-audit --no-fund) || die "npm ci in k8s/schema-check failed"
  cp "$schema/package-lock.json" "$schema/node_modules/.c360-installed-lock"
fi
rendered=()
for overlay in "${overlays[@]}"; do rendered+=("$K8S_DIR/rendered/$overlay.yaml"); done
node "$schema/check.js" "${rendered[@]}" || die "schema check failed (see above)"

# 4. NATS configuration: syntax, accounts, imports/exports, and every $VARIABLE defined by the pod's env.
if command -v nats-server >/dev/null 2>&1; then
  version="$(nats-server --version 2>/dev/null | sed -n 's/.*v\([0-9][0-9]*\.[0-9][0-9]*\).*/\1/p')"
  for overlay in "${overlays[@]}"; do
    tmp="$(mktemp -d)"
    vars="$(node "$schema/nats-config.js" "$K8S_DIR/rendered/$overlay.yaml" "$tmp")" || { rm -rf "$tmp"; die "cannot extract the NATS configuration of $overlay"; }
    note=""
    # TLS (the prod overlay's tls.conf): the certificate files exist only in the pod; test with a throwaway pair.
    if grep -qE '^ *(cert_file|key_file|ca_file):' "$tmp"/*.conf; then
      command -v openssl >/dev/null 2>&1 || { rm -rf "$tmp"; die "openssl not found; it makes a test certificate for the TLS configuration of $overlay"; }
      openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=nats -keyout "$tmp/tls.key" -out "$tmp/tls.crt" >/dev/null 2>&1 \
        || { rm -rf "$tmp"; die "openssl could not make a test certificate"; }
      sed -i -E "s#^( *)(cert_file|ca_file): *\"[^\"]*\"#\1\2: \"$tmp/tls.crt\"#; s#^( *)key_file: *\"[^\"]*\"#\1key_file: \"$tmp/tls.key\"#" "$tmp"/*.conf
      note=" (TLS with a test certificate)"
    fi
    case "$version" in
      2.[0-9]) # sync_interval exists from 2.10 on.
        sed -i 's/^\( *\)sync_interval:/\1# sync_interval:/' "$tmp/nats.conf"; note="$note (nats-server $version: sync_interval not checked)" ;;
    esac
    # Dummy values for the pod's variables (not the Go runtime's own, such as GOMEMLIMIT).
    # shellcheck disable=SC2046
    if ! out="$(env -i PATH="$PATH" $(printf '%s=x ' $(grep -v '^GO' <<<"$vars")) nats-server -t -c "$tmp/nats.conf" 2>&1)"; then
      rm -rf "$tmp"
      die "nats-server -t rejects the NATS configuration of $overlay:
$out"
    fi
    rm -rf "$tmp"
    echo "nats: configuration of $overlay accepted by nats-server -t$note"
  done
else
  echo "nats: nats-server not installed, configuration syntax not tested"
fi

# 5. The provisioning Job's topology: the ConfigMap nats-topology of every overlay holds exactly the JSON files of
#    k8s/base/nats/topology/ (written by Provision --write-json from common's Topology), each one valid JSON.
topology="$K8S_DIR/base/nats/topology"
for overlay in "${overlays[@]}"; do
  if ! out="$(node - "$K8S_DIR/rendered/$overlay.yaml" "$topology" "$schema" <<'NODE'
const fs = require("fs");
const path = require("path");
const [rendered, dir, schema] = process.argv.slice(2);
const YAML = require(path.join(schema, "node_modules", "yaml"));
const objs = YAML.parseAllDocuments(fs.readFileSync(rendered, "utf8")).map((d) => d.toJS()).filter(Boolean);
const cm = objs.find((o) => o.kind === "ConfigMap" && /^nats-topology(-|$)/.test(o.metadata.name));
const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".json")).sort() : [];
if (!cm && files.length === 0) {
  console.log("WARN no k8s/base/nats/topology/*.json yet and no ConfigMap nats-topology: the Job nats-provision waits for it");
  process.exit(0);
}
const keys = Object.keys((cm && cm.data) || {}).sort();
const missing = files.filter((f) => !keys.includes(f));
const extra = keys.filter((k) => !files.includes(k));
if (!cm || missing.length || extra.length) {
  console.log(`the ConfigMap nats-topology (k8s/base/nats/kustomization.yaml) does not list the files of k8s/base/nats/topology:` +
    ` missing ${JSON.stringify(missing)}, not in topology/ ${JSON.stringify(extra)}`);
  process.exit(1);
}
for (const k of keys) {
  try { JSON.parse(cm.data[k]); } catch (e) { console.log(`topology/${k}: not JSON: ${e.message}`); process.exit(1); }
}
if (!keys.some((k) => k.startsWith("stream-"))) { console.log("ConfigMap nats-topology has no stream-*.json"); process.exit(1); }
console.log(`OK ${keys.length} files`);
NODE
)"; then
    die "nats topology of $overlay: $out"
  fi
  case "$out" in
    WARN*) echo "nats: ${out#WARN } ($overlay)" ;;
    *) echo "nats: ConfigMap nats-topology of $overlay matches k8s/base/nats/topology (${out#OK })" ;;
  esac
done

echo "k8s/validate.sh: OK in $((SECONDS - started))s"
