"""Settings of gunicorn, the production server, from the environment: start it with ``gunicorn``.

gunicorn reads this file from the folder it starts in. Variables (see the README, "Deploy"):

- ``GUNICORN_HOST`` (default ``127.0.0.1``) and ``PORT`` (``8000``): where to listen. Put the TLS
  proxy on the same machine, or set ``GUNICORN_HOST=0.0.0.0`` where the platform routes traffic to
  the port itself. (Not ``HOST``: some shells export it, set to the machine's name.)
- ``WEB_CONCURRENCY`` (default: two per CPU core, plus one): worker processes.

Any other gunicorn option can be given on the command line or in ``GUNICORN_CMD_ARGS``. To serve
the ASGI application with uvicorn's workers instead (``.[asgi]`` installed), name it and the worker
class: ``gunicorn config.asgi:application -k uvicorn_worker.UvicornWorker``.
"""

import os


def _whole_number(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{name}={value!r} is not a whole number of 1 or more.")
    return int(value)


wsgi_app = "config.wsgi:application"
bind = f"{os.environ.get('GUNICORN_HOST', '127.0.0.1')}:{_whole_number('PORT', 8000)}"
workers = _whole_number("WEB_CONCURRENCY", 2 * (os.cpu_count() or 1) + 1)
accesslog = "-"  # one line per request on stdout, errors on stderr: the platform collects both
# Django alone decides whether a request came over HTTPS (DJANGO_BEHIND_HTTPS_PROXY). gunicorn and
# uvicorn would otherwise believe X-Forwarded-Proto from any process on this machine, whatever
# that setting says.
forwarded_allow_ips = ""
# gunicorn 25.1+ opens a runtime-control socket at one path per OS user, which two sites run by the
# same user would share; nothing here uses it (gunicornc), and older versions ignore this name.
control_socket_disable = True
