"""Types of the compiled module; the functions' documentation is their ``__doc__``."""

import os
from collections.abc import Sequence
from typing import Any, Literal, Protocol

import pyarrow as pa

class ArrowStreamExportable(Protocol):
    """A pyarrow Table or RecordBatchReader, a polars or pandas DataFrame, a DuckDB relation."""

    def __arrow_c_stream__(self, requested_schema: Any = None) -> Any: ...

#: TOML text, or the path of a profile file.
ProfileLike = str | os.PathLike[str]
#: The model's JSON text (what ``train`` returns), or the path of a ``--model`` file.
ModelLike = str | os.PathLike[str]

__version__: str
#: Candidate rows the linkage model is trained on when none is given.
TRAINING_ROWS: int
#: Random subscriber pairs that start the model's u probabilities.
U_PAIRS: int

class KyclinkError(Exception):
    """A problem that stops a kyclink run (the command line's exit 2 or 1)."""

def match(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    model: ModelLike | None = None,
    explain: bool = False,
    frequencies: pa.RecordBatch | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.Table: ...
def match_stream(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    model: ModelLike | None = None,
    explain: bool = False,
    frequencies: pa.RecordBatch | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.RecordBatchReader: ...
def age(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    age_threshold: int | None = None,
    as_of: str | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.Table: ...
def age_stream(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    age_threshold: int | None = None,
    as_of: str | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.RecordBatchReader: ...
def swap(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    max_age: int = 240,
    as_of: str | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.Table: ...
def swap_stream(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    max_age: int = 240,
    as_of: str | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.RecordBatchReader: ...
def insights(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    scoring_type: Literal["gaugeMetric", "veritasIndex"] | None = None,
    precision: Literal["detailed", "rough"] | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.Table: ...
def insights_stream(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    scoring_type: Literal["gaugeMetric", "veritasIndex"] | None = None,
    precision: Literal["detailed", "rough"] | None = None,
    profile: ProfileLike | None = None,
    threads: int = 0,
    keep: Sequence[str] = (),
) -> pa.RecordBatchReader: ...
def train(
    candidates: ArrowStreamExportable,
    extract: ArrowStreamExportable,
    *,
    profile: ProfileLike | None = None,
    threads: int = 0,
    frequencies: pa.RecordBatch | None = None,
) -> str: ...
def term_counts(extract: ArrowStreamExportable, *, profile: ProfileLike | None = None) -> pa.RecordBatch: ...
def phone_key(array: pa.Array) -> pa.Array: ...
def header(side: Literal["candidates", "extract"], name: str, *, profile: ProfileLike | None = None) -> str: ...
