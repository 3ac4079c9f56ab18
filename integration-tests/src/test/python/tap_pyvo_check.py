#!/usr/bin/env python3
"""Drives a Skyshard TAP service with pyvo, as a scientist would, and prints what it got as JSON.

Usage: tap_pyvo_check.py TAP_URL
The Java test (TestTapService) compares the rows with the same queries on a single DuckDB holding
all the data, and checks the workers after the abort. Run with Debian's /usr/bin/python3 (python3-pyvo).
"""
import json
import sys
import time

import numpy as np
import pyvo
from astropy.table import Table


def main(url):
    service = pyvo.dal.TAPService(url)
    out = {"pyvo": pyvo.__version__}

    # a cone search, synchronous
    cone = service.run_sync(
        "SELECT objectId, coord_ra, coord_dec FROM demo.Object "
        "WHERE 1 = CONTAINS(POINT('ICRS', coord_ra, coord_dec), CIRCLE('ICRS', 150.1, 2.2, 0.3)) ORDER BY objectId",
        maxrec=100000)
    out["cone"] = [int(x) for x in cone["objectId"]]
    out["cone_unit"] = str(cone.to_table()["coord_ra"].unit)

    # MAXREC cuts the answer and says so
    cut = service.run_sync("SELECT objectId FROM demo.Object", maxrec=7)
    out["overflow_rows"] = len(cut)
    out["overflow_status"] = cut.query_status

    # a full-table aggregate, asynchronous
    agg = service.run_async(
        "SELECT COUNT(*) AS n, MIN(objectId) AS lo, MAX(objectId) AS hi, AVG(g_psfFlux) AS g "
        "FROM demo.Object WHERE refExtendedness < 0.5")
    row = agg.to_table()[0]
    out["aggregate"] = {"n": int(row["n"]), "lo": int(row["lo"]), "hi": int(row["hi"]), "g": float(row["g"])}

    # an upload cross-match: positions around a dense field, each matched within 0.02 degree
    rng = np.random.default_rng(7)
    n = 40
    positions = Table({"id": np.arange(1, n + 1, dtype=np.int64),
                       "ra": 150.1 + rng.normal(0, 0.15, n),
                       "dec": 2.2 + rng.normal(0, 0.15, n)})
    match = service.run_sync(
        "SELECT u.id, o.objectId, DISTANCE(POINT('ICRS', u.ra, u.dec), POINT('ICRS', o.coord_ra, o.coord_dec)) AS dist "
        "FROM TAP_UPLOAD.pos AS u JOIN demo.Object AS o "
        "ON DISTANCE(POINT('ICRS', u.ra, u.dec), POINT('ICRS', o.coord_ra, o.coord_dec)) < 0.02 ORDER BY u.id, o.objectId",
        uploads={"pos": positions}, maxrec=100000)
    out["upload_positions"] = [[int(r["id"]), float(r["ra"]), float(r["dec"])] for r in positions]
    out["crossmatch"] = [[int(r["id"]), int(r["objectId"])] for r in match]

    # abort of a long query: thousands of uploaded positions against every Object row (the distance
    # is scaled so that the planner cannot turn the join into a hash join on sky cells: a nested loop)
    m = 4000
    many = Table({"ra": rng.uniform(0, 360, m), "dec": np.degrees(np.arcsin(rng.uniform(-1, 1, m)))})
    job = service.submit_job(
        "SELECT COUNT(*) AS n FROM TAP_UPLOAD.big AS u JOIN demo.Object AS o "
        "ON DISTANCE(POINT('ICRS', u.ra, u.dec), POINT('ICRS', o.coord_ra, o.coord_dec)) * 1.0 < 3",
        uploads={"big": many})
    job.run()
    start = time.time()
    while job.phase in ("PENDING", "QUEUED") and time.time() - start < 60:
        time.sleep(0.1)
    executing = job.phase
    time.sleep(1.5)
    still_running = job.phase
    aborted_at = time.time()
    job.abort()
    out["abort"] = {"phase_before": executing, "phase_at_abort": still_running, "phase_after": job.phase,
                    "abort_seconds": time.time() - aborted_at}
    job.delete()

    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
