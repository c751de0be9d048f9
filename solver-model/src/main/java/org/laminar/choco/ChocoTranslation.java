package org.laminar.choco;

import static com.google.common.base.Preconditions.checkArgument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.chocosolver.solver.Model;
import org.chocosolver.solver.constraints.Constraint;
import org.chocosolver.solver.variables.BoolVar;
import org.chocosolver.solver.variables.IntVar;
import org.chocosolver.solver.variables.Task;
import org.laminar.cpsat.CpSatTranslation;
import org.laminar.engine.Objective;
import org.laminar.ir.Buffer;
import org.laminar.ir.Condition;
import org.laminar.ir.Hold;
import org.laminar.ir.Increment;
import org.laminar.ir.IrProblem;
import org.laminar.ir.IrSolution;
import org.laminar.ir.Mode;
import org.laminar.ir.ModeRef;
import org.laminar.ir.Precedence;
import org.laminar.ir.TimeWindow;
import org.laminar.ir.Resource;
import org.laminar.ir.ResourceKind;
import org.laminar.ir.Usage;
import org.laminar.schedule.ProblemException;

/**
 * The Choco model of an {@link IrProblem}: the formulation of {@link CpSatTranslation}, section
 * by section, in Choco's terms. Task variables (start, end, one task per mode whose height on its
 * resources is the mode's literal times the amount, so an unchosen mode occupies nothing, and one
 * per usage of a prefix of a mode), mode
 * selection, triggers and forbidden conditions as clauses, precedences reified on their
 * enforcement literals, a {@code cumulative} per resource (capacity 1 for unary ones: cores,
 * links, buses, DRAM ports), buffers as tasks with variable ends in a {@code cumulative} per
 * storage resource, objective.
 *
 * <p>Choco's integers are 32-bit: the horizon, the amounts and the capacities must fit, and the
 * energy is counted in units of {@code 1/scale} pJ with the scale chosen so that the most energy
 * any solution can take fits 2^30 (femtojoules where that fits, as in CP-SAT). The EDP objective
 * is not translated: an exact product of makespan and energy does not fit 32 bits at a useful
 * energy resolution.
 */
final class ChocoTranslation {
  /** Energies are pJ in the IR and at most femtojoules in the model. */
  private static final double ENERGY_SCALE = 1000;
  /** Largest total energy the model holds, in its units. */
  private static final double ENERGY_LIMIT = 0x1p30;
  /** Largest horizon: ends of tasks that run past it still fit an int. */
  static final long HORIZON_LIMIT = 1L << 30;

  private final IrProblem problem;
  private final Objective objective;
  private final int horizon;
  private final Model model;
  private final BoolVar alwaysTrue;
  private final BoolVar alwaysFalse;
  private final List<IntVar> starts = new ArrayList<>();
  private final List<IntVar> ends = new ArrayList<>();
  private final List<BoolVar> presences = new ArrayList<>();
  private final Map<ModeRef, BoolVar> modeLiterals = new HashMap<>();
  private final Map<Condition, BoolVar> conditionLiterals = new HashMap<>();
  private final List<List<Task>> tasksByResource = new ArrayList<>();
  private final List<List<IntVar>> heightsByResource = new ArrayList<>();
  /** The literals of free mode choices: the search decides them. */
  private final List<BoolVar> choices = new ArrayList<>();
  /** Every other variable the search must fix: ends, durations, buffer ends, the objective. */
  private final List<IntVar> dependents = new ArrayList<>();
  private final List<HintRule> hintRules = new ArrayList<>();
  private IntVar objectiveVariable;
  private double objectiveScale = 1;

  /** A model variable and its value in a given solution. */
  record HintRule(IntVar variable, ToLongFunction<IrSolution> value) {}

  private ChocoTranslation(IrProblem problem, Objective objective, int horizon) {
    this.problem = problem;
    this.objective = objective;
    this.horizon = horizon;
    this.model = new Model(problem.name());
    this.alwaysTrue = model.boolVar(true);
    this.alwaysFalse = model.boolVar(false);
  }

