// Sends the IT's calls with the unmodified npm clients, configured only with the mesh's URL and a write key.
// Environment: INGEST_URL, WRITE_KEY, REVOKED_KEY, RUN. Prints one JSON line: what each client reported.
import { Analytics } from '@segment/analytics-node';
import RudderAnalytics from '@rudderstack/rudder-sdk-node';

const { INGEST_URL, WRITE_KEY, REVOKED_KEY, RUN } = process.env;
const report = { segmentErrors: [], revokedErrors: [], rudderErrors: [] };

const segment = new Analytics({ writeKey: WRITE_KEY, host: INGEST_URL, flushAt: 3, flushInterval: 200 });
segment.on('error', (e) => report.segmentErrors.push(String(e.reason ?? e.code)));
const user = `seg_user_${RUN}`;
segment.identify({ userId: user, messageId: `seg-identify-${RUN}`,
  traits: { name: 'Sam Segment', email: `sam.${RUN}@example.com` } });
segment.group({ userId: user, groupId: `grp_${RUN}`, messageId: `seg-group-${RUN}`,
  traits: { name: 'Segmented Ltd', industry: 'Retail' } });
segment.track({ userId: user, event: 'Order Completed', messageId: `seg-order-${RUN}`,
  properties: { order_id: `ord_${RUN}`, total: 99.5, products: [{ name: 'Widget', sku: 'W-1', quantity: 1, price: 99.5 }] } });
segment.page({ userId: user, name: 'Pricing', messageId: `seg-page-${RUN}`, properties: { url: 'https://shop.example/pricing' } });
// anonymous first, then tied to the user
segment.track({ anonymousId: `visitor-${RUN}`, event: 'Viewed Pricing', messageId: `seg-anon-${RUN}` });
await segment.flush?.();
await new Promise((resolve) => setTimeout(resolve, 500));
segment.alias({ previousId: `visitor-${RUN}`, userId: user, messageId: `seg-alias-${RUN}` });
// one batch with one call the mesh cannot take (an event name without a letter or digit)
segment.track({ userId: user, event: 'Clicked Upgrade', messageId: `seg-batch-ok1-${RUN}` });
segment.track({ userId: user, event: '!!!', messageId: `seg-batch-bad-${RUN}` });
segment.track({ userId: user, event: 'Clicked Upgrade', messageId: `seg-batch-ok2-${RUN}` });
// the same messageId sent twice is one event
segment.track({ userId: user, event: 'Feature Used', messageId: `seg-retry-${RUN}`, properties: { feature: 'export' } });
segment.track({ userId: user, event: 'Feature Used', messageId: `seg-retry-${RUN}`, properties: { feature: 'export' } });
await segment.closeAndFlush({ timeout: 20000 });

const revoked = new Analytics({ writeKey: REVOKED_KEY, host: INGEST_URL, flushAt: 1, maxRetries: 0 });
revoked.on('error', (e) => report.revokedErrors.push(String(e.reason?.message ?? e.reason ?? e.code)));
revoked.track({ userId: `revoked_${RUN}`, event: 'Should Not Land', messageId: `seg-revoked-${RUN}` });
await revoked.closeAndFlush({ timeout: 20000 });

const rudder = new RudderAnalytics(WRITE_KEY, { dataPlaneUrl: INGEST_URL, flushAt: 20, flushInterval: 200, logLevel: 'error',
  errorHandler: (e) => report.rudderErrors.push(String(e?.response?.status ?? e)) });
const rudderUser = `rs_user_${RUN}`;
rudder.track({ anonymousId: `rs-visitor-${RUN}`, event: 'Viewed Docs', messageId: `rs-anon-${RUN}` });
rudder.identify({ userId: rudderUser, anonymousId: `rs-visitor-${RUN}`, messageId: `rs-identify-${RUN}`,
  traits: { name: 'Rita Rudder', company: 'Rudder Co' } });
rudder.group({ userId: rudderUser, groupId: `rs_grp_${RUN}`, messageId: `rs-group-${RUN}`, traits: { name: 'Rudder Co', employees: 40 } });
rudder.page({ userId: rudderUser, name: 'Docs', messageId: `rs-page-${RUN}` });
rudder.track({ userId: rudderUser, event: 'Order Completed', messageId: `rs-order-${RUN}`, properties: { order_id: `rs_ord_${RUN}`, total: 10 } });
rudder.track({ userId: rudderUser, event: 'Order Completed', messageId: `rs-order-${RUN}`, properties: { order_id: `rs_ord_${RUN}`, total: 10 } });
await rudder.flush();

const rudderRevoked = new RudderAnalytics(REVOKED_KEY, { dataPlaneUrl: INGEST_URL, flushAt: 1, logLevel: 'error', retryCount: 0,
  errorHandler: (e) => report.revokedErrors.push(`rudder:${e?.response?.status ?? e}`) });
rudderRevoked.track({ userId: `revoked_${RUN}`, event: 'Should Not Land', messageId: `rs-revoked-${RUN}` });
try {
  await rudderRevoked.flush();
} catch (e) {
  report.revokedErrors.push(`rudder-throw:${e?.response?.status ?? e?.message ?? e}`);
}
console.log(JSON.stringify(report));
