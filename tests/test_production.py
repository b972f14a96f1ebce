"""The generated README's "Deploy" steps, for real: gunicorn, two workers, DEBUG off, PostgreSQL, a browser.

One bake (PostgreSQL, example app, Django 5.2) is installed into a fresh virtual environment without
its ``.env``, released with the README's commands on a PostgreSQL server of its own, and served by
``gunicorn`` with two workers. The suite stands in for the TLS proxy: requests carry
``X-Forwarded-Proto: https`` as the proxy would add it (``DJANGO_BEHIND_HTTPS_PROXY=true``). Then:

(a) ``/healthz`` answers 200 (plain HTTP, any host, HEAD too), and 503 once the database is stopped;
(b) the admin's login page and its hashed, compressed CSS are served with the deployment headers;
(c) maintenance mode, switched on in the admin, gives visitors a 503 from every worker at once;
(d) Debian's chromium, driven by Playwright, goes through the admin as staff would, with a
    screenshot of each step in ``tests/output/browser/``;
a second release runs while gunicorn serves; the ASGI option (uvicorn workers) serves the same
project; and hostile conditions get their refusal: a forged ``Host``, ``X-Forwarded-Proto`` without
the proxy setting, Redis down, a database that takes connections and never answers. Each check,
its outcome, figures and seconds go to ``tests/output/production.txt`` and to the end of pytest's
report.
"""

from __future__ import annotations

import html
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from uuid import uuid4

import psycopg
import pytest

from tests.conftest import PYTHON_FOR_DJANGO, SUITE_REPORT, TEMPLATE_DIR, Stopwatch, find_python
from tests.postgres import PostgresServer, PostgresUnavailable, free_port
from tests.test_readme import readme_block

DJANGO_VERSION = "5.2"
WORKERS = 2
ADMIN_USERNAME, ADMIN_PASSWORD = "admin", "a-long-admin-passphrase-42"
VIEWER_USERNAME = "viewer"  # staff who may only view, with the same password
CUSTOMER = "Peter Gibbons"
CHROMIUM = Path("/usr/bin/chromium")
# Playwright cannot download its own browser here; Debian's runs headless with these.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
OUTPUT = TEMPLATE_DIR / "tests" / "output"
SCREENSHOTS = OUTPUT / "browser"
REPORT_FILE = OUTPUT / "production.txt"
REPORT: list[str] = []
SEED = f"""
from django.contrib.auth.models import Permission
from my_project.models import Customer, SiteSettings, Tenant
from users.models import User
SiteSettings.get_instance()
tenant = Tenant.objects.create(name="Initech")
Customer.objects.create(tenant=tenant, name="{CUSTOMER}", email="peter@initech.example")
viewer = User.objects.create_user("{VIEWER_USERNAME}", password="{ADMIN_PASSWORD}", is_staff=True)
viewer.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
"""


def needed(what: str) -> None:
    """Fail in CI, which must provide ``what``; skip, saying so, elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"CI must provide {what}")
    pytest.skip(f"needs {what}")


def report(line: str) -> None:
    REPORT.append(line)
    SUITE_REPORT.append(f"production: {line}")


@contextmanager
def smoke_check(name: str):
    """Report the check ``name`` with its outcome, seconds and the figures the block appends."""
    figures: list[str] = []
    started = time.perf_counter()
    try:
        yield figures
    except BaseException:
        report(f"FAIL {name} ({time.perf_counter() - started:.2f} s)")
        raise
    report(f"pass {name} ({time.perf_counter() - started:.2f} s): {'; '.join(figures)}")


@pytest.fixture(scope="module", autouse=True)
def report_file():
    """Write the module's report, and its wall time, to REPORT_FILE once every test has run."""
    started = time.perf_counter()
    yield
    report(f"test_production wall time {time.perf_counter() - started:.1f} s")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    REPORT_FILE.write_text("\n".join(REPORT) + "\n")


class Response:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status = response.status
        self.headers = response.headers
        self.text = response.read().decode(errors="replace")


