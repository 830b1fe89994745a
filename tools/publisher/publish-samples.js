#!/usr/bin/env node
// Publishes the partner sample events of nats-event-ingestion.md (purchase, support_ticket, repair for
// cust_001) to customer.events.{customer_id}.{event_type}, through JetStream (acknowledged) by default, as a
// partner: with a partner's credentials (--creds FILE, or --user and --pass). The server maps the subject into the
// partner's tenant (k8s/base/nats/accounts.conf; docs/nats-security.md).
'use strict';

const fs = require('node:fs');
const { parseArgs } = require('node:util');
const { connect, StringCodec, headers, ErrorCode } = require('nats');

// The seed's examples, exactly.
const SAMPLES = {
  purchase: {
    customer_id: 'cust_001',
    event_type: 'purchase',
    timestamp: 1734134400,
    source_service: 'e-commerce-service',
    data: {
      purchase_id: 'ord_12345',
      product_name: 'Wireless Headphones Pro',
      product_sku: 'WHP-2000',
      quantity: 1,
      price: 299.99,
      total: 299.99,
      warranty_expires: 1765670400,
      customer_name: 'John Smith',
      email: 'john.smith@example.com',
    },
    metadata: {
      session_id: 'sess_abc123',
      payment_method: 'credit_card',
    },
  },
  support_ticket: {
    customer_id: 'cust_001',
    event_type: 'support_ticket',
    timestamp: 1734220800,
    source_service: 'support-system',
    data: {
      ticket_id: 'TKT-5678',
      title: 'Product not working',
      description: 'Bluetooth pairing is inconsistent...',
      status: 'open',
      priority: 'high',
      category: 'technical',
      important: true,
      save_as_memory: true,
    },
    metadata: {
      channel: 'email',
    },
  },
  repair: {
    customer_id: 'cust_001',
    event_type: 'repair',
    timestamp: 1734307200,
    source_service: 'repair-service',
    data: {
      work_order_id: 'WO-9999',
      order_type: 'repair',
      issue_description: 'Bluetooth module needs replacement',
      status: 'open',
      priority: 'medium',
      assigned_to: 'technician_05',
      product_id: 'WHP-2000',
    },
  },
};

const DEFAULT_SERVERS = process.env.NATS_URL || 'nats://127.0.0.1:4223';

const USAGE = `usage: node publish-samples.js [options]
  --servers URL[,URL]  NATS servers (default $NATS_URL, else nats://127.0.0.1:4223, the mesh's server)
  --creds FILE         credentials file of ./mesh (.mesh/nats/partner-default.creds, partner-acme.creds, ...):
                       lines NATS_USER=... and NATS_PASSWORD=... (not the JWT .creds format)
  --user USER          NATS user (default $NATS_USER; --creds wins)
  --pass PASSWORD      its password (default $NATS_PASSWORD)
  --prefix P           prepended as-is to every subject, e.g. "it." (default none)
  --event TYPE         publish only this sample (${Object.keys(SAMPLES).join(', ')})
  --core               plain core publish, no ack (like the seed's snippet)
  --msg-id             set a Nats-Msg-Id header (<customer>-<type>-<timestamp>) so a re-run is a duplicate
  -h, --help           this text`;

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        servers: { type: 'string', default: DEFAULT_SERVERS },
        creds: { type: 'string' },
        user: { type: 'string' },
        pass: { type: 'string' },
        prefix: { type: 'string', default: '' },
        event: { type: 'string' },
        core: { type: 'boolean', default: false },
        'msg-id': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (err) {
    console.error(`${err.message}\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (values.event !== undefined && !SAMPLES[values.event]) {
    console.error(`unknown --event ${values.event}; known: ${Object.keys(SAMPLES).join(', ')}`);
    process.exit(2);
  }
  if (values.creds !== undefined) {
    Object.assign(values, readCreds(values.creds));
  }
  if (values.user === undefined && process.env.NATS_USER) values.user = process.env.NATS_USER;
  if (values.pass === undefined && process.env.NATS_PASSWORD) values.pass = process.env.NATS_PASSWORD;
  if ((values.user === undefined) !== (values.pass === undefined)) {
    console.error('--user and --pass go together (or use --creds FILE)');
    process.exit(2);
  }
  return values;
}

// A credentials file of ./mesh: shell variable lines NATS_USER=... and NATS_PASSWORD=... (comments allowed).
function readCreds(file) {
  let text;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`cannot read --creds ${file}: ${err.message}`);
    process.exit(2);
  }
  const vars = {};
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?(NATS_USER|NATS_PASSWORD)=(['"]?)(.*)\2\s*$/.exec(line);
    if (m) vars[m[1]] = m[3];
  }
  if (!vars.NATS_USER || !vars.NATS_PASSWORD) {
    console.error(`--creds ${file}: needs the lines NATS_USER=... and NATS_PASSWORD=...`);
    process.exit(2);
  }
  return { user: vars.NATS_USER, pass: vars.NATS_PASSWORD };
}

async function main() {
  const opts = parse();
  const events = opts.event ? [SAMPLES[opts.event]] : Object.values(SAMPLES);
  const sc = StringCodec();
  let nc;
  try {
    nc = await connect({
      servers: opts.servers.split(','),
      name: 'c360-publish-samples',
      ...(opts.user !== undefined ? { user: opts.user, pass: opts.pass } : {}),
    });
  } catch (err) {
    const who = opts.user !== undefined ? ` as ${opts.user}` : ' without credentials';
    const hint = /authoriz/i.test(`${err.code} ${err.message}`)
      ? ' (the mesh\'s server refuses unknown users: pass a partner\'s --creds, e.g. .mesh/nats/partner-default.creds)'
      : '';
    console.error(`cannot connect to NATS at ${opts.servers}${who}: ${err.message}${hint}`);
    process.exit(1);
  }
  const js = nc.jetstream();
  let failed = 0;
  for (const event of events) {
    const subject = `${opts.prefix}customer.events.${event.customer_id}.${event.event_type}`;
    const payload = sc.encode(JSON.stringify(event));
    const msgId = opts['msg-id'] ? `${event.customer_id}-${event.event_type}-${event.timestamp}` : undefined;
    if (opts.core) {
      const h = msgId ? headers() : undefined;
      if (h) h.set('Nats-Msg-Id', msgId);
      nc.publish(subject, payload, h ? { headers: h } : undefined);
      console.log(`${subject}: published (core, no ack)`);
      continue;
    }
    try {
      const ack = await js.publish(subject, payload, msgId ? { msgID: msgId } : undefined);
      console.log(`${subject}: ack stream=${ack.stream} seq=${ack.seq} duplicate=${ack.duplicate}`);
    } catch (err) {
      failed++;
      if (err.code === ErrorCode.NoResponders || err.code === '503') {
        console.error(`${subject}: no JetStream stream captures this subject (no responders). ` +
          'The CUSTOMER_EVENTS stream is created by the provisioning step of ./mesh up (user c360-provision): ' +
          'run it first (or use --core, which publishes without an ack).');
      } else if (err.code === 'PERMISSIONS_VIOLATION' || /permission/i.test(err.message)) {
        console.error(`${subject}: refused: this user may not publish here (partners publish only customer.events.>)`);
      } else {
        console.error(`${subject}: publish failed: ${err.code || ''} ${err.message}`);
      }
    }
  }
  await nc.drain();
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
