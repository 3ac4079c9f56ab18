-- sciSQL functions of the Qserv dialect as DuckDB macros. Loaded by every worker and by the czar
-- (io.skyshard.common.sql.DuckDbFunctions) so both evaluate them identically.
-- Statements end with a semicolon at the end of a line; lines starting with "--" are comments.
--
-- Semantics are sciSQL's documented ones (https://smonkewitz.github.io/scisql/), NULLs included:
-- spatial predicates give 0 when an argument is NULL and NULL when an argument is invalid (latitude
-- outside [-90, 90], a bad radius or ellipse axes); photometry gives NULL for a NULL argument and
-- wherever sciSQL's result would not be a finite number (MySQL has no NaN or infinity). Arguments are
-- converted to DOUBLE first, as sciSQL does (a FLOAT column is widened exactly), and the arithmetic
-- follows sciSQL's C code operation by operation, so that the same doubles come out as from the
-- MariaDB stored functions of the differential tests (integration-tests .../scisql-mariadb.sql).
-- Constants: degrees <-> radians 1.7453292519943295e-2 / 5.729577951308232e1,
-- 2.5 / ln(10) = 1.085736204758129569, ln(10) / 2.5 = 0.9210340371976182736,
-- 10^(-48.6 / 2.5) = 3.630780547701013425e-20.
-- Macros whose names start with an underscore are helpers; they are not callable from user SQL.

