"""Shared fixtures: the kyclink binary, a generated workload and the command line's answers,
which the Python and Spark faces must reproduce cell for cell."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as csv
import pyarrow.parquet as pq
import pytest

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"


@pytest.fixture(scope="session")
def cli() -> Path:
    """The command line, built as `cargo test` builds it (KYCLINK_BIN overrides)."""
    if "KYCLINK_BIN" in os.environ:
        return Path(os.environ["KYCLINK_BIN"])
    subprocess.run(["cargo", "build", "--quiet", "--bin", "kyclink"], cwd=REPO, check=True)
    return REPO / "target" / "debug" / "kyclink"


def run_cli(cli: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([cli, *map(str, args)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result


def read_csv(path: Path) -> pa.Table:
    """A CSV file as kyclink reads it: every column text, an empty cell an empty string."""
    names = csv.read_csv(path, read_options=csv.ReadOptions(block_size=1 << 16)).column_names
    options = csv.ConvertOptions(
        column_types=dict.fromkeys(names, pa.string()),
        strings_can_be_null=False,
        quoted_strings_can_be_null=False,
    )
    return csv.read_csv(path, convert_options=options)


class Workload:
    """A generated workload (with every kind of row, malformed ones too) and the command
    line's answers to it, with the model it trained and saved."""

    def __init__(self, directory: Path, cli: Path):
        self.directory = directory
        run_cli(cli, "generate", "--subscribers", 3000, "--candidates", 4000, "--seed", 5, "--out", directory)
        self.candidates_csv = directory / "candidates.csv"
        self.extract_csv = directory / "extract.csv"
        self.model = directory / "model.json"
        results = directory / "results.parquet"
        run_cli(
            cli, "match", "--candidates", self.candidates_csv, "--extract", self.extract_csv,
            "--model", self.model, "--out", results,
        )
        self.results = pq.read_table(results)
        self.candidates = read_csv(self.candidates_csv)
        self.extract = read_csv(self.extract_csv)


@pytest.fixture(scope="session")
def workload(tmp_path_factory: pytest.TempPathFactory, cli: Path) -> Workload:
    return Workload(tmp_path_factory.mktemp("workload"), cli)


def assert_same_answers(actual: pa.Table, expected: pa.Table, *, types: bool = True) -> None:
    """The same columns (and types, unless `types` is false), and cell for cell the same
    values, row order included."""
    assert actual.column_names == expected.column_names
    if types:
        assert actual.schema.types == expected.schema.types
    assert actual.num_rows == expected.num_rows
    for name in expected.column_names:
        got, want = actual.column(name).to_pylist(), expected.column(name).to_pylist()
        differing = [i for i, (g, w) in enumerate(zip(got, want)) if g != w]
        assert not differing, f"{name}: {len(differing)} rows differ, first row {differing[0]}: {got[differing[0]]!r} != {want[differing[0]]!r}"
