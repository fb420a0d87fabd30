/**
 * The nurse console: a host application on the library's public API. {@link org.opentriage.console.Console} (build
 * with its builder, start, close) serves a REST API (docs/api.md) and a plain web page over a
 * {@link org.opentriage.triage.TriageEngine}, with users, sessions, calls and each call's audit trail in a
 * {@link org.opentriage.console.ConsoleStore} (H2 or PostgreSQL, schema by Flyway). Nodes keep no state a request
 * needs: several share one PostgreSQL store. {@link org.opentriage.console.Role} names what a user may do. Everything
 * else in the package is implementation.
 */
package org.opentriage.console;