-- Squared chord length between two points of the unit sphere (sciSQL's scisql_sc_dist2), in [0, 4].
CREATE OR REPLACE MACRO _scisql_dist2(lon1, lat1, lon2, lat2) AS
  least(4e0, greatest(0e0, 4e0 * (
      sin((lon1 - lon2) * 1.7453292519943295e-2 * 5e-1) * sin((lon1 - lon2) * 1.7453292519943295e-2 * 5e-1)
      * (cos((lat1 + lat2) * 1.7453292519943295e-2 * 5e-1) * cos((lat1 + lat2) * 1.7453292519943295e-2 * 5e-1)
         - sin((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1) * sin((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1))
      + sin((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1) * sin((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1))));

-- An angle range-reduced into [0, 360).
CREATE OR REPLACE MACRO _scisql_angred(a) AS
  CASE WHEN fmod(a, 360e0) < 0 THEN
         CASE WHEN fmod(a, 360e0) + 360e0 = 360e0 THEN 0e0 ELSE fmod(a, 360e0) + 360e0 END
       ELSE fmod(a, 360e0) END;

-- dot(P, V1 x V2) for the unit vectors of three positions: which side of the great circle through V1
-- and V2 the point P lies on (one edge of a convex polygon; scisql_s2PtInCPoly is built from it).
CREATE OR REPLACE MACRO _scisql_edgeDot(lon, lat, lon1, lat1, lon2, lat2) AS
  cos(CAST(lon AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat AS DOUBLE) * 1.7453292519943295e-2)
    * (sin(CAST(lon1 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat1 AS DOUBLE) * 1.7453292519943295e-2) * sin(CAST(lat2 AS DOUBLE) * 1.7453292519943295e-2)
       - sin(CAST(lat1 AS DOUBLE) * 1.7453292519943295e-2) * sin(CAST(lon2 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat2 AS DOUBLE) * 1.7453292519943295e-2))
  + sin(CAST(lon AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat AS DOUBLE) * 1.7453292519943295e-2)
    * (sin(CAST(lat1 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lon2 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat2 AS DOUBLE) * 1.7453292519943295e-2)
       - cos(CAST(lon1 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat1 AS DOUBLE) * 1.7453292519943295e-2) * sin(CAST(lat2 AS DOUBLE) * 1.7453292519943295e-2))
  + sin(CAST(lat AS DOUBLE) * 1.7453292519943295e-2)
    * (cos(CAST(lon1 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat1 AS DOUBLE) * 1.7453292519943295e-2) * sin(CAST(lon2 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat2 AS DOUBLE) * 1.7453292519943295e-2)
       - sin(CAST(lon1 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat1 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lon2 AS DOUBLE) * 1.7453292519943295e-2) * cos(CAST(lat2 AS DOUBLE) * 1.7453292519943295e-2));

-- sciSQL's scisql_hypot: sqrt(a^2 + b^2) without overflow.
CREATE OR REPLACE MACRO _scisql_hypot(a, b) AS
  CASE WHEN abs(a) < abs(b) THEN abs(b) * sqrt(1e0 + (a / b) * (a / b))
       WHEN a = 0 THEN 0e0
       ELSE abs(a) * sqrt(1e0 + (b / a) * (b / a)) END;

-- Components of a position's unit vector along north and east at an ellipse centre.
CREATE OR REPLACE MACRO _scisql_north(lon, lat, lonC, latC) AS
  cos(latC * 1.7453292519943295e-2) * sin(lat * 1.7453292519943295e-2)
  - sin(latC * 1.7453292519943295e-2) * (sin(lonC * 1.7453292519943295e-2) * (sin(lon * 1.7453292519943295e-2) * cos(lat * 1.7453292519943295e-2))
                                         + cos(lonC * 1.7453292519943295e-2) * (cos(lon * 1.7453292519943295e-2) * cos(lat * 1.7453292519943295e-2)));

CREATE OR REPLACE MACRO _scisql_east(lon, lat, lonC, latC) AS
  cos(lonC * 1.7453292519943295e-2) * (sin(lon * 1.7453292519943295e-2) * cos(lat * 1.7453292519943295e-2))
  - sin(lonC * 1.7453292519943295e-2) * (cos(lon * 1.7453292519943295e-2) * cos(lat * 1.7453292519943295e-2));

-- 1 when the projected point (north n, east e) lies in the ellipse of semi-axes (arcsec) rotated by pa (deg).
CREATE OR REPLACE MACRO _scisql_inEllipse(n, e, pa, semiMajor, semiMinor) AS
  CASE WHEN (sin(pa * 1.7453292519943295e-2) * e + cos(pa * 1.7453292519943295e-2) * n)
            * (sin(pa * 1.7453292519943295e-2) * e + cos(pa * 1.7453292519943295e-2) * n)
            * (1e0 / ((semiMajor * 1.7453292519943295e-2 / 3.6e3) * (semiMajor * 1.7453292519943295e-2 / 3.6e3)))
          + (cos(pa * 1.7453292519943295e-2) * e - sin(pa * 1.7453292519943295e-2) * n)
            * (cos(pa * 1.7453292519943295e-2) * e - sin(pa * 1.7453292519943295e-2) * n)
            * (1e0 / ((semiMinor * 1.7453292519943295e-2 / 3.6e3) * (semiMinor * 1.7453292519943295e-2 / 3.6e3)))
          <= 1e0 THEN 1 ELSE 0 END;

-- Angular separation in degrees; NULL when an argument is NULL or a latitude is outside [-90, 90].
CREATE OR REPLACE MACRO scisql_angSep(lon1, lat1, lon2, lat2) AS
  CASE WHEN lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL
         OR lat1 < -90 OR lat1 > 90 OR lat2 < -90 OR lat2 > 90 THEN CAST(NULL AS DOUBLE)
       ELSE least(180e0, 2e0 * 5.729577951308232e1 * asin(sqrt(_scisql_dist2(CAST(lon1 AS DOUBLE), CAST(lat1 AS DOUBLE),
                 CAST(lon2 AS DOUBLE), CAST(lat2 AS DOUBLE)) * 2.5e-1))) END;

-- 1 when the point is inside the circle (boundary included), 0 outside or when an argument is NULL,
-- NULL for a latitude outside [-90, 90] or a radius outside [0, 180].
CREATE OR REPLACE MACRO scisql_s2PtInCircle(lon, lat, lonC, latC, r) AS
  CASE WHEN lon IS NULL OR lat IS NULL OR lonC IS NULL OR latC IS NULL OR r IS NULL THEN 0
       WHEN lat < -90 OR lat > 90 OR latC < -90 OR latC > 90 OR r < 0 OR r > 180 THEN NULL
       WHEN abs(CAST(lat AS DOUBLE) - CAST(latC AS DOUBLE)) > CAST(r AS DOUBLE) THEN 0
       WHEN _scisql_dist2(CAST(lon AS DOUBLE), CAST(lat AS DOUBLE), CAST(lonC AS DOUBLE), CAST(latC AS DOUBLE))
            <= 4e0 * sin(CAST(r AS DOUBLE) * 5e-1 * 1.7453292519943295e-2) * sin(CAST(r AS DOUBLE) * 5e-1 * 1.7453292519943295e-2) THEN 1
       ELSE 0 END;

-- 1 when the point is inside the longitude/latitude box. lonMin > lonMax (both in [0, 360]) wraps
-- through 0; boxes 360 degrees wide or more span every longitude; NULL argument -> 0; a latitude
-- outside [-90, 90], or lonMin > lonMax with one of them outside [0, 360], -> NULL.
CREATE OR REPLACE MACRO scisql_s2PtInBox(lon, lat, lonMin, latMin, lonMax, latMax) AS
  CASE WHEN lon IS NULL OR lat IS NULL OR lonMin IS NULL OR latMin IS NULL OR lonMax IS NULL OR latMax IS NULL THEN 0
       WHEN lat < -90 OR lat > 90 OR latMin < -90 OR latMin > 90 OR latMax < -90 OR latMax > 90 THEN NULL
       WHEN lonMax < lonMin AND (lonMax < 0 OR lonMin > 360) THEN NULL
       WHEN latMin > latMax OR lat < latMin OR lat > latMax THEN 0
       WHEN CAST(lonMax AS DOUBLE) - CAST(lonMin AS DOUBLE) >= 360 THEN 1
       WHEN _scisql_angred(CAST(lonMin AS DOUBLE)) <= _scisql_angred(CAST(lonMax AS DOUBLE)) THEN
            CASE WHEN _scisql_angred(CAST(lon AS DOUBLE)) >= _scisql_angred(CAST(lonMin AS DOUBLE))
                  AND _scisql_angred(CAST(lon AS DOUBLE)) <= _scisql_angred(CAST(lonMax AS DOUBLE)) THEN 1 ELSE 0 END
       WHEN _scisql_angred(CAST(lon AS DOUBLE)) >= _scisql_angred(CAST(lonMin AS DOUBLE))
         OR _scisql_angred(CAST(lon AS DOUBLE)) <= _scisql_angred(CAST(lonMax AS DOUBLE)) THEN 1
       ELSE 0 END;

-- 1 when the point is inside the ellipse: centre (deg), semi-axes (arcsec), position angle (deg east
-- of north), tested in the orthographic projection at the centre as sciSQL does. NULL argument -> 0;
-- invalid latitude, or axes not satisfying 0 <= minor <= major <= 36000 arcsec -> NULL.
CREATE OR REPLACE MACRO scisql_s2PtInEllipse(lon, lat, lonC, latC, semiMajor, semiMinor, pa) AS
  CASE WHEN lon IS NULL OR lat IS NULL OR lonC IS NULL OR latC IS NULL OR semiMajor IS NULL OR semiMinor IS NULL OR pa IS NULL THEN 0
       WHEN lat < -90 OR lat > 90 OR latC < -90 OR latC > 90 THEN NULL
       WHEN semiMinor < 0 OR semiMinor > semiMajor OR semiMajor > 36000 THEN NULL
       WHEN semiMinor = 0 THEN 0
       ELSE _scisql_inEllipse(
              _scisql_north(CAST(lon AS DOUBLE), CAST(lat AS DOUBLE), CAST(lonC AS DOUBLE), CAST(latC AS DOUBLE)),
              _scisql_east(CAST(lon AS DOUBLE), CAST(lat AS DOUBLE), CAST(lonC AS DOUBLE), CAST(latC AS DOUBLE)),
              CAST(pa AS DOUBLE), CAST(semiMajor AS DOUBLE), CAST(semiMinor AS DOUBLE)) END;

-- Photometry. A flux in erg/s/cm^2/Hz (fluxToAbMag), in nanojansky (nanojanskyToAbMag) or raw DN
-- with the DN of a zero-magnitude source (dnToAbMag).
CREATE OR REPLACE MACRO scisql_fluxToAbMag(flux) AS
  CASE WHEN flux IS NULL OR flux <= 0 THEN CAST(NULL AS DOUBLE) ELSE -2.5e0 * log10(CAST(flux AS DOUBLE)) - 4.86e1 END;

CREATE OR REPLACE MACRO scisql_fluxToAbMagSigma(flux, fluxSigma) AS
  CASE WHEN flux IS NULL OR fluxSigma IS NULL OR flux = 0 THEN CAST(NULL AS DOUBLE)
       ELSE 1.085736204758129569e0 * CAST(fluxSigma AS DOUBLE) / CAST(flux AS DOUBLE) END;

CREATE OR REPLACE MACRO scisql_abMagToFlux(mag) AS
  CASE WHEN mag IS NULL THEN CAST(NULL AS DOUBLE) ELSE pow(1e1, -4e-1 * (CAST(mag AS DOUBLE) + 4.86e1)) END;

CREATE OR REPLACE MACRO scisql_abMagToFluxSigma(mag, magSigma) AS
  CASE WHEN mag IS NULL OR magSigma IS NULL THEN CAST(NULL AS DOUBLE)
       ELSE CAST(magSigma AS DOUBLE) * pow(1e1, -4e-1 * (CAST(mag AS DOUBLE) + 4.86e1)) * 9.210340371976182736e-1 END;

CREATE OR REPLACE MACRO scisql_nanojanskyToAbMag(flux) AS
  CASE WHEN flux IS NULL OR flux <= 0 THEN CAST(NULL AS DOUBLE) ELSE -2.5e0 * log10(CAST(flux AS DOUBLE)) + 3.14e1 END;

CREATE OR REPLACE MACRO scisql_nanojanskyToAbMagSigma(flux, fluxSigma) AS
  CASE WHEN flux IS NULL OR fluxSigma IS NULL OR flux <= 0 OR fluxSigma < 0 THEN CAST(NULL AS DOUBLE)
       ELSE 1.085736204758129569e0 * CAST(fluxSigma AS DOUBLE) / CAST(flux AS DOUBLE) END;

CREATE OR REPLACE MACRO scisql_abMagToNanojansky(mag) AS
  CASE WHEN mag IS NULL THEN CAST(NULL AS DOUBLE) ELSE pow(1e1, -4e-1 * (CAST(mag AS DOUBLE) - 3.14e1)) END;

CREATE OR REPLACE MACRO scisql_abMagToNanojanskySigma(mag, magSigma) AS
  CASE WHEN mag IS NULL OR magSigma IS NULL OR magSigma < 0 THEN CAST(NULL AS DOUBLE)
       ELSE CAST(magSigma AS DOUBLE) * pow(1e1, -4e-1 * (CAST(mag AS DOUBLE) - 3.14e1)) * 9.210340371976182736e-1 END;

CREATE OR REPLACE MACRO scisql_dnToAbMag(dn, fluxMag0) AS
  CASE WHEN dn IS NULL OR fluxMag0 IS NULL OR fluxMag0 = 0
         OR 3.630780547701013425e-20 * CAST(dn AS DOUBLE) / CAST(fluxMag0 AS DOUBLE) <= 0 THEN CAST(NULL AS DOUBLE)
       ELSE -2.5e0 * log10(3.630780547701013425e-20 * CAST(dn AS DOUBLE) / CAST(fluxMag0 AS DOUBLE)) - 4.86e1 END;

CREATE OR REPLACE MACRO scisql_dnToAbMagSigma(dn, dnSigma, fluxMag0, fluxMag0Sigma) AS
  CASE WHEN dn IS NULL OR dnSigma IS NULL OR fluxMag0 IS NULL OR fluxMag0Sigma IS NULL OR fluxMag0 = 0 OR dn = 0
         THEN CAST(NULL AS DOUBLE)
       ELSE 1.085736204758129569e0
            * (3.630780547701013425e-20 * _scisql_hypot(CAST(dn AS DOUBLE) * CAST(fluxMag0Sigma AS DOUBLE),
                                                        CAST(dnSigma AS DOUBLE) * CAST(fluxMag0 AS DOUBLE))
               / (CAST(fluxMag0 AS DOUBLE) * CAST(fluxMag0 AS DOUBLE)))
            / (3.630780547701013425e-20 * CAST(dn AS DOUBLE) / CAST(fluxMag0 AS DOUBLE)) END;

-- MySQL's bit operators work on unsigned 64-bit integers: a negative operand is taken modulo 2^64
-- (two's complement), the result is BIGINT UNSIGNED, shifts by 64 or more (or negative counts) give
-- 0, and bits shifted out to the left are lost. DuckDB's operators are signed and raise errors on
-- overflow, hence these forms. NULL in -> NULL.
-- MySQL reads text used as a number by its leading number: '12abc' is 12, ' 3.5e2x' 350, 'g' 0.
CREATE OR REPLACE MACRO _mysql_text_number(s) AS
  CASE WHEN s IS NULL THEN NULL
       ELSE coalesce(TRY_CAST(nullif(regexp_extract(s, '^[ \t\r\n]*([-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?)', 1), '')
                              AS DOUBLE), 0) END;

CREATE OR REPLACE MACRO _mysql_u64(x) AS
  CASE WHEN x < 0 THEN CAST(CAST(x AS HUGEINT) + CAST(18446744073709551616 AS HUGEINT) AS UBIGINT)
       ELSE CAST(x AS UBIGINT) END;

CREATE OR REPLACE MACRO _mysql_bit_and(a, b) AS _mysql_u64(a) & _mysql_u64(b);

CREATE OR REPLACE MACRO _mysql_bit_or(a, b) AS _mysql_u64(a) | _mysql_u64(b);

CREATE OR REPLACE MACRO _mysql_bit_xor(a, b) AS xor(_mysql_u64(a), _mysql_u64(b));

CREATE OR REPLACE MACRO _mysql_bit_not(a) AS xor(_mysql_u64(a), CAST(18446744073709551615 AS UBIGINT));

CREATE OR REPLACE MACRO _mysql_shift_left(a, n) AS
  CASE WHEN a IS NULL OR n IS NULL THEN CAST(NULL AS UBIGINT)
       WHEN n < 0 OR n >= 64 THEN CAST(0 AS UBIGINT)
       ELSE CAST((_mysql_u64(a) & CAST((CAST(1 AS HUGEINT) << (64 - CAST(n AS INTEGER))) - 1 AS UBIGINT))
                 << CAST(n AS INTEGER) AS UBIGINT) END;

CREATE OR REPLACE MACRO _mysql_shift_right(a, n) AS
  CASE WHEN a IS NULL OR n IS NULL THEN CAST(NULL AS UBIGINT)
       WHEN n < 0 OR n >= 64 THEN CAST(0 AS UBIGINT)
       ELSE CAST(_mysql_u64(a) >> CAST(n AS INTEGER) AS UBIGINT) END;

-- FLOOR and CEIL of an integer quotient, FLOOR(objectId / 100), exact as MySQL's DECIMAL division is:
-- through a DOUBLE, 64-bit ids past 2^53 would round. DuckDB's // truncates toward zero; the
-- remainder's sign says which way to step. A zero or NULL divisor gives NULL, as MySQL's division does.
CREATE OR REPLACE MACRO _mysql_floor_div(a, b) AS
  CASE WHEN a IS NULL OR b IS NULL OR b = 0 THEN CAST(NULL AS BIGINT)
       ELSE CAST(a AS BIGINT) // CAST(b AS BIGINT)
            - CASE WHEN CAST(a AS BIGINT) % CAST(b AS BIGINT) <> 0 AND (a < 0) <> (b < 0) THEN 1 ELSE 0 END END;

CREATE OR REPLACE MACRO _mysql_ceil_div(a, b) AS
  CASE WHEN a IS NULL OR b IS NULL OR b = 0 THEN CAST(NULL AS BIGINT)
       ELSE CAST(a AS BIGINT) // CAST(b AS BIGINT)
            + CASE WHEN CAST(a AS BIGINT) % CAST(b AS BIGINT) <> 0 AND (a < 0) = (b < 0) THEN 1 ELSE 0 END END;

-- MySQL's ROUND of a DOUBLE (my_double_round): rint of the value times 10^d, divided back, in
-- binary floating point, so half to even on that product: ROUND(2.5e0) = 2, ROUND(0.125e0, 2) =
-- 0.12, but ROUND(8.345e0, 2) = 8.35 since 8.345e0 * 100 is 834.5000000000001. DuckDB's round goes
-- half away from zero. 10^d is the double nearest to it (MariaDB keeps a table of them); a product
-- that overflows leaves the value, a power that overflows (d < -308) gives 0.
CREATE OR REPLACE MACRO _mysql_pow10(d) AS
  CASE WHEN d > 308 THEN CAST('inf' AS DOUBLE) ELSE CAST(concat('1e', d) AS DOUBLE) END;

CREATE OR REPLACE MACRO _mysql_round_double(x, d) AS
  CASE WHEN x IS NULL OR d IS NULL THEN NULL
       WHEN CAST(d AS BIGINT) >= 0 THEN
         CASE WHEN isinf(CAST(x AS DOUBLE) * _mysql_pow10(CAST(d AS BIGINT))) THEN CAST(x AS DOUBLE)
              ELSE roundbankers(CAST(x AS DOUBLE) * _mysql_pow10(CAST(d AS BIGINT)), 0) / _mysql_pow10(CAST(d AS BIGINT)) END
       WHEN isinf(_mysql_pow10(-CAST(d AS BIGINT))) THEN CAST(0 AS DOUBLE)
       ELSE roundbankers(CAST(x AS DOUBLE) / _mysql_pow10(-CAST(d AS BIGINT)), 0) * _mysql_pow10(-CAST(d AS BIGINT)) END;

-- A DOUBLE shown with a fixed number of decimals (MySQL's AVG of FLOOR(x) has 4): half to even
-- on the value's shortest decimal form, which is what the text the client reads shows. Values
-- beyond DECIMAL(38,18) keep DuckDB's round.
CREATE OR REPLACE MACRO _mysql_fixed_decimals(x, d) AS
  CASE WHEN x IS NULL OR d IS NULL THEN NULL
       WHEN NOT isfinite(CAST(x AS DOUBLE)) OR abs(CAST(x AS DOUBLE)) >= 1e15 OR d > 17 THEN round(CAST(x AS DOUBLE), d)
       ELSE CAST(roundbankers(CAST(CAST(CAST(x AS DOUBLE) AS VARCHAR) AS DECIMAL(38, 18)), d) AS DOUBLE) END;

-- MIN/MAX of a text column as MySQL's case-insensitive collations pick it: the value of least
-- (greatest) weight UPPER(RTRIM(x)), where DuckDB compares bytes ('Zeta' before 'alpha'). The value
-- travels behind its weight, '<weight> chr(1) <value>', so that plain MIN/MAX pick it per chunk and
-- again at the merge; _mysql_ci_value takes the value back. (chr(1) in a weight becomes chr(2), so
-- the first chr(1) is the separator; it sorts below every printable character, so a weight sorts
-- before the longer weights it begins.)
CREATE OR REPLACE MACRO _mysql_ci_pair(x) AS
  CASE WHEN x IS NULL THEN NULL ELSE replace(upper(rtrim(x)), chr(1), chr(2)) || chr(1) || x END;
CREATE OR REPLACE MACRO _mysql_ci_value(p) AS substr(p, strpos(p, chr(1)) + 1);
