#!/usr/bin/env bash
# scripts/openapi-lint.sh [DOCUMENT...] — lints OpenAPI documents with Spectral (ruleset spectral:oas) and Redocly
# (recommended), both pinned in tools/openapi-lint/package-lock.json. Without arguments it lints the four services'
# target/openapi.json, which each service's @QuarkusIntegrationTest writes from the document its packaged jar serves
# (./mesh test runs them first). Fails on any error of either linter or a missing document; warnings are counted.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."

tools=tools/openapi-lint
documents=("$@")
if [ "${#documents[@]}" -eq 0 ]; then
  documents=(ingest-service/target/openapi.json profile-service/target/openapi.json
             enrichment-service/target/openapi.json aggregator-service/target/openapi.json)
fi
command -v npm >/dev/null || { echo "openapi-lint: npm is missing (Debian: apt-get install npm)" >&2; exit 1; }
if [ ! -x "$tools/node_modules/.bin/spectral" ] || [ ! -x "$tools/node_modules/.bin/redocly" ]; then
  (cd "$tools" && npm ci --no-audit --no-fund --prefer-offline >/dev/null)
fi

failed=0
for document in "${documents[@]}"; do
  if [ ! -f "$document" ]; then
    echo "openapi-lint: $document is missing (written by the service's *ServiceIT: ./mesh test -pl <service>)" >&2
    failed=1
    continue
  fi
  spectral_json="$(mktemp)"; redocly_json="$(mktemp)"
  # both exit non-zero on errors; their JSON reports are what counts
  "$tools/node_modules/.bin/spectral" lint --quiet --ruleset "$tools/.spectral.yaml" --format json \
      --output "$spectral_json" "$document" >/dev/null 2>&1 || true
  "$tools/node_modules/.bin/redocly" lint --config "$tools/redocly.yaml" --format json "$document" \
      >"$redocly_json" 2>/dev/null || true
  summary="$(node - "$spectral_json" "$redocly_json" "$document" <<'JS'
const fs = require('fs');
const [spectralFile, redoclyFile, document] = process.argv.slice(2);
const read = (file) => { try { return JSON.parse(fs.readFileSync(file, 'utf8') || 'null'); } catch (e) { return null; } };
const spectral = read(spectralFile);
const redocly = read(redoclyFile);
if (!Array.isArray(spectral) || !redocly || !Array.isArray(redocly.problems)) {
  console.log(`ERROR ${document}: a linter gave no report (spectral: ${Array.isArray(spectral)}, redocly: ${!!redocly})`);
  process.exit(0);
}
const spectralErrors = spectral.filter((r) => r.severity === 0);
const spectralWarnings = spectral.filter((r) => r.severity === 1);
const redoclyErrors = redocly.problems.filter((p) => p.severity === 'error');
const redoclyWarnings = redocly.problems.filter((p) => p.severity === 'warn');
for (const r of spectralErrors) console.log(`  spectral error ${r.code}: ${r.message} at ${r.path.join('.')}`);
for (const p of redoclyErrors) console.log(`  redocly error ${p.ruleId}: ${p.message} at ${(p.location[0] || {}).pointer}`);
const rules = (list, key) => [...new Set(list.map((x) => x[key]))].join(', ');
console.log(`${spectralErrors.length + redoclyErrors.length ? 'ERROR' : 'OK'} ${document}: Spectral ${spectralErrors.length} errors, `
  + `${spectralWarnings.length} warnings (${rules(spectralWarnings, 'code') || 'none'}); Redocly ${redoclyErrors.length} errors, `
  + `${redoclyWarnings.length} warnings (${rules(redoclyWarnings, 'ruleId') || 'none'})`);
JS
)"
  rm -f "$spectral_json" "$redocly_json"
  echo "$summary"
  if grep -q '^ERROR' <<<"$summary"; then
    failed=1
  fi
done
if [ "$failed" -ne 0 ]; then
  echo "openapi-lint: FAILED" >&2
  exit 1
fi
echo "openapi-lint: no errors in ${#documents[@]} documents"
