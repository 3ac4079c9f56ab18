-- Internal macros of near-neighbour joins (planned by io.skyshard.sql.analysis.JoinLocalityPass), loaded
-- with the sciSQL macros by every worker and the czar but not callable from user SQL.
--
-- A join "a, b WHERE scisql_angSep(a.ra, a.dec, b.ra, b.dec) < r" becomes a hash join on a cell key:
-- every row of a has the one cell of its position (skyshard_nn_cell), every row of b is repeated once
-- for each cell that holds points within r of it (skyshard_nn_cells). Pairs within r then share exactly
-- one cell, so the join finds each of them once and compares far fewer rows than a nested loop.
--
-- Cells: declination zones h degrees high (zone z spans [z*h - 90, (z+1)*h - 90]), each cut into
-- skyshard_nn_buckets(z, h) equal right-ascension buckets about h degrees wide at the zone's edge
-- nearest the pole. Any h > 0 gives the same pairs; the planner takes h = r, which keeps each b
-- in about nine cells. Right ascensions are reduced to [0, 360). A NULL position has no cell.
-- Arithmetic is DOUBLE throughout: DECIMAL literals would make DuckDB compute in slow decimals.

CREATE OR REPLACE MACRO skyshard_nn_zone(decl, h) AS
  least(CAST(ceil(180.0 / CAST(h AS DOUBLE)) AS BIGINT) - 1,
        greatest(0, CAST(floor((CAST(decl AS DOUBLE) + 90.0) / CAST(h AS DOUBLE)) AS BIGINT)));

CREATE OR REPLACE MACRO skyshard_nn_buckets(z, h) AS
  greatest(1, CAST(floor(360.0 * cos(radians(least(90.0, greatest(abs(CAST(z AS DOUBLE) * CAST(h AS DOUBLE) - 90.0),
                                                            abs(CAST(z + 1 AS DOUBLE) * CAST(h AS DOUBLE) - 90.0)))))
                         / CAST(h AS DOUBLE)) AS BIGINT));

-- Cell keys are z * stride + bucket; stride exceeds any zone's bucket count.
CREATE OR REPLACE MACRO skyshard_nn_stride(h) AS
  CAST(floor(360.0 / CAST(h AS DOUBLE)) AS BIGINT) + 1;

-- Positions are folded onto ra in [0, 360), dec in [-90, 90]: a declination of 100 is the point
-- (ra + 180, 80), and scisql_angSep (haversine, exact on unit vectors) treats it as such, so rows of
-- an unvalidated table (an uploaded list) still find all their neighbours.
CREATE OR REPLACE MACRO skyshard_nn_fold(decl) AS
  CAST(decl AS DOUBLE) - 360.0 * floor((CAST(decl AS DOUBLE) + 180.0) / 360.0);

CREATE OR REPLACE MACRO skyshard_nn_dec(decl) AS
  CASE WHEN skyshard_nn_fold(decl) > 90.0 THEN 180.0 - skyshard_nn_fold(decl)
       WHEN skyshard_nn_fold(decl) < -90.0 THEN -180.0 - skyshard_nn_fold(decl)
       ELSE skyshard_nn_fold(decl) END;

CREATE OR REPLACE MACRO skyshard_nn_ra(ra, decl) AS
  (CAST(ra AS DOUBLE) + CASE WHEN abs(skyshard_nn_fold(decl)) > 90.0 THEN 180.0 ELSE 0.0 END)
  - 360.0 * floor((CAST(ra AS DOUBLE) + CASE WHEN abs(skyshard_nn_fold(decl)) > 90.0 THEN 180.0 ELSE 0.0 END) / 360.0);

-- The cell of a position.
-- (DuckDB's least/greatest skip NULLs, hence the explicit NULL test.)
CREATE OR REPLACE MACRO skyshard_nn_cell(ra, decl, h) AS
  CASE WHEN ra IS NULL OR decl IS NULL THEN CAST(NULL AS BIGINT) ELSE
  skyshard_nn_zone(skyshard_nn_dec(decl), h) * skyshard_nn_stride(h)
  + least(skyshard_nn_buckets(skyshard_nn_zone(skyshard_nn_dec(decl), h), h) - 1,
          CAST(floor(skyshard_nn_ra(ra, decl)
                     * CAST(skyshard_nn_buckets(skyshard_nn_zone(skyshard_nn_dec(decl), h), h) AS DOUBLE) / 360.0) AS BIGINT))
  END;

-- Half-width in right ascension of the circle of radius r around a point at declination decl (360
-- when the circle holds a pole), widened by a hair so that rounding can only add cells.
CREATE OR REPLACE MACRO skyshard_nn_reach(decl, r) AS
  CASE WHEN CAST(r AS DOUBLE) >= 90.0 OR cos(radians(CAST(decl AS DOUBLE))) <= sin(radians(CAST(r AS DOUBLE))) THEN 360.0
       ELSE least(360.0, degrees(asin(least(1.0, sin(radians(CAST(r AS DOUBLE))) / cos(radians(CAST(decl AS DOUBLE))))))
                         * 1.000000001 + 1e-9) END;

-- Cells lo..hi of zone z (n buckets), wrapped around ra = 360, each at most once.
CREATE OR REPLACE MACRO skyshard_nn_zone_cells(z, n, lo, hi, h) AS
  list_transform(range(lo, least(hi, lo + n - 1) + 1), b -> z * skyshard_nn_stride(h) + (b % n + n) % n);

-- Every cell holding a point within r of the position (r already padded by the planner).
CREATE OR REPLACE MACRO skyshard_nn_cells(ra, decl, r, h) AS
  CASE WHEN ra IS NULL OR decl IS NULL THEN CAST([] AS BIGINT[]) ELSE flatten(list_transform(
    list_transform(range(skyshard_nn_zone(skyshard_nn_dec(decl) - CAST(r AS DOUBLE), h),
                         skyshard_nn_zone(skyshard_nn_dec(decl) + CAST(r AS DOUBLE), h) + 1),
                   z -> {'z': z, 'n': skyshard_nn_buckets(z, h)}),
    s -> skyshard_nn_zone_cells(s.z, s.n,
            CAST(floor((skyshard_nn_ra(ra, decl) - skyshard_nn_reach(skyshard_nn_dec(decl), r)) * CAST(s.n AS DOUBLE) / 360.0) AS BIGINT),
            CAST(floor((skyshard_nn_ra(ra, decl) + skyshard_nn_reach(skyshard_nn_dec(decl), r)) * CAST(s.n AS DOUBLE) / 360.0) AS BIGINT),
            h))) END;
