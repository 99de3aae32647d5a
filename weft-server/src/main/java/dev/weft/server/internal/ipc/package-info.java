/**
 * Internal: the JSON-lines IPC between the CLI, the master and the children (the channel, a request/reply
 * peer, and the master's fan-out to its children).
 */
package dev.weft.server.internal.ipc;