  /**
   * Translates {@code problem} with every start and end in {@code [0, horizon]} (cycles).
   *
   * @throws IllegalArgumentException for {@link Objective#EDP}, or when the horizon, an amount or
   *     a capacity does not fit Choco's 32-bit integers (the message names it)
   */
  static ChocoTranslation translate(IrProblem problem, Objective objective, long horizon) {
    checkArgument(horizon >= 0, "%s: horizon must be >= 0 cycles, got %s", problem.name(), horizon);
    // What Choco cannot take is a limit of the engine for this problem, not a broken invariant.
    if (horizon > HORIZON_LIMIT) {
      throw new ProblemException(String.format("%s: horizon %s cycles is too long for choco's 32-bit integers (at "
          + "most %s)", problem.name(), horizon, HORIZON_LIMIT));
    }
    if (objective == Objective.EDP) {
      throw new ProblemException("choco does not minimise edp: the exact product energy x latency does not fit its "
          + "32-bit integers; use cpsat");
    }
    ChocoTranslation t = new ChocoTranslation(problem, objective, (int) horizon);
    t.createTaskVariables();
    t.linkModes();
    t.forbid();
    t.addPrecedences();
    t.addWindows();
    t.addResourceConstraints();
    IntVar peak = t.addBuffers();
    t.setObjective(peak);
    return t;
  }

  Model model() {
    return model;
  }

  /** The variable minimised, in the objective's unit times {@link #objectiveScale}. */
  IntVar objectiveVariable() {
    return objectiveVariable;
  }

  /** Factor from the objective's unit to the model's integer objective. */
  double objectiveScale() {
    return objectiveScale;
  }

  List<IntVar> starts() {
    return starts;
  }

  List<BoolVar> choices() {
    return choices;
  }

  /** The mode literals of {@code task} that are not constants (a triggered task's are its triggers'). */
  List<BoolVar> modeLiterals(int task) {
    List<BoolVar> literals = new ArrayList<>();
    for (int m = 0; m < problem.tasks().get(task).modes().size(); m++) {
      BoolVar l = modeLiteral(new ModeRef(task, m));
      if (l != alwaysTrue && l != alwaysFalse && !literals.contains(l)) {
        literals.add(l);
      }
    }
    return literals;
  }

  List<IntVar> dependents() {
    return dependents;
  }

  List<HintRule> hintRules() {
    return hintRules;
  }

  // ---- Section 1: one start, one end, one task per (task, mode). ----

  private void createTaskVariables() {
    for (int r = 0; r < problem.resources().size(); r++) {
      tasksByResource.add(new ArrayList<>());
      heightsByResource.add(new ArrayList<>());
    }
    for (int t = 0; t < problem.size(); t++) {
      int task = t;
      starts.add(variable("start_t" + t, 0, horizon, s -> s.isPresent(task) ? s.starts().get(task) : 0, false));
      ends.add(variable("end_t" + t, 0, horizon, s -> s.isPresent(task) ? s.end(problem, task) : 0, true));
    }
    for (int t = 0; t < problem.size(); t++) {
      org.laminar.ir.Task task = problem.tasks().get(t);
      for (int m = 0; m < task.modes().size(); m++) {
        Mode mode = task.modes().get(m);
        BoolVar on = modeLiteral(new ModeRef(t, m));
        Task interval;
        if (task.increments().isEmpty()) {
          interval = model.taskVar(starts.get(t), toInt(task.duration(m), "duration of task " + task.name()));
        } else {
          IntVar size = duration(t, task, mode, m);
          IntVar end = model.intVar("end_t" + t + "_m" + m, 0, toInt(horizon + task.maxDuration(), "end"), true);
          dependents.add(end);
          interval = model.taskVar(starts.get(t), size, end);
        }
        enforce(model.arithm(ends.get(t), "=", interval.getEnd()), on);
        for (Usage u : mode.usages()) {
          tasksByResource.get(u.resource()).add(u.isWhole() ? interval
              : model.taskVar(starts.get(t), toInt(u.cycles(), "usage of task " + task.name())));
          heightsByResource.get(u.resource()).add(height(on, u.amount(), "usage of task " + task.name()));
        }
      }
    }
  }

