package org.laminar.cost;

import org.laminar.workload.LoopDim;

/**
 * A loop of the cost model's loop nest: dimension and iteration count. Spatial loops may carry a
 * fractional count (a dimension that does not divide by its unrolling, averaged over its
 * temporal iterations), which the energy model uses.
 */
record Loop(LoopDim dim, double size) {
}
