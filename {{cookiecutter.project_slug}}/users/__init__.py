"""The project's user model, ``users.User`` (``AUTH_USER_MODEL``), in place from the first migration."""
