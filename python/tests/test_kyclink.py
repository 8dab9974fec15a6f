"""The Python face against the command line: the same answers, cell for cell, from every kind
of Arrow input; the same row codes for bad rows; the model round-trips; errors and warnings."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import kyclink
from conftest import SAMPLES, assert_same_answers, read_csv, run_cli


def as_pyarrow_reader(table: pa.Table) -> pa.RecordBatchReader:
    return pa.RecordBatchReader.from_batches(table.schema, table.to_batches(max_chunksize=700))


def as_polars(table: pa.Table) -> pl.DataFrame:
    # Polars exports Utf8View, and nulls where the file has empty cells.
    frame = pl.from_arrow(table).with_columns(pl.col(pl.String).replace("", None))
    assert frame.null_count().sum_horizontal().item() > 0
    return frame


def as_pandas(table: pa.Table) -> pd.DataFrame:
    # Large strings, as pandas 3 exports its text columns.
    large = pa.schema([field.with_type(pa.large_string()) for field in table.schema])
    return table.cast(large).to_pandas(types_mapper=pd.ArrowDtype)


#: One DuckDB connection per relation: a connection has one open result at a time, and both
#: inputs' streams are open while kyclink reads them.
_DUCKDB = []


def as_duckdb(table: pa.Table) -> duckdb.DuckDBPyRelation:
    connection = duckdb.connect()
    _DUCKDB.append(connection)
    connection.register("source", table)
    # A query, so that DuckDB's own vectors are exported rather than the table it scans.
    return connection.sql("SELECT * FROM source")


INPUT_KINDS = {
    "pyarrow table": lambda table: table,
    "pyarrow reader": as_pyarrow_reader,
    "polars": as_polars,
    "pandas": as_pandas,
    "duckdb": as_duckdb,
}


@pytest.mark.parametrize("kind", INPUT_KINDS)
def test_every_input_kind_answers_as_the_command_line(workload, kind):
    convert = INPUT_KINDS[kind]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        result = kyclink.match(convert(workload.candidates), convert(workload.extract))
    assert_same_answers(result, workload.results)
    # The workload's malformed rows are among them, answered with their codes.
    codes = set(result.column("code").to_pylist())
    assert {"INVALID_ARGUMENT", "IDENTIFIER_NOT_FOUND"} <= codes


def test_typed_parquet_columns_read_as_the_command_line_reads_them(workload, cli, tmp_path):
    typed = workload.extract.set_column(
        workload.extract.schema.get_field_index("birthdate"),
        "birthdate",
        pa.array([v or None for v in workload.extract.column("birthdate").to_pylist()]).cast(pa.date32()),
    )
    typed = typed.set_column(
        typed.schema.get_field_index("serviceApplicable"),
        "serviceApplicable",
        pa.array([{"true": True, "false": False}.get(v) for v in typed.column("serviceApplicable").to_pylist()]),
    )
    typed = typed.set_column(
        typed.schema.get_field_index("gaugeMetric"), "gaugeMetric", typed.column("gaugeMetric").cast(pa.int32())
    )
    extract = tmp_path / "extract.parquet"
    pq.write_table(typed, extract, row_group_size=1000)
    expected = tmp_path / "results.parquet"
    run_cli(
        cli, "match", "--candidates", workload.candidates_csv, "--extract", extract,
        "--model", workload.model, "--explain", "--out", expected,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        result = kyclink.match(
            workload.candidates, pq.read_table(extract), model=workload.model, explain=True
        )
    assert_same_answers(result, pq.read_table(expected))


def test_bad_rows_get_the_command_lines_codes_and_no_value_in_their_messages(cli, tmp_path):
    rows = {
        "requestId": ["bad-phone", "bad-date", "bad-gender", "no-phone", "fine"],
        "phoneNumber": ["0034 600", "+34600000001", "+34600000001", "", "+34600000001"],
        "givenName": ["Ana", "Ana", "Ana", "Ana", "Ana"],
        "birthdate": ["1990-01-01", "1990-02-31", "1990-01-01", "1990-01-01", "1990-01-01"],
        "gender": ["FEMALE", "FEMALE", "Zebra-77", "FEMALE", "FEMALE"],
    }
    candidates = pa.table(rows)
    extract = pa.table({"phoneNumber": ["+34600000001"], "givenName": ["Ana"], "birthdate": ["1990-01-01"], "gender": ["FEMALE"]})
    paths = {}
    for name, table in (("candidates", candidates), ("extract", extract)):
        paths[name] = tmp_path / f"{name}.parquet"
        pq.write_table(table, paths[name])
    expected = tmp_path / "results.parquet"
    run_cli(cli, "match", "--candidates", paths["candidates"], "--extract", paths["extract"], "--out", expected)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        result = kyclink.match(candidates, extract)
    assert_same_answers(result, pq.read_table(expected))
    answers = {row["requestId"]: row for row in result.select(["requestId", "status", "code", "message"]).to_pylist()}
    assert answers["bad-phone"]["code"] == "INVALID_ARGUMENT" and "phoneNumber" in answers["bad-phone"]["message"]
    assert answers["bad-date"]["code"] == "INVALID_ARGUMENT" and "birthdate" in answers["bad-date"]["message"]
    assert answers["bad-gender"]["code"] == "INVALID_ARGUMENT" and "gender" in answers["bad-gender"]["message"]
    assert answers["no-phone"]["status"] == 422
    assert answers["fine"]["status"] == 200
    for row in answers.values():
        for value in ("0034 600", "1990-02-31", "Zebra-77"):
            assert value not in (row["message"] or "")


def test_the_model_round_trips(workload, cli, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        model = kyclink.train(workload.candidates, workload.extract)
        # Trained here as the command line trained it.
        assert json.loads(model) == json.loads(workload.model.read_text())
        saved = tmp_path / "model.json"
        saved.write_text(model)
        # Given as text and as a path; the command line reads the text as its --model file.
        from_text = kyclink.match(workload.candidates, workload.extract, model=model)
        from_path = kyclink.match(workload.candidates, workload.extract, model=saved)
    expected = tmp_path / "results.parquet"
    run_cli(
        cli, "match", "--candidates", workload.candidates_csv, "--extract", workload.extract_csv,
        "--model", saved, "--out", expected,
    )
    assert_same_answers(from_text, pq.read_table(expected))
    assert_same_answers(from_path, pq.read_table(expected))


def test_a_model_that_does_not_parse_is_an_error(workload):
    with pytest.raises(kyclink.KyclinkError, match="^model: "):
        kyclink.match(workload.candidates, workload.extract, model='{"classes": 7}')


def test_streams_answer_as_tables_even_from_python_generators(workload):
    def batches():
        # Pulled by the engine's reader thread, which must take the GIL for each one.
        yield from workload.candidates.to_batches(max_chunksize=300)

    lazy = pa.RecordBatchReader.from_batches(workload.candidates.schema, batches())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        reader = kyclink.match_stream(lazy, workload.extract, model=workload.model)
        assert isinstance(reader, pa.RecordBatchReader)
        streamed = reader.read_all()
    assert_same_answers(streamed, workload.results)


def test_other_jobs_answer_as_the_command_line(cli, tmp_path):
    profile = SAMPLES / "profile.toml"
    extract = read_csv(SAMPLES / "extract.csv")
    jobs = [
        ("age", "age_candidates.csv", ["--age-threshold", "18", "--as-of", "2025-06-30"], kyclink.age,
         {"age_threshold": 18, "as_of": "2025-06-30"}),
        ("swap", "swap_candidates.csv", ["--as-of", "2025-06-30T12:00:00Z"], kyclink.swap,
         {"as_of": "2025-06-30T12:00:00Z"}),
        ("insights", "insights_candidates.csv", ["--precision", "rough"], kyclink.insights,
         {"precision": "rough"}),
    ]
    for name, candidates, args, function, options in jobs:
        expected = tmp_path / f"{name}.parquet"
        run_cli(
            cli, name, "--candidates", SAMPLES / candidates, "--extract", SAMPLES / "extract.csv",
            "--profile", profile, *args, "--out", expected,
        )
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            result = function(read_csv(SAMPLES / candidates), extract, profile=profile, **options)
            streamed = getattr(kyclink, f"{name}_stream")(
                read_csv(SAMPLES / candidates), extract, profile=profile.read_text(), **options
            ).read_all()
        assert_same_answers(result, pq.read_table(expected))
        assert_same_answers(streamed, pq.read_table(expected))


def test_a_problem_that_stops_the_run_is_a_kyclink_error_naming_the_column(workload):
    extract = workload.extract.drop_columns(["phoneNumber"])
    with pytest.raises(kyclink.KyclinkError, match="phoneNumber"):
        kyclink.match(workload.candidates, extract)
    with pytest.raises(kyclink.KyclinkError, match="^profile: "):
        kyclink.match(workload.candidates, workload.extract, profile="[columns]\nnot_a_side = 1\n")
    with pytest.raises(kyclink.KyclinkError, match="age_threshold"):
        kyclink.age(workload.candidates, workload.extract, age_threshold=121)


def test_a_header_that_is_a_value_is_not_echoed(workload):
    # A table whose column names are a first data row (a file read without its header row).
    secret = "+34699112233"
    candidates = pa.table({secret: ["+34600000001"], "Ana": ["Ana"]})
    with pytest.raises(kyclink.KyclinkError) as raised:
        kyclink.match(candidates, workload.extract)
    assert secret not in str(raised.value)
    assert "no header row" in str(raised.value)


def test_warnings_are_user_warnings(workload):
    candidates = workload.candidates.append_column("channel", pa.array(["web"] * workload.candidates.num_rows))
    with pytest.warns(UserWarning, match="candidates: columns not used: channel"):
        result = kyclink.match(candidates, workload.extract, model=workload.model)
    assert result.num_rows == workload.candidates.num_rows


def test_phone_key_is_the_lookup_key():
    keys = kyclink.phone_key(pa.array([" +34600123456 ", "+12345", "0034600123456", "+0123456", None]))
    assert keys.type == pa.int64()
    assert keys.to_pylist() == [34600123456, 12345, None, None, None]
    assert kyclink.phone_key(pa.array(["+4915112345678"]).cast(pa.large_string())).to_pylist() == [4915112345678]


def test_header_follows_the_profile_mapping():
    profile = SAMPLES / "profile.toml"
    assert kyclink.header("extract", "phoneNumber", profile=profile) == "MSISDN"
    assert kyclink.header("candidates", "phoneNumber", profile=profile) == "phoneNumber"
    with pytest.raises(kyclink.KyclinkError, match="side"):
        kyclink.header("requests", "phoneNumber")
