package org.laminar.cpsat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.ortools.sat.ConstraintProto;
import com.google.ortools.sat.CpModelProto;
import com.google.ortools.sat.CpSolver;
import com.google.ortools.sat.CpSolverStatus;
import com.google.ortools.sat.IntegerVariableProto;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.laminar.engine.Objective;
import org.laminar.ir.Instances;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;

class CpSatTranslationTest {
  /** The hand-computed spill schedule of {@link Instances#spill} at 10 bits (makespan 14). */
  private static final IrSolution SPILL = new IrSolution(List.of(0, 0, 0, 1, 0, 0),
      List.of(0L, 5L, 12L, 0L, 2L, 9L));

  @BeforeAll
  static void load() {
    CpSatSolver.loadNativeLibraries();
  }

  private static Map<ConstraintProto.ConstraintCase, Long> kinds(CpModelProto model) {
    return model.getConstraintsList().stream().collect(Collectors.groupingBy(ConstraintProto::getConstraintCase,
        TreeMap::new, Collectors.counting()));
  }

  @Test
  void spillModelHasOneGlobalConstraintPerResourceAndAnIntervalPerModeAndBuffer() {
    CpSatTranslation t = CpSatTranslation.translate(Instances.spill(10), Objective.MAKESPAN, 20);
    assertEquals("", t.model().validate());
    Map<ConstraintProto.ConstraintCase, Long> kinds = kinds(t.model().model());
    // core0 and the DRAM port are unary, the memory a storage resource.
    assertEquals(2, kinds.get(ConstraintProto.ConstraintCase.NO_OVERLAP));
    assertEquals(1, kinds.get(ConstraintProto.ConstraintCase.CUMULATIVE));
    // 3 tasks + 2 choice modes + store + reload, then 3 buffers.
    assertEquals(10, kinds.get(ConstraintProto.ConstraintCase.INTERVAL));
    assertEquals(1, kinds.get(ConstraintProto.ConstraintCase.LIN_MAX));
    assertEquals(1, kinds.get(ConstraintProto.ConstraintCase.EXACTLY_ONE));
  }

  @Test
  void namesVariablesByIndex() {
    CpSatTranslation t = CpSatTranslation.translate(Instances.twoCoresWithTransfers(), Objective.MAKESPAN, 30);
    Set<String> names = t.model().model().getVariablesList().stream().map(IntegerVariableProto::getName)
        .collect(Collectors.toSet());
    for (String expected : List.of("start_t0", "end_t4", "on_t0_m1", "on_t3_m0", "and0", "makespan")) {
      assertEquals(true, names.contains(expected), expected + " in " + names);
    }
  }

  @Test
  void renewableResourcesBecomeCumulatives() {
    CpSatTranslation t = CpSatTranslation.translate(Instances.smallRcpsp(), Objective.MAKESPAN, 10);
    assertEquals("", t.model().validate());
    Map<ConstraintProto.ConstraintCase, Long> kinds = kinds(t.model().model());
    assertEquals(1, kinds.get(ConstraintProto.ConstraintCase.CUMULATIVE));
    assertEquals(null, kinds.get(ConstraintProto.ConstraintCase.NO_OVERLAP));
    assertEquals(4, kinds.get(ConstraintProto.ConstraintCase.INTERVAL));
    // Mandatory single-mode tasks need no presence literal anywhere.
    assertEquals(0, t.model().model().getConstraintsList().stream()
        .mapToInt(ConstraintProto::getEnforcementLiteralCount).sum());
  }

  @Test
  void hintsEveryVariableConsistently() {
    IrProblem problem = Instances.spill(10);
    CpSatTranslation t = CpSatTranslation.translate(problem, Objective.MAKESPAN, 14);
    t.hint(SPILL);
    CpModelProto proto = t.model().model();
    Set<Integer> hinted = new HashSet<>(proto.getSolutionHint().getVarsList());
    assertEquals(proto.getSolutionHint().getVarsCount(), hinted.size(), "a variable is hinted twice");
    for (int v = 0; v < proto.getVariablesCount(); v++) {
      List<Long> domain = proto.getVariables(v).getDomainList();
      boolean constant = domain.size() == 2 && domain.get(0).equals(domain.get(1));
      assertEquals(!constant, hinted.contains(v), "variable " + proto.getVariables(v).getName());
    }
    // Fixing every variable to its hint must leave a feasible model: the hint is complete and exact.
    CpSolver solver = new CpSolver();
    solver.getParameters().setNumWorkers(1).setFixVariablesToTheirHintedValue(true);
    assertEquals(CpSolverStatus.OPTIMAL, solver.solve(t.model()));
    assertEquals(14, solver.objectiveValue());
  }
}
