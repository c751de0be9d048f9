package org.laminar.greedy;

import org.laminar.schedule.Scheduler;

class ListLatencyContractTest extends SchedulerContractTest {
  @Override
  Scheduler scheduler() {
    return new ListScheduler(ListScheduler.Priority.LATENCY);
  }
}
