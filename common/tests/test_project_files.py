"""docker-compose.yml, the Makefile and CI agree with each other (no Docker engine here to run it)."""

import re
import shlex
import socket
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _make_recipe(target: str) -> list[str]:
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(rf"^{target}:", line))
    recipe = []
    for line in lines[start + 1 :]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def _argv(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else list(command)


def test_compose_runs_the_five_services_with_healthchecks():
    services = _compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    for name in ("postgres", "redis", "web", "worker"):
        assert "healthcheck" in services[name], name
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert env["CELERY_BROKER_URL"].startswith("redis://")
        assert services[name]["depends_on"]["postgres"]["condition"] == "service_healthy"


@pytest.mark.parametrize("target", ["worker", "beat"])
def test_compose_celery_commands_match_the_makefile(target):
    compose_cmd = _argv(_compose()["services"][target]["command"])
    make_cmd = shlex.split(_make_recipe(target)[-1])
    make_cmd[0] = Path(make_cmd[0]).name  # .venv/bin/celery -> celery
    assert compose_cmd == make_cmd


def test_compose_web_runs_the_makefile_gunicorn_command():
    web = " ".join(_argv(_compose()["services"]["web"]["command"]))
    make_cmd = _make_recipe("web")[-1].replace(".venv/bin/", "")
    assert make_cmd in web
    assert "migrate" in web


def test_every_compose_command_names_a_real_entry_point():
    from django.core.management import get_commands

    commands = get_commands()
    for name, service in _compose()["services"].items():
        argv = _argv(service.get("command", []))
        if argv[:2] == ["python", "manage.py"]:
            assert argv[2] in commands, name


def test_ci_script_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_network_is_blocked_in_tests_except_loopback():
    from pytest_socket import SocketConnectBlockedError

    with pytest.raises(SocketConnectBlockedError):
        socket.create_connection(("93.184.216.34", 80), timeout=1)


def _dockerignored(path: str) -> bool:
    """Whether Docker leaves `path` out of the build context under .dockerignore.

    Docker's rules (https://docs.docker.com/build/concepts/context/#dockerignore-files): each
    line is a Go filepath.Match pattern with `**` for any number of directories, matched
    against the path and each of its parent directories; the last matching line wins, and a
    line starting with `!` re-includes.
    """
    patterns = [
        line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    parts = path.split("/")
    prefixes = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    excluded = False
    for pattern in patterns:
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*/", "(?:.*/)?").replace(r"\*\*", ".*")
        regex = regex.replace(r"\*", "[^/]*").replace(r"\?", "[^/]")
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            excluded = not negate
    return excluded


@pytest.mark.parametrize(
    "path",
    [
        ".env", ".env.production", ".git/config", ".git/objects/ab/cdef", "var/eventsarb.sqlite3",
        "var/static/eventsarb.css", ".venv/bin/python", "kalshi.pem", "secrets/kalshi.pem",
        "markets/__pycache__/models.cpython-311.pyc",
    ],
)
def test_dockerignore_keeps_secrets_state_and_venv_out_of_the_image(path):
    assert _dockerignored(path), path


@pytest.mark.parametrize(
    "path",
    [
        "manage.py", "requirements.txt", "constraints.txt", "eventsarb/settings.py",
        "static/htmx.min.js", "templates/base.html", "similarity/data/K.json",
    ],
)
def test_dockerignore_keeps_what_the_image_needs(path):
    assert not _dockerignored(path), path


def test_dockerfile_copies_the_context_that_dockerignore_filters():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "COPY . ." in dockerfile
    assert (ROOT / ".dockerignore").is_file()
