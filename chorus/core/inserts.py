"""A single-statement write for hot paths: insert unless a unique constraint says the row
exists, one `INSERT … ON CONFLICT DO NOTHING RETURNING` statement on PostgreSQL and SQLite
(3.35+) alike, without the savepoint that catching an IntegrityError needs.
"""

from __future__ import annotations

from typing import Any

from django.db import connections, router
from django.db.models import Model
from django.db.models.constants import OnConflict
from django.db.models.sql.subqueries import InsertQuery


def insert_unless_conflict(obj: Model) -> bool:
    """INSERT `obj` unless that breaks one of its table's unique constraints (any of them).

    True when the row was inserted (`obj.pk` is set), False when a row that conflicts exists
    already: nothing is written and the transaction goes on unharmed. (SQLite's form, `INSERT
    OR IGNORE`, also skips a row that breaks NOT NULL or CHECK; callers then find no conflicting
    row and fail loudly, as they would on PostgreSQL.)
    """
    model = type(obj)
    opts = model._meta
    using = router.db_for_write(model, instance=obj)
    fields = [field for field in opts.local_concrete_fields if field is not opts.pk or obj.pk is not None]
    query = InsertQuery(model, on_conflict=OnConflict.IGNORE)
    query.insert_values(fields, [obj])
    compiler: Any = query.get_compiler(using=using)
    compiler.returning_fields = [opts.pk]
    ((sql, params),) = compiler.as_sql()
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return False
    obj.pk = row[0]
    obj._state.adding = False
    obj._state.db = using
    return True
