package org.laminar.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.laminar.workload.Operand;

class GemmCaseTest {
  private final LayerEvaluation e = new AnalyticalCostModel(new Mapping(Map.of(Mapping.DEFAULT, GemmCase.mapping())))
      .evaluate(GemmCase.layer(), GemmCase.core());

  @Test
  void dump() {
    System.out.println(e);
  }
}
