/** HTTP load drivers and the Netty baseline servers. */
package dev.weft.bench.http;