  /**
   * The duration of {@code mode} of {@code task}: its own work plus the increments whose
   * conditions hold, at the task's units per cycle, rounded up.
   */
  private IntVar duration(int t, org.laminar.ir.Task task, Mode mode, int m) {
    int base = toInt(mode.duration(), "duration of task " + task.name());
    int most = toInt(task.maxDuration(), "duration of task " + task.name());
    IntVar size = model.intVar("size_t" + t + "_m" + m, toInt(task.duration(m), "duration"), most, true);
    dependents.add(size);
    int n = task.increments().size();
    IntVar[] terms = new IntVar[n + 1];
    int[] coefficients = new int[n + 1];
    for (int i = 0; i < n; i++) {
      Increment increment = task.increments().get(i);
      terms[i] = literal(increment.when());
      coefficients[i] = toInt(increment.cycles(), "increment of task " + task.name());
    }
    // work = base + Σ increments; size = ⌈work / u⌉: u·size - u < work <= u·size.
    int units = toInt(task.unitsPerCycle(), "units per cycle of task " + task.name());
    terms[n] = size;
    coefficients[n] = -units;
    if (units == 1) {
      model.scalar(terms, coefficients, "=", -base).post();
    } else {
      model.scalar(terms, coefficients, "<=", -base).post();
      model.scalar(terms, coefficients, ">", -base - units).post();
    }
    return size;
  }

  /** {@code amount} while {@code on} holds, else 0. */
  private IntVar height(BoolVar on, long amount, String what) {
    int units = toInt(amount, what);
    if (on == alwaysTrue) {
      return model.intVar(units);
    }
    return units == 1 ? on : model.intScaleView(on, units);
  }

  // ---- Section 2: a mandatory task runs in exactly one mode; triggers decide it where given. ----

  private void linkModes() {
    for (int t = 0; t < problem.size(); t++) {
      org.laminar.ir.Task task = problem.tasks().get(t);
      List<BoolVar> modes = new ArrayList<>();
      for (int m = 0; m < task.modes().size(); m++) {
        modes.add(modeLiteral(new ModeRef(t, m)));
      }
      BoolVar present;
      if (!task.isOptional()) {
        if (modes.size() > 1 || modes.get(0) != alwaysTrue) {
          model.sum(modes.toArray(new BoolVar[0]), "=", 1).post();
        }
        present = alwaysTrue;
      } else if (alwaysPresent(task)) {
        // Its modes are those of a mandatory choice, one of which holds: Choco's sums would not
        // tell, and an unknown presence hides every precedence on the task from propagation.
        present = alwaysTrue;
      } else if (modes.size() == 1) {
        present = modes.get(0);
      } else {
        int index = t;
        present = bool("present_t" + t, s -> s.isPresent(index));
        model.sum(modes.toArray(new BoolVar[0]), "=", present).post();
      }
      presences.add(present);
      // Redundant: the end is the chosen mode's, reified per mode, which propagates only once the
      // mode is known. CP-SAT's presolve derives these duration bounds; Choco needs them posted.
      IntVar start = starts.get(t);
      enforce(model.arithm(ends.get(t), "-", start, ">=", toInt(task.minDuration(), "duration")), present);
      enforce(model.arithm(ends.get(t), "-", start, "<=", toInt(task.maxDuration(), "duration")), present);
      if (present != alwaysTrue) {
        // Absent tasks sit at cycle 0 so that their variables have one value.
        enforce(model.arithm(starts.get(t), "=", 0), present.not());
        enforce(model.arithm(ends.get(t), "=", 0), present.not());
      }
    }
  }

  /**
   * Whether the triggers of an optional task are, one each, all the modes of one mandatory task
   * (a tile's triggers are its core choice): then one of them holds in every solution.
   */
  private boolean alwaysPresent(org.laminar.ir.Task task) {
    List<ModeRef> refs = new ArrayList<>();
    for (Condition trigger : task.triggers()) {
      if (trigger.anyOf().size() != 1 || trigger.anyOf().get(0).size() != 1) {
        return false;
      }
      refs.add(trigger.anyOf().get(0).get(0));
    }
    int chooser = refs.get(0).task();
    org.laminar.ir.Task choice = problem.tasks().get(chooser);
    return !choice.isOptional() && refs.stream().allMatch(r -> r.task() == chooser)
        && refs.stream().map(ModeRef::mode).distinct().count() == choice.modes().size();
  }

