# shellcheck shell=bash disable=SC2034  # the variables are for the scripts that source this file
# Shared settings for the project's scripts; sourced, never run.
# Everything a test run installs lives under EDS_HOME; per-checkout build output under $EDS_HOME/build/<hash of the checkout path>.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EDS_HOME=${EDS_HOME:-/opt/eds-vpc-access}
VENV=${EDS_VENV:-$EDS_HOME/venv}
TEST_COLLECTIONS=${EDS_TEST_COLLECTIONS:-$EDS_HOME/collections}
# outside the work tree: inside it, ansible-test would ask the outer git repo for files and see none
BUILD=${EDS_BUILD:-$EDS_HOME/build/$(printf %s "$REPO" | sha1sum | cut -c1-10)}
# ansible-test only runs from .../ansible_collections/<namespace>/<name>/
COLLECTION_COPY=$BUILD/collections/ansible_collections/eds/vpc_access
IMAGE_BASE=localhost/eds-vpc-access/bookworm-base:1
IMAGE_DAEMONS=localhost/eds-vpc-access/bookworm-daemons
# Ubuntu 24.04 for the roles' Ubuntu scenarios (built from Ubuntu's archive, an apt registry)
IMAGE_BASE_NOBLE=localhost/eds-vpc-access/noble-base:1
IMAGE_DAEMONS_NOBLE=localhost/eds-vpc-access/noble-daemons
# The daemons images' tag for this checkout's recipe (setup-test-host tags them so; `latest` follows whichever
# checkout built last). Molecule scenarios may use ${EDS_DAEMONS_TAG:-latest} in molecule.yml.
export EDS_DAEMONS_TAG=${EDS_DAEMONS_TAG:-$(sha256sum "$REPO/tests/images/daemons.Containerfile" | cut -c1-12)}
UBUNTU_MIRROR=http://archive.ubuntu.com/ubuntu
UBUNTU_SECURITY_MIRROR=http://security.ubuntu.com/ubuntu
UBUNTU_KEYRING_VERSION=2023.11.28.1
UBUNTU_KEYRING_SHA256=36de43b15853ccae0028e9a767613770c704833f82586f28eb262f0311adb8a8
ANSIBLE_WHEEL_VERSION=12.3.0
PYTHON=${EDS_PYTHON:-python3.11}
# podman's stock runtime (crun) and default ulimits fail on this kind of machine: see tests/containers.conf
export CONTAINERS_CONF=$REPO/tests/containers.conf
# the Alibaba SDK ignores NO_PROXY: a proxy in the environment would swallow calls to the local emulator
unset HTTP_PROXY HTTPS_PROXY http_proxy https_proxy ALL_PROXY all_proxy
export ANSIBLE_COLLECTIONS_PATH=$BUILD/collections:$TEST_COLLECTIONS
export PATH=$VENV/bin:$PATH
export ANSIBLE_FORCE_COLOR=0 PY_COLORS=0

log() { printf '\n=== %s\n' "$*"; }

# Copies the work tree (tracked and new, not ignored files) to where ansible-test can run.
sync_collection() {
  mkdir -p "$COLLECTION_COPY"
  (cd "$REPO" && git ls-files -co --exclude-standard -z) |
    rsync -a --delete --from0 --files-from=- --exclude-from=<(printf 'tests/output/\n') "$REPO"/ "$COLLECTION_COPY"/
  # rsync --files-from never deletes: drop files that vanished from the work tree
  (cd "$COLLECTION_COPY" && find . -type f ! -path './tests/output/*' -printf '%P\n') | while read -r f; do
    [ -e "$REPO/$f" ] || rm -f "$COLLECTION_COPY/$f"
  done
}
