#!/usr/bin/env bash
# Builds the images docker-compose.yml runs, without an image registry (none is reachable here):
#   helpdesk/postgres:15  PostgreSQL 15 from Debian (docker/postgres/), the official image's contract
#   helpdesk/app          the web app, self-contained, published on this host (Dockerfile)
#   helpdesk/redis:7      Redis 7 from Debian (docker/redis/): the live hub's fan-out, presence, shared rate limits
#   helpdesk/nginx        nginx from Debian (docker/nginx/): the load balancer in front of the app replicas
# Each stands on a Debian root made by debootstrap from the apt mirror configured in /etc/apt and imported with
# `docker import` (helpdesk/debian-pg-base, helpdesk/debian-dotnet-base, helpdesk/debian-redis-base, helpdesk/debian-nginx-base).
#
#   docker/build-images.sh [--force] [postgres] [app] [redis] [nginx]     (no name: all)
#
# Cached: an image is skipped when it exists and was built from the same inputs (label helpdesk.inputs: the
# Dockerfile, the entry point, the sources); --force rebuilds it, bases included.
# HELPDESK_DEBIAN_MIRROR overrides the mirror; HELPDESK_APP_BASE_IMAGE the app's base (e.g.
# mcr.microsoft.com/dotnet/runtime-deps:10.0 where a registry is reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

force=false
targets=()
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    postgres | app | redis | nginx) targets+=("$arg") ;;
    -h | --help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $arg (expected --force, postgres, app, redis, nginx)" >&2; exit 2 ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=(postgres app redis nginx)

pg_image=helpdesk/postgres:15
pg_base=helpdesk/debian-pg-base
pg_packages=postgresql-15
app_image=helpdesk/app
app_base=${HELPDESK_APP_BASE_IMAGE:-helpdesk/debian-dotnet-base}
app_packages=libicu72,ca-certificates,tzdata,libssl3,libgssapi-krb5-2 # libgssapi: Npgsql probes it
redis_image=helpdesk/redis:7
redis_base=helpdesk/debian-redis-base
redis_packages=redis-server
nginx_image=helpdesk/nginx
nginx_base=helpdesk/debian-nginx-base
nginx_packages=nginx-light
export DOCKER_BUILDKIT=0 # the classic builder: no buildx plugin here, and the daemon may be old (Debian's 20.10)

