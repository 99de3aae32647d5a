/** Drivers for the control plane's costs inside one process. */
package dev.weft.bench.control;
