package dev.spotplay.plan;

/**
 * A plan with what it was made from: what {@code plan --out} writes and {@code apply PLANFILE}
 * carries out ({@link PlanFile} is its file form).
 */
public record SavedPlan(Plan plan, Basis basis) {}
