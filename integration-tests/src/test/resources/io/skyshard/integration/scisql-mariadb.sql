-- The sciSQL functions of the Qserv dialect as MariaDB stored functions: the reference side of the
-- differential suite. They follow sciSQL's documentation (https://smonkewitz.github.io/scisql/),
-- including its NULL rules: spatial predicates give 0 when an argument is NULL and NULL when an
-- argument is invalid (latitude outside [-90, 90], bad radius or axes); photometry gives NULL for a
-- NULL argument and where the result is not a finite number (MySQL has no NaN or infinity).
-- The arithmetic is written in the same order as sciSQL's C code and as the DuckDB macros of
-- common/src/main/resources/io/skyshard/common/sql/duckdb-functions.sql, so both engines compute the
-- same doubles. Constants: degrees <-> radians 1.7453292519943295e-2 / 5.729577951308232e1,
-- 2.5 / ln(10) = 1.085736204758129569, ln(10) / 2.5 = 0.9210340371976182736,
-- 10^(-48.6 / 2.5) = 3.630780547701013425e-20.
-- One statement per function; a statement ends with ';' at the end of a line.
-- MariaDB cannot declare variadic stored functions, so scisql_s2PtInCPoly(lon, lat, v1lon, v1lat, ...)
-- exists here as scisql_s2PtInCPoly3 ... scisql_s2PtInCPoly6 (number of vertices). As in sciSQL, the
-- edges face the side of the vertex sum, which also gives any non-convex vertex list its meaning.

