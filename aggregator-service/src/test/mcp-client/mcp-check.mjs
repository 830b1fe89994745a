#!/usr/bin/env node
// Drives aggregator-service's MCP server with the official MCP TypeScript SDK, as an AI assistant would:
// connect over streamable HTTP with a bearer token, initialize, list the tools, call each tool, print a JSON summary.
//
//   MCP_TOKEN=<access token> node mcp-check.mjs --url http://127.0.0.1:8080/mcp --customer cust_123 [--query "John"]
//       [--max-tokens 300] [--calls '[{"name":"get_timeline","arguments":{"customerId":"a.b"}}]']
//
// The token is read from MCP_TOKEN (never from the command line, where other users could see it); without it the
// request carries no Authorization header. --calls replaces the default calls (one per tool). Prints one JSON object
// on stdout: {server, tools: [{name, description, inputSchema, outputSchema}], calls: [{name, arguments, isError, text,
// json, structuredContent} or {name, arguments, error: {code, message}}]} or, when connecting fails,
// {connectError: {status, message}}. The SDK's callTool validates structuredContent against the tool's outputSchema
// and fails the call (an error entry) when it does not match or is missing.
// Exit status: 0 when every call succeeded, 1 when a call failed (tool error or protocol error), 2 when connecting
// failed, 3 on bad usage.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { parseArgs } from 'node:util';

const USAGE = 'usage: MCP_TOKEN=<token> node mcp-check.mjs --url URL --customer ID [--query TEXT] [--max-tokens N] [--calls JSON]';

function options() {
  const { values } = parseArgs({
    options: {
      url: { type: 'string' },
      customer: { type: 'string' },
      query: { type: 'string' },
      'max-tokens': { type: 'string', default: '300' },
      calls: { type: 'string' },
    },
  });
  if (!values.url || (!values.customer && !values.calls)) {
    throw new Error(USAGE);
  }
  return values;
}

function defaultCalls(o) {
  const customerId = o.customer;
  return [
    { name: 'get_customer_360', arguments: { customerId, agent: 'support', purpose: 'mcp-check' } },
    { name: 'get_context_pack', arguments: { customerId, maxTokens: Number(o['max-tokens']), format: 'markdown' } },
    { name: 'get_timeline', arguments: { customerId, limit: 10 } },
    { name: 'search_customers', arguments: { query: o.query ?? customerId, limit: 10 } },
  ];
}

function textOf(result) {
  return (result.content ?? []).filter((c) => c.type === 'text').map((c) => c.text).join('\n');
}

function jsonOrNull(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function main() {
  let o;
  try {
    o = options();
  } catch (e) {
    process.stderr.write(`${e.message}\n`);
    return 3;
  }
  const calls = o.calls ? JSON.parse(o.calls) : defaultCalls(o);
  const token = process.env.MCP_TOKEN;
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  const transport = new StreamableHTTPClientTransport(new URL(o.url), { requestInit: { headers } });
  const client = new Client({ name: 'c360-mcp-check', version: '1.0.0' });
  const summary = {};

  try {
    await client.connect(transport); // sends initialize and notifications/initialized
  } catch (e) {
    summary.connectError = { status: typeof e.code === 'number' ? e.code : null, message: String(e.message ?? e) };
    process.stdout.write(`${JSON.stringify(summary)}\n`);
    return 2;
  }

  let failed = false;
  try {
    summary.server = { ...client.getServerVersion(), protocolVersion: transport.protocolVersion ?? null };
    const { tools } = await client.listTools();
    summary.tools = tools.map((t) => ({
      name: t.name, description: t.description, inputSchema: t.inputSchema, outputSchema: t.outputSchema ?? null,
    }));
    summary.calls = [];
    for (const call of calls) {
      try {
        const result = await client.callTool(call);
        const text = textOf(result);
        failed ||= result.isError === true;
        summary.calls.push({
          ...call, isError: result.isError === true, text, json: jsonOrNull(text),
          structuredContent: result.structuredContent ?? null,
        });
      } catch (e) {
        failed = true;
        summary.calls.push({ ...call, error: { code: e.code ?? null, message: String(e.message ?? e) } });
      }
    }
  } finally {
    await client.close();
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return failed ? 1 : 0;
}

main().then(
  (status) => {
    process.exitCode = status;
  },
  (e) => {
    process.stderr.write(`${e.stack ?? e}\n`);
    process.exitCode = 1;
  },
);
