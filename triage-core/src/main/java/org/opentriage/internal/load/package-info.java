/**
 * Reading protocol files: YAML and JSON to a positioned tree, binding, conditions, checks, and assembling
 * a library from its files. {@link org.opentriage.internal.load.LibraryLoader} is the one class the API
 * calls; the rest is package-private. Not API.
 */
package org.opentriage.internal.load;
