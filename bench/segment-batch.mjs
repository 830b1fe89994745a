// Load driver of bench/segment-batch.sh: POSTs Segment batches to /v1/batch from CONCURRENCY keep-alive connections
// for DURATION seconds (after WARMUP seconds not counted), every call with a fresh messageId (so none is a duplicate),
// and reports events/s and the CPU ticks (/proc/<pid>/stat utime+stime) of ingest-service and nats-server per event.
import http from 'node:http';
import fs from 'node:fs';

const env = process.env;
const url = new URL(env.URL ?? 'http://127.0.0.1:18092');
const auth = 'Basic ' + Buffer.from(`${env.WRITE_KEY}:`).toString('base64');
const perBatch = Number(env.BATCH ?? 500);
const concurrency = Number(env.CONCURRENCY ?? 8);
const duration = Number(env.DURATION ?? 30);
const warmup = Number(env.WARMUP ?? 5);
const pids = { 'ingest-service': env.INGEST_PID, 'nats-server': env.NATS_PID };
const ticksPerSecond = Number(env.CLK_TCK ?? 100);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
let sequence = 0;

function ticks(pid) {
  if (!pid) return null;
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of proc(5))
}

function body() {
  const sentAt = new Date().toISOString();
  const batch = [];
  for (let i = 0; i < perBatch; i++) {
    const n = sequence++;
    batch.push({ type: 'track', userId: `bench_user_${n % 5000}`, event: n % 10 === 0 ? 'Order Completed' : 'Feature Used',
      messageId: `bench-${process.pid}-${n}`, timestamp: sentAt,
      properties: { feature: 'export', plan: 'pro', order_id: `ord_${n}`, total: 19.99 },
      context: { library: { name: 'bench', version: '1' }, ip: '203.0.113.7' } });
  }
  return JSON.stringify({ batch, sentAt });
}

function post(payload) {
  return new Promise((resolve, reject) => {
    const request = http.request({ host: url.hostname, port: url.port, path: '/v1/batch', method: 'POST', agent,
      headers: { 'Content-Type': 'application/json', Authorization: auth, 'Content-Length': Buffer.byteLength(payload) } },
    (response) => {
      const chunks = [];
      response.on('data', (c) => chunks.push(c));
      response.on('end', () => {
        if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}: ${Buffer.concat(chunks)}`));
        const answer = JSON.parse(Buffer.concat(chunks));
        resolve(answer.results.filter((r) => r.status === 'accepted').length);
      });
    });
    request.on('error', reject);
    request.end(payload);
  });
}

let counting = false;
let accepted = 0;
let requests = 0;
let stop = false;
async function worker() {
  while (!stop) {
    const n = await post(body());
    if (counting) { accepted += n; requests++; }
  }
}

const workers = Array.from({ length: concurrency }, worker);
await new Promise((r) => setTimeout(r, warmup * 1000));
const before = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, ticks(p)]));
const started = process.hrtime.bigint();
counting = true;
await new Promise((r) => setTimeout(r, duration * 1000));
counting = false;
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const after = Object.fromEntries(Object.entries(pids).map(([k, p]) => [k, ticks(p)]));
stop = true;
await Promise.allSettled(workers);
const result = { events: accepted, requests, seconds: +seconds.toFixed(2), eventsPerSecond: Math.round(accepted / seconds),
  batch: perBatch, concurrency };
for (const name of Object.keys(pids)) {
  if (before[name] != null) {
    const cpuSeconds = (after[name] - before[name]) / ticksPerSecond;
    result[`${name} cpu s`] = +cpuSeconds.toFixed(2);
    result[`${name} cpu µs/event`] = +((cpuSeconds * 1e6) / accepted).toFixed(1);
  }
}
console.log(JSON.stringify(result));
agent.destroy();