  /**
   * The literal "task runs in mode": the trigger's literal for a task with triggers, a fixed true
   * for a single-mode task, a fresh variable for a mode of a task with a free choice of modes.
   */
  private BoolVar modeLiteral(ModeRef ref) {
    BoolVar known = modeLiterals.get(ref);
    if (known != null) {
      return known;
    }
    org.laminar.ir.Task task = problem.tasks().get(ref.task());
    BoolVar literal;
    if (task.hasTriggers()) {
      literal = literal(task.triggers().get(ref.mode()));
    } else if (task.modes().size() == 1) {
      literal = alwaysTrue;
    } else {
      literal = model.boolVar("on_t" + ref.task() + "_m" + ref.mode());
      hintRules.add(new HintRule(literal, s -> s.modes().get(ref.task()) == ref.mode() ? 1 : 0));
      choices.add(literal);
    }
    modeLiterals.put(ref, literal);
    return literal;
  }

  /** A literal equivalent to {@code condition}; one per distinct condition and clause. */
  private BoolVar literal(Condition condition) {
    BoolVar known = conditionLiterals.get(condition);
    if (known != null) {
      return known;
    }
    BoolVar literal;
    if (condition.isTrue()) {
      literal = alwaysTrue;
    } else if (condition.anyOf().isEmpty()) {
      literal = alwaysFalse;
    } else if (condition.anyOf().size() == 1 && condition.anyOf().get(0).size() == 1) {
      literal = modeLiteral(condition.anyOf().get(0).get(0));
    } else if (condition.anyOf().size() == 1) {
      List<BoolVar> all = condition.anyOf().get(0).stream().map(this::modeLiteral).toList();
      literal = and(all, "and" + conditionLiterals.size(), s -> condition.holds(s.modes()));
    } else {
      List<BoolVar> clauses = condition.anyOf().stream().map(c -> literal(new Condition(List.of(c)))).toList();
      literal = bool("or" + conditionLiterals.size(), s -> condition.holds(s.modes()));
      model.addClausesBoolOrArrayEqVar(clauses.toArray(new BoolVar[0]), literal);
    }
    conditionLiterals.put(condition, literal);
    return literal;
  }

  /** A fresh literal equivalent to the conjunction of {@code all}. */
  private BoolVar and(List<BoolVar> all, String name, Predicate<IrSolution> value) {
    BoolVar and = bool(name, value);
    model.addClausesBoolAndArrayEqVar(all.toArray(new BoolVar[0]), and);
    return and;
  }

  /** No clause of a forbidden condition may hold: each is a nogood over mode literals. */
  private void forbid() {
    for (Condition condition : problem.forbidden()) {
      for (List<ModeRef> clause : condition.anyOf()) {
        model.addClausesBoolOrArrayEqualTrue(clause.stream().map(r -> modeLiteral(r).not()).toArray(BoolVar[]::new));
      }
    }
  }

  // ---- Section 3: precedences, enforced when both tasks are present and the condition holds. ----

  private void addPrecedences() {
    for (Precedence p : problem.precedences()) {
      enforce(model.arithm(starts.get(p.after()), "-", ends.get(p.before()), ">=",
          toInt(p.minLag(), "lag of precedence " + p.before() + "->" + p.after())),
          presences.get(p.before()), presences.get(p.after()), literal(p.when()));
    }
  }

  /**
   * A present task starts no earlier than its window and ends by it; bounds past the horizon are
   * cut to just past it, where they mean the same and still fit an int.
   */
  private void addWindows() {
    for (TimeWindow w : problem.windows()) {
      BoolVar present = presences.get(w.task());
      enforce(model.arithm(starts.get(w.task()), ">=", (int) Math.min(w.earliestStart(), horizon + 1L)), present);
      enforce(model.arithm(ends.get(w.task()), "<=", (int) Math.min(w.latestEnd(), horizon)), present);
    }
  }

  /** Posts {@code constraint} when all {@code literals} hold (always, when they are all constant true). */
  private void enforce(Constraint constraint, BoolVar... literals) {
    List<BoolVar> kept = new ArrayList<>();
    for (BoolVar l : literals) {
      if (l != alwaysTrue) {
        kept.add(l);
      }
    }
    if (kept.isEmpty()) {
      constraint.post();
    } else if (kept.size() == 1) {
      constraint.impliedBy(kept.get(0));
    } else {
      BoolVar all = model.boolVar();
      model.addClausesBoolAndArrayEqVar(kept.toArray(new BoolVar[0]), all);
      constraint.impliedBy(all);
    }
  }

  // ---- Section 4: a cumulative per resource, of capacity 1 for the unary ones. ----

