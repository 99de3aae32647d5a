/**
 * "Proof under fire": suites that run a real master with worker processes ({@link
 * dev.weft.bench.suite.SuiteApp}) and attack it — rolling reloads under load, SIGKILL chaos,
 * resource bounds, hostile input and the control plane's access checks. Each suite is a plain
 * {@code main} that prints its measurements and exits 0 when every check held, 1 otherwise;
 * {@code weft-bench/run-all} runs them all.
 */
package dev.weft.bench.suite;
