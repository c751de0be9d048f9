package org.laminar.engine;



/**
 * Search statistics of one solve.
 *
 * @param conflicts conflicts met by the search
 * @param branches branches explored
 * @param wallSeconds wall time (s)
 */
public record SolverStatistics(long conflicts, long branches, double wallSeconds) {}
