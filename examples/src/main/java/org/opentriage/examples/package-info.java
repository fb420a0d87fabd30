/** Examples of embedding OpenTriage in a host application, using only the public API. */
package org.opentriage.examples;
