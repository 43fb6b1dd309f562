#!/usr/bin/env bash
# Installs the Debian 12 packages that building, testing and running the bridge
# locally need. Running it again is cheap, because it exits without calling
# apt-get when every package is installed already.
set -euo pipefail

readonly PACKAGES=(
    # C++ toolchain and build
    build-essential cmake ninja-build pkg-config git ccache clang clang-format libclang-rt-14-dev
    # Libraries the bridge links
    libcpp-httplib-dev librdkafka-dev libssl-dev rapidjson-dev prometheus-cpp-dev libyaml-cpp-dev
    # Tests
    libgtest-dev libgmock-dev python3 python3-venv python3-yaml jq curl ca-certificates
    # Local Kafka broker (deploy/kafka/kafka.sh) and promtool
    kcat openjdk-17-jre-headless maven prometheus
)

is_installed() {
    [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" == "install ok installed" ]]
}

missing=()
for package in "${PACKAGES[@]}"; do
    is_installed "$package" || missing+=("$package")
done

if [[ ${#missing[@]} -eq 0 ]]; then
    echo "install-deps.sh: all ${#PACKAGES[@]} packages are installed"
    exit 0
fi

if [[ "$(id -u)" -ne 0 ]]; then
    echo "install-deps.sh: error: missing packages: ${missing[*]}; run this script as root to install them" >&2
    exit 1
fi

echo "install-deps.sh: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"

# apt-get can succeed while a package stays half-configured, so check again.
still_missing=()
for package in "${missing[@]}"; do
    is_installed "$package" || still_missing+=("$package")
done
if [[ ${#still_missing[@]} -gt 0 ]]; then
    echo "install-deps.sh: error: still not installed after apt-get: ${still_missing[*]}; see the apt-get output above" >&2
    exit 1
fi
echo "install-deps.sh: all ${#PACKAGES[@]} packages are installed"
