"""kyclink on Spark DataFrames: the command line's answers, beyond one machine.

Both sides are bucketed by a hash of :func:`kyclink.phone_key`, so that every request meets
its subscriber's rows (and a duplicated number all of its rows) in one task; each task runs
kyclink on its bucket's Arrow batches with one thread. The linkage model and the term counts
(how common each name and locality is) belong to the whole extract: the model is trained once
on the driver unless one is given, the counts are summed over the buckets, and both are
shipped to every task, so the answers do not depend on the partitioning.

With Spark 4, the buckets are cogrouped (``cogroup(...).applyInArrow``): one bucket's
candidates and extract are held in the task's memory at once. With Spark 3.5, both sides are
tagged, unioned, repartitioned by bucket and sorted so that a partition's extract rows come
first (``mapInArrow``): the partition's extract is held, its candidates streamed.
"""

from __future__ import annotations

import datetime
import os
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from kyclink import _kyclink

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["JOBS", "match"]


@dataclass(frozen=True)
class Job:
    """A job's two faces and the keyword options of its own."""

    table: Callable[..., pa.Table]
    stream: Callable[..., pa.RecordBatchReader]
    options: frozenset[str]


#: The jobs, by their CAMARA API names.
JOBS: dict[str, Job] = {
    "kyc-match": Job(_kyclink.match, _kyclink.match_stream, frozenset()),
    "kyc-age-verification": Job(_kyclink.age, _kyclink.age_stream, frozenset({"age_threshold", "as_of"})),
    "device-swap": Job(_kyclink.swap, _kyclink.swap_stream, frozenset({"max_age", "as_of"})),
    "customer-insights": Job(
        _kyclink.insights, _kyclink.insights_stream, frozenset({"scoring_type", "precision"})
    ),
}

#: The columns kyclink adds to both sides: the lookup key and its bucket.
_KEY, _BUCKET, _SIDE = "__kyclink_key", "__kyclink_bucket", "__kyclink_side"
#: The widest signed type each unsigned one fits in (Spark has no unsigned types).
_SIGNED = {8: pa.int16(), 16: pa.int32(), 32: pa.int64(), 64: pa.int64()}


