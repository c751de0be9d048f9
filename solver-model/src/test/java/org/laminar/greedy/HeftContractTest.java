package org.laminar.greedy;

import org.laminar.schedule.Scheduler;

class HeftContractTest extends SchedulerContractTest {
  @Override
  Scheduler scheduler() {
    return new HeftScheduler();
  }
}
