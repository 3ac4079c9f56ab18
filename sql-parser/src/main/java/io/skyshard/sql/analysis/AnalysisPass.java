package io.skyshard.sql.analysis;

/** One step of query analysis; passes run in a fixed order (see {@link Passes#ORDER}) over one context. */
public interface AnalysisPass {
    void apply(AnalysisContext context);
}
