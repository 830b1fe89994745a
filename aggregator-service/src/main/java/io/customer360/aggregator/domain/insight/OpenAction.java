package io.customer360.aggregator.domain.insight;

import java.time.LocalDate;

/** An action recommended earlier that is still open: it keeps its date and due date. */
public record OpenAction(String key, LocalDate openSince, LocalDate dueDate) {}
