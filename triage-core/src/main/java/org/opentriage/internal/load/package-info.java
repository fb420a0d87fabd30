/** Reading protocol files: YAML and JSON to a positioned tree, binding, conditions, checks. Not API. */
package org.opentriage.internal.load;
