#!/usr/bin/env node
// Writes the files of the rendered nats-config ConfigMap into DIR and prints the names of the environment
// variables the NATS container gets (k8s/validate.sh then tests the configuration with nats-server -t).
"use strict";
const fs = require("fs");
const path = require("path");
const YAML = require("yaml");

const [rendered, dir] = process.argv.slice(2);
if (!rendered || !dir) {
  console.error("usage: node nats-config.js RENDERED.yaml DIR");
  process.exit(2);
}
const objs = YAML.parseAllDocuments(fs.readFileSync(rendered, "utf8")).map((d) => d.toJS()).filter(Boolean);
const cm = objs.find((o) => o.kind === "ConfigMap" && /^nats-config(-|$)/.test(o.metadata.name));
const sts = objs.find((o) => o.kind === "StatefulSet" && o.metadata.name === "nats");
if (!cm || !sts) {
  console.error(`${rendered}: no nats-config ConfigMap or nats StatefulSet`);
  process.exit(1);
}
fs.mkdirSync(dir, { recursive: true });
for (const [name, text] of Object.entries(cm.data || {})) fs.writeFileSync(path.join(dir, name), text);
const container = sts.spec.template.spec.containers.find((c) => c.name === "nats");
console.log((container.env || []).map((e) => e.name).join("\n"));
