// The Node.js partner snippet of nats-event-ingestion.md ("Integration Examples"), unchanged,
// followed by the seed's example call. It proves a partner that follows the document works as is:
// core publish to customer.events.cust_123.purchase on nats://localhost:4222, no ack.
// Top-level await needs an async wrapper in CommonJS: the snippet itself is untouched.
(async () => {
// ---- seed snippet (unchanged) ----
const { connect, StringCodec } = require('nats');

async function publishCustomerEvent(customerId, eventType, data) {
  const nc = await connect({ servers: 'nats://localhost:4222' });
  const sc = StringCodec();

  const event = {
    customer_id: customerId,
    event_type: eventType,
    timestamp: Math.floor(Date.now() / 1000),
    source_service: 'my-service',
    data: data,
    metadata: {}
  };

  const subject = `customer.events.${customerId}.${eventType}`;
  nc.publish(subject, sc.encode(JSON.stringify(event)));

  await nc.drain();
}

// Example usage
await publishCustomerEvent('cust_123', 'purchase', {
  purchase_id: 'ord_456',
  product_name: 'Premium Widget',
  total: 99.99,
  email: 'customer@example.com'
});
// ---- end of seed snippet ----
console.log('seed snippet: published customer.events.cust_123.purchase (core publish, no ack)');
})().catch((err) => { console.error(err); process.exit(1); });
