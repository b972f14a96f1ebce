from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's user: Django's standard user, in a table the project owns.

    Django cannot swap the user model once migrations reference it, so the project starts with its
    own, empty for now: add fields here (and run ``makemigrations``) when you need them.

    It deliberately does not build on the foundation apps. ``is_active`` is how Django retires a
    user (login refused, history and foreign keys kept), so soft delete would be a second switch
    for the same thing, one the authentication backends do not know about; ``date_joined`` and
    ``last_login`` already record the dates that matter; and a UUID key, if you want one, has to be chosen
    before the first ``migrate`` (then regenerate ``migrations/0001_initial.py``).
    """
