/**
 * The engine-neutral exact layer: an {@link org.laminar.engine.Engine} solves an
 * {@link org.laminar.ir.IrProblem} for an {@link org.laminar.engine.Objective} within
 * {@link org.laminar.engine.Limits}, streaming {@link org.laminar.engine.Progress}, and returns an
 * {@link org.laminar.engine.EngineResult}. CP-SAT ({@code org.laminar.cpsat}) and Choco
 * ({@code org.laminar.choco}) translate the same IR formulation; the exact tile scheduler runs on
 * either.
 */
package org.laminar.engine;
