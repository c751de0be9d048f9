package org.laminar.workload;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A pre-norm transformer encoder block, described by its sizes and expanded into layers by
 * {@link #workload()}.
 *
 * <p>With sequence {@code S}, hidden size {@code H}, {@code h} heads of {@code d = H/h}
 * channels and FFN size {@code F}; matrix products in the {@link LoopDim} convention
 * ({@code d0 → OY}, {@code d1 → K}, {@code d2 → C}), so the sequence is {@code OY} (row bands
 * tile it) and the heads are {@code G} (channel parts split them):
 *
 * <ol>
 *   <li>{@code ln1.stats}: the row mean and variance, a reduction over the {@code H} channels
 *       (POOL, {@code C = H}, {@code K = 1}); {@code ln1}: the normalisation, ELEMENTWISE over
 *       {@code S × H} reading the block input and the statistics (LayerNorm's scale and shift are
 *       not modelled).
 *   <li>{@code q}, {@code k}, {@code v}: GEMMs {@code S × H × H} with constant weights (the
 *       {@code 1/√d} scale folded into {@code q}).
 *   <li>{@code qk}: {@code QKᵀ} per head, GEMM {@code G = h}, {@code OY = S}, {@code K = S},
 *       {@code C = d}: each head reads its {@code d} channels of {@code q} and all of {@code k}.
 *   <li>{@code softmax.stats}: the row maximum and sum per head, a reduction (POOL,
 *       {@code G = h}, {@code C = S}); {@code softmax}: ELEMENTWISE over the {@code h·S × S}
 *       scores reading the statistics.
 *   <li>{@code av}: {@code A·V} per head, GEMM {@code G = h}, {@code OY = S}, {@code K = d},
 *       {@code C = S}; {@code out}: the output projection {@code S × H × H}; {@code add1}: the
 *       residual with the block input.
 *   <li>{@code ln2.stats}, {@code ln2}, {@code ffn1} ({@code S × F × H}), {@code gelu}
 *       (ACTIVATION over {@code S × F}), {@code ffn2} ({@code S × H × F}), {@code add2}: the
 *       residual with {@code add1}. With {@link Ffn#SWIGLU} (LLaMA's gated FFN) the FFN is
 *       {@code ffn1} (the gate) and {@code ffn3} (the up projection), both {@code S × F × H} from
 *       {@code ln2}, {@code silu} (ACTIVATION over the gate), {@code ffn.mul} (ELEMENTWISE, {@code
 *       silu} × {@code ffn3}) and {@code ffn2} ({@code S × H × F}): three FFN products instead of
 *       two.
 * </ol>
 *
 * <p><b>Decode step.</b> With {@code cache = P > 0} the block computes {@code S} new tokens
 * (usually one) against {@code P} cached positions. The cached keys and values are input tensors in
 * DRAM, {@code P·H·bits} each; a layer operand comes either from a layer or from DRAM, so the
 * attention over the cache is a product of its own: {@code qk.cache} (GEMM {@code G = h}, {@code OY
 * = S}, {@code K = P}, {@code C = d}, its {@code W} the key cache from DRAM) beside {@code qk} over
 * the new keys; the softmax and its statistics read both score blocks ({@code P + S} positions per
 * row); {@code av.cache} ({@code K = d}, {@code C = P}, {@code W} the value cache from DRAM) and
 * {@code av} over the new values are summed by {@code av.sum} (ELEMENTWISE), which {@code out}
 * reads. MACs: {@code 2·S·(P + S)·H} for attention, as one product over all positions. The new
 * keys and values are written into the cache: {@code k.cache.write} and {@code v.cache.write}
 * (ACTIVATION, {@code Identity}, {@code S × H}) read {@code k} and {@code v} and, having no
 * consumer, are sinks whose outputs every schedule stores to DRAM, {@code S·H·bits} each; the
 * price of modelling the write as a layer is one element operation per stored element on a core.
 * Not modelled: {@code av.cache} and {@code av} read the whole softmax output.
 *
 * <p>The block input {@code S × H} is read from DRAM (by {@code ln1.stats}, {@code ln1} and
 * {@code add1}); every operand has {@code bits} bits, partial sums {@code 2·bits}.
 *
 * @param name workload name
 * @param sequence sequence length {@code S} (tokens)
 * @param hidden hidden size {@code H} (channels)
 * @param heads number of heads {@code h}; divides {@code hidden}
 * @param ffn FFN hidden size {@code F} (channels)
 * @param bits bits per element of every operand
 * @param activation the FFN's form: GELU between two products, or SwiGLU's gated three
 * @param cache positions already in the KV cache (tokens); 0 for a prefill or encoder block,
 *     {@code > 0} for a decode step (see the class comment)
 */
public record TransformerBlock(String name, int sequence, int hidden, int heads, int ffn, int bits,
    Ffn activation, int cache) {

  /** The FFN's form. */
  public enum Ffn {
    /** {@code ffn2(gelu(ffn1(x)))}. */
    GELU,
    /** {@code ffn2(silu(ffn1(x)) · ffn3(x))}. */
    SWIGLU
  }

  /** A block with the GELU FFN and no KV cache. */
  public TransformerBlock(String name, int sequence, int hidden, int heads, int ffn, int bits) {
    this(name, sequence, hidden, heads, ffn, bits, Ffn.GELU, 0);
  }

  public TransformerBlock {
    checkNotNull(name, "transformer block: name is missing");
    checkArgument(sequence > 0, "transformer block %s: sequence must be > 0, got %s", name, sequence);
    checkArgument(hidden > 0, "transformer block %s: hidden must be > 0, got %s", name, hidden);
    checkArgument(heads > 0, "transformer block %s: heads must be > 0, got %s", name, heads);
    checkArgument(ffn > 0, "transformer block %s: ffn must be > 0, got %s", name, ffn);
    checkArgument(bits > 0, "transformer block %s: bits must be > 0, got %s", name, bits);
    checkNotNull(activation, "transformer block %s: FFN activation is missing", name);
    checkArgument(cache >= 0, "transformer block %s: cache must be >= 0, got %s", name, cache);
    checkArgument(hidden % heads == 0, "transformer block %s: heads (%s) must divide hidden (%s)", name, heads,
        hidden);
  }

  /**
   * The block's layers (see the class comment) in execution order: 17 (SwiGLU: 19), five more for
   * a decode step.
   */
  public Workload workload() {
    int s = sequence;
    int d = hidden / heads;
    List<Layer> layers = new ArrayList<>();
    int ln1Stats = add(layers, "ln1.stats", OperatorType.POOL, "ReduceMean", dims(1, hidden, 1, s), List.of(), null);
    int ln1 = add(layers, "ln1", OperatorType.ELEMENTWISE, "LayerNormalization", dims(1, 1, hidden, s), List.of(),
        ln1Stats);
    int q = gemm(layers, "q", s, hidden, hidden, 1, ln1, null);
    int k = gemm(layers, "k", s, hidden, hidden, 1, ln1, null);
    int v = gemm(layers, "v", s, hidden, hidden, 1, ln1, null);
    if (cache > 0) {
      // The new keys and values are appended to the cache in DRAM: sinks, so their rows are stored.
      add(layers, "k.cache.write", OperatorType.ACTIVATION, "Identity", dims(1, 1, hidden, s), List.of(k), null);
      add(layers, "v.cache.write", OperatorType.ACTIVATION, "Identity", dims(1, 1, hidden, s), List.of(v), null);
    }
    int positions = cache + s;
    List<Integer> scores = new ArrayList<>();
    if (cache > 0) {
      scores.add(gemm(layers, "qk.cache", s, cache, d, heads, q, null));
    }
    int qk = gemm(layers, "qk", s, s, d, heads, q, k);
    scores.add(qk);
    int smStats = add(layers, "softmax.stats", OperatorType.POOL, "ReduceMax", dims(1, positions, heads, s), scores,
        null);
    int softmax = add(layers, "softmax", OperatorType.ELEMENTWISE, "Softmax", dims(1, 1, heads * positions, s),
        scores, smStats);
    int context;
    if (cache > 0) {
      int avCache = gemm(layers, "av.cache", s, d, cache, heads, softmax, null);
      int av = gemm(layers, "av", s, d, s, heads, softmax, v);
      context = add(layers, "av.sum", OperatorType.ELEMENTWISE, "Add", dims(1, 1, hidden, s), List.of(avCache), av);
    } else {
      context = gemm(layers, "av", s, d, s, heads, softmax, v);
    }
    int out = gemm(layers, "out", s, hidden, hidden, 1, context, null);
    int add1 = add(layers, "add1", OperatorType.ELEMENTWISE, "Add", dims(1, 1, hidden, s), List.of(out), null);
    int ln2Stats = add(layers, "ln2.stats", OperatorType.POOL, "ReduceMean", dims(1, hidden, 1, s), List.of(add1),
        null);
    int ln2 = add(layers, "ln2", OperatorType.ELEMENTWISE, "LayerNormalization", dims(1, 1, hidden, s),
        List.of(add1), ln2Stats);
    int ffn1 = gemm(layers, "ffn1", s, ffn, hidden, 1, ln2, null);
    int hiddenActivation;
    if (activation == Ffn.SWIGLU) {
      int ffn3 = gemm(layers, "ffn3", s, ffn, hidden, 1, ln2, null);
      int silu = add(layers, "silu", OperatorType.ACTIVATION, "Silu", dims(1, 1, ffn, s), List.of(ffn1), null);
      hiddenActivation = add(layers, "ffn.mul", OperatorType.ELEMENTWISE, "Mul", dims(1, 1, ffn, s), List.of(silu),
          ffn3);
    } else {
      hiddenActivation = add(layers, "gelu", OperatorType.ACTIVATION, "Gelu", dims(1, 1, ffn, s), List.of(ffn1),
          null);
    }
    int ffn2 = gemm(layers, "ffn2", s, hidden, ffn, 1, hiddenActivation, null);
    add(layers, "add2", OperatorType.ELEMENTWISE, "Add", dims(1, 1, hidden, s), List.of(ffn2), add1);
    return new Workload(name, layers);
  }

  private int gemm(List<Layer> layers, String name, int rows, int columns, int reduction, int groups,
      int input, Integer second) {
    Map<LoopDim, Integer> dims = dims(columns, reduction, groups, rows);
    return add(layers, name, OperatorType.GEMM, second == null ? "Gemm" : "MatMul", dims, List.of(input), second);
  }

  private static Map<LoopDim, Integer> dims(int k, int c, int g, int oy) {
    Map<LoopDim, Integer> dims = new EnumMap<>(LoopDim.class);
    dims.put(LoopDim.K, k);
    dims.put(LoopDim.C, c);
    dims.put(LoopDim.G, g);
    dims.put(LoopDim.OY, oy);
    return dims;
  }

  private int add(List<Layer> layers, String name, OperatorType type, String op, Map<LoopDim, Integer> dims,
      List<Integer> inputs, Integer second) {
    int id = layers.size();
    Map<Operand, List<Integer>> producers = new EnumMap<>(Operand.class);
    producers.put(Operand.I, inputs);
    if (second != null) {
      producers.put(Operand.W, List.of(second));
    }
    // Layers without a W operand have no weight precision.
    Precision precision = new Precision(type.hasWeightOperand() ? bits : 0, bits, 2 * bits, bits);
    layers.add(new Layer(id, name, type, op, dims, 1, 1, 1, 1, Padding.NONE, precision, producers));
    return id;
  }
}
