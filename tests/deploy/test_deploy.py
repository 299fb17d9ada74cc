"""The compose file, the Kubernetes manifests and .env.example: valid, and in step with the code."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pydantic_settings import BaseSettings

from notifier_producer.config import Settings as ProducerSettings
from notifier_worker.config import Settings as WorkerSettings
from task_api.config import Settings as ApiSettings
from telegram_bot.config import Settings as BotSettings
from todo_shared.enums import Channel
from todo_shared.topology import REMINDER_QUEUES

ROOT = Path(__file__).parents[2]
K8S = ROOT / "deploy" / "k8s"
SERVICES = {
    "task-api": "task_api",
    "notifier-producer": "notifier_producer",
    "notifier-worker": "notifier_worker",
    "telegram-bot": "telegram_bot",
}
DEPLOYMENTS = SERVICES | {"notifier-email-worker": "notifier_worker"}
"""What runs: each service, and notifier-worker a second time, sending email."""
WORKERS = {"notifier-worker": Channel.TELEGRAM, "notifier-email-worker": Channel.EMAIL}


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def manifests() -> list[dict]:
    return [
        document
        for path in sorted(K8S.glob("*.yaml"))
        for document in yaml.safe_load_all(path.read_text())
        if document
    ]


def run_tool(*command: str) -> subprocess.CompletedProcess[str]:
    bin_dir = Path(sys.executable).parent
    return subprocess.run(
        [str(bin_dir / command[0]), *command[1:]], capture_output=True, text=True, check=False
    )


def test_the_compose_file_follows_the_compose_specification() -> None:
    checked = run_tool(
        "check-jsonschema", "--builtin-schema", "vendor.compose-spec", "docker-compose.yml"
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_the_manifests_follow_the_kubernetes_schemas() -> None:
    files = [str(path) for path in sorted(K8S.glob("*.yaml")) if path.name != "kustomization.yaml"]
    checked = run_tool("kubernetes-validate", "--strict", "--quiet", *files)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "fail" not in checked.stdout.lower(), checked.stdout


def test_compose_runs_every_service_by_its_entry_point_and_workers_scale() -> None:
    services = compose()["services"]
    for name, module in DEPLOYMENTS.items():
        assert services[name]["command"][:3] == ["python", "-m", module], name
    for name in WORKERS:
        assert "container_name" not in services[name], "--scale must work"
        assert "ports" not in services[name], "--scale must work"
    assert services["notifier-email-worker"]["environment"]["WORKER_CHANNEL"] == "email"
    assert services["fake-telegram"]["profiles"] == ["demo"]
    assert services["fake-smtp"]["profiles"] == ["demo"]
    assert services["fake-smtp"]["command"][:3] == ["python", "-m", "fake_smtp"]
    for name, service in services.items():
        for dependency, condition in service.get("depends_on", {}).items():
            expected = (
                "service_completed_successfully" if dependency == "migrate" else ("service_healthy")
            )
            assert condition["condition"] == expected, f"{name} waits for {dependency}"


def test_every_deployment_has_probes_resources_and_its_entry_point() -> None:
    deployments = {d["metadata"]["name"]: d for d in manifests() if d["kind"] == "Deployment"}
    assert set(deployments) == set(DEPLOYMENTS)
    for name, deployment in deployments.items():
        [container] = deployment["spec"]["template"]["spec"]["containers"]
        assert container["command"] == ["python", "-m", DEPLOYMENTS[name]]
        assert container["livenessProbe"]["httpGet"]["path"] == "/health"
        assert container["readinessProbe"]["httpGet"]["path"] == "/ready"
        assert container["resources"]["requests"], name
        secret_keys = {
            variable["valueFrom"]["secretKeyRef"]["key"]
            for variable in container["env"]
            if "valueFrom" in variable and not variable["valueFrom"]["secretKeyRef"].get("optional")
        }
        example = next(d for d in manifests() if d["kind"] == "Secret")
        assert secret_keys <= set(example["stringData"]), f"{name} needs a key nobody provides"


def test_keda_scales_each_channels_workers_on_its_queue_through_the_management_api() -> None:
    scaled = {
        d["spec"]["scaleTargetRef"]["name"]: d for d in manifests() if d["kind"] == "ScaledObject"
    }
    assert set(scaled) == set(WORKERS)
    [auth] = [d for d in manifests() if d["kind"] == "TriggerAuthentication"]
    for name, channel in WORKERS.items():
        [trigger] = scaled[name]["spec"]["triggers"]
        assert trigger["type"] == "rabbitmq"
        assert trigger["metadata"]["queueName"] == REMINDER_QUEUES[channel].send
        assert trigger["metadata"]["protocol"] == "http", "unacked messages must count"
        assert trigger["authenticationRef"]["name"] == auth["metadata"]["name"]


def test_compose_runs_on_podman_and_keeps_rabbitmqs_data() -> None:
    """What running it on podman 4.3 found (see README's "With podman on Debian")."""
    services = compose()["services"]
    assert services["rabbitmq"]["hostname"] == "rabbitmq", "the node's name, and its data, kept"
    for name, service in services.items():
        if "healthcheck" in service:
            # podman's Docker API splits a CMD form's arguments at their spaces.
            assert service["healthcheck"]["test"][0] == "CMD-SHELL", name
        if name != "migrate":
            # Some engines stop a container without one at once, with SIGKILL.
            assert "stop_grace_period" in service, name
    # One build of the image, by task-api; the rest run it (the classic builder would build it
    # once per service).
    built = [name for name, service in services.items() if "build" in service]
    assert built == ["task-api"]
    assert {services[name]["image"] for name in DEPLOYMENTS} == {services["task-api"]["image"]}


def test_every_image_is_overridable_with_the_official_one_by_default() -> None:
    services = compose()["services"]
    images = {
        "postgres": ("POSTGRES_IMAGE", "postgres:17-alpine"),
        "rabbitmq": ("RABBITMQ_IMAGE", "rabbitmq:3.13-management-alpine"),
        "redis": ("REDIS_IMAGE", "redis:7-alpine"),
    }
    for name, (variable, default) in images.items():
        assert services[name]["image"] == f"${{{variable}:-{default}}}"
    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text()
    arguments = {
        "PYTHON_IMAGE": "python:3.11-slim",
        "UV_IMAGE": "ghcr.io/astral-sh/uv:0.9",
        "NODE_IMAGE": "node:20-slim",
    }
    build_args = services["task-api"]["build"]["args"]
    for variable, default in arguments.items():
        assert f"ARG {variable}={default}\n" in dockerfile
        assert build_args[variable] == f"${{{variable}:-{default}}}"
    froms = re.findall(r"^FROM (\S+)", dockerfile, re.M)
    assert set(froms) == {"${PYTHON_IMAGE}", "${UV_IMAGE}", "${NODE_IMAGE}"}, froms
    local = (ROOT / "deploy" / "local-images.env").read_text()
    named = set(re.findall(r"^([A-Z_]+_IMAGE)=", local, re.M))
    assert named == {variable for variable, _ in images.values()} | set(arguments)


@pytest.mark.parametrize(
    "settings",
    [ApiSettings, ProducerSettings, WorkerSettings, BotSettings],
    ids=lambda s: s.__module__,
)
def test_env_example_lists_every_setting(settings: type[BaseSettings]) -> None:
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.M))
    wired_by_compose = {"DATABASE_URL", "AMQP_URL", "REDIS_URL", "API_URL", "API_TOKEN"}
    wired_by_compose |= {"HOST", "PORT", "SERVICE_TOKENS"}
    missing = {name.upper() for name in settings.model_fields} - listed - wired_by_compose
    assert not missing, f"add to .env.example: {sorted(missing)}"
