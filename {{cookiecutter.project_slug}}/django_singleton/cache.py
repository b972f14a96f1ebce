"""Read-through cache of a singleton's row, opt-in per model with ``singleton_cache_alias``.

The cache only ever holds committed data, so no process can read a change that was rolled back:

- it is filled only by reads made outside any transaction, which see committed data only; inside an
  atomic block, or under manual transaction management, ``get_instance()`` reads the database (and
  so sees the transaction's own changes);
- every write through the ORM invalidates it with ``transaction.on_commit()``: after the commit, and
  not at all after a rollback.

A fill can race with an invalidation: process A reads the row, process B commits a change and
invalidates, then A stores what it read. So entries are tagged with a *generation* token that A reads
before the database; invalidating deletes the token, and an entry is served only while its token is
the current one. A's late, stale entry is never served.

Multi-table inheritance: a child singleton's row spans its parents' tables, so a write to any of
them changes what the others read. The whole family (the root singleton and every model inheriting
from it) shares one generation token, and a write invalidates it in every cache the family uses.
"""

import secrets
from functools import partial

from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


def get_instance(model, using, load):
    """Return the row from the cache, or ``load()`` it and cache it when that is safe."""
    if model.singleton_cache_alias is None or in_transaction(using):
        return load()
    cache = caches[model.singleton_cache_alias]
    generation_key, row_key = generation_key_of(model, using), row_key_of(model, using)
    found = cache.get_many([generation_key, row_key])
    generation, entry = found.get(generation_key), found.get(row_key)
    attnames = [field.attname for field in model._meta.concrete_fields]
    # An entry written by a different version of the model (a deploy in progress) is a miss too.
    if generation is not None and entry is not None and entry[:2] == (generation, attnames):
        return model.from_db(using, attnames, entry[2])
    if generation is None:
        generation = secrets.token_hex(16)
        if not cache.add(generation_key, generation, timeout=None):
            generation = cache.get(generation_key)  # another process started this generation first
    instance = load()
    values = [getattr(instance, attname) for attname in attnames]
    cache.set(row_key, (generation, attnames, values), timeout=model.singleton_cache_timeout)
    return instance


def in_transaction(using):
    """Inside ``atomic()``, or under manual transaction management (``set_autocommit(False)``,
    ``AUTOCOMMIT: False``), where what the connection reads may not be committed.

    A connection that is not open holds no transaction: this does not open one (a cache hit must
    not cost a database connection)."""
    connection = transaction.get_connection(using)
    return connection.in_atomic_block or (connection.connection is not None and not connection.autocommit)


def invalidate_on_commit(model, using, aliases=None):
    """Forget the cached rows of the model's family once the current transaction commits.

    Outside a transaction that is at once. After a rollback, nothing is forgotten: nothing changed.
    ``aliases``: only in these caches (by default, every cache the family uses).
    """
    aliases = aliases_of(model) if aliases is None else aliases
    if aliases:
        transaction.on_commit(partial(_invalidate, generation_key_of(model, using), aliases), using=using)


def aliases_of(model):
    """The caches the model's family uses."""
    return {member.singleton_cache_alias for member in family(model)} - {None}


def exists(alias):
    """Whether the cache can hold anything: not a database cache whose table is not created yet
    (``createcachetable`` usually runs after the first ``migrate``)."""
    backend = caches[alias]
    if not isinstance(backend, DatabaseCache):
        return True
    connection = connections[router.db_for_write(backend.cache_model_class)]
    return backend.cache_model_class._meta.db_table in connection.introspection.table_names()


def _invalidate(generation_key, aliases):
    for alias in aliases:
        caches[alias].delete(generation_key)


def root(model):
    """The topmost concrete ancestor: the table every row of the family has a pk-1 row in."""
    concrete = model._meta.concrete_model
    return ([concrete, *concrete._meta.get_parent_list()])[-1]


def family(model):
    """The root and every model inheriting from it (proxies and multi-table children)."""
    members, pending = [], [root(model)]
    while pending:
        member = pending.pop()
        members.append(member)
        pending.extend(member.__subclasses__())
    return members


def generation_key_of(model, using):
    """Each database has its own row, so its own keys: a router may send the same model to several."""
    return f"django_singleton:{using}:{root(model)._meta.label_lower}:generation"


def row_key_of(model, using):
    """Proxies share their concrete model's row, so its key too."""
    return f"django_singleton:{using}:{model._meta.concrete_model._meta.label_lower}:row"