  private void addResourceConstraints() {
    for (int r = 0; r < problem.resources().size(); r++) {
      Resource resource = problem.resources().get(r);
      List<Task> tasks = tasksByResource.get(r);
      if (tasks.isEmpty()) {
        continue;
      }
      int capacity = resource.kind() == ResourceKind.UNARY ? 1
          : toInt(resource.capacity(), "capacity of " + resource.name());
      model.cumulative(tasks.toArray(new Task[0]), heightsByResource.get(r).toArray(new IntVar[0]),
          model.intVar(capacity)).post();
    }
  }

  // ---- Section 5: buffers, variable-end tasks in a cumulative per storage resource. ----

  /**
   * Adds the buffers; with the {@link Objective#PEAK_STORAGE} objective the capacity of each
   * storage resource is a variable, and the returned variable is their maximum (else null).
   */
  private IntVar addBuffers() {
    List<List<Task>> byStorage = new ArrayList<>();
    List<List<IntVar>> bits = new ArrayList<>();
    problem.resources().forEach(r -> {
      byStorage.add(new ArrayList<>());
      bits.add(new ArrayList<>());
    });
    for (int b = 0; b < problem.buffers().size(); b++) {
      Buffer buffer = problem.buffers().get(b);
      int index = b;
      BoolVar exists = bufferPresence(buffer, b);
      IntVar start = starts.get(buffer.from());
      IntVar end = variable("bufend_b" + b, 0, horizon,
          s -> s.hasBuffer(problem, index) ? s.bufferEnd(problem, index) : hintedStart(s, buffer.from()), true);
      IntVar size = variable("bufsize_b" + b, 0, horizon,
          s -> s.hasBuffer(problem, index) ? s.bufferEnd(problem, index) - s.starts().get(buffer.from()) : 0, true);
      Task interval = model.taskVar(start, size, end);
      enforce(model.arithm(end, ">=", ends.get(buffer.from())), exists);
      for (Hold h : buffer.until()) {
        enforce(model.arithm(end, ">=", ends.get(h.task())), exists, presences.get(h.task()), literal(h.when()));
      }
      if (exists != alwaysTrue) {
        enforce(model.arithm(end, "=", start), exists.not());
      }
      byStorage.get(buffer.resource()).add(interval);
      bits.get(buffer.resource()).add(height(exists, buffer.bits(), "buffer " + buffer.name()));
    }
    List<IntVar> peaks = new ArrayList<>();
    for (int r = 0; r < byStorage.size(); r++) {
      if (byStorage.get(r).isEmpty()) {
        continue;
      }
      Resource resource = problem.resources().get(r);
      int capacity = toInt(resource.capacity(), "capacity of " + resource.name());
      IntVar limit;
      if (objective == Objective.PEAK_STORAGE) {
        int index = r;
        limit = variable("peak_r" + r, 0, capacity, s -> s.storagePeak(problem, index), true);
        peaks.add(limit);
      } else {
        limit = model.intVar(capacity);
      }
      model.cumulative(byStorage.get(r).toArray(new Task[0]), bits.get(r).toArray(new IntVar[0]), limit).post();
    }
    if (objective != Objective.PEAK_STORAGE) {
      return null;
    }
    long most = problem.resources().stream().filter(r -> r.kind() == ResourceKind.STORAGE)
        .mapToLong(Resource::capacity).max().orElse(0);
    IntVar peak = variable("peak", 0, toInt(most, "storage capacity"), s -> s.peakStorage(problem), true);
    if (peaks.isEmpty()) {
      model.arithm(peak, "=", 0).post();
    } else {
      model.max(peak, peaks.toArray(new IntVar[0])).post();
    }
    return peak;
  }

  private static long hintedStart(IrSolution s, int task) {
    return s.isPresent(task) ? s.starts().get(task) : 0;
  }

  private BoolVar bufferPresence(Buffer buffer, int b) {
    List<BoolVar> both = new ArrayList<>();
    for (BoolVar l : List.of(presences.get(buffer.from()), literal(buffer.when()))) {
      if (l != alwaysTrue) {
        both.add(l);
      }
    }
    if (both.isEmpty()) {
      return alwaysTrue;
    }
    if (both.size() == 1) {
      return both.get(0);
    }
    return and(both, "exists_b" + b, s -> s.hasBuffer(problem, b));
  }

  // ---- Section 6: objective. ----

