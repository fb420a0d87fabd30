/** JMH benchmarks and probes of OpenTriage; see BENCHMARKS.md. */
package org.opentriage.benchmarks;
