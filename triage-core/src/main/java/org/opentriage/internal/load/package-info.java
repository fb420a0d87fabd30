/**
 * Reading protocol files: YAML and JSON to a positioned tree, binding, conditions, checks, and assembling
 * a library from its files. {@link org.opentriage.internal.load.LibraryLoader} is the one class the API
 * calls; {@link org.opentriage.internal.load.LibrarySources} and {@link org.opentriage.internal.load.SourceMap} say
 * where a loaded library's parts stand, for the checks run on it later; the rest is package-private. Not API.
 */
@NullMarked
package org.opentriage.internal.load;

import org.jspecify.annotations.NullMarked;
