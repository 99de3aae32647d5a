/**
 * Weft's control plane: commands every worker answers as JSON, a signed Redis transport that fans
 * them out, a sampling monitor with a kill policy, and Micrometer/Prometheus metrics.
 */
package dev.weft.control;
