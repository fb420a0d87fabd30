/** Rules generated from protocols, the facts they read and write, and the audit chain. Not API. */
package org.opentriage.internal.engine;
