package io.skyshard.sql.analysis;

import java.util.List;

/** The analysis passes in the order they run; each relies on the ones before it. */
public final class Passes {
    public static final List<AnalysisPass> ORDER = List.of(
            new StatementShapePass(),
            new ResolveTablesPass(),
            new SubqueryPass(),
            new AllowListPass(),
            new SelectListPass(),
            new ResolveColumnsPass(),
            new JoinLocalityPass(),
            new SpatialRestrictorPass(),
            new DirectorKeyPass(),
            new FloatWideningPass(),
            new ExactArithmeticPass(),
            new AggregateSplitPass(),
            new LocalQueryPass());

    private Passes() {
    }
}
