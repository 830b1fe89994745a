#!/usr/bin/env node
// An AI assistant's first contact with the mesh, through the official MCP TypeScript SDK: it knows only the MCP URL
// and its client credentials. The SDK's first request is refused with 401 and
// WWW-Authenticate: Bearer resource_metadata="…"; it reads the protected resource metadata (RFC 9728), finds the
// authorization server there, reads that server's metadata, gets a token with the client-credentials grant, and
// retries. Then it lists the tools and calls get_customer_360.
//
//   MCP_CLIENT_SECRET=<secret> node discover.mjs --url http://127.0.0.1:8080/mcp --client assistant-acme \
//       --issuer http://127.0.0.1:8180/realms/customer360 --customer cust_123
//
// --issuer is the authorization server the credentials belong to: the SDK refuses to send them to any other server
// the resource might name. Prints one JSON object: {resourceMetadata, tools: [names], call: {isError, json,
// structuredContent}} or {error}. callTool validates structuredContent against the tool's outputSchema (listed
// first) and throws when it does not match. Exit status 0 when the call succeeded, 1 otherwise.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ClientCredentialsProvider } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { discoverOAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/client/auth.js';
import { parseArgs } from 'node:util';

const { values: o } = parseArgs({
  options: { url: { type: 'string' }, client: { type: 'string' }, issuer: { type: 'string' }, customer: { type: 'string' } },
});

async function main() {
  const url = new URL(o.url);
  const provider = new ClientCredentialsProvider({
    clientId: o.client,
    clientSecret: process.env.MCP_CLIENT_SECRET ?? '',
    expectedIssuer: o.issuer,
  });
  const client = new Client({ name: 'c360-discovery-check', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(url, { authProvider: provider }));
  const tools = (await client.listTools()).tools.map((t) => t.name);
  const result = await client.callTool({
    name: 'get_customer_360',
    arguments: { customerId: o.customer, agent: 'support', purpose: 'discovery-check' },
  });
  const text = (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  const resourceMetadata = await discoverOAuthProtectedResourceMetadata(url);
  await client.close();
  const structuredContent = result.structuredContent ?? null;
  console.log(JSON.stringify({ resourceMetadata, tools, call: { isError: result.isError ?? false, json, structuredContent } }));
  return result.isError ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
  console.log(JSON.stringify({ error: String(error?.message ?? error) }));
  process.exit(1);
});
