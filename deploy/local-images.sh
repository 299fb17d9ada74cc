#!/usr/bin/env bash
# Local stand-ins for the images docker-compose.yml and deploy/Dockerfile use, built from Debian
# bookworm's packages (debootstrap) for a machine that can pull from no container registry.
# Each keeps the interface of the official image that this project relies on; README.md
# ("Without a container registry") says how they differ. Then:
#   cat deploy/local-images.env >> .env
# points compose (and the Dockerfile's build arguments) at them.
#
#   deploy/local-images.sh            builds the images that are missing (a few minutes the
#                                     first time; nothing when all are there)
#   FORCE=1 deploy/local-images.sh    builds them all again
#   deploy/local-images.sh redis ...  only these (python uv node postgres rabbitmq redis)
#
# Needs root, debootstrap and podman (ENGINE=docker for a Docker engine). The host's CA bundle
# (CA_BUNDLE) is copied into every image, and the python, uv and node images take it for pip,
# uv and npm: a build inside them reaches PyPI and npm the way this machine does.
set -euo pipefail

ENGINE=${ENGINE:-podman}
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
WORK=${LOCAL_IMAGES_WORK:-/var/tmp/todo-nudge-local-images}
CA_BUNDLE=${CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
FORCE=${FORCE:-0}
HERE=$(cd "$(dirname "$0")" && pwd)

# The tags, in the form deploy/local-images.env gives them to compose.
declare -A TAG
while IFS='=' read -r name value; do
    [[ $name =~ ^[A-Z_]+_IMAGE$ ]] && TAG[$name]=$value
done <"$HERE/local-images.env"

log() { printf '\n=== local image: %s\n' "$*" >&2; }

exists() { [ "$FORCE" = 0 ] && "$ENGINE" image inspect "$1" >/dev/null 2>&1; }

# The base: bookworm's minimal system, with its package lists, kept in $WORK for the next run.
base() {
    [ -f "$WORK/base/.complete" ] && return
    log "debootstrap bookworm into $WORK/base"
    rm -rf "$WORK/base"
    mkdir -p "$WORK"
    debootstrap --variant=minbase --include=ca-certificates bookworm "$WORK/base" "$MIRROR" >&2
    # Nothing installed into it starts a service, and a package's docs are left out.
    printf '#!/bin/sh\nexit 101\n' >"$WORK/base/usr/sbin/policy-rc.d"
    chmod +x "$WORK/base/usr/sbin/policy-rc.d"
    cat >"$WORK/base/etc/dpkg/dpkg.cfg.d/01-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
    chroot "$WORK/base" apt-get update -q >&2
    touch "$WORK/base/.complete"
}

# A copy of the base with these Debian packages installed: $WORK/<name>.
rootfs() {
    local name=$1
    shift
    local root="$WORK/$name"
    umount "$root/proc" 2>/dev/null || true  # left by an interrupted run
    rm -rf --one-file-system "$root"
    cp -a "$WORK/base" "$root"
    rm -f "$root/.complete"
    mount -t proc proc "$root/proc"
    trap 'umount "'"$root"'/proc" 2>/dev/null || true' RETURN
    if [ $# -gt 0 ]; then
        chroot "$root" env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "$@" >&2
    fi
    umount "$root/proc"
    echo "$root"
}

# The rootfs as an image; the rest of the arguments are Dockerfile instructions for it.
import() {
    local root=$1 tag=$2
    shift 2
    cp "$CA_BUNDLE" "$root/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$root/var/lib/apt/lists/"* "$root/var/cache/apt/"*.bin "$root/usr/sbin/policy-rc.d"
    local changes=()
    for change in "$@"; do changes+=(--change "$change"); done
    tar -C "$root" --numeric-owner -c . | "$ENGINE" import "${changes[@]}" - "$tag" >/dev/null
    rm -rf "$root"
    echo "built $tag" >&2
}

# One variable an ENV: an import's --change takes the rest of the line as the value.
PATH_ENV='ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
CA_ENV=('ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt'
    'ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt')

python_image() {
    local tag=${TAG[PYTHON_IMAGE]}
    exists "$tag" && return
    log "$tag: bookworm's python3.11, venv and pip"
    local root
    root=$(rootfs python python3.11 python3.11-venv python3-pip)
    # As in python:3.11-slim: python and pip on PATH, pip may install into the system.
    ln -sf /usr/bin/python3.11 "$root/usr/local/bin/python"
    ln -sf /usr/bin/python3.11 "$root/usr/local/bin/python3"
    ln -sf /usr/bin/pip3 "$root/usr/local/bin/pip"
    rm -f "$root"/usr/lib/python3.11/EXTERNALLY-MANAGED
    import "$root" "$tag" "$PATH_ENV" "${CA_ENV[@]}" 'ENV LANG=C.UTF-8' \
        'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' 'CMD ["python3"]'
}

uv_image() {
    local tag=${TAG[UV_IMAGE]}
    exists "$tag" && return
    local version=${tag##*:}
    log "$tag: /uv and /uvx from uv's wheel on PyPI ($version.*)"
    local root="$WORK/uv" wheels="$WORK/uv-wheel"
    rm -rf "$root" "$wheels"
    mkdir -p "$root" "$wheels"
    python3 -m pip download -q --no-deps --only-binary=:all: -d "$wheels" "uv==$version.*" >&2
    python3 - "$wheels"/uv-*.whl "$root" <<'EOF'
import sys, zipfile
from pathlib import Path

wheel, root = sys.argv[1], Path(sys.argv[2])
with zipfile.ZipFile(wheel) as archive:
    for member in archive.namelist():
        name = Path(member).name
        if ".data/scripts/" in member and name in ("uv", "uvx"):
            (root / name).write_bytes(archive.read(member))
            (root / name).chmod(0o755)
EOF
    # Like ghcr.io/astral-sh/uv (distroless): the two binaries at the root, nothing else.
    tar -C "$root" --numeric-owner -c . | "$ENGINE" import --change 'ENTRYPOINT ["/uv"]' - "$tag" >/dev/null
    rm -rf "$root" "$wheels"
    echo "built $tag" >&2
}

node_image() {
    local tag=${TAG[NODE_IMAGE]}
    exists "$tag" && return
    # bookworm's nodejs is 18, and the web app's Vite wants 20.19 or newer: this machine's own.
    local node
    node=$(command -v node)
    node=$(readlink -f "$node")
    local version
    version=$("$node" --version)
    log "$tag: this machine's Node.js $version ($node) and its npm"
    local npm_dir
    npm_dir=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")")
    local root
    root=$(rootfs node)
    cp "$node" "$root/usr/local/bin/node"
    mkdir -p "$root/usr/local/lib/node_modules"
    cp -a "$npm_dir" "$root/usr/local/lib/node_modules/npm"
    ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/local/bin/npm"
    ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/local/bin/npx"
    chroot "$root" node --version >/dev/null
    import "$root" "$tag" "$PATH_ENV" "${CA_ENV[@]}" 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
        'ENV npm_config_cafile=/etc/ssl/certs/ca-certificates.crt' 'CMD ["node"]'
}

postgres_image() {
    local tag=${TAG[POSTGRES_IMAGE]}
    exists "$tag" && return
    log "$tag: bookworm's PostgreSQL 15, initialised from POSTGRES_USER/PASSWORD/DB"
    local root="$WORK/postgres"
    # No cluster made by the package: the entry point makes one in the data volume.
    mkdir -p "$WORK/base/etc/postgresql-common"
    echo "create_main_cluster = false" >"$WORK/base/etc/postgresql-common/createcluster.conf"
    root=$(rootfs postgres postgresql-15)
    rm -f "$WORK/base/etc/postgresql-common/createcluster.conf"
    install -m755 /dev/stdin "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# As the official image's entry point: an empty data directory becomes a cluster owned by
# POSTGRES_USER (password POSTGRES_PASSWORD) with the database POSTGRES_DB, reachable from
# other containers with that password; then postgres runs as the postgres user.
set -e
if [ "${1#-}" != "$1" ]; then set -- postgres "$@"; fi
if [ "$1" = postgres ] && [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA" /var/run/postgresql
    chown -R postgres:postgres "$PGDATA" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
    : "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}"
    user=${POSTGRES_USER:-postgres}
    db=${POSTGRES_DB:-$user}
    pwfile=$(mktemp)
    printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
    initdb -D "$PGDATA" --username="$user" --pwfile="$pwfile" --auth-local=trust \
        --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    rm -f "$pwfile"
    echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
    if [ "$db" != postgres ]; then
        postgres --single -D "$PGDATA" -j postgres >/dev/null <<SQL
CREATE DATABASE "$db" OWNER "$user";
SQL
    fi
    echo "initialised $PGDATA: user $user, database $db"
fi
if [ "$1" = postgres ]; then
    shift
    exec postgres -D "$PGDATA" -c listen_addresses='*' "$@"
fi
exec "$@"
EOF
    import "$root" "$tag" \
        'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        'ENV PGDATA=/var/lib/postgresql/data' 'ENV LANG=C.UTF-8' \
        'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["postgres"]' 'STOPSIGNAL SIGINT' \
        'EXPOSE 5432' 'VOLUME /var/lib/postgresql/data'
}

rabbitmq_image() {
    local tag=${TAG[RABBITMQ_IMAGE]}
    exists "$tag" && return
    log "$tag: bookworm's RabbitMQ 3.10 with the management plugin"
    local root
    root=$(rootfs rabbitmq rabbitmq-server)
    chroot "$root" rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
    install -m755 /dev/stdin "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# As the official image: RABBITMQ_DEFAULT_USER/PASS make the first user (not guest, which
# may sign in from anywhere then), AMQP on 5672 and the management UI and API on 15672; the
# node is rabbit@<the container's hostname>, its data in /var/lib/rabbitmq.
set -e
if [ "$1" = rabbitmq-server ]; then
    {
        echo "loopback_users = none"
        echo "listeners.tcp.default = 5672"
        echo "management.tcp.port = 15672"
        [ -n "$RABBITMQ_DEFAULT_USER" ] && echo "default_user = $RABBITMQ_DEFAULT_USER"
        [ -n "$RABBITMQ_DEFAULT_PASS" ] && echo "default_pass = $RABBITMQ_DEFAULT_PASS"
        [ -n "$RABBITMQ_DEFAULT_VHOST" ] && echo "default_vhost = $RABBITMQ_DEFAULT_VHOST"
    } >/etc/rabbitmq/rabbitmq.conf
    chown -R rabbitmq:rabbitmq /var/lib/rabbitmq /var/log/rabbitmq
    # Logs to the console, as the official image does.
    export RABBITMQ_LOGS=-
    exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups /usr/lib/rabbitmq/bin/rabbitmq-server
fi
exec "$@"
EOF
    import "$root" "$tag" "$PATH_ENV" 'ENV LANG=C.UTF-8' 'ENV HOME=/var/lib/rabbitmq' \
        'ENTRYPOINT ["docker-entrypoint.sh"]' 'CMD ["rabbitmq-server"]' \
        'EXPOSE 5672' 'EXPOSE 15672' 'VOLUME /var/lib/rabbitmq'
}

redis_image() {
    local tag=${TAG[REDIS_IMAGE]}
    exists "$tag" && return
    log "$tag: bookworm's Redis 7.0"
    local root
    root=$(rootfs redis redis-server)
    install -m755 /dev/stdin "$root/usr/local/bin/docker-entrypoint.sh" <<'EOF'
#!/bin/sh
# As the official image: redis-server listens on every address with protected mode off (it is
# reached from other containers), runs as the redis user, in /data.
set -e
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi
if [ "$1" = redis-server ]; then
    shift
    chown redis:redis /data
    exec setpriv --reuid=redis --regid=redis --init-groups redis-server --bind 0.0.0.0 --protected-mode no "$@"
fi
exec "$@"
EOF
    mkdir -p "$root/data"
    import "$root" "$tag" "$PATH_ENV" 'WORKDIR /data' 'ENTRYPOINT ["docker-entrypoint.sh"]' \
        'CMD ["redis-server"]' 'EXPOSE 6379' 'VOLUME /data'
}

want=("$@")
[ ${#want[@]} -gt 0 ] || want=(python uv node postgres rabbitmq redis)
missing=0
for name in "${want[@]}"; do
    upper=${name^^}
    exists "${TAG[${upper}_IMAGE]}" || missing=1
done
# Every image but uv's starts from the debootstrapped base.
if [ "$missing" = 1 ] && [ "${want[*]}" != uv ]; then
    base
fi
for name in "${want[@]}"; do "${name}_image"; done
echo "local images: ${TAG[*]}" >&2