-- Squared chord length between two points of the unit sphere (sciSQL's scisql_sc_dist2), in [0, 4].
CREATE FUNCTION _scisql_dist2(lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN LEAST(4e0, GREATEST(0e0, 4e0 * (
      SIN((lon1 - lon2) * 1.7453292519943295e-2 * 5e-1) * SIN((lon1 - lon2) * 1.7453292519943295e-2 * 5e-1)
      * (COS((lat1 + lat2) * 1.7453292519943295e-2 * 5e-1) * COS((lat1 + lat2) * 1.7453292519943295e-2 * 5e-1)
         - SIN((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1) * SIN((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1))
      + SIN((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1) * SIN((lat1 - lat2) * 1.7453292519943295e-2 * 5e-1))));

-- An angle range-reduced into [0, 360).
CREATE FUNCTION _scisql_angred(a DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN MOD(a, 360e0) < 0 THEN
              CASE WHEN MOD(a, 360e0) + 360e0 = 360e0 THEN 0e0 ELSE MOD(a, 360e0) + 360e0 END
            ELSE MOD(a, 360e0) END;

-- dot(P, V1 x V2) for the unit vectors of three positions: which side of the great circle through
-- V1 and V2 the point P lies on (one edge of a convex polygon).
CREATE FUNCTION _scisql_edgeDot(lon DOUBLE, lat DOUBLE, lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN COS(lon * 1.7453292519943295e-2) * COS(lat * 1.7453292519943295e-2)
         * (SIN(lon1 * 1.7453292519943295e-2) * COS(lat1 * 1.7453292519943295e-2) * SIN(lat2 * 1.7453292519943295e-2)
            - SIN(lat1 * 1.7453292519943295e-2) * SIN(lon2 * 1.7453292519943295e-2) * COS(lat2 * 1.7453292519943295e-2))
     + SIN(lon * 1.7453292519943295e-2) * COS(lat * 1.7453292519943295e-2)
         * (SIN(lat1 * 1.7453292519943295e-2) * COS(lon2 * 1.7453292519943295e-2) * COS(lat2 * 1.7453292519943295e-2)
            - COS(lon1 * 1.7453292519943295e-2) * COS(lat1 * 1.7453292519943295e-2) * SIN(lat2 * 1.7453292519943295e-2))
     + SIN(lat * 1.7453292519943295e-2)
         * (COS(lon1 * 1.7453292519943295e-2) * COS(lat1 * 1.7453292519943295e-2) * SIN(lon2 * 1.7453292519943295e-2) * COS(lat2 * 1.7453292519943295e-2)
            - SIN(lon1 * 1.7453292519943295e-2) * COS(lat1 * 1.7453292519943295e-2) * COS(lon2 * 1.7453292519943295e-2) * COS(lat2 * 1.7453292519943295e-2));

-- sciSQL's scisql_hypot: sqrt(a^2 + b^2) without overflow.
CREATE FUNCTION _scisql_hypot(a DOUBLE, b DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN ABS(a) < ABS(b) THEN ABS(b) * SQRT(1e0 + (a / b) * (a / b))
            WHEN a = 0 THEN 0e0
            ELSE ABS(a) * SQRT(1e0 + (b / a) * (b / a)) END;

CREATE FUNCTION scisql_angSep(lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL
              OR lat1 < -90 OR lat1 > 90 OR lat2 < -90 OR lat2 > 90 THEN NULL
            ELSE LEAST(180e0, 2e0 * 5.729577951308232e1 * ASIN(SQRT(_scisql_dist2(lon1, lat1, lon2, lat2) * 2.5e-1))) END;

CREATE FUNCTION scisql_s2PtInCircle(lon DOUBLE, lat DOUBLE, lonC DOUBLE, latC DOUBLE, r DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lonC IS NULL OR latC IS NULL OR r IS NULL THEN 0
            WHEN lat < -90 OR lat > 90 OR latC < -90 OR latC > 90 OR r < 0 OR r > 180 THEN NULL
            WHEN ABS(lat - latC) > r THEN 0
            WHEN _scisql_dist2(lon, lat, lonC, latC)
                 <= 4e0 * SIN(r * 5e-1 * 1.7453292519943295e-2) * SIN(r * 5e-1 * 1.7453292519943295e-2) THEN 1
            ELSE 0 END;

CREATE FUNCTION scisql_s2PtInBox(lon DOUBLE, lat DOUBLE, lonMin DOUBLE, latMin DOUBLE, lonMax DOUBLE, latMax DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lonMin IS NULL OR latMin IS NULL OR lonMax IS NULL OR latMax IS NULL THEN 0
            WHEN lat < -90 OR lat > 90 OR latMin < -90 OR latMin > 90 OR latMax < -90 OR latMax > 90 THEN NULL
            WHEN lonMax < lonMin AND (lonMax < 0 OR lonMin > 360) THEN NULL
            WHEN latMin > latMax OR lat < latMin OR lat > latMax THEN 0
            WHEN lonMax - lonMin >= 360 THEN 1
            WHEN _scisql_angred(lonMin) <= _scisql_angred(lonMax) THEN
                 CASE WHEN _scisql_angred(lon) >= _scisql_angred(lonMin) AND _scisql_angred(lon) <= _scisql_angred(lonMax) THEN 1 ELSE 0 END
            WHEN _scisql_angred(lon) >= _scisql_angred(lonMin) OR _scisql_angred(lon) <= _scisql_angred(lonMax) THEN 1
            ELSE 0 END;

-- Components of a position's unit vector along north and east at the ellipse centre.
CREATE FUNCTION _scisql_north(lon DOUBLE, lat DOUBLE, lonC DOUBLE, latC DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN COS(latC * 1.7453292519943295e-2) * SIN(lat * 1.7453292519943295e-2)
       - SIN(latC * 1.7453292519943295e-2) * (SIN(lonC * 1.7453292519943295e-2) * (SIN(lon * 1.7453292519943295e-2) * COS(lat * 1.7453292519943295e-2))
                                              + COS(lonC * 1.7453292519943295e-2) * (COS(lon * 1.7453292519943295e-2) * COS(lat * 1.7453292519943295e-2)));

CREATE FUNCTION _scisql_east(lon DOUBLE, lat DOUBLE, lonC DOUBLE, latC DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN COS(lonC * 1.7453292519943295e-2) * (SIN(lon * 1.7453292519943295e-2) * COS(lat * 1.7453292519943295e-2))
       - SIN(lonC * 1.7453292519943295e-2) * (COS(lon * 1.7453292519943295e-2) * COS(lat * 1.7453292519943295e-2));

-- 1 when the projected point (north, east) lies in the ellipse of semi-axes (arcsec) rotated by pa (deg).
CREATE FUNCTION _scisql_inEllipse(n DOUBLE, e DOUBLE, pa DOUBLE, semiMajor DOUBLE, semiMinor DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN (SIN(pa * 1.7453292519943295e-2) * e + COS(pa * 1.7453292519943295e-2) * n)
                 * (SIN(pa * 1.7453292519943295e-2) * e + COS(pa * 1.7453292519943295e-2) * n)
                 * (1e0 / ((semiMajor * 1.7453292519943295e-2 / 3.6e3) * (semiMajor * 1.7453292519943295e-2 / 3.6e3)))
               + (COS(pa * 1.7453292519943295e-2) * e - SIN(pa * 1.7453292519943295e-2) * n)
                 * (COS(pa * 1.7453292519943295e-2) * e - SIN(pa * 1.7453292519943295e-2) * n)
                 * (1e0 / ((semiMinor * 1.7453292519943295e-2 / 3.6e3) * (semiMinor * 1.7453292519943295e-2 / 3.6e3)))
               <= 1e0 THEN 1 ELSE 0 END;

CREATE FUNCTION scisql_s2PtInEllipse(lon DOUBLE, lat DOUBLE, lonC DOUBLE, latC DOUBLE, semiMajor DOUBLE, semiMinor DOUBLE, pa DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lonC IS NULL OR latC IS NULL OR semiMajor IS NULL OR semiMinor IS NULL OR pa IS NULL THEN 0
            WHEN lat < -90 OR lat > 90 OR latC < -90 OR latC > 90 THEN NULL
            WHEN semiMinor < 0 OR semiMinor > semiMajor OR semiMajor > 36000 THEN NULL
            WHEN semiMinor = 0 THEN 0
            ELSE _scisql_inEllipse(_scisql_north(lon, lat, lonC, latC), _scisql_east(lon, lat, lonC, latC), pa, semiMajor, semiMinor) END;

CREATE FUNCTION scisql_s2PtInCPoly3(lon DOUBLE, lat DOUBLE, lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE, lon3 DOUBLE, lat3 DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL OR lon3 IS NULL OR lat3 IS NULL THEN 0
            WHEN ABS(lat) > 90 OR ABS(lat1) > 90 OR ABS(lat2) > 90 OR ABS(lat3) > 90 THEN NULL
            WHEN (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon1, lat1, lon2, lat2) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon2, lat2, lon3, lat3) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon3, lat3, lon1, lat1) >= 0 THEN 1
            ELSE 0 END;

CREATE FUNCTION scisql_s2PtInCPoly4(lon DOUBLE, lat DOUBLE, lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE, lon3 DOUBLE, lat3 DOUBLE, lon4 DOUBLE, lat4 DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL OR lon3 IS NULL OR lat3 IS NULL OR lon4 IS NULL OR lat4 IS NULL THEN 0
            WHEN ABS(lat) > 90 OR ABS(lat1) > 90 OR ABS(lat2) > 90 OR ABS(lat3) > 90 OR ABS(lat4) > 90 THEN NULL
            WHEN (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon1, lat1, lon2, lat2) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon2, lat2, lon3, lat3) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon3, lat3, lon4, lat4) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon4, lat4, lon1, lat1) >= 0 THEN 1
            ELSE 0 END;

CREATE FUNCTION scisql_s2PtInCPoly5(lon DOUBLE, lat DOUBLE, lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE, lon3 DOUBLE, lat3 DOUBLE, lon4 DOUBLE, lat4 DOUBLE, lon5 DOUBLE, lat5 DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL OR lon3 IS NULL OR lat3 IS NULL OR lon4 IS NULL OR lat4 IS NULL OR lon5 IS NULL OR lat5 IS NULL THEN 0
            WHEN ABS(lat) > 90 OR ABS(lat1) > 90 OR ABS(lat2) > 90 OR ABS(lat3) > 90 OR ABS(lat4) > 90 OR ABS(lat5) > 90 THEN NULL
            WHEN (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon1, lat1, lon2, lat2) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon2, lat2, lon3, lat3) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon3, lat3, lon4, lat4) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon4, lat4, lon5, lat5) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon5, lat5, lon1, lat1) >= 0 THEN 1
            ELSE 0 END;

CREATE FUNCTION scisql_s2PtInCPoly6(lon DOUBLE, lat DOUBLE, lon1 DOUBLE, lat1 DOUBLE, lon2 DOUBLE, lat2 DOUBLE, lon3 DOUBLE, lat3 DOUBLE, lon4 DOUBLE, lat4 DOUBLE, lon5 DOUBLE, lat5 DOUBLE, lon6 DOUBLE, lat6 DOUBLE) RETURNS INT DETERMINISTIC
RETURN CASE WHEN lon IS NULL OR lat IS NULL OR lon1 IS NULL OR lat1 IS NULL OR lon2 IS NULL OR lat2 IS NULL OR lon3 IS NULL OR lat3 IS NULL OR lon4 IS NULL OR lat4 IS NULL OR lon5 IS NULL OR lat5 IS NULL OR lon6 IS NULL OR lat6 IS NULL THEN 0
            WHEN ABS(lat) > 90 OR ABS(lat1) > 90 OR ABS(lat2) > 90 OR ABS(lat3) > 90 OR ABS(lat4) > 90 OR ABS(lat5) > 90 OR ABS(lat6) > 90 THEN NULL
            WHEN (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon6, lat6, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon1, lat1, lon2, lat2) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon6, lat6, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon2, lat2, lon3, lat3) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon6, lat6, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon3, lat3, lon4, lat4) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon6, lat6, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon4, lat4, lon5, lat5) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon6, lat6, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon5, lat5, lon6, lat6) >= 0
             AND (CASE WHEN _scisql_edgeDot(lon3, lat3, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon4, lat4, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon5, lat5, lon1, lat1, lon2, lat2) + _scisql_edgeDot(lon6, lat6, lon1, lat1, lon2, lat2) < 0 THEN -1 ELSE 1 END) * _scisql_edgeDot(lon, lat, lon6, lat6, lon1, lat1) >= 0 THEN 1
            ELSE 0 END;

CREATE FUNCTION scisql_fluxToAbMag(flux DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN flux IS NULL OR flux <= 0 THEN NULL ELSE -2.5e0 * LOG10(flux) - 4.86e1 END;

CREATE FUNCTION scisql_fluxToAbMagSigma(flux DOUBLE, fluxSigma DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN flux IS NULL OR fluxSigma IS NULL OR flux = 0 THEN NULL ELSE 1.085736204758129569e0 * fluxSigma / flux END;

CREATE FUNCTION scisql_abMagToFlux(mag DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN mag IS NULL THEN NULL ELSE POW(1e1, -4e-1 * (mag + 4.86e1)) END;

CREATE FUNCTION scisql_abMagToFluxSigma(mag DOUBLE, magSigma DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN mag IS NULL OR magSigma IS NULL THEN NULL
            ELSE magSigma * POW(1e1, -4e-1 * (mag + 4.86e1)) * 9.210340371976182736e-1 END;

CREATE FUNCTION scisql_nanojanskyToAbMag(flux DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN flux IS NULL OR flux <= 0 THEN NULL ELSE -2.5e0 * LOG10(flux) + 3.14e1 END;

CREATE FUNCTION scisql_nanojanskyToAbMagSigma(flux DOUBLE, fluxSigma DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN flux IS NULL OR fluxSigma IS NULL OR flux <= 0 OR fluxSigma < 0 THEN NULL
            ELSE 1.085736204758129569e0 * fluxSigma / flux END;

CREATE FUNCTION scisql_abMagToNanojansky(mag DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN mag IS NULL THEN NULL ELSE POW(1e1, -4e-1 * (mag - 3.14e1)) END;

CREATE FUNCTION scisql_abMagToNanojanskySigma(mag DOUBLE, magSigma DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN mag IS NULL OR magSigma IS NULL OR magSigma < 0 THEN NULL
            ELSE magSigma * POW(1e1, -4e-1 * (mag - 3.14e1)) * 9.210340371976182736e-1 END;

CREATE FUNCTION scisql_dnToAbMag(dn DOUBLE, fluxMag0 DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN dn IS NULL OR fluxMag0 IS NULL OR fluxMag0 = 0 OR 3.630780547701013425e-20 * dn / fluxMag0 <= 0 THEN NULL
            ELSE -2.5e0 * LOG10(3.630780547701013425e-20 * dn / fluxMag0) - 4.86e1 END;

CREATE FUNCTION scisql_dnToAbMagSigma(dn DOUBLE, dnSigma DOUBLE, fluxMag0 DOUBLE, fluxMag0Sigma DOUBLE) RETURNS DOUBLE DETERMINISTIC
RETURN CASE WHEN dn IS NULL OR dnSigma IS NULL OR fluxMag0 IS NULL OR fluxMag0Sigma IS NULL OR fluxMag0 = 0 OR dn = 0 THEN NULL
            ELSE 1.085736204758129569e0
                 * (3.630780547701013425e-20 * _scisql_hypot(dn * fluxMag0Sigma, dnSigma * fluxMag0) / (fluxMag0 * fluxMag0))
                 / (3.630780547701013425e-20 * dn / fluxMag0) END;
