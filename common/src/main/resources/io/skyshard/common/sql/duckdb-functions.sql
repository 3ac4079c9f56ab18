-- sciSQL functions of the Qserv dialect as DuckDB macros. Loaded by every worker and by the czar
-- (io.skyshard.common.sql.DuckDbFunctions) so both evaluate them identically.
-- Statements end with a semicolon at the end of a line; lines starting with "--" are comments.
-- Angles are in degrees. Fluxes are in erg/s/cm^2/Hz (fluxToAbMag) or nanojansky (nanojanskyToAbMag).

-- Angular separation by the haversine formula, which stays accurate for small angles.
-- LEAST(1, ...) guards asin against rounding just above 1 for antipodal points; DuckDB's LEAST
-- skips NULLs, hence the explicit NULL test (NULL in -> NULL).
CREATE OR REPLACE MACRO scisql_angSep(ra1, dec1, ra2, dec2) AS
  CASE WHEN ra1 IS NULL OR dec1 IS NULL OR ra2 IS NULL OR dec2 IS NULL THEN CAST(NULL AS DOUBLE) ELSE
  degrees(2.0 * asin(least(1.0, sqrt(
      pow(sin(radians(CAST(dec2 AS DOUBLE) - CAST(dec1 AS DOUBLE)) / 2.0), 2)
    + cos(radians(CAST(dec1 AS DOUBLE))) * cos(radians(CAST(dec2 AS DOUBLE)))
      * pow(sin(radians(CAST(ra2 AS DOUBLE) - CAST(ra1 AS DOUBLE)) / 2.0), 2))))) END;

-- 1 when the point is inside the circle (boundary included), else 0. As in sciSQL, a NULL
-- argument gives 0 (the point is not known to be inside), never NULL.
CREATE OR REPLACE MACRO scisql_s2PtInCircle(ra, decl, raC, decC, radius) AS
  CASE WHEN scisql_angSep(ra, decl, raC, decC) <= radius THEN 1 ELSE 0 END;

-- 1 when the point is inside the box, else 0 (NULL argument -> 0, as in sciSQL). Longitudes are
-- reduced to [0, 360); raMin > raMax means the box wraps across ra = 0.
CREATE OR REPLACE MACRO scisql_s2PtInBox(ra, decl, raMin, decMin, raMax, decMax) AS
  CASE WHEN decl BETWEEN decMin AND decMax
        AND (CASE WHEN CAST(raMax AS DOUBLE) - CAST(raMin AS DOUBLE) >= 360.0 THEN true
                  WHEN (CAST(raMin AS DOUBLE) - 360.0 * floor(CAST(raMin AS DOUBLE) / 360.0))
                       <= (CAST(raMax AS DOUBLE) - 360.0 * floor(CAST(raMax AS DOUBLE) / 360.0))
                  THEN (CAST(ra AS DOUBLE) - 360.0 * floor(CAST(ra AS DOUBLE) / 360.0))
                       BETWEEN (CAST(raMin AS DOUBLE) - 360.0 * floor(CAST(raMin AS DOUBLE) / 360.0))
                           AND (CAST(raMax AS DOUBLE) - 360.0 * floor(CAST(raMax AS DOUBLE) / 360.0))
                  ELSE (CAST(ra AS DOUBLE) - 360.0 * floor(CAST(ra AS DOUBLE) / 360.0))
                         >= (CAST(raMin AS DOUBLE) - 360.0 * floor(CAST(raMin AS DOUBLE) / 360.0))
                    OR (CAST(ra AS DOUBLE) - 360.0 * floor(CAST(ra AS DOUBLE) / 360.0))
                         <= (CAST(raMax AS DOUBLE) - 360.0 * floor(CAST(raMax AS DOUBLE) / 360.0))
             END)
       THEN 1 ELSE 0 END;

-- Photometry. MySQL's LOG10 of a non-positive number is NULL while DuckDB raises an error, so
-- non-positive fluxes give NULL explicitly (as sciSQL does).
CREATE OR REPLACE MACRO scisql_fluxToAbMag(flux) AS
  CASE WHEN flux > 0 THEN -2.5 * log10(CAST(flux AS DOUBLE)) - 48.6 ELSE NULL END;

CREATE OR REPLACE MACRO scisql_fluxToAbMagSigma(flux, fluxSigma) AS
  CASE WHEN flux > 0 THEN 2.5 / ln(10.0) * CAST(fluxSigma AS DOUBLE) / CAST(flux AS DOUBLE) ELSE NULL END;

CREATE OR REPLACE MACRO scisql_abMagToFlux(mag) AS
  pow(10.0, -(CAST(mag AS DOUBLE) + 48.6) / 2.5);

CREATE OR REPLACE MACRO scisql_abMagToFluxSigma(mag, magSigma) AS
  CAST(magSigma AS DOUBLE) * pow(10.0, -(CAST(mag AS DOUBLE) + 48.6) / 2.5) * ln(10.0) / 2.5;

-- 1 nJy = 1e-32 erg/s/cm^2/Hz, hence AB mag = -2.5 log10(f_nJy) + 31.4.
CREATE OR REPLACE MACRO scisql_nanojanskyToAbMag(flux) AS
  CASE WHEN flux > 0 THEN -2.5 * log10(CAST(flux AS DOUBLE)) + 31.4 ELSE NULL END;

CREATE OR REPLACE MACRO scisql_nanojanskyToAbMagSigma(flux, fluxSigma) AS
  CASE WHEN flux > 0 THEN 2.5 / ln(10.0) * CAST(fluxSigma AS DOUBLE) / CAST(flux AS DOUBLE) ELSE NULL END;

CREATE OR REPLACE MACRO scisql_abMagToNanojansky(mag) AS
  pow(10.0, (31.4 - CAST(mag AS DOUBLE)) / 2.5);

CREATE OR REPLACE MACRO scisql_abMagToNanojanskySigma(mag, magSigma) AS
  CAST(magSigma AS DOUBLE) * pow(10.0, (31.4 - CAST(mag AS DOUBLE)) / 2.5) * ln(10.0) / 2.5;
