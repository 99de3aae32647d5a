/**
 * Internal: the JSON-lines IPC between the CLI, the master and the children (the channel, a request/reply
 * peer, and the command sets each side answers).
 */
package dev.weft.server.internal.ipc;
