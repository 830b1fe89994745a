#!/usr/bin/env node
// Schema check of rendered Kubernetes manifests (k8s/validate.sh runs it on k8s/rendered/<overlay>.yaml).
// Every object is validated against the Kubernetes OpenAPI schema of its apiVersion/kind shipped by npm
// kubernetes-models 4.x (types, required fields, enums, formats). Unknown fields are not rejected by those
// schemas: KubernetesManifestsTest (mesh-tests) fails on them through fabric8's model.
// Custom resources have no schema in kubernetes-models: they are listed in EXEMPT with the reason, and get the
// structural check written for them below.
"use strict";

const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const EXEMPT = {
  "postgresql.cnpg.io/v1/Cluster": {
    reason: "CloudNativePG CRD: no schema in kubernetes-models, none on npm; checked here against the top-level Cluster.spec fields and required ones, and by KubernetesManifestsTest",
    check: checkCnpgCluster,
  },
};

// Top-level spec fields of postgresql.cnpg.io/v1 Cluster (CloudNativePG 1.2x API reference).
const CNPG_CLUSTER_SPEC_FIELDS = new Set([
  "affinity", "backup", "bootstrap", "certificates", "description", "enablePDB", "enableSuperuserAccess", "env",
  "envFrom", "ephemeralVolumeSource", "ephemeralVolumesSizeLimit", "externalClusters", "failoverDelay",
  "imageCatalogRef", "imageName", "imagePullPolicy", "imagePullSecrets", "inheritedMetadata", "instances",
  "livenessProbeTimeout", "logLevel", "managed", "maxSyncReplicas", "minSyncReplicas", "monitoring",
  "nodeMaintenanceWindow", "plugins", "postgresGID", "postgresUID", "postgresql", "primaryUpdateMethod",
  "primaryUpdateStrategy", "priorityClassName", "probes", "projectedVolumeTemplate", "replica",
  "replicationSlots", "resources", "schedulerName", "seccompProfile", "serviceAccountTemplate",
  "smartShutdownTimeout", "startDelay", "stopDelay", "storage", "superuserSecret", "switchoverDelay",
  "tablespaces", "topologySpreadConstraints", "walStorage",
]);

function checkCnpgCluster(obj) {
  const errors = [];
  const spec = obj.spec || {};
  for (const key of Object.keys(spec)) {
    if (!CNPG_CLUSTER_SPEC_FIELDS.has(key)) errors.push(`spec.${key} is not a field of Cluster.spec`);
  }
  if (!Number.isInteger(spec.instances) || spec.instances < 1) errors.push("spec.instances must be an integer >= 1");
  if (!spec.storage || typeof spec.storage.size !== "string") errors.push("spec.storage.size is required (e.g. 10Gi)");
  const initdb = spec.bootstrap && spec.bootstrap.initdb;
  if (!initdb || typeof initdb.database !== "string" || typeof initdb.owner !== "string") {
    errors.push("spec.bootstrap.initdb.database and .owner are required");
  }
  if (spec.primaryUpdateStrategy && !["unsupervised", "supervised"].includes(spec.primaryUpdateStrategy)) {
    errors.push("spec.primaryUpdateStrategy must be unsupervised or supervised");
  }
  const aff = spec.affinity || {};
  if (aff.podAntiAffinityType && !["preferred", "required"].includes(aff.podAntiAffinityType)) {
    errors.push("spec.affinity.podAntiAffinityType must be preferred or required");
  }
  return errors;
}

function modelFor(apiVersion, kind) {
  // kubernetes-models lays out its modules as <group>/<version>/<Kind> (core group: <version>/<Kind>).
  const rel = `${apiVersion}/${kind}`;
  try {
    const mod = require(`kubernetes-models/${rel}`);
    return mod[kind] || null;
  } catch (e) {
    if (e.code === "MODULE_NOT_FOUND") return null;
    throw e;
  }
}

function formatErrors(e) {
  if (Array.isArray(e.errors)) {
    return e.errors.map((x) => `${x.instancePath || "/"} ${x.message}${x.params ? " " + JSON.stringify(x.params) : ""}`);
  }
  return [String(e.message || e)];
}

function main(files) {
  if (files.length === 0) {
    console.error("usage: node check.js RENDERED.yaml...");
    process.exit(2);
  }
  let checked = 0;
  let failed = 0;
  const exempt = new Map();
  for (const file of files) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(file, "utf8"));
    for (const doc of docs) {
      if (doc.errors.length) {
        console.error(`${file}: YAML error: ${doc.errors.map((x) => x.message).join("; ")}`);
        failed++;
        continue;
      }
      const obj = doc.toJS();
      if (obj == null) continue;
      const id = `${path.basename(file)}: ${obj.apiVersion}/${obj.kind} ${obj.metadata && obj.metadata.name}`;
      if (!obj.apiVersion || !obj.kind || !obj.metadata || !obj.metadata.name) {
        console.error(`${id}: apiVersion, kind and metadata.name are required`);
        failed++;
        continue;
      }
      checked++;
      const key = `${obj.apiVersion}/${obj.kind}`;
      let errors;
      if (EXEMPT[key]) {
        exempt.set(key, (exempt.get(key) || 0) + 1);
        errors = EXEMPT[key].check(obj);
      } else {
        const Model = modelFor(obj.apiVersion, obj.kind);
        if (!Model) {
          errors = [`no schema for ${key} in kubernetes-models (a custom resource? add it to EXEMPT with a reason)`];
        } else {
          try {
            new Model(obj).validate();
            errors = [];
          } catch (e) {
            errors = formatErrors(e);
          }
        }
      }
      if (errors.length) {
        failed++;
        for (const err of errors) console.error(`${id}: ${err}`);
      }
    }
  }
  for (const [key, n] of exempt) {
    console.log(`schema-check: ${key} x${n} not in kubernetes-models: ${EXEMPT[key].reason}`);
  }
  console.log(`schema-check: ${checked - failed} of ${checked} objects valid in ${files.map((f) => path.basename(f)).join(", ")}`);
  process.exit(failed ? 1 : 0);
}

main(process.argv.slice(2));
