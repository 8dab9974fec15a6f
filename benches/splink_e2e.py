"""Splink 5 (DuckDB backend) on a kyclink workload: the peer of benches/e2e.sh.

Blocking on phoneNumber, 8 comparisons (Jaro-Winkler on names, street, locality, email;
exact on birthdate, postal code, idDocument), u by random sampling, m by EM; predicts every
candidate against the subscriber on its line. Prints wall time; peak memory comes from
/usr/bin/time around this script.

Usage: python benches/splink_e2e.py DIR   (DIR from `kyclink generate`)
"""

import sys
import time

import duckdb
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

COLUMNS = ["phoneNumber", "givenName", "familyName", "birthdate", "streetName", "locality", "postalCode", "email",
           "idDocument"]


def main(directory: str) -> None:
    started = time.perf_counter()
    con = duckdb.connect()
    db = DuckDBAPI(connection=con)
    select = "select row_number() over () as unique_id, {} from read_csv('{}', all_varchar=true, header=true)"
    extract = db.register(con.sql(select.format(", ".join(COLUMNS), f"{directory}/extract.csv")),
                          dataset_display_name="extract")
    candidates = db.register(con.sql(select.format(", ".join(COLUMNS), f"{directory}/candidates.csv")),
                             dataset_display_name="candidates")
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=[block_on("phoneNumber")],
        comparisons=[
            cl.JaroWinklerAtThresholds("givenName", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("familyName", [0.92, 0.8]),
            cl.ExactMatch("birthdate"),
            cl.JaroWinklerAtThresholds("streetName", [0.92, 0.8]),
            cl.JaroWinklerAtThresholds("locality", [0.92, 0.8]),
            cl.ExactMatch("postalCode"),
            cl.JaroWinklerAtThresholds("email", [0.92, 0.8]),
            cl.ExactMatch("idDocument"),
        ],
    )
    linker = Linker([extract, candidates], settings)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("phoneNumber"))
    predictions = linker.inference.predict()
    rows = predictions.as_duckdbpyrelation().count("*").fetchall()[0][0]
    print(f"splink: {rows} pairs scored in {time.perf_counter() - started:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1])
