package dev.apprentice.gateway.limits;

import java.time.LocalDate;

/** The UTC period a budget covers. */
enum Window {
  DAY("daily"), MONTH("monthly");

  private final String label;

  Window(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** The first day of the window that contains {@code day}. */
  LocalDate start(LocalDate day) {
    return this == DAY ? day : day.withDayOfMonth(1);
  }

  /** The first day of the next window. */
  LocalDate next(LocalDate day) {
    return this == DAY ? day.plusDays(1) : start(day).plusMonths(1);
  }

  /** The first day of the window before the one that contains {@code day}. */
  LocalDate previous(LocalDate day) {
    return this == DAY ? day.minusDays(1) : start(day).minusMonths(1);
  }
}