class Server:
    """A running gunicorn, its log, and plain HTTP requests to it."""

    def __init__(self, process: subprocess.Popen, port: int, log: Path) -> None:
        self.process, self.port, self.log = process, port, log
        self.url = f"http://localhost:{port}"

    def get(self, path: str, *, https: bool = True, method: str = "GET", **headers: str) -> Response:
        headers = {"Host": f"localhost:{self.port}", **headers}
        if https:
            headers["X-Forwarded-Proto"] = "https"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
        try:
            connection.request(method, path, headers=headers)
            return Response(connection.getresponse())
        finally:
            connection.close()

    def wait_until_up(self, workers: int) -> list[int]:
        """Wait for ``workers`` booted workers and a first answer; return the workers' pids."""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, f"gunicorn exited:\n{self.log.read_text()}"
            pids = [int(pid) for pid in re.findall(r"Booting worker with pid: (\d+)", self.log.read_text())]
            if len(pids) >= workers:
                try:  # answered by the HTTPS redirect, whether the database answers or not
                    self.get("/", https=False)
                    return pids
                except OSError:
                    pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn did not start:\n{self.log.read_text()}")

    def log_after(self, method: str, tag: str) -> str:
        """The server's log once the ``method`` request whose URL holds ``tag`` is in it: access lines
        come last, once the worker has finished with the request (and logged any complaint about it)."""
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            log = self.log.read_text()
            if re.search(rf"^<\d+> {method} \S*{tag} \d+$", log, re.MULTILINE):
                return log
            time.sleep(0.05)
        pytest.fail(f"{method} ...{tag} is not in gunicorn's log:\n{self.log.read_text()}")

    def answers_by_worker(self, path: str, pids: list[int]) -> dict[int, set[int]]:
        """Status codes each worker gave to ``path``, requested concurrently until every worker answered.

        The access log (its format is set by Deployment.serving) names the worker of each request.
        """
        tag = uuid4().hex
        answers: dict[int, set[int]] = {}
        for batch in range(8):
            paths = [f"{path}?probe={tag}-{batch}-{n}" for n in range(12)]
            with ThreadPoolExecutor(max_workers=6) as pool:
                list(pool.map(self.get, paths))
            deadline = time.monotonic() + 5
            while time.monotonic() < deadline:
                logged = re.findall(
                    rf"^<(\d+)> GET \S+probe={tag}-{batch}-\d+ (\d+)$", self.log.read_text(), re.MULTILINE
                )
                if len(logged) == len(paths):
                    break
                time.sleep(0.05)
            for pid, status in logged:
                answers.setdefault(int(pid), set()).add(int(status))
            if set(answers) >= set(pids):
                return answers
        pytest.fail(f"not every worker {pids} answered {path}: {answers}")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Deployment:
    """A released project: its folder, virtual environment, environment variables and database."""

    def __init__(self, project: Path, venv: Path, env: dict, database_url: str) -> None:
        self.project, self.venv, self.env, self.database_url = project, venv, env, database_url

    def run(self, command: str, **env: str) -> subprocess.CompletedProcess:
        """Run a shell command as the README shows it, with the virtual environment's programs first."""
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", command],
            cwd=self.project,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"{command} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
        return result

    @contextmanager
    def serving(self, command: str, workers: int, **env: str):
        """Start ``command`` (gunicorn) with ``workers`` workers on a free port, logging each request's worker;
        ``env`` changes the environment."""
        port = free_port()
        log = self.project.parent / f"server-{port}.log"
        env = {
            **self.env,
            **env,
            "PORT": str(port),
            "WEB_CONCURRENCY": str(workers),
            "DJANGO_CSRF_TRUSTED_ORIGINS": f"http://localhost:{port}",  # see staff_page()
            "GUNICORN_CMD_ARGS": "--access-logformat '%(p)s %(m)s %(U)s%(q)s %(s)s'",
        }
        with log.open("w") as output:
            process = subprocess.Popen(
                ["bash", "-c", f"exec {command}"], cwd=self.project, env=env, stdout=output, stderr=output
            )
        server = Server(process, port, log)
        try:
            yield server, server.wait_until_up(workers)
        finally:
            server.stop()


@pytest.fixture(scope="module")
def database():
    """A PostgreSQL server for this module alone: the last test stops it."""
    try:
        server = PostgresServer().start()
    except PostgresUnavailable as error:
        needed(f"PostgreSQL ({error})")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def release_steps(bake):
    readme = (bake(database="postgresql") / "README.md").read_text()
    lines = readme_block(readme, "### Release steps").splitlines()
    assert lines[0] == "python -m pip install ."
    assert lines[-1] == "gunicorn"
    return lines


