"""Fast bulk upsert on Postgres: COPY into a temp table, then one INSERT ... ON CONFLICT.

Django's bulk_create(update_conflicts=True) spends most of its time preparing values per field
and building per-column arrays (measured: ~750 markets/s under load). COPY streams rows in the
wire format and the server does the merge in one statement (4-8x faster on the same machine).
Callers fall back to bulk_create on other databases (the embedded SQLite mode).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection
from psycopg import sql


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def pg_copy_upsert(
    *, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]],
    conflict: Sequence[str], update: Sequence[str], returning: Sequence[str] = (),
    changed_if_differs: Sequence[str] = (), changed_return: str = "id",
) -> tuple[list[tuple[Any, ...]], list[Any]]:
    """Upsert rows into `table` by the unique `conflict` columns; call inside a transaction.

    Returns (the RETURNING rows, the `changed_return` values of existing rows whose
    `changed_if_differs` columns differ from the incoming row — read before the update).
    JSON columns must be passed as JSON text.
    """
    tmp = sql.Identifier(f"tmp_upsert_{table}")
    target = sql.Identifier(table)
    cols = sql.SQL(", ").join(map(sql.Identifier, columns))
    with connection.cursor() as wrapper:
        cur = wrapper.cursor
        # A session-local scratch table with the target's column types and no constraints.
        cur.execute(
            sql.SQL("CREATE TEMP TABLE IF NOT EXISTS {} AS SELECT {} FROM {} WITH NO DATA").format(
                tmp, cols, target
            )
        )
        cur.execute(sql.SQL("TRUNCATE {}").format(tmp))
        with cur.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(tmp, cols)) as copy:
            for row in rows:
                copy.write_row(row)
        join = sql.SQL(" AND ").join(
            sql.SQL("t.{c} = s.{c}").format(c=sql.Identifier(c)) for c in conflict
        )
        changed: list[Any] = []
        if changed_if_differs:
            differs = sql.SQL(" OR ").join(
                sql.SQL("t.{c} IS DISTINCT FROM s.{c}").format(c=sql.Identifier(c))
                for c in changed_if_differs
            )
            cur.execute(
                sql.SQL("SELECT t.{} FROM {} t JOIN {} s ON {} WHERE {}").format(
                    sql.Identifier(changed_return), target, tmp, join, differs
                )
            )
            changed = [r[0] for r in cur.fetchall()]
        statement = sql.SQL(
            "INSERT INTO {target} ({cols}) SELECT {cols} FROM {tmp} "
            "ON CONFLICT ({conflict}) DO UPDATE SET {updates}"
        ).format(
            target=target, cols=cols, tmp=tmp,
            conflict=sql.SQL(", ").join(map(sql.Identifier, conflict)),
            updates=sql.SQL(", ").join(
                sql.SQL("{c} = EXCLUDED.{c}").format(c=sql.Identifier(c)) for c in update
            ),
        )
        if returning:
            statement += sql.SQL(" RETURNING {}").format(
                sql.SQL(", ").join(sql.SQL(r) for r in returning)
            )
            cur.execute(statement)
            return [tuple(r) for r in cur.fetchall()], changed
        cur.execute(statement)
        return [], changed
