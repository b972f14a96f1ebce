"""Read-through cache of a singleton's row, opt-in per model with ``singleton_cache_alias``.

The cache only ever holds committed data, so no process can read a change that was rolled back:

- it is filled only by reads made outside any transaction, which see committed data only; inside an
  atomic block ``get_instance()`` reads the database (and so sees the transaction's own changes);
- every write through the ORM invalidates it with ``transaction.on_commit()``: after the commit, and
  not at all after a rollback.

A fill can race with an invalidation: process A reads the row, process B commits a change and
invalidates, then A stores what it read. So entries are tagged with a *generation* token that A reads
before the database; invalidating deletes the token, and an entry is served only while its token is
the current one. A's late, stale entry is never served.
"""

import secrets
from functools import partial

from django.core.cache import caches
from django.db import transaction


def get_instance(model, using, load):
    """Return the row from the cache, or ``load()`` it and cache it when that is safe."""
    if model.singleton_cache_alias is None or transaction.get_connection(using).in_atomic_block:
        return load()
    cache = caches[model.singleton_cache_alias]
    generation_key, row_key = _keys(model)
    found = cache.get_many([generation_key, row_key])
    generation, entry = found.get(generation_key), found.get(row_key)
    attnames = [field.attname for field in model._meta.concrete_fields]
    # An entry written by a different version of the model (a deploy in progress) is a miss too.
    if generation is not None and entry is not None and entry[:2] == (generation, attnames):
        return model.from_db(using, attnames, entry[2])
    if generation is None:
        generation = cache.get_or_set(generation_key, secrets.token_hex(16), timeout=None)
    instance = load()
    values = [getattr(instance, attname) for attname in attnames]
    cache.set(row_key, (generation, attnames, values), timeout=model.singleton_cache_timeout)
    return instance


def invalidate_on_commit(model, using):
    """Forget the cached row once the current transaction commits (at once outside a transaction)."""
    if model.singleton_cache_alias is not None:
        transaction.on_commit(partial(_invalidate, model), using=using)


def _invalidate(model):
    caches[model.singleton_cache_alias].delete(_keys(model)[0])


def _keys(model):
    """The generation and row keys; proxies share their concrete model's table, so its keys too."""
    prefix = f"django_singleton:{model._meta.concrete_model._meta.label_lower}"
    return f"{prefix}:generation", f"{prefix}:row"