  private void setObjective(IntVar peak) {
    switch (objective) {
      case MAKESPAN -> objectiveVariable = makespan();
      case ENERGY -> objectiveVariable = energy();
      case PEAK_STORAGE -> objectiveVariable = peak;
      case EDP -> throw new IllegalStateException("edp is rejected by translate");
    }
    model.setObjective(Model.MINIMIZE, objectiveVariable);
  }

  private IntVar makespan() {
    IntVar makespan = variable("makespan", 0, horizon, s -> s.makespan(problem), true);
    model.max(makespan, ends.toArray(new IntVar[0])).post();
    return makespan;
  }

  /** The energy of the chosen modes and increments, in units of {@code 1/scale} pJ, each term rounded. */
  private IntVar energy() {
    double most = 0;
    for (org.laminar.ir.Task task : problem.tasks()) {
      most += task.modes().stream().mapToDouble(Mode::energyPj).max().orElse(0)
          + task.increments().stream().mapToDouble(Increment::energyPj).sum();
    }
    objectiveScale = Math.min(ENERGY_SCALE, ENERGY_LIMIT / Math.max(1, most));
    double scale = objectiveScale;
    List<BoolVar> literals = new ArrayList<>();
    List<Integer> coefficients = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      org.laminar.ir.Task task = problem.tasks().get(t);
      for (int m = 0; m < task.modes().size(); m++) {
        literals.add(modeLiteral(new ModeRef(t, m)));
        coefficients.add((int) Math.round(task.modes().get(m).energyPj() * scale));
      }
      for (int i = 0; i < task.increments().size(); i++) {
        Increment increment = task.increments().get(i);
        int index = t;
        BoolVar applies = presences.get(t) == alwaysTrue ? literal(increment.when())
            : and(List.of(presences.get(t), literal(increment.when())), "inc_t" + t + "_i" + i,
                s -> s.isPresent(index) && increment.when().holds(s.modes()));
        literals.add(applies);
        coefficients.add((int) Math.round(increment.energyPj() * scale));
      }
    }
    int max = coefficients.stream().mapToInt(Integer::intValue).sum();
    IntVar energy = variable("energy", 0, max, s -> scaledEnergy(s, scale), true);
    model.scalar(literals.toArray(new BoolVar[0]), coefficients.stream().mapToInt(Integer::intValue).toArray(), "=",
        energy).post();
    return energy;
  }

  /** What {@link #energy} evaluates to for {@code solution}. */
  private long scaledEnergy(IrSolution solution, double scale) {
    long total = 0;
    for (int t = 0; t < problem.size(); t++) {
      if (!solution.isPresent(t)) {
        continue;
      }
      org.laminar.ir.Task task = problem.tasks().get(t);
      total += Math.round(task.modes().get(solution.modes().get(t)).energyPj() * scale);
      for (Increment increment : task.increments()) {
        if (increment.when().holds(solution.modes())) {
          total += Math.round(increment.energyPj() * scale);
        }
      }
    }
    return total;
  }

  // ---- Read-back. ----

  /** The solution the model's variables hold now (call only when the solver stands on a solution). */
  IrSolution read() {
    List<Integer> modes = new ArrayList<>();
    List<Long> startValues = new ArrayList<>();
    for (int t = 0; t < problem.size(); t++) {
      int mode = IrSolution.ABSENT;
      for (int m = 0; m < problem.tasks().get(t).modes().size(); m++) {
        if (modeLiteral(new ModeRef(t, m)).getValue() == 1) {
          mode = m;
        }
      }
      modes.add(mode);
      startValues.add(mode == IrSolution.ABSENT ? 0L : starts.get(t).getValue());
    }
    return new IrSolution(modes, startValues);
  }

  /** A variable with an interval domain: times span thousands of values that a bitset would track one by one. */
  private IntVar variable(String name, int min, int max, ToLongFunction<IrSolution> value, boolean dependent) {
    IntVar v = model.intVar(name, min, max, true);
    hintRules.add(new HintRule(v, value));
    if (dependent) {
      dependents.add(v);
    }
    return v;
  }

  private BoolVar bool(String name, Predicate<IrSolution> value) {
    BoolVar v = model.boolVar(name);
    hintRules.add(new HintRule(v, s -> value.test(s) ? 1 : 0));
    return v;
  }

  private int toInt(long value, String what) {
    checkArgument(value <= Integer.MAX_VALUE, "%s: %s is %s, too large for choco's 32-bit integers", problem.name(),
        what, value);
    return (int) value;
  }
}
