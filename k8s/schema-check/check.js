#!/usr/bin/env node
// Schema check of rendered Kubernetes manifests (k8s/validate.sh runs it on k8s/rendered/<overlay>.yaml).
// Every object is validated against the Kubernetes OpenAPI schema of its apiVersion/kind shipped by npm
// kubernetes-models 4.x (types, required fields, enums, formats). Unknown fields are not rejected by those
// schemas: KubernetesManifestsTest (mesh-tests) fails on them through fabric8's model.
// Custom resources (CloudNativePG, Prometheus Operator, Gateway API, cert-manager) are validated against their CRD
// schemas from the @kubernetes-models/* packages of CRD_PACKAGES, and their unknown fields rejected here (fabric8 does
// not know most of them). A custom resource with no package on npm is listed in EXEMPT with the reason and the
// structural check written for it below.
"use strict";

const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

// Custom resources: validated against their CRD's schema as published on npm by kubernetes-models-ts (ES modules,
// loaded with import()). Those schemas do not reject unknown fields either, so unknownFields() below probes each field.
const CRD_PACKAGES = {
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1",
  "gateway.networking.k8s.io/v1": "@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1",
  "postgresql.cnpg.io/v1": "@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1",
  "cert-manager.io/v1": "@kubernetes-models/cert-manager/cert-manager.io/v1",
};

// Custom resources with no schema on npm: listed with the reason, checked by the function given.
const EXEMPT = {
  "barmancloud.cnpg.io/v1/ObjectStore": {
    reason: "Barman Cloud plugin CRD: no package on npm; spec.configuration checked against barman-cloud's " +
      "BarmanObjectStoreConfiguration schema (@kubernetes-models/cloudnative-pg), the other ObjectStore.spec fields here",
    check: checkObjectStore,
  },
};

// ObjectStore.spec of plugin-barman-cloud 0.16 (API reference barmancloud.cnpg.io/v1).
const OBJECT_STORE_SPEC_FIELDS = new Set(["configuration", "retentionPolicy", "instanceSidecarConfiguration"]);
const SIDECAR_FIELDS = new Set(["env", "retentionPolicyIntervalSeconds", "resources", "additionalContainerArgs", "logLevel"]);

async function checkObjectStore(obj) {
  const errors = [];
  const spec = obj.spec || {};
  for (const key of Object.keys(spec)) {
    if (!OBJECT_STORE_SPEC_FIELDS.has(key)) errors.push(`spec.${key} is not a field of ObjectStore.spec`);
  }
  if (spec.retentionPolicy !== undefined && !/^[1-9][0-9]*[dwm]$/.test(spec.retentionPolicy)) {
    errors.push("spec.retentionPolicy must match ^[1-9][0-9]*[dwm]$ (e.g. 30d)");
  }
  const { BarmanObjectStoreConfiguration } = await import(
    "@kubernetes-models/cloudnative-pg/github.com/cloudnative-pg/barman-cloud/pkg/api/BarmanObjectStoreConfiguration");
  if (!spec.configuration) {
    errors.push("spec.configuration is required");
  } else {
    const invalid = validateWith(BarmanObjectStoreConfiguration, spec.configuration);
    errors.push(...(invalid.length ? invalid : unknownFields(BarmanObjectStoreConfiguration, spec.configuration, "it"))
      .map((e) => `spec.configuration${e}`));
  }
  const sidecar = spec.instanceSidecarConfiguration || {};
  for (const key of Object.keys(sidecar)) {
    if (!SIDECAR_FIELDS.has(key)) errors.push(`spec.instanceSidecarConfiguration.${key} is not a field`);
  }
  if (sidecar.resources) {
    const { ResourceRequirements } = require("kubernetes-models/v1/ResourceRequirements");
    errors.push(...validateWith(ResourceRequirements, sidecar.resources)
      .map((e) => `spec.instanceSidecarConfiguration.resources${e}`));
  }
  if (sidecar.logLevel && !["error", "warning", "info", "debug", "trace"].includes(sidecar.logLevel)) {
    errors.push("spec.instanceSidecarConfiguration.logLevel must be error, warning, info, debug or trace");
  }
  return errors;
}