@pytest.fixture(scope="module")
def deployment(bake, database, release_steps, tmp_path_factory):
    """The bake, installed and released as the README's "Deploy" section says."""
    with Stopwatch() as watch:
        folder = tmp_path_factory.mktemp("deploy")
        project = Path(shutil.copytree(bake(database="postgresql"), folder / "my_project"))
        (project / ".env").unlink()  # a server has its environment, not the developer's file
        venv = folder / "venv"
        uv = [sys.executable, "-m", "uv"]
        python = find_python(PYTHON_FOR_DJANGO[DJANGO_VERSION])
        subprocess.run([*uv, "venv", "-q", "--python", python, str(venv)], check=True)
        # The README's `python -m pip install .`, with uv (same resolution, shared cache), and the
        # extras its ASGI and Redis paragraphs install.
        subprocess.run(
            [*uv, "pip", "install", "-q", "--python", str(venv / "bin" / "python"), f"{project}[asgi,redis]"],
            check=True,
        )
    report(f"install into a fresh virtual environment ({watch.seconds:.1f} s)")

    database_url = database.database_url("production")
    with psycopg.connect(database.url, autocommit=True) as connection:
        connection.execute("CREATE DATABASE production")
    env = {key: value for key, value in os.environ.items() if key not in {"VIRTUAL_ENV", "DJANGO_SETTINGS_MODULE"}}
    env.update(
        PATH=f"{venv / 'bin'}{os.pathsep}{env['PATH']}",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="production-" + "Zq8mT" * 12,
        DJANGO_ALLOWED_HOSTS="localhost,127.0.0.1",
        DJANGO_BEHIND_HTTPS_PROXY="true",
        DATABASE_URL=database_url,
    )
    deployed = Deployment(project, venv, env, database_url)
    with Stopwatch() as watch:
        for command in release_steps[1:-1]:
            deployed.run(command)
    report(f"release steps: {len(release_steps) - 2} commands ({watch.seconds:.1f} s)")
    deployed.run(
        "python manage.py createsuperuser --no-input",
        DJANGO_SUPERUSER_USERNAME=ADMIN_USERNAME,
        DJANGO_SUPERUSER_EMAIL="admin@example.com",
        DJANGO_SUPERUSER_PASSWORD=ADMIN_PASSWORD,
    )
    deployed.run(f"python manage.py shell -c '{SEED}'")
    return deployed


