/** Internal: the status table and the per-process memory figures it shows. */
package dev.weft.server.internal.status;
