package org.laminar.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.laminar.cost.AnalyticalCostModel;
import org.laminar.hardware.Accelerator;
import org.laminar.hardware.Core;
import org.laminar.hardware.Dram;
import org.laminar.hardware.MemoryLevel;
import org.laminar.hardware.MemoryOperand;
import org.laminar.schedule.SchedulingProblem;
import org.laminar.tiling.FusionPolicy;
import org.laminar.tiling.LayerTiling;
import org.laminar.tiling.Overlap;
import org.laminar.tiling.Tiling;
import org.laminar.workload.Layer;
import org.laminar.workload.LoopDim;
import org.laminar.workload.Workload;
import org.laminar.yaml.StreamMappingReader;

class InputsTest {

  private static String shared(String... parts) {
    return Path.of(System.getProperty("laminar.root"), "..", "shared", "instances").resolve(String.join("/", parts))
        .normalize().toString();
  }

  @Test
  void everyBundledInstanceLoads() {
    List<Inputs.Bundled> bundled = Inputs.bundled();
    assertEquals(List.of("resnet18", "fsrcnn-depfin", "chain3", "chain5", "residual4", "diamond4", "mbconv3",
        "transformer128", "single-core", "quad-core", "hetero-quad", "depfin", "dual-shared", "medium", "large"),
        bundled.stream().map(Inputs.Bundled::name).toList());
    for (Inputs.Bundled b : bundled) {
      if (b.kind().equals("workload")) {
        assertEquals(b.name(), Inputs.workload(b.name()).name());
      } else if (b.kind().equals("suite")) {
        assertEquals(b.name(), Suites.named(b.name()).name());
      } else {
        assertEquals(b.name(), Inputs.accelerator(b.name()).name());
      }
    }
  }

  /**
   * The default tiling asks its cost model whether each tile fits; a problem built with the same
   * model then finds every (shape, core type) it needs already costed, instead of costing the
   * network a second time.
   */
  @Test
  void theDefaultTilingCostsWithTheModelItIsGiven() {
    Workload resnet = Inputs.workload("resnet18");
    Accelerator hetero = Inputs.accelerator("hetero-quad");
    AnalyticalCostModel model = new AnalyticalCostModel();
    Tiling tiling = Inputs.tiling(resnet, hetero, Optional.empty(), Optional.empty(), "auto", model, n -> { });
    int costed = model.memoisedShapes();
    assertTrue(costed > 0, "the tiling asked the model nothing");
    SchedulingProblem.of(tiling, hetero, model);
    assertEquals(costed, model.memoisedShapes());
  }

  /**
   * Recomputed bands are taller, so the automatic split judges them as they are built: Stream's
   * ResNet-18 mapping fits the pooling core with cached overlaps, but its max-pool bands, grown by
   * the windows above them, must be split further.
   */
  @Test
  void recomputedBandsAreSplitFurtherWhereTheyOutgrowTheirCore() {
    Workload resnet = Inputs.workload(shared("onnx", "resnet18.onnx"));
    Accelerator quad = Inputs.accelerator(shared("stream", "examples", "hardware", "tpu_like_quad_core.yaml"));
    Optional<Path> mapping = Optional.of(Path.of(shared("stream", "examples", "mapping", "tpu_like_quad_core.yaml")));
    AnalyticalCostModel model = new AnalyticalCostModel();
    // With cached overlaps the mapping's own split fits (2,592 tiles, no layer split further).
    Tiling cached = StreamMappingReader.read(mapping.get(), resnet, FusionPolicy.parse("auto",
        FusionPolicy.WeightCapacity.of(quad)));
    Tiling recomputed = Inputs.tiling(resnet, quad, mapping, Optional.empty(), Inputs.DEFAULT_TILING, "auto",
        Overlap.RECOMPUTE, model, n -> { });
    assertEquals(Overlap.RECOMPUTE, recomputed.overlap());
    Layer pool = resnet.layers().stream().filter(l -> l.name().equals("/maxpool/MaxPool")).findFirst().orElseThrow();
    LayerTiling before = cached.of(pool.id());
    LayerTiling after = recomputed.of(pool.id());
    long partsBefore = (long) before.rows().partsFor(pool.size(LoopDim.OY)) * before.channels().partsFor(pool.size(
        Tiling.channelDim(pool)));
    long partsAfter = (long) after.rows().partsFor(pool.size(LoopDim.OY)) * after.channels().partsFor(pool.size(
        Tiling.channelDim(pool)));
    assertTrue(partsAfter > partsBefore, before + " -> " + after);
    SchedulingProblem problem = SchedulingProblem.of(recomputed, quad, model);
    assertTrue(problem.graph().macs() > resnet.macs(), "nothing was recomputed");
  }

