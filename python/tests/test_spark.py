"""kyclink.spark in Spark's local mode against the command line: row for row the same answers
(joined on requestId) for several partition counts and both strategies."""

from __future__ import annotations

import os
import warnings

import pyarrow as pa
import pyarrow.csv as csv
import pyarrow.parquet as pq
import pytest

import kyclink
from conftest import SAMPLES, read_csv, run_cli

pyspark = pytest.importorskip("pyspark", reason="the Spark tests need the spark extra")
from pyspark.sql import SparkSession  # noqa: E402

import kyclink.spark  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    session = (
        SparkSession.builder.master("local[2]")
        .appName("kyclink-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.shuffle.partitions", "4")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def duplicated(workload, cli, tmp_path_factory):
    """The workload's extract with some numbers given twice (a second row with another
    name), and the command line's answers to it with the workload's model."""
    directory = tmp_path_factory.mktemp("duplicated")
    extract = workload.extract
    copies = extract.slice(0, 40).set_column(
        extract.schema.get_field_index("givenName"), "givenName", pa.array(["Zacarías"] * 40)
    )
    extract = pa.concat_tables([extract, copies])
    path = directory / "extract.csv"
    csv.write_csv(extract, path)
    results = directory / "results.parquet"
    run_cli(
        cli, "match", "--candidates", workload.candidates_csv, "--extract", path,
        "--model", workload.model, "--out", results,
    )
    duplicated_phones = set(copies.column("phoneNumber").to_pylist())
    return path, pq.read_table(results), duplicated_phones


def spark_csv(spark, path):
    return spark.read.option("header", True).option("inferSchema", False).csv(str(path))


def by_request(table: pa.Table) -> dict[str, dict]:
    rows = table.to_pylist()
    assert len({row["requestId"] for row in rows}) == len(rows), "requestIds are unique in the workload"
    return {row["requestId"]: row for row in rows}


def assert_same_rows(actual: pa.Table, expected: pa.Table) -> None:
    assert actual.column_names == expected.column_names
    got, want = by_request(actual), by_request(expected)
    assert got.keys() == want.keys()
    differing = [key for key in want if got[key] != want[key]]
    if differing:
        first = differing[0]
        columns = {n: (got[first][n], want[first][n]) for n in want[first] if got[first][n] != want[first][n]}
        raise AssertionError(f"{len(differing)} rows differ, e.g. {first} in (spark, cli): {columns}")


@pytest.mark.parametrize("strategy", ["cogroup", "map"])
@pytest.mark.parametrize("partitions", [1, 3, 8])
def test_spark_answers_as_the_command_line(spark, workload, duplicated, strategy, partitions):
    path, expected, duplicated_phones = duplicated
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        answers = kyclink.spark.match(
            spark_csv(spark, workload.candidates_csv),
            spark_csv(spark, path),
            model=workload.model,
            partitions=partitions,
            strategy=strategy,
        )
    result = answers.toArrow()
    # Spark has no unsigned types: the scores and the status come back signed.
    assert result.schema.field("status").type == pa.int32()
    assert result.schema.field("givenNameMatchScore").type == pa.int16()
    assert_same_rows(result, expected)
    # Duplicated numbers are answered SERVICE_NOT_APPLICABLE whichever bucket they fell in.
    phones = dict(zip(workload.candidates.column("requestId").to_pylist(), workload.candidates.column("phoneNumber").to_pylist()))
    # (A malformed request is answered 400 before its number is looked up.)
    looked_up = [r for r in result.to_pylist() if phones[r["requestId"]] in duplicated_phones and r["status"] != 400]
    assert looked_up and all(r["code"] == "SERVICE_NOT_APPLICABLE" for r in looked_up)


def test_spark_trains_the_model_on_the_driver(spark, workload):
    """Without a model, one is trained on the driver from a sample: the answers that do not
    depend on the model are the command line's, and the aggregate ranks alike."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        answers = kyclink.spark.match(
            spark_csv(spark, workload.candidates_csv), spark_csv(spark, workload.extract_csv), partitions=3
        )
    result = answers.toArrow()
    model_free = [n for n in result.column_names if n not in ("matchWeight", "matchProbability")]
    assert_same_rows(result.select(model_free), workload.results.select(model_free))
    got, want = by_request(result), by_request(workload.results)
    matched = [key for key in want if want[key]["matchProbability"] is not None]
    agree = sum((got[k]["matchProbability"] > 0.5) == (want[k]["matchProbability"] > 0.5) for k in matched)
    print(f"decisions agreeing at 0.5: {agree} of {len(matched)}")
    assert agree / len(matched) > 0.98


def test_spark_runs_the_other_jobs_as_the_command_line(spark, cli, tmp_path):
    expected = tmp_path / "age.parquet"
    profile = SAMPLES / "profile.toml"
    run_cli(
        cli, "age", "--candidates", SAMPLES / "age_candidates.csv", "--extract", SAMPLES / "extract.csv",
        "--profile", profile, "--age-threshold", "18", "--as-of", "2025-06-30", "--out", expected,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        answers = kyclink.spark.match(
            spark_csv(spark, SAMPLES / "age_candidates.csv"),
            spark_csv(spark, SAMPLES / "extract.csv"),
            job="kyc-age-verification",
            profile=profile,
            partitions=2,
            age_threshold=18,
            as_of="2025-06-30",
        )
    assert_same_rows(answers.toArrow(), pq.read_table(expected))


def test_spark_refuses_what_it_cannot_answer(spark, workload):
    candidates = spark_csv(spark, workload.candidates_csv)
    extract = spark_csv(spark, workload.extract_csv)
    with pytest.raises(kyclink.KyclinkError, match="requestId"):
        kyclink.spark.match(candidates.drop("requestId"), extract)
    with pytest.raises(kyclink.KyclinkError, match="phoneNumber"):
        kyclink.spark.match(candidates, extract.drop("phoneNumber"))
    with pytest.raises(kyclink.KyclinkError, match="max_age"):
        kyclink.spark.match(candidates, extract, max_age=3)
