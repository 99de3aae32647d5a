/** Socket I/O benchmarks: Weft's sockets against plain virtual-thread sockets. */
package dev.weft.bench.io;
