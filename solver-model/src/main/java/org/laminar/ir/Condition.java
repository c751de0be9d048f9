package org.laminar.ir;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A condition on the modes chosen by tasks, in disjunctive normal form: it holds when, for at
 * least one clause, every task of the clause runs in the given mode. An absent optional task runs
 * in no mode. {@link #TRUE} is one empty clause; {@link #FALSE} has no clause.
 *
 * <p>Examples: a transfer from core a to core b is needed iff {@code producer@a ∧ consumer@b}; the
 * weights of a layer are loaded onto core c iff {@code tile1@c ∨ tile2@c ∨ ...}.
 *
 * @param anyOf the clauses (each a conjunction of mode references, each task at most once)
 */
public record Condition(List<List<ModeRef>> anyOf) {
  /** Always holds. */
  public static final Condition TRUE = new Condition(List.of(List.of()));
  /** Never holds. */
  public static final Condition FALSE = new Condition(List.of());

  public Condition {
    // Loops, not streams: a 5,000-tile model makes about a million conditions.
    ImmutableList.Builder<List<ModeRef>> clauses = ImmutableList.builderWithExpectedSize(anyOf.size());
    for (List<ModeRef> clause : anyOf) {
      checkArgument(tasksDistinct(clause), "condition clause %s names a task twice", clause);
      clauses.add(ImmutableList.copyOf(clause));
    }
    anyOf = clauses.build();
  }

  /** Whether no two references of {@code clause} name the same task (pairwise for the usual short clause). */
  private static boolean tasksDistinct(List<ModeRef> clause) {
    if (clause.size() > 8) {
      Set<Integer> tasks = new HashSet<>();
      return clause.stream().allMatch(r -> tasks.add(r.task()));
    }
    for (int i = 0; i < clause.size(); i++) {
      for (int j = i + 1; j < clause.size(); j++) {
        if (clause.get(i).task() == clause.get(j).task()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The conjunction of {@code refs} (all must hold). */
  public static Condition allOf(ModeRef... refs) {
    return new Condition(List.of(List.of(refs)));
  }

  /** The disjunction of single references (one must hold). */
  public static Condition anyMode(List<ModeRef> refs) {
    return new Condition(refs.stream().map(List::of).toList());
  }

  /** Whether this is the constant {@link #TRUE} (some clause is empty). */
  public boolean isTrue() {
    return anyOf.stream().anyMatch(List::isEmpty);
  }

  /**
   * Whether the condition holds for the chosen modes.
   *
   * @param modes chosen mode per task, {@code -1} for an absent optional task
   */
  public boolean holds(List<Integer> modes) {
    return anyOf.stream().anyMatch(clause -> clause.stream().allMatch(r -> modes.get(r.task()) == r.mode()));
  }

  /** Every mode reference in the condition. */
  public List<ModeRef> refs() {
    if (anyOf.size() == 1) {
      return anyOf.get(0);
    }
    List<ModeRef> all = new ArrayList<>();
    anyOf.forEach(all::addAll);
    return Collections.unmodifiableList(all);
  }
}