@pytest.fixture(scope="module")
def gunicorn(deployment, release_steps):
    started = time.perf_counter()
    with deployment.serving(release_steps[-1], WORKERS) as (server, pids):
        report(f"gunicorn up with {len(pids)} workers ({time.perf_counter() - started:.1f} s)")
        yield server, pids


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        needed(f"Debian's chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    """A Redis server for this module alone, on loopback, keeping nothing on disk."""
    program = shutil.which("redis-server")
    if program is None:
        needed("redis-server (Debian's redis-server package)")
    port = free_port()
    folder = tmp_path_factory.mktemp("redis")
    options = ["--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(folder)]
    with (folder / "redis.log").open("w") as log:
        process = subprocess.Popen([program, *options], stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=2) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16) == b"+PONG\r\n":
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    pytest.fail(f"redis-server did not start:\n{(folder / 'redis.log').read_text()}")
                time.sleep(0.1)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def staff_page(browser, server: Server):
    """A browser page of a staff member, logged out, talking to ``server`` through the stand-in proxy.

    The proxy's header makes Django see HTTPS, while the browser's Origin header still says
    http://; the server fixture trusts that origin, as a real proxy would make it https://.
    """
    context = browser.new_context(base_url=server.url, extra_http_headers={"X-Forwarded-Proto": "https"})
    context.set_default_timeout(15_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def staff(browser, gunicorn):
    with staff_page(browser, gunicorn[0]) as page:
        yield page


def admin_stylesheet(server: Server) -> str:
    """The URL of the admin's base.css under its hashed name, as the login page links it."""
    return re.search(r'href="(/static/admin/css/base\.[0-9a-f]{12}\.css)"', server.get("/admin/login/").text)[1]


def log_in(page, username: str = ADMIN_USERNAME) -> None:
    page.goto("/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", ADMIN_PASSWORD)
    page.click("input[type=submit]")
    page.locator("#logout-form").wait_for()


def set_maintenance_mode(page, on: bool) -> None:
    page.goto("/admin/my_project/sitesettings/")
    page.set_checked("#id_maintenance_mode", on)
    page.click("input[name=_save]")
    page.locator(".messagelist .success").wait_for()


def test_a_health_answers_plain_http_for_any_host(gunicorn):
    server, _ = gunicorn
    with smoke_check("(a) GET /healthz over plain HTTP, Host 10.0.0.7") as figures:
        response = server.get("/healthz", https=False, Host="10.0.0.7")
        assert response.status == 200
        assert response.text == '{"status": "ok", "database": "ok", "cache": "ok"}'
        assert response.headers["Content-Type"] == "application/json"
        assert "Set-Cookie" not in response.headers
        figures.append(f"{response.status} {response.text}, no cookie")

    with smoke_check("(a) HEAD /healthz") as figures:
        tag = uuid4().hex
        head = server.get(f"/healthz?probe={tag}", https=False, method="HEAD")
        assert head.status == 200
        assert "no-body response" not in server.log_after("HEAD", tag)  # gunicorn's warning, for a body it dropped
        figures.append(f"{head.status}, no body, no warning in gunicorn's log")


def test_b_admin_login_and_its_hashed_css_with_the_deployment_headers(gunicorn):
    server, _ = gunicorn
    with smoke_check("(b) admin login over HTTP") as figures:
        redirected = server.get("/admin/login/", https=False)
        assert redirected.status == 301
        assert redirected.headers["Location"] == f"https://localhost:{server.port}/admin/login/"
        figures.append(f"{redirected.status} -> {redirected.headers['Location']}")

    with smoke_check("(b) admin login through X-Forwarded-Proto: https") as figures:
        page = server.get("/admin/login/")
        assert page.status == 200
        assert page.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
        assert page.headers["X-Content-Type-Options"] == "nosniff"
        assert page.headers["X-Frame-Options"] == "DENY"
        assert page.headers["Referrer-Policy"] == "same-origin"
        assert page.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert all("; Secure" in cookie for cookie in page.headers.get_all("Set-Cookie"))
        figures.append(f"{page.status}, HSTS 1 year + subdomains + preload, nosniff, DENY, same-origin, Secure cookies")

    with smoke_check("(b) the admin's CSS under its hashed name") as figures:
        css = admin_stylesheet(server)
        stylesheet = server.get(css, **{"Accept-Encoding": "gzip"})
        assert stylesheet.status == 200
        assert stylesheet.headers["Content-Type"].startswith("text/css")
        assert stylesheet.headers["Content-Encoding"] == "gzip"
        assert "immutable" in stylesheet.headers["Cache-Control"]
        figures.append(f"{css} {stylesheet.status} gzip, {stylesheet.headers['Cache-Control']}")

    with smoke_check("(b) a forged Host header") as figures:
        forged = server.get("/admin/login/", Host="evil.example")
        assert forged.status == 400
        figures.append(f"Host evil.example -> {forged.status}")


def test_b_a_second_release_writes_again_while_gunicorn_serves(gunicorn, deployment, release_steps):
    """The release steps that write (the cache table, the static files) run on every release."""
    server, _ = gunicorn
    writers = [step for step in release_steps if "createcachetable" in step or "collectstatic" in step]
    assert len(writers) == 2, release_steps
    css = admin_stylesheet(server)
    with smoke_check("createcachetable and collectstatic again, while gunicorn serves") as figures:
        for command in writers:
            deployment.run(command)
        assert server.get(css).status == 200
        assert css in server.get("/admin/login/").text  # same files, same names
        figures.append(f"{' && '.join(writers)}: pass; {css} unchanged and served")


def maintenance_round_trip(server: Server, pids: list[int], page) -> None:
    """Switch maintenance mode on, then off, in the admin: every worker follows each switch at once."""
    log_in(page)
    before = server.answers_by_worker("/", pids)
    set_maintenance_mode(page, on=True)
    during = server.answers_by_worker("/", pids)
    health = server.answers_by_worker("/healthz", pids)
    set_maintenance_mode(page, on=False)
    after = server.answers_by_worker("/", pids)

    assert before == {pid: {200} for pid in pids}
    assert during == {pid: {503} for pid in pids}
    assert health == {pid: {200} for pid in pids}  # a site in maintenance is still healthy
    assert after == {pid: {200} for pid in pids}


SITE_SETTINGS_KEY = "django_singleton:default:my_project.sitesettings:row"


def test_c_maintenance_mode_reaches_every_worker_at_once(gunicorn, staff, deployment):
    server, pids = gunicorn
    with smoke_check(f"(c) maintenance mode on {len(pids)} workers, database cache") as figures:
        maintenance_round_trip(server, pids, staff)
        with psycopg.connect(deployment.database_url) as connection:
            keys = [row[0] for row in connection.execute("SELECT cache_key FROM django_cache")]
        assert any(key.endswith(SITE_SETTINGS_KEY) for key in keys), keys
        figures.append(f"workers {pids}: all 200 -> on -> all 503 (healthz 200) -> off -> all 200")


def test_c_maintenance_mode_reaches_every_worker_at_once_through_redis(browser, deployment, release_steps, redis_url):
    with (
        deployment.serving(release_steps[-1], WORKERS, REDIS_URL=redis_url) as (server, pids),
        staff_page(browser, server) as page,
        smoke_check(f"(c) maintenance mode on {len(pids)} workers, REDIS_URL set") as figures,
    ):
        maintenance_round_trip(server, pids, page)
        keys = subprocess.run(
            ["redis-cli", "-u", redis_url, "--scan"], capture_output=True, text=True, check=True
        ).stdout.split()
        assert any(key.endswith(SITE_SETTINGS_KEY) for key in keys), keys
        figures.append(f"workers {pids}: all 200 -> on -> all 503 (healthz 200) -> off -> all 200")


def test_d_browser_goes_through_the_admin(staff):
    if SCREENSHOTS.exists():
        shutil.rmtree(SCREENSHOTS)
    SCREENSHOTS.mkdir(parents=True)
    page = staff
    steps = []

    @contextmanager
    def step(name: str):
        screenshot = SCREENSHOTS / f"{len(steps) + 1:02}-{name.replace(' ', '-')}.png"
        with smoke_check(f"(d) browser step {len(steps) + 1}: {name}") as figures:
            yield
            figures.append(f"screenshot {screenshot.relative_to(TEMPLATE_DIR)}")
        page.screenshot(path=screenshot, full_page=True)
        steps.append(screenshot.name)

    with step("log in"):
        log_in(page)
        assert ADMIN_USERNAME in page.locator("#user-tools strong").text_content()

    with step("edit site settings"):
        page.goto("/admin/")
        assert page.locator("tr.model-sitesettings a.addlink").count() == 0
        page.click("tr.model-sitesettings th a")
        assert page.locator("a.deletelink").count() == 0
        page.fill("#id_support_email", "help@initech.example")
        page.click("input[name=_save]")
        assert "was changed successfully" in page.locator(".messagelist .success").inner_text()
        assert page.input_value("#id_support_email") == "help@initech.example"

    with step("soft-delete customer"):
        page.goto("/admin/my_project/customer/")
        page.click(f"text={CUSTOMER}")
        page.click("a.deletelink")
        page.click("input[type=submit]")
        assert "was deleted successfully" in page.locator(".messagelist .success").inner_text()
        assert page.locator(f"#result_list >> text={CUSTOMER}").count() == 0

    with step("restore customer"):
        page.goto("/admin/my_project/customer/?deleted=only")
        page.locator("#result_list tbody tr", has_text=CUSTOMER).locator("input.action-select").check()
        page.select_option("select[name=action]", "restore_selected")
        page.click("button[name=index]")
        assert "Restored 1 customer." in page.locator(".messagelist .success").inner_text()
        page.goto("/admin/my_project/customer/")
        assert page.locator(f"#result_list >> text={CUSTOMER}").count() == 1

    number = f"INV-{datetime.now(UTC).year}-000001"
    with step("create invoice"):
        page.goto("/admin/my_project/invoice/add/")
        page.click(".field-customer .select2-selection")
        page.fill(".select2-search__field", "Peter")
        page.click(f".select2-results__option >> text={CUSTOMER}")
        page.fill("#id_amount", "250.00")
        page.click("input[name=_save]")
        assert number in page.locator(".messagelist .success").inner_text()
        assert page.locator(f"#result_list >> text={number}").count() == 1

    with step("log out"):
        page.click("#logout-form button")
        page.wait_for_url("**/admin/logout/")
        page.locator("text=Log in again").wait_for()
        page.goto("/admin/")
        assert "/admin/login/" in page.url

    assert sorted(p.name for p in SCREENSHOTS.iterdir()) == steps


def admin_pages(page) -> dict[str, int]:
    """The status of every admin page reachable by links from the index (sorting links left out)."""
    statuses: dict[str, int] = {}
    queue = ["/admin/"]
    while queue:
        path = queue.pop(0)
        if path in statuses:
            continue
        response = page.request.get(path, max_redirects=0)
        statuses[path] = response.status
        if response.headers.get("content-type", "").startswith("text/html"):
            for link in re.findall(r'href="(/admin/[^"#]*)"', response.text()):
                link = html.unescape(link)
                if "logout" not in link and not re.search(r"[?&]o=", link):
                    queue.append(link)
    return statuses


@pytest.mark.parametrize("username", [ADMIN_USERNAME, VIEWER_USERNAME])
def test_every_admin_page_answers_without_a_server_error(staff, username):
    """DEBUG off is where a file missing from the static manifest turns into a 500."""
    with smoke_check(f"every admin page, as {username}") as figures:
        log_in(staff, username)
        statuses = admin_pages(staff)
        assert [path for path, status in statuses.items() if status >= 500] == []
        assert len(statuses) > 20
        counts = ", ".join(f"{status}: {count}" for status, count in sorted(Counter(statuses.values()).items()))
        figures.append(f"{len(statuses)} pages, no 5xx ({counts})")


def test_asgi_option_serves_the_project_with_uvicorn_workers(deployment, bake):
    readme = (bake(database="postgresql") / "README.md").read_text()
    command = readme_block(
        readme, "To serve the ASGI application (`config.asgi`) with uvicorn's workers instead:"
    ).splitlines()[-1]
    assert command == "gunicorn config.asgi:application -k uvicorn_worker.UvicornWorker"

    with smoke_check("ASGI: gunicorn with a uvicorn worker") as figures:
        with deployment.serving(command, workers=1) as (server, _):
            health = server.get("/healthz", https=False)
            login = server.get("/admin/login/")
            css = admin_stylesheet(server)
            stylesheet = server.get(css, **{"Accept-Encoding": "gzip"})

        assert health.status == 200
        assert health.text == '{"status": "ok", "database": "ok", "cache": "ok"}'
        assert login.status == 200
        assert login.headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert stylesheet.status == 200
        assert stylesheet.headers["Content-Encoding"] == "gzip"
        figures.append(
            f"/healthz {health.status}, admin login {login.status} with HSTS, {css} {stylesheet.status} gzip"
        )


def test_hostile_requests_without_the_proxy_setting_and_with_redis_down(deployment, release_steps):
    """A server on the same machine as its clients, set up without DJANGO_BEHIND_HTTPS_PROXY, whose
    Redis cache is down."""
    dead_redis = f"redis://127.0.0.1:{free_port()}/0"
    serving = deployment.serving(release_steps[-1], workers=1, DJANGO_BEHIND_HTTPS_PROXY="false", REDIS_URL=dead_redis)
    with serving as (server, _):
        with smoke_check("X-Forwarded-Proto: https without DJANGO_BEHIND_HTTPS_PROXY") as figures:
            spoofed = server.get("/admin/login/")
            assert spoofed.status == 301
            assert spoofed.headers["Location"] == f"https://localhost:{server.port}/admin/login/"
            figures.append(f"{spoofed.status} -> https (the header is not believed)")

        with smoke_check("/healthz with REDIS_URL set and Redis down") as figures:
            health = server.get("/healthz", https=False)
            assert health.status == 503
            assert health.text == '{"status": "unavailable", "database": "ok", "cache": "unreachable"}'
            figures.append(f"{health.status} {health.text}")


def test_health_with_a_database_that_takes_connections_and_never_answers(deployment, release_steps):
    """A stopped or cut-off database server: the kernel completes each connection, nothing answers it."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        silent_url = f"postgres://postgres@127.0.0.1:{silent.getsockname()[1]}/production"
        with (
            deployment.serving(release_steps[-1], workers=1, DATABASE_URL=silent_url) as (server, _),
            smoke_check("/healthz while the database takes connections and never answers") as figures,
        ):
            started = time.perf_counter()
            health = server.get("/healthz", https=False)
            assert health.status == 503  # not a worker killed by gunicorn's timeout (30 s)
            assert health.text == '{"status": "unavailable", "database": "unreachable"}'
            figures.append(f"{health.status} after {time.perf_counter() - started:.1f} s (connect_timeout 5 s)")


def test_z_health_is_503_on_every_worker_once_the_database_stops(gunicorn, database):
    server, pids = gunicorn
    with smoke_check("(a) /healthz once the database is stopped") as figures:
        database.stop()

        assert server.answers_by_worker("/healthz", pids) == {pid: {503} for pid in pids}
        response = server.get("/healthz", https=False)
        assert response.text == '{"status": "unavailable", "database": "unreachable"}'
        figures.append(f"503 {response.text} on workers {pids}")
