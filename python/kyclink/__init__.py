"""kyclink for Python: CAMARA identity answers in bulk, Arrow in and out.

The command line's engine, called on tables in memory. Every job takes the candidate requests
and the operator's subscriber extract as anything that exports the Arrow PyCapsule stream
interface (``__arrow_c_stream__``: pyarrow tables and record batch readers, polars and pandas
DataFrames, DuckDB relations) and answers each candidate row with one result row: the columns
and values ``kyclink match`` (``age``, ``swap``, ``insights``) writes. Cells are read as text
the way the Parquet reader reads them, so strings of any Arrow layout, integers, dates and
dictionaries all work. The engine runs with the GIL released.

A problem that stops a run (a missing column, a profile that does not parse) raises
:class:`KyclinkError` with the command line's message; bad rows are data, answered with their
CAMARA status and code. Messages name fields, never their values. Warnings (unused columns, a
model that learned little) are issued as :class:`UserWarning`.

``kyclink.spark`` runs the same jobs on Spark DataFrames.
"""

from kyclink._kyclink import (
    TRAINING_ROWS,
    U_PAIRS,
    KyclinkError,
    __version__,
    age,
    age_stream,
    header,
    insights,
    insights_stream,
    match,
    match_stream,
    phone_key,
    swap,
    swap_stream,
    term_counts,
    train,
)

__all__ = [
    "TRAINING_ROWS",
    "U_PAIRS",
    "KyclinkError",
    "__version__",
    "age",
    "age_stream",
    "header",
    "insights",
    "insights_stream",
    "match",
    "match_stream",
    "phone_key",
    "swap",
    "swap_stream",
    "term_counts",
    "train",
]
