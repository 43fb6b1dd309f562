#!/usr/bin/env bash
# Install the chart tooling into a cache outside the repository:
#   - helm v3.21.4, built from source with the local Go toolchain;
#   - kubernetes-validate 1.37.0 (bundles the Kubernetes JSON schemas) in a venv.
# Both steps are skipped when the tool is already there at the pinned version.
# Prints the helm path on stdout; progress goes to stderr.
set -euo pipefail

HELM_VERSION=v3.21.4
KUBERNETES_VALIDATE_VERSION=1.37.0

cache_root="${XDG_CACHE_HOME:-$HOME/.cache}/attio-kafka-bridge/tools"
bin_dir="$cache_root/bin"
venv_dir="$cache_root/venv"
helm_bin="$bin_dir/helm"
mkdir -p "$bin_dir"

log() { printf 'install-helm: %s\n' "$*" >&2; }

find_go() {
  if command -v go >/dev/null 2>&1; then
    command -v go
  elif [[ -x /usr/local/go/bin/go ]]; then
    echo /usr/local/go/bin/go
  else
    log "Go toolchain not found: install Go 1.22 or newer, or put it on PATH"
    exit 1
  fi
}

helm_is_current() {
  [[ -x "$helm_bin" ]] || return 1
  [[ "$("$helm_bin" version --template '{{.Version}}' 2>/dev/null)" == "$HELM_VERSION" ]]
}

if helm_is_current; then
  log "helm $HELM_VERSION already built at $helm_bin"
else
  go_bin="$(find_go)"
  log "building helm $HELM_VERSION with $("$go_bin" version) (takes a few minutes)"
  # A plain `go install` leaves helm's version at "v3.21" and its default Kubernetes
  # version at 1.20, which makes lint and template judge the chart against 1.20.
  # Helm's own Makefile sets these variables. 1.36 matches the k8s.io/client-go v0.36
  # module that helm v3.21.4 builds with. Scripts still pass --kube-version explicitly.
  ldflags="-X helm.sh/helm/v3/internal/version.version=$HELM_VERSION"
  for package in helm.sh/helm/v3/pkg/lint/rules helm.sh/helm/v3/pkg/chartutil; do
    ldflags+=" -X $package.k8sVersionMajor=1 -X $package.k8sVersionMinor=36"
  done
  # The module and build caches stay under the tools cache too, so the repository and
  # the default GOPATH stay untouched.
  GOBIN="$bin_dir" \
    GOPATH="$cache_root/gopath" \
    GOCACHE="$cache_root/gocache" \
    GOFLAGS=-modcacherw \
    "$go_bin" install -ldflags "$ldflags" "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  if ! helm_is_current; then
    log "built $helm_bin but it does not report version $HELM_VERSION"
    exit 1
  fi
fi

validator_is_current() {
  local details
  [[ -x "$venv_dir/bin/kubernetes-validate" ]] || return 1
  # Capture first, because grep -q closing the pipe early makes pip fail under pipefail.
  details="$("$venv_dir/bin/python" -m pip show kubernetes-validate 2>/dev/null)" || return 1
  grep -qx "Version: $KUBERNETES_VALIDATE_VERSION" <<<"$details"
}

if validator_is_current; then
  log "kubernetes-validate $KUBERNETES_VALIDATE_VERSION already installed in $venv_dir"
else
  log "installing kubernetes-validate $KUBERNETES_VALIDATE_VERSION into $venv_dir"
  python3 -m venv "$venv_dir"
  "$venv_dir/bin/python" -m pip install --quiet --disable-pip-version-check \
    "kubernetes-validate==$KUBERNETES_VALIDATE_VERSION" PyYAML
fi

echo "$helm_bin"
