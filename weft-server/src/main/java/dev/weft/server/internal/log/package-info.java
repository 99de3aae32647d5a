/** Internal: the log format and destinations of the master and its children. */
package dev.weft.server.internal.log;
