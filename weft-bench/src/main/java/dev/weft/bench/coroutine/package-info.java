/**
 * Coroutine benchmarks: each Weft operation next to its plain-JDK baseline in the same class, so
 * one JMH run gives both numbers and their ratio. Run them with {@code weft-bench/run-jmh}.
 */
package dev.weft.bench.coroutine;