// Errors of one model's validation, "" when valid.
function validateWith(Model, data) {
  try {
    new Model(structuredClone(data)).validate();
    return [];
  } catch (e) {
    return formatErrors(e);
  }
}

function passes(Model, data) {
  return validateWith(Model, data).length === 0;
}

// The CRD schemas accept fields they do not declare (as the API server would prune them, or reject them with
// kubectl's strict field validation). A declared field has a type: replacing its value by a number and by a string
// makes at least one of the two fail. A field for which both still pass is not declared (or is free-form).
const PROBES = [12345.5, "\u0000not-a-value"];
// The packages' schema generator drops every property named "description" (a JSON Schema keyword), so its value is
// never checked: taken as declared (CloudNativePG's Cluster.spec.description, ...).
const UNCHECKED_FIELDS = new Set(["description"]);

function unknownFields(Model, obj, what = `${obj.apiVersion} ${obj.kind}`) {
  const unknown = [];
  const walk = (value, pathParts) => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(item, [...pathParts, i]));
    } else if (value !== null && typeof value === "object") {
      for (const key of Object.keys(value)) {
        const at = [...pathParts, key];
        const declared = UNCHECKED_FIELDS.has(key) || PROBES.some((probe) => {
          const copy = structuredClone(obj);
          let node = copy;
          for (const part of at.slice(0, -1)) node = node[part];
          node[key] = probe;
          return !passes(Model, copy);
        });
        if (!declared) {
          unknown.push(`/${at.join("/")} is not a field of ${what}`);
        } else {
          walk(value[key], at);
        }
      }
    }
  };
  walk(obj, []);
  return unknown;
}

async function crdModelFor(apiVersion, kind) {
  const pkg = CRD_PACKAGES[apiVersion];
  if (!pkg) return null;
  try {
    const mod = await import(`${pkg}/${kind}`);
    return mod[kind] || null;
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") return null;
    throw e;
  }
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

async function main(files) {
  if (files.length === 0) {
    console.error("usage: node check.js RENDERED.yaml...");
    process.exit(2);
  }
  let checked = 0;
  let failed = 0;
  const exempt = new Map();
  const crds = new Map();
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
        errors = await EXEMPT[key].check(obj);
      } else if (CRD_PACKAGES[obj.apiVersion]) {
        const Model = await crdModelFor(obj.apiVersion, obj.kind);
        if (!Model) {
          errors = [`no schema for ${key} in ${CRD_PACKAGES[obj.apiVersion]}`];
        } else {
          errors = validateWith(Model, obj);
          if (errors.length === 0) errors = unknownFields(Model, obj);
          crds.set(key, (crds.get(key) || 0) + 1);
        }
      } else {
        const Model = modelFor(obj.apiVersion, obj.kind);
        if (!Model) {
          errors = [`no schema for ${key} in kubernetes-models (a custom resource? add its package to CRD_PACKAGES, or to EXEMPT with a reason)`];
        } else {
          errors = validateWith(Model, obj);
        }
      }
      if (errors.length) {
        failed++;
        for (const err of errors) console.error(`${id}: ${err}`);
      }
    }
  }
  for (const [key, n] of crds) {
    console.log(`schema-check: ${key} x${n} against its CRD schema (${CRD_PACKAGES[key.slice(0, key.lastIndexOf("/"))].split("/").slice(0, 2).join("/")}), unknown fields rejected`);
  }
  for (const [key, n] of exempt) {
    console.log(`schema-check: ${key} x${n} not in kubernetes-models: ${EXEMPT[key].reason}`);
  }
  console.log(`schema-check: ${checked - failed} of ${checked} objects valid in ${files.map((f) => path.basename(f)).join(", ")}`);
  process.exit(failed ? 1 : 0);
}

main(process.argv.slice(2)).catch((e) => {
  console.error(e);
  process.exit(1);
});
