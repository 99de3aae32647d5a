/** JMH benchmarks and load drivers for Weft; each reports a ratio against a baseline measured in the same run. */
package dev.weft.bench;