work=""
cleanup() {
  [ -n "$work" ] && [ -d "$work" ] || return 0
  # debootstrap mounts /proc and /sys inside its root; never delete through a mount.
  awk -v w="$work/" 'index($2, w) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m" || true; done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
workdir() {
  if [ -z "$work" ]; then
    work=$(mktemp -d /var/tmp/helpdesk-images.XXXXXX)
  fi
}

log() { echo "build-images: $*"; }

quietly() { # runs a command, showing its output only when it fails (the legacy builder's deprecation notice)
  local out
  out=$("$@" 2>&1) || { echo "$out" >&2; return 1; }
}

image_id() { docker image inspect --format '{{.Id}}' "$1" 2>/dev/null || true; }

# After a rebuild: remove the image the name pointed to before (unless a container still uses it).
drop_replaced() {
  local name=$1 old=$2
  if [ -n "$old" ] && [ "$old" != "$(image_id "$name")" ]; then
    docker rmi "$old" >/dev/null 2>&1 || true
  fi
}

image_label() { # image label -> value, or nothing when the image does not exist
  docker image inspect --format "{{ index .Config.Labels \"$2\" }}" "$1" 2>/dev/null || true
}

# The bookworm mirror from /etc/apt/sources.list(.d) (one-line and deb822 formats).
debian_mirror() {
  if [ -n "${HELPDESK_DEBIAN_MIRROR:-}" ]; then
    echo "$HELPDESK_DEBIAN_MIRROR"
    return
  fi
  local files=() f mirror=""
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do [ -f "$f" ] && files+=("$f"); done
  if [ ${#files[@]} -gt 0 ]; then
    mirror=$(awk '$1 == "deb" { sub(/\[[^]]*\][ \t]*/, ""); if ($3 == "bookworm") { print $2; exit } }' "${files[@]}")
  fi
  if [ -z "$mirror" ]; then
    files=()
    for f in /etc/apt/sources.list.d/*.sources; do [ -f "$f" ] && files+=("$f"); done
    if [ ${#files[@]} -gt 0 ]; then
      mirror=$(awk 'BEGIN { RS = ""; FS = "\n" }
        {
          uri = ""; suite = 0; deb = 0
          for (i = 1; i <= NF; i++) {
            if ($i ~ /^URIs:/) { split($i, u, /[ \t]+/); uri = u[2] }
            if ($i ~ /^Suites:/ && $i ~ /[ \t]bookworm([ \t]|$)/) suite = 1
            if ($i ~ /^Types:/ && $i ~ /[ \t]deb([ \t]|$)/) deb = 1
          }
          if (uri != "" && suite && deb) { print uri; exit }
        }' "${files[@]}")
    fi
  fi
  if [ -z "$mirror" ]; then
    echo "build-images: no bookworm mirror in /etc/apt/sources.list(.d); set HELPDESK_DEBIAN_MIRROR" >&2
    exit 1
  fi
  echo "$mirror"
}

ensure_debootstrap() {
  command -v debootstrap >/dev/null 2>&1 && return
  log "installing debootstrap"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

# base_image NAME PACKAGES [SETUP_FUNCTION]: a minbase bookworm root with PACKAGES, slimmed, imported as NAME.
base_image() {
  local name=$1 packages=$2 setup=${3:-}
  local inputs="bookworm minbase $packages $setup"
  if ! $force && [ "$(image_label "$name" helpdesk.inputs)" = "$inputs" ]; then
    log "$name exists"
    return
  fi
  ensure_debootstrap
  workdir
  local root="$work/root-${name//\//-}" mirror old
  old=$(image_id "$name")
  mirror=$(debian_mirror)
  log "$name: debootstrap --variant=minbase --include=$packages bookworm from $mirror"
  mkdir -p /var/cache/helpdesk-images/debootstrap
  debootstrap --variant=minbase --include="$packages" --cache-dir=/var/cache/helpdesk-images/debootstrap \
    bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
  [ -z "$setup" ] || "$setup" "$root"
  # Small: no documentation (copyright files stay), translations, apt lists or caches, logs.
  find "$root/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* "$root/usr/share/i18n" \
    "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/* "$root"/var/cache/debconf/*-old "$root"/var/log/*
  awk -v r="$root/" 'index($2, r) == 1 {print $2}' /proc/mounts | sort -r | while read -r m; do umount -l "$m"; done
  tar --numeric-owner -C "$root" -c . | docker import --change "LABEL helpdesk.inputs=\"$inputs\"" - "$name" >/dev/null
  rm -rf --one-file-system "$root"
  drop_replaced "$name" "$old"
  log "$name imported ($(docker image inspect --format '{{.Size}}' "$name" | awk '{printf "%d MB", $1 / 1e6}'))"
}

# The cluster Debian's package made, and the JIT (LLVM: 130 MB; jit is then simply unavailable, as with jit=off).
pg_setup() {
  local root=$1
  rm -rf "$root/var/lib/postgresql/15" "$root/etc/postgresql/15"
  rm -rf "$root"/usr/lib/postgresql/15/lib/llvmjit* "$root/usr/lib/postgresql/15/lib/bitcode" \
    "$root"/usr/lib/x86_64-linux-gnu/libLLVM-*.so* "$root"/usr/lib/x86_64-linux-gnu/libz3.so*
}

# The non-root user the app runs as (the same name and id as in Microsoft's images).
dotnet_setup() {
  chroot "$1" useradd --uid 1654 --user-group --create-home --home-dir /home/app --shell /usr/sbin/nologin app
}

hash_files() { # paths relative to the repository -> one hash of names and contents
  (cd "$repo" && sha256sum "$@" | sha256sum | cut -c1-16)
}

build_postgres() {
  base_image "$pg_base" "$pg_packages" pg_setup
  local inputs
  inputs="$(hash_files docker/postgres/Dockerfile docker/postgres/docker-entrypoint.sh) $(image_id "$pg_base")"
  if ! $force && [ "$(image_label "$pg_image" helpdesk.inputs)" = "$inputs" ]; then
    log "$pg_image is up to date"
    return
  fi
  log "$pg_image: docker build docker/postgres"
  local old
  old=$(image_id "$pg_image")
  quietly docker build -q --build-arg BASE_IMAGE="$pg_base" --label "helpdesk.inputs=$inputs" -t "$pg_image" docker/postgres
  drop_replaced "$pg_image" "$old"
  log "$pg_image built ($(docker image inspect --format '{{.Size}}' "$pg_image" | awk '{printf "%d MB", $1 / 1e6}'))"
}

# The configuration the packages made for a service started by systemd; the images run the server in the foreground.
service_setup() {
  rm -rf "$1/etc/nginx/sites-enabled" "$1/etc/nginx/sites-available" "$1/var/www/html"
}

# build_small IMAGE BASE PACKAGES DIR: a Debian base with PACKAGES, and docker/DIR's Dockerfile (+ files) on it.
build_small() {
  local image=$1 base=$2 packages=$3 dir=$4 inputs old
  base_image "$base" "$packages" service_setup
  inputs="$(hash_files $(cd "$repo" && find "docker/$dir" -type f | sort)) $(image_id "$base")"
  if ! $force && [ "$(image_label "$image" helpdesk.inputs)" = "$inputs" ]; then
    log "$image is up to date"
    return
  fi
  log "$image: docker build docker/$dir"
  old=$(image_id "$image")
  quietly docker build -q --build-arg BASE_IMAGE="$base" --label "helpdesk.inputs=$inputs" -t "$image" "docker/$dir"
  drop_replaced "$image" "$old"
  log "$image built ($(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%d MB", $1 / 1e6}'))"
}

build_redis() { build_small "$redis_image" "$redis_base" "$redis_packages" redis; }

build_nginx() { build_small "$nginx_image" "$nginx_base" "$nginx_packages" nginx; }

build_app() {
  if [ "$app_base" = helpdesk/debian-dotnet-base ]; then
    base_image "$app_base" "$app_packages" dotnet_setup
  fi
  # What the publish reads: every tracked or new (not ignored) file of the app and the build settings.
  local files inputs
  mapfile -t files < <(git ls-files -co --exclude-standard -- src Directory.Build.props Directory.Packages.props \
    .editorconfig global.json nuget.config NuGet.Config Dockerfile | sort -u | while read -r f; do [ -f "$f" ] && echo "$f"; done)
  if [ ${#files[@]} -eq 0 ]; then
    echo "build-images: no sources found (git ls-files); run this from a git checkout" >&2
    exit 1
  fi
  inputs="$(hash_files "${files[@]}") $(image_id "$app_base")"
  if ! $force && [ "$(image_label "$app_image" helpdesk.inputs)" = "$inputs" ]; then
    log "$app_image is up to date"
    return
  fi
  workdir
  local old
  old=$(image_id "$app_image")
  # Publish from a copy of the sources, so the developer's obj/ folders (restored without a runtime) stay as they are.
  mkdir -p "$work/src" "$work/publish"
  tar -C "$repo" -c "${files[@]}" | tar -C "$work/src" -x
  log "$app_image: dotnet publish src/HelpDesk.Web -c Release -r linux-x64 --self-contained"
  dotnet publish "$work/src/src/HelpDesk.Web" -c Release -r linux-x64 --self-contained -o "$work/publish" \
    -nologo -v quiet >"$work/publish.log" 2>&1 || { tail -30 "$work/publish.log" >&2; exit 1; }
  rm -rf "$work/src"
  log "$app_image: docker build (context: the publish folder)"
  quietly docker build -q -f "$repo/Dockerfile" --build-arg BASE_IMAGE="$app_base" --label "helpdesk.inputs=$inputs" \
    -t "$app_image" "$work/publish"
  rm -rf "$work/publish"
  drop_replaced "$app_image" "$old"
  log "$app_image built ($(docker image inspect --format '{{.Size}}' "$app_image" | awk '{printf "%d MB", $1 / 1e6}'))"
}

if ! docker info >/dev/null 2>&1; then
  echo "build-images: no Docker engine answers (start dockerd, or set DOCKER_HOST)" >&2
  exit 1
fi
for target in "${targets[@]}"; do
  "build_$target"
done
