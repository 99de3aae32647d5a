/**
 * Internal: the glue between the server and weft-control: the coroutine commands, metrics, monitor and
 * Redis transport installed in the master and in each child.
 */
package dev.weft.server.internal.control;