def match(
    candidates: DataFrame,
    extract: DataFrame,
    *,
    job: str = "kyc-match",
    model: str | os.PathLike[str] | None = None,
    partitions: int | None = None,
    profile: str | os.PathLike[str] | None = None,
    keep: Sequence[str] = (),
    explain: bool = False,
    strategy: str | None = None,
    **options: Any,
) -> DataFrame:
    """Answers every candidate row against the extract, as ``kyclink`` would on the two files.

    Returns a DataFrame of the job's result columns (unsigned integers widened to signed ones),
    one row per candidate row, in no particular order: join on ``requestId``, which the
    candidates must have (the command line's stand-in, a row's number, means nothing across
    tasks).

    Args:
        candidates: the requests, with CAMARA property names or the profile's headers.
        extract: the subscriber extract.
        job: ``kyc-match``, ``kyc-age-verification``, ``device-swap`` or ``customer-insights``.
        model: for ``kyc-match``, the linkage model (JSON text or a ``--model`` file on the
            driver). Without one, it is trained on the driver on the first
            :data:`kyclink.TRAINING_ROWS` candidates, their subscribers and a random sample of
            the extract, with the whole extract's term counts.
        partitions: the number of buckets (default ``spark.sql.shuffle.partitions``). Size it
            so that one bucket's extract rows fit in a task's memory: kyclink holds about
            300 bytes per subscriber beside the Arrow batches.
        profile: the operator profile, TOML text or a file on the driver.
        keep: candidate columns passed through to the result.
        explain: for ``kyc-match``, each comparison's level and weight.
        strategy: ``cogroup`` (Spark >= 4.0) or ``map`` (Spark 3.5 too); by default the
            first the running Spark has.
        options: the job's own (``age_threshold``, ``as_of``; ``max_age``, ``as_of``;
            ``scoring_type``, ``precision``), as the Python functions take them. ``as_of``
            defaults to the moment on the driver, so that every task dates alike.
    """
    from pyspark.sql import functions as F

    if job not in JOBS:
        raise _kyclink.KyclinkError(f"job: {job} is none of {', '.join(JOBS)}")
    own = JOBS[job].options
    unknown = set(options) - own
    if unknown:
        raise _kyclink.KyclinkError(f"{job} takes no option {', '.join(sorted(unknown))}")
    if "as_of" in own and options.get("as_of") is None:
        now = datetime.datetime.now(datetime.UTC)
        options["as_of"] = now.date().isoformat() if job == "kyc-age-verification" else _rfc3339(now)
    profile = _text(profile)
    options = {**options, "profile": profile, "keep": list(keep), "threads": 1}
    if job == "kyc-match":
        options["explain"] = explain
    elif explain or model is not None:
        raise _kyclink.KyclinkError(f"{job}: model and explain are kyc-match's")
    spark = candidates.sparkSession
    partitions = partitions or int(spark.conf.get("spark.sql.shuffle.partitions"))
    strategy = strategy or ("cogroup" if _has_cogroup_arrow() else "map")
    request_id = _kyclink.header("candidates", "requestId", profile=profile)
    if request_id not in candidates.columns:
        raise _kyclink.KyclinkError(
            f"candidates: no column {request_id}: Spark answers need a requestId to be told apart"
        )

    candidate_columns, extract_columns = candidates.columns, extract.columns
    candidates = _bucketed(candidates, "candidates", profile, partitions)
    extract = _bucketed(extract, "extract", profile, partitions)
    candidate_schema = _arrow_schema(candidates.select(_columns(candidate_columns)))
    extract_schema = _arrow_schema(extract.select(_columns(extract_columns)))

    if job == "kyc-match":
        options["frequencies"] = _term_counts(extract, extract_columns, profile, partitions)
        options["model"] = _text(model) or _train(
            candidates, extract, candidate_columns, extract_columns, options
        )
    # The result's schema, and the run's warnings (unused columns) once, on the driver.
    empty = JOBS[job].table(candidate_schema.empty_table(), extract_schema.empty_table(), **options)
    result_schema = _signed(empty).schema.remove_metadata()
    result_schema = pa.schema([f.remove_metadata() for f in result_schema])
    spark_schema = _spark_schema(result_schema)

    def answer(candidates: pa.Table, extract: pa.Table) -> pa.Table:
        if candidates.num_rows == 0:
            return result_schema.empty_table()
        with warnings.catch_warnings():
            # The driver issued them once; a task would issue them once per bucket.
            warnings.simplefilter("ignore", UserWarning)
            result = JOBS[job].table(
                candidates.select(candidate_columns), extract.select(extract_columns), **options
            )
        return _signed(result).cast(result_schema)

    if strategy == "cogroup":
        return (
            candidates.groupBy(_BUCKET)
            .cogroup(extract.groupBy(_BUCKET))
            .applyInArrow(answer, spark_schema)
        )
    if strategy != "map":
        raise _kyclink.KyclinkError(f"strategy: {strategy} is neither cogroup nor map")

    # Spark 3.5: one stream per partition, its extract rows first.
    tagged = candidates.select(
        _BUCKET, F.lit(1).alias(_SIDE), F.struct(*_columns(candidate_columns)).alias("candidate")
    ).unionByName(
        extract.select(_BUCKET, F.lit(0).alias(_SIDE), F.struct(*_columns(extract_columns)).alias("subscriber")),
        allowMissingColumns=True,
    )
    ordered = tagged.repartition(partitions, _BUCKET).sortWithinPartitions(_SIDE)

    def answer_partition(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        subscribers, rest = _leading_extract(batches, extract_schema)
        requests = _requests(rest, candidate_schema)
        try:
            first = next(requests)
        except StopIteration:
            return
        reader = pa.RecordBatchReader.from_batches(candidate_schema, _chain(first, requests))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            for batch in JOBS[job].stream(reader, subscribers, **options):
                yield from _signed(pa.Table.from_batches([batch])).cast(result_schema).to_batches()

    return ordered.mapInArrow(answer_partition, spark_schema)


def _text(value: str | os.PathLike[str] | None) -> str | None:
    """A profile or model as text: read on the driver when given as a path (tasks may not see
    the driver's files)."""
    if value is None or isinstance(value, str):
        return value
    with open(value, encoding="utf-8") as file:
        return file.read()


def _columns(names: list[str]) -> list[Any]:
    """Columns by name, quoted: a header may hold a dot."""
    from pyspark.sql import functions as F

    return [F.col(f"`{name}`") for name in names]


def _rfc3339(moment: datetime.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _has_cogroup_arrow() -> bool:
    from pyspark.sql.pandas.group_ops import PandasCogroupedOps

    return hasattr(PandasCogroupedOps, "applyInArrow")


def _arrow_schema(df: DataFrame) -> pa.Schema:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(df.schema)


def _spark_schema(schema: pa.Schema):
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)


def _signed(table: pa.Table) -> pa.Table:
    """The table with each unsigned integer column widened to a signed type."""
    fields = [
        f.with_type(_SIGNED[f.type.bit_width]) if pa.types.is_unsigned_integer(f.type) else f
        for f in table.schema
    ]
    return table.cast(pa.schema(fields, metadata=table.schema.metadata))


def _bucketed(df: DataFrame, side: str, profile: str | None, partitions: int) -> DataFrame:
    """`df` with its rows' lookup key and bucket: the key's hash, or for a row whose phone
    number is not E.164 (answered without its subscriber) the whole row's, to spread them."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StructField, StructType

    phone = _kyclink.header(side, "phoneNumber", profile=profile)
    if phone not in df.columns:
        raise _kyclink.KyclinkError(f"{side}: no column {phone}")
    columns = df.columns

    def keyed(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        for batch in batches:
            key = _kyclink.phone_key(batch.column(phone))
            yield pa.RecordBatch.from_arrays([*batch.columns, key], names=[*batch.schema.names, _KEY])

    schema = StructType([*df.schema.fields, StructField(_KEY, LongType(), True)])
    with_key = df.mapInArrow(keyed, schema)
    key = F.col(_KEY)
    spread = F.xxhash64(*_columns(columns))
    bucket = F.pmod(F.when(key.isNotNull(), F.xxhash64(key)).otherwise(spread), F.lit(partitions))
    return with_key.withColumn(_BUCKET, bucket)


def _term_counts(
    extract: DataFrame, columns: list[str], profile: str | None, partitions: int
) -> pa.RecordBatch:
    """The whole extract's term counts: counted per bucket (a number's rows together, as the
    index needs them to tell duplicates) and summed on Spark."""
    from pyspark.sql import functions as F
    from pyspark.sql.types import LongType, StringType, StructField, StructType

    schema = StructType(
        [StructField("term", StringType(), False), StructField("key", LongType(), False), StructField("count", LongType(), False)]
    )
    extract_schema = _arrow_schema(extract.select(_columns(columns)))

    def count(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        rows = _project(batches, columns)
        try:
            first = next(rows)
        except StopIteration:
            return
        reader = pa.RecordBatchReader.from_batches(extract_schema, _chain(first, rows))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            yield _kyclink.term_counts(reader, profile=profile)

    summed = (
        extract.repartition(partitions, _BUCKET)
        .mapInArrow(count, schema)
        .groupBy("term", "key")
        .agg(F.sum("count").cast("long").alias("count"))
    )
    table = _to_arrow(summed)
    return pa.RecordBatch.from_arrays(
        [table.column(n).combine_chunks() for n in ("term", "key", "count")], names=["term", "key", "count"]
    )


def _train(
    candidates: DataFrame,
    extract: DataFrame,
    candidate_columns: list[str],
    extract_columns: list[str],
    options: dict[str, Any],
) -> str:
    """The linkage model, trained on the driver as the command line trains it: on the first
    TRAINING_ROWS candidates and their subscribers, u started from random subscriber pairs (a
    random sample of the rest of the extract, large enough for U_PAIRS pairs)."""
    from pyspark.sql import functions as F

    # Checkpointed: the keys and the rows collected are of one sample.
    sample = candidates.limit(_kyclink.TRAINING_ROWS).localCheckpoint()
    keys = sample.select(_KEY).where(F.col(_KEY).isNotNull()).distinct()
    theirs = extract.join(keys, _KEY, "left_semi")
    rest = extract.join(keys, _KEY, "left_anti")
    wanted = 2 * _kyclink.U_PAIRS
    total = rest.count()
    if total > wanted:
        rest = rest.sample(fraction=min(1.0, 1.2 * wanted / total), seed=0x6B79636C)
    subscribers = theirs.unionByName(rest)
    return _kyclink.train(
        _to_arrow(sample.select(_columns(candidate_columns))),
        _to_arrow(subscribers.select(_columns(extract_columns))),
        profile=options["profile"],
        frequencies=options["frequencies"],
    )


def _to_arrow(df: DataFrame) -> pa.Table:
    """A DataFrame collected to the driver as Arrow (``toArrow`` from Spark 4.0)."""
    if hasattr(df, "toArrow"):
        return df.toArrow()
    return pa.Table.from_pandas(df.toPandas(), preserve_index=False)


def _project(batches: Iterator[pa.RecordBatch], columns: list[str]) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield batch.select(columns)


def _chain(first: pa.RecordBatch, rest: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
    yield first
    yield from rest


def _leading_extract(
    batches: Iterator[pa.RecordBatch], schema: pa.Schema
) -> tuple[pa.Table, Iterator[pa.RecordBatch]]:
    """The extract rows a sorted partition starts with, as a table, and the batches from the
    first candidate row on."""
    subscribers: list[pa.RecordBatch] = []
    for batch in batches:
        side = batch.column(_SIDE)
        first_candidate = _first(side, 1)
        if first_candidate is None:
            subscribers.append(_unpack(batch, "subscriber"))
            continue
        subscribers.append(_unpack(batch.slice(0, first_candidate), "subscriber"))
        return _table(subscribers, schema), _chain(batch.slice(first_candidate), batches)
    return _table(subscribers, schema), iter(())


def _requests(batches: Iterator[pa.RecordBatch], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    for batch in batches:
        yield _unpack(batch, "candidate").cast(schema)


def _first(side: pa.Array, value: int) -> int | None:
    import pyarrow.compute as pc

    positions = pc.indices_nonzero(pc.equal(side, value))
    return positions[0].as_py() if len(positions) else None


def _unpack(batch: pa.RecordBatch, column: str) -> pa.RecordBatch:
    """The struct column's fields as a batch of their own."""
    return pa.RecordBatch.from_struct_array(batch.column(column))


def _table(batches: list[pa.RecordBatch], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_batches([b.cast(schema) for b in batches if b.num_rows], schema=schema)
