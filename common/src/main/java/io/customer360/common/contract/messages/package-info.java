/**
 * Every message the services send each other over NATS, one record per kind, shared by its publisher and its
 * consumers: a renamed or retyped field breaks the build (or {@code MessageContractTest}), not a consumer at run
 * time. docs/messages.md shows each on the wire. Records tolerate members they do not know (a newer publisher), and
 * are registered for reflection here, so every service's native image can (de)serialize them.
 */
package io.customer360.common.contract.messages;