  @Test
  void bundledResnet18HasZigZagsLayerDimensionsAnd224PixelInput() {
    Workload bundled = Inputs.workload("resnet18");
    Workload zigzag = Inputs.workload(shared("zigzag", "workload", "resnet18.yaml"));
    assertEquals(zigzag.layers().size(), bundled.layers().size());
    for (int i = 0; i < bundled.layers().size(); i++) {
      Layer b = bundled.layers().get(i);
      Layer z = zigzag.layers().get(i);
      assertEquals(z.dims(), b.dims(), b.name());
      assertEquals(z.strideY(), b.strideY(), b.name());
      assertEquals(z.producers(), b.producers(), b.name());
      assertEquals(z.weightBits(), b.weightBits(), b.name());
    }
    assertEquals(224, bundled.layer(0).inputHeight());
    assertEquals(112, bundled.layer(1).inputWidth());
    assertEquals(56, bundled.layer(8).inputHeight());
  }

  @Test
  void fsrcnnAsValidated() {
    Workload fsrcnn = Inputs.workload("fsrcnn-depfin");
    assertEquals(8, fsrcnn.layers().size());
    // VALIDATION.md: about 8.29e9 MACs.
    assertEquals(540L * 960 * (56 * 25 + 12 * 56 + 4 * 12 * 12 * 9 + 56 * 12 + 16 * 56 * 9), fsrcnn.macs());
    for (Layer l : fsrcnn.layers()) {
      assertEquals(540, l.inputHeight(), l.name());
      assertEquals(960, l.inputWidth(), l.name());
    }
  }

  @Test
  void depfinHasSeparateWeightAndActivationCapacities() {
    Accelerator depfin = Inputs.accelerator("depfin");
    Core core = depfin.core(0);
    assertEquals(512L * 1024 * 8, core.localMemory(MemoryOperand.I2).map(MemoryLevel::sizeBits).orElseThrow());
    assertEquals(1024L * 1024 * 8, core.localMemory(MemoryOperand.I1).map(MemoryLevel::sizeBits).orElseThrow());
    assertEquals(2048, core.array().size());
    assertEquals(128, core.dataflow().factor(LoopDim.OX));
    assertEquals(16, core.dataflow().factor(LoopDim.K));
    assertEquals(new Dram(64, 64, true, 100.0 / 64, 110.0 / 64), depfin.dram());
  }

  @Test
  void everyBundledCoreHasADataflow() {
    for (String name : List.of("single-core", "quad-core", "hetero-quad", "depfin")) {
      for (Core core : Inputs.accelerator(name).cores()) {
        assertEquals(false, core.dataflow().isEmpty(), name + " core " + core.id());
      }
    }
  }

  @Test
  void aZigZagCoreFileIsAOneCoreAccelerator() {
    Accelerator a = Inputs.accelerator(shared("zigzag", "hardware", "tpu_like.yaml"));
    assertEquals(1, a.cores().size());
    assertEquals(4, a.core(0).memories().size());
    // The dram level: one read-write port of 64 bits/cycle, 700 pJ per read, 750 per write.
    assertEquals(new Dram(64, 64, true, 700.0 / 64, 750.0 / 64), a.dram());
  }

  @Test
  void filesAreRecognisedByContent() {
    assertEquals(8, Inputs.accelerator(shared("stream", "testing", "hardware", "simple_example_hw.yaml"))
        .links().size() + 3);
    assertEquals(4, Inputs.workload(shared("stream", "testing", "workload", "simple_example_workload.yaml"))
        .layers().size());
    InputException e = assertThrows(InputException.class,
        () -> Inputs.workload(shared("zigzag", "hardware", "tpu_like.yaml")));
    assertEquals(shared("zigzag", "hardware", "tpu_like.yaml") + ": not a workload: expected a Laminar workload "
        + "(format: laminar/1) or a ZigZag/Stream workload (a list of layers with an equation each)", e.getMessage());
  }

  @Test
  void anUnknownNameListsTheBundledOnes() {
    InputException e = assertThrows(InputException.class, () -> Inputs.accelerator("octa-core"));
    assertEquals("octa-core: no such file, and no bundled accelerator of that name (bundled: single-core, quad-core, "
        + "hetero-quad, depfin, dual-shared)", e.getMessage());
  }
}
