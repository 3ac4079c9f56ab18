-- Internal macros of distance joins (planned by io.skyshard.sql.analysis.JoinLocalityPass and
-- io.skyshard.sql.rewrite.NearNeighbourSql), loaded with the sciSQL macros by every worker and the
-- czar but not callable from user SQL.
--
-- A join "a, b WHERE scisql_angSep(a.ra, a.dec, b.ra, b.dec) < r" becomes a hash join on a cell key:
-- every row of a has the one cell of its position, every row of b is repeated once for each cell
-- that holds points within r of it. Pairs within r then share exactly one cell, so the join finds
-- each of them once and compares far fewer rows than a nested loop.
--
-- Cells: declination zones h degrees high (zone z spans [z*h - 90, (z+1)*h - 90]), each cut into
-- skyshard_nn_buckets(z, h) equal right-ascension buckets about h degrees wide at the zone's edge
-- nearest the pole. Any h > 0 gives the same pairs; the planner takes h = r.
--
-- The planner computes one step per nested SELECT (fold, zone, buckets, ...) and passes columns and
-- literals only: DuckDB expands macros textually, and nesting them made each chunk statement cost
-- tens of milliseconds to plan. Arithmetic is DOUBLE throughout (DECIMAL literals would make DuckDB
-- compute in slow decimals).

-- Positions are folded onto dec in [-90, 90], ra in [0, 360): a declination of 100 is the point
-- (ra + 180, 80), and scisql_angSep (haversine, exact on unit vectors) treats it as such, so rows of
-- an unvalidated table (an uploaded list) still find all their neighbours.
-- Step 1: the declination reduced to [-180, 180).
CREATE OR REPLACE MACRO skyshard_nn_fold(decl) AS
  CAST(decl AS DOUBLE) - 360.0 * floor((CAST(decl AS DOUBLE) + 180.0) / 360.0);

-- Step 2: from the reduced declination f, the declination in [-90, 90] ...
CREATE OR REPLACE MACRO skyshard_nn_dec(f) AS
  CASE WHEN f > 90.0 THEN 180.0 - f WHEN f < -90.0 THEN -180.0 - f ELSE f END;

-- ... and the right ascension in [0, 360).
CREATE OR REPLACE MACRO skyshard_nn_ra(ra, f) AS
  (CAST(ra AS DOUBLE) + CASE WHEN abs(f) > 90.0 THEN 180.0 ELSE 0.0 END)
  - 360.0 * floor((CAST(ra AS DOUBLE) + CASE WHEN abs(f) > 90.0 THEN 180.0 ELSE 0.0 END) / 360.0);

-- The zone of a declination in [-90, 90].
CREATE OR REPLACE MACRO skyshard_nn_zone(d, h) AS
  least(CAST(ceil(180.0 / CAST(h AS DOUBLE)) AS BIGINT) - 1, greatest(0, CAST(floor((d + 90.0) / CAST(h AS DOUBLE)) AS BIGINT)));

-- The number of right-ascension buckets of zone z.
CREATE OR REPLACE MACRO skyshard_nn_buckets(z, h) AS
  greatest(1, CAST(floor(360.0 * cos(radians(least(90.0, greatest(abs(CAST(z AS DOUBLE) * CAST(h AS DOUBLE) - 90.0),
                                                            abs(CAST(z + 1 AS DOUBLE) * CAST(h AS DOUBLE) - 90.0)))))
                         / CAST(h AS DOUBLE)) AS BIGINT));

-- The cell key of bucket b (any integer: wrapped around ra = 360) of zone z with n buckets.
CREATE OR REPLACE MACRO skyshard_nn_key(z, b, n, h) AS
  z * (CAST(floor(360.0 / CAST(h AS DOUBLE)) AS BIGINT) + 1) + ((b % n) + n) % n;

-- The bucket, among n, of a right ascension in [0, 360).
CREATE OR REPLACE MACRO skyshard_nn_bucket(ra, n) AS
  least(n - 1, CAST(floor(ra * CAST(n AS DOUBLE) / 360.0) AS BIGINT));

-- Half-width in right ascension of the circle of radius r around a point at declination d (360 when
-- the circle holds a pole), widened by a hair so that rounding can only add cells, never lose one.
CREATE OR REPLACE MACRO skyshard_nn_reach(d, r) AS
  CASE WHEN CAST(r AS DOUBLE) >= 90.0 OR cos(radians(d)) <= sin(radians(CAST(r AS DOUBLE))) THEN 360.0
       ELSE least(360.0, degrees(asin(least(1.0, sin(radians(CAST(r AS DOUBLE))) / cos(radians(d))))) * 1.000000001 + 1e-9) END;

-- Buckets lo .. min(hi, lo + n - 1): the buckets a circle covers in a zone, each at most once.
CREATE OR REPLACE MACRO skyshard_nn_span(lo, hi, n) AS
  range(lo, least(hi, lo + n - 1) + 1);
